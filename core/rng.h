// rng.h: Descent's one random number generator, mulberry32 (a 32-bit state, the generator that
// shared/bench/WORKLOADS.md fixes so Descent, PyTorch and TF.js start from identical weights).
// Deterministic for a seed on every platform; not cryptographic.
// Usage: Rng rng(42); uint32_t u = rng.next_u32(); float x = rng.uniform(); double z = rng.normal();
#pragma once
#include <cmath>
#include <cstdint>

namespace descent {

struct Rng {
  uint32_t state = 0;
  bool has_spare = false;  // Box-Muller makes normals in pairs
  double spare = 0.0;

  explicit Rng(uint32_t seed = 0) : state(seed) {}

  uint32_t next_u32() {
    state += 0x6D2B79F5u;
    uint32_t t = state;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return t ^ (t >> 14);
  }
  // 24-bit uniform in [0, 1): exactly representable in float, as WORKLOADS.md defines it.
  double uniform() { return double(next_u32() >> 8) / 16777216.0; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), n > 0 (multiply-shift; the tiny bias is irrelevant here).
  uint32_t below(uint32_t n) { return uint32_t((uint64_t(next_u32()) * n) >> 32); }
  // Standard normal by Box-Muller.
  double normal() {
    if (has_spare) {
      has_spare = false;
      return spare;
    }
    double u1 = 0.0;
    do u1 = uniform(); while (u1 <= 0.0);
    double u2 = uniform();
    double r = std::sqrt(-2.0 * std::log(u1));
    double a = 6.283185307179586 * u2;
    spare = r * std::sin(a);
    has_spare = true;
    return r * std::cos(a);
  }
};

// Fisher-Yates shuffle driven by Rng, so the order is identical on every platform.
template <typename Vec>
void shuffle(Vec& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    size_t j = rng.below(uint32_t(i));
    auto tmp = v[i - 1];
    v[i - 1] = v[j];
    v[j] = tmp;
  }
}

}  // namespace descent
