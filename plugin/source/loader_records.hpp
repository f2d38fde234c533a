// Internal to the loader: one function per logical record, sharing a LoadContext.
#pragma once

#include <string>
#include <string_view>

#include "core/snapshot.hpp"
#include "source/odbc.hpp"
#include "source/profile.hpp"
#include "source/record_reader.hpp"
#include "source/session.hpp"

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

// A required key cell: trimmed text, or the row is rejected as null_required.
bool read_key(const Row& row, int k, std::string_view& out);

void load_units(LoadContext& ctx, const ProfileQuery& q);
void load_employees(LoadContext& ctx, const ProfileQuery& q);
void load_relations(LoadContext& ctx, const ProfileQuery& q);
void load_responses(LoadContext& ctx, const ProfileQuery& q);
void load_complaints(LoadContext& ctx, const ProfileQuery& q);
void load_follow_ups(LoadContext& ctx, const ProfileQuery& q);
void load_reviews(LoadContext& ctx, const ProfileQuery& q);
void load_kpis(LoadContext& ctx, const ProfileQuery& q);

}  // namespace icm::detail
