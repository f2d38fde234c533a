// Complaints engine (DESIGN §4): handling KPIs of one group of complaints (record → resolve →
// follow-up visit 回访). Pure over plain vectors; the dataset builder does the grouping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/model/snapshot.hpp"

namespace icm {

// Sample quantile of R's default definition, type 7 (Hyndman & Fan 1996):
// h = (n − 1)p, x[floor h] + (h − floor h)(x[floor h + 1] − x[floor h]) on the sorted values.
// NaN values are ignored; NaN when nothing is left. p in [0, 1].
double quantile_type7(std::vector<double> values, double p);

// One group of complaints, column-wise. Instants are seconds; kNullInstant = not yet.
struct ComplaintGroup {
  std::vector<Instant> opened_at, acknowledged_at, resolved_at;
  std::vector<bool> followed_up;  // per complaint: at least one follow-up visit recorded
  // Follow-up scores of the group's complaints, each already on the 0–100 index scale
  // ((score − lo)/(hi − lo) × 100 with the row's own scale, see follow_up_index).
  std::vector<double> follow_up_index;
  double service_volume = std::numeric_limits<double>::quiet_NaN();  // NaN = no KPI
};

struct ComplaintPolicy {
  double ack_sla_hours = 24, resolve_sla_hours = 72;
  // "Now" for judging open complaints; kNullInstant = do not judge open ones.
  Instant as_of = kNullInstant;
};

// Every percentage is 0–100 and NaN when its denominator is 0; every time is in hours.
struct ComplaintStats {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::size_t complaints = 0, resolved = 0, follow_up_scores = 0;
  double resolved_pct = kNone;
  double ack_mean_h = kNone, ack_median_h = kNone, ack_p90_h = kNone;          // acknowledged complaints only
  double resolve_mean_h = kNone, resolve_median_h = kNone, resolve_p90_h = kNone;  // resolved complaints only
  // A complaint breaches when it was acknowledged later than the ack SLA or resolved later
  // than the resolve SLA after opening; a complaint still unacknowledged (unresolved) at
  // `as_of` breaches when it is already older than the ack (resolve) SLA, because its
  // eventual time can only be longer. Denominator: all complaints of the group.
  double sla_breach_pct = kNone;
  double follow_up_pct = kNone;         // resolved complaints with >= 1 follow-up / resolved
  double follow_up_satisfaction = kNone;  // mean of follow_up_index (caller suppresses small n)
  double rate_per_1000 = kNone;         // complaints / service_volume × 1000; NaN without volume
};

// Durations that come out negative (acknowledged or resolved before opening) are
// inconsistent data: they are left out of the time statistics and never count as breaches.
ComplaintStats summarize_complaints(const ComplaintGroup& group, const ComplaintPolicy& policy);

// A follow-up score on its row's scale as a 0–100 index; NaN for a NaN score or a bad scale.
double follow_up_index(double score, Scale scale);

// "YYYY-Qn" of an instant (UTC), the period complaints are grouped by.
std::string quarter_label(Instant t);
// The same quarter as a sortable integer: year · 4 + quarter − 1.
std::int64_t quarter_key(Instant t);

}  // namespace icm
