// The C ABI's pure functions added after the first five (icm_mean … icm_competition_rank), each
// against an independent reference whose source is named beside it, and their argument checks.
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "icm/icm.h"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<double> kFivePoint = {1, 2, 3, 4, 5, 5, 4, 4, 3, 5};

// R's built-in data set `attitude` (Chatterjee & Price 1977), 30 rows × 7 columns, row-major as
// icm_cronbach_alpha takes it; copied from tests/unit/stats/test_reliability.cpp.
const double kAttitude[30 * 7] = {
    43, 51, 30, 39, 61, 92, 45, 63, 64, 51, 54, 63, 73, 47, 71, 70, 68, 69, 76, 86, 48,
    61, 63, 45, 47, 54, 84, 35, 81, 78, 56, 66, 71, 83, 47, 43, 55, 49, 44, 54, 49, 34,
    58, 67, 42, 56, 66, 68, 35, 71, 75, 50, 55, 70, 66, 41, 72, 82, 72, 67, 71, 83, 31,
    67, 61, 45, 47, 62, 80, 41, 64, 53, 53, 58, 58, 67, 34, 67, 60, 47, 39, 59, 74, 41,
    69, 62, 57, 42, 55, 63, 25, 68, 83, 83, 45, 59, 77, 35, 77, 77, 54, 72, 79, 77, 46,
    81, 90, 50, 72, 60, 54, 36, 74, 85, 64, 69, 79, 79, 63, 65, 60, 65, 75, 55, 80, 60,
    65, 70, 46, 57, 75, 85, 46, 50, 58, 68, 54, 64, 78, 52, 50, 40, 33, 34, 43, 64, 33,
    64, 61, 52, 62, 66, 80, 41, 53, 66, 52, 50, 63, 80, 37, 40, 37, 42, 58, 50, 57, 49,
    63, 54, 42, 48, 66, 75, 33, 66, 77, 66, 63, 88, 76, 72, 78, 75, 58, 74, 80, 78, 49,
    48, 57, 44, 45, 51, 83, 38, 85, 85, 71, 71, 77, 74, 55, 82, 82, 39, 59, 64, 78, 39,
};

std::string last_error() { return icm_last_error(); }

}  // namespace

