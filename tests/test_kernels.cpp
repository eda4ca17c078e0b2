// test_kernels.cpp: every float SIMD kernel (gemm, activations, softmax, distances, optimizer
// updates) against its scalar reference, on random data (fixed seeds) over tail-heavy shapes, under
// every SIMD target compiled and supported here (natively: Highway's list; WASM: SIMD128), plus
// closed-form checks. Buffers are misaligned on purpose and fenced by sentinels to catch stray writes.
// Tolerances are stated per test as bounds in u = 2^-24 (float unit roundoff).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/kernels/activation.h"
#include "core/kernels/distance.h"
#include "core/kernels/gemm.h"
#include "core/kernels/penalty.h"
#include "core/kernels/simd_target.h"
#include "core/kernels/softmax.h"
#include "core/kernels/update.h"
#include "core/parallel/thread_pool.h"
#include "core/rng.h"

namespace {

using namespace descent;
using namespace descent::kernels;

constexpr double kU = 5.9604644775390625e-08;  // 2^-24
constexpr float kSentinel = 1.0e7f;             // guard value: large, so reading it spoils a result

// Runs body(target) once per SIMD target the kernels were compiled for and this CPU supports.
template <class Body>
void for_each_target(const Body& body) {
  for (const SimdTarget& t : simd_targets()) {
    force_simd_target(t.id);
    INFO("SIMD target " << std::string(t.name));
    body(t);
  }
  force_simd_target(0);
}

// n floats at a misaligned address (misalign floats past a 64-byte boundary), fenced on both sides
// by sentinels; intact() says whether anything outside [p, p+n) was written.
struct Guarded {
  static constexpr size_t kGuard = 40;
  std::vector<float> mem;
  size_t n = 0;
  float* p = nullptr;

  Guarded(size_t n_, size_t misalign) : n(n_) {
    mem.assign(n + 2 * kGuard + 32, kSentinel);
    float* base = mem.data() + kGuard;
    while (reinterpret_cast<uintptr_t>(base) % 64 != 0) ++base;
    p = base + misalign % 16;
  }
  bool intact() const {
    for (const float* q = mem.data(); q < p; ++q)
      if (*q != kSentinel) return false;
    for (const float* q = p + n; q < mem.data() + mem.size(); ++q)
      if (*q != kSentinel) return false;
    return true;
  }
  void fill_normal(Rng& rng, double scale) {
    for (size_t i = 0; i < n; ++i) p[i] = float(scale * rng.normal());
  }
  void copy_from(const std::vector<float>& v) {
    if (n > 0) std::memcpy(p, v.data(), n * sizeof(float));  // v.data() may be null when n == 0
  }
  std::vector<float> vec() const { return std::vector<float>(p, p + n); }
};

std::vector<float> normals(Rng& rng, size_t n, double scale) {
  std::vector<float> v(n);
  for (float& x : v) x = float(scale * rng.normal());
  return v;
}

// Worst ratio |fast - ref| / bound over a batch of comparisons; a ratio above 1 fails. A zero
// bound demands exact equality.
struct Worst {
  double ratio = 0.0;
  bool nan = false;
  void add(double fast, double ref, double bound) {
    if (std::isnan(fast) != std::isnan(ref)) nan = true;
    if (std::isnan(fast) || std::isnan(ref)) return;
    const double err = std::fabs(fast - ref);
    const double r = err == 0.0 ? 0.0 : (bound > 0.0 ? err / bound : std::numeric_limits<double>::infinity());
    if (r > ratio) ratio = r;
  }
  bool ok() const { return !nan && ratio <= 1.0; }
};

}  // namespace

TEST_CASE("kernels: SIMD targets are listed, switchable, and the best is chosen by default") {
  const std::vector<SimdTarget> targets = simd_targets();
  REQUIRE(!targets.empty());
  std::string names;
  for (const SimdTarget& t : targets) names += std::string(t.name) + " ";
  MESSAGE("kernels tests run on SIMD targets: " << names);
  for (const SimdTarget& t : targets) {
    force_simd_target(t.id);
    CHECK(std::string(simd_target_name()) == t.name);
  }
  force_simd_target(0);
  CHECK(std::string(simd_target_name()) == targets.front().name);
#ifdef __EMSCRIPTEN__
  CHECK(targets.size() == 1);
  CHECK(std::string(targets.front().name) == "WASM");
#endif
}

// ---- GEMM -----------------------------------------------------------------------------------------

namespace {

// Runs one gemm on `target`-independent data and compares to gemm_ref; bound per element:
// |fast - ref| <= 2 (K+2) u (sum_k |op(A)_ik| |op(B)_kj| + |beta C_ij|)  (recursive-summation bound).
Worst check_gemm(Trans ta, Trans tb, int M, int N, int K, float beta, Rng& rng, size_t misalign, bool* guards_ok) {
  const size_t sa = size_t(M) * size_t(K), sb = size_t(K) * size_t(N), sc = size_t(M) * size_t(N);
  Guarded A(sa, misalign), B(sb, misalign + 1), C(sc, misalign + 2);
  A.fill_normal(rng, 1.0);
  B.fill_normal(rng, 1.0);
  std::vector<float> c0 = normals(rng, sc, 1.0);
  if (beta == 0.f)  // beta 0 must not read C: poison it
    for (float& x : c0) x = std::numeric_limits<float>::quiet_NaN();
  C.copy_from(c0);
  gemm(ta, tb, M, N, K, A.p, B.p, beta, C.p);
  *guards_ok = A.intact() && B.intact() && C.intact();

  std::vector<float> ref = c0;
  gemm_ref(ta, tb, M, N, K, A.p, B.p, beta, ref.data());
  std::vector<double> absA(sa), absB(sb), mag(sc, 0.0);
  for (size_t i = 0; i < sa; ++i) absA[i] = std::fabs(double(A.p[i]));
  for (size_t i = 0; i < sb; ++i) absB[i] = std::fabs(double(B.p[i]));
  gemm_ref(ta, tb, M, N, K, absA.data(), absB.data(), 0.0, mag.data());
  Worst w;
  for (size_t i = 0; i < sc; ++i) {
    const double s = mag[i] + (beta == 0.f ? 0.0 : std::fabs(double(beta) * double(c0[i])));
    w.add(C.p[i], ref[i], 2.0 * (K + 2) * kU * s);
  }
  return w;
}

const char* trans_name(Trans ta, Trans tb) {
  if (ta == Trans::No) return tb == Trans::No ? "A*B" : "A*B^T";
  return tb == Trans::No ? "A^T*B" : "A^T*B^T";
}

}  // namespace

