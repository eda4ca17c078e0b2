// tiles-inl.h: the per-target dot tiles behind the kNN distances: out[i][j] = sum_k op(A[i,k],
// B[j,k]), both rows contiguous along k: SIMD along k, one lane reduction per output, and the
// blocked loop over the output grid (ForTiles) that the byte-image distances share. GEMM has its
// own packed kernels (gemm.cpp). Internal to core/kernels/*.cpp; not an API.
#if defined(DESCENT_KERNELS_TILES_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef DESCENT_KERNELS_TILES_INL_H_
#undef DESCENT_KERNELS_TILES_INL_H_
#else
#define DESCENT_KERNELS_TILES_INL_H_
#endif

#include <cstddef>

#include <hwy/highway.h>

#include "core/kernels/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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

// Calls tile.template operator()<R, C>(i, j) over an M x N grid of outputs: 4x4 tiles, then
// single rows/columns at the edges, N taken in blocks of jb columns (the rows of B they read stay
// in L2 while every row tile of A passes over them).
template <class TileFn>
HWY_INLINE void ForTiles(size_t M, size_t N, size_t jb, const TileFn& tile) {
  for (size_t j0 = 0; j0 < N; j0 += jb) {
    const size_t j1 = N - j0 < jb ? N : j0 + jb;
    size_t i = 0;
    for (; i + 4 <= M; i += 4) {
      size_t j = j0;
      for (; j + 4 <= j1; j += 4) tile.template operator()<4, 4>(i, j);
      for (; j < j1; ++j) tile.template operator()<4, 1>(i, j);
    }
    for (; i < M; ++i) {
      size_t j = j0;
      for (; j + 4 <= j1; j += 4) tile.template operator()<1, 4>(i, j);
      for (; j < j1; ++j) tile.template operator()<1, 1>(i, j);
    }
  }
}

// Columns per block of ForTiles: about 256 KiB of B rows of `row_bytes` each, a multiple of 4.
HWY_INLINE size_t ColumnBlock(size_t row_bytes) {
  const size_t rows = (size_t(256) << 10) / (row_bytes ? row_bytes : 1);
  return rows < 4 ? 4 : rows / 4 * 4;
}

// C (M,N) = beta*C + [sum_k op(A[i,k], B[j,k])]: A is (M,K) with row stride lda, B (N,K) with ldb.
template <class Op, class D>
HWY_NOINLINE void DotProducts(D d, size_t M, size_t N, size_t K, const float* A, size_t lda,
                              const float* B, size_t ldb, float* C, size_t ldc, float beta) {
  ForTiles(M, N, ColumnBlock(K * sizeof(float)), [&]<int R, int NC>(size_t i, size_t j) {
    DotTile<R, NC, Op>(d, K, A + i * lda, lda, B + j * ldb, ldb, C + i * ldc + j, ldc, beta);
  });
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
