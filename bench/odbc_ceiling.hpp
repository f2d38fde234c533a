// What the ODBC ingest benchmarks share: timers, ODBC error checks, and the ceiling — a plain
// unixODBC loop (one statement, column-wise block cursor of 1000 rows, every value touched) that
// icm's loader is measured against.
#pragma once

#include <sql.h>
#include <sqlext.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace icm_bench {

namespace fs = std::filesystem;

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
// This thread's CPU time (the ODBC driver runs in this thread too): steadier than wall time on a
// shared machine.
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The running benchmark's name, for messages.
inline const char* program = "bench";

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "%s: FAILED: %s\n", program, what.c_str());
  std::exit(1);
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char* what) {
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
// text_width: bytes per text cell (a driver may pad every cell to the buffer width, so wide
// buffers cost memory traffic).
inline CeilingResult ceiling(const std::string& connection, const std::string& sql, bool natural_types,
                             SQLLEN text_width = 256) {
  constexpr SQLULEN kBlock = 1000;
  const SQLLEN kTextWidth = std::max<SQLLEN>(16, text_width);
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
  SQLCloseCursor(st);
  out.seconds = seconds_since(t0);
  out.cpu = thread_cpu_seconds() - c0;
  SQLFreeHandle(SQL_HANDLE_STMT, st);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return out;
}

}  // namespace icm_bench
