// gemm.cpp: the float GEMM, written once with Highway and compiled per SIMD target (runtime
// dispatch natively; only the static SIMD128 target under Emscripten, DESCENT_HWY_STATIC=1), and
// the double overload, which is the scalar reference gemm_ref. See gemm.h for the contract.
// Structure (Goto/BLIS): op(B) is packed, kc rows at a time, into k-major panels NR = NV vectors
// wide (zero-padded; transposed on the fly, L x L in registers, when B is stored (N,K)); a register
// tile of MR rows x NR columns broadcasts op(A)[i,k] (read in place, or from MR-row panels when A's
// row stride is a multiple of 256 floats) and multiply-adds along the panel. Threads take whole
// column panels, never k: every thread count gives bit-identical results. Buffers are per thread and only grow: a
// training step at a fixed shape allocates nothing.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/gemm.cpp"
#include "core/kernels/hwy_targets.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/kernels/gemm.h"
#include "core/kernels/simd-inl.h"
#include "core/parallel/thread_pool.h"

#ifndef DESCENT_KERNELS_GEMM_ONCE_
#define DESCENT_KERNELS_GEMM_ONCE_
namespace descent::kernels::detail {
// A per-thread scratch buffer of floats, 64-byte aligned, that only grows.
inline float* scratch(std::vector<float>& v, size_t n) {
  if (v.size() < n + 16) v.resize(n + 16);
  float* p = v.data();
  while (reinterpret_cast<uintptr_t>(p) % 64 != 0) ++p;
  return p;
}
}  // namespace descent::kernels::detail
#endif

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

using DF = hn::ScalableTag<float>;

// Register tile: MR rows x NV vectors. AVX-512 has 32 vector registers (16 accumulators + loads);
// the 16-register targets (AVX2, SSE4, WASM) take half the rows.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr int kMR = 8;
#else
constexpr int kMR = 4;
#endif
constexpr int kNV = 2;
// Block sizes, tuned on AVX-512 (Zen 5, 48 KiB L1, 1 MiB L2): a kc x NR panel of B (48 KiB) is
// reused from L1 by every row tile, a kc x nc block (768 KiB) from L2, kMC rows of packed A (384
// KiB) from L2 across the column panels.
constexpr size_t kKC = 384;  // k rows per packed block
constexpr size_t kNC = 512;  // columns per packed block
constexpr size_t kMC = 256;  // rows of A packed at a time (when A is packed)

// C tile (rows x ncols at c, row stride ldc) = beta*C + sum_k A[r,k] * Bp[k*ldb + col]: Bp is a
// packed panel (ldb = NV*L, aligned) or B itself (row stride ldb). rows <= MR (compile-time R),
// ncols <= NV*L. beta == 0 never reads C.
template <int R, int NV, bool kKMajor>
HWY_INLINE void MicroTile(DF d, size_t kc, const float* HWY_RESTRICT a, size_t lda,
                          const float* HWY_RESTRICT bp, size_t ldb, float* HWY_RESTRICT c, size_t ldc,
                          size_t ncols, float beta) {
  using V = hn::Vec<DF>;
  const size_t L = hn::Lanes(d);
  V acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = hn::Zero(d);
  for (size_t k = 0; k < kc; ++k) {
    V b[NV];
    for (int v = 0; v < NV; ++v) b[v] = hn::LoadU(d, bp + k * ldb + size_t(v) * L);
    for (int r = 0; r < R; ++r) {
      const V av = hn::Set(d, kKMajor ? a[k * lda + size_t(r)] : a[size_t(r) * lda + k]);
      for (int v = 0; v < NV; ++v) acc[r][v] = hn::MulAdd(av, b[v], acc[r][v]);
    }
  }
  for (int r = 0; r < R; ++r) {
    float* row = c + size_t(r) * ldc;
    for (int v = 0; v < NV; ++v) {
      const size_t col = size_t(v) * L;
      if (col >= ncols) break;
      const size_t count = std::min(L, ncols - col);
      V out = acc[r][v];
      if (beta != 0.f) out = hn::MulAdd(hn::Set(d, beta), LoadUpTo(d, row + col, count), out);
      StoreUpTo(d, out, row + col, count);
    }
  }
}

