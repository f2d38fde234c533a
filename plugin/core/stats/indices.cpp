#include "core/stats/indices.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace icm::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double acsi_index(const std::array<double, 3>& item_means, const std::array<double, 3>& weights) {
  double wsum = 0, index = 0;
  for (int i = 0; i < 3; ++i) {
    ICM_REQUIRE(weights[i] >= 0, "ACSI weights must not be negative");
    wsum += weights[i];
    index += weights[i] * (item_means[i] - 1.0) / 9.0 * 100.0;
  }
  ICM_REQUIRE(std::fabs(wsum - 1.0) <= 1e-9, "ACSI weights must sum to 1");
  return index;
}

double acsi_index(const std::array<double, 3>& item_means) {
  return (item_means[0] + item_means[1] + item_means[2] - 3.0) / 27.0 * 100.0;
}

ServqualDimension servqual_dimension(int item) {
  ICM_REQUIRE(item >= 1 && item <= kServqualItems, "SERVQUAL item must be 1..22");
  if (item <= 4) return ServqualDimension::tangibles;
  if (item <= 9) return ServqualDimension::reliability;
  if (item <= 13) return ServqualDimension::responsiveness;
  if (item <= 17) return ServqualDimension::assurance;
  return ServqualDimension::empathy;
}

Servqual servqual(const std::array<double, kServqualItems>& perception,
                  const std::array<double, kServqualItems>& expectation,
                  const std::array<double, kServqualDimensions>& weights_percent) {
  double wsum = 0;
  for (double w : weights_percent) {
    ICM_REQUIRE(w >= 0, "SERVQUAL weights must not be negative");
    wsum += w;
  }
  ICM_REQUIRE(std::fabs(wsum - 100.0) <= 1e-6, "SERVQUAL weights must sum to 100");

  Servqual r{};
  std::array<double, kServqualDimensions> sum{};
  std::array<int, kServqualDimensions> count{};
  for (int i = 0; i < kServqualItems; ++i) {
    r.item_gap[i] = perception[i] - expectation[i];
    if (std::isnan(r.item_gap[i])) continue;
    const int d = static_cast<int>(servqual_dimension(i + 1));
    sum[d] += r.item_gap[i];
    ++count[d];
  }
  r.unweighted = r.weighted = 0;
  for (int d = 0; d < kServqualDimensions; ++d) {
    r.dimension_gap[d] = count[d] ? sum[d] / count[d] : kNaN;
    r.unweighted += r.dimension_gap[d] / kServqualDimensions;
    r.weighted += weights_percent[d] / 100.0 * r.dimension_gap[d];
  }
  return r;
}

}  // namespace icm::stats
