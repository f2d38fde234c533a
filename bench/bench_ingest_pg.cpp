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
#include "core/settings.hpp"
#include "source/loader.hpp"
#include "source/profile.hpp"

#ifndef ICM_SAMPLE_PROFILE_DIR
#define ICM_SAMPLE_PROFILE_DIR "profiles/sample"
#endif

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_ingest_pg: FAILED: %s\n", what.c_str());
  std::exit(1);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
  if (SQL_SUCCEEDED(rc)) return;
  SQLCHAR state[6] = {0}, msg[512] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len);
  fail(std::string(what) + ": [" + reinterpret_cast<char*>(state) + "] " + reinterpret_cast<char*>(msg));
}

struct Result {
  std::uint64_t rows = 0, touched = 0;  // touched: keeps the value reads from being optimised away
  double seconds = 0, cpu = 0;
};

// The ceiling: one statement, column-wise block cursor of 1000 rows, every value touched.
Result ceiling(const std::string& connection, const std::string& sql, bool natural_types) {
  constexpr SQLULEN kBlock = 1000;
  constexpr SQLLEN kTextWidth = 256;
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

  Result out;
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
  SQLCloseCursor(st);
  out.seconds = seconds_since(t0);
  out.cpu = thread_cpu_seconds() - c0;
  SQLFreeHandle(SQL_HANDLE_STMT, st);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return out;
}

struct IcmResult {
  Result responses;
  double whole_seconds = 0, whole_cpu = 0;
  std::uint64_t units = 0, accepted = 0, rejected = 0;
};

IcmResult icm_load(const std::string& connection, const fs::path& profile_dir) {
  const fs::path narrow = fs::temp_directory_path() / ("icm-bench-pg-profile-" + std::to_string(::getpid()));
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

  auto best_of = [&](auto run) {
    auto best = run();
    for (int i = 1; i < repeat; ++i) {
      auto r = run();
      if (r.cpu < best.cpu) best = r;
    }
    return best;
  };

  std::printf("ceiling, plain unixODBC loop (same query text, 1000-row column-wise blocks, every value touched; "
              "best of %d):\n",
              repeat);
  const Result natural = best_of([&] { return ceiling(connection, query.sql, true); });
  show("natural C types", natural);
  const Result text = best_of([&] { return ceiling(connection, query.sql, false); });
  show("all SQL_C_CHAR", text);
  if (text.rows != natural.rows) fail("the two ceiling runs read different row counts");
  const Result& best = text.cpu <= natural.cpu ? text : natural;
  result_line("c_natural", natural);
  result_line("c_char", text);
  result_line("c", best);

  std::printf("icm load_snapshot (profile narrowed to unit + survey_response; best of %d):\n", repeat);
  IcmResult icm = icm_load(connection, profile_dir);
  for (int i = 1; i < repeat; ++i) {
    IcmResult r = icm_load(connection, profile_dir);
    if (r.responses.cpu < icm.responses.cpu) icm = r;
  }
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
