// simd_target.cpp: lists and switches the Highway targets the kernels were compiled for (see
// simd_target.h). Compiled with the same flags and dispatch set-up as the kernel files, so its
// notion of "compiled targets" is theirs.
#if defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC && !defined(HWY_COMPILE_ONLY_STATIC)
#define HWY_COMPILE_ONLY_STATIC 1
#endif
#ifndef HWY_WANT_AVX3_DL
#define HWY_WANT_AVX3_DL 1  // also compile AVX3_DL (AVX-512 + VNNI...: Icelake, Zen 4/5), dispatched where present
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/simd_target.cpp"
#if !(defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC)
#include <hwy/foreach_target.h>  // re-includes this file once per compiled target
#endif
#include <hwy/highway.h>

#include "core/kernels/simd_target.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

const char* TargetNameHere() { return hwy::TargetName(HWY_TARGET); }

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <hwy/targets.h>

namespace descent::kernels {

HWY_EXPORT(TargetNameHere);

std::vector<SimdTarget> simd_targets() {
  std::vector<SimdTarget> out;
#if defined(HWY_COMPILE_ONLY_STATIC)
  out.push_back({HWY_STATIC_TARGET, hwy::TargetName(HWY_STATIC_TARGET)});
#else
  // Highway's bits: a lower bit is a better target, so ascending bit order is best first.
  for (int64_t t : hwy::SupportedAndGeneratedTargets()) out.push_back({t, hwy::TargetName(t)});
#endif
  return out;
}

const char* simd_target_name() { return HWY_DYNAMIC_DISPATCH(TargetNameHere)(); }

void force_simd_target(int64_t id) {
#if defined(HWY_COMPILE_ONLY_STATIC)
  (void)id;
#else
  hwy::SetSupportedTargetsForTest(id);
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
#endif
}

}  // namespace descent::kernels
#endif  // HWY_ONCE
