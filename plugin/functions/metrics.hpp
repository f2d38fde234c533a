// The metric functions every face exposes (C ABI, Calc, Excel, SQL), over plain arrays of scores.
// They validate what a face receives from outside (doubles from cells, columns or C arrays) and
// delegate the arithmetic to plugin/core/stats, so a number is the same in every face.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/stats/comoments.hpp"
#include "core/stats/histogram.hpp"
#include "core/stats/indices.hpp"
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

// Mean, sample sd, n and the two-sided t interval of the mean of scores on the scale.
struct MeanSummary {
  double mean, sd;
  std::uint64_t n;
  stats::Interval ci;
};
MeanSummary mean_summary(std::span<const double> scores, double scale_min, double scale_max,
                         double confidence = 0.95);
// CSAT % = top-2 box.
double csat(std::span<const double> scores, double scale_min, double scale_max);
// Plain Wald interval, not clipped. Requires x <= n and 0 < confidence < 1.
stats::Interval wald(std::uint64_t x, std::uint64_t n, double confidence);
// responded / invited, 0-1; requires responded <= invited.
double response_rate(std::uint64_t responded, std::uint64_t invited);

// ACSI-style index from 3 item means on 1-10 (each in [1, 10] or NaN); `weights` empty for the
// unweighted form, else 3 values >= 0 summing to 1 (+-1e-9).
double acsi(std::span<const double> item_means, std::span<const double> weights);
// SERVQUAL from 22 perception and 22 expectation item means; `weights_percent` empty for equal
// weights (then weighted == unweighted), else 5 values >= 0 summing to 100 (+-1e-6).
stats::Servqual servqual(std::span<const double> perception, std::span<const double> expectation,
                         std::span<const double> weights_percent);

// Cronbach's alpha {raw, standardised} of row-major data, n_rows x k, NaN = missing; k >= 2.
std::pair<double, double> cronbach_alpha(std::span<const double> data, std::size_t k,
                                         stats::Missing missing);
// Pairwise-complete Pearson r of two equally long arrays, NaN = missing.
double correlation(std::span<const double> x, std::span<const double> y);
// R type-7 quantile of the values, NaN ignored; 0 <= p <= 1.
double quantile(std::span<const double> values, double p);
// Largest remainder counts of `total` for shares summing to 1 (+-1e-9).
std::vector<std::size_t> largest_remainder(std::span<const double> quotas, std::size_t total);
// Competition ranks "1224", highest first; NaN -> 0.
std::vector<int> competition_rank(std::span<const double> scores);

}  // namespace icm::functions
