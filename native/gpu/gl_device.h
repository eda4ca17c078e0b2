// gl_device.h: the GL device, core/compute's ComputeDevice on OpenGL 4.3 compute shaders
// (native/gpu/shaders: GLSL 4.30, shader storage buffers). Either on a headless EGL context of its
// own (the CLI, the tests, the benchmarks) or on the caller's current context (the desktop app's
// window, when it got 4.3). Buffers are shader storage buffers; kernels are dispatched in order with
// a memory barrier after each; download() and finish() wait and report the first error, GL errors
// included. Use a device from one thread (its context is current there).
// Usage: gpu::register_gl_device(); ... compute::open_device(compute::DeviceKind::GL)
#pragma once
#include <string>

#include "core/compute/compute_device.h"

namespace descent::gpu {

// A GL device on a headless OpenGL 4.3 core context of its own (egl_context.h). Errors: "OpenGL 3.3
// (renderer X): compute shaders need 4.3", or why no context could be made and what to install.
Result<compute::DevicePtr> open_gl_device();
// A GL device on the OpenGL context current on this thread, which must be current whenever the
// device is used and outlive it; an error naming version and renderer when it is below 4.3.
Result<compute::DevicePtr> open_gl_device_on_current_context();
// Makes compute::open_device(DeviceKind::GL) call open_gl_device() (call once, at start-up).
void register_gl_device();

// The tiling of large products (M and N at least 512): a BM x BN tile of C per work group from
// BK-wide slices of op(A) and op(B), a TM x TN register tile per invocation. vec4: gemm_vec4.comp
// (16-byte loads, the next slice read while one is multiplied, TM = TN = 8), used where the
// operands are aligned for it, else gemm.comp with 128x128x8x8x8. The default was the fastest on
// an NVIDIA H200 (docs/performance.md); another is for tuning (`descent bench W4 --device gl
// --gl-tile v128x128x16` or `128x128x8x8x8`). Checked: powers of two, TM divides BM, TN divides
// BN, 32..1024 invocations, BK (BM + BN) floats within GL 4.3's least 32 KiB of shared memory;
// vec4 also BK a multiple of 4 and 16 BK a multiple of BM and BN (whole vec4 loads per invocation).
// Applies to every GL device from then on (process-wide).
struct GemmTile {
  bool vec4 = true;
  int bm = 128, bn = 256, bk = 16, tm = 8, tn = 8;
};
Status set_large_gemm_tile(const GemmTile& t);
GemmTile large_gemm_tile();
std::string gemm_tile_name(const GemmTile& t);
// "vBMxBNxBK" (gemm_vec4.comp) or "BMxBNxBKxTMxTN" (gemm.comp) as a GemmTile, checked as above.
Result<GemmTile> parse_gemm_tile(const std::string& text);

}  // namespace descent::gpu