TEST_CASE("kernels: gemm matches gemm_ref for all transposes and tail sizes on every target") {
  const int sizes[] = {1, 2, 3, 7, 16, 17, 33};
  const float betas[] = {0.f, 1.f, -0.5f};
  struct Shape {
    int M, N, K;
  };
  // The last three reach the blocked paths: A copied into panels (K a multiple of 256, N >= 256),
  // several k blocks (K > 384, with a tail), several column blocks (N > 512), and the thread split.
  const Shape big[] = {{64, 100, 65}, {100, 64, 100}, {5, 130, 200}, {37, 3, 300}, {15, 15, 15},
                       {0, 5, 3},     {5, 0, 3},      {4, 5, 0},     {1, 1, 1000}, {37, 300, 512},
                       {9, 1100, 256}, {70, 40, 800}};
  double worst = 0.0;
  for_each_target([&](const SimdTarget&) {
    Rng rng(1234);
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes}) {
        size_t case_index = 0;
        auto run = [&](int M, int N, int K) {
          const float beta = betas[case_index % 3];
          bool guards_ok = false;
          const Worst w = check_gemm(ta, tb, M, N, K, beta, rng, case_index % 5, &guards_ok);
          ++case_index;
          if (!w.ok() || !guards_ok) {
            INFO(trans_name(ta, tb) << " M=" << M << " N=" << N << " K=" << K << " beta=" << beta
                                    << " worst err/bound=" << w.ratio << " nan mismatch=" << w.nan);
            CHECK(w.ok());
            CHECK(guards_ok);
          }
          if (w.ratio > worst) worst = w.ratio;
        };
        for (int M : sizes)
          for (int N : sizes)
            for (int K : sizes) run(M, N, K);
        for (const Shape& s : big) run(s.M, s.N, s.K);
      }
  });
  MESSAGE("gemm: worst |fast-ref| / (2(K+2)u sum|a||b|) = " << worst);
  CHECK(worst <= 1.0);
}

