// What the account icm connects with could write, were icm not read-only (icm check). icm
// never writes; this tells the operator whether the database would also stop a mistake or an
// attack on its own, which only a SELECT-only account does (docs/profiles.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/settings.hpp"
#include "source/session.hpp"

namespace icm {

struct WriteFinding {
  enum class Kind {
    tables,        // write privileges on tables: `privileges` on `count` tables, first `names`
    create,        // may create tables or other objects: where (`names`)
    superuser,     // superuser or equivalent (`privileges` says which)
    server_files,  // may write server files or run programs on the server (`privileges`)
    file,          // SQLite: the database file is writable by this process (`names`: the path)
  };
  Kind kind = Kind::tables;
  std::string privileges;          // "INSERT, UPDATE, DELETE" …
  std::uint64_t count = 0;         // tables
  std::vector<std::string> names;  // at most 5
};

struct WriteAccess {
  std::string dbms;         // "PostgreSQL", "MariaDB/MySQL", "SQLite" or the driver's name
  bool known = false;       // false: icm cannot tell on this database
  std::vector<WriteFinding> findings;  // empty and known: the account can only read
  bool can_write() const { return !findings.empty(); }
};

// Connects as a load does (read-only, under the query timeout) and reads the account's
// privileges from the catalogs: PostgreSQL has_table_privilege & co., MariaDB/MySQL
// information_schema.*_PRIVILEGES of CURRENT_USER(), SQLite whether this process may write the
// file. Throws like a load does.
WriteAccess check_write_access(const SessionOptions& options, const Settings& settings);

}  // namespace icm