// One packed panel against rows [0, m) of the A block: full MR tiles, then one short tile. The
// tile starting at row i reads A from a + (i / MR) * tile_step with row/k strides as kKMajor says.
template <int NV, bool kKMajor>
HWY_INLINE void PanelTimesRows(DF d, size_t m, size_t kc, const float* a, size_t lda, size_t tile_step,
                               const float* bp, size_t ldb, float* c, size_t ldc, size_t ncols, float beta) {
  size_t i = 0;
  for (; i + kMR <= m; i += kMR, a += tile_step)
    MicroTile<kMR, NV, kKMajor>(d, kc, a, lda, bp, ldb, c + i * ldc, ldc, ncols, beta);
  const size_t rest = m - i;
  if (rest == 0) return;
  float* ci = c + i * ldc;
  switch (rest) {
    case 1: MicroTile<1, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
    case 2: MicroTile<2, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
    case 3: MicroTile<3, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
    case 4: MicroTile<4, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
    case 5: MicroTile<5, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
    case 6: MicroTile<6, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
    case 7: MicroTile<7, NV, kKMajor>(d, kc, a, lda, bp, ldb, ci, ldc, ncols, beta); break;
#endif
    default: break;
  }
}

// Transposes the L x L block held in rows[0..L) (row i = L consecutive floats) in registers:
// log2(L) rounds of even/odd lane deinterleaving (each round rotates the bits of the (row, lane)
// index by one, so log2(L) rounds swap row and lane).
// (Unqualified calls, found by argument-dependent lookup: the one-lane target has no ConcatEven.)
template <class D, class V>
HWY_INLINE void TransposeSquare(D d, V* rows) {
  const size_t L = hn::Lanes(d);
  if constexpr (hn::MaxLanes(D()) > 1) {
    HWY_ALIGN V tmp[hn::MaxLanes(D())];
    for (size_t w = L; w > 1; w /= 2) {
      for (size_t i = 0; i < L / 2; ++i) {
        tmp[i] = ConcatEven(d, rows[2 * i + 1], rows[2 * i]);
        tmp[L / 2 + i] = ConcatOdd(d, rows[2 * i + 1], rows[2 * i]);
      }
      for (size_t i = 0; i < L; ++i) rows[i] = tmp[i];
    }
  }
}

// Packs op(B)[k0 : k0+kc, j0 : j0+nc] into panels of width w = NV*L (the last, if at most L
// columns remain, of width L), k-major, zero-padded: panel p starts at out + (offset of p).
// B stored (K,N) row-major (!trans) or (N,K) (trans), ldb its row stride.
HWY_INLINE void PackB(DF d, bool trans, const float* B, size_t ldb, size_t k0, size_t kc, size_t j0, size_t nc,
                      float* out) {
  const size_t L = hn::Lanes(d);
  const size_t full = size_t(kNV) * L;
  for (size_t jp = 0; jp < nc; jp += full) {
    const size_t cols = std::min(full, nc - jp);
    const size_t w = cols <= L ? L : full;
    float* panel = out + jp * kc;  // every earlier panel is `full` wide
    if (!trans) {
      for (size_t k = 0; k < kc; ++k) {
        const float* src = B + (k0 + k) * ldb + j0 + jp;
        for (size_t c = 0; c < w; c += L) {
          const size_t count = c < cols ? std::min(L, cols - c) : 0;
          hn::Store(count ? LoadUpTo(d, src + c, count) : hn::Zero(d), d, panel + k * w + c);
        }
      }
      continue;
    }
    // op(B)[k, j] = B[j*ldb + k]: L x L blocks of (j, k) transposed to (k, j).
    using V = hn::Vec<DF>;
    HWY_ALIGN V rows[hn::MaxLanes(DF())];
    for (size_t c = 0; c < w; c += L) {
      for (size_t k = 0; k < kc; k += L) {
        const size_t kcount = std::min(L, kc - k);
        for (size_t r = 0; r < L; ++r) {
          const size_t j = c + r;
          rows[r] = j < cols ? LoadUpTo(d, B + (j0 + jp + j) * ldb + k0 + k, kcount) : hn::Zero(d);
        }
        TransposeSquare(d, rows);
        for (size_t t = 0; t < kcount; ++t) hn::Store(rows[t], d, panel + (k + t) * w + c);
      }
    }
  }
}

