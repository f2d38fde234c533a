// Test helper for tests/backends: loads the profile through icm's loader and, the first time the
// loader reports progress on survey_response (the record read before complaint), runs COMMAND
// with the shell — a client that writes to the database meanwhile, as an HR system would. Then
// prints the rows the load read per record ("read complaint=N") so the test can tell whether the
// write was seen. Exit 0 = loaded (COMMAND ran and exited 0); 1 = load failed; 3 = COMMAND failed.
// Usage: icm_backends_snapshot_probe CONNECTION PROFILE_DIR COMMAND [pushdown]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "core/model/settings.hpp"
#include "source/loader.hpp"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: %s CONNECTION PROFILE_DIR COMMAND [pushdown]\n", argv[0]);
    return 2;
  }
  icm::SessionOptions options;
  options.connection = argv[1];
  options.profile_dir = argv[2];
  options.pushdown = argc == 5 && std::strcmp(argv[4], "pushdown") == 0;
  const std::string command = argv[3];
  bool ran = false;
  int command_status = 0;
  options.progress = [&](const char* record, std::uint64_t, std::uint64_t) {
    if (ran || std::strcmp(record, "survey_response") != 0) return;
    ran = true;
    command_status = std::system(command.c_str());
    std::printf("wrote during survey_response: status %d\n", command_status);
  };
  try {
    const icm::Settings settings = icm::Settings::load(std::string(argv[2]) + "/settings.ini");
    const icm::Snapshot snapshot = icm::load_snapshot(options, settings);
    if (!ran || command_status != 0) return 3;
    for (icm::Record r : {icm::Record::survey_response, icm::Record::complaint})
      std::printf("read %s=%llu\n", icm::record_name(r),
                  static_cast<unsigned long long>(snapshot.account(r).read));
    return 0;
  } catch (const std::exception& e) {
    std::printf("load failed: %s\n", e.what());
    return 1;
  }
}
