#include "functions/metrics.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "core/stats/satisfaction.hpp"

namespace icm::functions {

namespace {

// Shortest text that round-trips, so a message shows exactly the value the caller passed.
std::string show(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

bool is_whole(double v) { return std::isfinite(v) && v == std::trunc(v); }

void require_confidence(double confidence) {
  ICM_REQUIRE(confidence > 0.0 && confidence < 1.0,
              "confidence " + show(confidence) + " is not between 0 and 1");
}

}  // namespace

stats::ScoreHistogram histogram_of(std::span<const double> scores, double scale_min,
                                   double scale_max) {
  ICM_REQUIRE(is_whole(scale_min) && is_whole(scale_max),
              "scale [" + show(scale_min) + ", " + show(scale_max) + "] must be whole numbers");
  ICM_REQUIRE(scale_max > scale_min, "scale max " + show(scale_max) + " must exceed min " +
                                         show(scale_min));
  // The histogram itself bounds the width; checking here keeps the int casts below defined.
  ICM_REQUIRE(scale_max - scale_min <= 1000 && std::fabs(scale_min) <= 1e6,
              "scale [" + show(scale_min) + ", " + show(scale_max) + "] is too wide");
  stats::ScoreHistogram h(static_cast<int>(scale_min), static_cast<int>(scale_max));
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double v = scores[i];
    const std::string where = "score[" + std::to_string(i) + "] = " + show(v);
    ICM_REQUIRE(is_whole(v), where + " is not a whole number");
    ICM_REQUIRE(v >= scale_min && v <= scale_max,
                where + " is outside the scale [" + show(scale_min) + ", " + show(scale_max) + "]");
    h.add_unchecked(static_cast<int>(v));
  }
  return h;
}

double mean_index(std::span<const double> scores, double scale_min, double scale_max) {
  return stats::mean_index(histogram_of(scores, scale_min, scale_max));
}

double top_box(std::span<const double> scores, double scale_min, double scale_max, int k) {
  ICM_REQUIRE(k >= 1, "top box needs k >= 1, got " + std::to_string(k));
  return stats::top_box_pct(histogram_of(scores, scale_min, scale_max), k);
}

double bottom_box(std::span<const double> scores, double scale_min, double scale_max, int k) {
  ICM_REQUIRE(k >= 1, "bottom box needs k >= 1, got " + std::to_string(k));
  return stats::bottom_box_pct(histogram_of(scores, scale_min, scale_max), k);
}

stats::Nps nps(std::span<const double> scores, double confidence) {
  require_confidence(confidence);
  return stats::nps(histogram_of(scores, 0, 10), confidence);
}

stats::Interval wilson(std::uint64_t x, std::uint64_t n, double confidence) {
  ICM_REQUIRE(x <= n, "successes x = " + std::to_string(x) + " exceed trials n = " +
                          std::to_string(n));
  require_confidence(confidence);
  return stats::wilson(x, n, confidence);
}

}  // namespace icm::functions