// Packs rows [i0, i0+m) x k [k0, k0+kc) of a row-major A (row stride lda) into panels of MR
// rows, k-major inside a panel: panel p holds A[i0 + p*MR + r, k0 + k] at out[p*MR*kc + k*MR + r].
// L rows x L k at a time are transposed in registers (L/MR panels per transpose).
template <class D>
HWY_INLINE void PackA(D d, const float* A, size_t lda, size_t i0, size_t m, size_t k0, size_t kc, float* out) {
  const size_t L = hn::Lanes(d);
  const size_t panel = size_t(kMR) * kc;
  size_t i = 0;
  if constexpr (hn::MaxLanes(D()) >= size_t(kMR)) {
    using V = hn::Vec<D>;
    HWY_ALIGN V rows[hn::MaxLanes(D())];
    for (; i < m; i += L) {  // rows past m are zeros (the buffer has room for m rounded up to L)
      for (size_t k = 0; k < kc; k += L) {
        const size_t kcount = std::min(L, kc - k);
        for (size_t r = 0; r < L; ++r)
          rows[r] = i + r < m ? LoadUpTo(d, A + (i0 + i + r) * lda + k0 + k, kcount) : hn::Zero(d);
        TransposeSquare(d, rows);
        float* dst = out + (i / size_t(kMR)) * panel + k * size_t(kMR);
        if (L == size_t(kMR)) {
          for (size_t t = 0; t < kcount; ++t) hn::Store(rows[t], d, dst + t * size_t(kMR));
        } else {  // L == 2 MR: the low half of each vector belongs to this panel, the high to the next
          const hn::Half<D> dh;
          for (size_t t = 0; t < kcount; ++t) {  // (unqualified: the one-lane target has no UpperHalf)
            hn::StoreU(LowerHalf(dh, rows[t]), dh, dst + t * size_t(kMR));
            hn::StoreU(UpperHalf(dh, rows[t]), dh, dst + panel + t * size_t(kMR));
          }
        }
      }
    }
  }
  for (; i < m; i += size_t(kMR)) {  // what is left (and one-lane targets): scalar
    float* dst = out + (i / size_t(kMR)) * panel;
    for (size_t k = 0; k < kc; ++k)
      for (size_t r = 0; r < size_t(kMR); ++r)
        dst[k * size_t(kMR) + r] = i + r < m ? A[(i0 + i + r) * lda + k0 + k] : 0.f;
  }
}

struct GemmArgs {
  bool ta, tb;
  size_t M, N, K;
  const float* A;
  const float* B;
  float beta;
  float* C;
  bool pack_a;      // copy row blocks of A into MR-row panels
  bool b_in_place;  // read full column panels of B (stored (K,N)) without packing them
};

// Packs op(B)[pc : pc+kc, jc + jp0 : jc + jp1) (jp0, jp1 panel boundaries, or jp1 = nc) into the
// block buffer bp (panel jp at bp + jp*kc). With b_in_place only the last, partial panel is copied.
HWY_INLINE void PackBlockB(DF d, const GemmArgs& g, size_t pc, size_t kc, size_t jc, size_t jp0, size_t jp1,
                           float* bp) {
  const size_t full = size_t(kNV) * hn::Lanes(d);
  if (g.b_in_place) {
    const size_t tail = std::max(jp0, jp1 / full * full);
    if (tail < jp1) PackB(d, false, g.B, g.N, pc, kc, jc + tail, jp1 - tail, bp + tail * kc);
    return;
  }
  if (jp0 < jp1) PackB(d, g.tb, g.B, g.tb ? g.K : g.N, pc, kc, jc + jp0, jp1 - jp0, bp + jp0 * kc);
}

// C[i0 : i1, jc : jc+nc] (+)= op(A)[i0 : i1, pc : pc+kc] · (the packed block bp), row blocks of
// at most kMC when A is packed (into this thread's buffer).
void RowsTimesBlock(DF d, const GemmArgs& g, size_t i0, size_t i1, size_t pc, size_t kc, size_t jc, size_t nc,
                    const float* bp, float beta) {
  const size_t L = hn::Lanes(d);
  const size_t full = size_t(kNV) * L;
  static thread_local std::vector<float> abuf;
  const size_t lda = g.ta ? g.M : g.K;
  const size_t mc_step = g.pack_a ? kMC : i1 - i0;
  for (size_t ic = i0; ic < i1; ic += mc_step) {
    const size_t mc = std::min(mc_step, i1 - ic);
    // The A block: op(A)[ic + r, pc + k]; the tile at row i reads from a + (i/MR) * step.
    const float* a;
    size_t a_ld, step;
    bool kmajor;
    if (g.pack_a) {
      float* ap = detail::scratch(abuf, ((mc + L - 1) / L * L + size_t(kMR)) * kc);
      PackA(d, g.A, lda, ic, mc, pc, kc, ap);
      a = ap;
      a_ld = size_t(kMR);
      step = size_t(kMR) * kc;
      kmajor = true;
    } else if (g.ta) {
      a = g.A + pc * lda + ic;  // A stored (K,M): op(A)[i,k] = A[k*M + i]
      a_ld = lda;
      step = size_t(kMR);
      kmajor = true;
    } else {
      a = g.A + ic * lda + pc;
      a_ld = lda;
      step = size_t(kMR) * lda;
      kmajor = false;
    }
    float* c = g.C + ic * g.N + jc;
    for (size_t jp = 0; jp < nc; jp += full) {
      const size_t cols = std::min(full, nc - jp);
      // A full panel of an unpacked B is read in place (row stride N); otherwise the packed copy.
      const bool in_place = g.b_in_place && cols == full;
      const float* panel = in_place ? g.B + pc * g.N + jc + jp : bp + jp * kc;
      const size_t ldb = in_place ? g.N : (cols <= L ? L : full);
      float* cp = c + jp;
      if (cols <= L) {
        if (kmajor) PanelTimesRows<1, true>(d, mc, kc, a, a_ld, step, panel, ldb, cp, g.N, cols, beta);
        else PanelTimesRows<1, false>(d, mc, kc, a, a_ld, step, panel, ldb, cp, g.N, cols, beta);
      } else {
        if (kmajor) PanelTimesRows<kNV, true>(d, mc, kc, a, a_ld, step, panel, ldb, cp, g.N, cols, beta);
        else PanelTimesRows<kNV, false>(d, mc, kc, a, a_ld, step, panel, ldb, cp, g.N, cols, beta);
      }
    }
  }
}

