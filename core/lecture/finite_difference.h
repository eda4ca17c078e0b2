// finite_difference.h: chapter 7's first worked example, the numerical gradient by its definition
// on Loss(W) = W^2 at W = 10: the forward difference (L(W+h) - L(W)) / h (20.01 at h = 0.01, an
// error of exactly h), the central difference (L(W+h) - L(W-h)) / 2h (20 up to rounding: its error
// is O(h^2), and zero for a parabola), the exact derivative 2W = 20, and one gradient-descent step
// W - lr dL/dW with lr = 0.1 (to 8), taken by the engine's SGD update (core/optim/sgd.h).
// Usage: Result<FiniteDifference> r = finite_difference({.w = 10, .h = 0.01, .lr = 0.1});
#pragma once
#include "core/status.h"

namespace descent::lecture {

struct FiniteDifferenceInputs {
  double w = 10;
  double h = 0.01;
  double lr = 0.1;
};

struct FiniteDifference {
  FiniteDifferenceInputs in;
  double loss = 0, loss_plus = 0, loss_minus = 0;  // L(W), L(W+h), L(W-h)
  double forward = 0;  // (L(W+h) - L(W)) / h
  double central = 0;  // (L(W+h) - L(W-h)) / 2h
  double exact = 0;    // 2W
  double forward_error = 0, central_error = 0;  // |difference - exact|
  double w_next = 0;          // W - lr * exact gradient (the engine's SGD step)
  double w_next_forward = 0;  // W - lr * forward difference
};

// Errors (Usage): non-finite W or lr, h not in (0, 1e6].
Result<FiniteDifference> finite_difference(const FiniteDifferenceInputs& in);

}  // namespace descent::lecture
