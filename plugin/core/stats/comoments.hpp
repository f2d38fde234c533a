// Mergeable co-moment accumulator for k variables (DESIGN §3.2): the sufficient statistic of
// correlations and Cronbach's alpha. Two accumulators over disjoint rows merge by addition, so
// per-chunk or pushed-down partial sums combine exactly.
//
// It keeps both missing-data variants side by side, because they answer differently:
//  - pairwise-complete: for every pair (i, j), i ≤ j, the sums over rows where BOTH are present
//    (for i = j: the rows where variable i is present);
//  - listwise: the sums over rows where ALL k variables are present.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace icm::stats {

// Which rows a multivariate statistic uses when some values are missing.
enum class Missing {
  pairwise,  // each pair uses the rows where both are present (R use="pairwise.complete.obs")
  listwise,  // only rows with every variable present (R use="complete.obs")
};

class CoMoments {
 public:
  // Sums over the rows a pair has in common; x is the lower-index variable, y the other.
  struct PairSums {
    std::uint64_t n = 0;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  };

  CoMoments() = default;
  explicit CoMoments(std::size_t k);

  std::size_t k() const { return k_; }
  // One row of k values; NaN marks a missing value.
  void add(const double* row);
  // Adds another accumulator over the same k variables (throws invalid_argument otherwise).
  void merge(const CoMoments& other);

  // Pairwise-complete sums of (i, j), in either order (the pair is normalised to i ≤ j).
  const PairSums& pair(std::size_t i, std::size_t j) const;
  // Listwise: number of complete rows, Σx_i and Σx_i·x_j over them.
  std::uint64_t listwise_n() const { return listwise_n_; }
  double listwise_sum(std::size_t i) const { return listwise_sum_.at(i); }
  double listwise_cross(std::size_t i, std::size_t j) const { return listwise_cross_.at(i * k_ + j); }

  // Sample covariance (divisor n − 1) under the variant; NaN when the rows used are < 2.
  // Pairwise: cov(i, j) on the rows both are present, var(i) on all rows i is present,
  // as R's cov(use = "pairwise.complete.obs").
  double covariance(std::size_t i, std::size_t j, Missing m) const;
  // Pearson r under the variant; NaN when fewer than 2 rows or a zero variance. Pairwise r uses
  // the pair's common rows for both variances, as R's cor(use = "pairwise.complete.obs").
  double correlation(std::size_t i, std::size_t j, Missing m) const;

 private:
  std::size_t k_ = 0;
  std::vector<PairSums> pairs_;  // k×k, only i ≤ j used
  std::uint64_t listwise_n_ = 0;
  std::vector<double> listwise_sum_;    // k
  std::vector<double> listwise_cross_;  // k×k, symmetric
};

// k×k matrices, row-major, under the named variant (entries NaN where undefined).
std::vector<double> covariance_matrix(const CoMoments& c, Missing m);
std::vector<double> correlation_matrix(const CoMoments& c, Missing m);

}  // namespace icm::stats
