// rmsprop.h: RMSProp, AdaGrad with a leaky (exponential moving) average of squared gradients.
// Not the optimizer object (optimizer.h owns the average); no centering, no momentum (torch's
// defaults). Usage: RMSProp<float>{.lr = 0.01f, .alpha = 0.99f, .eps = 1e-8f}.update(n, p, g, sq);
#pragma once
#include "core/kernels/update.h"

namespace descent {

// Tieleman & Hinton 2012 (Coursera lecture 6.5), as torch.optim.RMSprop:
// sq = alpha*sq + (1-alpha)*g^2;  p -= lr * g / (sqrt(sq) + eps).
template <typename T>
struct RMSProp {
  T lr = T(0.01);
  T alpha = T(0.99);
  T eps = T(1e-8);

  // p, g and sq are (n,); sq is zero before the first step.
  void update(int n, T* p, const T* g, T* sq) const { kernels::rmsprop_update(n, p, g, sq, lr, alpha, eps); }
};

}  // namespace descent
