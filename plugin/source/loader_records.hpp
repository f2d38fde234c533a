// Internal to the loader: one function per logical record, sharing a LoadContext.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model/snapshot.hpp"
#include "source/key_index.hpp"
#include "source/key_set.hpp"
#include "source/odbc.hpp"
#include "source/profile.hpp"
#include "source/record_reader.hpp"
#include "source/session.hpp"
#include "source/values.hpp"

namespace icm::detail {

struct LoadContext {
  odbc::Connection& connection;
  const Profile& profile;
  const SessionOptions& options;
  Snapshot& snapshot;
  Day latest = kNullDay;  // latest accepted date, the default as_of

  void saw(Day d) {
    if (d != kNullDay && (latest == kNullDay || d > latest)) latest = d;
  }
  void saw_instant(Instant t) {
    if (t != kNullInstant) saw(static_cast<Day>(t >= 0 ? t / 86400 : (t - 86399) / 86400));
  }
};

// Survey responses, checked and appended one row at a time: the whole row-by-row load, and in a
// pushdown load the rows the database could not vouch for. `weighted` tables (pushdown) carry
// ResponseTable::weight for every row, 1 for the rows appended by operator().
class ResponseRows {
 public:
  enum Column { kId, kRespondent, kProvider, kCustomer, kPeriod, kItem, kDimension, kScore, kMin, kMax, kAnswered };
  static const std::vector<const char*>& columns();  // DESIGN §3.1 names, in Column order

  ResponseRows(LoadContext& ctx, const ProfileQuery& q, bool weighted);
  // Checks one row; true = accepted and appended, false = rejected with its reason.
  bool operator()(const Row& row);
  // The scale and score checks of operator() on columns kmin, kmax, kscore of `row`.
  static bool read_score(const Row& row, int kmin, int kmax, int kscore, Scale& scale, std::int16_t& score);
  // Appends `weight` answers already checked (by the database, in pushdown).
  void append(std::string_view respondent, std::uint32_t provider, std::uint32_t customer,
              std::string_view period, std::string_view item, std::string_view dimension, Scale scale,
              std::int16_t score, std::uint32_t weight);

 private:
  std::uint32_t respondent_index(std::string_view respondent);
  void push(std::uint32_t respondent, std::uint32_t provider, std::uint32_t customer, std::string_view period,
            std::string_view item, std::string_view dimension, Scale scale, std::int16_t score, std::uint32_t weight);

  LoadContext& ctx_;
  const ProfileQuery& q_;
  ResponseTable& t_;
  bool weighted_;
  KeyIndex units_;  // every unit key, built up front
  KeyIndex respondents_, periods_, items_, dimensions_;  // keys seen -> dictionary index
  IntIndex integer_respondents_;  // integer respondents (typed columns) -> dictionary index
  KeySet ids_;
};

// Rejects the row as null_required for a missing key in column k; false. Out of line and cold,
// so the hot readers below stay small enough to inline.
[[gnu::cold, gnu::noinline]] bool reject_missing_key(const Row& row, int k);

// A required key cell: trimmed text (a NULL reads as empty), or the row is rejected as
// null_required.
[[gnu::always_inline]] inline bool read_key(const Row& row, int k, std::string_view& out) {
  out = trim_view(row.text(k));
  return !out.empty() || reject_missing_key(row, k);
}

void load_units(LoadContext& ctx, const ProfileQuery& q);
void load_employees(LoadContext& ctx, const ProfileQuery& q);
void load_relations(LoadContext& ctx, const ProfileQuery& q);
void load_responses(LoadContext& ctx, const ProfileQuery& q);
// The same record summarised by the database (plugin/source/pushdown.cpp).
void load_responses_pushdown(LoadContext& ctx, const ProfileQuery& q);
void load_complaints(LoadContext& ctx, const ProfileQuery& q);
void load_follow_ups(LoadContext& ctx, const ProfileQuery& q);
void load_reviews(LoadContext& ctx, const ProfileQuery& q);
void load_kpis(LoadContext& ctx, const ProfileQuery& q);

}  // namespace icm::detail
