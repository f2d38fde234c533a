// A thin RAII layer over unixODBC for the source side: one environment, a read-only
// connection, statements with bound text parameters, and a column-wise block cursor whose
// buffers the loader reads directly (no per-cell allocation).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icm::odbc {

// Replaces the values of credential keys (PWD, Password, …) in a connection string by "***".
// Every message that may contain a connection string goes through this.
std::string redact_connection_string(std::string_view connection);

// "name" without '=' is a DSN; anything else is passed to SQLDriverConnect unchanged.
std::string normalise_connection_string(std::string_view connection);

// The value of attribute `key` (case-insensitive, braces removed), or nullopt when absent.
std::optional<std::string> connection_attribute(std::string_view connection, std::string_view key);
// `connection` with every `key=` attribute removed and `key=value` appended (braced if needed).
std::string set_connection_attribute(std::string_view connection, std::string_view key, std::string_view value);

// The credential values of a connection string, so driver messages can be scrubbed of them.
std::vector<std::string> connection_secrets(std::string_view connection);

// Throws icm::Error(source) built from the diagnostics of `handle`; `context` says what was
// being done. Every string in `secrets` is scrubbed from the driver's text.
[[noreturn]] void throw_diagnostics(SQLSMALLINT handle_type, SQLHANDLE handle,
                                    const std::string& context,
                                    const std::vector<std::string>& secrets = {});

class Environment {
 public:
  Environment();
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  SQLHENV get() const { return env_; }

 private:
  SQLHENV env_ = SQL_NULL_HENV;
};

class Connection {
 public:
  // Connects without prompting, read-only as each database itself can guarantee it
  // (read_only.hpp): throws Error(source) when that cannot be ensured. query_timeout_seconds
  // (0 = none) sets the driver's own socket timeouts where it has them (MariaDB).
  Connection(Environment& env, std::string_view connection, int login_timeout_seconds = 30,
             int query_timeout_seconds = 0);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  SQLHDBC get() const { return dbc_; }
  const std::string& redacted() const { return redacted_; }
  const std::vector<std::string>& secrets() const { return secrets_; }
  // False for databases that do not enforce declared column types (SQLite: an INTEGER column
  // may hold 'abc', which the driver would silently fetch as 0). Their numbers are then
  // fetched as text and parsed by icm, so bad values are rejected instead of zeroed.
  bool typed_columns() const { return typed_columns_; }
  // SQL_DBMS_NAME in lower case ("postgresql", "mariadb", "sqlite", …; "" if the driver says not).
  const std::string& dbms() const { return dbms_; }
  // True when every statement of this connection reads one snapshot of the database: on
  // PostgreSQL and MariaDB/MySQL the connection runs one REPEATABLE READ, read-only transaction
  // from its first statement until it is closed (rolled back: nothing to keep). Elsewhere
  // (SQLite: a held read transaction would block the application's writers) each statement
  // reads its own.
  bool one_snapshot() const { return one_snapshot_; }
  // True on PostgreSQL: every statement is parsed by the server as one query before it is
  // prepared (read_only.hpp, single_query_check).
  bool checks_single_query() const { return check_single_query_; }

 private:
  SQLHDBC dbc_ = SQL_NULL_HDBC;
  std::string redacted_;
  std::vector<std::string> secrets_;
  bool connected_ = false;
  bool typed_columns_ = true;
  bool one_snapshot_ = false;
  bool check_single_query_ = false;
  std::string dbms_;
};

struct ColumnInfo {
  std::string name;
  SQLSMALLINT sql_type = 0;
  SQLULEN size = 0;
  SQLSMALLINT decimals = 0;
};

// How a column is bound: numeric types the driver can convert exactly are fetched as numbers
// (when the database enforces column types, see Connection::typed_columns).
enum class Binding : std::uint8_t { text, int64, real };
// The binding a column of this SQL type gets on a typed_columns() connection.
Binding binding_for(SQLSMALLINT sql_type);

