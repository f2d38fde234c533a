// Pushdown load of survey responses (docs/pushdown.md): the database summarises the record and
// icm reads the summary instead of every answer, with results equal to the row-by-row load.
//
//  1. counts  rows in scope, and whether any response id repeats (and if so which: rows of a
//              repeated id are checked by icm, since which copy wins depends on row order);
//  2. summary   one GROUP BY over provider, customer, period, dimension, respondent, scale and
//              score, with a flag for whether SQL could vouch for the columns it does not group
//              (id, item, date/time: pushdown_sql.hpp) and the count. icm checks every distinct
//              grouped value as the row path would (trimmed keys, known units, scales and
//              scores), so those checks run once per distinct value, not per row. Good groups
//              become weighted rows of the snapshot; distinct respondents stay countable for
//              every grouping (parents, unit roll-ups) because the respondent is in the key.
//  3. recheck   rows of groups SQL could not vouch for, and rows holding any value icm rejected,
//              are fetched one by one with their row numbers and go through icm's own row
//              checks (ResponseRows): every rejected row gets its reason, example and row number
//              as on the row path.
// Accounting: read = rows checked by icm + rows inside good groups = the count of step 1, or the
// load fails (the source changed between the statements).
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <set>

#include "core/error.hpp"
#include "source/load_watch.hpp"
#include "source/loader_records.hpp"
#include "source/pushdown_sql.hpp"
#include "source/record_reader.hpp"
#include "source/values.hpp"

namespace icm::detail {

namespace {

using pushdown::ColumnClass;
using pushdown::ColumnRef;
using pushdown::Dialect;

constexpr std::size_t kMaxRepeatedIds = 100000;  // beyond this, the SQL text would be unwieldy
constexpr std::size_t kMaxListedGroups = 1000;   // groups named in the recheck's condition

bool is_char_type(SQLSMALLINT t) {
  switch (t) {
    case SQL_CHAR:
    case SQL_VARCHAR:
    case SQL_LONGVARCHAR:
    case SQL_WCHAR:
    case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR:
      return true;
    default:
      return false;
  }
}

bool is_temporal_type(SQLSMALLINT t) {
  return t == SQL_TYPE_DATE || t == SQL_TYPE_TIMESTAMP || t == SQL_DATE || t == SQL_TIMESTAMP;
}

ColumnClass class_of(const odbc::ColumnInfo& col, bool typed_columns) {
  if (!typed_columns) return ColumnClass::text;  // the row path reads every cell as text
  switch (odbc::binding_for(col.sql_type)) {
    case odbc::Binding::int64: return ColumnClass::integer;
    case odbc::Binding::real: return ColumnClass::real;
    case odbc::Binding::text: break;
  }
  if (is_char_type(col.sql_type)) return ColumnClass::text;
  if (is_temporal_type(col.sql_type)) return ColumnClass::temporal;
  return ColumnClass::other;
}

// ICM_TRACE_SQL=1 prints every pushdown statement and how long it took to stderr.
struct Trace {
  bool on = std::getenv("ICM_TRACE_SQL") != nullptr;
  std::chrono::steady_clock::time_point start;
  void begin(const std::string& step, const std::string& sql) {
    if (!on) return;
    std::fprintf(stderr, "-- icm pushdown: %s\n%s;\n", step.c_str(), sql.c_str());
    start = std::chrono::steady_clock::now();
  }
  void end() const {
    if (!on) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "-- %.3f s\n", s);
  }
};

// One SQL statement whose result is a few numbers or a list, read as text.
std::vector<std::vector<std::string>> run_small(LoadContext& ctx, const ProfileQuery& q, const std::string& sql,
                                                const std::string& step, Trace& trace) {
  trace.begin(step, sql);
  watch::waiting("running the query", &q.path);
  odbc::Statement st(ctx.connection);
  try {
    st.prepare(sql);
    st.execute();
    st.describe();
    std::vector<std::size_t> widths(st.columns().size(), 256);
    st.bind_block(1000, widths);
    std::vector<std::vector<std::string>> rows;
    while (st.fetch_block())
      for (std::size_t r = 0; r < st.rows_in_block(); ++r) {
        std::vector<std::string> row;
        for (std::size_t c = 0; c < st.columns().size(); ++c) {
          if (st.is_null(c, r)) {
            row.emplace_back();
            continue;
          }
          switch (st.binding(c)) {
            case odbc::Binding::text:
              if (st.truncated(c, r))
                throw Error(ErrorCode::data, "a repeated response id is longer than 255 bytes");
              row.emplace_back(st.text(c, r));
              break;
            case odbc::Binding::int64: row.push_back(std::to_string(st.int64(c, r))); break;
            case odbc::Binding::real: {
              std::array<char, 48> buf{};
              row.emplace_back(format_real(st.real(c, r), buf));
              break;
            }
          }
        }
        rows.push_back(std::move(row));
      }
    trace.end();
    return rows;
  } catch (const Error& e) {
    throw Error(e.code(), q.path + ": pushdown (" + step + "): " + e.what());
  }
}

std::uint64_t to_count(const std::string& s) {
  std::int64_t v = 0;
  if (s.empty()) return 0;
  if (parse_int64(s, v) && v >= 0) return static_cast<std::uint64_t>(v);
  double d = 0;
  if (parse_double(s, d) && d >= 0) return static_cast<std::uint64_t>(d);
  throw Error(ErrorCode::source, "pushdown: the database returned '" + s + "' for a count");
}

// Values of one grouped column that make a row fail icm's checks, as an SQL condition.
struct BadValues {
  bool null = false;
  std::set<std::string> values;  // SQL literals
  std::string condition(const std::string& expr, const std::string& raw) const {
    std::string c;
    if (null) c = raw + " IS NULL";
    if (!values.empty()) {
      std::string list;
      for (const auto& v : values) list += (list.empty() ? "" : ", ") + v;
      c += (c.empty() ? "" : " OR ") + expr + " IN (" + list + ")";
    }
    return c;
  }
};

// The cell as an SQL literal equal to it under the expression the summary groups by.
std::string literal_of(const Row& row, int k, ColumnClass cls, const Dialect& d) {
  const std::string_view text = row.text(k);
  if (cls == ColumnClass::integer || cls == ColumnClass::real) return std::string(text);
  return d.literal(text);
}

}  // namespace

