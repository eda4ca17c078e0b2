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

// The first `count` lanes from p (count <= Lanes(d)); the other lanes are `fill`. A full vector is
// one unaligned load; a partial one goes through a small stack buffer so no byte past p[count-1]
// is read (masked loads of SSE4/WASM would read the whole vector).
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE hn::Vec<D> LoadUpTo(D d, const T* HWY_RESTRICT p, size_t count, T fill = T(0)) {
  if (count == hn::Lanes(d)) return hn::LoadU(d, p);
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
