// softmax.cpp: row softmax and fused softmax cross-entropy. Float kernels written once with
// Highway (exp from hwy/contrib/math, 1 ulp; sums of a row in float), double overloads = the
// scalar references defined here (which evaluate exp and the sums in double).
// Each row: m = max_j s_j; e_j = exp(s_j - m); p_j = e_j / sum_j e_j; loss = m + log(sum) - s_y.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/softmax.cpp"
#include "core/kernels/hwy_targets.h"
#include <hwy/contrib/math/math-inl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/kernels/simd-inl.h"
#include "core/kernels/softmax.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

// max of row s (C > 0). The tail is padded with s[0], which cannot change the max.
template <class D>
HWY_INLINE float RowMax(D d, const float* s, size_t C) {
  auto vmax = hn::Set(d, s[0]);
  ForChunks(d, C, [&](size_t j, size_t count) { vmax = hn::Max(vmax, LoadUpTo(d, s + j, count, s[0])); });
  return LaneMax(d, vmax);
}

// Returns sum_j exp(s_j - m); if e is not null, also stores e_j = exp(s_j - m) there (e may alias s).
template <class D>
HWY_INLINE float RowExpSum(D d, const float* s, size_t C, float m, float* e) {
  const auto vm = hn::Set(d, m);
  auto vsum = hn::Zero(d);
  ForChunks(d, C, [&](size_t j, size_t count) {
    auto ej = hn::Exp(d, hn::Sub(LoadUpTo(d, s + j, count, m), vm));
    ej = hn::IfThenElseZero(hn::FirstN(d, count), ej);  // padded lanes add nothing
    vsum = hn::Add(vsum, ej);
    if (e) StoreUpTo(d, ej, e + j, count);
  });
  return LaneSum(d, vsum);
}

// x_j = scale * x_j / sum over a row.
template <class D>
HWY_INLINE void RowScaleDiv(D d, float* x, size_t C, float sum, float scale) {
  const auto vsum = hn::Set(d, sum), vscale = hn::Set(d, scale);
  ForChunks(d, C, [&](size_t j, size_t count) {
    StoreUpTo(d, hn::Mul(vscale, hn::Div(LoadUpTo(d, x + j, count), vsum)), x + j, count);
  });
}

void SoftmaxRowsF32(int N, int C, const float* S, float* P) {
  if (N <= 0 || C <= 0) return;
  const hn::ScalableTag<float> d;
  const size_t cols = size_t(C);
  for (size_t i = 0; i < size_t(N); ++i) {
    const float* s = S + i * cols;
    float* p = P + i * cols;
    const float sum = RowExpSum(d, s, cols, RowMax(d, s, cols), p);
    const auto vsum = hn::Set(d, sum);
    ForChunks(d, cols, [&](size_t j, size_t count) {
      StoreUpTo(d, hn::Div(LoadUpTo(d, p + j, count), vsum), p + j, count);
    });
  }
}

// Few classes (C < L; the 2-D demos have 2, Fashion-MNIST 10): one row per lane, L rows at a
// time, so exp and log run on full vectors instead of on one mostly empty vector per row. The
// block is copied transposed into buf (class j of row r at buf[j*L + r]) and the gradient back.
template <class D>
double SoftmaxCrossEntropyNarrow(D d, size_t N, size_t C, const float* S, const int* y, float grad_scale,
                                 float* dS) {
  using V = hn::Vec<D>;
  const size_t L = hn::Lanes(d);
  constexpr size_t kMax = hn::MaxLanes(D());
  HWY_ALIGN float buf[kMax * kMax];
  HWY_ALIGN float sy[kMax];
  HWY_ALIGN float row_loss[kMax];
  const V vscale = hn::Set(d, grad_scale);
  double loss = 0.0;
  for (size_t i0 = 0; i0 < N; i0 += L) {
    const size_t rows = std::min(L, N - i0);
    for (size_t r = 0; r < L; ++r)
      for (size_t j = 0; j < C; ++j) buf[j * L + r] = r < rows ? S[(i0 + r) * C + j] : 0.f;
    for (size_t r = 0; r < L; ++r) {
      const int label = r < rows ? y[i0 + r] : 0;
      sy[r] = label >= 0 && size_t(label) < C ? buf[size_t(label) * L + r] : 0.f;
    }
    V m = hn::Load(d, buf);
    for (size_t j = 1; j < C; ++j) m = hn::Max(m, hn::Load(d, buf + j * L));
    V sum = hn::Zero(d);
    for (size_t j = 0; j < C; ++j) {
      const V e = hn::Exp(d, hn::Sub(hn::Load(d, buf + j * L), m));
      sum = hn::Add(sum, e);
      hn::Store(e, d, buf + j * L);
    }
    // (m - s_y) + log(sum): the large max cancels before the log is added.
    hn::Store(hn::Add(hn::Sub(m, hn::Load(d, sy)), hn::Log(d, sum)), d, row_loss);
    for (size_t r = 0; r < rows; ++r) {
      const int label = y[i0 + r];
      loss += label >= 0 && size_t(label) < C ? double(row_loss[r]) : std::numeric_limits<double>::quiet_NaN();
    }
    if (!dS) continue;
    HWY_ALIGN float gbuf[kMax * kMax];
    HWY_ALIGN float sums[kMax];
    for (size_t j = 0; j < C; ++j) hn::Store(hn::Mul(vscale, hn::Div(hn::Load(d, buf + j * L), sum)), d, gbuf + j * L);
    hn::Store(sum, d, sums);
    for (size_t r = 0; r < rows; ++r) {
      float* g = dS + (i0 + r) * C;
      for (size_t j = 0; j < C; ++j) g[j] = gbuf[j * L + r];
      const int label = y[i0 + r];
      if (label >= 0 && size_t(label) < C) g[label] = grad_scale * (buf[size_t(label) * L + r] / sums[r] - 1.f);
    }
  }
  return loss;
}

