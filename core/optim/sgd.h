// sgd.h: plain (vanilla) gradient descent, the lecture's first update rule: p -= lr * grad.
// Not the optimizer object (that is optimizer.h); this is the one update, stateless.
// Usage: Sgd<float>{.lr = 0.1f}.update(n, params, grads);
#pragma once
#include "core/kernels/update.h"

namespace descent {

// Gradient descent (Cauchy 1847; stochastic form Robbins & Monro 1951), as torch.optim.SGD(momentum=0).
template <typename T>
struct Sgd {
  T lr = T(0.01);

  // p and g are (n,).
  void update(int n, T* p, const T* g) const { kernels::sgd_update(n, p, g, lr); }
};

}  // namespace descent
