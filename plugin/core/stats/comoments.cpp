#include "core/stats/comoments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "core/error.hpp"

namespace icm::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Co-moment Σ(x − x̄)(y − ȳ) from raw sums. Scores are small integers, so raw sums stay exact
// long enough that the textbook cancellation worry does not bite.
double comoment(double n, double sx, double sy, double sxy) { return sxy - sx * sy / n; }

}  // namespace

CoMoments::CoMoments(std::size_t k)
    : k_(k), pairs_(k * k), listwise_sum_(k, 0.0), listwise_cross_(k * k, 0.0) {}

void CoMoments::add(const double* row) {
  bool complete = true;
  for (std::size_t i = 0; i < k_; ++i) {
    const double xi = row[i];
    if (std::isnan(xi)) { complete = false; continue; }
    for (std::size_t j = i; j < k_; ++j) {
      const double xj = row[j];
      if (std::isnan(xj)) continue;
      PairSums& p = pairs_[i * k_ + j];
      ++p.n;
      p.sx += xi;
      p.sy += xj;
      p.sxx += xi * xi;
      p.syy += xj * xj;
      p.sxy += xi * xj;
    }
  }
  if (!complete) return;
  ++listwise_n_;
  for (std::size_t i = 0; i < k_; ++i) {
    listwise_sum_[i] += row[i];
    for (std::size_t j = 0; j < k_; ++j) listwise_cross_[i * k_ + j] += row[i] * row[j];
  }
}

void CoMoments::merge(const CoMoments& other) {
  ICM_REQUIRE(other.k_ == k_, "cannot merge co-moments of different k");
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    PairSums& a = pairs_[i];
    const PairSums& b = other.pairs_[i];
    a.n += b.n;
    a.sx += b.sx;
    a.sy += b.sy;
    a.sxx += b.sxx;
    a.syy += b.syy;
    a.sxy += b.sxy;
  }
  listwise_n_ += other.listwise_n_;
  for (std::size_t i = 0; i < k_; ++i) listwise_sum_[i] += other.listwise_sum_[i];
  for (std::size_t i = 0; i < listwise_cross_.size(); ++i) listwise_cross_[i] += other.listwise_cross_[i];
}

const CoMoments::PairSums& CoMoments::pair(std::size_t i, std::size_t j) const {
  ICM_REQUIRE(i < k_ && j < k_, "co-moment index out of range");
  if (i > j) std::swap(i, j);
  return pairs_[i * k_ + j];
}

double CoMoments::covariance(std::size_t i, std::size_t j, Missing m) const {
  ICM_REQUIRE(i < k_ && j < k_, "co-moment index out of range");
  if (m == Missing::listwise) {
    if (listwise_n_ < 2) return kNaN;
    const double n = static_cast<double>(listwise_n_);
    return comoment(n, listwise_sum_[i], listwise_sum_[j], listwise_cross_[i * k_ + j]) / (n - 1);
  }
  const PairSums& p = pair(i, j);
  if (p.n < 2) return kNaN;
  const double n = static_cast<double>(p.n);
  return comoment(n, p.sx, p.sy, p.sxy) / (n - 1);
}

double CoMoments::correlation(std::size_t i, std::size_t j, Missing m) const {
  ICM_REQUIRE(i < k_ && j < k_, "co-moment index out of range");
  double n, sx, sy, sxx, syy, sxy;
  if (m == Missing::listwise) {
    n = static_cast<double>(listwise_n_);
    sx = listwise_sum_[i];
    sy = listwise_sum_[j];
    sxx = listwise_cross_[i * k_ + i];
    syy = listwise_cross_[j * k_ + j];
    sxy = listwise_cross_[i * k_ + j];
  } else {
    const PairSums& p = pair(i, j);
    n = static_cast<double>(p.n);
    sx = p.sx;
    sy = p.sy;
    sxx = p.sxx;
    syy = p.syy;
    sxy = p.sxy;
  }
  if (n < 2) return kNaN;
  const double vx = comoment(n, sx, sx, sxx);
  const double vy = comoment(n, sy, sy, syy);
  // A constant variable has no correlation; tiny positive values are rounding of zero.
  if (!(vx > 1e-12 * (sxx + 1)) || !(vy > 1e-12 * (syy + 1))) return kNaN;
  const double r = comoment(n, sx, sy, sxy) / std::sqrt(vx * vy);
  return std::max(-1.0, std::min(1.0, r));
}

std::vector<double> covariance_matrix(const CoMoments& c, Missing m) {
  const std::size_t k = c.k();
  std::vector<double> out(k * k);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) out[i * k + j] = c.covariance(i, j, m);
  return out;
}

std::vector<double> correlation_matrix(const CoMoments& c, Missing m) {
  const std::size_t k = c.k();
  std::vector<double> out(k * k);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) out[i * k + j] = c.correlation(i, j, m);
  return out;
}

}  // namespace icm::stats
