#include "core/stats/nps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace icm::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 100·(P − D) ± z·100·√((P + D − (P − D)²)/n)
Interval wald_nps(double p, double d, double n, double z) {
  const double diff = p - d;
  const double var = std::max(0.0, p + d - diff * diff);
  const double half = z * std::sqrt(var / n);
  return {100.0 * (diff - half), 100.0 * (diff + half)};
}

}  // namespace

Nps nps(std::uint64_t promoters, std::uint64_t detractors, std::uint64_t n, double confidence) {
  ICM_REQUIRE(promoters + detractors <= n, "promoters + detractors exceed n");
  Nps r;
  r.n = n;
  if (n == 0) {
    r.score = r.p_promoters = r.p_detractors = kNaN;
    r.wald = r.adjusted_wald = {kNaN, kNaN};
    return r;
  }
  const double z = normal_quantile(0.5 + confidence / 2.0);
  const double nn = static_cast<double>(n);
  r.p_promoters = static_cast<double>(promoters) / nn;
  r.p_detractors = static_cast<double>(detractors) / nn;
  r.score = 100.0 * (r.p_promoters - r.p_detractors);
  r.wald = wald_nps(r.p_promoters, r.p_detractors, nn, z);
  const double na = nn + 3.0;
  const Interval adj = wald_nps((static_cast<double>(promoters) + 0.75) / na,
                                (static_cast<double>(detractors) + 0.75) / na, na, z);
  r.adjusted_wald = {std::max(-100.0, adj.lo), std::min(100.0, adj.hi)};
  return r;
}

Nps nps(const ScoreHistogram& h, double confidence) {
  ICM_REQUIRE(h.lo() == 0 && h.hi() == 10, "NPS needs a 0-10 scale");
  std::uint64_t promoters = h.count(9) + h.count(10);
  std::uint64_t detractors = 0;
  for (int s = 0; s <= 6; ++s) detractors += h.count(s);
  return nps(promoters, detractors, h.n(), confidence);
}

}  // namespace icm::stats
