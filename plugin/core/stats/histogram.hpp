// Score histogram: the sufficient statistic of one group's scores on an integer scale
// (DESIGN §3.2). Every univariate metric is a function of it, and two histograms of the same
// scale merge by adding counts, which is what makes pushdown and parallel loading exact.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"

namespace icm::stats {

class ScoreHistogram {
 public:
  ScoreHistogram() = default;
  ScoreHistogram(int lo, int hi) : lo_(lo), counts_(static_cast<std::size_t>(hi - lo + 1), 0) {
    ICM_REQUIRE(hi > lo, "score scale needs max > min");
    ICM_REQUIRE(hi - lo <= 1000, "score scale wider than 1000 points");
  }

  int lo() const { return lo_; }
  int hi() const { return lo_ + static_cast<int>(counts_.size()) - 1; }
  bool empty_scale() const { return counts_.empty(); }

  void add(int score, std::uint64_t count = 1) {
    ICM_REQUIRE(score >= lo() && score <= hi(), "score outside the histogram's scale");
    counts_[static_cast<std::size_t>(score - lo_)] += count;
    n_ += count;
  }
  // Unchecked add for hot loops whose caller validated the score already.
  void add_unchecked(int score, std::uint64_t count = 1) {
    counts_[static_cast<std::size_t>(score - lo_)] += count;
    n_ += count;
  }
  void merge(const ScoreHistogram& other) {
    if (other.counts_.empty()) return;
    if (counts_.empty()) { *this = other; return; }
    ICM_REQUIRE(other.lo_ == lo_ && other.counts_.size() == counts_.size(),
                "cannot merge histograms of different scales");
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    n_ += other.n_;
  }

  std::uint64_t n() const { return n_; }
  std::uint64_t count(int score) const {
    if (score < lo() || score > hi()) return 0;
    return counts_[static_cast<std::size_t>(score - lo_)];
  }
  const std::vector<std::uint64_t>& counts() const { return counts_; }

 private:
  int lo_ = 0;
  std::vector<std::uint64_t> counts_;
  std::uint64_t n_ = 0;
};

}  // namespace icm::stats
