// SQLite's own read-only guarantees on icm's connections, set from inside the process.
//
// sqliteodbc (0.9998, Debian 12) has no read-only option and ignores SQL_ATTR_ACCESS_MODE; icm
// opens the file with a `file:…?mode=ro` URI instead (read_only.cpp). That alone still lets a
// statement ATTACH (or VACUUM INTO) a new file and write there, and create TEMP tables. So,
// while icm connects, an SQLite auto-extension runs on every database the calling thread opens
// (sqliteodbc uses the process's libsqlite3, as icm does): it refuses a main database that is
// not read-only, forbids attaching databases, turns on query_only and defensive mode, and
// installs an authorizer that allows reading and nothing else (no writes, no ATTACH, no
// PRAGMA that changes anything, no load_extension()).
#pragma once

namespace icm::sqlite_guard {

// Arms the guard for databases opened by this thread until destroyed. Cheap; nests.
class Armed {
 public:
  Armed();
  ~Armed();
  Armed(const Armed&) = delete;
  Armed& operator=(const Armed&) = delete;
  // A database was opened meanwhile and guarded (false when the driver carries its own SQLite
  // library, so the auto-extension never ran: the caller then checks read-only itself).
  bool guarded() const { return guarded_; }
  // The guard refused the open: the main database was writable.
  bool refused() const { return refused_; }

 private:
  friend struct Hook;
  Armed* outer_ = nullptr;
  bool guarded_ = false;
  bool refused_ = false;
};

}  // namespace icm::sqlite_guard
