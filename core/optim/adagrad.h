// adagrad.h: AdaGrad, a per-parameter step that shrinks with the sum of all past squared gradients.
// Not the optimizer object (optimizer.h owns the accumulator); no lr_decay, no initial accumulator
// value (torch's defaults, 0). Usage: AdaGrad<float>{.lr = 0.01f, .eps = 1e-10f}.update(n, p, g, sum);
#pragma once
#include "core/kernels/update.h"

namespace descent {

// Duchi, Hazan & Singer 2011, as torch.optim.Adagrad:  sum += g^2;  p -= lr * g / (sqrt(sum) + eps).
template <typename T>
struct AdaGrad {
  T lr = T(0.01);
  T eps = T(1e-10);

  // p, g and sum are (n,); sum is zero before the first step.
  void update(int n, T* p, const T* g, T* sum) const { kernels::adagrad_update(n, p, g, sum, lr, eps); }
};

}  // namespace descent
