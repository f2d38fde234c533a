// Appraisal engine. Largest remainder and ties are worked by hand; leniency values come from
// base R (references/engines_reference.R).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/engines/appraisal.hpp"
#include "core/error.hpp"

using namespace icm;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("achievement: ratio to target by direction, capped", "[appraisal]") {
  CHECK(achievement(90, 100, Direction::higher_is_better) == Approx(90));
  CHECK(achievement(120, 100, Direction::higher_is_better) == Approx(100));  // cap 100
  CHECK(achievement(120, 100, Direction::higher_is_better, 120) == Approx(120));
  CHECK(achievement(4, 2, Direction::lower_is_better) == Approx(50));  // target/actual
  CHECK(std::isnan(achievement(0, 2, Direction::lower_is_better)));    // never divides by 0
  CHECK(std::isnan(achievement(NaN, 2, Direction::higher_is_better)));
  CHECK(scale_to_100(4, 1, 5) == Approx(75));
  CHECK(std::isnan(scale_to_100(4, 5, 5)));
}

TEST_CASE("weighted total renormalises over criteria with a value", "[appraisal]") {
  // (50·80 + 20·60) / (50 + 20) = 5200 / 70
  CHECK(weighted_total({80, NaN, 60}, {50, 30, 20}) == Approx(5200.0 / 70.0));
  CHECK(weighted_total({80, 90}, {1, 1}) == Approx(85));
  CHECK(std::isnan(weighted_total({NaN, NaN}, {1, 1})));
  CHECK_THROWS_AS(weighted_total({1}, {-1}), Error);
}

TEST_CASE("standard competition ranking 1224, NaN unranked", "[appraisal]") {
  CHECK(competition_rank({90, 80, 80, 70, NaN}) == std::vector<int>{1, 2, 2, 4, 0});
  CHECK(competition_rank({70, 90, 90}) == std::vector<int>{3, 1, 1});
}

TEST_CASE("largest remainder counts sum to N (worked by hand)", "[appraisal]") {
  using V = std::vector<std::size_t>;
  // 20/70/10 of 7 → 1.4/4.9/0.7 → floors 1/4/0, remainders .4/.9/.7 → +1 band 1, +1 band 2.
  CHECK(largest_remainder({0.2, 0.7, 0.1}, 7) == V{1, 5, 1});
  // of 10 → exact 2/7/1.
  CHECK(largest_remainder({0.2, 0.7, 0.1}, 10) == V{2, 7, 1});
  // of 3 → 0.6/2.1/0.3 → floors 0/2/0, one seat to the largest remainder .6.
  CHECK(largest_remainder({0.2, 0.7, 0.1}, 3) == V{1, 2, 0});
  // Percent quotas are normalised: 20/70/10 is the same as 0.2/0.7/0.1.
  CHECK(largest_remainder({20, 70, 10}, 7) == V{1, 5, 1});
  // Equal remainders (1.333 each) → the leftover seat goes to the better band.
  CHECK(largest_remainder({1, 1, 1}, 4) == V{2, 1, 1});
  CHECK(largest_remainder({0.2, 0.7, 0.1}, 0) == V{0, 0, 0});
}

TEST_CASE("threshold bands", "[appraisal]") {
  CHECK(threshold_bands({95, 60, 59.9, NaN}, {90, 60, 0}) == std::vector<int>{0, 1, 2, -1});
  CHECK(threshold_bands({59.9}, {90, 60}) == std::vector<int>{-1});
  CHECK_THROWS_AS(threshold_bands({1}, {60, 90}), Error);
}

