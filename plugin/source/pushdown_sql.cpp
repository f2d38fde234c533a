#include "source/pushdown_sql.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "source/values.hpp"

namespace icm::pushdown {

namespace {

// Tab, carriage return and line feed written raw inside string literals: every engine accepts
// them there, and no function (CHR, CHAR) is portable enough to spell them.
constexpr std::string_view kBlanks[] = {"\t", "\r", "\n"};

std::string no_blanks(const std::string& t) {
  std::string out;
  for (auto b : kBlanks) out += " AND " + t + " NOT LIKE '%" + std::string(b) + "%'";
  return out;
}

bool plain_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

std::string Dialect::literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "''";
    else if (c == '\\' && mysql) out += "\\\\";
    else out += c;
  }
  return out + "'";
}

std::string Dialect::exact(const std::string& expr) const {
  if (sqlite) return "CAST(" + expr + " AS TEXT)";
  if (!mysql) return expr;
  // utf8mb4_bin pads with blanks on MySQL (and MariaDB before its NO PAD variants): 'a ' = 'a'.
  return "CONVERT(" + expr + " USING utf8mb4) COLLATE " + (mariadb ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin");
}

std::string column_sql(std::string_view table, std::string_view name, const Dialect& d) {
  std::string out(table);
  out += '.';
  if (plain_identifier(name)) return out + std::string(name);
  const char q = d.mysql ? '`' : '"';
  out += q;
  for (char c : name) {
    if (c == q) out += q;
    out += c;
  }
  return out + q;
}

std::string flag(const std::string& cond) { return "CASE WHEN " + cond + " THEN 1 ELSE 0 END"; }

std::string key_ok(const ColumnRef& c, const Dialect& d) {
  if (c.cls != ColumnClass::text) return "(" + c.sql + " IS NOT NULL)";
  const std::string t = d.exact(c.sql);
  return "(" + c.sql + " IS NOT NULL AND TRIM(" + t + ") <> '' AND LENGTH(" + c.sql + ") <= 32" + no_blanks(t) + ")";
}

std::string dup_key_expr(const ColumnRef& c, const Dialect&) {
  if (c.cls != ColumnClass::text) return c.sql;
  std::string e = c.sql;
  for (auto b : kBlanks) e = "REPLACE(" + e + ", '" + std::string(b) + "', ' ')";
  return "TRIM(" + e + ")";
}

std::string instant_ok(const ColumnRef& c, const Dialect& d) {
  switch (c.cls) {
    case ColumnClass::temporal:
      return "(" + c.sql + " IS NULL OR (" + c.sql + " >= '1000-01-01' AND " + c.sql + " < '9999-01-01'))";
    case ColumnClass::text: {
      // Shape by LIKE (fixed length, separators in place), then every two-digit field by an
      // IN list of its valid values, which also proves its characters are ASCII digits. IN
      // lists are hashed or sorted by every engine, so this costs a few probes per row where a
      // digit-stripping REPLACE chain would copy the text ten times. The separator between
      // date and time is tested with IN as well, because SQLite's LIKE ignores case ('t').
      const std::string t = d.exact(c.sql);
      auto at = [&](int pos) { return "SUBSTR(" + t + ", " + std::to_string(pos) + ", 2)"; };
      auto range = [](int from, int to) {
        std::string list;
        for (int v = from; v <= to; ++v) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "'%02d'", v);
          list += (list.empty() ? "" : ", ") + std::string(buf);
        }
        return "(" + list + ")";
      };
      const std::string month = at(6), day = at(9), len = "LENGTH(" + t + ")";
      std::string shape;
      for (const char* p : {"____-__-__", "____-__-__ __:__", "____-__-__T__:__", "____-__-__ __:__:__",
                            "____-__-__T__:__:__"})
        shape += std::string(shape.empty() ? "" : " OR ") + t + " LIKE '" + p + "'";
      return "(" + c.sql + " IS NULL OR ((" + shape + ") AND " + at(1) + " IN " + range(10, 99) + " AND " + at(3) +
             " IN " + range(0, 99) + " AND " + month + " IN " + range(1, 12) + " AND (" + day + " IN " + range(1, 28) +
             " OR (" + day + " IN ('29', '30') AND " + month + " <> '02') OR (" + day + " = '31' AND " + month +
             " IN ('01', '03', '05', '07', '08', '10', '12'))) AND (" + len + " = 10 OR (SUBSTR(" + t +
             ", 11, 1) IN (' ', 'T') AND " + at(12) + " IN " + range(0, 23) + " AND " + at(15) + " IN " +
             range(0, 59) + ")) AND (" + len + " < 19 OR " + at(18) + " IN " + range(0, 59) + ")))";
    }
    case ColumnClass::integer:
    case ColumnClass::real:
    case ColumnClass::other:
      break;
  }
  return "(" + c.sql + " IS NULL)";
}

std::string instant_day(const ColumnRef& c) {
  if (c.cls == ColumnClass::text) return "SUBSTR(" + c.sql + ", 1, 10)";
  if (c.cls == ColumnClass::temporal) return c.sql;
  return "CAST(NULL AS VARCHAR(10))";
}

}  // namespace icm::pushdown
