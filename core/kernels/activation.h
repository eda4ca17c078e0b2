// activation.h: the pointwise non-linearities of an MLP layer, fused with the bias add.
// Forward: Z (N,C) <- act(Z + b) in place. Backward works from the activation's *output* A
// (ReLU' = [A>0], tanh' = 1-A^2, sigmoid' = A(1-A)), so no pre-activation copy is kept.
// Float overloads are SIMD kernels; double overloads and the *_ref templates are scalar references.
#pragma once

namespace descent::kernels {

enum class Activation { Identity, ReLU, Tanh, Sigmoid };

// Z (N,C) <- act(Z + b); b (C) may be nullptr (no bias).
void bias_activation_forward(int N, int C, float* Z, const float* b, Activation act);
void bias_activation_forward(int N, int C, double* Z, const double* b, Activation act);

// dZ (N,C) = dA (N,C) * act'(A); dZ may alias dA.
void activation_backward(int N, int C, const float* A, const float* dA, float* dZ, Activation act);
void activation_backward(int N, int C, const double* A, const double* dA, double* dZ, Activation act);

// out (C) = beta*out + sum over the N rows of X (N,C): the bias gradient. beta == 0 does not read out.
void column_sums(int N, int C, const float* X, float beta, float* out);
void column_sums(int N, int C, const double* X, double beta, double* out);

template <typename T> void bias_activation_forward_ref(int N, int C, T* Z, const T* b, Activation act);
template <typename T> void activation_backward_ref(int N, int C, const T* A, const T* dA, T* dZ, Activation act);
template <typename T> void column_sums_ref(int N, int C, const T* X, T beta, T* out);

}  // namespace descent::kernels
