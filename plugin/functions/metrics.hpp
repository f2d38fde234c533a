// The metric functions every face exposes (C ABI, Calc, Excel, SQL), over plain arrays of scores.
// They validate what a face receives from outside (doubles from cells, columns or C arrays) and
// delegate the arithmetic to plugin/core/stats, so a number is the same in every face.
#pragma once

#include <cstdint>
#include <span>

#include "core/stats/histogram.hpp"
#include "core/stats/intervals.hpp"
#include "core/stats/nps.hpp"

namespace icm::functions {

// Histogram of scores on [scale_min, scale_max]. Throws Error(invalid_argument) for a scale that
// is not whole numbers with max > min, or for a score that is not a whole number inside the scale,
// naming the zero-based index and the value ("score[3] = 4.5 is not a whole number").
stats::ScoreHistogram histogram_of(std::span<const double> scores, double scale_min,
                                   double scale_max);

double mean_index(std::span<const double> scores, double scale_min, double scale_max);
double top_box(std::span<const double> scores, double scale_min, double scale_max, int k);
double bottom_box(std::span<const double> scores, double scale_min, double scale_max, int k);
// Scores on the fixed 0–10 NPS scale.
stats::Nps nps(std::span<const double> scores, double confidence = 0.95);
// Requires x <= n and 0 < confidence < 1.
stats::Interval wilson(std::uint64_t x, std::uint64_t n, double confidence);

}  // namespace icm::functions
