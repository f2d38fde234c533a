// Grading engine: every expected level is worked by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/engines/grading.hpp"

using namespace icm;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("thresholds: every input must reach the level's minimum", "[grading]") {
  LevelRule r;
  r.method = LevelRule::Method::thresholds;
  r.inputs = {"contribution", "years", "importance"};
  r.level1_min = {100, 5, 8};
  r.level2_min = {50, 2, 5};
  // u0 meets all level-1 minimums; u1 misses years (3 < 5) but meets level 2; u2 misses
  // contribution for both (40 < 50); u3 has a missing input; u4 sits exactly on the minimums.
  const std::vector<std::vector<double>> in = {{120, 120, 40, NaN, 100},
                                               {6, 3, 10, 6, 5},
                                               {9, 9, 10, 9, 8}};
  CHECK(classify(r, in) == std::vector<int>{1, 2, 3, 0, 1});
}

TEST_CASE("weighted: min-max scaled composite against cutoffs", "[grading]") {
  LevelRule r;
  r.method = LevelRule::Method::weighted;
  r.inputs = {"contribution", "importance"};
  r.weights = {3, 1};
  r.cutoffs = {70, 40};
  // Complete units u0..u3. f0 range 0..100 → 0, 50, 100, 25; f1 range 10..30 → 0, 100, 50, 0.
  // Composite (3·f0 + f1)/4 = 0, 62.5, 87.5, 18.75 → levels 3, 2, 1, 3. u4 lacks f1: level 0,
  // and its contribution of 1000 must not stretch f0's range.
  const std::vector<std::vector<double>> in = {{0, 50, 100, 25, 1000}, {10, 30, 20, 10, NaN}};
  const auto c = composite_scores(r, in);
  CHECK(c[0] == Approx(0));
  CHECK(c[1] == Approx(62.5));
  CHECK(c[2] == Approx(87.5));
  CHECK(c[3] == Approx(18.75));
  CHECK(std::isnan(c[4]));
  CHECK(classify(r, in) == std::vector<int>{3, 2, 1, 3, 0});
}

TEST_CASE("weighted: a factor without spread scales to 50 for everyone", "[grading]") {
  LevelRule r;
  r.method = LevelRule::Method::weighted;
  r.inputs = {"a", "b"};  // equal weights when none are given
  r.cutoffs = {70, 40};
  // a: 0, 100; b constant → 50, 50. Composite (0+50)/2 = 25, (100+50)/2 = 75.
  const auto c = composite_scores(r, {{1, 3}, {7, 7}});
  CHECK(c[0] == Approx(25));
  CHECK(c[1] == Approx(75));
  CHECK(classify(r, {{1, 3}, {7, 7}}) == std::vector<int>{3, 1});
}

TEST_CASE("quantiles: largest-remainder shares, ties kept in the better level", "[grading]") {
  LevelRule r;
  r.method = LevelRule::Method::quantiles;
  r.inputs = {"contribution"};
  r.quantiles = {0.2, 0.3};
  // N = 7: 1.4 / 2.1 / 3.5 → floors 1/2/3 (6 seats), the 7th to the largest remainder (.5,
  // level 3) → 1/2/4. Best first: 70 → 1; 60, 50 → 2; 40, 30, 20, 10 → 3.
  CHECK(classify(r, {{10, 20, 30, 40, 50, 60, 70}}) == std::vector<int>{3, 3, 3, 3, 2, 2, 1});
  // Two units tie at the top: positions 0 (level 1) and 1 (level 2) → both level 1; the next
  // position (2) keeps its own level 2, position 3 is level 3.
  CHECK(classify(r, {{10, 20, 30, 40, 50, 70, 70}}) == std::vector<int>{3, 3, 3, 3, 2, 1, 1});
  // A missing composite is not ranked and not counted in N: N = 5 → 1/1.5/2.5 → 1/1/2 + 1 to
  // level 2 (remainder .5 ties with level 3's .5; the better level wins) → 1/2/2.
  CHECK(classify(r, {{NaN, 10, 20, 30, 40, 50}}) == std::vector<int>{0, 3, 3, 2, 2, 1});
}

TEST_CASE("rule sizes are checked", "[grading]") {
  LevelRule r;
  r.inputs = {"a", "b"};
  r.level1_min = {1, 1};
  r.level2_min = {0, 0};
  CHECK_THROWS_AS(classify(r, {{1.0}}), Error);
  r.level2_min = {0};
  CHECK_THROWS_AS(classify(r, {{1.0}, {1.0}}), Error);
}

TEST_CASE("labels in English and Chinese follow the seed rules", "[grading]") {
  CHECK(level_label(LevelKind::tier, 1, Lang::en) == "Tier 1");
  CHECK(level_label(LevelKind::tier, 1, Lang::zh) == "一级客户");
  CHECK(level_label(LevelKind::tier, 3, Lang::zh) == "三级客户");
  CHECK(level_label(LevelKind::grade, 1, Lang::en) == "Grade A");
  CHECK(level_label(LevelKind::grade, 2, Lang::zh) == "B级客户");
  CHECK(level_label(LevelKind::grade, 0, Lang::zh).empty());
  CHECK(grade_letter(3) == "C");
}