TEST_CASE("kernels: gemm gives bit-identical results with 1, 2 and 3 threads") {
  // Threads split the columns, never k, so every element is summed in the same order.
  const int saved = parallel::num_threads();
  Rng rng(99);
  for (const int M : {67, 300})
  for (Trans ta : {Trans::No, Trans::Yes})
    for (Trans tb : {Trans::No, Trans::Yes}) {
      const int N = 290, K = M == 300 ? 512 : 520;  // K = 512: A (not transposed) copied into panels
      const std::vector<float> A = normals(rng, size_t(M) * K, 1.0), B = normals(rng, size_t(K) * N, 1.0);
      std::vector<float> c1(size_t(M) * N), c2(c1.size()), c3(c1.size());
      parallel::set_num_threads(1);
      gemm(ta, tb, M, N, K, A.data(), B.data(), 0.f, c1.data());
      parallel::set_num_threads(2);
      gemm(ta, tb, M, N, K, A.data(), B.data(), 0.f, c2.data());
      parallel::set_num_threads(3);
      gemm(ta, tb, M, N, K, A.data(), B.data(), 0.f, c3.data());
      INFO(trans_name(ta, tb) << " M=" << M);
      CHECK(std::memcmp(c1.data(), c2.data(), c1.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(c1.data(), c3.data(), c1.size() * sizeof(float)) == 0);
    }
  parallel::set_num_threads(saved);
}

TEST_CASE("kernels: gemm of a known 2x3 by 3x2 product, every transpose layout, is exact") {
  const float A[] = {1, 2, 3, 4, 5, 6};     // (2,3)
  const float At[] = {1, 4, 2, 5, 3, 6};    // A^T stored (3,2)
  const float B[] = {7, 8, 9, 10, 11, 12};  // (3,2)
  const float Bt[] = {7, 9, 11, 8, 10, 12}; // B^T stored (2,3)
  const float want[] = {58, 64, 139, 154};
  for_each_target([&](const SimdTarget&) {
    for (Trans ta : {Trans::No, Trans::Yes})
      for (Trans tb : {Trans::No, Trans::Yes}) {
        float C[4] = {100, 100, 100, 100};
        gemm(ta, tb, 2, 2, 3, ta == Trans::No ? A : At, tb == Trans::No ? B : Bt, 0.f, C);
        INFO(trans_name(ta, tb));
        for (int i = 0; i < 4; ++i) CHECK(C[i] == want[i]);
        gemm(ta, tb, 2, 2, 3, ta == Trans::No ? A : At, tb == Trans::No ? B : Bt, 2.f, C);  // C = 2C + AB
        for (int i = 0; i < 4; ++i) CHECK(C[i] == 3 * want[i]);
      }
  });
  double Cd[4] = {0, 0, 0, 0};
  const double Ad[] = {1, 2, 3, 4, 5, 6}, Bd[] = {7, 8, 9, 10, 11, 12};
  gemm(Trans::No, Trans::No, 2, 2, 3, Ad, Bd, 0.0, Cd);  // the double overload
  for (int i = 0; i < 4; ++i) CHECK(Cd[i] == double(want[i]));
}

// ---- activations ----------------------------------------------------------------------------------

namespace {
const char* act_name(Activation a) {
  switch (a) {
    case Activation::Identity: return "identity";
    case Activation::ReLU: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
  }
  return "?";
}
// Forward bound: identity and ReLU exact; tanh and sigmoid within 1e-6 relative (plus 1e-37
// absolute for results in the subnormal range).
double forward_bound(Activation a, double ref) {
  if (a == Activation::Identity || a == Activation::ReLU) return 0.0;
  return 1e-6 * std::fabs(ref) + 1e-37;
}
}  // namespace

TEST_CASE("kernels: bias_activation_forward matches the reference on every target") {
  struct Shape {
    int N, C;
  };
  const Shape shapes[] = {{1, 1}, {3, 7}, {2, 15}, {5, 16}, {4, 17}, {3, 33}, {2, 64}, {7, 100}, {0, 5}, {5, 0},
                          {41, 2}, {37, 8}, {29, 10}};  // the last: the flat path with a tiled bias
  double worst = 0.0;
  for_each_target([&](const SimdTarget&) {
    Rng rng(77);
    size_t k = 0;
    for (Activation act : {Activation::Identity, Activation::ReLU, Activation::Tanh, Activation::Sigmoid})
      for (const Shape& s : shapes)
        for (bool with_bias : {false, true}) {
          const size_t n = size_t(s.N) * size_t(s.C);
          Guarded Z(n, k++ % 7), b(size_t(s.C), k % 5);
          Z.fill_normal(rng, 4.0);
          b.fill_normal(rng, 1.0);
          std::vector<float> ref = Z.vec();
          bias_activation_forward(s.N, s.C, Z.p, with_bias ? b.p : nullptr, act);
          bias_activation_forward_ref(s.N, s.C, ref.data(), with_bias ? b.p : static_cast<const float*>(nullptr), act);
          Worst w;
          for (size_t i = 0; i < n; ++i) w.add(Z.p[i], ref[i], forward_bound(act, ref[i]));
          INFO(act_name(act) << " N=" << s.N << " C=" << s.C << " bias=" << with_bias << " worst=" << w.ratio);
          CHECK(w.ok());
          CHECK(Z.intact());
          if (act == Activation::Tanh || act == Activation::Sigmoid) worst = std::fmax(worst, w.ratio);
        }
  });
  MESSAGE("tanh/sigmoid forward: worst |fast-ref| / (1e-6 |ref|) = " << worst);
}

TEST_CASE("kernels: tanh and sigmoid stay in range and accurate at extreme inputs") {
  const float xs[] = {-1e30f, -200.f, -104.f, -90.f, -88.f, -50.f, -20.f, -1e-20f, -0.f, 0.f,
                      1e-20f, 20.f,   50.f,   88.f,  90.f,  200.f, 1e30f};
  const int n = int(sizeof(xs) / sizeof(xs[0]));
  for_each_target([&](const SimdTarget&) {
    for (Activation act : {Activation::Tanh, Activation::Sigmoid}) {
      std::vector<float> z(xs, xs + n), ref(xs, xs + n);
      bias_activation_forward(1, n, z.data(), nullptr, act);
      bias_activation_forward_ref<float>(1, n, ref.data(), nullptr, act);
      for (int i = 0; i < n; ++i) {
        INFO(act_name(act) << " x=" << xs[i] << " fast=" << z[i] << " ref=" << ref[i]);
        CHECK(std::isfinite(z[i]));
        CHECK(z[i] >= (act == Activation::Tanh ? -1.f : 0.f));
        CHECK(z[i] <= 1.f);
        CHECK(std::fabs(double(z[i]) - double(ref[i])) <= 1e-6 * std::fabs(double(ref[i])) + 1e-37);
      }
    }
  });
}

TEST_CASE("kernels: activation_backward matches the reference on every target") {
  // Bounds: identity, ReLU exact; tanh 4u |dA| (1 + A^2); sigmoid 4u |dA| |A| (1 + |A|) (the
  // cancellation in 1 - A^2 or 1 - A is evaluated the same way; only FMA contraction may differ).
  const int shapes[][2] = {{1, 1}, {3, 7}, {2, 15}, {5, 16}, {4, 17}, {3, 33}, {7, 100}, {0, 3}};
  for_each_target([&](const SimdTarget&) {
    Rng rng(99);
    size_t k = 0;
    for (Activation act : {Activation::Identity, Activation::ReLU, Activation::Tanh, Activation::Sigmoid})
      for (const auto& s : shapes)
        for (bool in_place : {false, true}) {
          const int N = s[0], C = s[1];
          const size_t n = size_t(N) * size_t(C);
          Guarded A(n, k++ % 7), dA(n, k % 3), dZ(n, k % 5);
          A.fill_normal(rng, 2.0);
          bias_activation_forward_ref(N, C, A.p, static_cast<const float*>(nullptr), act);  // a real output
          if (act == Activation::ReLU && n > 0) A.p[0] = 0.f;  // the kink: gradient 0 there
          dA.fill_normal(rng, 1.0);
          const std::vector<float> a = A.vec(), g = dA.vec();
          std::vector<float> ref(n);
          activation_backward_ref(N, C, a.data(), g.data(), ref.data(), act);
          float* out = in_place ? dA.p : dZ.p;
          activation_backward(N, C, A.p, dA.p, out, act);
          Worst w;
          for (size_t i = 0; i < n; ++i) {
            const double ai = std::fabs(double(a[i])), gi = std::fabs(double(g[i]));
            double bound = 0.0;
            if (act == Activation::Tanh) bound = 4 * kU * gi * (1 + ai * ai);
            if (act == Activation::Sigmoid) bound = 4 * kU * gi * ai * (1 + ai);
            w.add(out[i], ref[i], bound);
          }
          INFO(act_name(act) << " N=" << N << " C=" << C << " in_place=" << in_place << " worst=" << w.ratio);
          CHECK(w.ok());
          CHECK(A.intact());
          CHECK(dA.intact());
          CHECK(dZ.intact());
        }
  });
}

TEST_CASE("kernels: column_sums matches the reference on every target") {
  // Bound: 2 (N+2) u (sum_i |X_ij| + |beta out_j|).
  const int Ns[] = {0, 1, 3, 17, 100};
  const int Cs[] = {1, 3, 7, 15, 16, 17, 33, 64, 100};
  for_each_target([&](const SimdTarget&) {
    Rng rng(5);
    size_t k = 0;
    for (int N : Ns)
      for (int C : Cs)
        for (float beta : {0.f, 1.5f}) {
          Guarded X(size_t(N) * size_t(C), k++ % 7), out(size_t(C), k % 3);
          X.fill_normal(rng, 1.0);
          out.fill_normal(rng, 1.0);
          if (beta == 0.f)
            for (int j = 0; j < C; ++j) out.p[j] = std::numeric_limits<float>::quiet_NaN();
          std::vector<float> ref = out.vec();
          const std::vector<float> old = ref;
          column_sums(N, C, X.p, beta, out.p);
          column_sums_ref(N, C, X.p, beta, ref.data());
          Worst w;
          for (int j = 0; j < C; ++j) {
            double mag = beta == 0.f ? 0.0 : std::fabs(double(beta) * double(old[j]));
            for (int i = 0; i < N; ++i) mag += std::fabs(double(X.p[size_t(i) * size_t(C) + size_t(j)]));
            w.add(out.p[j], ref[j], 2.0 * (N + 2) * kU * mag);
          }
          INFO("N=" << N << " C=" << C << " beta=" << beta << " worst=" << w.ratio);
          CHECK(w.ok());
          CHECK(X.intact());
          CHECK(out.intact());
        }
  });
}

// ---- softmax --------------------------------------------------------------------------------------

namespace {
const int kSoftmaxCs[] = {1, 2, 3, 7, 10, 15, 16, 17, 33, 64, 100, 1000};

// Scores: normal * 5, with one row shifted by +1000 (a naive exp overflows there).
std::vector<float> scores(Rng& rng, int N, int C) {
  std::vector<float> s = normals(rng, size_t(N) * size_t(C), 5.0);
  for (int j = 0; j < C; ++j) s[size_t(j)] += 1000.f;
  return s;
}
double row_max(const float* s, int C) {
  double m = s[0];
  for (int j = 1; j < C; ++j) m = std::fmax(m, double(s[j]));
  return m;
}
}  // namespace

TEST_CASE("kernels: softmax_rows matches the reference and rows sum to 1 on every target") {
  // Bounds: p_j within p_ref (C + 8 + 2|s_j - max|) u (exp 1 ulp, the float s_j - max, the row sum);
  // |sum_j p_j - 1| <= (C + 8) u (the exp errors cancel in the normalisation).
  for_each_target([&](const SimdTarget&) {
    Rng rng(2024);
    size_t k = 0;
    for (int C : kSoftmaxCs)
      for (int N : {1, 4})
        for (bool in_place : {false, true}) {
          const std::vector<float> s = scores(rng, N, C);
          const size_t n = s.size();
          Guarded S(n, k++ % 5), P(n, k % 3);
          S.copy_from(s);
          float* out = in_place ? S.p : P.p;
          softmax_rows(N, C, S.p, out);
          std::vector<float> ref(n);
          softmax_rows_ref(N, C, s.data(), ref.data());
          Worst w, wsum;
          for (int i = 0; i < N; ++i) {
            const float* si = s.data() + size_t(i) * size_t(C);
            const double m = row_max(si, C);
            double sum = 0.0;
            for (int j = 0; j < C; ++j) {
              const size_t idx = size_t(i) * size_t(C) + size_t(j);
              w.add(out[idx], ref[idx], double(ref[idx]) * (C + 8 + 2 * std::fabs(si[j] - m)) * kU + 1e-37);
              sum += out[idx];
            }
            wsum.add(sum, 1.0, (C + 8) * kU);
          }
          INFO("N=" << N << " C=" << C << " in_place=" << in_place << " worst=" << w.ratio << " sum worst="
                    << wsum.ratio);
          CHECK(w.ok());
          CHECK(wsum.ok());
          CHECK(S.intact());
          CHECK(P.intact());
        }
  });
}

TEST_CASE("kernels: softmax_cross_entropy matches the reference on every target") {
  // Bounds: loss within sum_rows (C + 8 + max_j |s_j - max|) u (+1e-12 for the double sums);
  // dS_j within |scale| (p_j (C + 8 + 2|s_j - max|) u + 2u |p_j - [j=y]|).
  const float scale = 0.25f;
  for_each_target([&](const SimdTarget&) {
    Rng rng(31);
    size_t k = 0;
    for (int C : kSoftmaxCs)
      for (int N : {1, 3, 8, 37}) {
        const std::vector<float> s = scores(rng, N, C);
        std::vector<int> y(static_cast<size_t>(N));
        for (int& label : y) label = int(rng.below(uint32_t(C)));
        const size_t n = s.size();
        Guarded S(n, k++ % 5), G(n, k % 3);
        S.copy_from(s);
        const double loss = softmax_cross_entropy(N, C, S.p, y.data(), scale, G.p);
        std::vector<float> gref(n);
        const double loss_ref = softmax_cross_entropy_ref(N, C, s.data(), y.data(), scale, gref.data());
        double loss_bound = 1e-12 * std::fabs(loss_ref);
        Worst wg;
        for (int i = 0; i < N; ++i) {
          const float* si = s.data() + size_t(i) * size_t(C);
          const double m = row_max(si, C);
          double spread = 0.0;
          for (int j = 0; j < C; ++j) {
            const size_t idx = size_t(i) * size_t(C) + size_t(j);
            const double d = std::fabs(si[j] - m);
            spread = std::fmax(spread, d);
            const double p = double(gref[idx]) / scale + (j == y[size_t(i)] ? 1.0 : 0.0);
            const double onehot_gap = std::fabs(p - (j == y[size_t(i)] ? 1.0 : 0.0));
            wg.add(G.p[idx], gref[idx], std::fabs(scale) * (p * (C + 8 + 2 * d) * kU + 2 * kU * onehot_gap) + 1e-37);
          }
          loss_bound += (C + 8 + spread) * kU;
        }
        INFO("N=" << N << " C=" << C << " loss=" << loss << " ref=" << loss_ref << " grad worst=" << wg.ratio);
        CHECK(std::fabs(loss - loss_ref) <= loss_bound);
        CHECK(wg.ok());
        CHECK(S.intact());
        CHECK(G.intact());

        // No gradient: the same loss. In place (dS == S): the same gradient, bit for bit.
        CHECK(softmax_cross_entropy(N, C, S.p, y.data(), scale, nullptr) == loss);
        CHECK(softmax_cross_entropy(N, C, S.p, y.data(), scale, S.p) == loss);
        CHECK(std::memcmp(S.p, G.p, n * sizeof(float)) == 0);
        CHECK(S.intact());
      }
  });
}

TEST_CASE("kernels: softmax closed forms: uniform scores give p = 1/C, loss N log C, gradient rows sum to 0") {
  for_each_target([&](const SimdTarget&) {
    for (int C : kSoftmaxCs) {
      const int N = 3;
      std::vector<float> s(size_t(N) * size_t(C), 3.75f), p(s.size()), g(s.size());
      const int y[] = {0, C - 1, C / 2};
      softmax_rows(N, C, s.data(), p.data());
      for (float v : p) CHECK(std::fabs(double(v) - 1.0 / C) <= 4 * kU / C);
      const double loss = softmax_cross_entropy(N, C, s.data(), y, 1.f, g.data());
      INFO("C=" << C << " loss=" << loss);
      CHECK(std::fabs(loss - N * std::log(double(C))) <= N * (C + 8) * kU);
      for (int i = 0; i < N; ++i) {
        double row = 0.0;
        for (int j = 0; j < C; ++j) row += g[size_t(i) * size_t(C) + size_t(j)];
        CHECK(std::fabs(row) <= 2 * (C + 8) * kU);
        if (C > 1) CHECK(g[size_t(i) * size_t(C) + size_t(y[i])] < 0.f);
      }
    }
    // Random scores: the gradient of each row still sums to 0 (softmax sums to 1, minus the one-hot).
    Rng rng(8);
    const int N = 4, C = 37;
    std::vector<float> s = normals(rng, size_t(N) * size_t(C), 3.0), g(s.size());
    const int y[] = {1, 5, 36, 0};
    softmax_cross_entropy(N, C, s.data(), y, 0.5f, g.data());
    for (int i = 0; i < N; ++i) {
      double row = 0.0;
      for (int j = 0; j < C; ++j) row += g[size_t(i) * size_t(C) + size_t(j)];
      CHECK(std::fabs(row) <= 0.5 * 2 * (C + 8) * kU);
    }
  });
}

TEST_CASE("kernels: softmax_cross_entropy with an out-of-range label gives NaN, never a stray read") {
  for_each_target([&](const SimdTarget&) {
    std::vector<float> s = {1.f, 2.f, 3.f};
    const int bad[] = {3};
    const int neg[] = {-1};
    CHECK(std::isnan(softmax_cross_entropy(1, 3, s.data(), bad, 1.f, nullptr)));
    CHECK(std::isnan(softmax_cross_entropy(1, 3, s.data(), neg, 1.f, nullptr)));
    CHECK(std::isnan(softmax_cross_entropy_ref(1, 3, s.data(), bad, 1.f, static_cast<float*>(nullptr))));
    // The row still gets the softmax part of the gradient: 0.5 * softmax(s).
    std::vector<float> g(3), p(3);
    CHECK(std::isnan(softmax_cross_entropy(1, 3, s.data(), bad, 0.5f, g.data())));
    softmax_rows(1, 3, s.data(), p.data());
    for (int j = 0; j < 3; ++j) CHECK(std::fabs(g[size_t(j)] - 0.5f * p[size_t(j)]) <= 2 * kU * p[size_t(j)]);
  });
}

// ---- distances ------------------------------------------------------------------------------------

TEST_CASE("kernels: L2-squared and L1 distances match the references on every target") {
  // Bound: 2 (D + 4) u ref (a sum of non-negative terms, each with a few roundings).
  const int Ds[] = {0, 1, 3, 7, 15, 16, 17, 33, 64, 100, 784};
  for_each_target([&](const SimdTarget&) {
    Rng rng(4242);
    size_t k = 0;
    for (int nq : {1, 5, 9})
      for (int nx : {1, 4, 7})
        for (int D : Ds) {
          Guarded Q(size_t(nq) * size_t(D), k++ % 5), X(size_t(nx) * size_t(D), k % 3),
              out(size_t(nq) * size_t(nx), k % 7);
          Q.fill_normal(rng, 1.0);
          X.fill_normal(rng, 1.0);
          if (D > 0 && nx > 1)  // query 0 equals training row 1: distance exactly 0
            std::memcpy(X.p + size_t(D), Q.p, size_t(D) * sizeof(float));
          std::vector<float> ref(out.n);
          for (int metric = 0; metric < 2; ++metric) {
            if (metric == 0) {
              l2_squared_distances(nq, nx, D, Q.p, X.p, out.p);
              l2_squared_distances_ref(nq, nx, D, Q.p, X.p, ref.data());
            } else {
              l1_distances(nq, nx, D, Q.p, X.p, out.p);
              l1_distances_ref(nq, nx, D, Q.p, X.p, ref.data());
            }
            Worst w;
            for (size_t i = 0; i < out.n; ++i) w.add(out.p[i], ref[i], 2.0 * (D + 4) * kU * ref[i]);
            INFO((metric == 0 ? "L2^2" : "L1") << " nq=" << nq << " nx=" << nx << " D=" << D << " worst=" << w.ratio);
            CHECK(w.ok());
            if (D > 0 && nx > 1) CHECK(out.p[1] == 0.f);
            CHECK(Q.intact());
            CHECK(X.intact());
            CHECK(out.intact());
          }
        }
  });
  // Closed form: q = 0, x = (1, 2, 2): |q-x|^2 = 9, |q-x|_1 = 5.
  const float q[] = {0, 0, 0}, x[] = {1, 2, 2};
  for_each_target([&](const SimdTarget&) {
    float d2 = -1.f, d1 = -1.f;
    l2_squared_distances(1, 1, 3, q, x, &d2);
    l1_distances(1, 1, 3, q, x, &d1);
    CHECK(d2 == 9.f);
    CHECK(d1 == 5.f);
  });
}

TEST_CASE("kernels: byte-image L1 and L2 distances equal the integer references on every target") {
  // Exact integer arithmetic: no tolerance. Dimensions cover the vector tails of 16..64-byte
  // vectors; nx spans the 4x4 tiles, the edge rows/columns and several training blocks (D = 784).
  struct Shape {
    int nq, nx, D;
  };
  const Shape shapes[] = {{1, 1, 1}, {5, 7, 3}, {9, 6, 17}, {4, 4, 64}, {6, 9, 100}, {3, 700, 784}, {7, 5, 2000}, {0, 3, 5}, {3, 0, 5}, {2, 3, 0}};
  for_each_target([&](const SimdTarget&) {
    Rng rng(808);
    for (const Shape& s : shapes) {
      std::vector<uint8_t> Q(size_t(s.nq) * size_t(s.D)), X(size_t(s.nx) * size_t(s.D));
      for (uint8_t& v : Q) v = uint8_t(rng.below(256));
      for (uint8_t& v : X) v = uint8_t(rng.below(256));
      if (s.nq > 0 && s.nx > 1 && s.D > 0) std::memcpy(X.data() + s.D, Q.data(), size_t(s.D));  // a zero distance
      if (s.nq > 1 && s.nx > 2 && s.D > 0) {  // the extremes: all 0 against all 255
        std::memset(Q.data() + s.D, 0, size_t(s.D));
        std::memset(X.data() + 2 * size_t(s.D), 255, size_t(s.D));
      }
      const size_t n = size_t(s.nq) * size_t(s.nx);
      std::vector<uint32_t> out(n + 1, 0xDEADBEEFu), ref(n, 0);
      l1_distances_u8(s.nq, s.nx, s.D, Q.data(), X.data(), out.data());
      l1_distances_u8_ref(s.nq, s.nx, s.D, Q.data(), X.data(), ref.data());
      INFO("nq=" << s.nq << " nx=" << s.nx << " D=" << s.D);
      CHECK(std::equal(ref.begin(), ref.end(), out.begin()));
      CHECK(out[n] == 0xDEADBEEFu);
      l2_squared_distances_u8(s.nq, s.nx, s.D, Q.data(), X.data(), out.data());
      l2_squared_distances_u8_ref(s.nq, s.nx, s.D, Q.data(), X.data(), ref.data());
      CHECK(std::equal(ref.begin(), ref.end(), out.begin()));
      CHECK(out[n] == 0xDEADBEEFu);
      if (s.nq > 1 && s.nx > 2 && s.D > 0) {
        CHECK(out[size_t(s.nx) + 2] == uint32_t(s.D) * 255u * 255u);
        CHECK(out[1] == 0u);
      }
    }
  });
}

TEST_CASE("kernels: unit_floats_to_bytes inverts float(b)/255 exactly and rejects anything else") {
  for_each_target([&](const SimdTarget&) {
    for (long n : {0L, 1L, 15L, 16L, 17L, 100L, 1000L}) {
      std::vector<float> x(static_cast<size_t>(n));
      std::vector<uint8_t> want(static_cast<size_t>(n)), got(static_cast<size_t>(n) + 1, 7);
      for (long i = 0; i < n; ++i) {
        want[size_t(i)] = uint8_t((i * 37) % 256);
        x[size_t(i)] = float(want[size_t(i)]) / 255.0f;
      }
      INFO("n=" << n);
      CHECK(unit_floats_to_bytes(n, x.data(), got.data()));
      CHECK(std::equal(want.begin(), want.end(), got.begin()));
      CHECK(got[size_t(n)] == 7);  // nothing written past n
      if (n == 0) continue;
      const float bad[] = {std::nextafter(x[size_t(n - 1)], 2.f), -1.f / 255.f, 256.f / 255.f, 0.5f,
                           std::numeric_limits<float>::quiet_NaN(), 2.f};
      for (float b : bad) {
        std::vector<float> y = x;
        y[size_t(n - 1)] = b;
        CHECK_FALSE(unit_floats_to_bytes(n, y.data(), got.data()));
        CHECK_FALSE(unit_floats_to_bytes_ref(n, y.data(), got.data()));
      }
    }
  });
}

// ---- optimizer updates ----------------------------------------------------------------------------

namespace {

// Counts elements that differ from the reference in any bit (expected 0 where MulAdd is a fused
// FMA, as on AVX2/AVX3; a few where it rounds twice).
size_t bit_differences(const float* a, const float* b, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) count += std::memcmp(a + i, b + i, sizeof(float)) != 0;
  return count;
}

}  // namespace

