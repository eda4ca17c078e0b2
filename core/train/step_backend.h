// step_backend.h: where a TrainingSession's steps run when not on the host's SIMD kernels (a
// compute device: core/compute/device_training.h). The backend holds the weights, the gradients
// and the optimizer's state; the session keeps everything else (the batches and their order, the
// dropout stream, the losses, the epochs) and a host copy of the weights, read back from the
// backend when something reads them. So the session's results are the same whichever runs its
// steps (bit for bit on the CPU device, to rounding on GL).
#pragma once
#include <vector>

#include "core/nn/network.h"
#include "core/rng.h"
#include "core/status.h"

namespace descent {

class StepBackend {
 public:
  virtual ~StepBackend() = default;
  // Loss of labels y (B) for host rows X (B, D), and every parameter's gradient, as
  // Network<float>::forward_backward (dropout_rng non-null: training mode, masks drawn from it).
  virtual Result<LossValue> forward_backward(const float* X, const int* y, int B, Rng* dropout_rng) = 0;
  // The optimizer's update from the last gradients (not called when the loss was not finite).
  virtual Status update() = 0;
  // The learning rate from now on (the session's per-epoch decay).
  virtual void set_lr(double lr) = 0;
  // The weights, read back into `values` (P, its size already; written in place, not reallocated:
  // a network's layers view that storage).
  virtual Status read_params(std::vector<float>* values) = 0;
};

}  // namespace descent
