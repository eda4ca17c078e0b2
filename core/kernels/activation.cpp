// activation.cpp: bias + activation forward, activation backward and column sums (the bias
// gradient): float kernels written once with Highway (tanh and the sigmoid's exp from
// hwy/contrib/math, a few ulp), double overloads = the scalar references defined here.
// Sigmoid is evaluated as 1/(1+e) or e/(1+e) with e = exp(-|x|), so it never overflows and keeps
// its relative accuracy for large negative x.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/activation.cpp"
#include "core/kernels/hwy_targets.h"
#include <hwy/contrib/math/math-inl.h>

#include "core/kernels/activation.h"
#include "core/kernels/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

template <Activation kAct, class D>
HWY_INLINE hn::Vec<D> Activate(D d, hn::Vec<D> x) {
  if constexpr (kAct == Activation::ReLU) {
    return hn::Max(x, hn::Zero(d));
  } else if constexpr (kAct == Activation::Tanh) {
    return hn::Tanh(d, x);
  } else if constexpr (kAct == Activation::Sigmoid) {
    const auto one = hn::Set(d, 1.f);
    const auto e = hn::Exp(d, hn::Neg(hn::Abs(x)));  // in (0, 1]
    const auto s = hn::Div(one, hn::Add(one, e));     // sigmoid(|x|)
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), hn::Mul(e, s), s);
  } else {
    return x;
  }
}

constexpr size_t kMaxPattern = 1024;  // floats of tiled bias (4 KiB on the stack)

