#include "functions/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <string>
#include <string_view>

#include "core/engines/appraisal.hpp"
#include "core/engines/complaints.hpp"
#include "core/stats/reliability.hpp"
#include "core/stats/satisfaction.hpp"

namespace icm::functions {

namespace {

// Shortest text that round-trips, so a message shows exactly the value the caller passed.
std::string show(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

bool is_whole(double v) { return std::isfinite(v) && v == std::trunc(v); }

std::string at(std::string_view array, std::size_t i, double v) {
  return std::string(array) + "[" + std::to_string(i) + "] = " + show(v);
}

void require_size(std::span<const double> values, std::size_t size, std::string_view what) {
  ICM_REQUIRE(values.size() == size, std::string(what) + " must hold " + std::to_string(size) +
                                         " values, got " + std::to_string(values.size()));
}

// NaN is "missing" in the arrays below; an infinity is a caller's bug, not a missing value.
void require_finite_or_nan(std::span<const double> values, std::string_view what) {
  for (std::size_t i = 0; i < values.size(); ++i)
    ICM_REQUIRE(!std::isinf(values[i]), at(what, i, values[i]) + " is not finite");
}

// Weights each finite and >= 0, summing to `sum` within `tolerance`.
void require_weights(std::span<const double> weights, double sum, double tolerance,
                     std::string_view what) {
  double total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    ICM_REQUIRE(std::isfinite(weights[i]), at(what, i, weights[i]) + " is not a finite number");
    ICM_REQUIRE(weights[i] >= 0, at(what, i, weights[i]) + " is negative");
    total += weights[i];
  }
  ICM_REQUIRE(std::fabs(total - sum) <= tolerance, std::string(what) + " sum to " + show(total) +
                                                       ", not " + show(sum) + " (within " +
                                                       show(tolerance) + ")");
}

void require_confidence(double confidence) {
  ICM_REQUIRE(confidence > 0.0 && confidence < 1.0,
              "confidence " + show(confidence) + " is not between 0 and 1");
}

}  // namespace

stats::ScoreHistogram histogram_of(std::span<const double> scores, double scale_min,
                                   double scale_max) {
  ICM_REQUIRE(is_whole(scale_min) && is_whole(scale_max),
              "scale [" + show(scale_min) + ", " + show(scale_max) + "] must be whole numbers");
  ICM_REQUIRE(scale_max > scale_min, "scale max " + show(scale_max) + " must exceed min " +
                                         show(scale_min));
  // The histogram itself bounds the width; checking here keeps the int casts below defined.
  ICM_REQUIRE(scale_max - scale_min <= 1000 && std::fabs(scale_min) <= 1e6,
              "scale [" + show(scale_min) + ", " + show(scale_max) + "] is too wide");
  stats::ScoreHistogram h(static_cast<int>(scale_min), static_cast<int>(scale_max));
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double v = scores[i];
    const std::string where = "score[" + std::to_string(i) + "] = " + show(v);
    ICM_REQUIRE(is_whole(v), where + " is not a whole number");
    ICM_REQUIRE(v >= scale_min && v <= scale_max,
                where + " is outside the scale [" + show(scale_min) + ", " + show(scale_max) + "]");
    h.add_unchecked(static_cast<int>(v));
  }
  return h;
}

double mean_index(std::span<const double> scores, double scale_min, double scale_max) {
  return stats::mean_index(histogram_of(scores, scale_min, scale_max));
}

double top_box(std::span<const double> scores, double scale_min, double scale_max, int k) {
  ICM_REQUIRE(k >= 1, "top box needs k >= 1, got " + std::to_string(k));
  return stats::top_box_pct(histogram_of(scores, scale_min, scale_max), k);
}

double bottom_box(std::span<const double> scores, double scale_min, double scale_max, int k) {
  ICM_REQUIRE(k >= 1, "bottom box needs k >= 1, got " + std::to_string(k));
  return stats::bottom_box_pct(histogram_of(scores, scale_min, scale_max), k);
}

stats::Nps nps(std::span<const double> scores, double confidence) {
  require_confidence(confidence);
  return stats::nps(histogram_of(scores, 0, 10), confidence);
}

stats::Interval wilson(std::uint64_t x, std::uint64_t n, double confidence) {
  ICM_REQUIRE(x <= n, "successes x = " + std::to_string(x) + " exceed trials n = " +
                          std::to_string(n));
  require_confidence(confidence);
  return stats::wilson(x, n, confidence);
}

MeanSummary mean_summary(std::span<const double> scores, double scale_min, double scale_max,
                         double confidence) {
  require_confidence(confidence);
  const stats::ScoreHistogram h = histogram_of(scores, scale_min, scale_max);
  return {stats::mean(h), stats::sd(h), h.n(), stats::mean_ci(h, confidence)};
}

