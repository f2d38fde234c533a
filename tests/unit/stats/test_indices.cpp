#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/stats/indices.hpp"

using namespace icm::stats;

// References: references/nps_acsi_servqual.R (base R from the published formulas).

TEST_CASE("ACSI-style index, weighted and unweighted", "[stats][acsi]") {
  CHECK(acsi_index({8.2, 7.5, 6.9}, {0.5, 0.3, 0.2}) == Approx(74.777777777777786).epsilon(1e-13));
  CHECK(acsi_index({8.2, 7.5, 6.9}) == Approx(72.592592592592595).epsilon(1e-13));
  // Equal weights reproduce the unweighted form; all 10s is 100, all 1s is 0.
  CHECK(acsi_index({8.2, 7.5, 6.9}, {1.0 / 3, 1.0 / 3, 1.0 / 3}) == Approx(72.592592592592595));
  CHECK(acsi_index({10, 10, 10}) == Approx(100));
  CHECK(acsi_index({1, 1, 1}) == Approx(0).margin(1e-12));
  CHECK_THROWS_AS(acsi_index({5, 5, 5}, {0.5, 0.5, 0.5}), icm::Error);
}

TEST_CASE("SERVQUAL dimension mapping and gaps", "[stats][servqual]") {
  CHECK(servqual_dimension(1) == ServqualDimension::tangibles);
  CHECK(servqual_dimension(4) == ServqualDimension::tangibles);
  CHECK(servqual_dimension(5) == ServqualDimension::reliability);
  CHECK(servqual_dimension(9) == ServqualDimension::reliability);
  CHECK(servqual_dimension(10) == ServqualDimension::responsiveness);
  CHECK(servqual_dimension(14) == ServqualDimension::assurance);
  CHECK(servqual_dimension(18) == ServqualDimension::empathy);
  CHECK(servqual_dimension(22) == ServqualDimension::empathy);
  CHECK_THROWS_AS(servqual_dimension(23), icm::Error);

  std::array<double, 22> p{}, e{};
  for (int i = 1; i <= 22; ++i) {
    p[i - 1] = 4 + (i % 3) / 2.0;
    e[i - 1] = 5 + (i % 2) / 4.0;
  }
  Servqual s = servqual(p, e, {10, 30, 25, 20, 15});
  CHECK(s.item_gap[0] == Approx(4.5 - 5.25));
  CHECK(s.dimension_gap[0] == Approx(-0.625));
  CHECK(s.dimension_gap[1] == Approx(-0.65));
  CHECK(s.dimension_gap[2] == Approx(-0.625));
  CHECK(s.dimension_gap[3] == Approx(-0.5));
  CHECK(s.dimension_gap[4] == Approx(-0.7));
  CHECK(s.unweighted == Approx(-0.62));
  CHECK(s.weighted == Approx(-0.61875));
  CHECK_THROWS_AS(servqual(p, e, {10, 10, 10, 10, 10}), icm::Error);
}

TEST_CASE("SERVQUAL skips missing items and NaNs an empty dimension", "[stats][servqual]") {
  std::array<double, 22> p{}, e{};
  p.fill(4);
  e.fill(5);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  p[0] = 2;        // item 1: gap −3
  p[1] = nan;      // item 2 missing: tangibles = mean(−3, −1, −1) = −5/3
  for (int i = 17; i < 22; ++i) e[i] = nan;  // empathy has no items
  Servqual s = servqual(p, e, {20, 20, 20, 20, 20});
  CHECK(s.dimension_gap[0] == Approx(-5.0 / 3));
  CHECK(std::isnan(s.dimension_gap[4]));
  CHECK(std::isnan(s.weighted));
}
