// Pure metric functions over scores and item means: arrays in, numbers out, through plugin/functions so the values
// equal the cell and SQL functions of the registry.
#include <cstddef>
#include <span>

#include "capi/capi.hpp"
#include "functions/metrics.hpp"

namespace {

std::span<const double> scores_of(const double* scores, size_t n) {
  icm::capi::require_arg(scores != nullptr || n == 0, "scores is NULL but n > 0");
  return {scores, n};
}

}  // namespace

using icm::capi::array_arg;
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

ICM_API icm_status icm_mean(const double* scores, size_t n, double scale_min, double scale_max,
                            icm_mean_result* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    require_arg(out->struct_size >= offsetof(icm_mean_result, ci_hi) + sizeof(double),
                "out->struct_size is too small; initialise with ICM_MEAN_RESULT_INIT");
    const icm::functions::MeanSummary m =
        icm::functions::mean_summary(scores_of(scores, n), scale_min, scale_max, 0.95);
    out->mean = m.mean;
    out->sd = m.sd;
    out->n = m.n;
    out->ci_lo = m.ci.lo;
    out->ci_hi = m.ci.hi;
    return ICM_OK;
  });
}

ICM_API icm_status icm_csat(const double* scores, size_t n, double scale_min, double scale_max,
                            double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::csat(scores_of(scores, n), scale_min, scale_max);
    return ICM_OK;
  });
}

ICM_API icm_status icm_wald(uint64_t x, uint64_t n, double confidence, double* lo,
                            double* hi) noexcept {
  return guard(nullptr, [&] {
    require_arg(lo != nullptr && hi != nullptr, "lo or hi is NULL");
    const icm::stats::Interval ci = icm::functions::wald(x, n, confidence);
    *lo = ci.lo;
    *hi = ci.hi;
    return ICM_OK;
  });
}

ICM_API icm_status icm_response_rate(uint64_t responded, uint64_t invited, double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = icm::functions::response_rate(responded, invited);
    return ICM_OK;
  });
}

ICM_API icm_status icm_acsi_index(const double* item_means, const double* weights,
                                  double* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(item_means != nullptr, "item_means is NULL");
    require_arg(out != nullptr, "out is NULL");
    const std::span<const double> w =
        weights != nullptr ? std::span<const double>(weights, 3) : std::span<const double>();
    *out = icm::functions::acsi({item_means, 3}, w);
    return ICM_OK;
  });
}

ICM_API icm_status icm_servqual(const double* perception, const double* expectation,
                                const double* weights_percent,
                                icm_servqual_result* out) noexcept {
  return guard(nullptr, [&] {
    require_arg(perception != nullptr, "perception is NULL");
    require_arg(expectation != nullptr, "expectation is NULL");
    require_arg(out != nullptr, "out is NULL");
    require_arg(out->struct_size >= offsetof(icm_servqual_result, weighted) + sizeof(double),
                "out->struct_size is too small; initialise with ICM_SERVQUAL_RESULT_INIT");
    const std::span<const double> w = weights_percent != nullptr
                                          ? std::span<const double>(weights_percent, 5)
                                          : std::span<const double>();
    const icm::stats::Servqual r =
        icm::functions::servqual({perception, 22}, {expectation, 22}, w);
    for (int d = 0; d < 5; ++d) out->dimension_gap[d] = r.dimension_gap[d];
    out->unweighted = r.unweighted;
    out->weighted = r.weighted;
    return ICM_OK;
  });
}

}  // extern "C"
