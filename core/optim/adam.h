// adam.h: Adam, momentum on the gradient plus RMSProp's scaling, both bias-corrected.
// Not the optimizer object (optimizer.h owns m, v and the step count); no amsgrad, no weight decay.
// Usage: Adam<float>{.lr = 1e-3f}.update(n, p, g, m, v, t) with t = 1 on the first step.
#pragma once
#include <cmath>

#include "core/kernels/update.h"

namespace descent {

// Kingma & Ba 2015, Algorithm 1 (eps after the bias correction, not the paper's eps-hat variant),
// arranged as torch.optim.Adam: m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;
// p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
template <typename T>
struct Adam {
  T lr = T(1e-3);
  T beta1 = T(0.9);
  T beta2 = T(0.999);
  T eps = T(1e-8);

  // p, g, m, v are (n,); m and v are zero before the first step; t counts steps from 1.
  // The bias corrections are computed in double, as torch does in Python floats.
  void update(int n, T* p, const T* g, T* m, T* v, long t) const {
    const double bc1 = 1.0 - std::pow(double(beta1), double(t));
    const double bc2 = 1.0 - std::pow(double(beta2), double(t));
    kernels::adam_update(n, p, g, m, v, lr, beta1, beta2, eps, T(bc1), T(bc2));
  }
};

}  // namespace descent
