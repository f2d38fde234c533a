// Appraisal engine (DESIGN §4, METHODS "weighted scorecard", "forced distribution",
// "rater leniency"): pure functions over plain vectors, so every rule is testable without a
// snapshot. NaN means "no value" everywhere and is never ranked, banded or divided by.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"

namespace icm {

// Achievement in points of a KPI-like criterion: actual/target × 100 when higher is better,
// target/actual × 100 when lower is better, then capped at `cap` (and floored at 0).
// NaN when an input is NaN, the divisor is 0, or a value is negative (a ratio of signed
// quantities has no meaning as "achievement").
double achievement(double actual, double target, Direction direction, double cap = 100);

// A plain score on [lo, hi] re-expressed 0–100: (score − lo)/(hi − lo) × 100. NaN when
// hi <= lo or the score is NaN. Scores outside the scale are not clamped (validation's job).
double scale_to_100(double score, double lo, double hi);

// Weighted scorecard total Σ w_i a_i / Σ w_i over the criteria whose achievement is not NaN:
// a missing criterion drops out and the remaining weights are renormalised. NaN when no
// criterion with a positive weight has a value. Weights must be >= 0.
double weighted_total(const std::vector<double>& achievements, const std::vector<double>& weights);

// Standard competition ranking ("1224"), descending: rank = 1 + #scores strictly greater.
// NaN scores are unranked and get 0.
std::vector<int> competition_rank(const std::vector<double>& scores);

// Largest remainder (Hamilton) method: quotas (shares, normalised by their sum) of n give
// integer counts summing to n. Each band gets floor(q·n); the leftover seats go to the largest
// fractional parts, ties between equal remainders to the earlier (better) band.
// E.g. 0.2/0.7/0.1 of 7 → 1.4/4.9/0.7 → 1/4/0 + 2 seats → 1/5/1.
std::vector<std::size_t> largest_remainder(const std::vector<double>& quotas, std::size_t n);

// Threshold banding: band b (0 = best) is the first whose min_scores[b] <= score; min_scores are
// given best first and must not increase. -1 when the score is NaN or below every minimum.
std::vector<int> threshold_bands(const std::vector<double>& scores,
                                 const std::vector<double>& min_scores);

using TiePolicy = Settings::TiePolicy;

// Forced distribution: the scored subjects (NaN excluded, band -1) are ordered best first and
// the largest-remainder counts of `quotas` fill bands 0, 1, … by position. Equal scores:
//  - together_up:   a tie group straddling a boundary goes whole to the better band (the band
//                   of its best position); that band then holds more than its count and the
//                   next positions keep their own bands, so a worse band holds fewer.
//  - together_down: the group goes whole to the worse band (the band of its worst position).
//  - split_by_key:  ties are ordered by `tie_keys` ascending (e.g. subject id) and split exactly
//                   at the boundary, so every band holds exactly its count.
// `tie_keys` is required (same size as scores) only for split_by_key.
std::vector<int> forced_bands(const std::vector<double>& scores, const std::vector<double>& quotas,
                              TiePolicy policy, const std::vector<std::string>& tie_keys = {});

// A rater whose scores could not be standardised, with the reason; their scores stay as given.
struct LeniencyProblem {
  std::uint32_t rater = 0;
  std::size_t n = 0;    // scores of this rater with a value
  std::string reason;   // "fewer than 2 scores" or "all scores equal (sd 0)"
};

struct LeniencyResult {
  std::vector<double> scores;              // corrected, same order as the input
  std::vector<LeniencyProblem> problems;   // raters left uncorrected, by rater id
};

// Rater leniency correction: z = (score − rater mean)/rater sd, sd the sample sd (n − 1).
// With `to_pooled`, z is re-expressed as pooled mean + z · pooled sd (pooled over every scored
// row), which keeps the result on the original scale; if the pooled sd is itself undefined
// (n < 2 or 0) the pooled mean is used for every z. A rater with n < 2 or sd 0 is reported in
// `problems` and their scores are returned unchanged: never a division by zero. NaN stays NaN.
LeniencyResult correct_leniency(const std::vector<double>& scores,
                                const std::vector<std::uint32_t>& raters, bool to_pooled);

}  // namespace icm
