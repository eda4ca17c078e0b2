// hwy_targets.h: the Highway preamble every SIMD kernel file shares: which targets are compiled and
// how they are dispatched. Natively every target Highway has for x86 (AVX-512 with VNNI included) is
// compiled and chosen at run time (foreach_target.h); under Emscripten (DESCENT_HWY_STATIC=1) only the
// static SIMD128 target is. Not a kernel. Usage, at the top of a kernel .cpp (no include guard: the
// dispatch re-includes the kernel file, and with it this header, once per target):
//   #undef HWY_TARGET_INCLUDE
//   #define HWY_TARGET_INCLUDE "core/kernels/gemm.cpp"
//   #include "core/kernels/hwy_targets.h"
#if defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC && !defined(HWY_COMPILE_ONLY_STATIC)
#define HWY_COMPILE_ONLY_STATIC 1
#endif
#ifndef HWY_WANT_AVX3_DL
#define HWY_WANT_AVX3_DL 1  // also compile AVX3_DL (AVX-512 + VNNI...: Icelake, Zen 4/5), dispatched where present
#endif
#if !(defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC)
#include <hwy/foreach_target.h>  // re-includes HWY_TARGET_INCLUDE once per compiled target
#endif
#include <hwy/highway.h>