TEST_CASE("forced distribution: tie policies at a straddled boundary", "[appraisal]") {
  const std::vector<double> q = {0.2, 0.7, 0.1};  // of 7 → 1/5/1; positions 0 | 1..5 | 6
  SECTION("no ties: exactly the counts") {
    CHECK(forced_bands({95, 90, 80, 70, 60, 55, 50}, q, TiePolicy::together_up) ==
          std::vector<int>{0, 1, 1, 1, 1, 1, 2});
  }
  SECTION("tie across the top boundary (positions 0 and 1)") {
    const std::vector<double> s = {95, 95, 90, 80, 70, 60, 50};
    CHECK(forced_bands(s, q, TiePolicy::together_up) == std::vector<int>{0, 0, 1, 1, 1, 1, 2});
    CHECK(forced_bands(s, q, TiePolicy::together_down) ==
          std::vector<int>{1, 1, 1, 1, 1, 1, 2});
    // split by key: "E01" (index 1) sorts before "E02" (index 0) and takes the one top seat.
    const std::vector<std::string> keys = {"E02", "E01", "E03", "E04", "E05", "E06", "E07"};
    CHECK(forced_bands(s, q, TiePolicy::split_by_key, keys) ==
          std::vector<int>{1, 0, 1, 1, 1, 1, 2});
  }
  SECTION("tie across the bottom boundary (positions 5 and 6)") {
    const std::vector<double> s = {95, 90, 80, 70, 60, 50, 50};
    CHECK(forced_bands(s, q, TiePolicy::together_up) == std::vector<int>{0, 1, 1, 1, 1, 1, 1});
    CHECK(forced_bands(s, q, TiePolicy::together_down) ==
          std::vector<int>{0, 1, 1, 1, 1, 2, 2});
  }
  SECTION("NaN scores are not counted or banded") {
    // N = 3 → 0.6/2.1/0.3 → 1/2/0.
    CHECK(forced_bands({NaN, 70, 90, 80}, q, TiePolicy::together_up) ==
          std::vector<int>{-1, 1, 0, 1});
  }
  SECTION("split_by_key needs keys") {
    CHECK_THROWS_AS(forced_bands({1, 2}, q, TiePolicy::split_by_key), Error);
  }
}

TEST_CASE("leniency correction with an sd-0 and a single-score rater", "[appraisal]") {
  // Raters 0..3 = A, B, C, D of references/engines_reference.R.
  const std::vector<double> s = {80, 90, 70, 60, 65, 55, 80, 75, 75, 50};
  const std::vector<std::uint32_t> r = {0, 0, 0, 1, 1, 1, 1, 2, 2, 3};
  SECTION("z within rater") {
    const auto out = correct_leniency(s, r, false);
    // R: ave(score, rater, FUN = (x - mean(x)) / sd(x))
    const std::vector<double> z = {0, 1, -1, -0.46291004988627577, 0, -0.92582009977255153,
                                   1.3887301496588271};
    for (std::size_t i = 0; i < z.size(); ++i) CHECK(out.scores[i] == Approx(z[i]).margin(1e-12));
    // C (sd 0) and D (n 1) are reported and left as given.
    CHECK(out.scores[7] == 75);
    CHECK(out.scores[8] == 75);
    CHECK(out.scores[9] == 50);
    REQUIRE(out.problems.size() == 2);
    CHECK(out.problems[0].rater == 2);
    CHECK(out.problems[0].reason == "all scores equal (sd 0)");
    CHECK(out.problems[1].rater == 3);
    CHECK(out.problems[1].n == 1);
    CHECK(out.problems[1].reason == "fewer than 2 scores");
  }
  SECTION("re-expressed on the pooled mean and sd") {
    const auto out = correct_leniency(s, r, true);
    // R: mean(score) + z * sd(score), pooled mean 70, sd 12.472191289246471.
    const std::vector<double> want = {70, 82.472191289246467, 57.527808710753533,
                                      64.226497308103745, 70, 58.452994616207484,
                                      87.320508075688764, 75, 75, 50};
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(out.scores[i] == Approx(want[i]));
  }
  SECTION("NaN stays NaN and does not count") {
    const auto out = correct_leniency({NaN, 1, 3}, {0, 0, 0}, false);
    CHECK(std::isnan(out.scores[0]));
    CHECK(out.scores[1] == Approx(-1 / std::sqrt(2.0)));  // mean 2, sd √2
    CHECK(out.problems.empty());
  }
}