TEST_CASE("kernels: optimizer updates match the references on every target") {
  // One step from a random state; bounds derived from the evaluation order (update.h):
  //   sgd       p:   2u (|p| + |lr g|)
  //   momentum  buf: 2u (|mu buf| + |g|);   p: 6u (|p| + lr |dir|)
  //   adagrad   sum: 2u sum';               p: 6u (|p| + |lr g| / den)
  //   rmsprop   sq:  4u sq';                p: 6u (|p| + |lr g| / den)
  //   adam      m:   4u (|b1 m| + |(1-b1) g|);  v: 4u v';  p: 8u (|p| + step (|b1 m| + |(1-b1) g|) / den)
  const int ns[] = {0, 1, 3, 7, 15, 16, 17, 33, 64, 100, 1000};
  const float lr = 0.01f, mu = 0.9f, alpha = 0.99f, eps = 1e-8f, b1 = 0.9f, b2 = 0.999f;
  const int t = 3;
  const float bc1 = float(1.0 - std::pow(double(b1), t)), bc2 = float(1.0 - std::pow(double(b2), t));
  std::ostringstream bits;
  for_each_target([&](const SimdTarget& target) {
    Rng rng(606);
    size_t differ = 0, total = 0;
    size_t k = 0;
    for (int n : ns) {
      const size_t un = size_t(n);
      const std::vector<float> p0 = normals(rng, un, 1.0), g = normals(rng, un, 1.0), m0 = normals(rng, un, 0.1);
      std::vector<float> sq0(un);
      for (float& x : sq0) x = float(std::pow(rng.normal(), 2.0));
      auto fresh = [&](const std::vector<float>& v) {
        Guarded out(un, k++ % 7);
        out.copy_from(v);
        return out;
      };
      INFO("n=" << n);

      {  // SGD
        Guarded p = fresh(p0);
        std::vector<float> pr = p0;
        sgd_update(n, p.p, g.data(), lr);
        sgd_update_ref(n, pr.data(), g.data(), lr);
        Worst w;
        for (size_t i = 0; i < un; ++i) w.add(p.p[i], pr[i], 2 * kU * (std::fabs(p0[i]) + std::fabs(lr * g[i])));
        CHECK(w.ok());
        CHECK(p.intact());
        differ += bit_differences(p.p, pr.data(), un);
        total += un;
      }
      for (bool nesterov : {false, true}) {  // momentum
        Guarded p = fresh(p0), buf = fresh(m0);
        std::vector<float> pr = p0, br = m0;
        momentum_update(n, p.p, g.data(), buf.p, lr, mu, nesterov);
        momentum_update_ref(n, pr.data(), g.data(), br.data(), lr, mu, nesterov);
        Worst wb, wp;
        for (size_t i = 0; i < un; ++i) {
          const double bmag = std::fabs(mu * m0[i]) + std::fabs(g[i]);
          const double dir = nesterov ? std::fabs(g[i]) + mu * bmag : bmag;
          wb.add(buf.p[i], br[i], 2 * kU * bmag);
          wp.add(p.p[i], pr[i], 6 * kU * (std::fabs(p0[i]) + lr * dir));
        }
        INFO("momentum nesterov=" << nesterov);
        CHECK(wb.ok());
        CHECK(wp.ok());
        CHECK(p.intact());
        CHECK(buf.intact());
        differ += bit_differences(p.p, pr.data(), un) + bit_differences(buf.p, br.data(), un);
        total += 2 * un;
      }
      {  // Adagrad
        Guarded p = fresh(p0), sum = fresh(sq0);
        std::vector<float> pr = p0, sr = sq0;
        adagrad_update(n, p.p, g.data(), sum.p, lr, eps);
        adagrad_update_ref(n, pr.data(), g.data(), sr.data(), lr, eps);
        Worst ws, wp;
        for (size_t i = 0; i < un; ++i) {
          ws.add(sum.p[i], sr[i], 2 * kU * sr[i]);
          const double den = std::sqrt(double(sr[i])) + eps;
          wp.add(p.p[i], pr[i], 6 * kU * (std::fabs(p0[i]) + std::fabs(lr * g[i]) / den));
        }
        INFO("adagrad");
        CHECK(ws.ok());
        CHECK(wp.ok());
        CHECK(p.intact());
        CHECK(sum.intact());
        differ += bit_differences(p.p, pr.data(), un) + bit_differences(sum.p, sr.data(), un);
        total += 2 * un;
      }
      {  // RMSprop
        Guarded p = fresh(p0), sq = fresh(sq0);
        std::vector<float> pr = p0, sr = sq0;
        rmsprop_update(n, p.p, g.data(), sq.p, lr, alpha, eps);
        rmsprop_update_ref(n, pr.data(), g.data(), sr.data(), lr, alpha, eps);
        Worst ws, wp;
        for (size_t i = 0; i < un; ++i) {
          ws.add(sq.p[i], sr[i], 4 * kU * sr[i]);
          const double den = std::sqrt(double(sr[i])) + eps;
          wp.add(p.p[i], pr[i], 6 * kU * (std::fabs(p0[i]) + std::fabs(lr * g[i]) / den));
        }
        INFO("rmsprop");
        CHECK(ws.ok());
        CHECK(wp.ok());
        CHECK(p.intact());
        CHECK(sq.intact());
        differ += bit_differences(p.p, pr.data(), un) + bit_differences(sq.p, sr.data(), un);
        total += 2 * un;
      }
      {  // Adam
        Guarded p = fresh(p0), m = fresh(m0), v = fresh(sq0);
        std::vector<float> pr = p0, mr = m0, vr = sq0;
        adam_update(n, p.p, g.data(), m.p, v.p, lr, b1, b2, eps, bc1, bc2);
        adam_update_ref(n, pr.data(), g.data(), mr.data(), vr.data(), lr, b1, b2, eps, bc1, bc2);
        Worst wm, wv, wp;
        for (size_t i = 0; i < un; ++i) {
          const double mmag = std::fabs(b1 * m0[i]) + std::fabs((1 - b1) * g[i]);
          const double den = std::sqrt(double(vr[i])) / std::sqrt(double(bc2)) + eps;
          wm.add(m.p[i], mr[i], 4 * kU * mmag);
          wv.add(v.p[i], vr[i], 4 * kU * vr[i]);
          wp.add(p.p[i], pr[i], 8 * kU * (std::fabs(p0[i]) + (lr / bc1) * mmag / den));
        }
        INFO("adam");
        CHECK(wm.ok());
        CHECK(wv.ok());
        CHECK(wp.ok());
        CHECK(p.intact());
        CHECK(m.intact());
        CHECK(v.intact());
        differ += bit_differences(p.p, pr.data(), un) + bit_differences(m.p, mr.data(), un) +
                  bit_differences(v.p, vr.data(), un);
        total += 3 * un;
      }
    }
    bits << target.name << ": " << differ << "/" << total << "  ";
  });
  MESSAGE("update kernels, values differing in any bit from the reference (within bounds): " << bits.str());
}

