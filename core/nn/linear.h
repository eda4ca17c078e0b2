// linear.h: a fully connected layer y = act(x·W^T + b), the lecture's f(x) = Wx + b applied to a
// batch of rows, with its activation fused in (one pass over the output, no pre-activation copy).
// W is (out, in) as in Torch's nn.Linear, so row c of a classifier's W is class c's template.
// Not an owner of its parameters: weight/bias point into the model's flat Parameters.
// Usage: layer.forward(X, N, Y); ... layer.backward(X, Y, dY, N, dX);
#pragma once
#include "core/kernels/activation.h"
#include "core/kernels/gemm.h"

namespace descent {

using kernels::Activation;

template <typename T>
struct Linear {
  int in = 0, out = 0;
  Activation act = Activation::Identity;
  T* weight = nullptr;      // (out, in)
  T* bias = nullptr;        // (out)
  T* grad_weight = nullptr; // (out, in)
  T* grad_bias = nullptr;   // (out)

  // Y (N, out) = act(X (N, in) · W^T + b)
  void forward(const T* X, int N, T* Y) const {
    kernels::gemm(kernels::Trans::No, kernels::Trans::Yes, N, out, in, X, weight, T(0), Y);
    kernels::bias_activation_forward(N, out, Y, bias, act);
  }

  // Given the layer's input X (N, in), its output Y (N, out) and dL/dY (N, out, overwritten with
  // dL/dZ), writes grad_weight, grad_bias and, if dX is not null, dL/dX (N, in).
  void backward(const T* X, const T* Y, T* dY, int N, T* dX) const {
    kernels::activation_backward(N, out, Y, dY, dY, act);                                  // dZ
    kernels::gemm(kernels::Trans::Yes, kernels::Trans::No, out, in, N, dY, X, T(0), grad_weight);  // dZ^T X
    kernels::column_sums(N, out, dY, T(0), grad_bias);
    if (dX) kernels::gemm(kernels::Trans::No, kernels::Trans::No, N, in, out, dY, weight, T(0), dX);  // dZ W
  }
};

}  // namespace descent
