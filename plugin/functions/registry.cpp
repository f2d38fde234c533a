#include "functions/registry.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "functions/metrics.hpp"

namespace icm::functions {

namespace {

// A scalar that must be a whole number (k, x, n): cells and SQL hand over doubles.
std::int64_t whole(double v, std::string_view what) {
  ICM_REQUIRE(std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9.0e15,
              std::string(what) + " must be a whole number");
  return static_cast<std::int64_t>(v);
}

std::uint64_t count(double v, std::string_view what) {
  const std::int64_t i = whole(v, what);
  ICM_REQUIRE(i >= 0, std::string(what) + " must not be negative");
  return static_cast<std::uint64_t>(i);
}

int box_size(double v) {
  const std::int64_t k = whole(v, "k");
  ICM_REQUIRE(k >= 1 && k <= 1000, "k must be between 1 and the scale width");
  return static_cast<int>(k);
}

const Argument kScores{"scores", ArgKind::scores, "Scores, whole numbers on the scale",
                       "评分（量表上的整数）", std::nullopt};
const Argument kScaleMin{"scale_min", ArgKind::number, "Lowest point of the scale, e.g. 1",
                         "量表最低分，例如 1", std::nullopt};
const Argument kScaleMax{"scale_max", ArgKind::number, "Highest point of the scale, e.g. 5",
                         "量表最高分，例如 5", std::nullopt};
const Argument kBox{"k", ArgKind::number, "Number of scale points in the box (default 2)",
                    "计入的量表分数个数（默认 2）", 2.0};
const Argument kConfidence{"confidence", ArgKind::number, "Confidence level (default 0.95)",
                           "置信水平（默认 0.95）", 0.95};
const Argument kSuccesses{"x", ArgKind::number, "Number of successes", "成功（命中）次数",
                          std::nullopt};
const Argument kTrials{"n", ArgKind::number, "Number of trials", "总次数", std::nullopt};

std::vector<Function> build() {
  return {
      {"ICM.MEAN_INDEX", "icm_mean_index", "satisfaction",
       "Mean score on a 0-100 index: (mean - min) / (max - min) x 100.",
       "平均分换算为 0–100 指数：(平均分 − 最低分) / (最高分 − 最低分) × 100。",
       {kScores, kScaleMin, kScaleMax},
       [](const Call& c) { return mean_index(c.scores, c.numbers[0], c.numbers[1]); }},
      {"ICM.TOP_BOX", "icm_top_box", "satisfaction",
       "Percentage of scores in the top k points of the scale (top-2 box on 1-5: 4s and 5s).",
       "落在量表最高 k 个分数内的评分百分比（1–5 量表的前二箱：4 分和 5 分）。",
       {kScores, kScaleMin, kScaleMax, kBox},
       [](const Call& c) {
         return top_box(c.scores, c.numbers[0], c.numbers[1], box_size(c.numbers[2]));
       }},
      {"ICM.BOTTOM_BOX", "icm_bottom_box", "satisfaction",
       "Percentage of scores in the bottom k points of the scale.",
       "落在量表最低 k 个分数内的评分百分比。",
       {kScores, kScaleMin, kScaleMax, kBox},
       [](const Call& c) {
         return bottom_box(c.scores, c.numbers[0], c.numbers[1], box_size(c.numbers[2]));
       }},
      {"ICM.NPS", "icm_nps", "satisfaction",
       "Net Promoter Score -100..100 from 0-10 scores: % promoters (9-10) - % detractors (0-6).",
       "净推荐值（−100 至 100），基于 0–10 分评分：推荐者（9–10 分）百分比 − 贬损者（0–6 分）百分比。",
       {kScores},
       [](const Call& c) { return nps(c.scores).score; }},
      {"ICM.NPS.LOWER", "icm_nps_lower", "satisfaction",
       "Lower bound of the adjusted-Wald interval of the NPS (Rocks 2016).",
       "净推荐值调整 Wald 置信区间（Rocks 2016）的下限。",
       {kScores, kConfidence},
       [](const Call& c) { return nps(c.scores, c.numbers[0]).adjusted_wald.lo; }},
      {"ICM.NPS.UPPER", "icm_nps_upper", "satisfaction",
       "Upper bound of the adjusted-Wald interval of the NPS (Rocks 2016).",
       "净推荐值调整 Wald 置信区间（Rocks 2016）的上限。",
       {kScores, kConfidence},
       [](const Call& c) { return nps(c.scores, c.numbers[0]).adjusted_wald.hi; }},
      {"ICM.WILSON.LOWER", "icm_wilson_lower", "intervals",
       "Lower bound of the Wilson score interval of x successes in n trials (no continuity "
       "correction).",
       "n 次中 x 次成功的 Wilson 得分区间下限（不做连续性校正）。",
       {kSuccesses, kTrials, kConfidence},
       [](const Call& c) {
         return wilson(count(c.numbers[0], "x"), count(c.numbers[1], "n"), c.numbers[2]).lo;
       }},
      {"ICM.WILSON.UPPER", "icm_wilson_upper", "intervals",
       "Upper bound of the Wilson score interval of x successes in n trials (no continuity "
       "correction).",
       "n 次中 x 次成功的 Wilson 得分区间上限（不做连续性校正）。",
       {kSuccesses, kTrials, kConfidence},
       [](const Call& c) {
         return wilson(count(c.numbers[0], "x"), count(c.numbers[1], "n"), c.numbers[2]).hi;
       }},
  };
}

bool same_ascii_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

const std::vector<Function>& registry() {
  static const std::vector<Function> functions = build();
  return functions;
}

const Function* find_function(std::string_view name) {
  for (const Function& f : registry())
    if (same_ascii_nocase(f.name, name) || same_ascii_nocase(f.sql_name, name)) return &f;
  return nullptr;
}

double evaluate(const Function& f, std::span<const double> scores,
                std::span<const double> numbers) {
  std::vector<double> filled(numbers.begin(), numbers.end());
  std::size_t declared = 0;
  for (const Argument& a : f.args) {
    if (a.kind != ArgKind::number) continue;
    if (declared >= filled.size()) {
      ICM_REQUIRE(a.default_value.has_value(),
                  std::string(f.name) + ": argument " + std::string(a.name) + " is missing");
      filled.push_back(*a.default_value);
    }
    ++declared;
  }
  ICM_REQUIRE(filled.size() == declared, std::string(f.name) + " takes " +
                                             std::to_string(declared) + " number arguments, got " +
                                             std::to_string(numbers.size()));
  return f.evaluate(Call{scores, filled});
}

}  // namespace icm::functions
