#include "core/engines/complaints.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace icm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pct(std::size_t part, std::size_t whole) {
  return whole == 0 ? kNaN : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double hours_between(Instant from, Instant to) {
  return static_cast<double>(to - from) / 3600.0;
}

}  // namespace

double quantile_type7(std::vector<double> values, double p) {
  ICM_REQUIRE(p >= 0 && p <= 1, "quantile: p must be in [0, 1]");
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return kNaN;
  const double h = static_cast<double>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  // Two order statistics, found in linear time: the lo-th, then the smallest of those above it.
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double x_lo = values[lo];
  const double x_hi = lo + 1 < values.size()
                          ? *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end())
                          : x_lo;
  return x_lo + (h - std::floor(h)) * (x_hi - x_lo);
}

double follow_up_index(double score, Scale scale) {
  if (std::isnan(score) || scale.max <= scale.min) return kNaN;
  return (score - scale.min) / static_cast<double>(scale.max - scale.min) * 100.0;
}

std::int64_t quarter_key(Instant t) {
  // Floor division so instants before 1970 land on the right day.
  const auto day = static_cast<Day>(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  return static_cast<std::int64_t>(y) * 4 + (m - 1) / 3;
}

std::string quarter_label(Instant t) {
  const std::int64_t q = quarter_key(t);
  const std::int64_t y = q >= 0 ? q / 4 : -((-q + 3) / 4);
  return std::to_string(y) + "-Q" + std::to_string(q - y * 4 + 1);
}

ComplaintStats summarize_complaints(const ComplaintGroup& g, const ComplaintPolicy& policy) {
  const std::size_t n = g.opened_at.size();
  ICM_REQUIRE(g.acknowledged_at.size() == n && g.resolved_at.size() == n &&
                  g.followed_up.size() == n,
              "summarize_complaints: columns of different lengths");
  ComplaintStats s;
  s.complaints = n;
  std::vector<double> ack_h, resolve_h;
  std::size_t breaches = 0, followed = 0;
  const bool judge_open = policy.as_of != kNullInstant;
  for (std::size_t i = 0; i < n; ++i) {
    bool breach = false;
    if (g.acknowledged_at[i] != kNullInstant) {
      const double h = hours_between(g.opened_at[i], g.acknowledged_at[i]);
      if (h >= 0) {
        ack_h.push_back(h);
        breach = breach || h > policy.ack_sla_hours;
      }
    } else if (judge_open) {
      breach = breach || hours_between(g.opened_at[i], policy.as_of) > policy.ack_sla_hours;
    }
    if (g.resolved_at[i] != kNullInstant) {
      ++s.resolved;
      if (g.followed_up[i]) ++followed;
      const double h = hours_between(g.opened_at[i], g.resolved_at[i]);
      if (h >= 0) {
        resolve_h.push_back(h);
        breach = breach || h > policy.resolve_sla_hours;
      }
    } else if (judge_open) {
      breach = breach || hours_between(g.opened_at[i], policy.as_of) > policy.resolve_sla_hours;
    }
    if (breach) ++breaches;
  }
  s.resolved_pct = pct(s.resolved, n);
  s.ack_mean_h = mean_of(ack_h);
  s.ack_median_h = quantile_type7(ack_h, 0.5);
  s.ack_p90_h = quantile_type7(ack_h, 0.9);
  s.resolve_mean_h = mean_of(resolve_h);
  s.resolve_median_h = quantile_type7(resolve_h, 0.5);
  s.resolve_p90_h = quantile_type7(resolve_h, 0.9);
  s.sla_breach_pct = pct(breaches, n);
  s.follow_up_pct = pct(followed, s.resolved);

  std::vector<double> scores;
  for (double v : g.follow_up_index)
    if (!std::isnan(v)) scores.push_back(v);
  s.follow_up_scores = scores.size();
  s.follow_up_satisfaction = mean_of(scores);
  s.rate_per_1000 = std::isnan(g.service_volume) || g.service_volume <= 0
                        ? kNaN
                        : static_cast<double>(n) / g.service_volume * 1000.0;
  return s;
}

}  // namespace icm
