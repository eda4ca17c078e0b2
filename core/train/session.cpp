// session.cpp: the steppable training loop (session.h).
#include "core/train/session.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/settings/setting.h"

namespace descent {

uint32_t init_seed(uint32_t seed) { return seed; }
uint32_t order_seed(uint32_t seed) { return seed ^ 0x5bd1e995u; }
uint32_t dropout_seed(uint32_t seed) { return seed ^ 0x27d4eb2fu; }

MemoryEstimate training_session_memory(const DataSplits& data, const TrainDesc& desc) {
  const int n = data.train.size();
  const int batch = desc.batch <= 0 || desc.batch >= n ? n : desc.batch;
  return training_memory(desc.model, desc.optimizer.kind, data.train.dim(), data.train.num_classes, batch, n);
}

Result<std::unique_ptr<TrainingSession>> TrainingSession::create(std::shared_ptr<const DataSplits> data,
                                                                 const TrainDesc& desc) {
  if (!data || data->train.size() == 0) return make_error(ErrorCode::Usage, "no training data: load a data set first");
  const Dataset& t = data->train;
  const std::string advice = desc.model.kind == ModelKind::MLP
                                 ? "choose fewer or narrower hidden layers (or a smaller batch)"
                                 : "use fewer input features or a smaller batch";
  if (Status s = check_memory(model_subject(desc.model, t.dim(), t.num_classes), training_session_memory(*data, desc),
                              advice);
      !s)
    return s;
  return std::make_unique<TrainingSession>(std::move(data), desc);
}

TrainingSession::TrainingSession(std::shared_ptr<const DataSplits> data, const TrainDesc& desc)
    : data_(std::move(data)),
      desc_(desc),
      net_(desc.model, data_->train.dim(), data_->train.num_classes),
      opt_(desc.optimizer, net_.params().size()),
      order_rng_(order_seed(desc.seed)),
      dropout_rng_(dropout_seed(desc.seed)) {
  net_.init(init_seed(desc.seed));
  const int n = data_->train.size();
  batch_size_ = desc.batch <= 0 || desc.batch >= n ? n : desc.batch;
  batches_per_epoch_ = batch_size_ > 0 ? (n + batch_size_ - 1) / batch_size_ : 0;
  if (desc.trajectory_every > 0) trajectory_.push_back(net_.params().value);
  start_epoch();
}

void epoch_order(int n, bool shuffle_rows, Rng& rng, std::vector<int>* order) {
  order->resize(size_t(n));
  for (int i = 0; i < n; ++i) (*order)[size_t(i)] = i;
  if (shuffle_rows) shuffle(*order, rng);
}

void gather_batch(const Dataset& train, const int* rows, int B, float* X, int* y) {
  const size_t D = size_t(train.dim());
  for (int i = 0; i < B; ++i) {
    std::memcpy(X + size_t(i) * D, train.X.row(rows[i]), sizeof(float) * D);
    y[i] = train.y[size_t(rows[i])];
  }
}

Status divergence_error(double loss, long step, int epoch, double lr) {
  return make_error(ErrorCode::Diverged, "the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                                             " at step " + std::to_string(step) + " (epoch " + std::to_string(epoch) +
                                             "): the learning rate " + settings::readable_number(lr) +
                                             " is too large; try a smaller one (e.g. a tenth of it)");
}

void TrainingSession::start_epoch() {
  epoch_order(data_->train.size(), desc_.shuffle, order_rng_, &order_);
  batch_in_epoch_ = 0;
  epoch_loss_sum_ = 0;
}

Status TrainingSession::step() {
  if (diverged_)
    return make_error(ErrorCode::Diverged, "training has diverged; reset it with a smaller learning rate");
  const Dataset& train = data_->train;
  if (batches_per_epoch_ == 0) return make_error(ErrorCode::Usage, "the training set is empty");
  // The last batch of an epoch may be partial (it is trained on, its loss averaged over its rows).
  const int first = batch_in_epoch_ * batch_size_;
  const int B = std::min(batch_size_, train.size() - first);
  const float* X = nullptr;
  const int* y = nullptr;
  if (!desc_.shuffle) {
    // File order: the batch is rows [first, first + B) of the training set, a slice (no copy).
    X = train.X.row(first);
    y = train.y.data() + first;
  } else {
    batch_x_.resize(B, train.dim());
    batch_y_.resize(size_t(B));
    gather_batch(train, order_.data() + first, B, batch_x_.ptr(), batch_y_.data());
    X = batch_x_.ptr();
    y = batch_y_.data();
  }
  Rng* dropout = desc_.model.dropout > 0 ? &dropout_rng_ : nullptr;
  LossValue loss;
  if (backend_) {
    if (!backend_error_.is_ok()) return backend_error_;
    Result<LossValue> r = backend_->forward_backward(X, y, B, dropout);
    if (!r) return r.status();
    loss = *r;
  } else {
    loss = net_.forward_backward(X, y, B, dropout);
  }
  if (!std::isfinite(loss.total())) {
    diverged_ = true;
    return divergence_error(loss.total(), steps_ + 1, epoch_ + 1, opt_.hyper().lr);
  }
  if (backend_) {
    if (Status s = backend_->update(); !s) return s;
    host_stale_ = true;
  } else {
    opt_.step(net_.params().value.data(), net_.params().grad.data());
  }
  ++steps_;
  step_losses_.push_back(float(loss.total()));
  epoch_loss_sum_ += loss.total();
  if (desc_.trajectory_every > 0 && steps_ % desc_.trajectory_every == 0) trajectory_.push_back(network().params().value);
  if (++batch_in_epoch_ == batches_per_epoch_) finish_epoch();
  return Status::ok();
}

void TrainingSession::finish_epoch() {
  EpochStats e;
  e.epoch = ++epoch_;
  e.loss = epoch_loss_sum_ / double(batches_per_epoch_);
  if (desc_.evaluate_epochs) {
    e.train_acc = accuracy(data_->train);
    e.val_acc = data_->val.size() > 0 ? accuracy(data_->val) : 0.0;
  }
  epochs_.push_back(e);
  opt_.hyper().lr *= desc_.lr_decay;
  if (backend_) backend_->set_lr(opt_.hyper().lr);
  start_epoch();
}

Status TrainingSession::use_backend(std::unique_ptr<StepBackend> backend) {
  if (steps_ > 0)
    return make_error(ErrorCode::Usage, "a training session's device is chosen before its first step");
  backend_ = std::move(backend);
  host_stale_ = false;
  backend_error_ = Status::ok();
  return Status::ok();
}

void TrainingSession::sync_host() {
  if (!backend_ || !host_stale_) return;
  if (Status s = backend_->read_params(&net_.params().value); !s) {
    backend_error_ = s;
    return;
  }
  host_stale_ = false;
}

Status TrainingSession::run_epoch() {
  const int target = epoch_ + 1;
  while (epoch_ < target) {
    Status s = step();
    if (!s) return s;
  }
  return Status::ok();
}

double TrainingSession::loss(const Dataset& d) {
  sync_host();
  constexpr int kChunk = 1024;
  double sum = 0.0;
  for (int start = 0; start < d.size(); start += kChunk) {
    const int n = std::min(kChunk, d.size() - start);
    LossValue v = net_.loss(d.X.row(start), d.y.data() + start, n);
    sum += v.data * n;
  }
  double reg = net_.loss(d.X.ptr(), d.y.data(), std::min(1, d.size())).reg;
  return d.size() > 0 ? sum / d.size() + reg : 0.0;
}

}  // namespace descent
