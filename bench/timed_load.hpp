// icm's loader timed the way bench_ingest and bench_ingest_pg compare it with the plain ODBC
// loop: icm::load_snapshot with a copy of the profile narrowed to unit.sql, survey_response.sql
// and settings.ini (units are needed to check providers and customers); the survey_response part
// is timed from the loader's last `unit` progress report to the end of the load.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/model/settings.hpp"
#include "odbc_ceiling.hpp"
#include "source/loader.hpp"

namespace icm_bench {

struct IcmResult {
  CeilingResult responses;  // the survey_response part
  double whole_seconds = 0, whole_cpu = 0;
  std::uint64_t units = 0, accepted = 0, rejected = 0;
};

inline IcmResult icm_load(const std::string& connection, const fs::path& profile_dir) {
  const fs::path narrow = fs::temp_directory_path() / ("icm-bench-profile-" + std::to_string(::getpid()));
  fs::create_directories(narrow);
  for (const char* f : {"unit.sql", "survey_response.sql", "settings.ini"})
    if (fs::exists(profile_dir / f)) fs::copy_file(profile_dir / f, narrow / f, fs::copy_options::overwrite_existing);
  icm::SessionOptions options;
  options.connection = connection;
  options.profile_dir = narrow.string();
  Clock::time_point units_done{};
  double units_done_cpu = 0;
  IcmResult out;
  options.progress = [&](const char* record, std::uint64_t rows, std::uint64_t) {
    if (std::strcmp(record, "unit") == 0) {
      units_done = Clock::now();
      units_done_cpu = thread_cpu_seconds();
      out.units = rows;
    }
  };
  icm::Settings settings;
  try {
    settings = icm::Settings::load((narrow / "settings.ini").string());
  } catch (const std::exception& e) {
    fs::remove_all(narrow);
    fail(std::string("settings: ") + e.what());
  }
  const auto t0 = Clock::now();
  const double c0 = thread_cpu_seconds();
  icm::Snapshot snap;
  try {
    snap = icm::load_snapshot(options, settings);
  } catch (const std::exception& e) {
    fs::remove_all(narrow);
    fail(std::string("load_snapshot: ") + e.what());
  }
  const auto t1 = Clock::now();
  const double c1 = thread_cpu_seconds();
  fs::remove_all(narrow);
  const auto& acc = snap.account(icm::Record::survey_response);
  const bool marked = units_done != Clock::time_point{};
  out.whole_seconds = std::chrono::duration<double>(t1 - t0).count();
  out.whole_cpu = c1 - c0;
  out.responses.rows = acc.read;
  out.responses.seconds = std::chrono::duration<double>(t1 - (marked ? units_done : t0)).count();
  out.responses.cpu = c1 - (marked ? units_done_cpu : c0);
  out.accepted = acc.accepted;
  out.rejected = acc.rejected;
  return out;
}

}  // namespace icm_bench
