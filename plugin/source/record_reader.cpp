// Query execution, column mapping, period scope and reject bookkeeping for one record.
#include "source/record_reader.hpp"

#include <charconv>
#include <cmath>

#include "source/load_watch.hpp"
#include "source/values.hpp"

namespace icm {

namespace {

constexpr std::size_t kMaxExamplesPerReason = 5;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Keys, codes, dates and numbers are short; only a unit's display name is free text.
std::size_t text_width(std::string_view column) { return column == "name" ? 512 : 128; }

}  // namespace

RecordReader::RecordReader(odbc::Connection& connection, const ProfileQuery& query, Record record,
                           std::vector<const char*> required, const SessionOptions& options,
                           RecordAccount& account,
                           const char* row_number_column)
    : query_(query), record_(record), options_(options), account_(account), required_(required) {
  watch::waiting("running the query", &query.path);
  account_.present = true;
  if (query.period_params > 0)
    throw Error(ErrorCode::invalid_argument,
                query.path + ": the query uses :period; profile queries read every period (a period "
                             "only selects rows of the protected publication, docs/profiles.md): "
                             "remove the :period condition");

  const std::string where = query.path + ": ";
  try {
    statement_ = std::make_unique<odbc::Statement>(connection);
    statement_->prepare(query.sql);
    statement_->execute();
    statement_->describe();
  } catch (const Error& e) {
    throw Error(e.code(), where + e.what());
  }

  const auto& cols = statement_->columns();
  std::vector<std::size_t> widths(cols.size(), 0);  // extra columns stay unbound
  for (const char* name : required) {
    std::size_t found = cols.size();
    for (std::size_t c = 0; c < cols.size() && found == cols.size(); ++c)
      if (iequals(cols[c].name, name)) found = c;
    if (found == cols.size()) {
      std::string list;
      for (const auto& c : cols) list += (list.empty() ? "" : ", ") + c.name;
      throw Error(ErrorCode::data, where + "result has no column '" + name + "' (columns: " + list + ")");
    }
    map_.push_back(found);
    widths[found] = text_width(name);
  }
  if (row_number_column != nullptr) {
    for (std::size_t c = 0; c < cols.size() && row_number_column_ == kNone; ++c)
      if (iequals(cols[c].name, row_number_column)) row_number_column_ = c;
    if (row_number_column_ == kNone)
      throw Error(ErrorCode::internal, where + "result has no column '" + row_number_column + "'");
    widths[row_number_column_] = 32;
  }
  try {
    statement_->bind_block(kRowsPerBlock, widths);
  } catch (const Error& e) {
    throw Error(e.code(), where + e.what());
  }
  scratch_.resize(map_.size());
  for (std::size_t c : map_) cells_.push_back(statement_->buffers(c));
  for (std::size_t k = 0; k < map_.size(); ++k)
    if (cells_[k].binding == odbc::Binding::text) text_columns_.push_back(static_cast<int>(k));
}

std::uint64_t RecordReader::row_number(std::size_t row) const {
  const std::size_t c = row_number_column_;
  if (statement_->is_null(c, row)) return 0;
  switch (statement_->binding(c)) {
    case odbc::Binding::int64: return static_cast<std::uint64_t>(statement_->int64(c, row));
    case odbc::Binding::real: return static_cast<std::uint64_t>(statement_->real(c, row));
    case odbc::Binding::text: {
      std::int64_t v = 0;
      return parse_int64(statement_->text(c, row), v) && v > 0 ? static_cast<std::uint64_t>(v) : 0;
    }
  }
  return 0;
}

bool RecordReader::too_long(const Row& row, int k) const {
  return row.reject("value_too_long", k, "text longer than the fetch buffer (" +
                    std::to_string(text_width(required_[static_cast<std::size_t>(k)])) + " bytes) was cut off");
}

void RecordReader::report_progress() const {
  if (options_.progress) options_.progress(record_name(record_), account_.read, 0);
}

std::string RecordReader::value_text(int k, std::size_t row) const {
  Row r(const_cast<RecordReader&>(*this), row, 0);
  if (r.null(k)) return "NULL";
  std::string v(r.text(k));
  if (v.size() > 200) v = v.substr(0, 200) + "…";
  return v;
}

std::string_view Row::formatted(int k) const {
  const odbc::Statement& st = *reader_.statement_;
  const std::size_t c = reader_.map_[k];
  auto& buf = reader_.scratch_[k];
  switch (st.binding(c)) {
    case odbc::Binding::text:
      return st.text(c, row_);
    case odbc::Binding::int64: {
      const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), st.int64(c, row_));
      return std::string_view(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    }
    case odbc::Binding::real:
      return format_real(st.real(c, row_), buf);
  }
  return {};
}

NumberStatus Row::int64_converted(int k, std::int64_t& out) const {
  const odbc::Statement& st = *reader_.statement_;
  const std::size_t c = reader_.map_[k];
  if (st.is_null(c, row_)) return NumberStatus::null;
  switch (st.binding(c)) {
    case odbc::Binding::int64:
      out = st.int64(c, row_);
      return NumberStatus::ok;
    case odbc::Binding::real: {
      const double v = st.real(c, row_);
      if (std::trunc(v) != v || std::fabs(v) > 9e15) return NumberStatus::bad;
      out = static_cast<std::int64_t>(v);
      return NumberStatus::ok;
    }
    case odbc::Binding::text: {
      const std::string_view s = st.text(c, row_);
      if (parse_int64(s, out)) return NumberStatus::ok;
      double v = 0;
      if (parse_double(s, v) && std::trunc(v) == v && std::fabs(v) <= 9e15) {
        out = static_cast<std::int64_t>(v);
        return NumberStatus::ok;
      }
      return NumberStatus::bad;
    }
  }
  return NumberStatus::bad;
}

NumberStatus Row::real(int k, double& out) const {
  const odbc::Statement& st = *reader_.statement_;
  const std::size_t c = reader_.map_[k];
  if (st.is_null(c, row_)) return NumberStatus::null;
  switch (st.binding(c)) {
    case odbc::Binding::int64:
      out = static_cast<double>(st.int64(c, row_));
      return NumberStatus::ok;
    case odbc::Binding::real:
      out = st.real(c, row_);
      return std::isfinite(out) ? NumberStatus::ok : NumberStatus::bad;
    case odbc::Binding::text:
      return parse_double(st.text(c, row_), out) ? NumberStatus::ok : NumberStatus::bad;
  }
  return NumberStatus::bad;
}

bool Row::reject(const char* code, int k, const std::string& reason) const {
  RecordAccount& acc = reader_.account_;
  ++acc.rejected;
  std::uint64_t& count = acc.rejected_by_reason[code];
  if (count++ < kMaxExamplesPerReason) {
    RejectExample ex;
    ex.row = number_;
    if (k >= 0) {
      ex.column = reader_.required_[static_cast<std::size_t>(k)];
      ex.value = reader_.value_text(k, row_);
    }
    ex.code = code;
    ex.reason = reason;
    acc.examples.push_back(std::move(ex));
  }
  return false;
}

}  // namespace icm
