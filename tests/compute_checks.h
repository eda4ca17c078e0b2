// compute_checks.h: every ComputeDevice kernel against its scalar reference (core/kernels' *_ref,
// nn/svm_loss.h, regularize(), plane_point, a scalar selection and vote), on random data with
// fixed seeds over ragged shapes. One set of checks for every device: the unit suite runs them on
// the CPU device (tests/test_compute.cpp), tests/gpu on OpenGL (Mesa's llvmpipe in CI).
// Tolerances are stated per kernel, in u = 2^-24 (float unit roundoff); "exact" means equal bits.
// They bound what any correct float implementation may differ by (another summation order, a
// correctly rounded or few-ulp exp/log/sqrt/division), not what one device happens to do.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

#include "core/compute/compute_device.h"
#include "core/compute/device_knn.h"
#include "core/compute/device_training.h"
#include "core/compute/plane_losses.h"
#include "core/kernels/activation.h"
#include "core/kernels/distance.h"
#include "core/kernels/gemm.h"
#include "core/kernels/softmax.h"
#include "core/kernels/update.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "core/landscape/loss_grid.h"
#include "core/landscape/plane.h"
#include "core/nn/regularizer.h"
#include "core/nn/svm_loss.h"
#include "core/rng.h"
#include "core/train/session.h"

namespace descent::compute::checks {

constexpr double kU = 5.9604644775390625e-08;  // 2^-24

template <typename T>
BufferPtr up(ComputeDevice& dev, const std::vector<T>& v) {
  Result<BufferPtr> b = upload_new(dev, v.data(), v.size());
  REQUIRE_MESSAGE(b.ok(), b.status().message);
  return std::move(*b);
}
template <typename T>
BufferPtr zeros(ComputeDevice& dev, size_t n) {
  Result<BufferPtr> b = dev.alloc(std::max<size_t>(n, 1) * sizeof(T));
  REQUIRE_MESSAGE(b.ok(), b.status().message);
  return std::move(*b);
}
template <typename T>
std::vector<T> down(ComputeDevice& dev, const Buffer& b, size_t n) {
  std::vector<T> v(n);
  Status s = dev.download(b, 0, v.data(), n * sizeof(T));
  REQUIRE_MESSAGE(s.is_ok(), s.message);
  return v;
}
inline std::vector<float> randoms(size_t n, uint32_t seed, double lo = -1, double hi = 1) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = float(rng.uniform(lo, hi));
  return v;
}

