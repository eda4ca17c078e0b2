// distance.cpp: all-pairs squared-L2 and L1 distances for kNN. Written once with Highway: tiles
// of 4 queries x 4 training rows, SIMD along D, the training rows in blocks that stay in L2.
// Float: the difference formed directly (not |q|^2 + |x|^2 - 2 q.x, which cancels badly for near
// neighbours). Bytes: exact integers, so the expansion is safe there: L1 sums |q - x| per 8 bytes
// (psadbw on x86); L2 = |q|^2 + |x|^2 - 2 q.x with q.x from 16-bit multiply-adds into 32-bit lanes.
// *_ref: the definitions (float ones accumulated in double).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/distance.cpp"
#include "core/kernels/hwy_targets.h"

#include <vector>

#include "core/kernels/distance.h"
#include "core/kernels/tiles-inl.h"

HWY_BEFORE_NAMESPACE();
#if HWY_TARGET == HWY_AVX3_DL
// VNNI for SsdTileVnni and its callers. g++: the pragma (undone by HWY_AFTER_NAMESPACE) covers
// them and their lambdas. clang ignores "#pragma GCC target" and gives lambdas only the target of
// HWY_BEFORE_NAMESPACE, so each function and lambda on the VNNI path names it (DESCENT_VNNI).
#if defined(__clang__)
#define DESCENT_VNNI __attribute__((target(HWY_TARGET_STR ",avx512vnni")))
#else
#pragma GCC target("avx512vnni")
#define DESCENT_VNNI
#endif
#endif
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

// sums[i] = the total of all 32-bit lanes of acc[i] (modulo 2^32), for the N accumulators of a tile:
// when N is a multiple of the lane count (the 4x4 tiles), groups of Lanes vectors are reduced
// together (SumsOfLanesOf); otherwise (edge tiles) one by one. (Fixed-width targets: Lanes = MaxLanes.)
template <size_t N, class D32>
HWY_INLINE void TileSums(D32 d32, hn::Vec<D32>* acc, uint32_t* sums) {
  constexpr size_t L = hn::MaxLanes(D32());
  if constexpr (L > 1 && N % L == 0) {
    HWY_ALIGN uint32_t buf[L];
    for (size_t g = 0; g < N; g += L) {
      hn::Store(SumsOfLanesOf(d32, acc + g), d32, buf);
      for (size_t i = 0; i < L; ++i) sums[g + i] = buf[i];
    }
  } else {
    for (size_t g = 0; g < N; ++g) sums[g] = uint32_t(hn::GetLane(hn::SumOfLanes(d32, acc[g])));
  }
}

