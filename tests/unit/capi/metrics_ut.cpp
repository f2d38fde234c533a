// Pure metric functions of the C ABI against independent references, and the registry that the
// spreadsheet and SQL faces are generated from against the C functions.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "functions/registry.hpp"
#include "icm/icm.h"

using Catch::Matchers::WithinAbs;

namespace {

const std::vector<double> kFivePoint = {1, 2, 3, 4, 5, 5, 4, 4, 3, 5};
const std::vector<double> kNps = {10, 10, 9, 9, 9, 9, 8, 7, 6, 3, 0, 10};

}  // namespace

TEST_CASE("icm_wilson matches statsmodels / R binom", "[capi][metrics]") {
  // METHODS.md: statsmodels/stats/tests/results/results_proportion.py (generated with R binom).
  double lo = 0, hi = 0;
  REQUIRE(icm_wilson(18, 20, 0.95, &lo, &hi) == ICM_OK);
  CHECK_THAT(lo, WithinAbs(0.6989663547715128, 1e-12));
  CHECK_THAT(hi, WithinAbs(0.972133518786232, 1e-12));
  REQUIRE(icm_wilson(4, 20, 0.95, &lo, &hi) == ICM_OK);
  CHECK_THAT(lo, WithinAbs(0.0806576625797981, 1e-12));
  CHECK_THAT(hi, WithinAbs(0.4160174322518935, 1e-12));
  REQUIRE(icm_wilson(0, 30, 0.95, &lo, &hi) == ICM_OK);
  CHECK_THAT(lo, WithinAbs(0.0, 1e-12));
  CHECK_THAT(hi, WithinAbs(0.11351339, 1e-8));
  REQUIRE(icm_wilson(0, 0, 0.95, &lo, &hi) == ICM_OK);
  CHECK(std::isnan(lo));
  CHECK(std::isnan(hi));
}

TEST_CASE("mean index and boxes on a 1-5 scale", "[capi][metrics]") {
  // Hand count, checked in R 4.2 ((mean(s)-1)/4*100, 100*mean(s>=4), 100*mean(s<=2)):
  // scores 1,2,3,4,5,5,4,4,3,5 -> mean 3.6 -> index 65; top-2 6/10; bottom-2 2/10; top-1 3/10.
  double out = 0;
  REQUIRE(icm_mean_index(kFivePoint.data(), kFivePoint.size(), 1, 5, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(65.0, 1e-12));
  REQUIRE(icm_top_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 2, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(60.0, 1e-12));
  REQUIRE(icm_top_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 1, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(30.0, 1e-12));
  REQUIRE(icm_bottom_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 2, &out) == ICM_OK);
  CHECK_THAT(out, WithinAbs(20.0, 1e-12));
  // METHODS.md: on 1-5, 1 -> 0 and 5 -> 100.
  const double ones[] = {1, 1}, fives[] = {5};
  REQUIRE(icm_mean_index(ones, 2, 1, 5, &out) == ICM_OK);
  CHECK(out == 0.0);
  REQUIRE(icm_mean_index(fives, 1, 1, 5, &out) == ICM_OK);
  CHECK(out == 100.0);
  // No scores: defined as NaN, not an error.
  REQUIRE(icm_mean_index(nullptr, 0, 1, 5, &out) == ICM_OK);
  CHECK(std::isnan(out));
}

TEST_CASE("icm_nps matches the Wald and adjusted-Wald formulas computed in R", "[capi][metrics]") {
  // Reference: R 4.2, the METHODS.md formulas typed in R (qnorm(0.975); adjusted-Wald per
  // Rocks 2016: n+3, +0.75 promoters and detractors), not icm's code:
  // 12 scores, 7 promoters (9-10), 3 detractors (0-6).
  icm_nps_result r = ICM_NPS_RESULT_INIT;
  REQUIRE(icm_nps(kNps.data(), kNps.size(), &r) == ICM_OK);
  CHECK(r.n == 12);
  CHECK_THAT(r.promoters, WithinAbs(7.0 / 12.0, 1e-15));
  CHECK_THAT(r.detractors, WithinAbs(0.25, 1e-15));
  CHECK_THAT(r.score, WithinAbs(33.333333333333336, 1e-9));
  CHECK_THAT(r.wald_lo, WithinAbs(-14.749814494646785, 1e-9));
  CHECK_THAT(r.wald_hi, WithinAbs(81.416481161313456, 1e-9));
  CHECK_THAT(r.adjusted_wald_lo, WithinAbs(-15.538767613543349, 1e-9));
  CHECK_THAT(r.adjusted_wald_hi, WithinAbs(68.872100946876685, 1e-9));

  icm_nps_result empty = ICM_NPS_RESULT_INIT;
  REQUIRE(icm_nps(nullptr, 0, &empty) == ICM_OK);
  CHECK(empty.n == 0);
  CHECK(std::isnan(empty.score));
}