// GEMM: |C - ref| <= (K + 2) u (sum_k |a_ik b_kj| + |beta C_ij|): the classical bound for a float
// dot product summed in any order (ref accumulates in double). beta = 0 must not read C (NaN there).
inline void check_gemm(ComputeDevice& dev) {
  struct Shape {
    int M, N, K;
  };
  // {520, 600, 40}: large, every side a multiple of 4 (the GL device's 16-byte-load kernel for every
  // transpose); {513, 514, 31}: large but not aligned for it (the fallback tiling).
  const Shape shapes[] = {{1, 1, 1},     {7, 5, 3},        {31, 65, 17},   {33, 65, 17},
                          {64, 64, 64},  {70, 130, 129},   {520, 600, 40}, {513, 514, 31}};
  uint32_t seed = 1;
  for (const Shape& s : shapes)
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes})
        for (float beta : {0.f, 0.5f}) {
          if (s.M >= 512 && beta != 0.f) continue;
          CAPTURE(s.M);
          CAPTURE(s.N);
          CAPTURE(s.K);
          CAPTURE(int(ta));
          CAPTURE(int(tb));
          CAPTURE(beta);
          const std::vector<float> A = randoms(size_t(s.M) * size_t(s.K), seed++), B = randoms(size_t(s.K) * size_t(s.N), seed++);
          std::vector<float> C0 = randoms(size_t(s.M) * size_t(s.N), seed++);
          if (beta == 0.f) std::fill(C0.begin(), C0.end(), std::numeric_limits<float>::quiet_NaN());
          BufferPtr a = up(dev, A), b = up(dev, B), c = up(dev, C0);
          dev.gemm(ta, tb, s.M, s.N, s.K, span_of<float>(*a), span_of<float>(*b), beta, span_of<float>(*c));
          const std::vector<float> got = down<float>(dev, *c, C0.size());
          std::vector<float> ref = C0, absA(A.size()), absB(B.size()), bound(C0.size(), 0.f);
          kernels::gemm_ref(ta, tb, s.M, s.N, s.K, A.data(), B.data(), beta, ref.data());
          for (size_t i = 0; i < A.size(); ++i) absA[i] = std::fabs(A[i]);
          for (size_t i = 0; i < B.size(); ++i) absB[i] = std::fabs(B[i]);
          kernels::gemm_ref(ta, tb, s.M, s.N, s.K, absA.data(), absB.data(), 0.f, bound.data());
          int bad = 0;
          for (size_t i = 0; i < ref.size(); ++i) {
            const double lim = (s.K + 2) * kU * (double(bound[i]) + (beta != 0.f ? std::fabs(beta * C0[i]) : 0.0));
            if (!(std::fabs(double(got[i]) - double(ref[i])) <= lim)) ++bad;
          }
          CHECK(bad == 0);
        }
  // Batched, with a shared operand (stride 0) and offsets into larger buffers.
  const int M = 9, N = 11, K = 13, count = 3;
  const std::vector<float> A = randoms(5 + size_t(count) * M * K, 91), B = randoms(size_t(K) * N + 3, 92);
  BufferPtr a = up(dev, A), b = up(dev, B), c = zeros<float>(dev, 2 + size_t(count) * M * N);
  dev.gemm(Trans::No, Trans::No, M, N, K, span_of<float>(*a, 5), span_of<float>(*b, 3), 0.f, span_of<float>(*c, 2),
           {.count = count, .a = size_t(M) * K, .b = 0, .c = size_t(M) * N});
  const std::vector<float> got = down<float>(dev, *c, 2 + size_t(count) * M * N);
  for (int g = 0; g < count; ++g) {
    std::vector<float> ref(size_t(M) * N);
    kernels::gemm_ref(Trans::No, Trans::No, M, N, K, A.data() + 5 + size_t(g) * M * K, B.data() + 3, 0.f, ref.data());
    for (size_t i = 0; i < ref.size(); ++i)
      CHECK(std::fabs(got[2 + size_t(g) * M * N + i] - ref[i]) <= (K + 2) * kU * K);
  }
  CHECK(got[0] == 0.f);
  CHECK(got[1] == 0.f);
  // Large and batched, offsets and strides multiples of 4 (16-byte loads), B shared (stride 0).
  {
    const int LM = 516, LN = 520, LK = 12, lcount = 2;
    const std::vector<float> LA = randoms(4 + size_t(lcount) * LM * LK, 93), LB = randoms(8 + size_t(LK) * LN, 94);
    BufferPtr la = up(dev, LA), lb = up(dev, LB), lc = zeros<float>(dev, 4 + size_t(lcount) * LM * LN);
    dev.gemm(Trans::No, Trans::No, LM, LN, LK, span_of<float>(*la, 4), span_of<float>(*lb, 8), 0.f, span_of<float>(*lc, 4),
             {.count = lcount, .a = size_t(LM) * LK, .b = 0, .c = size_t(LM) * LN});
    const std::vector<float> lgot = down<float>(dev, *lc, 4 + size_t(lcount) * LM * LN);
    int lbad = 0;
    for (int g = 0; g < lcount; ++g) {
      std::vector<float> ref(size_t(LM) * LN);
      kernels::gemm_ref(Trans::No, Trans::No, LM, LN, LK, LA.data() + 4 + size_t(g) * LM * LK, LB.data() + 8, 0.f, ref.data());
      for (size_t i = 0; i < ref.size(); ++i)
        if (!(std::fabs(lgot[4 + size_t(g) * LM * LN + i] - ref[i]) <= (LK + 2) * kU * LK)) ++lbad;
    }
    CHECK(lbad == 0);
    CHECK(lgot[0] == 0.f);
  }
}

