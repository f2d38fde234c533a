// Fuzz of the profile SQL gate: texts made by inserting, deleting and replacing the tokens of
// the smuggling corpus (tests/backends/readonly_corpus.py) at random. The gate must never
// crash or throw anything but Error(data) naming the file, and what it accepts must be stable:
// the text it hands the driver passes the gate again unchanged, holds no NUL and no second
// statement. (That the servers read every accepted text as one read-only statement is checked
// against the real servers by backends.readonly_fuzz.)
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "source/profile.hpp"

using namespace icm;

namespace {

const std::vector<std::string>& pieces() {
  static const std::vector<std::string> p = {
      "SELECT", "WITH", " ", "\n", "\r", "\r\n", "\t", "1", "a", "id", "FROM", "t", ",", "(", ")", "*",
      ";", "'", "''", "\"", "`", "[", "]", "$", "$$", "$a$", "E'", "\\", "\\'", "\\\\", "--", "-- ", "---",
      "#", "#>>", "/*", "*/", "/*!", "/*M!", "/* /*", ":period", "::", "?", "DELETE", "INSERT INTO t",
      "UPDATE", "ROLLBACK", "BEGIN READ WRITE", "COMMIT", "INTO", "pg_sleep(", "lo_import(", "SLEEP",
      "ATTACH", "PRAGMA", "x", "名", "\xC3", "\x80", std::string(1, '\0'), "\x01", "\x7F", "é"};
  return p;
}

const std::vector<std::string>& seeds() {
  static const std::vector<std::string> s = {
      "SELECT id, name FROM departments",
      "SELECT $$ ' $$; DELETE FROM t; SELECT $$ ' $$ AS id",
      "SELECT E'\\'; ROLLBACK; BEGIN READ WRITE; DELETE FROM t; COMMIT; SELECT '' AS id",
      "SELECT 1 /* /* */ ; DELETE FROM t; /* */ */ AS id",
      "SELECT 1 /*! ; DELETE FROM t */ AS id",
      "SELECT 'a\\'; DELETE FROM t; -- ' AS id",
      "SELECT `a; b` AS id FROM t",
      "SELECT 1 # '\n; DELETE FROM t; -- '",
      "SELECT 1 --x ; DELETE FROM t",
      "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
      "SELECT to_jsonb(d.name) #>> '{}' AS name FROM d WHERE p = :period",
      "SELECT a[1], [b c] FROM t -- done",
  };
  return s;
}

}  // namespace

TEST_CASE("the gate survives random mutations of the smuggling corpus", "[profile][fuzz]") {
  std::mt19937_64 rng(20250307);  // fixed: a failure is reproducible
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::size_t accepted = 0, refused = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string text = seeds()[pick(seeds().size())];
    const std::size_t edits = 1 + pick(6);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = text.empty() ? 0 : pick(text.size() + 1);
      const std::string& piece = pieces()[pick(pieces().size())];
      switch (pick(3)) {
        case 0: text.insert(at, piece); break;                                      // insert
        case 1: if (!text.empty()) text.erase(at == text.size() ? at - 1 : at, 1 + pick(4)); break;  // delete
        default: text.replace(std::min(at, text.size()), std::min<std::size_t>(piece.size(), text.size() - std::min(at, text.size())), piece);  // replace
      }
    }
    ProfileQuery q;
    try {
      q = prepare_profile_query(text, "fuzz/unit.sql");
    } catch (const Error& e) {
      ++refused;
      const std::string m = e.what();
      INFO("text: " << text << "\nmessage: " << m);
      REQUIRE(e.code() == ErrorCode::data);
      REQUIRE(m.rfind("fuzz/unit.sql:", 0) == 0);
      continue;
    }  // any other exception fails the test case
    ++accepted;
    INFO("text: " << text << "\nsql: " << q.sql);
    REQUIRE(q.sql.find('\0') == std::string::npos);
    // What the driver receives passes again as it is: no comment, no ';', nothing left to strip.
    const ProfileQuery again = prepare_profile_query(q.sql, "fuzz/unit.sql");
    REQUIRE(again.sql == q.sql);
    REQUIRE(again.period_params == 0);
  }
  // The mutations reach both sides of the gate.
  CHECK(accepted > 1000);
  CHECK(refused > 10000);
}
