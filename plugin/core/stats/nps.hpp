// Net Promoter Score on a 0–10 "would you recommend" item (METHODS.md): promoters answer 9–10,
// detractors 0–6, NPS = 100 · (P − D) on −100…100.
#pragma once

#include <cstdint>

#include "core/stats/histogram.hpp"
#include "core/stats/intervals.hpp"

namespace icm::stats {

struct Nps {
  double score = 0;         // 100 · (P − D); NaN when n = 0
  double p_promoters = 0;   // P, share 0–1
  double p_detractors = 0;  // D, share 0–1
  std::uint64_t n = 0;
  // Wald: 100·(P − D) ± z·100·√((P + D − (P − D)²)/n). Not clipped, like stats::wald.
  Interval wald;
  // Adjusted Wald (Rocks 2016): n' = n + 3, P' = (promoters + 0.75)/n', D' likewise, centred on
  // 100·(P' − D') with the Wald variance formula on n'. Clipped to [−100, 100].
  Interval adjusted_wald;
};

// From counts; passives = n − promoters − detractors. All fields NaN when n = 0.
Nps nps(std::uint64_t promoters, std::uint64_t detractors, std::uint64_t n,
        double confidence = 0.95);
// From a histogram that must be on the 0–10 scale (throws invalid_argument otherwise, because
// the 9–10 / 0–6 cut-offs mean nothing on another scale).
Nps nps(const ScoreHistogram& h, double confidence = 0.95);

}  // namespace icm::stats
