// device_training.h: TrainingSession (core/train/session.h) with the model on a ComputeDevice:
// the same initial weights, mini-batch order, dropout masks and optimizer rule from the same
// TrainDesc, so with the same seed the two sessions see the same batches; the weights stay on the
// device and only each batch goes up and each step's loss comes back. On the CPU device the losses
// equal TrainingSession's bit for bit; on GL they agree to rounding (tests/gpu states how closely).
// Not a replacement for TrainingSession (no trajectory snapshots; the app and CLI default to it).
// Usage: auto s = DeviceTrainingSession::create(dev, data, desc); while (...) if (!(*s)->step()) break;
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

class DeviceTrainingSession {
 public:
  static Result<std::unique_ptr<DeviceTrainingSession>> create(ComputeDevice& dev,
                                                               std::shared_ptr<const DataSplits> data,
                                                               const TrainDesc& desc);

  // As TrainingSession::step: one update on the next mini-batch; a Diverged error once the loss is
  // not finite (nothing changes, the session stays diverged); a device error as it comes.
  Status step();
  Status run_epoch();

  long steps() const { return steps_; }
  int epoch() const { return epoch_; }
  int batches_per_epoch() const { return batches_per_epoch_; }
  int batch_in_epoch() const { return batch_in_epoch_; }
  bool diverged() const { return diverged_; }
  const std::vector<float>& step_losses() const { return step_losses_; }
  const std::vector<EpochStats>& epochs() const { return epochs_; }

  Result<double> accuracy(const Dataset& d) { return net_->accuracy(d.X.ptr(), d.y.data(), d.size()); }
  Result<double> loss(const Dataset& d);  // as TrainingSession::loss
  DeviceNetwork& network() { return *net_; }
  DeviceOptimizer& optimizer() { return opt_; }
  const TrainDesc& desc() const { return desc_; }

 private:
  DeviceTrainingSession(std::shared_ptr<const DataSplits> data, const TrainDesc& desc)
      : data_(std::move(data)), desc_(desc), order_rng_(order_seed(desc.seed)), dropout_rng_(dropout_seed(desc.seed)) {}
  void start_epoch();
  Status finish_epoch();

  std::shared_ptr<const DataSplits> data_;
  TrainDesc desc_;
  std::unique_ptr<DeviceNetwork> net_;
  DeviceOptimizer opt_;
  Rng order_rng_, dropout_rng_;
  std::vector<int> order_;
  std::vector<float> batch_x_;  // (B, D) host rows, uploaded each step
  std::vector<int> batch_y_;
  BufferPtr dev_x_, dev_y_;
  int batch_size_ = 0, batches_per_epoch_ = 0, batch_in_epoch_ = 0, epoch_ = 0;
  long steps_ = 0;
  bool diverged_ = false;
  double epoch_loss_sum_ = 0;
  std::vector<float> step_losses_;
  std::vector<EpochStats> epochs_;
};

}  // namespace descent::compute
