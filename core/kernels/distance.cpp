// distance.cpp: all-pairs squared-L2 and L1 distances for kNN. The float kernels are written once
// with Highway: tiles of 4 queries x 4 training rows, SIMD along D, the difference formed directly
// (not |q|^2 + |x|^2 - 2 q.x, which cancels badly for near neighbours). *_ref: the definitions,
// accumulated in double.
#if defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC && !defined(HWY_COMPILE_ONLY_STATIC)
#define HWY_COMPILE_ONLY_STATIC 1
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/distance.cpp"
#if !(defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC)
#include <hwy/foreach_target.h>  // re-includes this file once per compiled target
#endif
#include <hwy/highway.h>

#include "core/kernels/distance.h"
#include "core/kernels/tiles-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

void L2SquaredDistancesF32(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  if (nq <= 0 || nx <= 0) return;
  const size_t dim = D > 0 ? size_t(D) : 0;
  DotProducts<SquaredDiffOp>(hn::ScalableTag<float>(), size_t(nq), size_t(nx), dim, Q, dim, X, dim, out,
                             size_t(nx), 0.f);
}

void L1DistancesF32(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  if (nq <= 0 || nx <= 0) return;
  const size_t dim = D > 0 ? size_t(D) : 0;
  DotProducts<AbsDiffOp>(hn::ScalableTag<float>(), size_t(nq), size_t(nx), dim, Q, dim, X, dim, out,
                         size_t(nx), 0.f);
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cmath>
#include <cstddef>

namespace descent::kernels {

HWY_EXPORT(L2SquaredDistancesF32);
HWY_EXPORT(L1DistancesF32);

void l2_squared_distances(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  HWY_DYNAMIC_DISPATCH(L2SquaredDistancesF32)(nq, nx, D, Q, X, out);
}
void l1_distances(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  HWY_DYNAMIC_DISPATCH(L1DistancesF32)(nq, nx, D, Q, X, out);
}

void l2_squared_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  for (int i = 0; i < nq; ++i)
    for (int j = 0; j < nx; ++j) {
      double acc = 0.0;
      for (int k = 0; k < D; ++k) {
        const double diff = double(Q[size_t(i) * size_t(D) + size_t(k)]) - double(X[size_t(j) * size_t(D) + size_t(k)]);
        acc += diff * diff;
      }
      out[size_t(i) * size_t(nx) + size_t(j)] = float(acc);
    }
}

void l1_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  for (int i = 0; i < nq; ++i)
    for (int j = 0; j < nx; ++j) {
      double acc = 0.0;
      for (int k = 0; k < D; ++k)
        acc += std::fabs(double(Q[size_t(i) * size_t(D) + size_t(k)]) - double(X[size_t(j) * size_t(D) + size_t(k)]));
      out[size_t(i) * size_t(nx) + size_t(j)] = float(acc);
    }
}

}  // namespace descent::kernels
#endif  // HWY_ONCE