// R queries x C training rows: out[r*ldo + c] = sum_k |A[r,k] - B[c,k]| (64-bit lanes per tile).
template <int R, int C, class D8>
HWY_INLINE void SadTile(D8 d8, size_t D, const uint8_t* HWY_RESTRICT A, const uint8_t* HWY_RESTRICT B,
                        size_t ld, uint32_t* out, size_t ldo) {
  const hn::Repartition<uint64_t, D8> d64;
  using V64 = hn::Vec<decltype(d64)>;
  V64 acc[R][C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc[r][c] = hn::Zero(d64);
  ForChunks(d8, D, [&](size_t k, size_t count) {
    hn::Vec<D8> b[C];
    for (int c = 0; c < C; ++c) b[c] = LoadUpTo(d8, B + size_t(c) * ld + k, count);
    for (int r = 0; r < R; ++r) {
      const auto a = LoadUpTo(d8, A + size_t(r) * ld + k, count);
      for (int c = 0; c < C; ++c) acc[r][c] = hn::Add(acc[r][c], SumsOf8AbsDiff(d8, a, b[c]));
    }
  });
  // Each 64-bit lane is below 2^32: as 32-bit lanes (high halves zero) the tile reduces in groups.
  const hn::Repartition<uint32_t, D8> d32;
  hn::Vec<decltype(d32)> acc32[R * C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc32[r * C + c] = hn::BitCast(d32, acc[r][c]);
  uint32_t sums[R * C];
  TileSums<size_t(R * C)>(d32, acc32, sums);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) out[size_t(r) * ldo + size_t(c)] = sums[r * C + c];
}

// R queries x C training rows: out[r*ldo + c] = |A_r|^2 + |B_c|^2 - 2 A_r.B_c = sum_k (A[r,k] -
// B[c,k])^2, exactly: bytes widened to 16 bits, products added pairwise into 32-bit lanes (a row's
// dot product is at most D * 255^2 < 2^32 for D <= kMaxDimU8L2).
template <int R, int C, class D16>
HWY_INLINE void SsdTile(D16 d16, size_t D, const uint8_t* HWY_RESTRICT A, const uint8_t* HWY_RESTRICT B,
                        size_t ld, const uint32_t* anorm, const uint32_t* bnorm, uint32_t* out, size_t ldo) {
  const hn::Rebind<uint8_t, D16> d8;  // as many bytes as 16-bit lanes
  const hn::Repartition<int32_t, D16> d32;
  using V32 = hn::Vec<decltype(d32)>;
  V32 acc[R][C], acc1[R][C];  // acc1: where a target's widening multiply-add puts its other half
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc[r][c] = acc1[r][c] = hn::Zero(d32);
  ForChunks(d16, D, [&](size_t k, size_t count) {
    hn::Vec<D16> b[C];
    for (int c = 0; c < C; ++c) b[c] = hn::PromoteTo(d16, LoadUpTo(d8, B + size_t(c) * ld + k, count));
    for (int r = 0; r < R; ++r) {
      const auto a = hn::PromoteTo(d16, LoadUpTo(d8, A + size_t(r) * ld + k, count));
      for (int c = 0; c < C; ++c) acc[r][c] = hn::ReorderWidenMulAccumulate(d32, a, b[c], acc[r][c], acc1[r][c]);
    }
  });
  // Lanes hold partial sums < 2^31 each; their total is taken modulo 2^32, exact as it is < 2^32.
  const hn::RebindToUnsigned<decltype(d32)> du32;
  hn::Vec<decltype(du32)> flat[R * C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) flat[r * C + c] = hn::BitCast(du32, hn::Add(acc[r][c], acc1[r][c]));
  uint32_t dots[R * C];
  TileSums<size_t(R * C)>(du32, flat, dots);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) out[size_t(r) * ldo + size_t(c)] = anorm[r] + bnorm[c] - 2u * dots[r * C + c];
}

#if HWY_TARGET == HWY_AVX3_DL
// AVX-512 VNNI (vpdpbusd: 64 byte products per instruction, summed by 4 into 32-bit lanes). It
// multiplies unsigned by signed bytes, so B is offset to x - 128 (xor 0x80) and the query's
// 128 * sum(q) added back: q.x = sum q (x - 128) + 128 sum q. Exact as above.
// (Highway 1.0.3 has no op for it; this function is the only raw intrinsic in the kernels.)
template <int R, int C>
HWY_INLINE DESCENT_VNNI void SsdTileVnni(size_t D, const uint8_t* HWY_RESTRICT A, const uint8_t* HWY_RESTRICT B, size_t ld,
                            const uint32_t* anorm, const uint32_t* asum, const uint32_t* bnorm, uint32_t* out,
                            size_t ldo) {
  const hn::ScalableTag<uint8_t> d8;
  const hn::Repartition<int32_t, decltype(d8)> d32;
  const auto offset = hn::Set(d8, uint8_t(0x80));
  __m512i acc[R][C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc[r][c] = _mm512_setzero_si512();
  ForChunks(d8, D, [&](size_t k, size_t count) DESCENT_VNNI {
    __m512i b[C];
    for (int c = 0; c < C; ++c) b[c] = hn::Xor(LoadUpTo(d8, B + size_t(c) * ld + k, count), offset).raw;
    for (int r = 0; r < R; ++r) {
      const __m512i a = LoadUpTo(d8, A + size_t(r) * ld + k, count).raw;  // padding: q = 0 adds nothing
      for (int c = 0; c < C; ++c) acc[r][c] = _mm512_dpbusd_epi32(acc[r][c], a, b[c]);
    }
  });
  const hn::RebindToUnsigned<decltype(d32)> du32;
  hn::Vec<decltype(du32)> flat[R * C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) flat[r * C + c] = hn::BitCast(du32, hn::Vec<decltype(d32)>{acc[r][c]});
  uint32_t dots[R * C];
  TileSums<size_t(R * C)>(du32, flat, dots);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) {
      const uint32_t dot = dots[r * C + c] + 128u * asum[r];
      out[size_t(r) * ldo + size_t(c)] = anorm[r] + bnorm[c] - 2u * dot;
    }
}
#endif

