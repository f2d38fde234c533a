// Tables: schema, typed cells with NULLs, and the confidentiality flag of a row.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "capi/capi.hpp"

using icm::capi::guard;
using icm::capi::handle;
using icm::capi::TableHandle;
using icm::capi::require_arg;

namespace {

const icm::Column* column_or_null(const TableHandle* t, size_t col) {
  return t != nullptr && col < t->table->cols() ? &t->table->column(col) : nullptr;
}

// The checks every typed getter shares; returns the column, throws on misuse.
const icm::Column& cell_column(const TableHandle* t, size_t row, size_t col, const void* out,
                               bool (*accepts)(icm::ColumnType), const char* wanted) {
  require_arg(t != nullptr, "table is NULL");
  require_arg(out != nullptr, "out is NULL");
  if (row >= t->table->rows())
    throw icm::Error(icm::ErrorCode::invalid_argument,
                     "row " + std::to_string(row) + " is out of range (table " +
                         t->table->name() + " has " + std::to_string(t->table->rows()) +
                         " rows)");
  if (col >= t->table->cols())
    throw icm::Error(icm::ErrorCode::invalid_argument,
                     "column " + std::to_string(col) + " is out of range (table " +
                         t->table->name() + " has " + std::to_string(t->table->cols()) +
                         " columns)");
  const icm::Column& c = t->table->column(col);
  if (!accepts(c.type))
    throw icm::Error(icm::ErrorCode::invalid_argument,
                     "column " + c.name + " of " + t->table->name() + " is not " + wanted);
  return c;
}

void set_null_flag(int* is_null, bool value) {
  if (is_null != nullptr) *is_null = value ? 1 : 0;
}

}  // namespace

extern "C" {

ICM_API void icm_table_free(icm_table* table) noexcept { delete handle(table); }

ICM_API const char* icm_table_name(const icm_table* table) noexcept {
  return table != nullptr ? handle(table)->table->name().c_str() : nullptr;
}

ICM_API size_t icm_table_row_count(const icm_table* table) noexcept {
  return table != nullptr ? handle(table)->table->rows() : 0;
}

ICM_API size_t icm_table_column_count(const icm_table* table) noexcept {
  return table != nullptr ? handle(table)->table->cols() : 0;
}

ICM_API const char* icm_table_column_name(const icm_table* table, size_t col) noexcept {
  const icm::Column* c = column_or_null(handle(table), col);
  return c != nullptr ? c->name.c_str() : nullptr;
}

ICM_API icm_column_type icm_table_column_type(const icm_table* table, size_t col) noexcept {
  const icm::Column* c = column_or_null(handle(table), col);
  return c != nullptr ? static_cast<icm_column_type>(c->type) : ICM_COLUMN_INVALID;
}

ICM_API const char* icm_table_column_label(const icm_table* table, size_t col,
                                           const char* lang) noexcept {
  const icm::Column* c = column_or_null(handle(table), col);
  if (c == nullptr || lang == nullptr) return nullptr;
  if (std::strcmp(lang, "en") == 0) return c->label_en.c_str();
  if (std::strcmp(lang, "zh-CN") == 0 || std::strcmp(lang, "zh") == 0) return c->label_zh.c_str();
  return nullptr;
}

ICM_API icm_status icm_table_get_int64(const icm_table* table, size_t row, size_t col,
                                       int64_t* out, int* is_null) noexcept {
  return guard(nullptr, [&] {
    const icm::Column& c = cell_column(
        handle(table), row, col, out,
        [](icm::ColumnType t) {
          return t == icm::ColumnType::integer || t == icm::ColumnType::boolean;
        },
        "INTEGER or BOOLEAN");
    const bool null = c.null[row] != 0;
    *out = null ? 0 : c.ints[row];
    set_null_flag(is_null, null);
    return ICM_OK;
  });
}

ICM_API icm_status icm_table_get_double(const icm_table* table, size_t row, size_t col,
                                        double* out, int* is_null) noexcept {
  return guard(nullptr, [&] {
    const icm::Column& c = cell_column(
        handle(table), row, col, out, [](icm::ColumnType t) { return t == icm::ColumnType::real; },
        "REAL");
    const bool null = c.null[row] != 0;
    *out = null ? std::numeric_limits<double>::quiet_NaN() : c.reals[row];
    set_null_flag(is_null, null);
    return ICM_OK;
  });
}

ICM_API icm_status icm_table_get_text(const icm_table* table, size_t row, size_t col,
                                      const char** out, int* is_null) noexcept {
  return guard(nullptr, [&] {
    const icm::Column& c = cell_column(
        handle(table), row, col, out, [](icm::ColumnType t) { return t == icm::ColumnType::text; },
        "TEXT");
    const bool null = c.null[row] != 0;
    *out = null ? nullptr : c.texts[row].c_str();
    set_null_flag(is_null, null);
    return ICM_OK;
  });
}

ICM_API icm_status icm_table_is_suppressed(const icm_table* table, size_t row, int* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(table != nullptr, "table is NULL");
    require_arg(out != nullptr, "out is NULL");
    const TableHandle* t = handle(table);
    require_arg(row < t->table->rows(), "row is out of range");
    if (t->suppressed_col < 0) {
      *out = 0;
    } else {
      const icm::Column& c = t->table->column(static_cast<std::size_t>(t->suppressed_col));
      *out = c.null[row] == 0 && c.ints[row] != 0 ? 1 : 0;
    }
    return ICM_OK;
  });
}

ICM_API uint64_t icm_table_generation(const icm_table* table) noexcept {
  return table != nullptr ? handle(table)->generation : 0;
}

}  // extern "C"
