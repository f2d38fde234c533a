#include <catch2/catch.hpp>

#include <cmath>

#include "core/stats/pooled.hpp"
#include "core/stats/satisfaction.hpp"

using namespace icm::stats;

namespace {
// x = 1,1,2,3,3,3,4,4,4,4,4,5,5,5,5 (references/quantiles_and_moments.R)
ScoreHistogram sample_1_to_5() {
  ScoreHistogram h(1, 5);
  h.add(1, 2);
  h.add(2, 1);
  h.add(3, 3);
  h.add(4, 5);
  h.add(5, 4);
  return h;
}
}  // namespace

TEST_CASE("histogram moments and t interval match R", "[stats][satisfaction]") {
  const ScoreHistogram h = sample_1_to_5();
  // R: mean(x), var(x), sd(x), t.test(x)$conf.int
  CHECK(mean(h) == Approx(3.5333333333333332).epsilon(1e-14));
  CHECK(variance(h) == Approx(1.8380952380952380).epsilon(1e-13));
  CHECK(sd(h) == Approx(1.3557637102737474).epsilon(1e-13));
  Interval ci = mean_ci(h);
  CHECK(ci.lo == Approx(2.7825364158602319).epsilon(1e-12));
  CHECK(ci.hi == Approx(4.2841302508064345).epsilon(1e-12));
  // R: (t.test(x)$conf.int - 1) / 4 * 100
  Interval ici = mean_index_ci(h);
  CHECK(ici.lo == Approx(44.563410396505802).epsilon(1e-12));
  CHECK(ici.hi == Approx(82.103256270160870).epsilon(1e-12));
}

TEST_CASE("index, boxes and favourability", "[stats][satisfaction]") {
  const ScoreHistogram h = sample_1_to_5();
  CHECK(mean_index(h) == Approx((3.5333333333333332 - 1) / 4 * 100));
  // R: 100*mean(x >= 4) = 60, 100*mean(x <= 2) = 20
  CHECK(top_box_pct(h) == Approx(60));
  CHECK(csat_pct(h) == Approx(60));
  CHECK(bottom_box_pct(h) == Approx(20));
  CHECK(top_box_pct(h, 1) == Approx(100.0 * 4 / 15));
  Favourability f = favourability(h);
  CHECK(f.favourable == Approx(60));
  CHECK(f.neutral == Approx(20));
  CHECK(f.unfavourable == Approx(20));
  // METHODS.md: on 1–5, 1 → 0, 2 → 25 … 5 → 100
  ScoreHistogram two(1, 5);
  two.add(2);
  CHECK(mean_index(two) == Approx(25));
}

TEST_CASE("undefined satisfaction statistics are NaN", "[stats][satisfaction]") {
  ScoreHistogram empty(1, 5);
  CHECK(std::isnan(mean(empty)));
  CHECK(std::isnan(mean_index(empty)));
  CHECK(std::isnan(top_box_pct(empty)));
  CHECK(std::isnan(favourability(empty).neutral));
  ScoreHistogram one(1, 5);
  one.add(4);
  CHECK(mean(one) == 4);
  CHECK(std::isnan(variance(one)));
  CHECK(std::isnan(mean_ci(one).lo));
  ScoreHistogram constant(1, 5);
  constant.add(3, 4);
  CHECK(sd(constant) == 0);
  CHECK(mean_ci(constant).lo == Approx(3));
  CHECK(std::isnan(response_rate(3, 0)));
  CHECK(response_rate(30, 40) == Approx(0.75));
}

TEST_CASE("pooled summary combines scales on index points", "[stats][pooled]") {
  ScoreHistogram ten(0, 10);
  for (int s : {0, 6, 7, 9, 10, 10}) ten.add(s);
  PooledSummary p = summarise({sample_1_to_5(), ten}, 2);
  // R: idx <- c((x-1)/4*100, y/10*100); mean(idx), t.test(idx)$conf.int
  CHECK(p.n == 21);
  CHECK(p.index == Approx(65.238095238095241).epsilon(1e-12));
  CHECK(p.index_lo == Approx(49.643509701162003).epsilon(1e-12));
  CHECK(p.index_hi == Approx(80.832680775028464).epsilon(1e-12));
  CHECK(std::isnan(p.mean));
  CHECK(std::isnan(p.sd));
  // top-2 per own scale: 9 of 15 (4,5) + 3 of 6 (9,10) = 12 of 21; bottom: 3 + 1 (0) of 21
  CHECK(p.top_box_pct == Approx(100.0 * 12 / 21));
  CHECK(p.bottom_box_pct == Approx(100.0 * 4 / 21));

  PooledSummary single = summarise({sample_1_to_5(), ScoreHistogram(0, 10)}, 2);
  CHECK(single.mean == Approx(3.5333333333333332));
  CHECK(single.index_lo == Approx(44.563410396505802).epsilon(1e-12));
  PooledSummary none = summarise({}, 2);
  CHECK(none.n == 0);
  CHECK(std::isnan(none.index));
}
