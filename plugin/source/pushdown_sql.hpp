// SQL for the pushdown load of survey responses (docs/pushdown.md): the per-row predicates by
// which the database vouches for the columns the summary does not group (response id, item,
// date/time), and the expressions it compares and groups text by. Everything here is plain SQL
// that PostgreSQL, MariaDB and SQLite all run (CASE, TRIM, SUBSTR, REPLACE, LENGTH, LIKE, IN,
// COUNT(DISTINCT), GROUP BY ordinals, ROW_NUMBER() and LAG() OVER); the only dialect switches
// are MariaDB/MySQL's string comparison, which follows the column's collation (often
// case-insensitive and blank-padded), so there text is compared under a binary, no-pad
// collation and literals escape backslashes; and SQLite's storage classes, so there cells are
// compared as CAST(… AS TEXT), the text icm reads.
//
// The contract that makes pushdown exact: a predicate here is TRUE only for cells icm's own row
// checks (plugin/source/loader_facts.cpp) accept. It may be FALSE for a cell icm accepts (it is
// conservative); such rows are fetched and checked by icm itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace icm::pushdown {

// How a result column reaches icm on the row path: as text (every column on databases that do
// not enforce types, e.g. SQLite), an integer, a floating-point number, a date/time type, or
// something else.
enum class ColumnClass : std::uint8_t { text, integer, real, temporal, other };

struct Dialect {
  bool mysql = false;    // MariaDB / MySQL
  bool mariadb = false;  // MariaDB: has the utf8mb4_nopad_bin collation
  // SQLite: a cell keeps its own storage class whatever the column's type, and 12 <> '12' where
  // no affinity applies (expression columns); icm reads every cell as text, so SQL does too.
  bool sqlite = false;
  // A string literal: quotes doubled, and backslashes doubled for MySQL-family servers.
  std::string literal(std::string_view text) const;
  // The column as text compared byte for byte (MySQL family: binary no-pad collation).
  std::string exact(const std::string& expr) const;
};

// A result column of the profile query: how to refer to it, and its class.
struct ColumnRef {
  std::string sql;  // e.g. icm_q.provider_id
  ColumnClass cls = ColumnClass::text;
};

// A quoted identifier for `name` when it is not a plain lower-case identifier.
std::string column_sql(std::string_view table, std::string_view name, const Dialect& d);

// A key icm would read as exactly this text (non-NULL, non-blank, no tab/CR/LF, ≤ 32
// characters so it fits the fetch buffer whatever its encoding).
std::string key_ok(const ColumnRef& c, const Dialect& d);
// The key normalised coarsely for duplicate detection: equal for any two rows icm would see as
// the same key (tabs and line breaks count as blanks, the server's own collation), so rows
// that might collide are always re-read by icm.
std::string dup_key_expr(const ColumnRef& c, const Dialect& d);
// TRUE for a date/time icm parses (or NULL): text in the canonical forms YYYY-MM-DD,
// YYYY-MM-DD HH:MM and YYYY-MM-DD HH:MM:SS (space or T; years 1000-9999; 29 February is left
// to icm), or a date/time type between the years 1000 and 9998.
std::string instant_ok(const ColumnRef& c, const Dialect& d);
// MAX-able day (YYYY-MM-DD text or the typed value) of an instant_ok() cell.
std::string instant_day(const ColumnRef& c);

// TRUE/FALSE (never NULL) as a comparable integer: CASE WHEN cond THEN 1 ELSE 0 END.
std::string flag(const std::string& cond);

}  // namespace icm::pushdown
