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
const Argument kResponded{"responded", ArgKind::number, "Number of people who responded",
                          "已回复人数", std::nullopt};
const Argument kInvited{"invited", ArgKind::number, "Number of people invited", "受邀人数",
                        std::nullopt};
const Argument kValues{"values", ArgKind::scores,
                       "Values, e.g. resolution times in hours; empty cells are ignored",
                       "数值，例如以小时计的处理时长；空单元格忽略", std::nullopt};
const Argument kProbability{"p", ArgKind::number, "Probability 0-1, e.g. 0.9 for the 90th percentile",
                            "概率（0–1），例如 0.9 表示第 90 百分位数", std::nullopt};
const Argument kAcsiMean1{"mean1", ArgKind::number,
                          "Mean of ACSI item 1 (overall satisfaction), 1-10",
                          "ACSI 第 1 题（总体满意度）的平均分，1–10", std::nullopt};
const Argument kAcsiMean2{"mean2", ArgKind::number,
                          "Mean of ACSI item 2 (met expectations), 1-10",
                          "ACSI 第 2 题（符合期望程度）的平均分，1–10", std::nullopt};
const Argument kAcsiMean3{"mean3", ArgKind::number,
                          "Mean of ACSI item 3 (close to the ideal), 1-10",
                          "ACSI 第 3 题（接近理想程度）的平均分，1–10", std::nullopt};
const Argument kAcsiWeight1{"weight1", ArgKind::number, "Weight of item 1 (the three sum to 1)",
                            "第 1 题的权重（三个权重之和为 1）", std::nullopt};
const Argument kAcsiWeight2{"weight2", ArgKind::number, "Weight of item 2 (the three sum to 1)",
                            "第 2 题的权重（三个权重之和为 1）", std::nullopt};
const Argument kAcsiWeight3{"weight3", ArgKind::number, "Weight of item 3 (the three sum to 1)",
                            "第 3 题的权重（三个权重之和为 1）", std::nullopt};

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
      {"ICM.MEAN", "icm_mean", "satisfaction",
       "Mean of the scores.",
       "评分的平均值。",
       {kScores, kScaleMin, kScaleMax},
       [](const Call& c) { return mean_summary(c.scores, c.numbers[0], c.numbers[1]).mean; }},
      {"ICM.SD", "icm_sd", "satisfaction",
       "Sample standard deviation of the scores (divisor n - 1); empty below 2 scores.",
       "评分的样本标准差（除以 n − 1）；少于 2 个评分时为空。",
       {kScores, kScaleMin, kScaleMax},
       [](const Call& c) { return mean_summary(c.scores, c.numbers[0], c.numbers[1]).sd; }},
      {"ICM.MEAN.LOWER", "icm_mean_lower", "intervals",
       "Lower bound of the Student t interval of the mean score; empty below 2 scores.",
       "平均分的 Student t 置信区间下限；少于 2 个评分时为空。",
       {kScores, kScaleMin, kScaleMax, kConfidence},
       [](const Call& c) {
         return mean_summary(c.scores, c.numbers[0], c.numbers[1], c.numbers[2]).ci.lo;
       }},
      {"ICM.MEAN.UPPER", "icm_mean_upper", "intervals",
       "Upper bound of the Student t interval of the mean score; empty below 2 scores.",
       "平均分的 Student t 置信区间上限；少于 2 个评分时为空。",
       {kScores, kScaleMin, kScaleMax, kConfidence},
       [](const Call& c) {
         return mean_summary(c.scores, c.numbers[0], c.numbers[1], c.numbers[2]).ci.hi;
       }},
      {"ICM.CSAT", "icm_csat", "satisfaction",
       "CSAT %: percentage of scores in the top 2 points of the scale (on 1-5: 4s and 5s).",
       "顾客满意度（CSAT）百分比：落在量表最高 2 个分数内的评分占比（1–5 量表：4 分和 5 分）。",
       {kScores, kScaleMin, kScaleMax},
       [](const Call& c) { return csat(c.scores, c.numbers[0], c.numbers[1]); }},
      {"ICM.WALD.LOWER", "icm_wald_lower", "intervals",
       "Lower bound of the plain Wald interval of x successes in n trials (not clipped to 0-1; "
       "prefer Wilson).",
       "n 次中 x 次成功的普通 Wald 区间下限（不截断到 0–1；建议优先使用 Wilson 区间）。",
       {kSuccesses, kTrials, kConfidence},
       [](const Call& c) {
         return wald(count(c.numbers[0], "x"), count(c.numbers[1], "n"), c.numbers[2]).lo;
       }},
      {"ICM.WALD.UPPER", "icm_wald_upper", "intervals",
       "Upper bound of the plain Wald interval of x successes in n trials (not clipped to 0-1; "
       "prefer Wilson).",
       "n 次中 x 次成功的普通 Wald 区间上限（不截断到 0–1；建议优先使用 Wilson 区间）。",
       {kSuccesses, kTrials, kConfidence},
       [](const Call& c) {
         return wald(count(c.numbers[0], "x"), count(c.numbers[1], "n"), c.numbers[2]).hi;
       }},
      {"ICM.RESPONSE_RATE", "icm_response_rate", "survey",
       "Response rate 0-1: responded / invited.",
       "回复率（0–1）：已回复人数 / 受邀人数。",
       {kResponded, kInvited},
       [](const Call& c) {
         return response_rate(count(c.numbers[0], "responded"), count(c.numbers[1], "invited"));
       }},
      {"ICM.ACSI", "icm_acsi", "indices",
       "ACSI-style index 0-100 from three item means on 1-10, unweighted: (sum - 3) / 27 x 100.",
       "ACSI 式顾客满意度指数（0–100），基于三个 1–10 分题目的平均分，不加权：(总和 − 3) / 27 × 100。",
       {kAcsiMean1, kAcsiMean2, kAcsiMean3},
       [](const Call& c) { return acsi(c.numbers.first(3), {}); }},
      {"ICM.ACSI.WEIGHTED", "icm_acsi_weighted", "indices",
       "ACSI-style index 0-100 from three item means on 1-10 and their weights: "
       "sum of w x (mean - 1) / 9 x 100.",
       "加权 ACSI 式顾客满意度指数（0–100）：Σ 权重 × (平均分 − 1) / 9 × 100。",
       {kAcsiMean1, kAcsiMean2, kAcsiMean3, kAcsiWeight1, kAcsiWeight2, kAcsiWeight3},
       [](const Call& c) { return acsi(c.numbers.first(3), c.numbers.subspan(3, 3)); }},
      {"ICM.QUANTILE", "icm_quantile", "statistics",
       "Sample quantile p of the values, R's default type 7 (e.g. p = 0.9: 90th percentile of "
       "resolution times).",
       "数值的样本分位数（R 默认的第 7 种定义），例如 p = 0.9 为处理时长的第 90 百分位数。",
       {kValues, kProbability},
       [](const Call& c) { return quantile(c.scores, c.numbers[0]); }},
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