TEST_CASE("icm_mean matches R mean, sd and t.test", "[capi][metrics]") {
  // R 4.2: s <- c(1,2,3,4,5,5,4,4,3,5); mean(s); sd(s); t.test(s)$conf.int
  icm_mean_result r = ICM_MEAN_RESULT_INIT;
  REQUIRE(icm_mean(kFivePoint.data(), kFivePoint.size(), 1, 5, &r) == ICM_OK);
  CHECK(r.n == 10);
  CHECK_THAT(r.mean, WithinAbs(3.6, 1e-14));
  CHECK_THAT(r.sd, WithinAbs(1.3498971154211057, 1e-12));
  CHECK_THAT(r.ci_lo, WithinAbs(2.6343417761336321, 1e-10));
  CHECK_THAT(r.ci_hi, WithinAbs(4.5656582238663681, 1e-10));

  // One score: the mean exists, the sd and interval do not.
  const double one[] = {4};
  icm_mean_result single = ICM_MEAN_RESULT_INIT;
  REQUIRE(icm_mean(one, 1, 1, 5, &single) == ICM_OK);
  CHECK(single.mean == 4.0);
  CHECK(std::isnan(single.sd));
  CHECK(std::isnan(single.ci_lo));
  CHECK(std::isnan(single.ci_hi));
  icm_mean_result empty = ICM_MEAN_RESULT_INIT;
  REQUIRE(icm_mean(nullptr, 0, 1, 5, &empty) == ICM_OK);
  CHECK(std::isnan(empty.mean));

  icm_mean_result old = ICM_MEAN_RESULT_INIT;
  old.struct_size = sizeof(size_t) + sizeof(double);
  CHECK(icm_mean(kFivePoint.data(), kFivePoint.size(), 1, 5, &old) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("ICM_MEAN_RESULT_INIT"));
  const double off[] = {3, 6};
  CHECK(icm_mean(off, 2, 1, 5, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("score[1] = 6"));
}

TEST_CASE("icm_csat is the top-2 box", "[capi][metrics]") {
  // R: 100 * mean(s >= 4) = 60 for the scores above (METHODS.md: CSAT % = top-2 box).
  double out = 0;
  REQUIRE(icm_csat(kFivePoint.data(), kFivePoint.size(), 1, 5, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(60.0, 1e-12));
  double top2 = 0;
  REQUIRE(icm_top_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 2, &top2) == ICM_OK);
  CHECK(out == top2);
  REQUIRE(icm_csat(nullptr, 0, 1, 5, &out) == ICM_OK);
  CHECK(std::isnan(out));
  CHECK(icm_csat(kFivePoint.data(), kFivePoint.size(), 1, 5, nullptr) == ICM_E_INVALID_ARGUMENT);
}

TEST_CASE("icm_wald is the unclipped Wald interval", "[capi][metrics]") {
  // METHODS.md: the plain Wald interval for 18/20 has upper bound 1.0315. Full digits, and 4/20:
  // R 4.2, p <- x/n; p + c(-1, 1) * qnorm(0.975) * sqrt(p * (1 - p) / n).
  double lo = 0, hi = 0;
  REQUIRE(icm_wald(18, 20, 0.95, &lo, &hi) == ICM_OK);
  CHECK_THAT(hi, WithinAbs(1.0315, 5e-5));
  CHECK_THAT(hi, WithinAbs(1.0314783810864872, 1e-12));
  CHECK_THAT(lo, WithinAbs(0.76852161891351289, 1e-12));
  REQUIRE(icm_wald(4, 20, 0.95, &lo, &hi) == ICM_OK);
  CHECK_THAT(lo, WithinAbs(0.024695491884683701, 1e-12));
  CHECK_THAT(hi, WithinAbs(0.37530450811531635, 1e-12));
  REQUIRE(icm_wald(0, 0, 0.95, &lo, &hi) == ICM_OK);
  CHECK(std::isnan(lo));
  CHECK(std::isnan(hi));
  CHECK(icm_wald(21, 20, 0.95, &lo, &hi) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_wald(1, 20, 1.0, &lo, &hi) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_wald(1, 20, 0.95, nullptr, &hi) == ICM_E_INVALID_ARGUMENT);
}

TEST_CASE("icm_response_rate", "[capi][metrics]") {
  // Hand arithmetic: 45 of 60 invited = 0.75.
  double out = 0;
  REQUIRE(icm_response_rate(45, 60, &out) == ICM_OK);
  CHECK(out == 0.75);
  REQUIRE(icm_response_rate(0, 0, &out) == ICM_OK);
  CHECK(std::isnan(out));
  CHECK(icm_response_rate(61, 60, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("responded = 61"));
}

TEST_CASE("icm_acsi_index matches the published formula computed in R", "[capi][metrics]") {
  // tests/unit/stats/test_indices.cpp, references/nps_acsi_servqual.R (base R, Fornell 1996).
  const double means[] = {8.2, 7.5, 6.9};
  const double weights[] = {0.5, 0.3, 0.2};
  double out = 0;
  REQUIRE(icm_acsi_index(means, weights, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(74.777777777777786, 1e-12));
  REQUIRE(icm_acsi_index(means, nullptr, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(72.592592592592595, 1e-12));
  const double top[] = {10, 10, 10};
  REQUIRE(icm_acsi_index(top, nullptr, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(100.0, 1e-12));
  const double no_answers[] = {8.2, kNaN, 6.9};
  REQUIRE(icm_acsi_index(no_answers, weights, &out) == ICM_OK);
  CHECK(std::isnan(out));

  const double bad_sum[] = {0.5, 0.5, 0.5};
  CHECK(icm_acsi_index(means, bad_sum, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("weights sum to 1.5"));
  const double negative[] = {0.6, 0.6, -0.2};
  CHECK(icm_acsi_index(means, negative, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("weights[2] = -0.2"));
  const double off_scale[] = {8.2, 11, 6.9};
  CHECK(icm_acsi_index(off_scale, nullptr, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("item_means[1] = 11"));
  CHECK(icm_acsi_index(nullptr, nullptr, &out) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("item_means is NULL"));
}

TEST_CASE("icm_servqual matches the dimension gaps computed in R", "[capi][metrics]") {
  // The item means and values of tests/unit/stats/test_indices.cpp (references/
  // nps_acsi_servqual.R): p_i = 4 + (i mod 3)/2, e_i = 5 + (i mod 2)/4, weights 10/30/25/20/15.
  double p[22], e[22];
  for (int i = 1; i <= 22; ++i) {
    p[i - 1] = 4 + (i % 3) / 2.0;
    e[i - 1] = 5 + (i % 2) / 4.0;
  }
  const double w[] = {10, 30, 25, 20, 15};
  icm_servqual_result r = ICM_SERVQUAL_RESULT_INIT;
  REQUIRE(icm_servqual(p, e, w, &r) == ICM_OK);
  CHECK_THAT(r.dimension_gap[0], WithinAbs(-0.625, 1e-12));
  CHECK_THAT(r.dimension_gap[1], WithinAbs(-0.65, 1e-12));
  CHECK_THAT(r.dimension_gap[2], WithinAbs(-0.625, 1e-12));
  CHECK_THAT(r.dimension_gap[3], WithinAbs(-0.5, 1e-12));
  CHECK_THAT(r.dimension_gap[4], WithinAbs(-0.7, 1e-12));
  CHECK_THAT(r.unweighted, WithinAbs(-0.62, 1e-12));
  CHECK_THAT(r.weighted, WithinAbs(-0.61875, 1e-12));

  icm_servqual_result equal = ICM_SERVQUAL_RESULT_INIT;
  REQUIRE(icm_servqual(p, e, nullptr, &equal) == ICM_OK);
  CHECK(equal.weighted == equal.unweighted);
  CHECK_THAT(equal.unweighted, WithinAbs(-0.62, 1e-12));

  // An empathy dimension with no items (18-22 NaN) is NaN, and so are the totals.
  for (int i = 17; i < 22; ++i) e[i] = kNaN;
  REQUIRE(icm_servqual(p, e, w, &r) == ICM_OK);
  CHECK(std::isnan(r.dimension_gap[4]));
  CHECK(std::isnan(r.unweighted));
  CHECK(std::isnan(r.weighted));

  const double bad[] = {10, 10, 10, 10, 10};
  CHECK(icm_servqual(p, e, bad, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("weights_percent sum to 50"));
  CHECK(icm_servqual(p, nullptr, w, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("expectation is NULL"));
  p[3] = std::numeric_limits<double>::infinity();
  CHECK(icm_servqual(p, e, w, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("perception[3] = inf"));
}

TEST_CASE("icm_cronbach_alpha on attitude matches psych", "[capi][metrics]") {
  // METHODS.md: R psych 2.2.9 alpha(attitude): raw 0.84314277, standardised 0.8390838.
  for (icm_missing m : {ICM_MISSING_PAIRWISE, ICM_MISSING_LISTWISE}) {
    double raw = 0, std_alpha = 0;
    REQUIRE(icm_cronbach_alpha(kAttitude, 30, 7, m, &raw, &std_alpha) == ICM_OK);
    CHECK_THAT(raw, WithinAbs(0.84314277, 5e-9));
    CHECK_THAT(std_alpha, WithinAbs(0.8390838, 5e-8));
  }
}

TEST_CASE("icm_cronbach_alpha pairwise and listwise with missing cells", "[capi][metrics]") {
  // attitude with six cells missing (1-based row, column), R psych 2.2.9 alpha(x) and
  // alpha(na.omit(x)) as in tests/unit/stats/test_reliability.cpp (references/cronbach_alpha.R).
  std::vector<double> data(kAttitude, kAttitude + 30 * 7);
  for (auto [row, col] : {std::pair{3, 1}, {7, 2}, {7, 5}, {12, 4}, {20, 7}, {25, 3}})
    data[(row - 1) * 7 + (col - 1)] = kNaN;
  double raw = 0, std_alpha = 0;
  REQUIRE(icm_cronbach_alpha(data.data(), 30, 7, ICM_MISSING_PAIRWISE, &raw, &std_alpha) == ICM_OK);
  CHECK_THAT(raw, WithinAbs(0.849510759220888, 1e-12));
  CHECK_THAT(std_alpha, WithinAbs(0.845522039819340, 1e-12));
  REQUIRE(icm_cronbach_alpha(data.data(), 30, 7, ICM_MISSING_LISTWISE, &raw, &std_alpha) == ICM_OK);
  CHECK_THAT(raw, WithinAbs(0.846025524981897, 1e-12));
  CHECK_THAT(std_alpha, WithinAbs(0.840588257309577, 1e-12));
}

TEST_CASE("icm_cronbach_alpha: undefined is NaN, misuse is an error", "[capi][metrics]") {
  double raw = 0, std_alpha = 0;
  // One row: no covariance can be estimated.
  REQUIRE(icm_cronbach_alpha(kAttitude, 1, 7, ICM_MISSING_PAIRWISE, &raw, &std_alpha) == ICM_OK);
  CHECK(std::isnan(raw));
  CHECK(std::isnan(std_alpha));
  // Every item constant: zero variance everywhere.
  const double flat[] = {3, 3, 3, 3, 3, 3};
  REQUIRE(icm_cronbach_alpha(flat, 3, 2, ICM_MISSING_LISTWISE, &raw, &std_alpha) == ICM_OK);
  CHECK(std::isnan(raw));
  CHECK(std::isnan(std_alpha));

  CHECK(icm_cronbach_alpha(kAttitude, 30, 1, ICM_MISSING_PAIRWISE, &raw, &std_alpha) ==
        ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("k must be at least 2"));
  CHECK(icm_cronbach_alpha(nullptr, 30, 7, ICM_MISSING_PAIRWISE, &raw, &std_alpha) ==
        ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("data is NULL"));
  CHECK(icm_cronbach_alpha(kAttitude, 30, 7, static_cast<icm_missing>(2), &raw, &std_alpha) ==
        ICM_E_INVALID_ARGUMENT);
  CHECK(icm_cronbach_alpha(kAttitude, 30, 7, ICM_MISSING_PAIRWISE, &raw, nullptr) ==
        ICM_E_INVALID_ARGUMENT);
  const double with_inf[] = {1, 2, 3, -std::numeric_limits<double>::infinity()};
  CHECK(icm_cronbach_alpha(with_inf, 2, 2, ICM_MISSING_PAIRWISE, &raw, &std_alpha) ==
        ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("data[3] = -inf"));
}

TEST_CASE("icm_correlation matches R cor(use = pairwise.complete.obs)", "[capi][metrics]") {
  // R 4.2: a <- c(3,5,NA,2,4,4,1,5,3,2); b <- c(2,4,3,NA,5,3,1,4,2,3);
  // cor(a, b, use = "pairwise.complete.obs") = 0.77498425829212858
  const double a[] = {3, 5, kNaN, 2, 4, 4, 1, 5, 3, 2};
  const double b[] = {2, 4, 3, kNaN, 5, 3, 1, 4, 2, 3};
  double r = 0;
  REQUIRE(icm_correlation(a, b, 10, &r) == ICM_OK);
  CHECK_THAT(r, WithinAbs(0.77498425829212858, 1e-12));
  // One complete pair, or a constant variable: undefined.
  REQUIRE(icm_correlation(a + 1, b + 1, 3, &r) == ICM_OK);  // (5, 4) only: 3 and 2 lack a partner
  CHECK(std::isnan(r));
  const double flat[] = {2, 2, 2, 2};
  REQUIRE(icm_correlation(a, flat, 4, &r) == ICM_OK);
  CHECK(std::isnan(r));
  CHECK(icm_correlation(a, nullptr, 10, &r) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("y is NULL"));
}

TEST_CASE("icm_quantile matches R quantile(type = 7)", "[capi][metrics]") {
  // R 4.2: h <- c(2.5, 30, 4, NA, 71.25, 12, 8, 49.5, 3, 96, 18)
  // quantile(h, c(0, .25, .5, .9, 1), type = 7, na.rm = TRUE) = 2.5, 5, 15, 73.725, 96
  const double h[] = {2.5, 30, 4, kNaN, 71.25, 12, 8, 49.5, 3, 96, 18};
  const double p[] = {0, 0.25, 0.5, 0.9, 1};
  const double expected[] = {2.5, 5, 15, 73.724999999999994, 96};
  for (int i = 0; i < 5; ++i) {
    double q = 0;
    REQUIRE(icm_quantile(h, 11, p[i], &q) == ICM_OK);
    CHECK_THAT(q, WithinAbs(expected[i], 1e-12));
  }
  double q = 0;
  const double none[] = {kNaN, kNaN};
  REQUIRE(icm_quantile(none, 2, 0.9, &q) == ICM_OK);
  CHECK(std::isnan(q));
  CHECK(icm_quantile(h, 11, 1.5, &q) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("p = 1.5"));
  CHECK(icm_quantile(h, 11, kNaN, &q) == ICM_E_INVALID_ARGUMENT);
  CHECK(icm_quantile(nullptr, 3, 0.5, &q) == ICM_E_INVALID_ARGUMENT);
}

TEST_CASE("icm_largest_remainder reproduces the Hamilton method", "[capi][metrics]") {
  // Wikipedia, "Largest remainders method", Hare-quota example: 100,000 votes (47,000 / 16,000 /
  // 15,800 / 12,000 / 6,100 / 3,100) for 10 seats give 5 / 2 / 1 / 1 / 1 / 0.
  const double shares[] = {0.47, 0.16, 0.158, 0.12, 0.061, 0.031};
  size_t seats[6] = {};
  REQUIRE(icm_largest_remainder(shares, 6, 10, seats) == ICM_OK);
  const size_t expected[] = {5, 2, 1, 1, 1, 0};
  for (int i = 0; i < 6; ++i) CHECK(seats[i] == expected[i]);
  // METHODS.md forced distribution 20/70/10; core/engines/appraisal.hpp's worked example: of 7 → 1/5/1.
  const double quotas[] = {0.2, 0.7, 0.1};
  size_t counts[3] = {};
  REQUIRE(icm_largest_remainder(quotas, 3, 7, counts) == ICM_OK);
  CHECK(counts[0] == 1);
  CHECK(counts[1] == 5);
  CHECK(counts[2] == 1);

  size_t untouched[3] = {9, 9, 9};
  const double short_sum[] = {0.2, 0.7, 0.09};
  CHECK(icm_largest_remainder(short_sum, 3, 7, untouched) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("quotas sum to 0.98999") && Contains("not 1"));
  CHECK(untouched[0] == 9);
  const double negative[] = {0.2, 0.9, -0.1};
  CHECK(icm_largest_remainder(negative, 3, 7, untouched) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("quotas[2] = -0.1 is negative"));
  CHECK(icm_largest_remainder(quotas, 3, 7, nullptr) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("counts is NULL"));
  CHECK(icm_largest_remainder(nullptr, 0, 7, nullptr) == ICM_E_INVALID_ARGUMENT);
}

TEST_CASE("icm_competition_rank matches R rank(-x, ties.method = \"min\")", "[capi][metrics]") {
  // R 4.2: sc <- c(88, 92, NA, 75, 92, 60, 88, 88, 99)
  // rank(-sc, ties.method = "min", na.last = "keep") = 4 2 NA 7 2 8 4 4 1 (NA -> 0 in icm)
  const double sc[] = {88, 92, kNaN, 75, 92, 60, 88, 88, 99};
  int ranks[9] = {};
  REQUIRE(icm_competition_rank(sc, 9, ranks) == ICM_OK);
  const int expected[] = {4, 2, 0, 7, 2, 8, 4, 4, 1};
  for (int i = 0; i < 9; ++i) CHECK(ranks[i] == expected[i]);
  REQUIRE(icm_competition_rank(nullptr, 0, nullptr) == ICM_OK);
  CHECK(icm_competition_rank(sc, 9, nullptr) == ICM_E_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Contains("ranks is NULL"));
}