TEST_CASE("kernels: optimizer update closed forms") {
  for_each_target([&](const SimdTarget&) {
    // SGD: 1 - 0.5 * 2 = 0 exactly.
    std::vector<float> p(19, 1.f), g(19, 2.f);
    sgd_update(19, p.data(), g.data(), 0.5f);
    for (float x : p) CHECK(x == 0.f);
    // Adam's first step (m = v = 0, t = 1) moves each weight by lr * sign(g) (up to eps/|g|).
    Rng rng(3);
    const int n = 37;
    const float lr = 0.001f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    std::vector<float> p0 = normals(rng, n, 1.0), gr = normals(rng, n, 1.0), m(n, 0.f), v(n, 0.f);
    for (float& x : gr) x = x >= 0 ? x + 0.1f : x - 0.1f;  // |g| >= 0.1
    std::vector<float> pa = p0;
    adam_update(n, pa.data(), gr.data(), m.data(), v.data(), lr, b1, b2, eps, 1.f - b1, 1.f - b2);
    for (int i = 0; i < n; ++i) {
      const double want = double(p0[size_t(i)]) - lr * (gr[size_t(i)] > 0 ? 1.0 : -1.0);
      CHECK(std::fabs(double(pa[size_t(i)]) - want) <= 1e-5 * lr + 2 * kU * std::fabs(want));
    }
  });
}

