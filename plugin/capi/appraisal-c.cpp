// Pure appraisal helpers: largest-remainder quotas and competition ranks. Results go into arrays
// the caller allocated, written only once the whole result is known (out untouched on failure).
#include <algorithm>

#include "capi/capi.hpp"
#include "functions/metrics.hpp"

using icm::capi::array_arg;
using icm::capi::guard;
using icm::capi::require_arg;

extern "C" {

ICM_API icm_status icm_largest_remainder(const double* quotas, size_t k, size_t total,
                                         size_t* counts) noexcept {
  return guard(nullptr, [&] {
    const auto q = array_arg(quotas, k, "quotas", "k");
    const auto out = array_arg(counts, k, "counts", "k");
    const auto c = icm::functions::largest_remainder(q, total);
    std::copy(c.begin(), c.end(), out.begin());
    return ICM_OK;
  });
}

ICM_API icm_status icm_competition_rank(const double* scores, size_t n, int* ranks) noexcept {
  return guard(nullptr, [&] {
    const auto s = array_arg(scores, n, "scores");
    const auto out = array_arg(ranks, n, "ranks");
    const auto r = icm::functions::competition_rank(s);
    std::copy(r.begin(), r.end(), out.begin());
    return ICM_OK;
  });
}

}  // extern "C"
