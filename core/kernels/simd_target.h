// simd_target.h: which SIMD instruction set the float kernels run on. Natively Highway compiles
// several (SSE4, AVX2, AVX-512, ...) and picks the best one the CPU has at the first call; the
// web build has exactly one, WebAssembly SIMD128. Not a tuning knob: force_simd_target is for tests
// that run every compiled target against the scalar references, and for benchmarks.
// Usage: const char* isa = simd_target_name();  // e.g. "AVX3" natively, "WASM" in the browser
#pragma once
#include <cstdint>
#include <vector>

namespace descent::kernels {

struct SimdTarget {
  int64_t id = 0;            // Highway's target bit (HWY_AVX2, ...)
  const char* name = "";     // Highway's name for it ("AVX2")
};

// The targets compiled into the kernels that this CPU can run, best first.
std::vector<SimdTarget> simd_targets();
// The target the kernels dispatch to now (runs a dispatched function, so it reflects any force).
const char* simd_target_name();
// Makes every kernel run `id` (one of simd_targets()) until called again; 0 restores the automatic
// choice. Process-wide, not thread-safe against kernels running concurrently. No-op in WASM.
void force_simd_target(int64_t id);

}  // namespace descent::kernels
