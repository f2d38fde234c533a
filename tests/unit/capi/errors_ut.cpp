// The C boundary's contract: statuses, error text (thread-local and per handle), icm_free,
// version, and the exception firewall (misuse yields a status and a message, never a crash).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "icm/icm.h"

TEST_CASE("status codes keep their published numbers", "[capi]") {
  // Renumbering is an ABI break (docs/abi.md); these literals are the ABI.
  CHECK(ICM_OK == 0);
  CHECK(ICM_E_INVALID_ARGUMENT == 1);
  CHECK(ICM_E_NOT_FOUND == 2);
  CHECK(ICM_E_SOURCE == 3);
  CHECK(ICM_E_DATA == 4);
  CHECK(ICM_E_IO == 5);
  CHECK(ICM_E_NO_MEMORY == 6);
  CHECK(ICM_E_INTERNAL == 7);
  CHECK(ICM_E_UNSUPPORTED == 8);
  CHECK(ICM_E_SUPPRESSED == 9);
  CHECK(static_cast<int>(icm::ErrorCode::suppressed) == ICM_E_SUPPRESSED);
}

TEST_CASE("icm_status_string names every status and tolerates unknown ones", "[capi]") {
  CHECK(std::string(icm_status_string(ICM_OK)) == "ok");
  CHECK(std::string(icm_status_string(ICM_E_INVALID_ARGUMENT)) == "invalid argument");
  CHECK(std::string(icm_status_string(ICM_E_SUPPRESSED)) == "suppressed");
  for (int s = 0; s <= 9; ++s)
    CHECK(std::string(icm_status_string(static_cast<icm_status>(s))) != "unknown status");
  CHECK(std::string(icm_status_string(static_cast<icm_status>(42))) == "unknown status");
}

TEST_CASE("runtime version equals the header's macros", "[capi]") {
  CHECK(icm_version_number() == ICM_VERSION_NUMBER);
  CHECK(std::string(icm_version_string()) == ICM_VERSION_STRING);
  CHECK(ICM_VERSION_NUMBER ==
        ICM_VERSION_MAJOR * 10000 + ICM_VERSION_MINOR * 100 + ICM_VERSION_PATCH);
  CHECK(std::string(ICM_VERSION_STRING) == std::to_string(ICM_VERSION_MAJOR) + "." +
                                               std::to_string(ICM_VERSION_MINOR) + "." +
                                               std::to_string(ICM_VERSION_PATCH));
}

TEST_CASE("icm_free(NULL) is a no-op", "[capi]") {
  icm_free(nullptr);
  SUCCEED();
}

TEST_CASE("the firewall turns misuse into statuses with messages", "[capi]") {
  double out = 0;
  CHECK(icm_mean_index(nullptr, 3, 1, 5, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("scores is NULL") != std::string::npos);

  const double scores[] = {1, 2, 3};
  CHECK(icm_mean_index(scores, 3, 1, 5, nullptr) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_mean_index(scores, 3, 5, 1, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_mean_index(scores, 3, 1.5, 5, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_top_box(scores, 3, 1, 5, 0, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_wilson(5, 4, 0.95, &out, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_wilson(1, 4, 1.5, &out, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_wilson(1, 4, 0.95, nullptr, &out) == ICM_E_INVALID_ARGUMENT);

  icm_nps_result old_struct = ICM_NPS_RESULT_INIT;
  old_struct.struct_size = sizeof(size_t);  // a caller that did not use the _INIT macro
  CHECK(icm_nps(scores, 3, &old_struct) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("struct_size") != std::string::npos);

  icm_session* session = reinterpret_cast<icm_session*>(1);
  CHECK(icm_session_open(nullptr, &session) == ICM_E_INVALID_ARGUMENT);
  CHECK(session == nullptr);  // out is cleared on failure
  icm_session_options options = ICM_SESSION_OPTIONS_INIT;
  CHECK(icm_session_open(&options, &session) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("connection") != std::string::npos);
  options.connection = "DSN=x";
  options.profile_dir = "/nonexistent";
  options.lang = "fr";
  CHECK(icm_session_open(&options, &session) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("\"fr\"") != std::string::npos);
  options.struct_size = 4;
  CHECK(icm_session_open(&options, &session) == ICM_E_INVALID_ARGUMENT);

  icm_table* table = nullptr;
  CHECK(icm_session_get_table(nullptr, "units", &table) == ICM_E_INVALID_ARGUMENT);
  int64_t i = 0;
  CHECK(icm_table_get_int64(nullptr, 0, 0, &i, nullptr) == ICM_E_INVALID_ARGUMENT);
  int flag = 0;
  CHECK(icm_table_is_suppressed(nullptr, 0, &flag) == ICM_E_INVALID_ARGUMENT);

  // Handle-less accessors answer NULL / 0 rather than crash.
  CHECK(icm_session_dataset_count(nullptr) == 0);
  CHECK(icm_session_dataset_name(nullptr, 0) == nullptr);
  CHECK(icm_table_row_count(nullptr) == 0);
  CHECK(icm_table_column_name(nullptr, 0) == nullptr);
  CHECK(icm_table_column_type(nullptr, 0) == ICM_COLUMN_INVALID);
  icm_session_close(nullptr);
  icm_table_free(nullptr);
}

TEST_CASE("a bad score is reported with its index and value", "[capi]") {
  const double scores[] = {1, 5, 4.5, 3};
  double out = 0;
  REQUIRE(icm_mean_index(scores, 4, 1, 5, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()) == "score[2] = 4.5 is not a whole number");

  const double outside[] = {1, 7};
  REQUIRE(icm_top_box(outside, 2, 1, 5, 2, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()) == "score[1] = 7 is outside the scale [1, 5]");

  const double nan_score[] = {NAN};
  REQUIRE(icm_bottom_box(nan_score, 1, 1, 5, 2, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()).find("score[0]") != std::string::npos);

  const double nps_scores[] = {10, 11};
  icm_nps_result r = ICM_NPS_RESULT_INIT;
  REQUIRE(icm_nps(nps_scores, 2, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK(std::string(icm_last_error()) == "score[1] = 11 is outside the scale [0, 10]");
}

TEST_CASE("icm_last_error is per thread", "[capi][threads]") {
  const double bad[] = {0};
  double out = 0;
  REQUIRE(icm_mean_index(bad, 1, 1, 5, &out) == ICM_E_INVALID_ARGUMENT);
  const std::string mine = icm_last_error();

  std::string other_before, other_after;
  std::thread t([&] {
    other_before = icm_last_error();
    const double worse[] = {9};
    icm_mean_index(worse, 1, 1, 5, &out);
    other_after = icm_last_error();
  });
  t.join();
  CHECK(other_before.empty());
  CHECK(other_after == "score[0] = 9 is outside the scale [1, 5]");
  CHECK(std::string(icm_last_error()) == mine);
}
