// model_cost.h: what a model costs before it is built: its parameter count and the floating-point
// operations of one training step (forward and backward, multiply-adds counted as 2), so an
// interactive client can refuse a step that would freeze it for seconds, saying why. Not a memory
// budget of the whole process and not a timer.
// Usage: double f = training_step_flops(desc, 784, 10, 64);  long p = parameter_count(desc, 784, 10);
#pragma once
#include "core/nn/model_desc.h"

namespace descent {

// Weights and biases of the model on inputs of `input_dim` with `classes` outputs.
double parameter_count(const ModelDesc& desc, int input_dim, int classes);
// One step on a batch of `batch` rows: forward X·Wᵀ per layer (2·B·in·out), backward dW and dX
// (2 more of the same each): 6·B·Σ in·out, plus the elementwise terms (small beside them).
double training_step_flops(const ModelDesc& desc, int input_dim, int classes, int batch);

}  // namespace descent