class Statement {
 public:
  explicit Statement(Connection& connection);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void prepare(const std::string& sql);
  // Binds `value` as the 1-based input parameter `index` (SQL_VARCHAR). The string is copied
  // and kept alive by the statement until it is destroyed.
  void bind_text(SQLUSMALLINT index, std::string_view value);
  void execute();
  // Describes the result's columns (also available as columns() afterwards).
  const std::vector<ColumnInfo>& describe();

  // Block cursor, column-wise with `rows_per_block` rows. Binds result column c when
  // max_text[c] > 0; text buffers are sized from the described column size, capped at
  // max_text[c] bytes. Drivers report TEXT as 64K and sqliteodbc pads every cell to the buffer
  // width (strncpy), so narrow buffers and unbound unused columns save real time.
  // Call after execute(); columns() is known after describe() or here.
  void bind_block(std::size_t rows_per_block, const std::vector<std::size_t>& max_text);
  // Fetches the next block; false at the end of the result.
  bool fetch_block();
  std::size_t rows_in_block() const { return static_cast<std::size_t>(rows_fetched_); }
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  Binding binding(std::size_t col) const { return bound_[col].binding; }

  // The bound buffers of result column `col` as plain pointers, for hot loops that read many
  // cells of a few columns (RecordReader's Row): valid until the next bind_block().
  struct CellBuffers {
    Binding binding = Binding::text;
    std::size_t width = 0;  // bytes per text cell including the terminator
    const char* chars = nullptr;
    const std::int64_t* ints = nullptr;
    const double* reals = nullptr;
    const SQLLEN* indicator = nullptr;

    bool null(std::size_t row) const { return indicator[row] == SQL_NULL_DATA; }
    // True when a text cell was longer than its buffer (text() then holds the prefix).
    bool truncated(std::size_t row) const {
      if (binding != Binding::text) return false;
      const SQLLEN n = indicator[row];
      return n == SQL_NO_TOTAL || (n >= 0 && static_cast<std::size_t>(n) >= width);
    }
    // Text of a text-bound cell, without copying; empty for NULL.
    std::string_view text(std::size_t row) const {
      const SQLLEN n = indicator[row];
      if (n == SQL_NULL_DATA) return {};
      const char* cell = chars + row * width;
      if (n == SQL_NO_TOTAL || n < 0 || static_cast<std::size_t>(n) >= width) return std::string_view(cell, width - 1);
      return std::string_view(cell, static_cast<std::size_t>(n));
    }
  };
  CellBuffers buffers(std::size_t col) const {
    const Bound& b = bound_[col];
    return CellBuffers{b.binding, b.width, b.chars.data(), b.ints.data(), b.reals.data(), b.indicator.data()};
  }

  bool is_null(std::size_t col, std::size_t row) const { return buffers(col).null(row); }
  bool truncated(std::size_t col, std::size_t row) const { return buffers(col).truncated(row); }
  std::string_view text(std::size_t col, std::size_t row) const { return buffers(col).text(row); }
  std::int64_t int64(std::size_t col, std::size_t row) const { return bound_[col].ints[row]; }
  double real(std::size_t col, std::size_t row) const { return bound_[col].reals[row]; }

  SQLHSTMT get() const { return stmt_; }

 private:
  struct Bound {
    Binding binding = Binding::text;
    std::size_t width = 0;  // bytes per text cell including the terminator
    std::vector<char> chars;
    std::vector<std::int64_t> ints;
    std::vector<double> reals;
    std::vector<SQLLEN> indicator;
  };
  SQLHSTMT stmt_ = SQL_NULL_HSTMT;
  struct Param {  // heap-held so the addresses given to the driver stay valid
    std::string value;
    SQLLEN length = 0;
  };
  std::vector<std::unique_ptr<Param>> params_;
  std::vector<ColumnInfo> columns_;
  std::vector<Bound> bound_;
  std::vector<SQLUSMALLINT> row_status_;
  SQLULEN rows_fetched_ = 0;
  SQLHDBC dbc_ = SQL_NULL_HDBC;
  std::vector<std::string> secrets_;
  bool typed_columns_ = true;
  bool check_single_query_ = false;
};

}  // namespace icm::odbc
