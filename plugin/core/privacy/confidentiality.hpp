// The confidentiality threshold (DESIGN §3.3, METHODS.md "Anonymity"): the minimum group size
// and its floor. Which cells are shown is decided jointly for a whole publication by
// disclosure/publication.hpp.
#pragma once

#include "core/model/settings.hpp"

namespace icm {

// The floor below which no configuration can go: smaller groups identify people too easily.
inline constexpr int kMinGroupSizeFloor = 3;

// Settings::min_group_size raised to the floor of 3 (a configured 1 or 2 acts as 3; the
// settings loader may reject such values, but the core never trusts that it did).
int effective_min_group_size(int configured);
int effective_min_group_size(const Settings& settings);

}  // namespace icm
