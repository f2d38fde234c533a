#include "core/confidentiality.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace icm {

int effective_min_group_size(int configured) { return std::max(configured, kMinGroupSizeFloor); }

int effective_min_group_size(const Settings& settings) {
  return effective_min_group_size(settings.min_group_size);
}

GroupSuppression suppress_group(std::uint64_t parent_size, std::span<const std::uint64_t> child_sizes,
                                int threshold) {
  ICM_REQUIRE(threshold >= 1, "suppression threshold must be at least 1");
  const auto t = static_cast<std::uint64_t>(threshold);
  GroupSuppression r;
  r.child_hidden.assign(child_sizes.size(), 0);
  if (parent_size < t) {
    r.parent_hidden = true;
    std::fill(r.child_hidden.begin(), r.child_hidden.end(), std::uint8_t{1});
    return r;
  }
  std::size_t hidden = 0;
  std::uint64_t hidden_size = 0;
  for (std::size_t i = 0; i < child_sizes.size(); ++i) {
    if (child_sizes[i] < t) {
      r.child_hidden[i] = 1;
      ++hidden;
      hidden_size += child_sizes[i];
    }
  }
  while (hidden > 0 && hidden < child_sizes.size() && (hidden == 1 || hidden_size < t)) {
    std::size_t next = child_sizes.size();
    for (std::size_t i = 0; i < child_sizes.size(); ++i)
      if (!r.child_hidden[i] && (next == child_sizes.size() || child_sizes[i] < child_sizes[next])) next = i;
    r.child_hidden[next] = 1;
    ++hidden;
    hidden_size += child_sizes[next];
  }
  return r;
}

}  // namespace icm
