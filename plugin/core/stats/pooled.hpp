// Summary of one group whose responses may come on several score scales (one histogram per
// scale). icm combines scales on the 0–100 index rather than rejecting the mix: every response
// is re-expressed as index points (x − lo)/(hi − lo)·100, so the group index is the n-weighted
// mean of the per-scale indices and its t interval uses the pooled index points. Raw mean and sd
// are in scale units and so are reported only when the group has a single scale (else NaN).
#pragma once

#include <cstdint>
#include <vector>

#include "core/stats/histogram.hpp"

namespace icm::stats {

struct PooledSummary {
  std::uint64_t n = 0;
  double mean, sd;                  // single-scale groups only, else NaN
  double index, index_lo, index_hi; // 0–100 and its t interval (NaN bounds when n < 2)
  double top_box_pct, bottom_box_pct;  // top-k / bottom-k of each response's own scale
};

// Empty histograms (n = 0, or no scale) are ignored; all fields NaN when the total n is 0.
PooledSummary summarise(const std::vector<ScoreHistogram>& per_scale, int top_k,
                        double confidence = 0.95);

}  // namespace icm::stats
