// The ODBC layer: credential redaction and the clear messages for misconfigured sources.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "source/odbc.hpp"

using namespace icm;
using namespace icm::odbc;

TEST_CASE("connection strings are redacted", "[odbc]") {
  CHECK(redact_connection_string("DSN=hr;UID=alice;PWD=s3cret") == "DSN=hr;UID=alice;PWD=***");
  CHECK(redact_connection_string("Driver={PostgreSQL};Password={a;b}}c};Server=db") ==
        "Driver={PostgreSQL};Password=***;Server=db");
  CHECK(redact_connection_string("pwd=x;uid=y") == "pwd=***;uid=y");
  CHECK(redact_connection_string("hr") == "hr");
  const std::string r = redact_connection_string("DSN=hr; PassWord = hunter2 ;Token=abc");
  CHECK(r.find("hunter2") == std::string::npos);
  CHECK(r.find("abc") == std::string::npos);
  CHECK(connection_secrets("DSN=hr;PWD={a;b}}c}") == std::vector<std::string>{"a;b}c", "{a;b}}c}"});
  CHECK(normalise_connection_string("hr") == "DSN=hr");
  CHECK(normalise_connection_string("DSN=hr") == "DSN=hr");
}

TEST_CASE("an unknown DSN gets a clear message without the password", "[odbc]") {
  Environment env;
  try {
    Connection c(env, "DSN=icm_no_such_dsn;UID=u;PWD=topsecret");
    FAIL("connected to a DSN that does not exist");
  } catch (const Error& e) {
    const std::string m = e.what();
    CHECK(e.code() == ErrorCode::source);
    CHECK(m.find("unknown data source name or driver") != std::string::npos);
    CHECK(m.find("IM002") != std::string::npos);
    CHECK(m.find("PWD=***") != std::string::npos);
    CHECK(m.find("topsecret") == std::string::npos);
  }
}

TEST_CASE("a bare name is a DSN and a missing driver is explained", "[odbc]") {
  Environment env;
  CHECK_THROWS_WITH(Connection(env, "icm_no_such_dsn"), Catch::Contains("unknown data source name"));
  CHECK_THROWS_WITH(Connection(env, "DRIVER={icm no such driver};PWD=zz9"),
                    Catch::Contains("could not be loaded") && !Catch::Contains("zz9"));
}
