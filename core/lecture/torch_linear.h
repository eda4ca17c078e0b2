// torch_linear.h: chapter 7's Torch example, the gradient check of the lecture's smallest model:
// nn.Linear(1, 2) with nn.CrossEntropyCriterion on one input x = 0.1854 of target class 1 (Torch
// counts classes from 1). Central differences of the two weights, gradWeight from backward, and
// their relative errors (plus the engine's full check, core/nn/gradcheck.h), on the engine's own
// Network<double> (core/nn/network.h). Weights default to Torch's nn.Linear reset (InitKind::Torch).
// For two classes |dL/dW_j| = (1 - e^{-L}) |x| whatever the weights, so the slide's printed loss
// e1 = 0.7858 and its differences +-0.0646 at x = 0.1854 cannot come from one run: slide_check
// computes both sides.
// Usage: Result<TorchLinear> r = torch_linear(torch_linear_inputs(1));  r->grad_weight, r->numeric
#pragma once
#include <cstdint>
#include <vector>

#include "core/lecture/linear_scores.h"
#include "core/status.h"

namespace descent::lecture {

struct TorchLinearInputs {
  double x = 0.1854;
  int target = 1;      // Torch's class number, 1 or 2
  double h = 1e-4;     // the difference step
  std::vector<double> weight;  // (2, 1): nn.Linear(1, 2).weight
  std::vector<double> bias;    // (2)
  uint32_t seed = 1;   // where weight and bias came from (Torch's reset drawn from Rng(seed))
};

// The lecture's input with weight and bias drawn as nn.Linear(1, 2):reset() does, from Rng(seed).
TorchLinearInputs torch_linear_inputs(uint32_t seed);

struct TorchLinear {
  TorchLinearInputs in;
  std::vector<double> scores, probabilities;  // (2) o = W x + b, softmax(o)
  double loss = 0;                            // -ln p_target
  std::vector<double> numeric;                // (2) (L(W_j + h) - L(W_j - h)) / 2h
  std::vector<double> grad_weight;            // (2) backward's gradWeight
  std::vector<double> grad_bias;              // (2) backward's gradBias
  std::vector<double> rel_error;              // (2) |grad - numeric| / max(|grad|, |numeric|)
  double check_max_rel_error = 0;             // the engine's gradient check, all four parameters
  bool check_passed = false;
  double grad_from_loss = 0;                  // (1 - e^{-L}) |x|: |gradWeight_j| for two classes
  std::vector<SlideCheck> slide;              // only at the lecture's x
};

// Errors (Usage): non-finite x, weights or bias; target not 1 or 2; h not in (0, 1]; weight and
// bias not of two values each.
Result<TorchLinear> torch_linear(const TorchLinearInputs& in);

}  // namespace descent::lecture