size_t Gcd(size_t a, size_t b) {
  while (b) {
    const size_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

template <Activation kAct>
void ForwardRows(size_t N, size_t C, float* Z, const float* b) {
  const hn::ScalableTag<float> d;
  const size_t L = hn::Lanes(d);
  const size_t period = C / Gcd(C, L) * L;  // lcm(C, L): the bias pattern of the flat array repeats
  if (C % L != 0 && period <= kMaxPattern) {
    // Narrow or ragged rows (C = 2, 8, 10, 100, ...): treat Z as one flat array of N*C values so
    // every vector is full, adding the bias tiled over lcm(C, L) values. Same per-element work.
    HWY_ALIGN float pattern[kMaxPattern];
    for (size_t i = 0; i < period; ++i) pattern[i] = b ? b[i % C] : 0.f;
    size_t off = 0;
    ForChunks(d, N * C, [&](size_t i, size_t count) {
      auto z = LoadUpTo(d, Z + i, count);
      if (b) z = hn::Add(z, hn::Load(d, pattern + off));
      StoreUpTo(d, Activate<kAct>(d, z), Z + i, count);
      off += L;
      if (off == period) off = 0;
    });
    return;
  }
  for (size_t i = 0; i < N; ++i) {
    float* row = Z + i * C;
    ForChunks(d, C, [&](size_t j, size_t count) {
      auto z = LoadUpTo(d, row + j, count);
      if (b) z = hn::Add(z, LoadUpTo(d, b + j, count));
      StoreUpTo(d, Activate<kAct>(d, z), row + j, count);
    });
  }
}

void BiasActivationForwardF32(int N, int C, float* Z, const float* b, Activation act) {
  if (N <= 0 || C <= 0) return;
  switch (act) {
    case Activation::Identity:
      if (b) ForwardRows<Activation::Identity>(size_t(N), size_t(C), Z, b);
      break;
    case Activation::ReLU: ForwardRows<Activation::ReLU>(size_t(N), size_t(C), Z, b); break;
    case Activation::Tanh: ForwardRows<Activation::Tanh>(size_t(N), size_t(C), Z, b); break;
    case Activation::Sigmoid: ForwardRows<Activation::Sigmoid>(size_t(N), size_t(C), Z, b); break;
  }
}

// dZ = dA * act'(A), from the activation's output A; same evaluation order as the reference.
template <Activation kAct>
void BackwardFlat(size_t n, const float* A, const float* dA, float* dZ) {
  const hn::ScalableTag<float> d;
  const auto one = hn::Set(d, 1.f);
  ForChunks(d, n, [&](size_t i, size_t count) {
    const auto a = LoadUpTo(d, A + i, count);
    const auto g = LoadUpTo(d, dA + i, count);
    hn::Vec<decltype(d)> out;
    if constexpr (kAct == Activation::ReLU) {
      out = hn::IfThenElseZero(hn::Gt(a, hn::Zero(d)), g);
    } else if constexpr (kAct == Activation::Tanh) {
      out = hn::Mul(g, hn::Sub(one, hn::Mul(a, a)));
    } else if constexpr (kAct == Activation::Sigmoid) {
      out = hn::Mul(g, hn::Mul(a, hn::Sub(one, a)));
    } else {
      out = g;
    }
    StoreUpTo(d, out, dZ + i, count);
  });
}

void ActivationBackwardF32(int N, int C, const float* A, const float* dA, float* dZ, Activation act) {
  if (N <= 0 || C <= 0) return;
  const size_t n = size_t(N) * size_t(C);  // element-wise: the (N,C) shape does not matter
  switch (act) {
    case Activation::Identity:
      if (dZ != dA) BackwardFlat<Activation::Identity>(n, A, dA, dZ);
      break;
    case Activation::ReLU: BackwardFlat<Activation::ReLU>(n, A, dA, dZ); break;
    case Activation::Tanh: BackwardFlat<Activation::Tanh>(n, A, dA, dZ); break;
    case Activation::Sigmoid: BackwardFlat<Activation::Sigmoid>(n, A, dA, dZ); break;
  }
}

// out (C) = beta*out + sum over rows of X (N,C): one column chunk at a time, rows accumulated in
// a register (float); beta == 0 never reads out.
void ColumnSumsF32(int N, int C, const float* X, float beta, float* out) {
  if (C <= 0) return;
  const size_t rows = N > 0 ? size_t(N) : 0, cols = size_t(C);
  const hn::ScalableTag<float> d;
  ForChunks(d, cols, [&](size_t j, size_t count) {
    auto acc = hn::Zero(d);
    for (size_t i = 0; i < rows; ++i) acc = hn::Add(acc, LoadUpTo(d, X + i * cols + j, count));
    if (beta != 0.f) acc = hn::MulAdd(hn::Set(d, beta), LoadUpTo(d, out + j, count), acc);
    StoreUpTo(d, acc, out + j, count);
  });
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cmath>

namespace descent::kernels {

HWY_EXPORT(BiasActivationForwardF32);
HWY_EXPORT(ActivationBackwardF32);
HWY_EXPORT(ColumnSumsF32);

void bias_activation_forward(int N, int C, float* Z, const float* b, Activation act) {
  HWY_DYNAMIC_DISPATCH(BiasActivationForwardF32)(N, C, Z, b, act);
}
void bias_activation_forward(int N, int C, double* Z, const double* b, Activation act) {
  bias_activation_forward_ref(N, C, Z, b, act);
}
void activation_backward(int N, int C, const float* A, const float* dA, float* dZ, Activation act) {
  HWY_DYNAMIC_DISPATCH(ActivationBackwardF32)(N, C, A, dA, dZ, act);
}
void activation_backward(int N, int C, const double* A, const double* dA, double* dZ, Activation act) {
  activation_backward_ref(N, C, A, dA, dZ, act);
}
void column_sums(int N, int C, const float* X, float beta, float* out) {
  HWY_DYNAMIC_DISPATCH(ColumnSumsF32)(N, C, X, beta, out);
}
void column_sums(int N, int C, const double* X, double beta, double* out) {
  column_sums_ref(N, C, X, beta, out);
}

// ---- scalar references: the definitions (transcendentals evaluated in double, then rounded) ----

template <typename T>
void bias_activation_forward_ref(int N, int C, T* Z, const T* b, Activation act) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < C; ++j) {
      T& z = Z[size_t(i) * size_t(C) + size_t(j)];
      const T x = b ? z + b[j] : z;
      switch (act) {
        case Activation::Identity: z = x; break;
        case Activation::ReLU: z = x > T(0) ? x : T(0); break;
        case Activation::Tanh: z = T(std::tanh(double(x))); break;
        case Activation::Sigmoid: z = T(1.0 / (1.0 + std::exp(-double(x)))); break;
      }
    }
}

template <typename T>
void activation_backward_ref(int N, int C, const T* A, const T* dA, T* dZ, Activation act) {
  const size_t n = N > 0 && C > 0 ? size_t(N) * size_t(C) : 0;
  for (size_t i = 0; i < n; ++i) {
    const T a = A[i], g = dA[i];
    switch (act) {
      case Activation::Identity: dZ[i] = g; break;
      case Activation::ReLU: dZ[i] = a > T(0) ? g : T(0); break;
      case Activation::Tanh: dZ[i] = g * (T(1) - a * a); break;
      case Activation::Sigmoid: dZ[i] = g * (a * (T(1) - a)); break;
    }
  }
}

template <typename T>
void column_sums_ref(int N, int C, const T* X, T beta, T* out) {
  for (int j = 0; j < C; ++j) {
    double sum = 0.0;
    for (int i = 0; i < N; ++i) sum += double(X[size_t(i) * size_t(C) + size_t(j)]);
    out[j] = T(beta == T(0) ? sum : sum + double(beta) * double(out[j]));
  }
}

template void bias_activation_forward_ref<float>(int, int, float*, const float*, Activation);
template void bias_activation_forward_ref<double>(int, int, double*, const double*, Activation);
template void activation_backward_ref<float>(int, int, const float*, const float*, float*, Activation);
template void activation_backward_ref<double>(int, int, const double*, const double*, double*, Activation);
template void column_sums_ref<float>(int, int, const float*, float, float*);
template void column_sums_ref<double>(int, int, const double*, double, double*);

}  // namespace descent::kernels
#endif  // HWY_ONCE