double csat(std::span<const double> scores, double scale_min, double scale_max) {
  return stats::csat_pct(histogram_of(scores, scale_min, scale_max), 2);
}

stats::Interval wald(std::uint64_t x, std::uint64_t n, double confidence) {
  ICM_REQUIRE(x <= n, "successes x = " + std::to_string(x) + " exceed trials n = " +
                          std::to_string(n));
  require_confidence(confidence);
  return stats::wald(x, n, confidence);
}

double response_rate(std::uint64_t responded, std::uint64_t invited) {
  ICM_REQUIRE(responded <= invited, "responded = " + std::to_string(responded) +
                                        " exceeds invited = " + std::to_string(invited));
  return stats::response_rate(responded, invited);
}

double acsi(std::span<const double> item_means, std::span<const double> weights) {
  require_size(item_means, 3, "item_means");
  for (std::size_t i = 0; i < 3; ++i)
    ICM_REQUIRE(std::isnan(item_means[i]) || (item_means[i] >= 1 && item_means[i] <= 10),
                at("item_means", i, item_means[i]) + " is outside the scale [1, 10]");
  if (weights.empty()) return stats::acsi_index({item_means[0], item_means[1], item_means[2]});
  require_size(weights, 3, "weights");
  require_weights(weights, 1.0, 1e-9, "weights");
  return stats::acsi_index({item_means[0], item_means[1], item_means[2]},
                           {weights[0], weights[1], weights[2]});
}

stats::Servqual servqual(std::span<const double> perception, std::span<const double> expectation,
                         std::span<const double> weights_percent) {
  require_size(perception, stats::kServqualItems, "perception");
  require_size(expectation, stats::kServqualItems, "expectation");
  require_finite_or_nan(perception, "perception");
  require_finite_or_nan(expectation, "expectation");
  std::array<double, stats::kServqualItems> p{}, e{};
  std::copy(perception.begin(), perception.end(), p.begin());
  std::copy(expectation.begin(), expectation.end(), e.begin());
  std::array<double, stats::kServqualDimensions> w;
  w.fill(100.0 / stats::kServqualDimensions);
  if (!weights_percent.empty()) {
    require_size(weights_percent, stats::kServqualDimensions, "weights_percent");
    require_weights(weights_percent, 100.0, 1e-6, "weights_percent");
    std::copy(weights_percent.begin(), weights_percent.end(), w.begin());
  }
  stats::Servqual r = stats::servqual(p, e, w);
  // Equal weights are the unweighted mean; say so exactly rather than up to rounding.
  if (weights_percent.empty()) r.weighted = r.unweighted;
  return r;
}

std::pair<double, double> cronbach_alpha(std::span<const double> data, std::size_t k,
                                         stats::Missing missing) {
  ICM_REQUIRE(k >= 2, "k = " + std::to_string(k) + ": Cronbach's alpha needs at least 2 items");
  ICM_REQUIRE(data.size() % k == 0, "data holds " + std::to_string(data.size()) +
                                        " values, not a whole number of rows of k = " +
                                        std::to_string(k));
  require_finite_or_nan(data, "data");
  stats::CoMoments c(k);
  for (std::size_t row = 0; row < data.size(); row += k) c.add(data.data() + row);
  return {stats::cronbach_alpha_raw(c, missing), stats::cronbach_alpha_standardised(c, missing)};
}

double correlation(std::span<const double> x, std::span<const double> y) {
  ICM_REQUIRE(x.size() == y.size(), "x and y differ in length");
  require_finite_or_nan(x, "x");
  require_finite_or_nan(y, "y");
  stats::CoMoments c(2);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double row[2] = {x[i], y[i]};
    c.add(row);
  }
  return c.correlation(0, 1, stats::Missing::pairwise);
}

double quantile(std::span<const double> values, double p) {
  ICM_REQUIRE(p >= 0 && p <= 1, "p = " + show(p) + " is not between 0 and 1");
  require_finite_or_nan(values, "values");
  return icm::quantile_type7(std::vector<double>(values.begin(), values.end()), p);
}

std::vector<std::size_t> largest_remainder(std::span<const double> quotas, std::size_t total) {
  ICM_REQUIRE(!quotas.empty(), "quotas is empty: k must be at least 1");
  require_weights(quotas, 1.0, 1e-9, "quotas");
  return icm::largest_remainder(std::vector<double>(quotas.begin(), quotas.end()), total);
}

std::vector<int> competition_rank(std::span<const double> scores) {
  ICM_REQUIRE(scores.size() <= static_cast<std::size_t>(INT_MAX),
              "n = " + std::to_string(scores.size()) + " scores exceed INT_MAX ranks");
  return icm::competition_rank(std::vector<double>(scores.begin(), scores.end()));
}

}  // namespace icm::functions
