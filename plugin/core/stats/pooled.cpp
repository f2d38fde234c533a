#include "core/stats/pooled.hpp"

#include <cmath>
#include <limits>

#include "core/stats/intervals.hpp"
#include "core/stats/satisfaction.hpp"

namespace icm::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

PooledSummary summarise(const std::vector<ScoreHistogram>& per_scale, int top_k, double confidence) {
  PooledSummary r{};
  r.mean = r.sd = r.index = r.index_lo = r.index_hi = r.top_box_pct = r.bottom_box_pct = kNaN;
  const ScoreHistogram* single = nullptr;
  int scales = 0;
  double top = 0, bottom = 0, sum_y = 0;
  for (const ScoreHistogram& h : per_scale) {
    if (h.empty_scale() || h.n() == 0) continue;
    ++scales;
    single = &h;
    const double nh = static_cast<double>(h.n());
    r.n += h.n();
    top += top_box_pct(h, top_k) * nh;
    bottom += bottom_box_pct(h, top_k) * nh;
    sum_y += mean_index(h) * nh;
  }
  if (r.n == 0) return r;
  const double n = static_cast<double>(r.n);
  r.top_box_pct = top / n;
  r.bottom_box_pct = bottom / n;
  r.index = sum_y / n;
  if (scales == 1) {
    r.mean = mean(*single);
    r.sd = sd(*single);
    const Interval ci = mean_index_ci(*single, confidence);
    r.index_lo = ci.lo;
    r.index_hi = ci.hi;
    return r;
  }
  if (r.n < 2) return r;
  // Pooled sum of squared deviations of index points around the overall index.
  double ss = 0;
  for (const ScoreHistogram& h : per_scale) {
    if (h.empty_scale() || h.n() == 0) continue;
    const double width = static_cast<double>(h.hi() - h.lo());
    for (int s = h.lo(); s <= h.hi(); ++s) {
      const double d = (s - h.lo()) / width * 100.0 - r.index;
      ss += static_cast<double>(h.count(s)) * d * d;
    }
  }
  const double half = t_quantile(0.5 + confidence / 2.0, n - 1) * std::sqrt(ss / (n - 1) / n);
  r.index_lo = r.index - half;
  r.index_hi = r.index + half;
  return r;
}

}  // namespace icm::stats