// ---- the L2 penalty -------------------------------------------------------------------------------

TEST_CASE("kernels: l2_penalty's gradient equals the reference bit for bit on every target") {
  // The gradient term is a double expression rounded once on both sides: exact equality. The
  // returned lambda * sum W^2 differs only in the order of a double sum: 1e-12 relative.
  for_each_target([&](const SimdTarget&) {
    Rng rng(5150);
    for (int n : {0, 1, 3, 7, 16, 17, 100, 1001}) {
      const std::vector<float> W = normals(rng, size_t(n), 1.0), g0 = normals(rng, size_t(n), 0.1);
      std::vector<float> g = g0, gref = g0;
      const double r = l2_penalty(n, W.data(), g.data(), 5e-5);
      const double rref = l2_penalty_ref(n, W.data(), gref.data(), 5e-5);
      INFO("n=" << n);
      CHECK(bit_differences(g.data(), gref.data(), size_t(n)) == 0);
      CHECK(std::fabs(r - rref) <= 1e-12 * std::fabs(rref));
      std::vector<float> untouched = g0;
      CHECK(l2_penalty(n, W.data(), nullptr, 5e-5) == r);
      CHECK(std::fabs(l2_penalty(n, W.data(), untouched.data(), 0.0)) == 0.0);
    }
  });
}

