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
#include "core/settings.hpp"
#include "source/loader.hpp"
#include "source/profile.hpp"
#include "source/sample.hpp"

#ifndef ICM_SAMPLE_PROFILE_DIR
#define ICM_SAMPLE_PROFILE_DIR "profiles/sample"
#endif

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
// This thread's CPU time (the ODBC driver runs in this thread too): steadier than wall time on a
// shared machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_ingest: FAILED: %s\n", what.c_str());
  std::exit(1);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads the file once so both sides start from a warm page cache.
void warm(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<char> buf(1 << 20);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
  }
}

void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
  if (SQL_SUCCEEDED(rc)) return;
  SQLCHAR state[6] = {0}, msg[512] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len);
  fail(std::string(what) + ": [" + reinterpret_cast<char*>(state) + "] " + reinterpret_cast<char*>(msg));
}

struct CeilingResult {
  std::uint64_t rows = 0, touched = 0;  // touched: sum of text lengths + integer values, so nothing is optimised away
  double seconds = 0, cpu = 0;
};

// The ceiling: one statement, column-wise block cursor of 1000 rows, every value touched.
CeilingResult ceiling(const std::string& connection, const std::string& sql, bool natural_types) {
  constexpr SQLULEN kBlock = 1000;
  // Bytes per text cell; ICM_BENCH_TEXT_WIDTH overrides it (diagnostic: the driver's strncpy
  // pads every cell to the buffer width, so wide buffers cost memory traffic).
  const char* width_env = std::getenv("ICM_BENCH_TEXT_WIDTH");
  const SQLLEN kTextWidth = width_env ? std::max(16L, std::atol(width_env)) : 256;
  SQLHENV env = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;
  SQLHSTMT st = SQL_NULL_HSTMT;
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
  check(SQLDriverConnect(dbc, nullptr, reinterpret_cast<SQLCHAR*>(const_cast<char*>(connection.c_str())), SQL_NTS,
                         nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT),
        SQL_HANDLE_DBC, dbc, "SQLDriverConnect");
  SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);

  CeilingResult out;
  const auto t0 = Clock::now();
  const double c0 = thread_cpu_seconds();
  check(SQLPrepare(st, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.c_str())), SQL_NTS), SQL_HANDLE_STMT, st,
        "SQLPrepare");
  check(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute");
  SQLSMALLINT ncols = 0;
  SQLNumResultCols(st, &ncols);
  struct Col {
    bool text = true, real = false;
    std::vector<char> chars;
    std::vector<std::int64_t> ints;
    std::vector<double> reals;
    std::vector<SQLLEN> ind;
  };
  std::vector<Col> cols(static_cast<std::size_t>(ncols));
  SQLULEN fetched = 0;
  std::vector<SQLUSMALLINT> status(kBlock);
  SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(SQL_BIND_BY_COLUMN)), 0);
  check(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(kBlock), 0), SQL_HANDLE_STMT, st,
        "SQL_ATTR_ROW_ARRAY_SIZE");
  SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status.data(), 0);
  SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
  for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(ncols); ++c) {
    Col& col = cols[c - 1];
    SQLCHAR name[128];
    SQLSMALLINT name_len = 0, type = 0, decimals = 0, nullable = 0;
    SQLULEN size = 0;
    SQLDescribeCol(st, c, name, sizeof name, &name_len, &type, &size, &decimals, &nullable);
    col.ind.resize(kBlock);
    if (natural_types && (type == SQL_INTEGER || type == SQL_BIGINT || type == SQL_SMALLINT || type == SQL_TINYINT)) {
      col.text = false;
      col.ints.resize(kBlock);
      check(SQLBindCol(st, c, SQL_C_SBIGINT, col.ints.data(), sizeof(std::int64_t), col.ind.data()), SQL_HANDLE_STMT,
            st, "SQLBindCol");
    } else if (natural_types && (type == SQL_DOUBLE || type == SQL_FLOAT || type == SQL_REAL)) {
      col.text = false;
      col.real = true;
      col.reals.resize(kBlock);
      check(SQLBindCol(st, c, SQL_C_DOUBLE, col.reals.data(), sizeof(double), col.ind.data()), SQL_HANDLE_STMT, st,
            "SQLBindCol");
    } else {
      col.chars.resize(kBlock * static_cast<std::size_t>(kTextWidth));
      check(SQLBindCol(st, c, SQL_C_CHAR, col.chars.data(), kTextWidth, col.ind.data()), SQL_HANDLE_STMT, st,
            "SQLBindCol");
    }
  }
  for (;;) {
    const SQLRETURN rc = SQLFetchScroll(st, SQL_FETCH_NEXT, 0);
    if (rc == SQL_NO_DATA) break;
    check(rc, SQL_HANDLE_STMT, st, "SQLFetchScroll");
    for (const Col& col : cols)
      for (SQLULEN r = 0; r < fetched; ++r) {
        const SQLLEN n = col.ind[r];
        if (n == SQL_NULL_DATA) continue;
        if (col.text) {
          // Touch the cell's bytes (first and last), not only the indicator.
          const char* cell = col.chars.data() + r * static_cast<std::size_t>(kTextWidth);
          const std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(n), kTextWidth - 1);
          out.touched += len + (len ? static_cast<unsigned char>(cell[0]) + static_cast<unsigned char>(cell[len - 1]) : 0);
        } else if (col.real) {
          out.touched += static_cast<std::uint64_t>(col.reals[r]);
        } else {
          out.touched += static_cast<std::uint64_t>(col.ints[r]);
        }
      }
    out.rows += fetched;
  }
  out.seconds = seconds_since(t0);
  out.cpu = thread_cpu_seconds() - c0;
  SQLFreeHandle(SQL_HANDLE_STMT, st);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
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
  const CeilingResult natural = ceiling(connection, query.sql, true);
  show("natural C types", natural.rows, natural.seconds, natural.cpu);
  CeilingResult text = natural;
  if (responses <= 2'000'000) {
    text = ceiling(connection, query.sql, false);
    show("all SQL_C_CHAR", text.rows, text.seconds, text.cpu);
    if (text.rows != natural.rows) fail("the two ceiling runs read different row counts");
  }
  // The faster binding is the ceiling.
  const CeilingResult& best = text.cpu <= natural.cpu ? text : natural;
  const double ceiling_rate = static_cast<double>(best.rows) / best.cpu;
  const double ceiling_wall_rate = static_cast<double>(best.rows) / best.seconds;

  // ---- (a) icm's loader, narrow profile: units + survey responses ----
  const fs::path narrow = fs::temp_directory_path() / ("icm-bench-profile-" + std::to_string(::getpid()));
  fs::create_directories(narrow);
  for (const char* f : {"unit.sql", "survey_response.sql", "settings.ini"})
    if (fs::exists(profile_dir / f)) fs::copy_file(profile_dir / f, narrow / f, fs::copy_options::overwrite_existing);
  icm::SessionOptions options;
  options.connection = connection;
  options.profile_dir = narrow.string();
  Clock::time_point units_done{};
  double units_done_cpu = 0;
  std::uint64_t units_rows = 0;
  options.progress = [&](const char* record, std::uint64_t rows, std::uint64_t) {
    if (std::strcmp(record, "unit") == 0) {
      units_done = Clock::now();
      units_done_cpu = thread_cpu_seconds();
      units_rows = rows;
    }
  };
  icm::Settings settings;
  try {
    settings = icm::Settings::load((narrow / "settings.ini").string());
  } catch (const std::exception& e) {
    fail(std::string("settings: ") + e.what());
  }
  const auto t0 = Clock::now();
  const double c0 = thread_cpu_seconds();
  icm::Snapshot snap;
  try {
    snap = icm::load_snapshot(options, settings);
  } catch (const std::exception& e) {
    fail(std::string("load_snapshot: ") + e.what());
  }
  const auto t1 = Clock::now();
  const double c1 = thread_cpu_seconds();
  fs::remove_all(narrow);
  const auto& acc = snap.account(icm::Record::survey_response);
  const double whole = std::chrono::duration<double>(t1 - t0).count();
  const bool marked = units_done != Clock::time_point{};
  const double responses_s = std::chrono::duration<double>(t1 - (marked ? units_done : t0)).count();
  const double responses_cpu = c1 - (marked ? units_done_cpu : c0);
  const double icm_rate = static_cast<double>(acc.read) / responses_cpu;
  std::printf("\nicm load_snapshot (profile narrowed to unit + survey_response):\n");
  std::printf("  whole load             wall %7.2f s, CPU %7.2f s (%llu units)\n", whole, c1 - c0,
              static_cast<unsigned long long>(units_rows));
  show("survey_response", acc.read, responses_s, responses_cpu);
  std::printf("  %-22s %llu accepted, %llu rejected\n", "", static_cast<unsigned long long>(acc.accepted),
              static_cast<unsigned long long>(acc.rejected));
  if (acc.read != text.rows) fail("icm read a different number of rows than the ceiling");

  const double ratio = icm_rate / ceiling_rate;
  std::printf("\nSummary (%llu responses): icm %.3f M rows/s, ceiling %.3f M rows/s (CPU; wall %.3f vs %.3f):\n"
              "  RATIO icm/ceiling %.2f (target >= 0.9)%s\n",
              static_cast<unsigned long long>(responses), icm_rate / 1e6, ceiling_rate / 1e6,
              static_cast<double>(acc.read) / responses_s / 1e6, ceiling_wall_rate / 1e6, ratio,
              ratio >= 0.9 ? "" : "  ** TARGET MISSED **");
  return 0;
}
