// bench_ingest — "Ingest": icm's loader against a plain unixODBC block-fetch loop (the ceiling)
// over the same query text, the same driver (sqliteodbc) and the same sample database.
//
//   bench_ingest [responses] [profile_dir] [extra connection options | -]
//     responses    rows of survey_answers in the sample (default 10 000 000)
//     profile_dir  the sample profile (default: the source tree's profiles/sample)
//     extra        appended to "DRIVER=SQLite3;Database=…;" for both sides; default "StepAPI=1"
//                  (stream rows instead of materialising the result), "-" for none
//
// The sample database is written with icm::write_sample to /tmp/icm-bench-sample-<N>-s<seed>.db
// and reused by later runs (it is written under a temporary name and renamed when complete).
// icm loads a narrow copy of the profile (unit.sql + survey_response.sql + settings.ini); the
// survey_response part is timed from the loader's last `unit` progress report to the end of
// the load. The ceiling prepares the profile's survey_response query text (as the loader
// rewrites it), binds every column column-wise with SQL_ATTR_ROW_ARRAY_SIZE = 1000 and touches
// every value, with every column in its natural C type and (up to 2 M rows) again with every
// column as SQL_C_CHAR; the faster one is the ceiling. Rates are rows per second of this
// thread's CPU time (the driver runs in it), steadier than wall time on a shared machine.
//
// Not a test: never registered with CTest.
#include <sql.h>
#include <sqlext.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "odbc_ceiling.hpp"
#include "timed_load.hpp"
#include "core/model/settings.hpp"
#include "source/loader.hpp"
#include "source/profile.hpp"
#include "source/sample.hpp"

#ifndef ICM_SAMPLE_PROFILE_DIR
#define ICM_SAMPLE_PROFILE_DIR "profiles/sample"
#endif

namespace fs = std::filesystem;