// Bias + activation: identity and ReLU exact (one correctly rounded add); tanh and sigmoid within
// 8u relative + 1e-9 absolute of the double-evaluated reference (a few-ulp exp, one division).
// Backward: exact (its formulas use only correctly rounded * and -, no contraction).
inline void check_activations(ComputeDevice& dev) {
  const int N = 37, C = 19, batch = 2;
  for (Activation act : {Activation::Identity, Activation::ReLU, Activation::Tanh, Activation::Sigmoid}) {
    CAPTURE(int(act));
    std::vector<float> Z = randoms(size_t(batch) * N * C, 11 + uint32_t(act), -6, 6);
    for (size_t i = 0; i < Z.size(); i += 7) Z[i] *= 1e-4f;  // small |x|: where a naive tanh cancels
    const std::vector<float> b = randoms(3 + size_t(batch) * (C + 4), 21, -0.5, 0.5);
    BufferPtr z = up(dev, Z), bb = up(dev, b);
    dev.bias_activation_forward(N, C, span_of<float>(*z), span_of<float>(*bb, 3), act, batch, C + 4);
    const std::vector<float> got = down<float>(dev, *z, Z.size());
    int bad = 0;
    for (int g = 0; g < batch; ++g) {
      std::vector<float> ref(Z.begin() + g * N * C, Z.begin() + (g + 1) * N * C);
      kernels::bias_activation_forward_ref(N, C, ref.data(), b.data() + 3 + g * (C + 4), act);
      for (size_t i = 0; i < ref.size(); ++i) {
        const double r = ref[i], x = got[size_t(g) * N * C + i];
        const bool exact = act == Activation::Identity || act == Activation::ReLU;
        if (exact ? x != r : !(std::fabs(x - r) <= 8 * kU * std::fabs(r) + 1e-9)) ++bad;
      }
    }
    CHECK(bad == 0);

    // Backward from outputs A in the activation's range, dZ aliasing dA.
    std::vector<float> A = randoms(size_t(N) * C, 31, act == Activation::Sigmoid ? 0 : -1, 1);
    if (act == Activation::ReLU)
      for (size_t i = 0; i < A.size(); i += 3) A[i] = 0.f;  // the kink: ReLU' = [A > 0]
    const std::vector<float> dA = randoms(size_t(N) * C, 32);
    BufferPtr a = up(dev, A), da = up(dev, dA);
    dev.activation_backward(N, C, span_of<float>(*a), span_of<float>(*da), span_of<float>(*da), act);
    std::vector<float> ref(dA.size());
    kernels::activation_backward_ref(N, C, A.data(), dA.data(), ref.data(), act);
    CHECK(down<float>(dev, *da, ref.size()) == ref);
  }
  // Column sums: |out - ref| <= (N + 2) u (sum |x| + |beta out|); multiply: exact.
  for (float beta : {0.f, 1.f}) {
    const int n = 300, c = 21;
    const std::vector<float> X = randoms(size_t(n) * c, 41), out0 = randoms(size_t(c), 42);
    BufferPtr x = up(dev, X), o = up(dev, out0);
    dev.column_sums(n, c, span_of<float>(*x), beta, span_of<float>(*o));
    const std::vector<float> got = down<float>(dev, *o, size_t(c));
    std::vector<float> ref = out0;
    kernels::column_sums_ref(n, c, X.data(), beta, ref.data());
    for (int j = 0; j < c; ++j) {
      double abs_sum = std::fabs(beta * out0[size_t(j)]);
      for (int i = 0; i < n; ++i) abs_sum += std::fabs(X[size_t(i) * c + size_t(j)]);
      CHECK(std::fabs(got[size_t(j)] - ref[size_t(j)]) <= (n + 2) * kU * abs_sum);
    }
  }
  const std::vector<float> p = randoms(1000, 51), q = randoms(1000, 52);
  BufferPtr bp = up(dev, p), bq = up(dev, q), bo = zeros<float>(dev, 1000);
  dev.multiply(1000, span_of<float>(*bp), span_of<float>(*bq), span_of<float>(*bo));
  const std::vector<float> prod = down<float>(dev, *bo, 1000);
  int wrong = 0;
  for (size_t i = 0; i < 1000; ++i) wrong += prod[i] != p[i] * q[i];
  CHECK(wrong == 0);
}

// Softmax cross-entropy: each run's loss sum within (C + 16) u (|m| + log C + 1) per row of the
// double reference (m the row max: the float logsumexp's absolute error); dS within
// (C + 16) u |grad_scale| of the reference. A label outside [0, C) gives a NaN sum.
// Hinge: margins in double as nn/svm_loss.h, so dS is exact and the loss sums agree to 1e-12.
inline void check_criteria(ComputeDevice& dev) {
  const int N = 60, C = 10, segments = 3;
  std::vector<float> S = randoms(size_t(N) * C, 61, -8, 8);
  for (int j = 0; j < C; ++j) S[size_t(5) * C + size_t(j)] = 3.f;  // a row of ties
  std::vector<int> y(static_cast<size_t>(N));
  Rng rng(62);
  for (int& v : y) v = int(rng.below(C));
  const float scale = 1.f / float(N);
  BufferPtr s = up(dev, S), ys = up(dev, y), ds = zeros<float>(dev, S.size()), loss = zeros<double>(dev, segments);
  dev.softmax_cross_entropy(N, C, span_of<float>(*s), span_of<int32_t>(*ys), scale, span_of<float>(*ds),
                            span_of<double>(*loss), segments);
  const std::vector<float> dS = down<float>(dev, *ds, S.size());
  const std::vector<double> sums = down<double>(dev, *loss, segments);
  std::vector<float> ref_dS(S.size());
  const int rows = N / segments;
  for (int g = 0; g < segments; ++g) {
    const size_t r0 = size_t(g) * rows;
    const double ref = kernels::softmax_cross_entropy_ref(rows, C, S.data() + r0 * C, y.data() + r0, scale,
                                                          ref_dS.data() + r0 * C);
    CHECK(std::fabs(sums[size_t(g)] - ref) <= rows * (C + 16) * kU * (8 + std::log(double(C)) + 1));
  }
  int bad = 0;
  for (size_t i = 0; i < dS.size(); ++i) bad += !(std::fabs(dS[i] - ref_dS[i]) <= (C + 16) * kU * scale);
  CHECK(bad == 0);
  // Loss only (no dS), and the NaN of a bad label.
  std::vector<int> y_bad = y;
  y_bad[7] = C;
  BufferPtr yb = up(dev, y_bad);
  dev.softmax_cross_entropy(N, C, span_of<float>(*s), span_of<int32_t>(*yb), scale, {}, span_of<double>(*loss), 1);
  CHECK(std::isnan(down<double>(dev, *loss, 1)[0]));

  // The multiclass hinge, with scores placed exactly on the kink (s_j - s_y + 1 == 0).
  std::vector<float> H = randoms(size_t(N) * C, 63, -2, 2);
  for (int n = 0; n < N; n += 4) H[size_t(n) * C + size_t((y[size_t(n)] + 1) % C)] = H[size_t(n) * C + size_t(y[size_t(n)])] - 1.f;
  BufferPtr h = up(dev, H);
  dev.multiclass_hinge(N, C, span_of<float>(*h), span_of<int32_t>(*ys), 1.0, scale, span_of<float>(*ds),
                       span_of<double>(*loss), segments);
  const std::vector<float> hdS = down<float>(dev, *ds, H.size());
  const std::vector<double> hsums = down<double>(dev, *loss, segments);
  MulticlassSvmLoss svm;
  std::vector<float> href(H.size());
  const double mean = svm.forward_backward(H.data(), y.data(), N, C, href.data());
  CHECK(std::fabs((hsums[0] + hsums[1] + hsums[2]) / N - mean) <= 1e-12 * (1 + mean));
  CHECK(hdS == href);
}

