// gemm.h: the matrix products of forward and backward passes, C = beta*C + op(A)·op(B).
// Row-major and packed: A is stored (M,K) or, transposed, (K,M); B is stored (K,N) or (N,K).
// The float overload is the SIMD kernel (Highway: runtime dispatch natively, SIMD128 in WASM);
// the double overload is the scalar reference (used by the gradient check). gemm_ref is the
// scalar reference every fast kernel is tested against. Not a general BLAS: no strides, no alpha.
// beta == 0 overwrites C without reading it (C may hold garbage). C must not overlap A or B.
// Usage: gemm(Trans::No, Trans::Yes, N, C, D, X, W, 0.f, scores);  // scores (N,C) = X (N,D) · W^T (C,D)
#pragma once

namespace descent::kernels {

enum class Trans { No, Yes };

void gemm(Trans ta, Trans tb, int M, int N, int K, const float* A, const float* B, float beta, float* C);
void gemm(Trans ta, Trans tb, int M, int N, int K, const double* A, const double* B, double beta,
          double* C);

// Scalar reference: the definition, one multiply-add at a time, accumulated in double.
template <typename T>
void gemm_ref(Trans ta, Trans tb, int M, int N, int K, const T* A, const T* B, T beta, T* C) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int k = 0; k < K; ++k) {
        double a = ta == Trans::No ? A[i * K + k] : A[k * M + i];
        double b = tb == Trans::No ? B[k * N + j] : B[j * K + k];
        acc += a * b;
      }
      C[i * N + j] = T(acc + (beta == T(0) ? 0.0 : double(beta) * double(C[i * N + j])));
    }
}

}  // namespace descent::kernels
