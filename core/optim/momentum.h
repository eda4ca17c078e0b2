// momentum.h: heavy-ball momentum and its Nesterov variant, in torch.optim.SGD's form.
// The lecture writes momentum as  m = a*m + lr*grad;  W -= m.  torch (and Descent) write
//   buf = mu*buf + grad;  W -= lr*buf.
// With a constant lr the iterates are identical (m = lr*buf, a = mu); they differ only when lr
// changes mid-run (the lecture's m keeps the old lr inside it, torch's buf does not). Descent
// follows torch's form so its trajectories match torch.optim to rounding. Not the optimizer object
// (optimizer.h owns the buffer); usage: Momentum<double>{.lr = 0.01, .mu = 0.9}.update(n, p, g, buf);
#pragma once
#include "core/kernels/update.h"

namespace descent {

// Heavy ball: Polyak 1964; Nesterov 1983 in the Sutskever et al. 2013 form that torch uses:
// buf = mu*buf + g;  p -= lr * (nesterov ? g + mu*buf : buf)   (dampening 0; buf starts at 0,
// so the first step sets buf = g exactly as torch's clone does).
template <typename T>
struct Momentum {
  T lr = T(0.01);
  T mu = T(0.9);
  bool nesterov = false;

  // p, g and buf are (n,); buf is this optimizer's velocity, zero before the first step.
  void update(int n, T* p, const T* g, T* buf) const {
    kernels::momentum_update(n, p, g, buf, lr, mu, nesterov);
  }
};

}  // namespace descent
