// simd_target.cpp: lists and switches the Highway targets the kernels were compiled for (see
// simd_target.h). Compiled with the same flags and dispatch set-up as the kernel files, so its
// notion of "compiled targets" is theirs.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/simd_target.cpp"
#include "core/kernels/hwy_targets.h"

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
