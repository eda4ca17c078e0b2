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

Result<std::unique_ptr<DeviceTrainingSession>> DeviceTrainingSession::create(ComputeDevice& dev,
                                                                             std::shared_ptr<const DataSplits> data,
                                                                             const TrainDesc& desc) {
  std::unique_ptr<DeviceTrainingSession> s(new DeviceTrainingSession(std::move(data), desc));
  const Dataset& train = s->data_->train;
  Network<float> host(desc.model, train.dim(), train.num_classes);
  host.init(init_seed(desc.seed));
  Result<std::unique_ptr<DeviceNetwork>> net = DeviceNetwork::create(dev, host);
  if (!net) return net.status();
  s->net_ = std::move(*net);
  Result<DeviceOptimizer> opt = DeviceOptimizer::create(dev, desc.optimizer, s->net_->num_params());
  if (!opt) return opt.status();
  s->opt_ = std::move(*opt);
  const int n = train.size();
  s->batch_size_ = desc.batch <= 0 || desc.batch >= n ? n : desc.batch;
  s->batches_per_epoch_ = s->batch_size_ > 0 ? (n + s->batch_size_ - 1) / s->batch_size_ : 0;
  const size_t B = size_t(std::max(s->batch_size_, 1));
  Result<BufferPtr> x = dev.alloc(B * size_t(std::max(train.dim(), 1)) * sizeof(float));
  if (!x) return x.status();
  Result<BufferPtr> y = dev.alloc(B * sizeof(int32_t));
  if (!y) return y.status();
  s->dev_x_ = std::move(*x);
  s->dev_y_ = std::move(*y);
  s->start_epoch();
  return s;
}

void DeviceTrainingSession::start_epoch() {
  epoch_order(data_->train.size(), desc_.shuffle, order_rng_, &order_);
  batch_in_epoch_ = 0;
  epoch_loss_sum_ = 0;
}

Status DeviceTrainingSession::step() {
  if (diverged_)
    return make_error(ErrorCode::Diverged, "training has diverged; reset it with a smaller learning rate");
  const Dataset& train = data_->train;
  if (batches_per_epoch_ == 0) return make_error(ErrorCode::Usage, "the training set is empty");
  const int first = batch_in_epoch_ * batch_size_;
  const int B = std::min(batch_size_, train.size() - first);
  const int D = train.dim();
  const float* X = train.X.row(first);  // file order: a slice of the training set
  const int* y = train.y.data() + first;
  if (desc_.shuffle) {
    batch_x_.resize(size_t(B) * size_t(D));
    batch_y_.resize(size_t(B));
    gather_batch(train, order_.data() + first, B, batch_x_.data(), batch_y_.data());
    X = batch_x_.data();
    y = batch_y_.data();
  }
  ComputeDevice& dev = net_->device();
  if (Status s = dev.upload(*dev_x_, 0, X, size_t(B) * size_t(D) * sizeof(float)); !s) return s;
  if (Status s = dev.upload(*dev_y_, 0, y, size_t(B) * sizeof(int)); !s) return s;
  Result<LossValue> loss = net_->forward_backward(span_of<float>(*dev_x_), span_of<int32_t>(*dev_y_), B,
                                                  desc_.model.dropout > 0 ? &dropout_rng_ : nullptr);
  if (!loss) return loss.status();
  if (!std::isfinite(loss->total())) {
    diverged_ = true;
    return divergence_error(loss->total(), steps_ + 1, epoch_ + 1, opt_.hyper().lr);
  }
  opt_.step(net_->params(), net_->grads());
  ++steps_;
  step_losses_.push_back(float(loss->total()));
  epoch_loss_sum_ += loss->total();
  if (++batch_in_epoch_ == batches_per_epoch_) return finish_epoch();
  return Status::ok();
}

Status DeviceTrainingSession::finish_epoch() {
  EpochStats e;
  e.epoch = ++epoch_;
  e.loss = epoch_loss_sum_ / double(batches_per_epoch_);
  opt_.hyper().lr *= desc_.lr_decay;
  start_epoch();
  if (desc_.evaluate_epochs) {
    Result<double> train_acc = accuracy(data_->train);
    if (!train_acc) return train_acc.status();
    e.train_acc = *train_acc;
    if (data_->val.size() > 0) {
      Result<double> val_acc = accuracy(data_->val);
      if (!val_acc) return val_acc.status();
      e.val_acc = *val_acc;
    }
  }
  epochs_.push_back(e);
  return Status::ok();
}

Status DeviceTrainingSession::run_epoch() {
  const int target = epoch_ + 1;
  while (epoch_ < target)
    if (Status s = step(); !s) return s;
  return Status::ok();
}

Result<double> DeviceTrainingSession::loss(const Dataset& d) {
  constexpr int kChunk = 1024;  // as TrainingSession::loss
  double sum = 0.0;
  for (int start = 0; start < d.size(); start += kChunk) {
    const int n = std::min(kChunk, d.size() - start);
    Result<LossValue> v = net_->loss(d.X.row(start), d.y.data() + start, n);
    if (!v) return v.status();
    sum += v->data * n;
  }
  Result<LossValue> reg = net_->loss(d.X.ptr(), d.y.data(), std::min(1, d.size()));
  if (!reg) return reg.status();
  return d.size() > 0 ? sum / d.size() + reg->reg : 0.0;
}

}  // namespace descent::compute
