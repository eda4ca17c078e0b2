// model_cost.h: the floating-point operations of one training step of a model (forward and
// backward, multiply-adds counted as 2), known before it is built, so an interactive client can
// refuse a step that would freeze it for seconds, saying why. Not a memory budget (memory_budget.h
// counts the bytes, and the parameters) and not a timer.
// Usage: double f = training_step_flops(desc, 784, 10, 64);
#pragma once
#include "core/nn/model_desc.h"

namespace descent {

// One step on a batch of `batch` rows: forward X·Wᵀ per layer (2·B·in·out), backward dW and dX
// (2 more of the same each): 6·B·Σ in·out, plus the elementwise terms (small beside them).
double training_step_flops(const ModelDesc& desc, int input_dim, int classes, int batch);

}  // namespace descent