void load_responses_pushdown(LoadContext& ctx, const ProfileQuery& q) {
  using C = ResponseRows::Column;
  const auto& names = ResponseRows::columns();
  RecordAccount& account = ctx.snapshot.account(Record::survey_response);
  const std::string from = "FROM (\n" + q.sql + "\n) icm_q";
  Trace trace;

  // Column types, with the row path's checks and messages for missing columns.
  std::vector<ColumnRef> col(names.size());
  Dialect d;
  d.mysql = ctx.connection.dbms().find("mariadb") != std::string::npos ||
            ctx.connection.dbms().find("mysql") != std::string::npos;
  d.mariadb = ctx.connection.dbms().find("mariadb") != std::string::npos;
  d.sqlite = ctx.connection.dbms().find("sqlite") != std::string::npos;
  {
    ProfileQuery describe{q.path, "SELECT * " + from + " WHERE 1 = 0", q.period_params};
    RecordAccount scratch;
    RecordReader reader(ctx.connection, describe, Record::survey_response, names, ctx.options, scratch);
    for (std::size_t k = 0; k < names.size(); ++k) {
      const odbc::ColumnInfo& info = reader.columns()[reader.column_of(static_cast<int>(k))];
      col[k] = ColumnRef{pushdown::column_sql("icm_q", info.name, d), class_of(info, ctx.connection.typed_columns())};
    }
  }
  // How the summary groups a column: text byte for byte (MariaDB: whatever the collation),
  // other types by value. icm trims and checks the distinct values itself.
  auto grouped = [&](int k) {
    const ColumnRef& c = col[static_cast<std::size_t>(k)];
    return c.cls == ColumnClass::text ? d.exact(c.sql) : c.sql;
  };

  // 1. Rows (every period: a period only selects published rows, later); do response ids
  //    repeat, and which?
  const std::string dup_key = pushdown::dup_key_expr(col[C::kId], d);
  // A date/time column is vouched for by type only if the driver's text of it is text icm
  // parses (psqlODBC gives timestamptz with an offset, which the row path rejects): one value,
  // read the way the row path reads every cell, decides for the column.
  ColumnRef& answered = col[C::kAnswered];
  const bool probe_time = answered.cls == ColumnClass::temporal;
  const auto counts = run_small(ctx, q,
                                "SELECT COUNT(*), COUNT(" + dup_key + "), COUNT(DISTINCT " + dup_key + ")" +
                                    (probe_time ? ", MIN(" + answered.sql + ")" : std::string()) + " " + from,
                                "counting rows and response ids", trace);
  const std::uint64_t rows_read = to_count(counts.at(0).at(0));
  Instant probe = kNullInstant;
  if (probe_time && !counts.at(0).at(3).empty() && !parse_instant(counts.at(0).at(3), probe))
    answered.cls = ColumnClass::other;  // every non-NULL date/time is then checked by icm
  std::string repeated;  // "dup_key IN (…)", or ""
  if (to_count(counts.at(0).at(1)) > to_count(counts.at(0).at(2))) {
    // Sorted neighbours instead of GROUP BY … HAVING: a sort of the ids is what COUNT(DISTINCT)
    // just did, where hashing every id spills (PostgreSQL, 10^7 ids: 3.2 s against 8.9 s).
    const auto rows = run_small(ctx, q,
                                "SELECT icm_k FROM (SELECT icm_k, LAG(icm_k) OVER (ORDER BY icm_k) AS icm_prev FROM "
                                "(SELECT " + dup_key + " AS icm_k " + from +
                                    ") icm_d) icm_l WHERE icm_k = icm_prev",
                                "finding repeated response ids", trace);
    std::set<std::string> ids;
    for (const auto& r : rows) ids.insert(r.at(0));
    if (ids.size() > kMaxRepeatedIds)
      throw Error(ErrorCode::unsupported, q.path + ": pushdown: " + std::to_string(ids.size()) +
                                              " response ids appear more than once (at most " +
                                              std::to_string(kMaxRepeatedIds) + " can be re-read); load rows instead");
    std::string list;
    for (const auto& id : ids)
      list += (list.empty() ? "" : ", ") + (col[C::kId].cls == ColumnClass::text ? d.literal(id) : id);
    if (!list.empty()) repeated = dup_key + " IN (" + list + ")";
  }

  // 2. The summary. The columns it does not group are checked row by row in SQL (conservatively,
  //    pushdown_sql.hpp): the id (and that it does not repeat), the item and the date/time.
  std::string row_ok = pushdown::key_ok(col[C::kId], d) + " AND " + pushdown::key_ok(col[C::kItem], d) + " AND " +
                       pushdown::instant_ok(col[C::kAnswered], d);
  if (!repeated.empty()) row_ok += " AND NOT (" + repeated + ")";
  const int grouped_columns[] = {C::kProvider, C::kCustomer, C::kPeriod, C::kDimension,
                                 C::kRespondent, C::kMin,      C::kMax,    C::kScore};
  std::string select;
  for (int k : grouped_columns)
    select += (select.empty() ? "" : ", ") + grouped(k) + " AS " + names[static_cast<std::size_t>(k)];
  ProfileQuery summary{q.path,
                       "SELECT " + select + ", " + pushdown::flag(row_ok) + " AS icm_ok, COUNT(*) AS icm_count, MAX(" +
                           pushdown::instant_day(col[C::kAnswered]) + ") AS icm_last " + from +
                           " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
                       q.period_params};
  enum { kProvider, kCustomer, kPeriod, kDimension, kRespondent, kMin, kMax, kScore, kOk, kCount, kLast };
  ResponseRows rows(ctx, q, true);
  const Dictionary& units = ctx.snapshot.units.ids;
  BadValues bad[kRespondent + 1];    // per grouped key column
  std::set<std::string> bad_scores;  // (min, max, score) combinations icm rejects
  std::vector<std::string> not_ok_groups;  // groups holding rows whose id, item or date SQL could not vouch for
  std::uint64_t summarised = 0, groups = 0;
  // The condition matching rows whose grouped columns first..last hold this summary row's values.
  auto cells_condition = [&](const Row& row, int first, int last) {
    std::string all;
    for (int k = first; k <= last; ++k) {
      const int column = grouped_columns[k];
      const ColumnRef& c = col[static_cast<std::size_t>(column)];
      all += std::string(all.empty() ? "" : " AND ") +
             (row.null(k) ? c.sql + " IS NULL" : grouped(column) + " = " + literal_of(row, k, c.cls, d));
    }
    return "(" + all + ")";
  };
  trace.begin("summary", summary.sql);
  {
    RecordAccount scratch;  // group checks reject into it; what counts is which values failed
    RecordReader reader(ctx.connection, summary, Record::survey_response,
                        {"provider_id", "customer_id", "period", "dimension", "respondent_id", "scale_min",
                         "scale_max", "score", "icm_ok", "icm_count", "icm_last"}, ctx.options, scratch);
    reader.for_each([&](const Row& row) {
      std::int64_t ok = 0, count = 0;
      if (row.int64(kOk, ok) != NumberStatus::ok || row.int64(kCount, count) != NumberStatus::ok || count <= 0 ||
          count > 0xFFFFFFFFLL)
        throw Error(ErrorCode::source, q.path + ": pushdown: the database returned an unusable group count");
      bool good = ok == 1;
      // Remember the group, so the recheck only evaluates row_ok again on its rows.
      if (!good) not_ok_groups.push_back(cells_condition(row, kProvider, kScore));
      // Each grouped column on its own, as the row path checks it: a value that fails sends
      // every row holding it to icm's own checks, whatever the other columns hold.
      std::string_view key[kRespondent + 1];
      std::uint32_t unit[2] = {kNoIndex, kNoIndex};
      for (int k = kProvider; k <= kRespondent; ++k) {
        key[k] = row.null(k) ? std::string_view() : trim_view(row.text(k));
        bool valid = !key[k].empty();
        if (valid && k <= kCustomer) valid = (unit[k] = units.find(key[k])) != kNoIndex;
        if (valid) continue;
        good = false;
        if (row.null(k)) bad[k].null = true;
        else bad[k].values.insert(literal_of(row, k, col[static_cast<std::size_t>(grouped_columns[k])].cls, d));
      }
      Scale scale;
      std::int16_t score = 0;
      const bool score_ok = ResponseRows::read_score(row, kMin, kMax, kScore, scale, score);
      if (!score_ok) {
        good = false;
        bad_scores.insert(cells_condition(row, kMin, kScore));
      }
      // (The scratch account must balance: a failed group counts as rejected there, once.)
      if (!good) return score_ok ? row.reject("pushdown_group", -1, "") : false;
      if (!row.null(kLast)) {
        Instant last = kNullInstant;
        if (parse_instant(row.text(kLast), last)) ctx.saw_instant(last);
      }
      rows.append(key[kRespondent], unit[kProvider], unit[kCustomer], key[kPeriod], "", key[kDimension], scale, score,
                  static_cast<std::uint32_t>(count));
      summarised += static_cast<std::uint64_t>(count);
      ++groups;
      return true;
    });
    if (scratch.rejected_by_reason.count("value_too_long"))
      throw Error(ErrorCode::unsupported,
                  q.path + ": pushdown: a key is longer than icm's fetch buffer; load rows instead");
  }
  trace.end();

  // 3. The rows icm checks itself, in their original order and with their row numbers.
  std::string recheck;
  if (!not_ok_groups.empty()) {
    // Engines test the cheap key comparisons first; with many such groups, the flag alone.
    std::string groups;
    if (not_ok_groups.size() <= kMaxListedGroups)
      for (const auto& g : not_ok_groups) groups += (groups.empty() ? "" : " OR ") + g;
    recheck = "(" + (groups.empty() ? "" : "(" + groups + ") AND ") + "(" + pushdown::flag(row_ok) + ") = 0)";
  }
  for (int k = kProvider; k <= kRespondent; ++k) {
    const int column = grouped_columns[k];
    const std::string cond = bad[k].condition(grouped(column), col[static_cast<std::size_t>(column)].sql);
    if (!cond.empty()) recheck += (recheck.empty() ? "" : " OR ") + cond;
  }
  for (const auto& combo : bad_scores) recheck += (recheck.empty() ? "" : " OR ") + combo;
  account.present = true;
  if (!recheck.empty()) {
    ProfileQuery rq{q.path,
                    // ROW_NUMBER first: MariaDB computes a window over a temporary table sorted by
                    // the first selected column, which would renumber the rows in that column's order.
                    "SELECT * FROM (SELECT ROW_NUMBER() OVER () AS icm_row, icm_q.* " + from +
                        ") icm_q WHERE " + recheck + " ORDER BY icm_q.icm_row",
                    q.period_params};
    trace.begin("the rows icm checks itself", rq.sql);
    RecordReader reader(ctx.connection, rq, Record::survey_response, names, ctx.options, account, "icm_row");
    reader.for_each([&](const Row& row) { return rows(row); });
    trace.end();
  }

  // Every row in scope is either checked by icm or inside a good group's count.
  account.checked_by_icm = account.read;
  account.summarised = summarised;
  account.groups = groups;
  account.read += summarised;
  account.accepted += summarised;
  if (ctx.options.progress) ctx.options.progress("survey_response", account.read, 0);
  if (account.read != rows_read)
    throw Error(ErrorCode::source, q.path + ": pushdown: the source changed while it was read (" +
                                       std::to_string(rows_read) + " rows counted, " +
                                       std::to_string(account.read) + " read); load again");
}

}  // namespace icm::detail
