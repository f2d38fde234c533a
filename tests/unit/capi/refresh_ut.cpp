// icm_session_refresh and generations through the C ABI, over a private copy of the sample
// company (SQLite) and of profiles/sample, so a test may break either without disturbing others.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/error.hpp"
#include "icm/icm.h"
#include "source/sample.hpp"
#include "source/session.hpp"

namespace fs = std::filesystem;

namespace {

// A database and a profile of its own per test case, removed at the end.
struct RefreshFixture {
  static inline int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("icm_refresh_ut_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
  fs::path db = dir / "sample.sqlite";
  fs::path profile = dir / "profile";
  std::string connection = "DRIVER=SQLite3;Database=" + db.string();
  icm_session* session = nullptr;
  std::vector<std::string> progress;  // "record rows" as reported

  RefreshFixture() {
    fs::create_directories(dir);
    icm::SampleOptions o;
    o.responses = 3000;
    o.departments = 4;
    icm::write_sample(db.string(), o, {});
    fs::copy(fs::path(ICM_SOURCE_DIR) / "profiles" / "sample", profile);
  }
  ~RefreshFixture() {
    icm_session_close(session);
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  static void on_progress(void* user, const char* record, uint64_t rows, uint64_t) {
    static_cast<RefreshFixture*>(user)->progress.push_back(std::string(record) + " " +
                                                           std::to_string(rows));
  }

  icm_status open() {
    icm_session_options o = ICM_SESSION_OPTIONS_INIT;
    const std::string p = profile.string();
    o.connection = connection.c_str();
    o.profile_dir = p.c_str();
    o.progress = &RefreshFixture::on_progress;
    o.progress_user = this;
    const icm_status s = icm_session_open(&o, &session);
    if (s != ICM_OK) UNSCOPED_INFO("icm_session_open: " << icm_last_error());
    return s;
  }

  void replace_query(const char* record, const std::string& sql) {
    std::ofstream(profile / (std::string(record) + ".sql"), std::ios::trunc) << sql << "\n";
  }
};

// Every cell of a table as text, with its name and schema: equal dumps = identical tables.
std::string dump(const icm_table* t) {
  std::ostringstream out;
  out << icm_table_name(t) << '\n';
  const size_t cols = icm_table_column_count(t);
  for (size_t c = 0; c < cols; ++c)
    out << icm_table_column_name(t, c) << ':' << icm_table_column_type(t, c) << '\t';
  out << '\n';
  for (size_t r = 0; r < icm_table_row_count(t); ++r) {
    int hidden = -1;
    icm_table_is_suppressed(t, r, &hidden);
    out << hidden;
    for (size_t c = 0; c < cols; ++c) {
      int is_null = -1;
      out << '\t';
      switch (icm_table_column_type(t, c)) {
        case ICM_COLUMN_INTEGER:
        case ICM_COLUMN_BOOLEAN: {
          int64_t v = 0;
          if (icm_table_get_int64(t, r, c, &v, &is_null) != ICM_OK) return "error";
          out << (is_null ? std::string("NULL") : std::to_string(v));
          break;
        }
        case ICM_COLUMN_REAL: {
          double v = 0;
          if (icm_table_get_double(t, r, c, &v, &is_null) != ICM_OK) return "error";
          if (is_null) out << "NULL"; else out << std::hexfloat << v << std::defaultfloat;
          break;
        }
        case ICM_COLUMN_TEXT: {
          const char* v = nullptr;
          if (icm_table_get_text(t, r, c, &v, &is_null) != ICM_OK) return "error";
          out << (is_null ? "NULL" : v);
          break;
        }
        case ICM_COLUMN_INVALID: return "error";
      }
    }
    out << '\n';
  }
  return out.str();
}

// Takes every dataset of the session: name -> table (caller frees with free_all).
std::map<std::string, icm_table*> take_all(icm_session* s) {
  std::map<std::string, icm_table*> tables;
  for (size_t i = 0; i < icm_session_dataset_count(s); ++i) {
    const char* name = icm_session_dataset_name(s, i);
    icm_table* t = nullptr;
    if (icm_session_get_table(s, name, &t) != ICM_OK) FAIL(name << ": " << icm_last_error());
    tables[name] = t;
  }
  return tables;
}

std::map<std::string, std::string> dump_all(const std::map<std::string, icm_table*>& tables) {
  std::map<std::string, std::string> dumps;
  for (const auto& [name, t] : tables) dumps[name] = dump(t);
  return dumps;
}

void free_all(std::map<std::string, icm_table*>& tables) {
  for (auto& [name, t] : tables) icm_table_free(t);
  tables.clear();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE_METHOD(RefreshFixture, "a refresh publishes a new generation with the same data", "[capi][refresh]") {
  REQUIRE(open() == ICM_OK);
  CHECK(icm_session_generation(session) == 1);
  auto before = take_all(session);
  REQUIRE(!before.empty());
  const auto dumps = dump_all(before);
  for (const auto& [name, t] : before) CHECK(icm_table_generation(t) == 1);

  progress.clear();
  REQUIRE(icm_session_refresh(session) == ICM_OK);
  CHECK(icm_session_generation(session) == 2);
  // The progress callback given at open reports the refresh's records too.
  CHECK(std::find(progress.begin(), progress.end(), "survey_response 3000") != progress.end());

  auto after = take_all(session);
  for (const auto& [name, t] : after) {
    INFO(name);
    CHECK(icm_table_generation(t) == 2);
    CHECK(t != before[name]);
    CHECK(dump(t) == dumps.at(name));
  }
  CHECK(dump_all(before) == dumps);  // tables of generation 1 still valid and unchanged

  REQUIRE(icm_session_refresh(session) == ICM_OK);
  CHECK(icm_session_generation(session) == 3);
  free_all(after);
  // A generation-1 table outlives two refreshes and the session itself.
  icm_session_close(session);
  session = nullptr;
  CHECK(dump_all(before) == dumps);
  free_all(before);
}

TEST_CASE_METHOD(RefreshFixture, "a failing profile query keeps the previous generation", "[capi][refresh]") {
  REQUIRE(open() == ICM_OK);
  auto before = take_all(session);
  const auto dumps = dump_all(before);

  replace_query("survey_response", "SELECT * FROM icm_no_such_table");
  CHECK(icm_session_refresh(session) == ICM_E_SOURCE);
  const std::string msg = icm_session_errmsg(session);
  INFO(msg);
  CHECK(msg == icm_last_error());
  CHECK(contains(msg, "refresh failed, still serving generation 1"));
  CHECK(contains(msg, "survey_response.sql"));      // the record being loaded
  CHECK(contains(msg, "icm_no_such_table"));        // the driver's text
  CHECK(icm_session_generation(session) == 1);

  CHECK(dump_all(before) == dumps);                 // old tables unchanged
  auto again = take_all(session);                   // and the session serves generation 1
  for (const auto& [name, t] : again) {
    INFO(name);
    CHECK(icm_table_generation(t) == 1);
    CHECK(dump(t) == dumps.at(name));
  }
  free_all(again);

  // Repaired, the next refresh succeeds and the numbering goes on from the served generation.
  fs::copy_file(fs::path(ICM_SOURCE_DIR) / "profiles/sample/survey_response.sql",
                profile / "survey_response.sql", fs::copy_options::overwrite_existing);
  REQUIRE(icm_session_refresh(session) == ICM_OK);
  CHECK(icm_session_generation(session) == 2);
  auto repaired = take_all(session);
  CHECK(dump_all(repaired) == dumps);
  free_all(repaired);
  free_all(before);
}

TEST_CASE_METHOD(RefreshFixture, "a database gone away fails the refresh, the session serves on", "[capi][refresh]") {
  REQUIRE(open() == ICM_OK);
  icm_table* units = nullptr;
  REQUIRE(icm_session_get_table(session, "units", &units) == ICM_OK);
  const std::string units_dump = dump(units);

  fs::remove(db);
  const icm_status st = icm_session_refresh(session);
  const std::string msg = icm_session_errmsg(session);
  INFO(msg);
  CHECK(st == ICM_E_SOURCE);
  CHECK(contains(msg, "refresh failed, still serving generation 1"));
  CHECK(icm_session_generation(session) == 1);
  CHECK(dump(units) == units_dump);

  icm_table* later = nullptr;
  REQUIRE(icm_session_get_table(session, "units", &later) == ICM_OK);
  CHECK(icm_table_generation(later) == 1);
  CHECK(dump(later) == units_dump);
  icm_table_free(later);
  icm_table_free(units);
}

TEST_CASE_METHOD(RefreshFixture, "readers during refreshes see whole generations", "[capi][refresh][threads]") {
  REQUIRE(open() == ICM_OK);
  auto reference = take_all(session);
  const auto dumps = dump_all(reference);
  free_all(reference);

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int k = 0; k < 2; ++k) {
    readers.emplace_back([&, k] {
      uint64_t last_generation = 0;
      for (size_t j = 0; !done; ++j) {
        const size_t n = icm_session_dataset_count(session);
        const char* name = icm_session_dataset_name(session, (j + static_cast<size_t>(k)) % n);
        icm_table* t = nullptr;
        if (icm_session_get_table(session, name, &t) != ICM_OK) { ++failures; continue; }
        const uint64_t g = icm_table_generation(t);
        if (g < last_generation || g == 0) ++failures;  // generations never go back
        last_generation = g;
        if (dump(t) != dumps.at(name)) ++failures;
        icm_table_free(t);
      }
    });
  }
  int ok = 0;
  for (int i = 0; i < 3; ++i) ok += icm_session_refresh(session) == ICM_OK ? 1 : 0;
  done = true;
  for (auto& th : readers) th.join();
  CHECK(ok == 3);
  CHECK(failures == 0);
  CHECK(icm_session_generation(session) == 4);
}

TEST_CASE("refresh and generation check their arguments", "[capi][refresh]") {
  CHECK(icm_session_refresh(nullptr) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()) == "session is NULL");
  CHECK(icm_session_generation(nullptr) == 0);
  CHECK(icm_table_generation(nullptr) == 0);
}

TEST_CASE("a session over an in-memory snapshot cannot refresh", "[capi][refresh]") {
  auto s = icm::Session::from_snapshot(icm::Snapshot{}, icm::Settings{}, icm::Lang::en);
  CHECK(s->generation() == 1);
  try {
    s->refresh();
    FAIL("refresh() did not throw");
  } catch (const icm::Error& e) {
    CHECK(e.code() == icm::ErrorCode::unsupported);
    CHECK(contains(e.what(), "from_snapshot"));
  }
  CHECK(s->generation() == 1);
}
