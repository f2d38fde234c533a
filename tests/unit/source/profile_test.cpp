// The profile SQL gate: single read-only query, :period bound as a parameter, and a lexer that
// reads the text the same way PostgreSQL, MySQL/MariaDB and SQLite would, refusing (with file,
// line and column) where they disagree.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "source/profile.hpp"

using namespace icm;

namespace {

// The message of the refusal, or "" when the query is accepted.
std::string refusal(const std::string& sql, const std::string& path = "profiles/x/unit.sql") {
  try {
    prepare_profile_query(sql, path);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::data);
    CHECK(std::string(e.what()).find("read-only") != std::string::npos);
    return e.what();
  }
  return "";
}

bool refused(const std::string& sql) { return refusal(sql).rfind("profiles/x/unit.sql:", 0) == 0; }

}  // namespace

TEST_CASE(":period becomes a placeholder outside literals and comments", "[profile]") {
  const auto q = prepare_profile_query(
      "SELECT ':period' AS a, x::text -- :period\nFROM t WHERE p = :period AND q = :periods;\n", "p.sql");
  CHECK(q.period_params == 1);
  CHECK(q.sql == "SELECT ':period' AS a, x::text  \nFROM t WHERE p = ? AND q = :periods\n");
  // Comments never reach the driver (some split statements on ';' inside them).
  CHECK(prepare_profile_query("-- a; b ?\nSELECT 1 /* ; ? */", "c.sql").sql == " \nSELECT 1  ");
  CHECK(prepare_profile_query("SELECT a FROM t WHERE b = :period OR c = :period", "p.sql").period_params == 2);
  CHECK(prepare_profile_query("SELECT x::period FROM t", "p.sql").period_params == 0);
}

TEST_CASE("WITH queries and quoted keywords are allowed", "[profile]") {
  CHECK_NOTHROW(prepare_profile_query("WITH a AS (SELECT 1) SELECT * FROM a", "w.sql"));
  CHECK_NOTHROW(prepare_profile_query("select 'DROP TABLE x; INSERT' as \"delete\" from t", "q.sql"));
  CHECK_NOTHROW(prepare_profile_query("/* a comment; */ SELECT 1;  -- done", "c.sql"));
  CHECK_NOTHROW(prepare_profile_query("SELECT 1 -- trailing comment without a newline", "c.sql"));
}

TEST_CASE("what the shipped profiles use is accepted", "[profile]") {
  // Odoo's jsonb operator (PostgreSQL) is '#' followed by code on the same line.
  CHECK(refusal("SELECT to_jsonb(d.name) #>> '{}' AS name\nFROM t") == "");
  CHECK(refusal("SELECT a[1], (string_to_array(p, '/'))[2] AS x FROM t") == "");
  CHECK(refusal("SELECT `id`, [first name] FROM t") == "");
  CHECK(refusal("SELECT 'it''s', \"a\"\"b\", E'\\n', 'C:\\\\' FROM t") == "");
  CHECK(refusal("------------\n-- title --\n----- section -----\nSELECT 1") == "");
  CHECK(refusal("SELECT a$b, x$ FROM t") == "");
  CHECK(refusal("SELECT 1\r\n-- windows line ends\r\nFROM t\r\n") == "");
  CHECK(refusal("SELECT '名前' AS 名前 FROM 部门") == "");
}

TEST_CASE("anything but one SELECT is refused, naming the file", "[profile]") {
  CHECK(refused("DELETE FROM employees"));
  CHECK(refused("SELECT 1; DROP TABLE employees"));
  CHECK(refused("SELECT 1; SELECT 2"));
  CHECK(refused("PRAGMA writable_schema = 1"));
  CHECK(refused("ATTACH DATABASE 'x' AS y"));
  CHECK(refused("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"));
  CHECK(refused("SELECT * INTO copy FROM t"));
  CHECK(refused("SELECT * FROM t INTO OUTFILE '/tmp/x'"));
  CHECK(refused("COPY (SELECT 1) TO PROGRAM 'id'"));
  CHECK(refused("SET ROLE postgres"));
  CHECK(refusal("   ") == "profiles/x/unit.sql: the query is empty (a profile query must be a single SELECT or "
                        "WITH query; the session is read-only)");
  CHECK(refusal("-- only a comment").rfind("profiles/x/unit.sql: the query is empty", 0) == 0);
}

TEST_CASE("refusals name the line and column", "[profile]") {
  CHECK(refusal("SELECT 1\nFROM t;\n  DELETE FROM t").rfind("profiles/x/unit.sql:3:3: more than one statement", 0) == 0);
  CHECK(refusal("SELECT a,\n       b INTO c FROM t").rfind("profiles/x/unit.sql:2:10: contains INTO", 0) == 0);
  // Columns count characters, not bytes.
  CHECK(refusal("SELECT '名前', x FROM t; DELETE FROM t").rfind("profiles/x/unit.sql:1:24: more than one", 0) == 0);
  CHECK(refusal("\n\nUPDATE t SET a = 1").rfind("profiles/x/unit.sql:3:1: starts with UPDATE", 0) == 0);
}