// norms[i] = sum_k A[i,k]^2 for the n rows of A (row stride ld).
template <class D16>
HWY_INLINE void SquaredNormsU8(D16 d16, size_t n, size_t D, const uint8_t* A, size_t ld, uint32_t* norms) {
  const hn::Rebind<uint8_t, D16> d8;
  const hn::Repartition<int32_t, D16> d32;
  for (size_t i = 0; i < n; ++i) {
    auto acc = hn::Zero(d32), acc1 = hn::Zero(d32);
    ForChunks(d16, D, [&](size_t k, size_t count) {
      const auto a = hn::PromoteTo(d16, LoadUpTo(d8, A + i * ld + k, count));
      acc = hn::ReorderWidenMulAccumulate(d32, a, a, acc, acc1);
    });
    norms[i] = uint32_t(hn::GetLane(hn::SumOfLanes(d32, hn::Add(acc, acc1))));
  }
}

void L1DistancesU8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  if (nq <= 0 || nx <= 0) return;
#if HWY_TARGET == HWY_SCALAR
  l1_distances_u8_ref(nq, nx, D, Q, X, out);
#else
  const size_t dim = D > 0 ? size_t(D) : 0, ldo = size_t(nx);
  const hn::ScalableTag<uint8_t> d8;
  ForTiles(size_t(nq), size_t(nx), ColumnBlock(dim), [&]<int R, int C>(size_t i, size_t j) {
    SadTile<R, C>(d8, dim, Q + i * dim, X + j * dim, dim, out + i * ldo + j, ldo);
  });
#endif
}

void L2SquaredDistancesU8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  if (nq <= 0 || nx <= 0) return;
#if HWY_TARGET == HWY_SCALAR
  l2_squared_distances_u8_ref(nq, nx, D, Q, X, out);
#else
  const size_t dim = D > 0 ? size_t(D) : 0, ldo = size_t(nx);
  const hn::ScalableTag<int16_t> d16;
  static thread_local std::vector<uint32_t> norms;  // |q|^2 then |x|^2; grows only
  norms.resize(size_t(nq) + size_t(nx));
  uint32_t* qn = norms.data();
  uint32_t* xn = qn + nq;
  SquaredNormsU8(d16, size_t(nq), dim, Q, dim, qn);
  SquaredNormsU8(d16, size_t(nx), dim, X, dim, xn);
#if HWY_TARGET == HWY_AVX3_DL
  static thread_local std::vector<uint32_t> sums;
  sums.resize(size_t(nq));
  for (size_t i = 0; i < size_t(nq); ++i) {
    uint32_t s = 0;
    for (size_t k = 0; k < dim; ++k) s += Q[i * dim + k];
    sums[i] = s;
  }
  ForTiles(size_t(nq), size_t(nx), ColumnBlock(dim), [&]<int R, int C>(size_t i, size_t j) DESCENT_VNNI {
    SsdTileVnni<R, C>(dim, Q + i * dim, X + j * dim, dim, qn + i, sums.data() + i, xn + j, out + i * ldo + j, ldo);
  });
#else
  ForTiles(size_t(nq), size_t(nx), ColumnBlock(dim), [&]<int R, int C>(size_t i, size_t j) {
    SsdTile<R, C>(d16, dim, Q + i * dim, X + j * dim, dim, qn + i, xn + j, out + i * ldo + j, ldo);
  });
