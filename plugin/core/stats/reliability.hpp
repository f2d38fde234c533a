// Internal-consistency reliability of a k-item scale: Cronbach's alpha (METHODS.md).
#pragma once

#include "core/stats/comoments.hpp"

namespace icm::stats {

// Raw alpha: k/(k−1) · (1 − Σ s_i² / s_T²), where s_T² = Σ_i Σ_j cov(i, j) is the variance of
// the item total computed from the covariance matrix under the named variant:
//  - Missing::pairwise: R psych::alpha's default (cov(use = "pairwise.complete.obs"));
//  - Missing::listwise: only complete rows (equals alpha of na.omit(data)).
// NaN when k < 2, any covariance is undefined, or s_T² = 0.
double cronbach_alpha_raw(const CoMoments& c, Missing m);
// Standardised alpha: k·r̄ / (1 + (k−1)·r̄), r̄ = mean off-diagonal r_ij = cov_ij/√(s_i² s_j²) of
// the covariance matrix under the variant, as psych::alpha's std.alpha (R <- cov2cor(C)). With
// Missing::pairwise this is NOT the mean of cor(use = "pairwise"), whose variances come from each
// pair's common rows; psych and icm use each item's all-available variance. NaN when k < 2, any
// covariance is undefined, or a variance is 0.
double cronbach_alpha_standardised(const CoMoments& c, Missing m);

}  // namespace icm::stats