// Penalty: value within 1e-12 relative of regularize() (double sums in another order); the
// gradient exact (computed in double and rounded once, as regularize() does). Argmax: exact.
inline void check_penalty_and_argmax(ComputeDevice& dev) {
  const size_t n = 5000;
  const std::vector<float> W = randoms(3 * n + 7, 71);
  for (const RegularizerDesc& reg : {RegularizerDesc{Regularizer::L2, 0.01, 0.5}, RegularizerDesc{Regularizer::L1, 0.003, 0.5},
                                     RegularizerDesc{Regularizer::Elastic, 0.02, 0.25}}) {
    CAPTURE(int(reg.kind));
    const std::vector<float> G = randoms(n, 72);
    BufferPtr w = up(dev, W), g = up(dev, G), out = zeros<double>(dev, 3);
    dev.penalty(n, span_of<float>(*w, 7), span_of<float>(*g), reg, span_of<double>(*out));
    std::vector<float> gref = G;
    const double ref = regularize<float>(reg, W.data() + 7, gref.data(), n);
    CHECK(std::fabs(down<double>(dev, *out, 1)[0] - ref) <= 1e-12 * ref);
    CHECK(down<float>(dev, *g, n) == gref);
    dev.penalty(n, span_of<float>(*w, 7), {}, reg, span_of<double>(*out), 3, n);  // three blocks at once
    const std::vector<double> three = down<double>(dev, *out, 3);
    for (int c = 0; c < 3; ++c)
      CHECK(std::fabs(three[size_t(c)] - regularize<float>(reg, W.data() + 7 + size_t(c) * n, nullptr, n)) <= 1e-12 * ref);
  }
  const int N = 50, C = 13;
  std::vector<float> S = randoms(size_t(N) * C, 73);
  for (int j = 0; j < C; ++j) S[size_t(3) * C + size_t(j)] = 0.5f;  // all tied: the first
  S[size_t(4) * C + 9] = S[size_t(4) * C + 2] = 5.f;                 // two maxima: the first
  BufferPtr s = up(dev, S), o = zeros<int32_t>(dev, size_t(N));
  dev.argmax_rows(N, C, span_of<float>(*s), span_of<int32_t>(*o));
  std::vector<int> ref(static_cast<size_t>(N));
  for (int i = 0; i < N; ++i) ref[size_t(i)] = int(std::max_element(S.begin() + i * C, S.begin() + (i + 1) * C) - (S.begin() + i * C));
  CHECK(down<int32_t>(dev, *o, size_t(N)) == ref);
}

