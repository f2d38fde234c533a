// bench_ingest_pg — "Ingest over a server": icm's loader against a plain unixODBC block-fetch
// loop (the ceiling) over the same query text, the same driver and the same connection string.
// Written for PostgreSQL through psqlODBC (bench/pg_ingest.py starts the server, loads the
// sample and runs this binary and the pandas peer), but any ODBC connection string works.
//
//   bench_ingest_pg CONNECTION [profile_dir] [repeat]
//     CONNECTION   full ODBC connection string, used as is by both sides
//     profile_dir  the sample profile (default: the source tree's profiles/sample)
//     repeat       runs of each reader, best (least CPU) kept (default 1)
//   bench_ingest_pg --print-query [profile_dir]
//     prints the survey_response query as the loader runs it (for the pandas peer)
//
// (a) icm: icm::load_snapshot with a narrowed copy of the profile (unit.sql,
//     survey_response.sql, settings.ini); the survey_response part is timed from the loader's
//     last `unit` progress report to the end of the load.
// (b) the ceiling: the profile's survey_response query text (as prepare_profile_query rewrites
//     it), SQLPrepare/SQLExecute, every column bound column-wise with SQL_ATTR_ROW_ARRAY_SIZE =
//     1000, every value touched; once in natural C types (integers SQL_C_SBIGINT, doubles
//     SQL_C_DOUBLE, text SQL_C_CHAR of 256 bytes) and once with every column SQL_C_CHAR; the
//     faster is the ceiling.
// Rates are rows per second of this thread's CPU time (the driver runs in it); wall time is
// printed too. Each reader prints one machine-readable line:
//   RESULT reader=<name> rows=<n> wall=<s> cpu=<s>
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

#ifndef ICM_SAMPLE_PROFILE_DIR
#define ICM_SAMPLE_PROFILE_DIR "profiles/sample"
#endif

namespace fs = std::filesystem;

namespace {

using namespace icm_bench;
using Result = CeilingResult;

void show(const char* what, const Result& r) {
  std::printf("  %-22s %10llu rows: wall %7.2f s = %6.3f M rows/s, CPU %7.2f s = %6.3f M rows/s\n", what,
              static_cast<unsigned long long>(r.rows), r.seconds, static_cast<double>(r.rows) / r.seconds / 1e6,
              r.cpu, static_cast<double>(r.rows) / r.cpu / 1e6);
}

void result_line(const char* reader, const Result& r) {
  std::printf("RESULT reader=%s rows=%llu wall=%.6f cpu=%.6f\n", reader, static_cast<unsigned long long>(r.rows),
              r.seconds, r.cpu);
}

}  // namespace

int main(int argc, char** argv) {
  program = "bench_ingest_pg";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CONNECTION [profile_dir] [repeat]\n       %s --print-query [profile_dir]\n",
                 argv[0], argv[0]);
    return 2;
  }
  const std::string first = argv[1];
  const fs::path profile_dir = argc > 2 ? fs::path(argv[2]) : fs::path(ICM_SAMPLE_PROFILE_DIR);
  if (!fs::exists(profile_dir / "survey_response.sql") || !fs::exists(profile_dir / "unit.sql"))
    fail("no unit.sql / survey_response.sql in profile " + profile_dir.string());
  const icm::ProfileQuery query = icm::prepare_profile_query(read_text(profile_dir / "survey_response.sql"),
                                                             (profile_dir / "survey_response.sql").string());
  if (first == "--print-query") {
    std::fputs(query.sql.c_str(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  const std::string& connection = first;
  int repeat = 1;
  if (argc > 3) repeat = std::max(1, std::atoi(argv[3]));

  // Rounds of (C natural, C all-char, icm), best of each kept: interleaved, so a noisy
  // stretch of the machine hits every reader alike instead of one of them.
  std::printf("ceiling, plain unixODBC loop (same query text, 1000-row column-wise blocks, every value touched) "
              "and icm load_snapshot (profile narrowed to unit + survey_response); %d interleaved rounds, best "
              "of each:\n",
              repeat);
  Result natural{}, text{};
  IcmResult icm{};
  for (int i = 0; i < repeat; ++i) {
    const Result n = ceiling(connection, query.sql, true);
    if (i == 0 || n.cpu < natural.cpu) natural = n;
    const Result t = ceiling(connection, query.sql, false);
    if (i == 0 || t.cpu < text.cpu) text = t;
    IcmResult r = icm_load(connection, profile_dir);
    if (i == 0 || r.responses.cpu < icm.responses.cpu) icm = r;
  }
  show("natural C types", natural);
  show("all SQL_C_CHAR", text);
  if (text.rows != natural.rows) fail("the two ceiling runs read different row counts");
  const Result& best = text.cpu <= natural.cpu ? text : natural;
  result_line("c_natural", natural);
  result_line("c_char", text);
  result_line("c", best);

  std::printf("  whole load             wall %7.2f s, CPU %7.2f s (%llu units)\n", icm.whole_seconds, icm.whole_cpu,
              static_cast<unsigned long long>(icm.units));
  show("survey_response", icm.responses);
  std::printf("  %-22s %llu accepted, %llu rejected\n", "", static_cast<unsigned long long>(icm.accepted),
              static_cast<unsigned long long>(icm.rejected));
  if (icm.responses.rows != best.rows) fail("icm read a different number of rows than the ceiling");
  result_line("icm", icm.responses);
  const double ratio = (static_cast<double>(icm.responses.rows) / icm.responses.cpu) /
                       (static_cast<double>(best.rows) / best.cpu);
  std::printf("  RATIO icm/ceiling %.2f (CPU; target >= 0.9)%s\n", ratio, ratio >= 0.9 ? "" : "  ** TARGET MISSED **");
  return 0;
}
