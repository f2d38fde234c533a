#include "core/stats/satisfaction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace icm::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sum of counts of scores in [from, to] (clamped to the scale).
std::uint64_t count_between(const ScoreHistogram& h, int from, int to) {
  from = std::max(from, h.lo());
  to = std::min(to, h.hi());
  std::uint64_t c = 0;
  for (int s = from; s <= to; ++s) c += h.count(s);
  return c;
}

double percent(std::uint64_t part, std::uint64_t n) {
  return n == 0 ? kNaN : 100.0 * static_cast<double>(part) / static_cast<double>(n);
}

}  // namespace

double mean(const ScoreHistogram& h) {
  if (h.n() == 0) return kNaN;
  double sum = 0;
  const auto& c = h.counts();
  for (std::size_t i = 0; i < c.size(); ++i) sum += static_cast<double>(c[i]) * (h.lo() + static_cast<int>(i));
  return sum / static_cast<double>(h.n());
}

double variance(const ScoreHistogram& h) {
  if (h.n() < 2) return kNaN;
  // Two-pass around the mean: exact enough for integer scores and never negative.
  const double m = mean(h);
  double ss = 0;
  const auto& c = h.counts();
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double d = (h.lo() + static_cast<int>(i)) - m;
    ss += static_cast<double>(c[i]) * d * d;
  }
  return ss / static_cast<double>(h.n() - 1);
}

double sd(const ScoreHistogram& h) { return std::sqrt(variance(h)); }

double mean_index(const ScoreHistogram& h) {
  if (h.n() == 0) return kNaN;
  return (mean(h) - h.lo()) / static_cast<double>(h.hi() - h.lo()) * 100.0;
}

Interval mean_ci(const ScoreHistogram& h, double confidence) {
  if (h.n() < 2) return {kNaN, kNaN};
  const double m = mean(h);
  const double t = t_quantile(0.5 + confidence / 2.0, static_cast<double>(h.n() - 1));
  const double half = t * sd(h) / std::sqrt(static_cast<double>(h.n()));
  return {m - half, m + half};
}

Interval mean_index_ci(const ScoreHistogram& h, double confidence) {
  const Interval ci = mean_ci(h, confidence);
  if (h.empty_scale()) return {kNaN, kNaN};
  const double width = static_cast<double>(h.hi() - h.lo());
  return {(ci.lo - h.lo()) / width * 100.0, (ci.hi - h.lo()) / width * 100.0};
}

double top_box_pct(const ScoreHistogram& h, int k) {
  ICM_REQUIRE(k >= 1, "top box needs k >= 1");
  return percent(count_between(h, h.hi() - k + 1, h.hi()), h.n());
}

double bottom_box_pct(const ScoreHistogram& h, int k) {
  ICM_REQUIRE(k >= 1, "bottom box needs k >= 1");
  return percent(count_between(h, h.lo(), h.lo() + k - 1), h.n());
}

double csat_pct(const ScoreHistogram& h, int k) { return top_box_pct(h, k); }

Favourability favourability(const ScoreHistogram& h, int k) {
  if (h.n() == 0) return {kNaN, kNaN, kNaN};
  const double fav = top_box_pct(h, k);
  // Boxes that overlap on a narrow scale would count a score twice; favourable wins then.
  const std::uint64_t top = count_between(h, h.hi() - k + 1, h.hi());
  const std::uint64_t bottom = count_between(h, h.lo(), std::min(h.lo() + k - 1, h.hi() - k));
  const double unfav = percent(bottom, h.n());
  return {fav, percent(h.n() - top - bottom, h.n()), unfav};
}

double response_rate(std::uint64_t responded, std::uint64_t invited) {
  if (invited == 0) return kNaN;
  return static_cast<double>(responded) / static_cast<double>(invited);
}

}  // namespace icm::stats
