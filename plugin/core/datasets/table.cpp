#include "core/datasets/table.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <exception>

#include "core/error.hpp"

namespace icm {

int Table::find(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<int>(i);
  return -1;
}

std::size_t Table::add_column(std::string name, ColumnType type, std::string label_en,
                              std::string label_zh) {
  ICM_REQUIRE(rows_ == 0, "columns must be added before rows");
  ICM_REQUIRE(find(name) < 0, "duplicate column name '" + name + "'");
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.label_en = std::move(label_en);
  c.label_zh = std::move(label_zh);
  columns_.push_back(std::move(c));
  return columns_.size() - 1;
}

Table::RowWriter Table::append() { return RowWriter(*this); }

namespace {

Column& next_column(std::vector<Column>& columns, std::size_t next) {
  if (next >= columns.size())
    throw Error(ErrorCode::internal, "row has more values than the table has columns");
  return columns[next];
}

void push_null(Column& c) {
  switch (c.type) {
    case ColumnType::integer:
    case ColumnType::boolean: c.ints.push_back(0); break;
    case ColumnType::real: c.reals.push_back(0.0); break;
    case ColumnType::text: c.texts.emplace_back(); break;
  }
  c.null.push_back(1);
}

}  // namespace

// Each typed setter pushes a value (and a zero NULL flag) into the column's own vector; a value of
// the wrong type for its column is a bug in a builder, reported as internal.
Table::RowWriter& Table::RowWriter::integer(std::int64_t v) {
  Column& c = next_column(t_.columns_, next_);
  if (c.type == ColumnType::real) return real(static_cast<double>(v));
  if (c.type != ColumnType::integer && c.type != ColumnType::boolean)
    throw Error(ErrorCode::internal, "integer value for non-integer column " + c.name);
  c.ints.push_back(v);
  c.null.push_back(0);
  ++next_;
  return *this;
}

Table::RowWriter& Table::RowWriter::real(double v) {
  Column& c = next_column(t_.columns_, next_);
  if (c.type != ColumnType::real)
    throw Error(ErrorCode::internal, "real value for non-real column " + c.name);
  c.reals.push_back(std::isnan(v) ? 0.0 : v);
  c.null.push_back(std::isnan(v) ? 1 : 0);
  ++next_;
  return *this;
}

Table::RowWriter& Table::RowWriter::text(std::string v) {
  Column& c = next_column(t_.columns_, next_);
  if (c.type != ColumnType::text)
    throw Error(ErrorCode::internal, "text value for non-text column " + c.name);
  c.texts.push_back(std::move(v));
  c.null.push_back(0);
  ++next_;
  return *this;
}

Table::RowWriter& Table::RowWriter::boolean(bool v) {
  Column& c = next_column(t_.columns_, next_);
  if (c.type != ColumnType::boolean)
    throw Error(ErrorCode::internal, "boolean value for non-boolean column " + c.name);
  c.ints.push_back(v ? 1 : 0);
  c.null.push_back(0);
  ++next_;
  return *this;
}

Table::RowWriter& Table::RowWriter::null() {
  push_null(next_column(t_.columns_, next_));
  ++next_;
  return *this;
}

Table::RowWriter::~RowWriter() {
  // While an exception unwinds (a builder failed mid-row) the row is completed with NULLs so the
  // columns stay aligned; the exception itself reports the failure.
  if (std::uncaught_exceptions() == 0) {
    assert(next_ == t_.columns_.size() && "row has fewer values than the table has columns");
  }
  t_.finish_row(next_);
}

void Table::finish_row(std::size_t filled) {
  // A short row would misalign every later row; fill it with NULLs.
  for (std::size_t i = filled; i < columns_.size(); ++i) push_null(columns_[i]);
  ++rows_;
}

std::string Table::cell_text(std::size_t col, std::size_t row) const {
  const Column& c = columns_.at(col);
  if (c.null.at(row)) return {};
  switch (c.type) {
    case ColumnType::integer: return std::to_string(c.ints[row]);
    case ColumnType::boolean: return c.ints[row] ? "1" : "0";
    case ColumnType::text: return c.texts[row];
    case ColumnType::real: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6g", c.reals[row]);
      return buf;
    }
  }
  return {};
}

Table rows_of_period(const Table& t, const std::string& period) {
  const int pc = t.find("period");
  if (pc < 0) return t;
  Table out(t.name());
  for (std::size_t c = 0; c < t.cols(); ++c)
    out.add_column(t.column(c).name, t.column(c).type, t.column(c).label_en, t.column(c).label_zh);
  const Column& p = t.column(static_cast<std::size_t>(pc));
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (p.null[r] || p.texts[r] != period) continue;
    auto w = out.append();
    for (std::size_t c = 0; c < t.cols(); ++c) {
      const Column& col = t.column(c);
      if (col.null[r]) w.null();
      else if (col.type == ColumnType::real) w.real(col.reals[r]);
      else if (col.type == ColumnType::text) w.text(col.texts[r]);
      else if (col.type == ColumnType::boolean) w.boolean(col.ints[r] != 0);
      else w.integer(col.ints[r]);
    }
  }
  return out;
}

}  // namespace icm
