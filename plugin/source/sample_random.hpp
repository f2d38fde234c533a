// Deterministic random numbers for the sample. std::mt19937_64's output is fixed by the
// standard, but std::*_distribution's are not, so the distributions are written here with
// plain integer and IEEE arithmetic (no libm calls whose last bit may differ by platform).
#pragma once

#include <cstdint>
#include <random>

namespace icm::detail {

class SampleRandom {
 public:
  explicit SampleRandom(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t bits() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) by the multiply-high method (bias below 2^-64 · n, irrelevant here).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
  }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool chance(double p) { return uniform() < p; }
  // Approximately standard normal: Irwin–Hall sum of four uniforms, rescaled to variance 1.
  double normal() {
    const double s = uniform() + uniform() + uniform() + uniform();
    return (s - 2.0) * 1.7320508075688772;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace icm::detail
