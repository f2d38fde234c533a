// Shared by the source tests: a sample database written once per test run, and a scratch folder.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "source/sample.hpp"

namespace icm_test {

// A per-process folder under the temp dir, removed when the test binary exits.
inline std::filesystem::path scratch_dir() {
  struct Scratch {
    std::filesystem::path dir;
    Scratch() : dir(std::filesystem::temp_directory_path() / ("icm_unit_source_" + std::to_string(::getpid()))) {
      std::filesystem::create_directories(dir);
    }
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  };
  static const Scratch scratch;
  return scratch.dir;
}

inline std::string sample_db() {
  static const std::string path = [] {
    const std::string p = (scratch_dir() / "sample.db").string();
    icm::write_sample(p, icm::SampleOptions{}, {});
    return p;
  }();
  return path;
}

inline std::string connection_to(const std::string& db) { return "DRIVER=SQLite3;Database=" + db; }

inline std::string sample_profile() { return std::string(ICM_SOURCE_DIR) + "/profiles/sample"; }

// One integer from a query, straight through the sqlite3 API (the independent check).
inline long long sql_int(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  long long v = -1;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace icm_test
