// update.cpp: the optimizer updates of update.h. Float kernels written once with Highway (MulAdd
// where update.h writes fma), double overloads = the scalar references defined here (std::fma).
// The wrappers turn the hyper-parameters into the coefficients torch multiplies by (computed in
// double, rounded once), so kernels and references share them. Large arrays are split across
// the thread pool (element-wise work: the same result for every thread count).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/update.cpp"
#include "core/kernels/hwy_targets.h"

#include "core/kernels/simd-inl.h"
#include "core/kernels/update.h"

#ifndef DESCENT_KERNELS_UPDATE_COEFFS_
#define DESCENT_KERNELS_UPDATE_COEFFS_
namespace descent::kernels {
// Adam's per-step scalars, one type shared by every target's AdamF32.
struct AdamCoeffs {
  float b1, one_minus_b1, b2, one_minus_b2, eps, neg_step, sqrt_bc2;
};
}  // namespace descent::kernels
#endif

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

// p = fma(g, neg_lr, p)
void SgdF32(size_t n, float* p, const float* g, float neg_lr) {
  const hn::ScalableTag<float> d;
  const auto c = hn::Set(d, neg_lr);
  ForChunks(d, n, [&](size_t i, size_t k) {
    StoreUpTo(d, hn::MulAdd(LoadUpTo(d, g + i, k), c, LoadUpTo(d, p + i, k)), p + i, k);
  });
}

// buf = buf*mu + g;  dir = nesterov ? fma(buf, mu, g) : buf;  p = fma(dir, neg_lr, p)
void MomentumF32(size_t n, float* p, const float* g, float* buf, float neg_lr, float mu, bool nesterov) {
  const hn::ScalableTag<float> d;
  const auto vlr = hn::Set(d, neg_lr), vmu = hn::Set(d, mu);
  ForChunks(d, n, [&](size_t i, size_t k) {
    const auto gi = LoadUpTo(d, g + i, k);
    // fma(g, 1, buf*mu), as torch adds with alpha 1; written as Add(Mul(..)), GCC would contract it.
    const auto b = hn::MulAdd(gi, hn::Set(d, 1.f), hn::Mul(LoadUpTo(d, buf + i, k), vmu));
    const auto dir = nesterov ? hn::MulAdd(b, vmu, gi) : b;
    StoreUpTo(d, b, buf + i, k);
    StoreUpTo(d, hn::MulAdd(dir, vlr, LoadUpTo(d, p + i, k)), p + i, k);
  });
}

// sum = fma(g, g, sum);  p = p + (neg_lr*g) / (sqrt(sum) + eps)
void AdagradF32(size_t n, float* p, const float* g, float* sum, float neg_lr, float eps) {
  const hn::ScalableTag<float> d;
  const auto vlr = hn::Set(d, neg_lr), veps = hn::Set(d, eps);
  ForChunks(d, n, [&](size_t i, size_t k) {
    const auto gi = LoadUpTo(d, g + i, k);
    const auto s = hn::MulAdd(gi, gi, LoadUpTo(d, sum + i, k));
    const auto den = hn::Add(hn::Sqrt(s), veps);
    StoreUpTo(d, s, sum + i, k);
    StoreUpTo(d, hn::Add(LoadUpTo(d, p + i, k), hn::Div(hn::Mul(vlr, gi), den)), p + i, k);
  });
}

// sq = fma(one_minus_alpha*g, g, sq*alpha);  p = p + (neg_lr*g) / (sqrt(sq) + eps)
void RmspropF32(size_t n, float* p, const float* g, float* sq, float neg_lr, float alpha, float one_minus_alpha,
                float eps) {
  const hn::ScalableTag<float> d;
  const auto vlr = hn::Set(d, neg_lr), va = hn::Set(d, alpha), v1a = hn::Set(d, one_minus_alpha),
             veps = hn::Set(d, eps);
  ForChunks(d, n, [&](size_t i, size_t k) {
    const auto gi = LoadUpTo(d, g + i, k);
    const auto s = hn::MulAdd(hn::Mul(v1a, gi), gi, hn::Mul(LoadUpTo(d, sq + i, k), va));
    const auto den = hn::Add(hn::Sqrt(s), veps);
    StoreUpTo(d, s, sq + i, k);
    StoreUpTo(d, hn::Add(LoadUpTo(d, p + i, k), hn::Div(hn::Mul(vlr, gi), den)), p + i, k);
  });
}

