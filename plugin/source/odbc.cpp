// RAII handles and the column-wise block cursor. The cursor binds each column once, fetches
// `rows_per_block` rows per driver call, and hands out views into its own buffers, so reading a
// cell costs no allocation: this is the loader's hot path.
#include "source/odbc.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "source/load_watch.hpp"
#include "source/read_only.hpp"
#include "source/sqlite_guard.hpp"

namespace icm::odbc {

namespace {

bool ok(SQLRETURN rc) { return SQL_SUCCEEDED(rc); }

}  // namespace

Binding binding_for(SQLSMALLINT sql_type) {
  switch (sql_type) {
    case SQL_TINYINT:
    case SQL_SMALLINT:
    case SQL_INTEGER:
    case SQL_BIGINT:
    case SQL_BIT:
      return Binding::int64;
    case SQL_REAL:
    case SQL_FLOAT:
    case SQL_DOUBLE:
    case SQL_NUMERIC:
    case SQL_DECIMAL:
      return Binding::real;
    default:
      return Binding::text;
  }
}

Environment::Environment() {
  if (!ok(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env_)))
    throw Error(ErrorCode::source, "ODBC: cannot allocate an environment handle");
  if (!ok(SQLSetEnvAttr(env_, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0))) {
    SQLFreeHandle(SQL_HANDLE_ENV, env_);
    throw Error(ErrorCode::source, "ODBC: the driver manager refused ODBC version 3");
  }
}

Environment::~Environment() { SQLFreeHandle(SQL_HANDLE_ENV, env_); }

Connection::Connection(Environment& env, std::string_view connection, int login_timeout_seconds,
                       int query_timeout_seconds) {
  const std::string normal = normalise_connection_string(connection);
  redacted_ = redact_connection_string(normal);
  secrets_ = connection_secrets(normal);
  std::string hardened;
  try {
    hardened = hardened_connection_string(normal, driver_kind(normal), login_timeout_seconds, query_timeout_seconds);
  } catch (const Error& e) {
    throw Error(e.code(), "ODBC source '" + redacted_ + "': " + e.what());
  }
  if (!ok(SQLAllocHandle(SQL_HANDLE_DBC, env.get(), &dbc_)))
    throw_diagnostics(SQL_HANDLE_ENV, env.get(), "ODBC: cannot allocate a connection handle");
  if (login_timeout_seconds > 0)  // optional feature: drivers that lack it are fine
    SQLSetConnectAttr(dbc_, SQL_ATTR_LOGIN_TIMEOUT,
                      reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(login_timeout_seconds)), 0);
  std::vector<SQLCHAR> text(hardened.begin(), hardened.end());
  text.push_back(0);
  SQLCHAR out[1024];
  SQLSMALLINT out_length = 0;
  bool sqlite_guarded = false, sqlite_refused = false;
  SQLRETURN rc;
  // The login timeout, not the query timeout, limits connecting (plus the drivers' slack).
  watch::waiting("connecting to the database", nullptr, login_timeout_seconds > 0 ? login_timeout_seconds + 5 : 0);
  {
    sqlite_guard::Armed guard;  // SQLite databases this thread opens while connecting
    rc = SQLDriverConnect(dbc_, nullptr, text.data(), SQL_NTS, out, static_cast<SQLSMALLINT>(sizeof out),
                          &out_length, SQL_DRIVER_NOPROMPT);
    sqlite_guarded = guard.guarded();
    sqlite_refused = guard.refused();
  }
  if (!ok(rc)) {
    try {
      if (sqlite_refused)
        throw Error(ErrorCode::source, "cannot open ODBC source '" + redacted_ +
                                           "': the SQLite database was opened for writing, and icm only reads (it "
                                           "opens SQLite files with a file: URI and mode=ro; use icm --db FILE or "
                                           "DRIVER=SQLite3;Database=FILE)");
      throw_diagnostics(SQL_HANDLE_DBC, dbc_, "cannot open ODBC source '" + redacted_ + "'", secrets_);
    } catch (...) {
      SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
      throw;
    }
  }
  connected_ = true;
  try {
    watch::answered();
    watch::waiting("setting up the read-only session");
    // A hint only (psqlODBC and MariaDB Connector/ODBC accept it and still write, sqliteodbc
    // ignores it): enforce_read_only makes each server refuse writes itself.
    SQLSetConnectAttr(dbc_, SQL_ATTR_ACCESS_MODE, reinterpret_cast<SQLPOINTER>(SQL_MODE_READ_ONLY), 0);
    SQLCHAR dbms[64] = {0};
    SQLSMALLINT dbms_length = 0;
    if (ok(SQLGetInfo(dbc_, SQL_DBMS_NAME, dbms, static_cast<SQLSMALLINT>(sizeof dbms), &dbms_length))) {
      std::string name(reinterpret_cast<const char*>(dbms));
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      typed_columns_ = name.find("sqlite") == std::string::npos;
      dbms_ = name;
    }
    enforce_read_only(dbc_, dbms_, sqlite_guarded, redacted_, secrets_);
    // psqlODBC splits a statement's text on ';' and runs every part: each statement is first
    // parsed by the server itself (Statement::prepare).
    check_single_query_ = dbms_.find("postgres") != std::string::npos;
    // One snapshot for the whole load: records read one after another (units, then responses,
    // then complaints …) and pushdown's several statements over one record must not see a
    // database that changed in between (an HR system keeps writing while icm reads). Both
    // servers take the snapshot at the transaction's first read and keep it until it ends.
    const bool server = check_single_query_ || dbms_.find("mariadb") != std::string::npos ||
                        dbms_.find("mysql") != std::string::npos;
    if (server &&
        ok(SQLSetConnectAttr(dbc_, SQL_ATTR_TXN_ISOLATION, reinterpret_cast<SQLPOINTER>(SQL_TXN_REPEATABLE_READ), 0)) &&
        ok(SQLSetConnectAttr(dbc_, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0)))
      one_snapshot_ = true;
  } catch (...) {
    SQLDisconnect(dbc_);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
    throw;
  }
}

