// tiles-inl.h: the per-target register tiles behind GEMM and the kNN distances. Two loop shapes:
//  - broadcast tiles: out (R, Ncols) = P (R, K) · Q (K, Ncols), Q's rows contiguous: broadcast
//    P[r,k], FMA across a row of Q (C = A·B, A^T·B, and (A^T·B^T)^T = B·A);
//  - dot tiles: out[i][j] = sum_k op(A[i,k], B[j,k]), both rows contiguous along k: SIMD along k,
//    one lane reduction per output (C = A·B^T, L2 and L1 distances).
// Internal to core/kernels/*.cpp; not an API and not a tuned BLAS (no cache blocking yet).
#if defined(DESCENT_KERNELS_TILES_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef DESCENT_KERNELS_TILES_INL_H_
#undef DESCENT_KERNELS_TILES_INL_H_
#else
#define DESCENT_KERNELS_TILES_INL_H_
#endif

#include <cstddef>
#include <vector>

#include <hwy/highway.h>

#include "core/kernels/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Where a tile's element (r, c) goes: C[r*rs + c*cs], as C = beta*C + tile (beta 0: C not read).
struct TileOut {
  float* C;
  size_t rs, cs;
  float beta;
};

// Writes `count` values of one tile row (held in v) to out.C + r*rs + c0*cs.
template <class D>
HWY_INLINE void WriteTileRow(D d, hn::Vec<D> v, const TileOut& out, size_t r, size_t c0, size_t count) {
  float* dst = out.C + r * out.rs + c0 * out.cs;
  if (out.cs == 1) {
    if (out.beta != 0.f) v = hn::MulAdd(hn::Set(d, out.beta), LoadUpTo(d, dst, count), v);
    StoreUpTo(d, v, dst, count);
    return;
  }
  HWY_ALIGN float buf[hn::MaxLanes(D())];
  hn::Store(v, d, buf);
  for (size_t c = 0; c < count; ++c) {
    float& o = dst[c * out.cs];
    o = out.beta == 0.f ? buf[c] : buf[c] + out.beta * o;
  }
}

