#include "core/stats/intervals.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace icm::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool valid_probability(double p) { return p > 0.0 && p < 1.0; }

// z for a two-sided interval of the given confidence; NaN for a confidence outside (0, 1).
double two_sided_z(double confidence) {
  return valid_probability(confidence) ? normal_quantile(0.5 + confidence / 2.0) : kNaN;
}

}  // namespace

double normal_quantile(double p) {
  if (!valid_probability(p)) return kNaN;
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

double t_quantile(double p, double df) {
  if (!valid_probability(p) || !(df > 0.0)) return kNaN;
  if (std::isinf(df)) return normal_quantile(p);
  // Datasets ask for the same p with small integer df for millions of groups, and one Boost
  // quantile costs microseconds, so integer df are memoised per thread for the last p.
  constexpr double kMaxCachedDf = 1 << 16;
  if (df != std::floor(df) || df > kMaxCachedDf)
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
  thread_local double cached_p = kNaN;
  thread_local std::vector<double> cache;
  if (p != cached_p) {
    cache.clear();
    cached_p = p;
  }
  const auto i = static_cast<std::size_t>(df);
  if (i >= cache.size()) cache.resize(i + 1, kNaN);
  if (std::isnan(cache[i]))
    cache[i] = boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
  return cache[i];
}

Interval wilson(std::uint64_t x, std::uint64_t n, double confidence) {
  if (n == 0 || x > n) return {kNaN, kNaN};
  const double z = two_sided_z(confidence);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double z2n = z * z / nn;
  const double centre = (p + z2n / 2.0) / (1.0 + z2n);
  const double half = z / (1.0 + z2n) * std::sqrt(p * (1.0 - p) / nn + z2n / (4.0 * nn));
  // Clamp only rounding noise: the exact interval always lies inside [0, 1].
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval wald(std::uint64_t x, std::uint64_t n, double confidence) {
  if (n == 0 || x > n) return {kNaN, kNaN};
  const double z = two_sided_z(confidence);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double half = z * std::sqrt(p * (1.0 - p) / nn);
  return {p - half, p + half};
}

}  // namespace icm::stats
