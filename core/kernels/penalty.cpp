// penalty.cpp: the L2 penalty and its gradient (penalty.h). The float kernel widens to double
// lanes (Highway PromoteTo/DemoteTo), so each gradient term is the reference's double expression
// rounded once; only the order of the sum of squares differs from the reference.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/penalty.cpp"
#include "core/kernels/hwy_targets.h"

#include "core/kernels/penalty.h"
#include "core/kernels/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

double L2PenaltyF32(int n, const float* W, float* gW, double lambda) {
  if (n <= 0) return 0.0;
#if HWY_HAVE_FLOAT64
  const hn::ScalableTag<double> dd;
  const hn::Rebind<float, decltype(dd)> df;  // as many float lanes as double lanes
  const auto two = hn::Set(dd, 2.0), zero = hn::Zero(dd), vl = hn::Set(dd, lambda);
  auto sum = hn::Zero(dd);
  ForChunks(dd, size_t(n), [&](size_t i, size_t count) {
    const auto w = hn::PromoteTo(dd, LoadUpTo(df, W + i, count));
    sum = hn::Add(sum, hn::Mul(w, w));
    if (gW) {
      const auto t = hn::Mul(vl, hn::Add(hn::Mul(two, w), zero));  // lambda * (2 w + 0), as regularize()
      StoreUpTo(df, hn::Add(LoadUpTo(df, gW + i, count), hn::DemoteTo(df, t)), gW + i, count);
    }
  });
  return lambda * LaneSum(dd, sum);
#else
  return l2_penalty_ref(n, W, gW, lambda);
#endif
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace descent::kernels {

HWY_EXPORT(L2PenaltyF32);

double l2_penalty(int n, const float* W, float* gW, double lambda) {
  return HWY_DYNAMIC_DISPATCH(L2PenaltyF32)(n, W, gW, lambda);
}
double l2_penalty(int n, const double* W, double* gW, double lambda) { return l2_penalty_ref(n, W, gW, lambda); }

template <typename T>
double l2_penalty_ref(int n, const T* W, T* gW, double lambda) {
  double r = 0.0;
  for (int i = 0; i < n; ++i) {
    const double w = double(W[i]);
    r += w * w;
    if (gW) gW[i] += T(lambda * (2.0 * w + 0.0));
  }
  return lambda * r;
}

template double l2_penalty_ref<float>(int, const float*, float*, double);
template double l2_penalty_ref<double>(int, const double*, double*, double);

}  // namespace descent::kernels
#endif  // HWY_ONCE
