#include "core/engines/grading.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/engines/appraisal.hpp"
#include "core/error.hpp"

namespace icm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t unit_count(const LevelRule& rule, const std::vector<std::vector<double>>& inputs) {
  ICM_REQUIRE(!rule.inputs.empty(), "level rule has no inputs");
  ICM_REQUIRE(inputs.size() == rule.inputs.size(), "classify: one input vector per rule input");
  for (const auto& f : inputs)
    ICM_REQUIRE(f.size() == inputs[0].size(), "classify: every input needs one value per unit");
  return inputs[0].size();
}

bool complete(const std::vector<std::vector<double>>& inputs, std::size_t u) {
  for (const auto& f : inputs)
    if (std::isnan(f[u])) return false;
  return true;
}

std::vector<int> by_thresholds(const LevelRule& rule,
                               const std::vector<std::vector<double>>& inputs, std::size_t n) {
  ICM_REQUIRE(rule.level1_min.size() == inputs.size() && rule.level2_min.size() == inputs.size(),
              "thresholds rule needs level1_min and level2_min for every input");
  auto meets = [&](const std::vector<double>& mins, std::size_t u) {
    for (std::size_t f = 0; f < inputs.size(); ++f)
      if (!(inputs[f][u] >= mins[f])) return false;
    return true;
  };
  std::vector<int> levels(n, 0);
  for (std::size_t u = 0; u < n; ++u) {
    if (!complete(inputs, u)) continue;
    levels[u] = meets(rule.level1_min, u) ? 1 : meets(rule.level2_min, u) ? 2 : 3;
  }
  return levels;
}

}  // namespace

std::vector<double> composite_scores(const LevelRule& rule,
                                     const std::vector<std::vector<double>>& inputs) {
  const std::size_t n = unit_count(rule, inputs);
  std::vector<double> weights = rule.weights;
  if (weights.empty()) weights.assign(inputs.size(), 1.0);
  ICM_REQUIRE(weights.size() == inputs.size(), "weighted rule needs one weight per input");

  std::vector<double> sum(n, 0.0);
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    // Scale over complete units only, so a unit that is left out cannot stretch the range.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t u = 0; u < n; ++u)
      if (complete(inputs, u)) {
        lo = std::min(lo, inputs[f][u]);
        hi = std::max(hi, inputs[f][u]);
      }
    for (std::size_t u = 0; u < n; ++u) {
      if (!complete(inputs, u)) continue;
      const double scaled = hi > lo ? (inputs[f][u] - lo) / (hi - lo) * 100.0 : 50.0;
      sum[u] += weights[f] * scaled;
    }
  }
  double wsum = 0;
  for (double w : weights) {
    ICM_REQUIRE(w >= 0, "weights must be >= 0");
    wsum += w;
  }
  ICM_REQUIRE(wsum > 0, "weights sum to 0");
  std::vector<double> out(n, kNaN);
  for (std::size_t u = 0; u < n; ++u)
    if (complete(inputs, u)) out[u] = sum[u] / wsum;
  return out;
}

std::vector<int> classify(const LevelRule& rule, const std::vector<std::vector<double>>& inputs) {
  const std::size_t n = unit_count(rule, inputs);
  if (rule.method == LevelRule::Method::thresholds) return by_thresholds(rule, inputs, n);

  const auto composite = composite_scores(rule, inputs);
  std::vector<int> levels(n, 0);
  if (rule.method == LevelRule::Method::weighted) {
    ICM_REQUIRE(rule.cutoffs.size() == 2, "weighted rule needs two cutoffs");
    for (std::size_t u = 0; u < n; ++u) {
      if (std::isnan(composite[u])) continue;
      levels[u] = composite[u] >= rule.cutoffs[0] ? 1 : composite[u] >= rule.cutoffs[1] ? 2 : 3;
    }
    return levels;
  }
  ICM_REQUIRE(rule.quantiles.size() == 2, "quantiles rule needs two shares");
  const double rest = 1.0 - rule.quantiles[0] - rule.quantiles[1];
  ICM_REQUIRE(rule.quantiles[0] >= 0 && rule.quantiles[1] >= 0 && rest >= -1e-9,
              "quantile shares must be >= 0 and sum to at most 1");
  const auto bands = forced_bands(composite, {rule.quantiles[0], rule.quantiles[1],
                                              std::max(rest, 0.0)},
                                  TiePolicy::together_up);
  for (std::size_t u = 0; u < n; ++u) levels[u] = bands[u] < 0 ? 0 : bands[u] + 1;
  return levels;
}

std::string grade_letter(int level) {
  static const char* const letters[] = {"", "A", "B", "C"};
  return level >= 1 && level <= 3 ? letters[level] : "";
}

std::string level_label(LevelKind kind, int level, Lang lang) {
  if (level < 1 || level > 3) return "";
  if (kind == LevelKind::tier) {
    static const char* const zh[] = {"", "一级客户", "二级客户", "三级客户"};
    return lang == Lang::zh ? zh[level] : "Tier " + std::to_string(level);
  }
  return lang == Lang::zh ? grade_letter(level) + "级客户" : "Grade " + grade_letter(level);
}

}  // namespace icm
