#include "core/engines/appraisal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "core/error.hpp"

namespace icm {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double achievement(double actual, double target, Direction direction, double cap) {
  if (std::isnan(actual) || std::isnan(target) || actual < 0 || target < 0) return kNaN;
  const double num = direction == Direction::higher_is_better ? actual : target;
  const double den = direction == Direction::higher_is_better ? target : actual;
  if (den == 0) return kNaN;
  return std::min(num / den * 100.0, cap);
}

double scale_to_100(double score, double lo, double hi) {
  if (std::isnan(score) || !(hi > lo)) return kNaN;
  return (score - lo) / (hi - lo) * 100.0;
}

double weighted_total(const std::vector<double>& achievements, const std::vector<double>& weights) {
  ICM_REQUIRE(achievements.size() == weights.size(), "weighted_total: one weight per criterion");
  double sum = 0, wsum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    ICM_REQUIRE(weights[i] >= 0, "weighted_total: weights must be >= 0");
    if (std::isnan(achievements[i]) || weights[i] == 0) continue;
    sum += weights[i] * achievements[i];
    wsum += weights[i];
  }
  return wsum > 0 ? sum / wsum : kNaN;
}

std::vector<int> competition_rank(const std::vector<double>& scores) {
  std::vector<double> sorted;
  for (double s : scores)
    if (!std::isnan(s)) sorted.push_back(s);
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  std::vector<int> ranks(scores.size(), 0);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) continue;
    // Number of scores strictly greater = position of the first element not greater.
    auto first = std::lower_bound(sorted.begin(), sorted.end(), scores[i], std::greater<>());
    ranks[i] = 1 + static_cast<int>(first - sorted.begin());
  }
  return ranks;
}

std::vector<std::size_t> largest_remainder(const std::vector<double>& quotas, std::size_t n) {
  ICM_REQUIRE(!quotas.empty(), "largest_remainder: no quotas");
  double total = 0;
  for (double q : quotas) {
    ICM_REQUIRE(q >= 0 && std::isfinite(q), "largest_remainder: quotas must be finite and >= 0");
    total += q;
  }
  ICM_REQUIRE(total > 0, "largest_remainder: quotas sum to 0");
  std::vector<std::size_t> counts(quotas.size());
  std::vector<double> remainder(quotas.size());
  std::size_t given = 0;
  for (std::size_t b = 0; b < quotas.size(); ++b) {
    const double exact = quotas[b] / total * static_cast<double>(n);
    counts[b] = static_cast<std::size_t>(std::floor(exact));
    remainder[b] = exact - std::floor(exact);
    given += counts[b];
  }
  std::vector<std::size_t> order(quotas.size());
  std::iota(order.begin(), order.end(), 0);
  // stable_sort keeps the better band first among equal remainders.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; given < n; ++k, ++given) ++counts[order[k % order.size()]];
  return counts;
}

std::vector<int> threshold_bands(const std::vector<double>& scores,
                                 const std::vector<double>& min_scores) {
  for (std::size_t b = 1; b < min_scores.size(); ++b)
    ICM_REQUIRE(min_scores[b] <= min_scores[b - 1], "threshold_bands: minimums must not increase");
  std::vector<int> bands(scores.size(), -1);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) continue;
    for (std::size_t b = 0; b < min_scores.size(); ++b)
      if (scores[i] >= min_scores[b]) {
        bands[i] = static_cast<int>(b);
        break;
      }
  }
  return bands;
}

std::vector<int> forced_bands(const std::vector<double>& scores, const std::vector<double>& quotas,
                              TiePolicy policy, const std::vector<std::string>& tie_keys) {
  const bool by_key = policy == TiePolicy::split_by_key;
  ICM_REQUIRE(!by_key || tie_keys.size() == scores.size(),
              "forced_bands: split_by_key needs one tie-break key per score");
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!std::isnan(scores[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return by_key && tie_keys[a] < tie_keys[b];
  });
  const auto counts = largest_remainder(quotas, order.size());
  // band_at[p]: the band of position p in the best-first order.
  std::vector<int> band_at;
  for (std::size_t b = 0; b < counts.size(); ++b)
    band_at.insert(band_at.end(), counts[b], static_cast<int>(b));

  std::vector<int> bands(scores.size(), -1);
  for (std::size_t s = 0; s < order.size();) {
    std::size_t e = s + 1;
    if (!by_key)
      while (e < order.size() && scores[order[e]] == scores[order[s]]) ++e;
    const int group_band = policy == TiePolicy::together_down ? band_at[e - 1] : band_at[s];
    for (std::size_t p = s; p < e; ++p) bands[order[p]] = by_key ? band_at[p] : group_band;
    s = e;
  }
  return bands;
}

LeniencyResult correct_leniency(const std::vector<double>& scores,
                                const std::vector<std::uint32_t>& raters, bool to_pooled) {
  ICM_REQUIRE(scores.size() == raters.size(), "correct_leniency: one rater per score");
  struct Moments {
    std::size_t n = 0;
    double sum = 0, sum_sq_dev = 0, mean = 0;
  };
  // Two passes (mean, then squared deviations) avoid the cancellation of Σx² − n·mean².
  std::map<std::uint32_t, Moments> by_rater;
  Moments pooled;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) continue;
    auto& m = by_rater[raters[i]];
    ++m.n;
    m.sum += scores[i];
    ++pooled.n;
    pooled.sum += scores[i];
  }
  for (auto& [r, m] : by_rater) m.mean = m.sum / static_cast<double>(m.n);
  if (pooled.n > 0) pooled.mean = pooled.sum / static_cast<double>(pooled.n);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) continue;
    auto& m = by_rater[raters[i]];
    m.sum_sq_dev += (scores[i] - m.mean) * (scores[i] - m.mean);
    pooled.sum_sq_dev += (scores[i] - pooled.mean) * (scores[i] - pooled.mean);
  }
  auto sample_sd = [](const Moments& m) {
    return m.n < 2 ? 0.0 : std::sqrt(m.sum_sq_dev / static_cast<double>(m.n - 1));
  };
  const double pooled_sd = sample_sd(pooled);

  LeniencyResult out;
  out.scores = scores;
  std::map<std::uint32_t, double> sd_of;
  for (const auto& [r, m] : by_rater) {
    const double sd = sample_sd(m);
    if (m.n < 2)
      out.problems.push_back({r, m.n, "fewer than 2 scores"});
    else if (!(sd > 0))
      out.problems.push_back({r, m.n, "all scores equal (sd 0)"});
    else
      sd_of[r] = sd;
  }
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) continue;
    auto it = sd_of.find(raters[i]);
    if (it == sd_of.end()) continue;  // reported above, left as given
    const double z = (scores[i] - by_rater[raters[i]].mean) / it->second;
    out.scores[i] = to_pooled ? pooled.mean + z * pooled_sd : z;
  }
  return out;
}

}  // namespace icm
