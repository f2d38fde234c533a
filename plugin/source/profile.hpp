// A profile: a folder with one `<record>.sql` per logical record it fills (DESIGN §3.1) and a
// settings.ini. Queries are checked here before any reaches the database: each must be a single
// SELECT/WITH query (the session is read-only). `:period` tokens are counted (and rewritten to
// `?`) so that the loader can refuse them with a clear message: queries read every period, and a
// period only selects rows of the protected publication.
#pragma once

#include <optional>
#include <string>

#include "core/model/snapshot.hpp"

namespace icm {

// A profile query ready for SQLPrepare.
struct ProfileQuery {
  std::string path;      // the .sql file, for messages
  std::string sql;       // comments dropped, `:period` replaced by `?`, trailing ';' removed
  int period_params = 0; // how many `?` stood for :period (the loader refuses such a query)
};

// Validates `text` (the content of `path`) and rewrites its :period tokens. Throws
// Error(data) "path:line:column: why" when it holds several statements, is not a plain
// SELECT/WITH query, writes, calls a side-effect function, holds a NUL byte or uses a construct
// PostgreSQL, MySQL/MariaDB and SQLite read differently ("path: …" when it is empty). The
// friendly first check only: the databases enforce read-only themselves (read_only.hpp).
ProfileQuery prepare_profile_query(const std::string& text, const std::string& path);

struct Profile {
  std::string dir;
  std::string settings_path;                     // dir/settings.ini (may not exist)
  std::optional<ProfileQuery> queries[kRecordCount];  // empty = record absent

  const std::optional<ProfileQuery>& query(Record r) const { return queries[static_cast<int>(r)]; }

  // Reads every `<record>.sql` that exists. Throws Error(not_found) when `dir` is not a folder,
  // Error(io) when a file cannot be read, Error(data) for a refused query.
  static Profile load(const std::string& dir);
};

}  // namespace icm
