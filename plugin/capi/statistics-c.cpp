// Pure statistics over arrays of measurements (not scale scores): Cronbach's alpha, correlation,
// quantiles. NaN marks a missing value; the arithmetic is plugin/functions over plugin/core.
#include "capi/capi.hpp"
#include "functions/metrics.hpp"

using icm::capi::array_arg;
using icm::capi::guard;
using icm::capi::require_arg;

extern "C" {

ICM_API icm_status icm_cronbach_alpha(const double* data, size_t n_rows, size_t k,
                                      icm_missing missing, double* raw,
                                      double* standardised) noexcept {
  return guard(nullptr, [&] {
    require_arg(raw != nullptr && standardised != nullptr, "raw or standardised is NULL");
    require_arg(missing == ICM_MISSING_PAIRWISE || missing == ICM_MISSING_LISTWISE,
                "missing must be ICM_MISSING_PAIRWISE or ICM_MISSING_LISTWISE");
    require_arg(k >= 2, "k must be at least 2: Cronbach's alpha needs two items");
    require_arg(n_rows <= SIZE_MAX / k, "n_rows × k overflows size_t");
    const auto values = array_arg(data, n_rows * k, "data", "n_rows × k");
    const auto [r, s] = icm::functions::cronbach_alpha(
        values, k,
        missing == ICM_MISSING_LISTWISE ? icm::stats::Missing::listwise
                                        : icm::stats::Missing::pairwise);
    *raw = r;
    *standardised = s;
    return ICM_OK;
  });
}

ICM_API icm_status icm_correlation(const double* x, const double* y, size_t n,
                                   double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::correlation(array_arg(x, n, "x"), array_arg(y, n, "y"));
    return ICM_OK;
  });
}

ICM_API icm_status icm_quantile(const double* values, size_t n, double p, double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::quantile(array_arg(values, n, "values"), p);
    return ICM_OK;
  });
}

}  // extern "C"
