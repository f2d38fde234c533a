// Pure metric functions: arrays of scores in, numbers out, through plugin/functions so the values
// equal the cell and SQL functions of the registry.
#include <span>

#include "capi/capi.hpp"
#include "functions/metrics.hpp"

namespace {

std::span<const double> scores_of(const double* scores, size_t n) {
  icm::capi::require_arg(scores != nullptr || n == 0, "scores is NULL but n > 0");
  return {scores, n};
}

}  // namespace

using icm::capi::guard;
using icm::capi::require_arg;

extern "C" {

ICM_API icm_status icm_mean_index(const double* scores, size_t n, double scale_min,
                                  double scale_max, double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::mean_index(scores_of(scores, n), scale_min, scale_max);
    return ICM_OK;
  });
}

ICM_API icm_status icm_top_box(const double* scores, size_t n, double scale_min,
                               double scale_max, int k, double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::top_box(scores_of(scores, n), scale_min, scale_max, k);
    return ICM_OK;
  });
}

ICM_API icm_status icm_bottom_box(const double* scores, size_t n, double scale_min,
                                  double scale_max, int k, double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::bottom_box(scores_of(scores, n), scale_min, scale_max, k);
    return ICM_OK;
  });
}

ICM_API icm_status icm_nps(const double* scores, size_t n, icm_nps_result* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    // The caller's struct may be older (shorter) than ours: fill only what it has room for.
    require_arg(out->struct_size >= offsetof(icm_nps_result, adjusted_wald_hi) + sizeof(double),
                "out->struct_size is too small; initialise with ICM_NPS_RESULT_INIT");
    const icm::stats::Nps r = icm::functions::nps(scores_of(scores, n));
    out->score = r.score;
    out->promoters = r.p_promoters;
    out->detractors = r.p_detractors;
    out->n = r.n;
    out->wald_lo = r.wald.lo;
    out->wald_hi = r.wald.hi;
    out->adjusted_wald_lo = r.adjusted_wald.lo;
    out->adjusted_wald_hi = r.adjusted_wald.hi;
    return ICM_OK;
  });
}

ICM_API icm_status icm_wilson(uint64_t x, uint64_t n, double confidence, double* lo,
                              double* hi) noexcept {
  return guard(nullptr, [&] {
    require_arg(lo != nullptr && hi != nullptr, "lo or hi is NULL");
    const icm::stats::Interval ci = icm::functions::wilson(x, n, confidence);
    *lo = ci.lo;
    *hi = ci.hi;
    return ICM_OK;
  });
}

}  // extern "C"