// m = fma(g, 1-b1, m*b1);  v = fma((1-b2)*g, g, v*b2);  p = p + (neg_step*m) / (sqrt(v)/sqrt_bc2 + eps)
void AdamF32(size_t n, float* p, const float* g, float* m, float* v, const AdamCoeffs& c) {
  const hn::ScalableTag<float> d;
  const auto vb1 = hn::Set(d, c.b1), v1b1 = hn::Set(d, c.one_minus_b1), vb2 = hn::Set(d, c.b2),
             v1b2 = hn::Set(d, c.one_minus_b2), veps = hn::Set(d, c.eps), vstep = hn::Set(d, c.neg_step),
             vbc2 = hn::Set(d, c.sqrt_bc2);
  ForChunks(d, n, [&](size_t i, size_t k) {
    const auto gi = LoadUpTo(d, g + i, k);
    const auto mi = hn::MulAdd(gi, v1b1, hn::Mul(LoadUpTo(d, m + i, k), vb1));
    const auto vi = hn::MulAdd(hn::Mul(v1b2, gi), gi, hn::Mul(LoadUpTo(d, v + i, k), vb2));
    const auto den = hn::Add(hn::Div(hn::Sqrt(vi), vbc2), veps);
    StoreUpTo(d, mi, m + i, k);
    StoreUpTo(d, vi, v + i, k);
    StoreUpTo(d, hn::Add(LoadUpTo(d, p + i, k), hn::Div(hn::Mul(vstep, mi), den)), p + i, k);
  });
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cmath>
#include <cstddef>

#include "core/parallel/thread_pool.h"

namespace descent::kernels {

HWY_EXPORT(SgdF32);
HWY_EXPORT(MomentumF32);
HWY_EXPORT(AdagradF32);
HWY_EXPORT(RmspropF32);
HWY_EXPORT(AdamF32);

namespace {
size_t count(int n) { return n > 0 ? size_t(n) : 0; }

// Runs f(first, length) over [0, n) in one piece, or in one piece per thread when n is large (an
// MLP's 100k weights): element-wise updates give identical results however they are split.
template <class F>
void in_pieces(size_t n, const F& f) {
  constexpr size_t kMinPerThread = 32768;
  const int threads = parallel::num_threads();
  if (threads <= 1 || n < 2 * kMinPerThread) {
    f(size_t(0), n);
    return;
  }
  const size_t piece = (n / size_t(threads) + 63) / 64 * 64;
  parallel::parallel_for(threads, [&](int t) {
    const size_t first = size_t(t) * piece;
    if (first < n) f(first, n - first < piece ? n - first : piece);
  });
}
// 1 - x in double, rounded to T once.
template <typename T>
T one_minus(T x) { return T(1.0 - double(x)); }
}  // namespace

void sgd_update(int n, float* p, const float* g, float lr) {
  in_pieces(count(n), [&](size_t i, size_t len) { HWY_DYNAMIC_DISPATCH(SgdF32)(len, p + i, g + i, -lr); });
}
void sgd_update(int n, double* p, const double* g, double lr) { sgd_update_ref(n, p, g, lr); }

void momentum_update(int n, float* p, const float* g, float* buf, float lr, float mu, bool nesterov) {
  in_pieces(count(n), [&](size_t i, size_t len) {
    HWY_DYNAMIC_DISPATCH(MomentumF32)(len, p + i, g + i, buf + i, -lr, mu, nesterov);
  });
}
void momentum_update(int n, double* p, const double* g, double* buf, double lr, double mu, bool nesterov) {
  momentum_update_ref(n, p, g, buf, lr, mu, nesterov);
}

void adagrad_update(int n, float* p, const float* g, float* sum, float lr, float eps) {
  in_pieces(count(n), [&](size_t i, size_t len) { HWY_DYNAMIC_DISPATCH(AdagradF32)(len, p + i, g + i, sum + i, -lr, eps); });
}
void adagrad_update(int n, double* p, const double* g, double* sum, double lr, double eps) {
  adagrad_update_ref(n, p, g, sum, lr, eps);
}

void rmsprop_update(int n, float* p, const float* g, float* sq, float lr, float alpha, float eps) {
  const float oma = one_minus(alpha);
  in_pieces(count(n), [&](size_t i, size_t len) {
    HWY_DYNAMIC_DISPATCH(RmspropF32)(len, p + i, g + i, sq + i, -lr, alpha, oma, eps);
  });
}
void rmsprop_update(int n, double* p, const double* g, double* sq, double lr, double alpha, double eps) {
  rmsprop_update_ref(n, p, g, sq, lr, alpha, eps);
}

void adam_update(int n, float* p, const float* g, float* m, float* v, float lr, float b1, float b2, float eps,
                 float bc1, float bc2) {
  const AdamCoeffs c{b1,  one_minus(b1), b2, one_minus(b2), eps, float(-(double(lr) / double(bc1))),
                                    float(std::sqrt(double(bc2)))};
  in_pieces(count(n), [&](size_t i, size_t len) { HWY_DYNAMIC_DISPATCH(AdamF32)(len, p + i, g + i, m + i, v + i, c); });
}
void adam_update(int n, double* p, const double* g, double* m, double* v, double lr, double b1, double b2,
                 double eps, double bc1, double bc2) {
  adam_update_ref(n, p, g, m, v, lr, b1, b2, eps, bc1, bc2);
}

// ---- scalar references: the definitions, in update.h's evaluation order ----

template <typename T>
void sgd_update_ref(int n, T* p, const T* g, T lr) {
  for (int i = 0; i < n; ++i) p[i] = std::fma(g[i], -lr, p[i]);
}

template <typename T>
void momentum_update_ref(int n, T* p, const T* g, T* buf, T lr, T mu, bool nesterov) {
  for (int i = 0; i < n; ++i) {
    buf[i] = buf[i] * mu + g[i];
    const T dir = nesterov ? std::fma(buf[i], mu, g[i]) : buf[i];
    p[i] = std::fma(dir, -lr, p[i]);
  }
}

template <typename T>
void adagrad_update_ref(int n, T* p, const T* g, T* sum, T lr, T eps) {
  for (int i = 0; i < n; ++i) {
    sum[i] = std::fma(g[i], g[i], sum[i]);
    p[i] = p[i] + ((-lr) * g[i]) / (std::sqrt(sum[i]) + eps);
  }
}

template <typename T>
void rmsprop_update_ref(int n, T* p, const T* g, T* sq, T lr, T alpha, T eps) {
  const T c = one_minus(alpha);
  for (int i = 0; i < n; ++i) {
    sq[i] = std::fma(c * g[i], g[i], sq[i] * alpha);
    p[i] = p[i] + ((-lr) * g[i]) / (std::sqrt(sq[i]) + eps);
  }
}

template <typename T>
void adam_update_ref(int n, T* p, const T* g, T* m, T* v, T lr, T b1, T b2, T eps, T bc1, T bc2) {
  const T c1 = one_minus(b1), c2 = one_minus(b2);
  const T neg_step = T(-(double(lr) / double(bc1))), sqrt_bc2 = T(std::sqrt(double(bc2)));
  for (int i = 0; i < n; ++i) {
    m[i] = std::fma(g[i], c1, m[i] * b1);
    v[i] = std::fma(c2 * g[i], g[i], v[i] * b2);
    const T den = std::sqrt(v[i]) / sqrt_bc2 + eps;
    p[i] = p[i] + (neg_step * m[i]) / den;
  }
}

template void sgd_update_ref<float>(int, float*, const float*, float);
template void sgd_update_ref<double>(int, double*, const double*, double);
template void momentum_update_ref<float>(int, float*, const float*, float*, float, float, bool);
template void momentum_update_ref<double>(int, double*, const double*, double*, double, double, bool);
template void adagrad_update_ref<float>(int, float*, const float*, float*, float, float);
template void adagrad_update_ref<double>(int, double*, const double*, double*, double, double);
template void rmsprop_update_ref<float>(int, float*, const float*, float*, float, float, float);
template void rmsprop_update_ref<double>(int, double*, const double*, double*, double, double, double);
template void adam_update_ref<float>(int, float*, const float*, float*, float*, float, float, float, float, float,
                                     float);
template void adam_update_ref<double>(int, double*, const double*, double*, double*, double, double, double, double,
                                      double, double);

}  // namespace descent::kernels
#endif  // HWY_ONCE
