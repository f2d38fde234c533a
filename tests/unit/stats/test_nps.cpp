#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "core/stats/nps.hpp"

using namespace icm::stats;

// References: references/nps_acsi_servqual.R (base R, the formulas of METHODS.md / Rocks 2016).

TEST_CASE("NPS with Wald and adjusted-Wald intervals", "[stats][nps]") {
  Nps r = nps(50, 20, 100);
  CHECK(r.score == Approx(30));
  CHECK(r.p_promoters == Approx(0.5));
  CHECK(r.p_detractors == Approx(0.2));
  CHECK(r.n == 100);
  CHECK(r.wald.lo == Approx(14.692191924957331).epsilon(1e-12));
  CHECK(r.wald.hi == Approx(45.307808075042665).epsilon(1e-12));
  CHECK(r.adjusted_wald.lo == Approx(14.051130178761609).epsilon(1e-12));
  CHECK(r.adjusted_wald.hi == Approx(44.201297005704411).epsilon(1e-12));
}

TEST_CASE("NPS from a 0-10 histogram", "[stats][nps]") {
  ScoreHistogram h(0, 10);
  for (int s : {9, 10, 10, 7, 8, 0, 5, 6}) h.add(s);
  Nps r = nps(h);
  CHECK(r.score == Approx(0).margin(1e-12));
  CHECK(r.wald.lo == Approx(-60.011395954441348).epsilon(1e-12));
  CHECK(r.wald.hi == Approx(60.011395954441348).epsilon(1e-12));
  CHECK(r.adjusted_wald.lo == Approx(-48.796203919558820).epsilon(1e-12));
  CHECK(r.adjusted_wald.hi == Approx(48.796203919558820).epsilon(1e-12));
  CHECK_THROWS_AS(nps(ScoreHistogram(1, 5)), icm::Error);
}

TEST_CASE("NPS edge cases: all promoters, and n = 0", "[stats][nps]") {
  Nps all = nps(4, 0, 4);
  CHECK(all.score == Approx(100));
  CHECK(all.wald.lo == Approx(100));  // zero variance: Wald collapses
  CHECK(all.adjusted_wald.lo == Approx(6.9441779802720482).epsilon(1e-12));
  CHECK(all.adjusted_wald.hi == Approx(100));  // clipped
  Nps none = nps(0, 0, 0);
  CHECK(std::isnan(none.score));
  CHECK(std::isnan(none.adjusted_wald.lo));
  CHECK_THROWS_AS(nps(3, 3, 5), icm::Error);
}