namespace {

using namespace icm_bench;

// Reads the file once so both sides start from a warm page cache.
void warm(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<char> buf(1 << 20);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  program = "bench_ingest";
  // ICM_BENCH_TEXT_WIDTH changes the ceiling's text cell width (diagnostic).
  const char* width_env = std::getenv("ICM_BENCH_TEXT_WIDTH");
  const SQLLEN text_width = width_env ? std::atol(width_env) : 256;
  std::uint64_t responses = 10'000'000;
  const std::uint64_t seed = 42;
  if (argc > 1) {
    char* end = nullptr;
    responses = std::strtoull(argv[1], &end, 10);
    if (!end || *end || responses < 1000) {
      std::fprintf(stderr, "usage: %s [responses >= 1000] [profile_dir] [extra connection options]\n", argv[0]);
      return 2;
    }
  }
  const fs::path profile_dir = argc > 2 ? fs::path(argv[2]) : fs::path(ICM_SAMPLE_PROFILE_DIR);
  // StepAPI=1 makes sqliteodbc stream rows with sqlite3_step; without it the driver builds the
  // whole result in memory first (about 0.5 GB per million rows here, and slower). "-" = none.
  std::string extra = argc > 3 ? argv[3] : "StepAPI=1";
  if (extra == "-") extra.clear();
  if (!fs::exists(profile_dir / "survey_response.sql") || !fs::exists(profile_dir / "unit.sql"))
    fail("no unit.sql / survey_response.sql in profile " + profile_dir.string());

  // ---- sample database (reused) ----
  const fs::path db = fs::temp_directory_path() /
                      ("icm-bench-sample-" + std::to_string(responses) + "-s" + std::to_string(seed) + ".db");
  std::printf("bench_ingest: %llu survey responses, sample %s\n", static_cast<unsigned long long>(responses),
              db.c_str());
  if (!fs::exists(db)) {
    icm::SampleOptions so;
    so.responses = responses;
    so.seed = seed;
    const fs::path tmp = db.string() + ".partial";
    const auto t0 = Clock::now();
    try {
      icm::write_sample(tmp.string(), so, nullptr);
    } catch (const std::exception& e) {
      fail(std::string("write_sample: ") + e.what());
    }
    fs::rename(tmp, db);
    std::printf("  wrote the sample in %.1f s (%.1f MB)\n", seconds_since(t0),
                static_cast<double>(fs::file_size(db)) / 1e6);
  } else {
    std::printf("  reusing the sample (%.1f MB)\n", static_cast<double>(fs::file_size(db)) / 1e6);
  }
  warm(db);
  const std::string connection = "DRIVER=SQLite3;Database=" + db.string() + (extra.empty() ? "" : ";" + extra);
  std::printf("  connection: %s\n", connection.c_str());

  // The exact query text the loader runs.
  const icm::ProfileQuery query =
      icm::prepare_profile_query(read_text(profile_dir / "survey_response.sql"), (profile_dir / "survey_response.sql").string());

  // ---- (b) the ceiling, both bindings ----
  auto show = [](const char* what, std::uint64_t rows, double wall, double cpu) {
    std::printf("  %-22s %10llu rows: wall %7.2f s = %6.3f M rows/s, CPU %7.2f s = %6.3f M rows/s\n", what,
                static_cast<unsigned long long>(rows), wall, static_cast<double>(rows) / wall / 1e6, cpu,
                static_cast<double>(rows) / cpu / 1e6);
  };
  std::printf("\nceiling, plain unixODBC loop (same query text, 1000-row column-wise blocks, every value touched):\n");
  // Both bindings up to 2 M rows; above that only the natural types (what the loader binds; the
  // two measured alike), so a full-size run stays within a few minutes.
  const CeilingResult natural = ceiling(connection, query.sql, true, text_width);
  show("natural C types", natural.rows, natural.seconds, natural.cpu);
  CeilingResult text = natural;
  if (responses <= 2'000'000) {
    text = ceiling(connection, query.sql, false, text_width);
    show("all SQL_C_CHAR", text.rows, text.seconds, text.cpu);
    if (text.rows != natural.rows) fail("the two ceiling runs read different row counts");
  }
  // The faster binding is the ceiling.
  const CeilingResult& best = text.cpu <= natural.cpu ? text : natural;
  const double ceiling_rate = static_cast<double>(best.rows) / best.cpu;
  const double ceiling_wall_rate = static_cast<double>(best.rows) / best.seconds;

  // ---- (a) icm's loader, narrow profile: units + survey responses ----
  const IcmResult icm = icm_load(connection, profile_dir);
  const double whole = icm.whole_seconds, responses_s = icm.responses.seconds, responses_cpu = icm.responses.cpu;
  const double icm_rate = static_cast<double>(icm.responses.rows) / responses_cpu;
  std::printf("\nicm load_snapshot (profile narrowed to unit + survey_response):\n");
  std::printf("  whole load             wall %7.2f s, CPU %7.2f s (%llu units)\n", whole, icm.whole_cpu,
              static_cast<unsigned long long>(icm.units));
  show("survey_response", icm.responses.rows, responses_s, responses_cpu);
  std::printf("  %-22s %llu accepted, %llu rejected\n", "", static_cast<unsigned long long>(icm.accepted),
              static_cast<unsigned long long>(icm.rejected));
  if (icm.responses.rows != text.rows) fail("icm read a different number of rows than the ceiling");

  const double ratio = icm_rate / ceiling_rate;
  std::printf("\nSummary (%llu responses): icm %.3f M rows/s, ceiling %.3f M rows/s (CPU; wall %.3f vs %.3f):\n"
              "  RATIO icm/ceiling %.2f (target >= 0.9)%s\n",
              static_cast<unsigned long long>(responses), icm_rate / 1e6, ceiling_rate / 1e6,
              static_cast<double>(icm.responses.rows) / responses_s / 1e6, ceiling_wall_rate / 1e6, ratio,
              ratio >= 0.9 ? "" : "  ** TARGET MISSED **");
  return 0;
}
