// Quantiles and binomial proportion intervals (Boost.Math for the distributions).
#pragma once

#include <cstdint>

namespace icm::stats {

struct Interval {
  double lo, hi;
};

// Standard normal quantile Φ⁻¹(p), same as R qnorm(p); NaN outside (0, 1).
double normal_quantile(double p);
// Student t quantile with df degrees of freedom, same as R qt(p, df); NaN if df ≤ 0 or p ∉ (0, 1).
double t_quantile(double p, double df);

// Wilson score interval for x successes of n (no continuity correction; equals R
// prop.test(x, n, correct = FALSE) and statsmodels method="wilson"). NaN bounds when n = 0.
Interval wilson(std::uint64_t x, std::uint64_t n, double confidence = 0.95);
// Plain Wald interval p̂ ± z·√(p̂(1−p̂)/n), deliberately NOT clipped to [0, 1] so callers can
// see its known defect (18/20 gives upper 1.0315). NaN bounds when n = 0.
Interval wald(std::uint64_t x, std::uint64_t n, double confidence = 0.95);

}  // namespace icm::stats
