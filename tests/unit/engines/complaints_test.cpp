// Complaints engine. Quantiles (type 7) and means come from R (references/engines_reference.R);
// breach and percentage counts are worked by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/engines/complaints.hpp"
#include "core/error.hpp"

using namespace icm;

namespace {
Instant at_hours(Instant t0, double h) { return t0 + static_cast<Instant>(std::llround(h * 3600)); }
}

TEST_CASE("quantile type 7 matches R's default", "[complaints]") {
  // R: quantile(c(1.5, 30, 4, 12, 2, 48, 0.25), c(0.5, 0.9), type = 7) → 4, 37.2
  const std::vector<double> ack = {1.5, 30, 4, 12, 2, 48, 0.25};
  CHECK(quantile_type7(ack, 0.5) == Approx(4));
  CHECK(quantile_type7(ack, 0.9) == Approx(37.200000000000003));
  CHECK(quantile_type7(ack, 0) == 0.25);
  CHECK(quantile_type7(ack, 1) == 48);
  // R: quantile(c(10, 80, 50, 20), c(0.5, 0.9)) → 35, 71
  CHECK(quantile_type7({10, 80, 50, 20}, 0.5) == Approx(35));
  CHECK(quantile_type7({10, 80, 50, 20}, 0.9) == Approx(71));
  CHECK(quantile_type7({7}, 0.9) == 7);
  CHECK(std::isnan(quantile_type7({}, 0.5)));
  CHECK_THROWS_AS(quantile_type7({1}, 1.5), Error);
}

TEST_CASE("complaint group KPIs", "[complaints]") {
  const Instant t0 = static_cast<Instant>(days_from_civil(2024, 1, 10)) * 86400;
  ComplaintGroup g;
  // ack hours 1.5, 30, 4, 12, 2, 48, 0.25; resolve hours 10, 80, 50, 20 for the first four.
  const double ack[] = {1.5, 30, 4, 12, 2, 48, 0.25};
  const double res[] = {10, 80, 50, 20};
  for (int i = 0; i < 7; ++i) {
    // Complaint 6 opens 90 h after t0, so at as_of (t0 + 100 h) it is only 10 h old.
    const Instant open = i == 6 ? at_hours(t0, 90) : t0;
    g.opened_at.push_back(open);
    g.acknowledged_at.push_back(at_hours(open, ack[i]));
    g.resolved_at.push_back(i < 4 ? at_hours(open, res[i]) : kNullInstant);
    g.followed_up.push_back(i != 2);  // 4 has a visit but is not resolved: not counted
  }
  g.follow_up_index = {follow_up_index(4, {1, 5}), follow_up_index(5, {1, 5}),
                       follow_up_index(8, {0, 10}), std::nan("")};  // 75, 100, 80
  g.service_volume = 1400;
  ComplaintPolicy p;  // SLA 24 h / 72 h
  p.as_of = at_hours(t0, 100);
  const auto s = summarize_complaints(g, p);
  CHECK(s.complaints == 7);
  CHECK(s.resolved == 4);
  CHECK(s.resolved_pct == Approx(400.0 / 7));
  // R: mean(ack) = 13.964285714285714, quantiles 4 / 37.2
  CHECK(s.ack_mean_h == Approx(13.964285714285714));
  CHECK(s.ack_median_h == Approx(4));
  CHECK(s.ack_p90_h == Approx(37.2));
  // R: mean(c(10, 80, 50, 20)) = 40, quantiles 35 / 71
  CHECK(s.resolve_mean_h == Approx(40));
  CHECK(s.resolve_median_h == Approx(35));
  CHECK(s.resolve_p90_h == Approx(71));
  // Breaches: #1 (ack 30 > 24, resolve 80 > 72), #4 (open, 100 h old > 72), #5 (ack 48 > 24).
  // #6 is open but 10 h old: not (yet) a breach. 3 / 7.
  CHECK(s.sla_breach_pct == Approx(300.0 / 7));
  // Resolved #0..#3, followed up #0, #1, #3: 3 / 4.
  CHECK(s.follow_up_pct == Approx(75));
  CHECK(s.follow_up_scores == 3);
  CHECK(s.follow_up_satisfaction == Approx(85));  // (75 + 100 + 80) / 3
  CHECK(s.rate_per_1000 == Approx(5));             // 7 / 1400 × 1000
}

TEST_CASE("open complaints and missing data", "[complaints]") {
  const Instant t0 = 1'700'000'000;
  ComplaintGroup g;
  g.opened_at = {t0};
  g.acknowledged_at = {kNullInstant};
  g.resolved_at = {kNullInstant};
  g.followed_up = {false};
  ComplaintPolicy p;
  p.as_of = at_hours(t0, 30);  // unacknowledged 30 h > 24 h SLA
  auto s = summarize_complaints(g, p);
  CHECK(s.sla_breach_pct == Approx(100));
  CHECK(std::isnan(s.ack_mean_h));
  CHECK(std::isnan(s.follow_up_pct));  // nothing resolved
  CHECK(std::isnan(s.rate_per_1000));  // no service volume
  CHECK(std::isnan(s.follow_up_satisfaction));
  p.as_of = kNullInstant;  // without "now" an open complaint is not judged
  s = summarize_complaints(g, p);
  CHECK(s.sla_breach_pct == Approx(0));
  p.as_of = at_hours(t0, 20);
  CHECK(summarize_complaints(g, p).sla_breach_pct == Approx(0));
}

TEST_CASE("quarter labels (UTC)", "[complaints]") {
  CHECK(quarter_label(static_cast<Instant>(days_from_civil(2024, 1, 10)) * 86400) == "2024-Q1");
  CHECK(quarter_label(static_cast<Instant>(days_from_civil(2024, 4, 1)) * 86400) == "2024-Q2");
  CHECK(quarter_label(static_cast<Instant>(days_from_civil(2024, 1, 1)) * 86400 - 1) == "2023-Q4");
  CHECK(quarter_label(static_cast<Instant>(days_from_civil(2024, 12, 31)) * 86400 + 3600) ==
        "2024-Q4");
}
