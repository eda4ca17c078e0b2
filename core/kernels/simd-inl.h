// simd-inl.h: per-target building blocks shared by the float kernels: loads and stores of a
// partial vector (the tail of a row, any length, any alignment, never touching memory past the
// end) and a loop over a row in vector-sized chunks. Internal to core/kernels/*.cpp; not an API.
// Usage: inside `namespace descent::kernels::HWY_NAMESPACE` of a Highway translation unit,
//   ForChunks(d, n, [&](size_t i, size_t count) { auto v = LoadUpTo(d, x + i, count); ... });
// Per-target include guard (Highway's -inl.h convention): re-included once per compiled target.
#if defined(DESCENT_KERNELS_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef DESCENT_KERNELS_SIMD_INL_H_
#undef DESCENT_KERNELS_SIMD_INL_H_
#else
#define DESCENT_KERNELS_SIMD_INL_H_
#endif

#include <cstddef>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Whether this target's masked loads and stores touch only the selected lanes (AVX-512 does; the
// masked loads of SSE4/AVX2/WASM read, and their blended stores write, the whole vector).
#undef DESCENT_HWY_EXACT_MASKS  // redefined for each target
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
#define DESCENT_HWY_EXACT_MASKS 1
#else
#define DESCENT_HWY_EXACT_MASKS 0
#endif

// The first `count` lanes from p (count <= Lanes(d)); the other lanes are `fill`. A full vector is
// one unaligned load; a partial one is a masked load (AVX-512) or goes through a small stack
// buffer, so no byte past p[count-1] is read.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE hn::Vec<D> LoadUpTo(D d, const T* HWY_RESTRICT p, size_t count, T fill = T(0)) {
  if (count == hn::Lanes(d)) return hn::LoadU(d, p);
#if DESCENT_HWY_EXACT_MASKS
  const auto m = hn::FirstN(d, count);
  const auto v = hn::MaskedLoad(m, d, p);
  return fill == T(0) ? v : hn::IfThenElse(m, v, hn::Set(d, fill));
#endif
  HWY_ALIGN T buf[hn::MaxLanes(D())];
  for (size_t i = 0; i < hn::Lanes(d); ++i) buf[i] = i < count ? p[i] : fill;
  return hn::Load(d, buf);
}

// Stores the first `count` lanes of v to p (count <= Lanes(d)); nothing past p[count-1] is written.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE void StoreUpTo(D d, hn::Vec<D> v, T* HWY_RESTRICT p, size_t count) {
  if (count == hn::Lanes(d)) {
    hn::StoreU(v, d, p);
    return;
  }
#if DESCENT_HWY_EXACT_MASKS
  hn::BlendedStore(v, hn::FirstN(d, count), d, p);
  return;
#endif
  HWY_ALIGN T buf[hn::MaxLanes(D())];
  hn::Store(v, d, buf);
  for (size_t i = 0; i < count; ++i) p[i] = buf[i];
}

// Calls body(i, count) for i = 0, L, 2L, ... covering [0, n): count is L = Lanes(d) except for a
// last, shorter chunk. Bodies use LoadUpTo/StoreUpTo so one body serves both.
template <class D, class Body>
HWY_INLINE void ForChunks(D d, size_t n, const Body& body) {
  const size_t L = hn::Lanes(d);
  size_t i = 0;
  for (; i + L <= n; i += L) body(i, L);
  if (i < n) body(i, n - i);
}

// Sums of |a - b| over each group of 8 bytes, as 64-bit lanes (x86's psadbw; elsewhere two
// saturating subtractions and SumsOf8). D is a full vector of uint8_t.
template <class D>
HWY_INLINE hn::Vec<hn::Repartition<uint64_t, D>> SumsOf8AbsDiff(D d, hn::Vec<D> a, hn::Vec<D> b) {
  (void)d;
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  if constexpr (hn::MaxLanes(D()) == 64) return hn::Vec<hn::Repartition<uint64_t, D>>{_mm512_sad_epu8(a.raw, b.raw)};
#endif
#if HWY_TARGET == HWY_AVX2
  if constexpr (hn::MaxLanes(D()) == 32) return hn::Vec<hn::Repartition<uint64_t, D>>{_mm256_sad_epu8(a.raw, b.raw)};
#endif
#if HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
  if constexpr (hn::MaxLanes(D()) == 16) return hn::Vec<hn::Repartition<uint64_t, D>>{_mm_sad_epu8(a.raw, b.raw)};
#endif
  return hn::SumsOf8(hn::Or(hn::SaturatedSub(a, b), hn::SaturatedSub(b, a)));
}

// Lane i of the result = the sum of all lanes of v[i], for the Lanes(d) vectors v[0..L) (L a power
// of two, L > 1; v is overwritten): log2(L) rounds of even/odd pairwise sums, L - 1 shuffle pairs in
// all instead of one full reduction per vector. (Unqualified calls: found by argument-dependent lookup.)
template <class D, class V>
HWY_INLINE V SumsOfLanesOf(D d, V* v) {
  for (size_t n = hn::Lanes(d); n > 1; n /= 2)
    for (size_t i = 0; i < n / 2; ++i)
      v[i] = hn::Add(ConcatEven(d, v[2 * i + 1], v[2 * i]), ConcatOdd(d, v[2 * i + 1], v[2 * i]));
  return v[0];
}

// Sum and maximum of all lanes, as a scalar.
template <class D>
HWY_INLINE hn::TFromD<D> LaneSum(D d, hn::Vec<D> v) {
  return hn::GetLane(hn::SumOfLanes(d, v));
}
template <class D>
HWY_INLINE hn::TFromD<D> LaneMax(D d, hn::Vec<D> v) {
  return hn::GetLane(hn::MaxOfLanes(d, v));
}

}  // namespace descent::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
