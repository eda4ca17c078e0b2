// momentum_forms.h: chapter 9's worked example, the two ways momentum is written. The lecture:
//   m = a m + lr dL/dW;  W = W - m
// torch.optim.SGD (and Descent's optimizer, core/optim/momentum.h):
//   v = mu v + g;  W = W - lr v
// With a constant lr and a = mu they are the same iterates (m = lr v; they differ only in
// rounding), and a = 0 is plain gradient descent. Both are run here on a lab surface from the same
// start: the lecture's form in its own words (below), torch's form by the engine's Momentum update;
// and a = 0 against plain gradient descent in each form, compared bit for bit.
// Usage: Result<MomentumForms> r = momentum_forms(lecture_momentum_inputs());  r->max_difference
#pragma once
#include <array>
#include <vector>

#include "core/status.h"
#include "core/surface/surface.h"

namespace descent::lecture {

struct MomentumFormsInputs {
  SurfaceDesc surface;
  double x0 = 0, y0 = 0;
  double lr = 0.01;
  double a = 0.9;   // the lecture's alpha = torch's mu
  int steps = 100;
};

// The optimisation lab's opening setting: the quadratic a = 1, b = 100 from its default start,
// its default learning rate, momentum 0.9, 100 steps.
MomentumFormsInputs lecture_momentum_inputs();

struct MomentumForms {
  MomentumFormsInputs in;
  std::vector<std::array<double, 2>> lecture;  // (steps + 1) W after each step of m = a m + lr g
  std::vector<std::array<double, 2>> torch;    // (steps + 1) W after each step of v = mu v + g
  std::vector<double> lecture_loss, torch_loss;  // (steps + 1) the surface at those points
  double max_difference = 0;  // max |W_lecture - W_torch| over steps and coordinates
  double max_m_minus_lr_v = 0;  // max |m - lr v| over steps and coordinates
  // a = 0 against plain gradient descent, W = W - lr g, for the same steps, compared bit for bit:
  bool lecture_a0_is_gd = false;  // the lecture's form with a = 0 vs the lecture's W = W - lr g
  bool torch_mu0_is_sgd = false;  // the engine's Momentum with mu = 0 vs the engine's SGD
};

// Errors (Usage): lr not positive and finite, a not in [0, 1), steps not in 1..10000, a start
// that is not finite.
Result<MomentumForms> momentum_forms(const MomentumFormsInputs& in);

}  // namespace descent::lecture
