#include <catch2/catch.hpp>

#include <cmath>

#include "core/stats/intervals.hpp"

using namespace icm::stats;

TEST_CASE("normal and t quantiles match R", "[stats][quantiles]") {
  // R 4.2: qnorm(c(0.975, 0.995, 0.05, 0.5)); references/quantiles_and_moments.R
  CHECK(normal_quantile(0.975) == Approx(1.9599639845400536).epsilon(1e-13));
  CHECK(normal_quantile(0.995) == Approx(2.5758293035488999).epsilon(1e-13));
  CHECK(normal_quantile(0.05) == Approx(-1.6448536269514726).epsilon(1e-13));
  CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-15));
  // R: qt(c(0.975, 0.995, 0.05), df = c(4, 9, 29)); qt(0.975, 2.5)
  CHECK(t_quantile(0.975, 4) == Approx(2.7764451051977934).epsilon(1e-12));
  CHECK(t_quantile(0.995, 9) == Approx(3.2498355415921254).epsilon(1e-12));
  CHECK(t_quantile(0.05, 29) == Approx(-1.6991270265334975).epsilon(1e-12));
  CHECK(t_quantile(0.975, 2.5) == Approx(3.5746548420036919).epsilon(1e-12));
}

TEST_CASE("quantiles are NaN outside their domain", "[stats][quantiles]") {
  CHECK(std::isnan(normal_quantile(0)));
  CHECK(std::isnan(normal_quantile(1)));
  CHECK(std::isnan(t_quantile(0.5, 0)));
  CHECK(std::isnan(t_quantile(-0.1, 5)));
}

TEST_CASE("Wilson interval matches the statsmodels fixture", "[stats][wilson]") {
  // statsmodels/stats/tests/results/results_proportion.py (generated with R binom), via METHODS.md
  Interval a = wilson(18, 20);
  CHECK(a.lo == Approx(0.6989663547715128).epsilon(1e-12));
  CHECK(a.hi == Approx(0.972133518786232).epsilon(1e-12));
  Interval b = wilson(4, 20);
  CHECK(b.lo == Approx(0.0806576625797981).epsilon(1e-12));
  CHECK(b.hi == Approx(0.4160174322518935).epsilon(1e-12));
  Interval c = wilson(0, 30);
  CHECK(c.lo == Approx(0.0).margin(1e-15));
  CHECK(c.hi == Approx(0.11351339).epsilon(1e-7));
  // R: prop.test(7, 13, correct = FALSE)$conf.int; references/quantiles_and_moments.R
  Interval d = wilson(7, 13);
  CHECK(d.lo == Approx(0.29143795714506010).epsilon(1e-12));
  CHECK(d.hi == Approx(0.76793932190461689).epsilon(1e-12));
}

TEST_CASE("Wald interval is unclipped and overshoots at 18/20", "[stats][wald]") {
  // METHODS.md: upper bound 1.0315; R: 0.9 + c(-1,1)*qnorm(.975)*sqrt(.9*.1/20)
  Interval w = wald(18, 20);
  CHECK(w.hi == Approx(1.03147838108648715).epsilon(1e-12));
  CHECK(w.lo == Approx(0.76852161891351289).epsilon(1e-12));
  CHECK(w.hi > 1.0);
}

TEST_CASE("binomial intervals are NaN when n = 0", "[stats][wilson]") {
  CHECK(std::isnan(wilson(0, 0).lo));
  CHECK(std::isnan(wald(0, 0).hi));
}