TEST_CASE("every registry entry is complete and bilingual", "[capi][registry]") {
  const auto& functions = icm::functions::registry();
  REQUIRE(!functions.empty());
  std::set<std::string> names, sql_names;
  for (const auto& f : functions) {
    INFO(f.name);
    CHECK(f.name.starts_with("ICM."));
    CHECK(f.sql_name.starts_with("icm_"));
    CHECK(names.insert(std::string(f.name)).second);
    CHECK(sql_names.insert(std::string(f.sql_name)).second);
    CHECK(!f.category.empty());
    CHECK(!f.help_en.empty());
    CHECK(!f.help_zh.empty());
    CHECK(f.help_zh != f.help_en);
    CHECK(f.evaluate != nullptr);
    for (const auto& a : f.args) {
      INFO(a.name);
      CHECK(!a.help_en.empty());
      CHECK(!a.help_zh.empty());
    }
    CHECK(icm::functions::find_function(f.sql_name) == &f);
  }
  CHECK(icm::functions::find_function("icm.nps") != nullptr);
  CHECK(icm::functions::find_function("ICM.NOPE") == nullptr);
}

TEST_CASE("registry evaluators equal the C functions", "[capi][registry]") {
  using icm::functions::evaluate;
  using icm::functions::find_function;
  auto eval = [](const char* name, const std::vector<double>& scores,
                 const std::vector<double>& numbers) {
    const auto* f = find_function(name);
    REQUIRE(f != nullptr);
    return evaluate(*f, scores, numbers);
  };
  double c = 0;
  REQUIRE(icm_mean_index(kFivePoint.data(), kFivePoint.size(), 1, 5, &c) == ICM_OK);
  CHECK(eval("ICM.MEAN_INDEX", kFivePoint, {1, 5}) == c);
  REQUIRE(icm_top_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 2, &c) == ICM_OK);
  CHECK(eval("ICM.TOP_BOX", kFivePoint, {1, 5}) == c);  // k defaults to 2
  REQUIRE(icm_top_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 1, &c) == ICM_OK);
  CHECK(eval("ICM.TOP_BOX", kFivePoint, {1, 5, 1}) == c);
  REQUIRE(icm_bottom_box(kFivePoint.data(), kFivePoint.size(), 1, 5, 2, &c) == ICM_OK);
  CHECK(eval("ICM.BOTTOM_BOX", kFivePoint, {1, 5, 2}) == c);

  icm_nps_result r = ICM_NPS_RESULT_INIT;
  REQUIRE(icm_nps(kNps.data(), kNps.size(), &r) == ICM_OK);
  CHECK(eval("ICM.NPS", kNps, {}) == r.score);
  CHECK(eval("ICM.NPS.LOWER", kNps, {}) == r.adjusted_wald_lo);
  CHECK(eval("ICM.NPS.UPPER", kNps, {0.95}) == r.adjusted_wald_hi);

  double lo = 0, hi = 0;
  REQUIRE(icm_wilson(18, 20, 0.9, &lo, &hi) == ICM_OK);
  CHECK(eval("ICM.WILSON.LOWER", {}, {18, 20, 0.9}) == lo);
  CHECK(eval("ICM.WILSON.UPPER", {}, {18, 20, 0.9}) == hi);

  icm_mean_result m = ICM_MEAN_RESULT_INIT;
  REQUIRE(icm_mean(kFivePoint.data(), kFivePoint.size(), 1, 5, &m) == ICM_OK);
  CHECK(eval("ICM.MEAN", kFivePoint, {1, 5}) == m.mean);
  CHECK(eval("ICM.SD", kFivePoint, {1, 5}) == m.sd);
  CHECK(eval("ICM.MEAN.LOWER", kFivePoint, {1, 5}) == m.ci_lo);  // confidence defaults to 0.95
  CHECK(eval("ICM.MEAN.UPPER", kFivePoint, {1, 5, 0.95}) == m.ci_hi);
  CHECK(eval("ICM.MEAN.UPPER", kFivePoint, {1, 5, 0.9}) < m.ci_hi);
  REQUIRE(icm_csat(kFivePoint.data(), kFivePoint.size(), 1, 5, &c) == ICM_OK);
  CHECK(eval("ICM.CSAT", kFivePoint, {1, 5}) == c);

  REQUIRE(icm_wald(18, 20, 0.9, &lo, &hi) == ICM_OK);
  CHECK(eval("ICM.WALD.LOWER", {}, {18, 20, 0.9}) == lo);
  CHECK(eval("ICM.WALD.UPPER", {}, {18, 20, 0.9}) == hi);
  REQUIRE(icm_response_rate(45, 60, &c) == ICM_OK);
  CHECK(eval("ICM.RESPONSE_RATE", {}, {45, 60}) == c);

  const double means[] = {8.2, 7.5, 6.9}, weights[] = {0.5, 0.3, 0.2};
  REQUIRE(icm_acsi_index(means, nullptr, &c) == ICM_OK);
  CHECK(eval("ICM.ACSI", {}, {8.2, 7.5, 6.9}) == c);
  REQUIRE(icm_acsi_index(means, weights, &c) == ICM_OK);
  CHECK(eval("ICM.ACSI.WEIGHTED", {}, {8.2, 7.5, 6.9, 0.5, 0.3, 0.2}) == c);

  const std::vector<double> hours = {2.5, 30, 4, std::nan(""), 71.25, 12, 8, 49.5, 3, 96, 18};
  REQUIRE(icm_quantile(hours.data(), hours.size(), 0.9, &c) == ICM_OK);
  CHECK(eval("ICM.QUANTILE", hours, {0.9}) == c);

  // Every entry is covered above: a new function needs its C twin and a line here. Not in the
  // registry, because a cell or SQL function takes one range and returns one number:
  // icm_servqual (two 22-item arrays), icm_cronbach_alpha (a matrix), icm_correlation (two
  // ranges), icm_largest_remainder and icm_competition_rank (array results).
  CHECK(icm::functions::registry().size() == 19);

  CHECK_THROWS_WITH(eval("ICM.MEAN_INDEX", kFivePoint, {1}),
                    Catch::Contains("scale_max is missing"));
  CHECK_THROWS_WITH(eval("ICM.NPS", kNps, {0.9, 1}), Catch::Contains("takes 0 number"));
  CHECK_THROWS_WITH(eval("ICM.TOP_BOX", kFivePoint, {1, 5, 1.5}),
                    Catch::Contains("k must be a whole number"));
  CHECK_THROWS_WITH(eval("ICM.RESPONSE_RATE", {}, {-1, 60}),
                    Catch::Contains("responded must not be negative"));
  CHECK_THROWS_WITH(eval("ICM.ACSI.WEIGHTED", {}, {8.2, 7.5, 6.9, 0.5, 0.5, 0.5}),
                    Catch::Contains("weights sum to 1.5"));
  CHECK_THROWS_WITH(eval("ICM.QUANTILE", hours, {-0.1}), Catch::Contains("p = -0.1"));
}

TEST_CASE("metric functions run concurrently", "[capi][metrics][threads]") {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 2000; ++i) {
        icm_nps_result r = ICM_NPS_RESULT_INIT;
        double lo = 0, hi = 0;
        if (icm_nps(kNps.data(), kNps.size(), &r) != ICM_OK ||
            std::fabs(r.score - 33.333333333333336) > 1e-9)
          ++wrong[t];
        if (icm_wilson(18, 20, 0.95, &lo, &hi) != ICM_OK ||
            std::fabs(lo - 0.6989663547715128) > 1e-12)
          ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int w : wrong) CHECK(w == 0);
}
