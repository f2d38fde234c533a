// Grading engine (DESIGN §4): sorts units into levels 1..3 by a declarative LevelRule — tiers
// 一级/二级/三级客户 and grades A/B/C级客户 of the seed rules. Pure over plain vectors.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "core/model/settings.hpp"

namespace icm {

// inputs[factor][unit], one factor per rule.inputs entry, NaN = missing. Returns the level
// 1..3 of every unit, or 0 when any input the rule needs is missing for that unit (every
// method uses all of the rule's inputs, so one missing factor leaves the unit unclassified
// rather than guessing). Methods:
//  - thresholds: level 1 when every input >= level1_min[i], else level 2 when every input
//    >= level2_min[i], else level 3.
//  - weighted: each factor is min–max scaled to 0–100 across the units that have all inputs;
//    a factor with one distinct value gives every unit 50 (it neither lifts nor sinks anyone);
//    composite = Σ w_i x_i / Σ w_i (equal weights when `weights` is empty); level 1 when
//    composite >= cutoffs[0], level 2 when >= cutoffs[1], else 3.
//  - quantiles: the same composite ranks the units; the top quantiles[0] share is level 1, the
//    next quantiles[1] share level 2, the rest level 3, counts by largest remainder; units
//    with equal composites stay together in the better level (forced_bands, together_up).
// Throws Error(invalid_argument) when sizes do not match the rule.
std::vector<int> classify(const LevelRule& rule, const std::vector<std::vector<double>>& inputs);

// The weighted composite 0–100 of every unit (NaN when an input is missing), as used by the
// weighted and quantiles methods; exposed for display and tests.
std::vector<double> composite_scores(const LevelRule& rule,
                                     const std::vector<std::vector<double>>& inputs);

enum class LevelKind { tier, grade };

// "Tier 1" / "一级客户", "Grade A" / "A级客户"; "" for level 0.
std::string level_label(LevelKind kind, int level, Lang lang);
// The grade letter "A"/"B"/"C"; "" for level 0.
std::string grade_letter(int level);

// One unit's satisfaction as a grading or appraisal input: mean index 0–100 over the answers on
// Settings::overall_dimension where the unit or one of its sub-units is the customer (units
// dataset) or the provider (appraisal). Answers on different scales get one index per scale,
// combined weighted by their counts. `suppressed` when the publication hides the cell; then
// `index` is NaN. No answers: NaN and not suppressed ("no data"). See disclosure/publication.hpp.
struct UnitSatisfaction {
  double index = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t respondents = 0;
  bool suppressed = false;
};

}  // namespace icm
