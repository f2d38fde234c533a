// Confidentiality rules (DESIGN §3.3, METHODS.md "Anonymity"): minimum group size and
// complementary suppression. Pure functions over sizes, so every dataset builder applies the
// same rule and tests can pin it down on worked cases.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/settings.hpp"

namespace icm {

// The floor below which no configuration can go: smaller groups identify people too easily.
inline constexpr int kMinGroupSizeFloor = 3;

// Settings::min_group_size raised to the floor of 3 (a configured 1 or 2 acts as 3; the
// settings loader may reject such values, but the core never trusts that it did).
int effective_min_group_size(int configured);
int effective_min_group_size(const Settings& settings);

struct GroupSuppression {
  bool parent_hidden = false;
  std::vector<std::uint8_t> child_hidden;  // 1 = hidden, one per child in input order
};

// Complementary suppression of one parent and its children; sizes are distinct respondents.
//  1. A parent below `threshold` is hidden together with all its children.
//  2. Otherwise every child below `threshold` is hidden (primary suppression).
//  3. While the parent is shown and the hidden children are exactly one, or together count
//     fewer than `threshold` respondents, the smallest still-visible child is hidden too
//     (ties: the earlier child in input order; callers list children in key order so the
//     choice never depends on the order rows were loaded in), until that no longer holds or all are hidden.
//     This stops recovering a hidden child by subtracting its visible siblings from the parent.
// `threshold` must be ≥ 1 (use effective_min_group_size).
GroupSuppression suppress_group(std::uint64_t parent_size, std::span<const std::uint64_t> child_sizes,
                                int threshold);

}  // namespace icm