double SoftmaxCrossEntropyF32(int N, int C, const float* S, const int* y, float grad_scale, float* dS) {
  if (N <= 0) return 0.0;
  if (C <= 0) return std::numeric_limits<double>::quiet_NaN();  // no class can be the label
  const hn::ScalableTag<float> d;
  const size_t cols = size_t(C);
  if (cols < hn::Lanes(d)) return SoftmaxCrossEntropyNarrow(d, size_t(N), cols, S, y, grad_scale, dS);
  double loss = 0.0;
  for (size_t i = 0; i < size_t(N); ++i) {
    const float* s = S + i * cols;
    float* g = dS ? dS + i * cols : nullptr;
    const int label = y[i];
    const bool valid = label >= 0 && label < C;
    const float s_y = valid ? s[label] : 0.f;  // read before g (which may alias s) is written
    const float m = RowMax(d, s, cols);
    const float sum = RowExpSum(d, s, cols, m, g);
    loss += valid ? double(m) + std::log(double(sum)) - double(s_y) : std::numeric_limits<double>::quiet_NaN();
    if (!g) continue;
    const float e_y = valid ? g[label] : 0.f;
    RowScaleDiv(d, g, cols, sum, grad_scale);
    if (valid) g[label] = grad_scale * (e_y / sum - 1.f);
  }
  return loss;
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace descent::kernels {

HWY_EXPORT(SoftmaxRowsF32);
HWY_EXPORT(SoftmaxCrossEntropyF32);

void softmax_rows(int N, int C, const float* S, float* P) { HWY_DYNAMIC_DISPATCH(SoftmaxRowsF32)(N, C, S, P); }
void softmax_rows(int N, int C, const double* S, double* P) { softmax_rows_ref(N, C, S, P); }

double softmax_cross_entropy(int N, int C, const float* S, const int* y, float grad_scale, float* dS) {
  return HWY_DYNAMIC_DISPATCH(SoftmaxCrossEntropyF32)(N, C, S, y, grad_scale, dS);
}
double softmax_cross_entropy(int N, int C, const double* S, const int* y, double grad_scale, double* dS) {
  return softmax_cross_entropy_ref(N, C, S, y, grad_scale, dS);
}

// ---- scalar references: the definitions, with exp and the sums in double ----

template <typename T>
void softmax_rows_ref(int N, int C, const T* S, T* P) {
  for (int i = 0; i < N; ++i) {
    const T* s = S + size_t(i) * size_t(C);
    T* p = P + size_t(i) * size_t(C);
    if (C <= 0) continue;
    double m = double(s[0]);
    for (int j = 1; j < C; ++j) m = std::fmax(m, double(s[j]));
    double sum = 0.0;
    for (int j = 0; j < C; ++j) sum += std::exp(double(s[j]) - m);
    for (int j = 0; j < C; ++j) p[j] = T(std::exp(double(s[j]) - m) / sum);
  }
}

template <typename T>
double softmax_cross_entropy_ref(int N, int C, const T* S, const int* y, T grad_scale, T* dS) {
  double loss = 0.0;
  for (int i = 0; i < N; ++i) {
    const T* s = S + size_t(i) * size_t(C);
    const bool valid = y[i] >= 0 && y[i] < C;
    if (C <= 0 || !valid) {
      loss += std::numeric_limits<double>::quiet_NaN();
      if (dS) {  // the softmax part of the gradient still; no label to subtract
        T* g = dS + size_t(i) * size_t(C);
        if (C > 0) softmax_rows_ref(1, C, s, g);
        for (int j = 0; j < C; ++j) g[j] = T(double(grad_scale) * double(g[j]));
      }
      continue;
    }
    double m = double(s[0]);
    for (int j = 1; j < C; ++j) m = std::fmax(m, double(s[j]));
    double sum = 0.0;
    for (int j = 0; j < C; ++j) sum += std::exp(double(s[j]) - m);
    loss += m + std::log(sum) - double(s[y[i]]);
    if (!dS) continue;
    T* g = dS + size_t(i) * size_t(C);  // may alias s: each s[j] is read before g[j] is written
    for (int j = 0; j < C; ++j) {
      const double p = std::exp(double(s[j]) - m) / sum;
      g[j] = T(double(grad_scale) * (p - (j == y[i] ? 1.0 : 0.0)));
    }
  }
  return loss;
}

template void softmax_rows_ref<float>(int, int, const float*, float*);
template void softmax_rows_ref<double>(int, int, const double*, double*);
template double softmax_cross_entropy_ref<float>(int, int, const float*, const int*, float, float*);
template double softmax_cross_entropy_ref<double>(int, int, const double*, const int*, double, double*);

}  // namespace descent::kernels
#endif  // HWY_ONCE
