// device_training.h: training on a ComputeDevice: TrainingSession (core/train/session.h) with its
// steps on the device through a StepBackend (core/train/step_backend.h). The session keeps the
// same initial weights, mini-batch order, dropout masks and bookkeeping; the weights, gradients and
// the optimizer's state stay on the device, each batch goes up and each step's loss comes back.
// On the CPU device the losses equal the host's steps bit for bit; on GL they agree to rounding
// (tests/gpu states how closely).
// Usage: TrainingSession s(data, desc); s.use_backend(*device_backend(dev, s.network(), desc.optimizer, batch));
#pragma once
#include <memory>
#include <vector>

#include "core/compute/device_network.h"
#include "core/optim/optimizer.h"
#include "core/train/session.h"

namespace descent::compute {

// An optimizer's rule (Optimizer<float>, core/optim) applied to parameters on a device: the same
// hyper-parameters, bias corrections and update kernels, with its state buffers on the device.
class DeviceOptimizer {
 public:
  static Result<DeviceOptimizer> create(ComputeDevice& dev, const OptimizerDesc& desc, size_t num_params);
  void step(FloatSpan params, FloatSpan grads);
  OptimizerDesc& hyper() { return rule_.hyper(); }  // resolved, editable between steps
  long steps() const { return t_; }

 private:
  ComputeDevice* dev_ = nullptr;
  Optimizer<float> rule_;  // holds the resolved hyper-parameters (its own state stays empty)
  size_t n_ = 0;
  long t_ = 0;
  std::shared_ptr<Buffer> s1_, s2_;  // velocity / accumulator / first moment; Adam's second moment
};

// A StepBackend on `dev`, starting from `net`'s weights (a session's network()) and a fresh state of
// the optimizer `opt`, for batches of up to `max_batch` rows.
Result<std::unique_ptr<StepBackend>> device_backend(ComputeDevice& dev, const Network<float>& net,
                                                    const OptimizerDesc& opt, int max_batch);
// A TrainingSession (checked as TrainingSession::create) whose steps run on `dev`.
Result<std::unique_ptr<TrainingSession>> device_session(ComputeDevice& dev, std::shared_ptr<const DataSplits> data,
                                                        const TrainDesc& desc);

}  // namespace descent::compute