TEST_CASE("kernels: large optimizer updates split across threads give the one-thread result") {
  const int saved = parallel::num_threads();
  Rng rng(4711);
  const int n = 100003;  // above the split threshold, not a multiple of the pieces
  const std::vector<float> p0 = normals(rng, size_t(n), 1.0), g = normals(rng, size_t(n), 0.1),
                           m0 = normals(rng, size_t(n), 0.1);
  std::vector<float> v0 = normals(rng, size_t(n), 0.01);
  for (float& x : v0) x = x * x;
  std::vector<std::vector<float>> results;
  for (int threads : {1, 2, 3}) {
    parallel::set_num_threads(threads);
    std::vector<float> p = p0, buf = m0, m = m0, v = v0, q = p0;
    momentum_update(n, p.data(), g.data(), buf.data(), 0.05f, 0.9f, false);
    adam_update(n, q.data(), g.data(), m.data(), v.data(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
    sgd_update(n, q.data(), g.data(), 0.01f);
    p.insert(p.end(), q.begin(), q.end());
    p.insert(p.end(), buf.begin(), buf.end());
    results.push_back(p);
  }
  parallel::set_num_threads(saved);
  CHECK(bit_differences(results[0].data(), results[1].data(), results[0].size()) == 0);
  CHECK(bit_differences(results[0].data(), results[2].data(), results[0].size()) == 0);
}