Connection::~Connection() {
  // End the read transaction first: drivers refuse to disconnect inside one (state 25000).
  if (connected_ && one_snapshot_) SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_ROLLBACK);
  if (connected_) SQLDisconnect(dbc_);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
}

Statement::Statement(Connection& connection)
    : dbc_(connection.get()),
      secrets_(connection.secrets()),
      typed_columns_(connection.typed_columns()),
      check_single_query_(connection.checks_single_query()) {
  if (!ok(SQLAllocHandle(SQL_HANDLE_STMT, connection.get(), &stmt_)))
    throw_diagnostics(SQL_HANDLE_DBC, connection.get(), "ODBC: cannot allocate a statement",
                      secrets_);
}

Statement::~Statement() { SQLFreeHandle(SQL_HANDLE_STMT, stmt_); }

void Statement::prepare(const std::string& sql) {
  // A NUL would end the text the driver reads early (the profile gate refuses them in files).
  if (sql.find('\0') != std::string::npos) throw Error(ErrorCode::internal, "a query holds a NUL byte");
  if (check_single_query_) {
    const std::string check = single_query_check(sql);
    SQLHSTMT probe = SQL_NULL_HSTMT;
    if (!ok(SQLAllocHandle(SQL_HANDLE_STMT, dbc_, &probe)))
      throw_diagnostics(SQL_HANDLE_DBC, dbc_, "ODBC: cannot allocate a statement", secrets_);
    std::vector<SQLCHAR> probe_text(check.begin(), check.end());
    probe_text.push_back(0);
    watch::waiting("having the server check the query");
    const SQLRETURN rc = SQLExecDirect(probe, probe_text.data(), SQL_NTS);
    if (!ok(rc) && rc != SQL_NO_DATA) {
      try {
        throw_diagnostics(SQL_HANDLE_STMT, probe, "the server does not read the query as one query returning rows, "
                                                  "so it was not run", secrets_);
      } catch (...) {
        SQLFreeHandle(SQL_HANDLE_STMT, probe);
        throw;
      }
    }
    SQLFreeHandle(SQL_HANDLE_STMT, probe);
    watch::answered();
  }
  std::vector<SQLCHAR> text(sql.begin(), sql.end());
  text.push_back(0);
  watch::waiting("preparing the query");
  if (!ok(SQLPrepare(stmt_, text.data(), SQL_NTS)))
    throw_diagnostics(SQL_HANDLE_STMT, stmt_, "cannot prepare the query", secrets_);
  watch::answered();
}

void Statement::bind_text(SQLUSMALLINT index, std::string_view value) {
  auto param = std::make_unique<Param>();
  param->value = std::string(value);
  param->length = static_cast<SQLLEN>(param->value.size());
  const SQLULEN column_size = std::max<SQLULEN>(1, param->value.size());
  if (!ok(SQLBindParameter(stmt_, index, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, column_size, 0,
                           param->value.data(), param->length, &param->length)))
    throw_diagnostics(SQL_HANDLE_STMT, stmt_, "cannot bind query parameter " + std::to_string(index),
                      secrets_);
  params_.push_back(std::move(param));
}

