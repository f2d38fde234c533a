// Test helper for tests/backends: opens a connection with icm's own odbc::Connection (so the
// session is set up exactly as the loader's is: read-only access mode requested) and runs one
// statement on it, bypassing profile validation on purpose. Prints "executed" and exits 0 when
// the server ran it, or prints icm's error message and exits 1 when it was refused.
// Usage: icm_backends_odbc_probe CONNECTION SQL
#include <cstdio>
#include <exception>
#include <string>

#include "source/odbc.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CONNECTION SQL\n", argv[0]);
    return 2;
  }
  try {
    icm::odbc::Environment env;
    icm::odbc::Connection connection(env, argv[1], 10);
    icm::odbc::Statement statement(connection);
    statement.prepare(argv[2]);
    statement.execute();
    std::puts("executed");
    return 0;
  } catch (const std::exception& e) {
    std::puts(e.what());
    return 1;
  }
}
