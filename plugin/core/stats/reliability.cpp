#include "core/stats/reliability.hpp"

#include <cmath>
#include <limits>

namespace icm::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double cronbach_alpha_raw(const CoMoments& c, Missing m) {
  const std::size_t k = c.k();
  if (k < 2) return kNaN;
  double item_var = 0, total_var = 0;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const double cov = c.covariance(i, j, m);
      if (std::isnan(cov)) return kNaN;
      total_var += cov;
      if (i == j) item_var += cov;
    }
  }
  if (!(total_var > 0)) return kNaN;
  const double kk = static_cast<double>(k);
  return kk / (kk - 1) * (1 - item_var / total_var);
}

double cronbach_alpha_standardised(const CoMoments& c, Missing m) {
  const std::size_t k = c.k();
  if (k < 2) return kNaN;
  double sum_r = 0;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) {
      const double vi = c.covariance(i, i, m), vj = c.covariance(j, j, m);
      if (!(vi > 0) || !(vj > 0)) return kNaN;
      const double r = c.covariance(i, j, m) / std::sqrt(vi * vj);
      if (std::isnan(r)) return kNaN;
      sum_r += r;
    }
  }
  const double kk = static_cast<double>(k);
  const double mean_r = sum_r / (kk * (kk - 1) / 2);
  const double denom = 1 + (kk - 1) * mean_r;
  if (denom == 0) return kNaN;
  return kk * mean_r / denom;
}

}  // namespace icm::stats