// One MR x (NV vectors) broadcast tile: tile[r][c] = sum_k P[r*prs + k*pks] * Q[k*qs + c].
// Q must have NV*Lanes readable floats per row; only the first `ncols` columns are written.
template <int MR, int NV, class D>
HWY_INLINE void BroadcastTile(D d, size_t K, const float* HWY_RESTRICT P, size_t prs, size_t pks,
                              const float* HWY_RESTRICT Q, size_t qs, size_t ncols, const TileOut& out,
                              size_t r0, size_t c0) {
  using V = hn::Vec<D>;
  const size_t L = hn::Lanes(d);
  V acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = hn::Zero(d);
  for (size_t k = 0; k < K; ++k) {
    V q[NV];
    for (int v = 0; v < NV; ++v) q[v] = hn::LoadU(d, Q + k * qs + size_t(v) * L);
    for (int r = 0; r < MR; ++r) {
      const V a = hn::Set(d, P[size_t(r) * prs + k * pks]);
      for (int v = 0; v < NV; ++v) acc[r][v] = hn::MulAdd(a, q[v], acc[r][v]);
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) {
      const size_t c = size_t(v) * L;
      if (c >= ncols) break;
      WriteTileRow(d, acc[r][v], out, r0 + size_t(r), c0 + c, ncols - c < L ? ncols - c : L);
    }
}

// All R rows of P against one column panel of Q (ncols <= NV*Lanes columns starting at Q).
template <int NV, class D>
HWY_INLINE void BroadcastPanel(D d, size_t R, size_t K, const float* P, size_t prs, size_t pks,
                               const float* Q, size_t qs, size_t ncols, const TileOut& out, size_t c0) {
  size_t i = 0;
  for (; i + 4 <= R; i += 4) BroadcastTile<4, NV>(d, K, P + i * prs, prs, pks, Q, qs, ncols, out, i, c0);
  switch (R - i) {
    case 3: BroadcastTile<3, NV>(d, K, P + i * prs, prs, pks, Q, qs, ncols, out, i, c0); break;
    case 2: BroadcastTile<2, NV>(d, K, P + i * prs, prs, pks, Q, qs, ncols, out, i, c0); break;
    case 1: BroadcastTile<1, NV>(d, K, P + i * prs, prs, pks, Q, qs, ncols, out, i, c0); break;
    default: break;
  }
}

// out (R, Ncols) = P (R, K) · Q (K, Ncols): P[r,k] at P[r*prs + k*pks], Q[k,c] at Q[k*qs + c].
// Panels of 2 vectors, then 1, then the last partial vector from a zero-padded copy of Q's last
// columns (K x Lanes floats in a reusable per-thread buffer: no allocation once it has grown).
template <class D>
HWY_NOINLINE void BroadcastProducts(D d, size_t R, size_t Ncols, size_t K, const float* P, size_t prs,
                                    size_t pks, const float* Q, size_t qs, const TileOut& out) {
  const size_t L = hn::Lanes(d);
  size_t j = 0;
  for (; j + 2 * L <= Ncols; j += 2 * L) BroadcastPanel<2>(d, R, K, P, prs, pks, Q + j, qs, 2 * L, out, j);
  for (; j + L <= Ncols; j += L) BroadcastPanel<1>(d, R, K, P, prs, pks, Q + j, qs, L, out, j);
  if (j == Ncols) return;
  static thread_local std::vector<float> tail;
  if (tail.size() < K * L) tail.resize(K * L);
  const size_t rest = Ncols - j;
  for (size_t k = 0; k < K; ++k)
    for (size_t c = 0; c < L; ++c) tail[k * L + c] = c < rest ? Q[k * qs + j + c] : 0.f;
  BroadcastPanel<1>(d, R, K, P, prs, pks, tail.data(), L, rest, out, j);
}

// The combining step of a dot tile: acc += op(a, b).
struct MulAddOp {  // a·b
  template <class V>
  static HWY_INLINE V Apply(V a, V b, V acc) { return hn::MulAdd(a, b, acc); }
};
struct SquaredDiffOp {  // |a-b|^2
  template <class V>
  static HWY_INLINE V Apply(V a, V b, V acc) {
    const V diff = hn::Sub(a, b);
    return hn::MulAdd(diff, diff, acc);
  }
};
struct AbsDiffOp {  // |a-b|_1
  template <class V>
  static HWY_INLINE V Apply(V a, V b, V acc) { return hn::Add(acc, hn::Abs(hn::Sub(a, b))); }
};

// One MR x NR dot tile: C[r*ldc + c] = beta*C + sum_k op(A[r*lda + k], B[c*ldb + k]). The tail of
// k is loaded zero-padded, which adds 0 for all three ops.
template <int MR, int NR, class Op, class D>
HWY_INLINE void DotTile(D d, size_t K, const float* HWY_RESTRICT A, size_t lda, const float* HWY_RESTRICT B,
                        size_t ldb, float* C, size_t ldc, float beta) {
  using V = hn::Vec<D>;
  V acc[MR][NR];
  for (int r = 0; r < MR; ++r)
    for (int c = 0; c < NR; ++c) acc[r][c] = hn::Zero(d);
  ForChunks(d, K, [&](size_t k, size_t count) {
    V b[NR];
    for (int c = 0; c < NR; ++c) b[c] = LoadUpTo(d, B + size_t(c) * ldb + k, count);
    for (int r = 0; r < MR; ++r) {
      const V a = LoadUpTo(d, A + size_t(r) * lda + k, count);
      for (int c = 0; c < NR; ++c) acc[r][c] = Op::Apply(a, b[c], acc[r][c]);
    }
  });
  for (int r = 0; r < MR; ++r)
    for (int c = 0; c < NR; ++c) {
      const float s = LaneSum(d, acc[r][c]);
      float& o = C[size_t(r) * ldc + size_t(c)];
      o = beta == 0.f ? s : s + beta * o;
    }
}

// C (M,N) = beta*C + [sum_k op(A[i,k], B[j,k])]: A is (M,K) with row stride lda, B (N,K) with ldb.
// 4x4 tiles, then single rows/columns for the edges.
template <class Op, class D>
HWY_NOINLINE void DotProducts(D d, size_t M, size_t N, size_t K, const float* A, size_t lda,
                              const float* B, size_t ldb, float* C, size_t ldc, float beta) {
  size_t i = 0;
  for (; i + 4 <= M; i += 4) {
    size_t j = 0;
    for (; j + 4 <= N; j += 4)
      DotTile<4, 4, Op>(d, K, A + i * lda, lda, B + j * ldb, ldb, C + i * ldc + j, ldc, beta);
    for (; j < N; ++j) DotTile<4, 1, Op>(d, K, A + i * lda, lda, B + j * ldb, ldb, C + i * ldc + j, ldc, beta);
  }
  for (; i < M; ++i) {
    size_t j = 0;
    for (; j + 4 <= N; j += 4)
      DotTile<1, 4, Op>(d, K, A + i * lda, lda, B + j * ldb, ldb, C + i * ldc + j, ldc, beta);
    for (; j < N; ++j) DotTile<1, 1, Op>(d, K, A + i * lda, lda, B + j * ldb, ldb, C + i * ldc + j, ldc, beta);
  }
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