// Optimizer updates over three steps against update.h's *_ref<float>, continuing each step from the
// device's values. Bounds from the evaluation order (as tests/test_kernels.cpp), before the step:
//   sgd       p:   2u (|p| + |lr g|)
//   momentum  buf: 2u (|mu buf| + |g|);   p: 6u (|p| + lr |dir|)
//   adagrad   sum: 2u sum';               p: 6u (|p| + |lr g| / den)
//   rmsprop   sq:  4u sq';                p: 6u (|p| + |lr g| / den)
//   adam      m:   4u (|b1 m| + |(1-b1) g|);  v: 4u v';  p: 8u (|p| + step (|b1 m| + |(1-b1) g|) / den)
// fused_fma: the device computes fma with one rounding (AVX2/AVX-512, the GL device's double
// emulation), so SGD, momentum and Nesterov must equal the reference in every bit; where fma rounds
// twice (SSE4, WASM SIMD128) they differ in the last bit, within the bounds.
inline void check_updates(ComputeDevice& dev, bool fused_fma) {
  const size_t n = 3001;
  const float lr = 0.05f, mu = 0.9f, alpha = 0.99f, eps = 1e-8f, b1 = 0.9f, b2 = 0.999f;
  for (int kind = 0; kind < 6; ++kind) {
    CAPTURE(kind);
    std::vector<float> p = randoms(n, 81), s1(n, 0.f), s2(n, 0.f);
    BufferPtr bp = up(dev, p), bs1 = zeros<float>(dev, n), bs2 = zeros<float>(dev, n);
    const FloatSpan P = span_of<float>(*bp), S1 = span_of<float>(*bs1), S2 = span_of<float>(*bs2);
    double worst = 0;  // largest |error| / bound
    for (int t = 1; t <= 3; ++t) {
      const std::vector<float> g = randoms(n, 82 + uint32_t(t)), p0 = p, m0 = s1;
      BufferPtr bg = up(dev, g);
      const FloatSpan G = span_of<float>(*bg);
      const float bc1 = float(1.0 - std::pow(double(b1), t)), bc2 = float(1.0 - std::pow(double(b2), t));
      switch (kind) {
        case 0: dev.sgd_update(n, P, G, lr); kernels::sgd_update_ref(int(n), p.data(), g.data(), lr); break;
        case 1:
        case 2:
          dev.momentum_update(n, P, G, S1, lr, mu, kind == 2);
          kernels::momentum_update_ref(int(n), p.data(), g.data(), s1.data(), lr, mu, kind == 2);
          break;
        case 3:
          dev.adagrad_update(n, P, G, S1, lr, eps);
          kernels::adagrad_update_ref(int(n), p.data(), g.data(), s1.data(), lr, eps);
          break;
        case 4:
          dev.rmsprop_update(n, P, G, S1, lr, alpha, eps);
          kernels::rmsprop_update_ref(int(n), p.data(), g.data(), s1.data(), lr, alpha, eps);
          break;
        default:
          dev.adam_update(n, P, G, S1, S2, lr, b1, b2, eps, bc1, bc2);
          kernels::adam_update_ref(int(n), p.data(), g.data(), s1.data(), s2.data(), lr, b1, b2, eps, bc1, bc2);
      }
      const std::vector<float> got = down<float>(dev, *bp, n), got1 = down<float>(dev, *bs1, n),
                               got2 = down<float>(dev, *bs2, n);
      auto add = [&](float x, float ref, double bound) { worst = std::max(worst, std::fabs(double(x) - ref) / (bound + 1e-38)); };
      for (size_t i = 0; i < n; ++i) {
        const double ap = std::fabs(p0[i]), lg = std::fabs(double(lr) * g[i]);
        if (kind == 0) {
          add(got[i], p[i], 2 * kU * (ap + lg));
        } else if (kind <= 2) {
          const double bmag = std::fabs(mu * m0[i]) + std::fabs(g[i]), dir = kind == 2 ? std::fabs(g[i]) + mu * bmag : bmag;
          add(got1[i], s1[i], 2 * kU * bmag);
          add(got[i], p[i], 6 * kU * (ap + lr * dir));
        } else if (kind <= 4) {
          const double den = std::sqrt(double(s1[i])) + eps;
          add(got1[i], s1[i], (kind == 3 ? 2 : 4) * kU * s1[i]);
          add(got[i], p[i], 6 * kU * (ap + lg / den));
        } else {
          const double mmag = std::fabs(b1 * m0[i]) + std::fabs((1 - b1) * g[i]);
          const double den = std::sqrt(double(s2[i])) / std::sqrt(double(bc2)) + eps;
          add(got1[i], s1[i], 4 * kU * mmag);
          add(got2[i], s2[i], 4 * kU * s2[i]);
          add(got[i], p[i], 8 * kU * (ap + double(lr) / bc1 * mmag / den));
        }
      }
      if (fused_fma && kind <= 2) {
        CHECK(got == p);
        CHECK(got1 == s1);
      }
      p = got;  // continue from the device's values, so differences do not compound across steps
      s1 = got1;
      s2 = got2;
    }
    CHECK(worst <= 1.0);
  }
}