// C[:, j0 : j1] on one thread (its own packed B).
void GemmColumns(const GemmArgs& g, size_t j0, size_t j1) {
  const DF d;
  const size_t full = size_t(kNV) * hn::Lanes(d);
  static thread_local std::vector<float> bbuf;
  for (size_t jc = j0; jc < j1; jc += kNC) {
    const size_t nc = std::min(kNC, j1 - jc);
    const size_t padded = (nc + full - 1) / full * full;
    for (size_t pc = 0; pc < g.K; pc += kKC) {
      const size_t kc = std::min(kKC, g.K - pc);
      float* bp = detail::scratch(bbuf, padded * kc);
      PackBlockB(d, g, pc, kc, jc, 0, nc, bp);
      RowsTimesBlock(d, g, 0, g.M, pc, kc, jc, nc, bp, pc == 0 ? g.beta : 1.f);
    }
  }
}

void GemmF32(Trans ta, Trans tb, int M, int N, int K, const float* A, const float* B, float beta, float* C) {
  if (M <= 0 || N <= 0) return;
  const DF d;
  const size_t m = size_t(M), n = size_t(N);
  if (K <= 0) {  // C = beta*C (beta 0: zeros, C not read)
    for (size_t i = 0; i < m; ++i)
      ForChunks(d, n, [&](size_t j, size_t count) {
        float* p = C + i * n + j;
        StoreUpTo(d, beta == 0.f ? hn::Zero(d) : hn::Mul(hn::Set(d, beta), LoadUpTo(d, p, count)), p, count);
      });
    return;
  }
  GemmArgs g{ta == Trans::Yes, tb == Trans::Yes, m, n, size_t(K), A, B, beta, C, false, false};
  // A row-major with a row stride that is a multiple of 256 floats maps its MR rows onto the same
  // few L1 sets: copy it k-major instead (worth it only when many column panels reuse the copy).
  g.pack_a = !g.ta && g.K % 256 == 0 && g.N >= 256 && g.M >= size_t(kMR);
  // B's packed copy pays off over many row tiles; for a few (the weight gradient of a small
  // layer, M = its outputs) reading B in place is cheaper.
  g.b_in_place = !g.tb && g.M <= 2 * size_t(kMR) && g.N % 256 != 0;
  // Threads: one task of whole column panels each (its own packed B, and its own copy of A where A
  // is packed), only when there is work enough (>= 1 MFLOP per task) to amortise the hand-off.
  // (Measured on 2 cores: finer tasks, or B packed once and shared with rows split, were slower
  // at 512^3 and no faster at 2048^3.)
  const size_t full = size_t(kNV) * hn::Lanes(d);
  const size_t panels = (n + full - 1) / full;
  const double flops = 2.0 * double(m) * double(n) * double(K);
  const int threads = parallel::num_threads();
  int parts = threads > 1 ? int(std::min<double>({double(panels), double(threads), flops / 1.0e6})) : 1;
  if (parts <= 1) {
    GemmColumns(g, 0, n);
    return;
  }
  parallel::parallel_for(parts, [&](int t) {
    const size_t p0 = panels * size_t(t) / size_t(parts), p1 = panels * size_t(t + 1) / size_t(parts);
    GemmColumns(g, p0 * full, std::min(n, p1 * full));
  });
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace descent::kernels {

HWY_EXPORT(GemmF32);

void gemm(Trans ta, Trans tb, int M, int N, int K, const float* A, const float* B, float beta, float* C) {
  HWY_DYNAMIC_DISPATCH(GemmF32)(ta, tb, M, N, K, A, B, beta, C);
}

void gemm(Trans ta, Trans tb, int M, int N, int K, const double* A, const double* B, double beta,
          double* C) {
  gemm_ref(ta, tb, M, N, K, A, B, beta, C);
}

}  // namespace descent::kernels
#endif  // HWY_ONCE
