// Runs one profile query and walks its rows block by block, with the record's accounting:
// every row handed to the caller ends up accepted or rejected (read == accepted + rejected).
// Required columns are located by name (case-insensitive) before the first row is fetched.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/model/snapshot.hpp"
#include "source/odbc.hpp"
#include "source/profile.hpp"
#include "source/session.hpp"

namespace icm {

// Outcome of reading a number from a cell.
enum class NumberStatus { ok, null, bad };

class RecordReader;

// One row of the current block. Columns are addressed by their position in the record's
// required-column list.
class Row {
 public:
  Row(RecordReader& reader, std::size_t row, std::uint64_t number) : reader_(reader), row_(row), number_(number) {}
  bool null(int k) const;  // (the hot accessors are defined inline below RecordReader)
  // Text of the cell; numbers are formatted into a per-column scratch buffer. Empty for NULL.
  std::string_view text(int k) const;
  NumberStatus int64(int k, std::int64_t& out) const;  // (inline: integer cells; else int64_converted)
  // True (with the value) when the cell is non-NULL in a column the driver delivers as an integer:
  // lets hot loops skip formatting the integer as text and parsing it back.
  bool integer_cell(int k, std::int64_t& out) const;
  NumberStatus real(int k, double& out) const;
  std::uint64_t number() const { return number_; }
  std::size_t index() const { return row_; }
  // Counts the row as rejected under `code` (kept as an example while there are fewer than 5
  // for that code) and returns false, so handlers can `return row.reject(...)`.
  bool reject(const char* code, int k, const std::string& reason) const;

 private:
  std::string_view formatted(int k) const;  // text() of a non-NULL cell bound as a number
  NumberStatus int64_converted(int k, std::int64_t& out) const;  // int64() of a cell not bound as an integer
  RecordReader& reader_;
  std::size_t row_;
  std::uint64_t number_;
};

class RecordReader {
 public:
  // Executes the record's query; `required` are the DESIGN §3.1 columns. The account is
  // marked present. A query that uses :period is refused: queries read every period.
  // `row_number_column` (or nullptr) names an extra result column holding each row's number in
  // the profile query's own result (a pushdown re-read of some rows keeps their numbers).
  RecordReader(odbc::Connection& connection, const ProfileQuery& query, Record record,
               std::vector<const char*> required, const SessionOptions& options,
               RecordAccount& account, const char* row_number_column = nullptr);

  // The described result columns and where required column k sits among them.
  const std::vector<odbc::ColumnInfo>& columns() const { return statement_->columns(); }
  std::size_t column_of(int k) const { return map_[static_cast<std::size_t>(k)]; }

  // Calls fn(Row&) -> bool (true = accepted) for every row in scope.
  template <class Fn>
  void for_each(Fn&& fn) {
    while (fetch_next_block()) {
      const std::size_t rows = statement_->rows_in_block();
      for (std::size_t r = 0; r < rows; ++r) {
        ++account_.read;
        Row row(*this, r, row_number_column_ == kNone ? account_.read : row_number(r));
        if (!fits(row)) continue;
        if (fn(row)) ++account_.accepted;
        if (account_.read % kProgressEvery == 0) report_progress();
      }
    }
    report_progress();
    if (account_.read != account_.accepted + account_.rejected)
      throw Error(ErrorCode::internal, query_.path + ": row accounting is off");
  }

  // The value of a cell as text for reject examples (copied; only used on rejection).
  std::string value_text(int k, std::size_t row) const;

 private:
  friend class Row;
  // Often enough that a person watching sees movement, rare enough to cost nothing.
  static constexpr std::uint64_t kProgressEvery = 10000;
  // The next block of rows; a driver failure while fetching (a server that went away) names the
  // profile file, as prepare and execute errors do.
  bool fetch_next_block() {
    try {
      return statement_->fetch_block();
    } catch (const Error& e) {
      throw Error(e.code(), query_.path + ": " + e.what());
    }
  }
  // Rows per SQLFetchScroll. 256 keeps a block's buffers (≈ 200 KB for survey responses) in the
  // core's cache between the driver writing them and icm reading them; against 1000 rows it
  // measured 2–4 % less CPU on PostgreSQL and the same on SQLite (bench/README.md).
  static constexpr std::size_t kRowsPerBlock = 256;
  std::uint64_t row_number(std::size_t row) const;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t row_number_column_ = kNone;  // result column with the row's number, or kNone
  // False (and the row rejected as value_too_long) when a text cell overflowed its buffer:
  // a cut-off key would silently join to the wrong thing.
  bool fits(const Row& row) const {
    for (const int k : text_columns_)
      if (cells_[static_cast<std::size_t>(k)].truncated(row.index())) return too_long(row, k);
    return true;
  }
  bool too_long(const Row& row, int k) const;
  void report_progress() const;

  const ProfileQuery& query_;
  Record record_;
  const SessionOptions& options_;
  RecordAccount& account_;
  std::unique_ptr<odbc::Statement> statement_;
  std::vector<const char*> required_;
  std::vector<std::size_t> map_;  // required column -> result column
  std::vector<odbc::Statement::CellBuffers> cells_;  // required column -> its bound buffers
  std::vector<int> text_columns_;  // required columns bound as text
  mutable std::vector<std::array<char, 48>> scratch_;
};

inline bool Row::null(int k) const { return reader_.cells_[static_cast<std::size_t>(k)].null(row_); }

inline std::string_view Row::text(int k) const {
  const odbc::Statement::CellBuffers& b = reader_.cells_[static_cast<std::size_t>(k)];
  if (b.binding == odbc::Binding::text) return b.text(row_);
  return b.null(row_) ? std::string_view() : formatted(k);
}

inline NumberStatus Row::int64(int k, std::int64_t& out) const {
  const odbc::Statement::CellBuffers& b = reader_.cells_[static_cast<std::size_t>(k)];
  if (b.binding != odbc::Binding::int64) return int64_converted(k, out);
  if (b.indicator[row_] == SQL_NULL_DATA) return NumberStatus::null;
  out = b.ints[row_];
  return NumberStatus::ok;
}

inline bool Row::integer_cell(int k, std::int64_t& out) const {
  const odbc::Statement::CellBuffers& b = reader_.cells_[static_cast<std::size_t>(k)];
  if (b.binding != odbc::Binding::int64 || b.indicator[row_] == SQL_NULL_DATA) return false;
  out = b.ints[row_];
  return true;
}

}  // namespace icm