// Distances: float within (D + 2) u of the double reference (non-negative terms, any order);
// bytes exact. Nearest-k and the vote: exact against a scalar selection with knn.h's tie rules,
// on data built to have many equal distances.
inline void check_knn_kernels(ComputeDevice& dev) {
  const int nq = 37, nx = 301, D = 29, ldo = nx + 5;
  const std::vector<float> Q = randoms(size_t(nq) * D, 101), X = randoms(size_t(nx) * D, 102);
  BufferPtr q = up(dev, Q), x = up(dev, X), out = zeros<float>(dev, size_t(nq) * ldo);
  for (Metric m : {Metric::L1, Metric::L2}) {
    CAPTURE(metric_name(m));
    dev.distances(m, nq, nx, D, span_of<float>(*q), span_of<float>(*x), span_of<float>(*out), ldo);
    const std::vector<float> got = down<float>(dev, *out, size_t(nq) * ldo);
    std::vector<float> ref(size_t(nq) * nx);
    (m == Metric::L1 ? kernels::l1_distances_ref : kernels::l2_squared_distances_ref)(nq, nx, D, Q.data(), X.data(), ref.data());
    int bad = 0;
    for (int i = 0; i < nq; ++i)
      for (int j = 0; j < nx; ++j) {
        const double r = ref[size_t(i) * nx + size_t(j)];
        bad += !(std::fabs(got[size_t(i) * ldo + size_t(j)] - r) <= (D + 2) * kU * r);
      }
    CHECK(bad == 0);
  }
  // Bytes: D a multiple of 4, exact integers; values spread to 0 and 255 to test the extremes.
  const int Db = 36;
  std::vector<uint8_t> Qb(size_t(nq) * Db), Xb(size_t(nx) * Db);
  Rng rng(103);
  for (uint8_t& v : Qb) v = uint8_t(rng.below(4) == 0 ? 255 * rng.below(2) : rng.below(256));
  for (uint8_t& v : Xb) v = uint8_t(rng.below(4) == 0 ? 255 * rng.below(2) : rng.below(256));
  BufferPtr qb = up(dev, Qb), xb = up(dev, Xb), outb = zeros<uint32_t>(dev, size_t(nq) * ldo);
  for (Metric m : {Metric::L1, Metric::L2}) {
    dev.distances_u8(m, nq, nx, Db, span_of<uint8_t>(*qb), span_of<uint8_t>(*xb), span_of<uint32_t>(*outb), ldo);
    const std::vector<uint32_t> got = down<uint32_t>(dev, *outb, size_t(nq) * ldo);
    std::vector<uint32_t> ref(size_t(nq) * nx);
    (m == Metric::L1 ? kernels::l1_distances_u8_ref : kernels::l2_squared_distances_u8_ref)(nq, nx, Db, Qb.data(),
                                                                                          Xb.data(), ref.data());
    int bad = 0;
    for (int i = 0; i < nq; ++i)
      for (int j = 0; j < nx; ++j) bad += got[size_t(i) * ldo + size_t(j)] != ref[size_t(i) * nx + size_t(j)];
    CHECK(bad == 0);
  }
  // Nearest k with many ties (distances from 0..9), for k up to the device limit, float and u32.
  const int rows = 23, cols = 700, ld = cols + 3;
  std::vector<uint32_t> du(size_t(rows) * ld);
  for (uint32_t& v : du) v = rng.below(10);
  std::vector<float> df(du.begin(), du.end());
  BufferPtr bdu = up(dev, du), bdf = up(dev, df), idx = zeros<int32_t>(dev, size_t(rows) * ComputeDevice::kMaxDeviceK);
  std::vector<int> labels(static_cast<size_t>(cols));
  for (int& l : labels) l = int(rng.below(7)) - (rng.below(50) == 0 ? 9 : 0);  // a few labels out of range
  BufferPtr lab = up(dev, labels), pred = zeros<int32_t>(dev, size_t(rows));
  for (int k : {1, 2, 5, 33, ComputeDevice::kMaxDeviceK}) {
    for (bool as_float : {false, true}) {
      CAPTURE(k);
      CAPTURE(as_float);
      if (as_float)
        dev.nearest_k(rows, cols, k, span_of<float>(*bdf), ld, span_of<int32_t>(*idx));
      else
        dev.nearest_k(rows, cols, k, span_of<uint32_t>(*bdu), ld, span_of<int32_t>(*idx));
      const std::vector<int> got = down<int32_t>(dev, *idx, size_t(rows) * k);
      std::vector<int> ref;
      for (int i = 0; i < rows; ++i) {
        std::vector<int> order(static_cast<size_t>(cols));
        std::iota(order.begin(), order.end(), 0);
        const uint32_t* d = du.data() + size_t(i) * ld;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d[a] < d[b]; });
        ref.insert(ref.end(), order.begin(), order.begin() + k);
      }
      CHECK(got == ref);
      // The vote over the first kv of each row (row stride k).
      const int kv = std::max(1, k - 1);
      dev.vote(rows, kv, span_of<int32_t>(*idx), k, cols, span_of<int32_t>(*lab), 7, span_of<int32_t>(*pred));
      std::vector<int> vref(static_cast<size_t>(rows));
      for (int i = 0; i < rows; ++i) {
        std::vector<int> counts(7, 0);
        for (int j = 0; j < kv; ++j) {
          const int l = labels[size_t(ref[size_t(i) * k + size_t(j)])];
          if (l >= 0 && l < 7) ++counts[size_t(l)];
        }
        vref[size_t(i)] = int(std::max_element(counts.begin(), counts.end()) - counts.begin());
      }
      CHECK(down<int32_t>(dev, *pred, size_t(rows)) == vref);
    }
  }
}

