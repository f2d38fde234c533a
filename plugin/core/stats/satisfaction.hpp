// Satisfaction metrics computed from one group's ScoreHistogram (METHODS.md table).
// Every function returns NaN when its value is undefined (n = 0, or n < 2 for variances),
// never divides by zero and never throws on empty input.
#pragma once

#include <cstdint>

#include "core/stats/histogram.hpp"
#include "core/stats/intervals.hpp"

namespace icm::stats {

// Arithmetic mean of the scores; NaN when n = 0.
double mean(const ScoreHistogram& h);
// Sample variance (divisor n − 1); NaN when n < 2.
double variance(const ScoreHistogram& h);
// Sample standard deviation sqrt(variance); NaN when n < 2.
double sd(const ScoreHistogram& h);
// Mean index 0–100: (mean − lo)/(hi − lo) × 100 (1–5 scale: 1→0, 5→100); NaN when n = 0.
double mean_index(const ScoreHistogram& h);
// Two-sided t interval of the mean, mean ± t_{(1+c)/2, n−1} · sd/√n; NaN bounds when n < 2.
Interval mean_ci(const ScoreHistogram& h, double confidence = 0.95);
// The same t interval re-expressed on the 0–100 index scale (a linear map of mean_ci).
Interval mean_index_ci(const ScoreHistogram& h, double confidence = 0.95);

// Top-k box %: 100 · #{x ≥ hi − k + 1} / n; NaN when n = 0. k ≥ 1 (k > width counts everything).
double top_box_pct(const ScoreHistogram& h, int k = 2);
// Bottom-k box %: 100 · #{x ≤ lo + k − 1} / n; NaN when n = 0.
double bottom_box_pct(const ScoreHistogram& h, int k = 2);
// CSAT % = top-k box, top-2 by default (on 1–5: share of 4s and 5s).
double csat_pct(const ScoreHistogram& h, int k = 2);

// Favourable = top-k box, unfavourable = bottom-k box, neutral = the rest (sum 100); NaN if n = 0.
struct Favourability {
  double favourable, neutral, unfavourable;
};
// When the boxes would overlap (k > half the scale width) favourable wins the shared scores.
Favourability favourability(const ScoreHistogram& h, int k = 2);

// Response rate as a proportion 0–1: responded / invited; NaN when invited = 0.
double response_rate(std::uint64_t responded, std::uint64_t invited);

}  // namespace icm::stats