TEST_CASE("smuggling tricks of each dialect are refused where they are", "[profile]") {
  // PostgreSQL dollar quoting hides a second statement from a lexer that does not know it.
  CHECK(refusal("SELECT $$ ' $$; DELETE FROM t; SELECT $$ ' $$ AS id").rfind("profiles/x/unit.sql:1:8: '$' outside a name", 0) == 0);
  CHECK(refused("SELECT $tag$ ' $tag$; DELETE FROM t; SELECT $tag$ ' $tag$"));
  CHECK(refused("SELECT 1$a$ ; $a$"));
  // E'…' strings (PostgreSQL) and MySQL strings escape a quote with a backslash.
  CHECK(refusal("SELECT E'\\'; DELETE FROM t; SELECT '' AS id").rfind("profiles/x/unit.sql:1:10: a backslash before '", 0) == 0);
  CHECK(refused("SELECT 'a\\'; DELETE FROM t; -- '"));
  CHECK(refused("SELECT \"a\\\"; DELETE FROM t; -- \""));
  // PostgreSQL nests block comments, MySQL and SQLite do not.
  CHECK(refusal("SELECT 1 /* /* */ ; DELETE FROM t; /* */ */").rfind("profiles/x/unit.sql:1:13: a '/*' inside a comment", 0) == 0);
  // MySQL executable comments are code there.
  CHECK(refusal("SELECT 1 /*! ; DELETE FROM t */").rfind("profiles/x/unit.sql:1:10: a MySQL/MariaDB executable comment", 0) == 0);
  CHECK(refused("SELECT 1 /*M!100000 ; DELETE FROM t */"));
  CHECK(refused("SELECT 1 /*!50000 INTO OUTFILE '/tmp/x' */"));
  // '#' is a comment on MySQL only: what follows must not reach past the line.
  CHECK(refusal("SELECT 1 # '\n; DELETE FROM t; -- '").rfind("profiles/x/unit.sql:1:10: '#' starts a comment", 0) == 0);
  CHECK(refused("SELECT 1 # /*\n; DELETE FROM t; -- */"));
  CHECK(refused("SELECT 1 # ; DELETE FROM t"));
  // '--x' is minus signs on MySQL.
  CHECK(refusal("SELECT 1 --x ; DELETE FROM t").rfind("profiles/x/unit.sql:1:10: '--' must be followed by a space", 0) == 0);
  CHECK(refused("SELECT 1 ---x\n"));
  // PostgreSQL ends a '--' comment at a lone carriage return.
  CHECK(refused("SELECT 1 -- x\r; DELETE FROM t"));
  // Backticks are names on MySQL and SQLite, code on PostgreSQL; brackets names on SQLite.
  CHECK(refused("SELECT `a; DELETE FROM t; ` FROM t"));
  CHECK(refused("SELECT `a'` FROM t; -- '"));
  CHECK(refused("SELECT [a; DELETE FROM t] FROM t"));
  CHECK(refused("SELECT [a'] FROM t; -- '"));
  CHECK(refused("SELECT a[(DELETE FROM t)] FROM t"));
  // Unterminated constructs and stray backslashes.
  CHECK(refusal("SELECT 'abc").rfind("profiles/x/unit.sql:1:8: a string that is never closed", 0) == 0);
  CHECK(refused("SELECT 1 /* never closed"));
  CHECK(refused("SELECT `x FROM t"));
  CHECK(refused("SELECT \\N"));
  // Side-effect functions, also schema-qualified, quoted or with a comment before '('.
  CHECK(refusal("SELECT pg_terminate_backend(pid) FROM pg_stat_activity").find("calls PG_TERMINATE_BACKEND()") != std::string::npos);
  CHECK(refused("SELECT pg_catalog.pg_sleep (10)"));
  CHECK(refused("SELECT \"lo_import\"('/etc/passwd')"));
  CHECK(refused("SELECT dblink_exec('dbname=hr', 'DELETE FROM t')"));
  CHECK(refused("SELECT load_extension('/tmp/x.so')"));
  CHECK(refused("SELECT set_config('role', 'postgres', false)"));
  CHECK(refused("SELECT SLEEP /* x */ (5)"));
  CHECK(refusal("SELECT sleep, nextval FROM t") == "");  // names, not calls
}

TEST_CASE("NUL bytes and control characters are refused with their position", "[profile]") {
  const std::string nul = std::string("SELECT 1\nFROM t WHERE a = 'x") + '\0' + "'; DELETE FROM t";
  CHECK(refusal(nul).rfind("profiles/x/unit.sql:2:20: a NUL byte", 0) == 0);
  CHECK(refusal(std::string("SELECT 1 -- ") + '\0').rfind("profiles/x/unit.sql:1:13: a NUL byte", 0) == 0);
  CHECK(refusal(std::string("SELECT 1") + '\0').rfind("profiles/x/unit.sql:1:9: a NUL byte", 0) == 0);
  CHECK(refusal("SELECT\x01 1").rfind("profiles/x/unit.sql:1:7: control character 0x01", 0) == 0);
  CHECK(refusal("SELECT 'tab\there' FROM t") == "");  // inside a string it is data
}

TEST_CASE("a missing profile folder is not_found", "[profile]") {
  try {
    Profile::load("/nonexistent/icm/profile");
    FAIL("loaded a missing profile");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::not_found);
  }
}
