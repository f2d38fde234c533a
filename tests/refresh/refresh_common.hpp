// What the refresh tests share: reading servers.env, a quiet driver list, and dumping every
// dataset through the C API so generations can be compared cell by cell.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "icm/icm.h"

namespace fs = std::filesystem;

namespace refresh_test {

inline int failures = 0;

inline void check(bool ok, const std::string& what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what.c_str());
  std::fflush(stdout);
  if (!ok) ++failures;
}

inline std::map<std::string, std::string> read_env(const fs::path& path) {
  std::map<std::string, std::string> env;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

// Debian's odbcinst.ini turns psqlODBC's CommLog on (a log file in /tmp per connection): use a
// private copy with logging off, as tests/backends/backends_test.py does.
inline void quiet_odbcinst(const fs::path& dir) {
  std::ifstream in("/etc/odbcinst.ini");
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  const std::regex logging(R"(^(\s*(CommLog|Debug)\s*=\s*)1\s*$)", std::regex::icase | std::regex::multiline);
  fs::create_directories(dir);
  std::ofstream(dir / "odbcinst.ini") << std::regex_replace(text.str(), logging, "$010");
  ::setenv("ODBCSYSINI", dir.c_str(), 1);
}

// Newest /usr/lib/postgresql/<version>/bin, as tools/test-servers.sh picks it.
inline std::string pg_bin() {
  int best = -1;
  std::string bin;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const int v = std::atoi(e.path().filename().c_str());
    if (v > best && fs::exists(e.path() / "bin" / "pg_ctl")) best = v, bin = (e.path() / "bin").string();
  }
  return bin;
}

// Every cell of a table as text, with name and schema: equal dumps = identical tables.
inline std::string dump(const icm_table* t) {
  std::ostringstream out;
  out << icm_table_name(t) << '\n';
  const size_t cols = icm_table_column_count(t);
  for (size_t c = 0; c < cols; ++c) out << icm_table_column_name(t, c) << ':' << icm_table_column_type(t, c) << '\t';
  for (size_t r = 0; r < icm_table_row_count(t); ++r) {
    int hidden = -1;
    icm_table_is_suppressed(t, r, &hidden);
    out << '\n' << hidden;
    for (size_t c = 0; c < cols; ++c) {
      int is_null = -1;
      icm_status s = ICM_E_INTERNAL;
      out << '\t';
      switch (icm_table_column_type(t, c)) {
        case ICM_COLUMN_INTEGER:
        case ICM_COLUMN_BOOLEAN: {
          int64_t v = 0;
          s = icm_table_get_int64(t, r, c, &v, &is_null);
          if (s == ICM_OK) out << (is_null ? std::string("NULL") : std::to_string(v));
          break;
        }
        case ICM_COLUMN_REAL: {
          double v = 0;
          s = icm_table_get_double(t, r, c, &v, &is_null);
          if (s == ICM_OK) { if (is_null) out << "NULL"; else out << std::hexfloat << v << std::defaultfloat; }
          break;
        }
        case ICM_COLUMN_TEXT: {
          const char* v = nullptr;
          s = icm_table_get_text(t, r, c, &v, &is_null);
          if (s == ICM_OK) out << (is_null ? "NULL" : v);
          break;
        }
        case ICM_COLUMN_INVALID: break;
      }
      if (s != ICM_OK) return "error reading a cell";
    }
  }
  return out.str();
}

struct Tables {
  std::map<std::string, icm_table*> by_name;
  ~Tables() { for (auto& [n, t] : by_name) icm_table_free(t); }
  std::map<std::string, std::string> dumps() const {
    std::map<std::string, std::string> d;
    for (const auto& [n, t] : by_name) d[n] = dump(t);
    return d;
  }
};

inline bool take_all(icm_session* s, Tables& out, uint64_t want_generation) {
  bool ok = true;
  for (size_t i = 0; i < icm_session_dataset_count(s); ++i) {
    const char* name = icm_session_dataset_name(s, i);
    icm_table* t = nullptr;
    if (icm_session_get_table(s, name, &t) != ICM_OK) {
      std::printf("get_table %s: %s\n", name, icm_last_error());
      ok = false;
      continue;
    }
    out.by_name[name] = t;
    ok = ok && icm_table_generation(t) == want_generation;
  }
  return ok;
}

}  // namespace refresh_test
