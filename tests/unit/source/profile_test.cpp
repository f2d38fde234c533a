// The profile SQL gate: single read-only query, :period bound as a parameter.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "source/profile.hpp"

using namespace icm;

TEST_CASE(":period becomes a placeholder outside literals and comments", "[profile]") {
  const auto q = prepare_profile_query(
      "SELECT ':period' AS a, x::text -- :period\nFROM t WHERE p = :period AND q = :periods;\n", "p.sql");
  CHECK(q.period_params == 1);
  CHECK(q.sql == "SELECT ':period' AS a, x::text  \nFROM t WHERE p = ? AND q = :periods\n");
  // Comments never reach the driver (some split statements on ';' inside them).
  CHECK(prepare_profile_query("-- a; b ?\nSELECT 1 /* ; ? */", "c.sql").sql == " \nSELECT 1  ");
}

TEST_CASE("WITH queries and quoted keywords are allowed", "[profile]") {
  CHECK_NOTHROW(prepare_profile_query("WITH a AS (SELECT 1) SELECT * FROM a", "w.sql"));
  CHECK_NOTHROW(prepare_profile_query("select 'DROP TABLE x; INSERT' as \"delete\" from t", "q.sql"));
  CHECK_NOTHROW(prepare_profile_query("/* a comment; */ SELECT 1;  -- done", "c.sql"));
}

TEST_CASE("anything but one SELECT is refused, naming the file", "[profile]") {
  auto refused = [](const std::string& sql) {
    try {
      prepare_profile_query(sql, "profiles/x/unit.sql");
    } catch (const Error& e) {
      return e.code() == ErrorCode::data && std::string(e.what()).rfind("profiles/x/unit.sql: ", 0) == 0 &&
             std::string(e.what()).find("read-only") != std::string::npos;
    }
    return false;
  };
  CHECK(refused("DELETE FROM employees"));
  CHECK(refused("SELECT 1; DROP TABLE employees"));
  CHECK(refused("SELECT 1; SELECT 2"));
  CHECK(refused("PRAGMA writable_schema = 1"));
  CHECK(refused("ATTACH DATABASE 'x' AS y"));
  CHECK(refused("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"));
  CHECK(refused("SELECT * INTO copy FROM t"));
  CHECK(refused("   "));
  CHECK(refused("-- only a comment"));
}

TEST_CASE("a missing profile folder is not_found", "[profile]") {
  try {
    Profile::load("/nonexistent/icm/profile");
    FAIL("loaded a missing profile");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::not_found);
  }
}
