// device_training.cpp: the steppable training loop on a device (device_training.h), in
// session.cpp's order: batch, forward/backward, divergence check, optimizer step, bookkeeping.
#include "core/compute/device_training.h"

#include <algorithm>
#include <cmath>

namespace descent::compute {

Result<DeviceOptimizer> DeviceOptimizer::create(ComputeDevice& dev, const OptimizerDesc& desc, size_t num_params) {
  DeviceOptimizer o;
  o.dev_ = &dev;
  o.rule_ = Optimizer<float>(desc, 0);
  o.n_ = num_params;
  const OptimizerKind kind = o.rule_.hyper().kind;
  const int buffers = kind == OptimizerKind::SGD ? 0 : kind == OptimizerKind::Adam ? 2 : 1;
  for (int i = 0; i < buffers; ++i) {
    Result<BufferPtr> b = dev.alloc(std::max<size_t>(num_params, 1) * sizeof(float));  // zero: torch's initial state
    if (!b) return b.status();
    (i == 0 ? o.s1_ : o.s2_) = std::shared_ptr<Buffer>(std::move(*b));
  }
  return o;
}

void DeviceOptimizer::step(FloatSpan p, FloatSpan g) {
  ++t_;
  // The arguments Optimizer<float>::step hands to the update kernels (core/optim/*.h).
  const OptimizerDesc& d = rule_.hyper();
  const FloatSpan s1 = s1_ ? span_of<float>(*s1_) : FloatSpan{}, s2 = s2_ ? span_of<float>(*s2_) : FloatSpan{};
  switch (d.kind) {
    case OptimizerKind::SGD: dev_->sgd_update(n_, p, g, float(d.lr)); break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
      dev_->momentum_update(n_, p, g, s1, float(d.lr), float(d.momentum), d.kind == OptimizerKind::Nesterov);
      break;
    case OptimizerKind::AdaGrad: dev_->adagrad_update(n_, p, g, s1, float(d.lr), float(d.eps)); break;
    case OptimizerKind::RMSProp: dev_->rmsprop_update(n_, p, g, s1, float(d.lr), float(d.alpha), float(d.eps)); break;
    case OptimizerKind::Adam: {
      // As Adam<float>::update: the float betas, bias corrections in double, rounded once.
      const float b1 = float(d.beta1), b2 = float(d.beta2);
      const double bc1 = 1.0 - std::pow(double(b1), double(t_)), bc2 = 1.0 - std::pow(double(b2), double(t_));
      dev_->adam_update(n_, p, g, s1, s2, float(d.lr), b1, b2, float(d.eps), float(bc1), float(bc2));
      break;
    }
  }
}

namespace {

class DeviceStepper final : public StepBackend {
 public:
  DeviceStepper(std::unique_ptr<DeviceNetwork> net, DeviceOptimizer opt, BufferPtr x, BufferPtr y, int dim)
      : net_(std::move(net)), opt_(std::move(opt)), x_(std::move(x)), y_(std::move(y)), dim_(dim) {}

  Result<LossValue> forward_backward(const float* X, const int* y, int B, Rng* dropout_rng) override {
    ComputeDevice& dev = net_->device();
    if (Status s = dev.upload(*x_, 0, X, size_t(B) * size_t(dim_) * sizeof(float)); !s) return s;
    if (Status s = dev.upload(*y_, 0, y, size_t(B) * sizeof(int)); !s) return s;
    return net_->forward_backward(span_of<float>(*x_), span_of<int32_t>(*y_), B, dropout_rng);
  }
  Status update() override {
    opt_.step(net_->params(), net_->grads());
    return Status::ok();  // a device error comes with the next read-back
  }
  void set_lr(double lr) override { opt_.hyper().lr = lr; }
  Status read_params(std::vector<float>* values) override {
    Result<std::vector<float>> p = net_->download_params();
    if (!p) return p.status();
    if (p->size() != values->size())
      return make_error(ErrorCode::Internal, "device training: " + std::to_string(p->size()) + " weights read back, " +
                                                 std::to_string(values->size()) + " expected");
    std::copy(p->begin(), p->end(), values->begin());  // in place: the network's layers view this storage
    return Status::ok();
  }

 private:
  std::unique_ptr<DeviceNetwork> net_;
  DeviceOptimizer opt_;
  BufferPtr x_, y_;  // one batch's rows and labels
  int dim_;
};

}  // namespace

Result<std::unique_ptr<StepBackend>> device_backend(ComputeDevice& dev, const Network<float>& net,
                                                    const OptimizerDesc& opt, int max_batch) {
  Result<std::unique_ptr<DeviceNetwork>> dnet = DeviceNetwork::create(dev, net);
  if (!dnet) return dnet.status();
  Result<DeviceOptimizer> dopt = DeviceOptimizer::create(dev, opt, (*dnet)->num_params());
  if (!dopt) return dopt.status();
  const size_t B = size_t(std::max(max_batch, 1)), D = size_t(std::max(net.input_dim(), 1));
  Result<BufferPtr> x = dev.alloc(B * D * sizeof(float));
  if (!x) return x.status();
  Result<BufferPtr> y = dev.alloc(B * sizeof(int32_t));
  if (!y) return y.status();
  return std::unique_ptr<StepBackend>(
      std::make_unique<DeviceStepper>(std::move(*dnet), std::move(*dopt), std::move(*x), std::move(*y), int(D)));
}

Result<std::unique_ptr<TrainingSession>> device_session(ComputeDevice& dev, std::shared_ptr<const DataSplits> data,
                                                        const TrainDesc& desc) {
  Result<std::unique_ptr<TrainingSession>> s = TrainingSession::create(std::move(data), desc);
  if (!s) return s.status();
  TrainingSession& session = **s;
  Result<std::unique_ptr<StepBackend>> b = device_backend(dev, session.network(), desc.optimizer, session.batch_size());
  if (!b) return b.status();
  if (Status st = session.use_backend(std::move(*b)); !st) return st;
  return s;
}

}  // namespace descent::compute