// plane_combine: exact against plane_point's formula (double arithmetic, rounded once).
inline void check_plane_combine(ComputeDevice& dev) {
  const size_t n = 2003;
  const int count = 5;
  const std::vector<float> c = randoms(n, 111), d = randoms(n, 112, -3, 3), e = randoms(n, 113, -0.01, 0.01);
  const std::vector<double> ab = {0, 0, 1, -1, 0.37, 2.5, -1.1e-3, 7.25, 1e5, -3e-4};
  BufferPtr bc = up(dev, c), bd = up(dev, d), be = up(dev, e), bab = up(dev, ab), out = zeros<float>(dev, n * count);
  dev.plane_combine(n, count, span_of<float>(*bc), span_of<float>(*bd), span_of<float>(*be), span_of<double>(*bab),
                    span_of<float>(*out));
  const std::vector<float> got = down<float>(dev, *out, n * count);
  int bad = 0;
  for (int g = 0; g < count; ++g)
    for (size_t i = 0; i < n; ++i)
      bad += got[size_t(g) * n + i] != float(double(c[i]) + ab[2 * size_t(g)] * double(d[i]) + ab[2 * size_t(g) + 1] * double(e[i]));
  CHECK(bad == 0);
}

// A span past its buffer's end is an error reported at the next download, never a stray access.
inline void check_bounds(ComputeDevice& dev) {
  BufferPtr a = zeros<float>(dev, 10), b = zeros<float>(dev, 10), c = zeros<float>(dev, 10);
  dev.gemm(Trans::No, Trans::No, 4, 4, 4, span_of<float>(*a), span_of<float>(*b), 0.f, span_of<float>(*c));
  std::vector<float> v(10);
  Status s = dev.download(*c, 0, v.data(), sizeof(float) * v.size());
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("gemm") != std::string::npos);
  CHECK(dev.finish().is_ok());  // reported once
}

}  // namespace descent::compute::checks

// ---- the paths built on the kernels -----------------------------------------------------------------
namespace descent::compute::checks {

// Two training set-ups both devices are checked with: an MLP with tanh, dropout, L2 and Adam
// (shuffled batches, an epoch's end); the SVM with an elastic net in file order, any optimizer.
inline TrainDesc tanh_dropout_adam() {
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {12, 8};
  d.model.activation = Activation::Tanh;
  d.model.dropout = 0.25;
  d.model.reg = {Regularizer::L2, 1e-3, 0.5};
  d.optimizer = {.kind = OptimizerKind::Adam, .lr = 0.01};
  d.batch = 32;
  d.seed = 9;
  d.lr_decay = 0.9;
  return d;
}
inline TrainDesc svm_elastic(OptimizerKind kind) {
  TrainDesc d;
  d.model.kind = ModelKind::SVM;
  d.model.reg = {Regularizer::Elastic, 1e-3, 0.3};
  d.optimizer = {.kind = kind, .lr = 0.02};
  d.batch = 16;
  d.shuffle = false;
  return d;
}

// A TrainingSession stepped on the device against one on the host, from the same TrainDesc for `steps` steps:
// every step's loss within rel_tol relative (0: equal), the epoch figures likewise, and the
// final parameters within rel_tol of the largest one. Returns the largest relative loss difference.
inline double check_training(ComputeDevice& dev, std::shared_ptr<const DataSplits> data, const TrainDesc& desc,
                             int steps, double rel_tol) {
  TrainingSession cpu(data, desc);
  Result<std::unique_ptr<TrainingSession>> gpu = device_session(dev, data, desc);
  REQUIRE_MESSAGE(gpu.ok(), gpu.status().message);
  CHECK((*gpu)->has_backend());
  double worst = 0;
  for (int i = 0; i < steps; ++i) {
    Status a = cpu.step(), b = (*gpu)->step();
    REQUIRE_MESSAGE(a.is_ok(), a.message);
    REQUIRE_MESSAGE(b.is_ok(), b.message);
    const double x = cpu.step_losses().back(), y = (*gpu)->step_losses().back();
    worst = std::max(worst, std::fabs(x - y) / std::fabs(x));
  }
  CHECK(worst <= rel_tol);
  REQUIRE(cpu.epochs().size() == (*gpu)->epochs().size());
  for (size_t e = 0; e < cpu.epochs().size(); ++e) {
    CHECK(std::fabs(cpu.epochs()[e].loss - (*gpu)->epochs()[e].loss) <= rel_tol * cpu.epochs()[e].loss);
    if (rel_tol == 0) {
      CHECK(cpu.epochs()[e].train_acc == (*gpu)->epochs()[e].train_acc);
      CHECK(cpu.epochs()[e].val_acc == (*gpu)->epochs()[e].val_acc);
    }
  }
  const std::vector<float> params = (*gpu)->network().params().value;  // read back from the device
  REQUIRE((*gpu)->step_error().is_ok());
  const std::vector<float>& ref = cpu.network().params().value;
  REQUIRE(params.size() == ref.size());
  double scale = 0, diff = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    scale = std::max(scale, double(std::fabs(ref[i])));
    diff = std::max(diff, std::fabs(double(params[i]) - double(ref[i])));
  }
  CHECK(diff <= rel_tol * scale);
  if (rel_tol == 0) CHECK((*gpu)->accuracy(data->test) == cpu.accuracy(data->test));
  CHECK(std::fabs((*gpu)->loss(data->test) - cpu.loss(data->test)) <= rel_tol * cpu.loss(data->test));
  return worst;
}

