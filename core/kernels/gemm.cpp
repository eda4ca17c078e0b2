// gemm.cpp: the float GEMM, written once with Highway and compiled per SIMD target (runtime
// dispatch natively; only the static SIMD128 target under Emscripten, DESCENT_HWY_STATIC=1), and
// the double overload, which is the scalar reference gemm_ref. See gemm.h for the contract.
// Loop shapes: A·B and A^T·B broadcast A's element and FMA along B's rows; A·B^T takes SIMD dot
// products along k; A^T·B^T computes C^T = B·A with the broadcast tiles and writes it transposed.
#if defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC && !defined(HWY_COMPILE_ONLY_STATIC)
#define HWY_COMPILE_ONLY_STATIC 1
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/kernels/gemm.cpp"
#if !(defined(DESCENT_HWY_STATIC) && DESCENT_HWY_STATIC)
#include <hwy/foreach_target.h>  // re-includes this file once per compiled target
#endif
#include <hwy/highway.h>

#include "core/kernels/gemm.h"
#include "core/kernels/tiles-inl.h"

HWY_BEFORE_NAMESPACE();
namespace descent::kernels::HWY_NAMESPACE {

void GemmF32(Trans ta, Trans tb, int M, int N, int K, const float* A, const float* B, float beta, float* C) {
  if (M <= 0 || N <= 0) return;
  const size_t m = size_t(M), n = size_t(N), k = K > 0 ? size_t(K) : 0;
  const hn::ScalableTag<float> d;
  if (tb == Trans::No) {
    // C (M,N): row i = sum_k op(A)[i,k] * B[k,:]; op(A)[i,k] is A[i*K+k] (A (M,K)) or A[k*M+i] (A (K,M)).
    const size_t prs = ta == Trans::No ? k : 1, pks = ta == Trans::No ? 1 : m;
    BroadcastProducts(d, m, n, k, A, prs, pks, B, n, TileOut{C, n, 1, beta});
  } else if (ta == Trans::No) {
    // C[i,j] = A row i (K) · B row j (K).
    DotProducts<MulAddOp>(d, m, n, k, A, k, B, k, C, n, beta);
  } else {
    // C^T (N,M) = B (N,K) · A (K,M): broadcast B[j,k], FMA along A's row k; tile (j, i) -> C[i*N + j].
    BroadcastProducts(d, n, m, k, B, k, 1, A, m, TileOut{C, 1, n, beta});
  }
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
