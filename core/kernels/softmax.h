// softmax.h: row-wise softmax and the fused softmax cross-entropy loss with its gradient, the hot
// end of every classifier. Numerically stable (subtracts each row's max; log-sum-exp).
// Float overloads are SIMD kernels; double overloads and *_ref are scalar references.
#pragma once

namespace descent::kernels {

// P (N,C) = softmax of each row of S (N,C). P may alias S.
void softmax_rows(int N, int C, const float* S, float* P);
void softmax_rows(int N, int C, const double* S, double* P);

// Returns the SUM over rows of  logsumexp(S_n) - S_n[y_n]  (accumulated in double).
// If dS is not null, dS (N,C) = grad_scale * (softmax(S_n) - onehot(y_n)); dS may alias S.
// Labels must lie in [0, C); a row whose label does not adds NaN to the loss (never an out-of-bounds
// read) and gets dS = grad_scale * softmax(S_n).
double softmax_cross_entropy(int N, int C, const float* S, const int* y, float grad_scale, float* dS);
double softmax_cross_entropy(int N, int C, const double* S, const int* y, double grad_scale, double* dS);

template <typename T> void softmax_rows_ref(int N, int C, const T* S, T* P);
template <typename T>
double softmax_cross_entropy_ref(int N, int C, const T* S, const int* y, T grad_scale, T* dS);

}  // namespace descent::kernels
