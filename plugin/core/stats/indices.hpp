// Composite satisfaction indices built from item means: ACSI-style index and SERVQUAL gaps.
#pragma once

#include <array>

namespace icm::stats {

// ACSI-style customer satisfaction index 0–100 (Fornell et al. 1996) from the means of three
// items on a 1–10 scale: Σ w_i (x̄_i − 1)/9 × 100. Weights must be ≥ 0 and sum to 1 (±1e-9),
// else invalid_argument. NaN when any mean is NaN.
double acsi_index(const std::array<double, 3>& item_means, const std::array<double, 3>& weights);
// Unweighted form: (Σ x̄_i − 3)/27 × 100, i.e. equal weights 1/3.
double acsi_index(const std::array<double, 3>& item_means);

// SERVQUAL (Parasuraman, Zeithaml & Berry 1988), the standard 22 items, 1-based:
// tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22.
enum class ServqualDimension { tangibles = 0, reliability, responsiveness, assurance, empathy };
inline constexpr int kServqualItems = 22;
inline constexpr int kServqualDimensions = 5;
// Dimension of a 1-based item number (throws invalid_argument outside 1..22).
ServqualDimension servqual_dimension(int item);

struct Servqual {
  std::array<double, kServqualItems> item_gap;            // perception − expectation
  std::array<double, kServqualDimensions> dimension_gap;  // mean of its items' gaps
  double unweighted;  // mean of the five dimension gaps
  double weighted;    // Σ (w_d/100) · gap_d
};

// Item means of perception and expectation (index 0 = item 1). A NaN item is left out of its
// dimension's mean; a dimension with no items is NaN, and so are the totals then.
// `weights_percent` are the customers' 100-point importance allocation per dimension (in
// ServqualDimension order) and must sum to 100 (±1e-6), else invalid_argument.
Servqual servqual(const std::array<double, kServqualItems>& perception,
                  const std::array<double, kServqualItems>& expectation,
                  const std::array<double, kServqualDimensions>& weights_percent);

}  // namespace icm::stats
