#include "core/privacy/confidentiality.hpp"

#include <algorithm>

namespace icm {

int effective_min_group_size(int configured) { return std::max(configured, kMinGroupSizeFloor); }

int effective_min_group_size(const Settings& settings) {
  return effective_min_group_size(settings.min_group_size);
}

}  // namespace icm