#endif
#endif
}

bool UnitFloatsToBytes(long n, const float* x, uint8_t* out) {
  if (n <= 0) return true;
  const hn::ScalableTag<float> d;
  const hn::RebindToSigned<decltype(d)> di;
  const hn::Rebind<uint8_t, decltype(d)> d8;
  const auto k255 = hn::Set(d, 255.f), zero = hn::Zero(d);
  bool ok = true;
  ForChunks(d, size_t(n), [&](size_t i, size_t count) {
    if (!ok) return;
    const auto v = LoadUpTo(d, x + i, count);
    const auto r = hn::Round(hn::Mul(v, k255));
    const auto in_range = hn::And(hn::Ge(r, zero), hn::Le(r, k255));  // false for NaN
    const auto b = hn::ConvertTo(di, hn::IfThenElseZero(in_range, r));
    const auto exact = hn::Eq(hn::Div(hn::ConvertTo(d, b), k255), v);
    const auto good = hn::And(in_range, exact);
    if (!hn::AllTrue(d, hn::Or(good, hn::Not(hn::FirstN(d, count))))) {
      ok = false;
      return;
    }
    StoreUpTo(d8, hn::DemoteTo(d8, b), out + i, count);
  });
  return ok;
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cmath>
#include <cstddef>

namespace descent::kernels {

HWY_EXPORT(L2SquaredDistancesF32);
HWY_EXPORT(L1DistancesF32);
HWY_EXPORT(L2SquaredDistancesU8);
HWY_EXPORT(L1DistancesU8);
HWY_EXPORT(UnitFloatsToBytes);

bool unit_floats_to_bytes(long n, const float* x, uint8_t* out) {
  return HWY_DYNAMIC_DISPATCH(UnitFloatsToBytes)(n, x, out);
}

bool unit_floats_to_bytes_ref(long n, const float* x, uint8_t* out) {
  for (long i = 0; i < n; ++i) {
    const float r = std::nearbyint(x[i] * 255.f);
    if (!(r >= 0.f && r <= 255.f) || float(int(r)) / 255.f != x[i]) return false;
    out[i] = uint8_t(int(r));
  }
  return true;
}

void l2_squared_distances(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  HWY_DYNAMIC_DISPATCH(L2SquaredDistancesF32)(nq, nx, D, Q, X, out);
}
void l1_distances(int nq, int nx, int D, const float* Q, const float* X, float* out) {
  HWY_DYNAMIC_DISPATCH(L1DistancesF32)(nq, nx, D, Q, X, out);
}
void l2_squared_distances_u8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  HWY_DYNAMIC_DISPATCH(L2SquaredDistancesU8)(nq, nx, D, Q, X, out);
}
void l1_distances_u8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  HWY_DYNAMIC_DISPATCH(L1DistancesU8)(nq, nx, D, Q, X, out);
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

void l2_squared_distances_u8_ref(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  for (int i = 0; i < nq; ++i)
    for (int j = 0; j < nx; ++j) {
      uint32_t acc = 0;
      for (int k = 0; k < D; ++k) {
        const int diff = int(Q[size_t(i) * size_t(D) + size_t(k)]) - int(X[size_t(j) * size_t(D) + size_t(k)]);
        acc += uint32_t(diff * diff);
      }
      out[size_t(i) * size_t(nx) + size_t(j)] = acc;
    }
}

void l1_distances_u8_ref(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  for (int i = 0; i < nq; ++i)
    for (int j = 0; j < nx; ++j) {
      uint32_t acc = 0;
      for (int k = 0; k < D; ++k) {
        const int diff = int(Q[size_t(i) * size_t(D) + size_t(k)]) - int(X[size_t(j) * size_t(D) + size_t(k)]);
        acc += uint32_t(diff < 0 ? -diff : diff);
      }
      out[size_t(i) * size_t(nx) + size_t(j)] = acc;
    }
}

}  // namespace descent::kernels
#endif  // HWY_ONCE
