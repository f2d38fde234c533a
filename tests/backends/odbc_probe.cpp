// Test helper for tests/backends. Three modes, all bypassing the profile gate on purpose so that
// the tests see what the databases refuse on their own:
//
//   icm_backends_odbc_probe CONNECTION SQL
//       opens a connection with icm's own odbc::Connection (set up exactly as the loader's) and
//       runs one statement on it. Prints "executed" and exits 0 when the server ran it, or prints
//       icm's error message and exits 1 when it was refused.
//   icm_backends_odbc_probe --load CONNECTION PROFILE_DIR SQL_FILE
//       loads PROFILE_DIR through the real loader (load_profile) with the bytes of SQL_FILE, never
//       checked by the gate, as its unit.sql. Prints "loaded" and exits 0, or the error and 1.
//   icm_backends_odbc_probe --gate
//       reads one hex-encoded text per line from stdin and prints, per line, what the gate does
//       with it: "ok HEX" (HEX: the SQL the driver would receive) or "refused MESSAGE".
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/model/settings.hpp"
#include "source/loader.hpp"
#include "source/odbc.hpp"
#include "source/profile.hpp"

namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string to_hex(const std::string& text) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

int gate() {
  for (std::string line; std::getline(std::cin, line);) {
    try {
      const icm::ProfileQuery q = icm::prepare_profile_query(from_hex(line), "fuzz/unit.sql");
      std::cout << "ok " << to_hex(q.sql) << "\n";
    } catch (const icm::Error& e) {
      std::string m = e.what();
      for (char& c : m)
        if (c == '\n') c = ' ';
      std::cout << "refused " << m << "\n";
    }
  }
  return 0;
}

int load(const char* connection, const char* profile_dir, const char* sql_file) {
  std::ifstream in(sql_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  icm::Profile profile = icm::Profile::load(profile_dir);
  icm::ProfileQuery raw;
  raw.path = sql_file;
  raw.sql = text.str();
  profile.queries[static_cast<int>(icm::Record::unit)] = raw;
  icm::SessionOptions options;
  options.connection = connection;
  options.profile_dir = profile_dir;
  options.login_timeout_seconds = 10;
  icm::load_profile(profile, options, icm::Settings::defaults());
  std::puts("loaded");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 2 && std::string(argv[1]) == "--gate") return gate();
    if (argc == 5 && std::string(argv[1]) == "--load") return load(argv[2], argv[3], argv[4]);
    if (argc != 3) {
      std::fprintf(stderr, "usage: %s CONNECTION SQL | --load CONNECTION PROFILE_DIR SQL_FILE | --gate\n", argv[0]);
      return 2;
    }
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
