#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "core/stats/comoments.hpp"
#include "core/stats/reliability.hpp"

using namespace icm::stats;

namespace {

// R's built-in data set `attitude` (Chatterjee & Price 1977), 30 rows × 7 columns: rating,
// complaints, privileges, learning, raises, critical, advance. Printed by
// references/cronbach_alpha.R.
const double kAttitude[30][7] = {
    {43, 51, 30, 39, 61, 92, 45}, {63, 64, 51, 54, 63, 73, 47}, {71, 70, 68, 69, 76, 86, 48},
    {61, 63, 45, 47, 54, 84, 35}, {81, 78, 56, 66, 71, 83, 47}, {43, 55, 49, 44, 54, 49, 34},
    {58, 67, 42, 56, 66, 68, 35}, {71, 75, 50, 55, 70, 66, 41}, {72, 82, 72, 67, 71, 83, 31},
    {67, 61, 45, 47, 62, 80, 41}, {64, 53, 53, 58, 58, 67, 34}, {67, 60, 47, 39, 59, 74, 41},
    {69, 62, 57, 42, 55, 63, 25}, {68, 83, 83, 45, 59, 77, 35}, {77, 77, 54, 72, 79, 77, 46},
    {81, 90, 50, 72, 60, 54, 36}, {74, 85, 64, 69, 79, 79, 63}, {65, 60, 65, 75, 55, 80, 60},
    {65, 70, 46, 57, 75, 85, 46}, {50, 58, 68, 54, 64, 78, 52}, {50, 40, 33, 34, 43, 64, 33},
    {64, 61, 52, 62, 66, 80, 41}, {53, 66, 52, 50, 63, 80, 37}, {40, 37, 42, 58, 50, 57, 49},
    {63, 54, 42, 48, 66, 75, 33}, {66, 77, 66, 63, 88, 76, 72}, {78, 75, 58, 74, 80, 78, 49},
    {48, 57, 44, 45, 51, 83, 38}, {85, 85, 71, 71, 77, 74, 55}, {82, 82, 39, 59, 64, 78, 39},
};

// attitude with six cells missing (1-based row, column as in references/cronbach_alpha.R).
std::vector<std::vector<double>> attitude_with_gaps() {
  std::vector<std::vector<double>> rows;
  for (const auto& r : kAttitude) rows.emplace_back(r, r + 7);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto [row, col] : {std::pair{3, 1}, {7, 2}, {7, 5}, {12, 4}, {20, 7}, {25, 3}})
    rows[row - 1][col - 1] = nan;
  return rows;
}

CoMoments accumulate(const std::vector<std::vector<double>>& rows, std::size_t from, std::size_t to) {
  CoMoments c(7);
  for (std::size_t i = from; i < to; ++i) c.add(rows[i].data());
  return c;
}

}  // namespace

TEST_CASE("Cronbach's alpha on attitude matches psych", "[stats][alpha]") {
  CoMoments c(7);
  for (const auto& r : kAttitude) c.add(r);
  // METHODS.md: R psych 2.2.9 alpha(attitude): raw 0.84314277, standardised 0.8390838
  for (Missing m : {Missing::pairwise, Missing::listwise}) {
    CHECK(cronbach_alpha_raw(c, m) == Approx(0.843142769564760).epsilon(1e-12));
    CHECK(cronbach_alpha_standardised(c, m) == Approx(0.839083803029511).epsilon(1e-12));
  }
}

TEST_CASE("pairwise and listwise alpha differ with missing values", "[stats][alpha]") {
  const auto rows = attitude_with_gaps();
  const CoMoments c = accumulate(rows, 0, rows.size());
  // R psych 2.2.9 alpha(x) (default use = "pairwise"), references/cronbach_alpha.R
  CHECK(cronbach_alpha_raw(c, Missing::pairwise) == Approx(0.849510759220888).epsilon(1e-12));
  CHECK(cronbach_alpha_standardised(c, Missing::pairwise) == Approx(0.845522039819340).epsilon(1e-12));
  // R psych alpha(na.omit(x)): 25 complete rows
  CHECK(c.listwise_n() == 25);
  CHECK(cronbach_alpha_raw(c, Missing::listwise) == Approx(0.846025524981897).epsilon(1e-12));
  CHECK(cronbach_alpha_standardised(c, Missing::listwise) == Approx(0.840588257309577).epsilon(1e-12));
  // R cor(x, use = "pairwise.complete.obs")[1, 2] and cor(na.omit(x))[1, 2]
  CHECK(c.correlation(0, 1, Missing::pairwise) == Approx(0.830574350230298).epsilon(1e-12));
  CHECK(c.correlation(1, 0, Missing::listwise) == Approx(0.847359480063632).epsilon(1e-12));
  auto m = correlation_matrix(c, Missing::pairwise);
  CHECK(m.size() == 49);
  CHECK(m[0 * 7 + 1] == Approx(0.830574350230298).epsilon(1e-12));
  CHECK(m[3 * 7 + 3] == Approx(1.0));
}

TEST_CASE("co-moments merge by addition", "[stats][comoments]") {
  const auto rows = attitude_with_gaps();
  const CoMoments whole = accumulate(rows, 0, rows.size());
  CoMoments a = accumulate(rows, 0, 11);
  a.merge(accumulate(rows, 11, rows.size()));
  CHECK(a.listwise_n() == whole.listwise_n());
  CHECK(a.pair(2, 5).n == whole.pair(5, 2).n);
  CHECK(a.pair(2, 5).sxy == whole.pair(2, 5).sxy);
  CHECK(cronbach_alpha_raw(a, Missing::pairwise) == Approx(cronbach_alpha_raw(whole, Missing::pairwise)));
  CHECK_THROWS_AS(a.merge(CoMoments(3)), icm::Error);
}

TEST_CASE("undefined correlation and alpha are NaN", "[stats][alpha]") {
  CoMoments one(2);
  const double r1[2] = {1, 2};
  one.add(r1);
  CHECK(std::isnan(one.covariance(0, 1, Missing::pairwise)));
  CHECK(std::isnan(cronbach_alpha_raw(one, Missing::listwise)));
  CoMoments flat(2);  // first item constant: zero variance
  const double rows[3][2] = {{3, 1}, {3, 2}, {3, 4}};
  for (const auto& r : rows) flat.add(r);
  CHECK(std::isnan(flat.correlation(0, 1, Missing::pairwise)));
  CHECK(std::isnan(cronbach_alpha_standardised(flat, Missing::pairwise)));
  CHECK(std::isnan(cronbach_alpha_raw(CoMoments(1), Missing::pairwise)));
  CoMoments zero(2);  // both constant: total variance 0
  const double z[2] = {2, 2};
  zero.add(z);
  zero.add(z);
  CHECK(std::isnan(cronbach_alpha_raw(zero, Missing::pairwise)));
}
