// A dataset as the faces see it: named, typed columns with NULLs, labels in English and
// Chinese. Suppression (confidentiality) is a boolean column named "suppressed"; a suppressed
// row has every statistic column NULL, so no face can show what the core hid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace icm {

enum class ColumnType : std::uint8_t { integer = 1, real = 2, text = 3, boolean = 4 };

struct Column {
  std::string name;      // SQL-safe snake_case, the same in every face
  ColumnType type = ColumnType::text;
  std::string label_en;  // header for people
  std::string label_zh;
  // Exactly one of these holds values, by type (boolean uses ints 0/1).
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  std::vector<std::string> texts;
  std::vector<std::uint8_t> null;  // 1 = NULL
};

class Table {
 public:
  Table() = default;
  explicit Table(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return columns_.size(); }
  const Column& column(std::size_t i) const { return columns_.at(i); }
  Column& column(std::size_t i) { return columns_.at(i); }
  // Index of a column by name, or -1.
  int find(const std::string& name) const;

  // Schema first, then rows appended cell by cell through the Row helper.
  std::size_t add_column(std::string name, ColumnType type, std::string label_en,
                         std::string label_zh);

  class RowWriter {
   public:
    RowWriter& integer(std::int64_t v);
    RowWriter& real(double v);  // NaN is stored as NULL
    RowWriter& text(std::string v);
    RowWriter& boolean(bool v);
    RowWriter& null();
    ~RowWriter();  // checks that every column got a value (debug builds)
   private:
    friend class Table;
    explicit RowWriter(Table& t) : t_(t) {}
    Table& t_;
    std::size_t next_ = 0;
  };
  RowWriter append();

  bool is_null(std::size_t col, std::size_t row) const { return columns_.at(col).null.at(row) != 0; }
  // Cell as display text ("" for NULL); reals with up to 6 significant decimals.
  std::string cell_text(std::size_t col, std::size_t row) const;

 private:
  void finish_row(std::size_t filled);
  std::string name_;
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

// The rows of `t` whose `period` column equals `period`, in order; a table without a period
// column is returned whole. This is what a period means in every face: a filter of the one
// protected publication, never a second computation (docs/methods.md, "Confidentiality").
Table rows_of_period(const Table& t, const std::string& period);

}  // namespace icm