void Statement::execute() {
  watch::waiting("running the query");
  const SQLRETURN rc = SQLExecute(stmt_);
  if (!ok(rc) && rc != SQL_NO_DATA)
    throw_diagnostics(SQL_HANDLE_STMT, stmt_, "the query failed", secrets_);
  watch::answered();
}

const std::vector<ColumnInfo>& Statement::describe() {
  SQLSMALLINT count = 0;
  if (!ok(SQLNumResultCols(stmt_, &count)))
    throw_diagnostics(SQL_HANDLE_STMT, stmt_, "cannot describe the result", secrets_);
  std::vector<ColumnInfo> out(static_cast<std::size_t>(count));
  for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(count); ++c) {
    SQLCHAR name[256] = {0};
    SQLSMALLINT name_length = 0, nullable = 0;
    ColumnInfo& info = out[c - 1];
    if (!ok(SQLDescribeCol(stmt_, c, name, static_cast<SQLSMALLINT>(sizeof name), &name_length,
                           &info.sql_type, &info.size, &info.decimals, &nullable)))
      throw_diagnostics(SQL_HANDLE_STMT, stmt_, "cannot describe result column " + std::to_string(c),
                        secrets_);
    info.name = reinterpret_cast<const char*>(name);
  }
  columns_ = std::move(out);
  watch::answered();
  return columns_;
}

void Statement::bind_block(std::size_t rows_per_block, const std::vector<std::size_t>& max_text) {
  if (columns_.empty()) describe();
  bound_.assign(columns_.size(), Bound{});
  row_status_.assign(rows_per_block, 0);
  auto set = [&](SQLINTEGER attr, SQLPOINTER value) {
    if (!ok(SQLSetStmtAttr(stmt_, attr, value, 0)))
      throw_diagnostics(SQL_HANDLE_STMT, stmt_, "the driver refused a block cursor", secrets_);
  };
  set(SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(SQL_BIND_BY_COLUMN)));
  set(SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(rows_per_block)));
  set(SQL_ATTR_ROW_STATUS_PTR, row_status_.data());
  set(SQL_ATTR_ROWS_FETCHED_PTR, &rows_fetched_);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const std::size_t cap = c < max_text.size() ? max_text[c] : 0;
    if (cap == 0) continue;  // not needed: the driver skips unbound columns
    Bound& b = bound_[c];
    b.binding = typed_columns_ ? binding_for(columns_[c].sql_type) : Binding::text;
    b.indicator.assign(rows_per_block, 0);
    SQLRETURN rc = SQL_SUCCESS;
    const auto column = static_cast<SQLUSMALLINT>(c + 1);
    switch (b.binding) {
      case Binding::int64:
        b.ints.assign(rows_per_block, 0);
        rc = SQLBindCol(stmt_, column, SQL_C_SBIGINT, b.ints.data(), sizeof(std::int64_t),
                        b.indicator.data());
        break;
      case Binding::real:
        b.reals.assign(rows_per_block, 0);
        rc = SQLBindCol(stmt_, column, SQL_C_DOUBLE, b.reals.data(), sizeof(double),
                        b.indicator.data());
        break;
      case Binding::text: {
        // Sizes are in characters; UTF-8 needs up to 4 bytes each. Unknown or huge sizes
        // (TEXT, CLOB) get the cap: longer cells are reported as truncated, never overrun.
        const std::size_t described = static_cast<std::size_t>(columns_[c].size);
        std::size_t bytes = described == 0 || described > cap ? cap : described * 4;
        bytes = std::clamp<std::size_t>(bytes, std::min<std::size_t>(32, cap), cap);
        b.width = bytes + 1;
        b.chars.assign(rows_per_block * b.width, 0);
        rc = SQLBindCol(stmt_, column, SQL_C_CHAR, b.chars.data(), static_cast<SQLLEN>(b.width),
                        b.indicator.data());
        break;
      }
    }
    if (!ok(rc))
      throw_diagnostics(SQL_HANDLE_STMT, stmt_, "cannot bind result column '" + columns_[c].name + "'",
                        secrets_);
  }
}

bool Statement::fetch_block() {
  rows_fetched_ = 0;
  watch::waiting("reading rows");
  const SQLRETURN rc = SQLFetchScroll(stmt_, SQL_FETCH_NEXT, 0);
  watch::answered();
  if (rc == SQL_NO_DATA) return false;
  if (!ok(rc)) throw_diagnostics(SQL_HANDLE_STMT, stmt_, "reading the result failed", secrets_);
  return rows_fetched_ > 0;
}

}  // namespace icm::odbc