// DeviceKnn against KNearestNeighbor: identical predictions for every k and both metrics.
inline void check_knn(ComputeDevice& dev, const Dataset& train, const Dataset& test, const std::vector<int>& ks) {
  KNearestNeighbor cpu;
  cpu.train(train.X, train.y, train.num_classes);
  DeviceKnn gpu(dev);
  Status s = gpu.train(train.X, train.y, train.num_classes);
  REQUIRE_MESSAGE(s.is_ok(), s.message);
  for (Metric m : {Metric::L1, Metric::L2}) {
    CAPTURE(metric_name(m));
    const std::vector<std::vector<int>> ref = cpu.predict_many_k(test.X, ks, m);
    Result<std::vector<std::vector<int>>> got = gpu.predict_many_k(test.X, ks, m);
    REQUIRE_MESSAGE(got.ok(), got.status().message);
    for (size_t i = 0; i < ks.size(); ++i) {
      CAPTURE(ks[i]);
      CHECK((*got)[i] == ref[i]);
    }
  }
}

// PlaneLosses against LossGrid with Network<float>::loss, on a random plane through the weights
// after a few training steps: every grid value within rel_tol relative. Returns the largest.
inline double check_plane_losses(ComputeDevice& dev, std::shared_ptr<const DataSplits> data, const TrainDesc& desc,
                                 int rows, int grid, double rel_tol) {
  TrainingSession session(data, desc);
  for (int i = 0; i < 5; ++i) REQUIRE(session.step().is_ok());
  Network<float> net = session.network();
  const Plane plane = random_plane(net.params().value, net.params().tensors, 7);
  const GridRect rect{-1, 1, -0.5, 1.5};
  const Dataset& train = data->train;
  LossGrid ref(plane, rect, grid, grid, [&](const std::vector<float>& th) {
    net.params().value = th;
    return net.loss(train.X.ptr(), train.y.data(), rows).total();
  });
  while (!ref.done()) ref.advance(1 << 20);
  Result<std::unique_ptr<PlaneLosses>> pl = PlaneLosses::create(dev, session.network(), train.X.ptr(), train.y.data(), rows);
  REQUIRE_MESSAGE(pl.ok(), pl.status().message);
  Result<std::vector<double>> got = (*pl)->grid(plane, rect, grid, grid);
  REQUIRE_MESSAGE(got.ok(), got.status().message);
  REQUIRE(got->size() == ref.values().size());
  double worst = 0;
  for (size_t i = 0; i < got->size(); ++i)
    worst = std::max(worst, std::fabs((*got)[i] - ref.values()[i]) / std::fabs(ref.values()[i]));
  CHECK(worst <= rel_tol);
  return worst;
}

}  // namespace descent::compute::checks

namespace descent::compute::checks {

// Cross-validation of kNN with DeviceKnn against the CPU's: identical cells.
inline void check_knn_cross_validation(ComputeDevice& dev, const Dataset& train) {
  const std::vector<int> ks = {1, 3, 6};
  const std::vector<Metric> metrics = {Metric::L1, Metric::L2};
  const Result<std::vector<CvCell>> cpu = cross_validate_knn(train, ks, metrics, 3, 5);
  REQUIRE_MESSAGE(cpu.ok(), cpu.status().message);
  const std::vector<CvCell>& ref = *cpu;
  DeviceKnn knn(dev);
  Result<std::vector<CvCell>> got = cross_validate_knn(knn, train, ks, metrics, 3, 5);
  REQUIRE_MESSAGE(got.ok(), got.status().message);
  REQUIRE(got->size() == ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    CHECK((*got)[i].k == ref[i].k);
    CHECK((*got)[i].metric == ref[i].metric);
    CHECK((*got)[i].fold_acc == ref[i].fold_acc);
  }
}

}  // namespace descent::compute::checks
