// Sessions and tables through the C ABI, over the sample company (icm sample) read through
// profiles/sample with the SQLite ODBC driver — the path an HR system linking libicm takes.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "icm/icm.h"
#include "source/sample.hpp"

namespace {

// One sample database per test process, written on first use and removed at exit.
struct SampleDb {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("icm_capi_ut_" + std::to_string(::getpid()));
  std::string path = (dir / "sample.sqlite").string();
  SampleDb() {
    std::filesystem::create_directories(dir);
    icm::SampleOptions o;
    o.responses = 3000;
    o.departments = 4;
    icm::write_sample(path, o, {});
  }
  ~SampleDb() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

const std::string& sample_db() {
  static const SampleDb db;
  return db.path;
}

struct SessionFixture {
  icm_session* session = nullptr;
  std::string connection = "DRIVER=SQLite3;Database=" + sample_db();
  std::string profile = std::string(ICM_SOURCE_DIR) + "/profiles/sample";

  icm_status open(const char* lang = nullptr) {
    icm_session_options o = ICM_SESSION_OPTIONS_INIT;
    o.connection = connection.c_str();
    o.profile_dir = profile.c_str();
    o.lang = lang;
    const icm_status s = icm_session_open(&o, &session);
    if (s != ICM_OK) UNSCOPED_INFO("icm_session_open: " << icm_last_error());
    return s;
  }
  ~SessionFixture() { icm_session_close(session); }
};

// Reads every cell with the getter its type calls for; returns the number of failures.
int read_all_cells(const icm_table* t) {
  int failures = 0;
  for (size_t r = 0; r < icm_table_row_count(t); ++r) {
    for (size_t c = 0; c < icm_table_column_count(t); ++c) {
      int is_null = -1;
      icm_status s = ICM_E_INTERNAL;
      switch (icm_table_column_type(t, c)) {
        case ICM_COLUMN_INTEGER:
        case ICM_COLUMN_BOOLEAN: {
          int64_t v = 0;
          s = icm_table_get_int64(t, r, c, &v, &is_null);
          break;
        }
        case ICM_COLUMN_REAL: {
          double v = 0;
          s = icm_table_get_double(t, r, c, &v, &is_null);
          if (s == ICM_OK && is_null == 0 && std::isnan(v)) ++failures;
          break;
        }
        case ICM_COLUMN_TEXT: {
          const char* v = nullptr;
          s = icm_table_get_text(t, r, c, &v, &is_null);
          if (s == ICM_OK && is_null == 0 && v == nullptr) ++failures;
          break;
        }
        case ICM_COLUMN_INVALID: break;
      }
      if (s != ICM_OK || (is_null != 0 && is_null != 1)) ++failures;
    }
  }
  return failures;
}

}  // namespace

TEST_CASE_METHOD(SessionFixture, "a session lists datasets and returns typed tables", "[capi][session]") {
  REQUIRE(open() == ICM_OK);
  const size_t count = icm_session_dataset_count(session);
  REQUIRE(count > 0);
  CHECK(icm_session_dataset_name(session, count) == nullptr);
  for (size_t i = 0; i < count; ++i) {
    const char* name = icm_session_dataset_name(session, i);
    REQUIRE(name != nullptr);
    INFO(name);
    icm_table* t = nullptr;
    REQUIRE(icm_session_get_table(session, name, &t) == ICM_OK);
    CHECK(std::string(icm_table_name(t)) == name);
    CHECK(icm_table_column_count(t) > 0);
    for (size_t c = 0; c < icm_table_column_count(t); ++c) {
      CHECK(icm_table_column_name(t, c) != nullptr);
      CHECK(icm_table_column_type(t, c) != ICM_COLUMN_INVALID);
      CHECK(icm_table_column_label(t, c, "en") != nullptr);
      CHECK(icm_table_column_label(t, c, "zh-CN") != nullptr);
      CHECK(icm_table_column_label(t, c, "xx") == nullptr);
    }
    CHECK(icm_table_column_name(t, icm_table_column_count(t)) == nullptr);
    CHECK(read_all_cells(t) == 0);
    icm_table_free(t);
  }
}

TEST_CASE_METHOD(SessionFixture, "cell getters check type and range", "[capi][session]") {
  REQUIRE(open() == ICM_OK);
  icm_table* t = nullptr;
  REQUIRE(icm_session_get_table(session, icm_session_dataset_name(session, 0), &t) == ICM_OK);
  REQUIRE(icm_table_row_count(t) > 0);
  // Find a TEXT column and read it as a number: a status, not garbage.
  for (size_t c = 0; c < icm_table_column_count(t); ++c) {
    if (icm_table_column_type(t, c) != ICM_COLUMN_TEXT) continue;
    double d = 0;
    CHECK(icm_table_get_double(t, 0, c, &d, nullptr) == ICM_E_INVALID_ARGUMENT);
    CHECK(std::string(icm_last_error()).find("is not REAL") != std::string::npos);
    break;
  }
  int64_t v = 0;
  CHECK(icm_table_get_int64(t, icm_table_row_count(t), 0, &v, nullptr) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("out of range") != std::string::npos);
  CHECK(icm_table_get_int64(t, 0, icm_table_column_count(t), &v, nullptr) ==
        ICM_E_INVALID_ARGUMENT);
  int flag = -1;
  CHECK(icm_table_is_suppressed(t, icm_table_row_count(t), &flag) == ICM_E_INVALID_ARGUMENT);
  icm_table_free(t);
}

TEST_CASE_METHOD(SessionFixture, "suppressed rows have NULL statistics", "[capi][session]") {
  REQUIRE(open() == ICM_OK);
  icm_table* t = nullptr;
  REQUIRE(icm_session_get_table(session, "satisfaction", &t) == ICM_OK);
  int suppressed_col = -1, n_col = -1;
  for (size_t c = 0; c < icm_table_column_count(t); ++c) {
    const std::string name = icm_table_column_name(t, c);
    if (name == "suppressed") suppressed_col = static_cast<int>(c);
    if (name == "n") n_col = static_cast<int>(c);
  }
  REQUIRE(suppressed_col >= 0);
  for (size_t r = 0; r < icm_table_row_count(t); ++r) {
    int hidden = -1;
    REQUIRE(icm_table_is_suppressed(t, r, &hidden) == ICM_OK);
    int64_t raw = 0;
    int is_null = 0;
    REQUIRE(icm_table_get_int64(t, r, static_cast<size_t>(suppressed_col), &raw, &is_null) ==
            ICM_OK);
    CHECK(hidden == (is_null == 0 && raw != 0 ? 1 : 0));
    if (hidden == 1 && n_col >= 0) {
      int64_t n = 0;
      REQUIRE(icm_table_get_int64(t, r, static_cast<size_t>(n_col), &n, &is_null) == ICM_OK);
      CHECK(is_null == 1);
    }
  }
  icm_table_free(t);
}

TEST_CASE_METHOD(SessionFixture, "errors on a handle are kept on the handle", "[capi][session]") {
  REQUIRE(open() == ICM_OK);
  CHECK(std::string(icm_session_errmsg(session)).empty());
  icm_table* t = reinterpret_cast<icm_table*>(1);
  CHECK(icm_session_get_table(session, "no_such_dataset", &t) == ICM_E_NOT_FOUND);
  CHECK(t == nullptr);
  const std::string msg = icm_session_errmsg(session);
  CHECK(msg.find("no_such_dataset") != std::string::npos);
  CHECK(std::string(icm_last_error()) == msg);
  // Another thread sees the handle's message; its own thread-local text is untouched.
  std::string seen, thread_local_text;
  std::thread th([&] {
    seen = icm_session_errmsg(session);
    thread_local_text = icm_last_error();
  });
  th.join();
  CHECK(seen == msg);
  CHECK(thread_local_text.empty());
}

TEST_CASE_METHOD(SessionFixture, "a table outlives its session", "[capi][session]") {
  REQUIRE(open("zh-CN") == ICM_OK);
  icm_table* t = nullptr;
  REQUIRE(icm_session_get_table(session, "units", &t) == ICM_OK);
  icm_session_close(session);
  session = nullptr;
  CHECK(read_all_cells(t) == 0);
  icm_table_free(t);
}

TEST_CASE("opening a bad source fails with a message", "[capi][session]") {
  icm_session_options o = ICM_SESSION_OPTIONS_INIT;
  const std::string profile = std::string(ICM_SOURCE_DIR) + "/profiles/sample";
  o.connection = "DRIVER=NoSuchDriverForIcmTests;Database=x";
  o.profile_dir = profile.c_str();
  icm_session* s = nullptr;
  const icm_status st = icm_session_open(&o, &s);
  CHECK(st != ICM_OK);
  CHECK(s == nullptr);
  CHECK(!std::string(icm_last_error()).empty());
}

TEST_CASE_METHOD(SessionFixture, "one session and its tables read from several threads", "[capi][session][threads]") {
  REQUIRE(open() == ICM_OK);
  const size_t count = icm_session_dataset_count(session);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      // Every thread asks for every dataset, in a different order, so first builds race.
      for (size_t j = 0; j < count; ++j) {
        const char* name = icm_session_dataset_name(session, (j + static_cast<size_t>(k)) % count);
        icm_table* t = nullptr;
        if (icm_session_get_table(session, name, &t) != ICM_OK) { ++failures; continue; }
        failures += read_all_cells(t);
        icm_table_free(t);
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);

  // One table shared by several threads.
  icm_table* shared = nullptr;
  REQUIRE(icm_session_get_table(session, "satisfaction", &shared) == ICM_OK);
  threads.clear();
  for (int k = 0; k < 4; ++k) threads.emplace_back([&] { failures += read_all_cells(shared); });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  icm_table_free(shared);
}
