// batch_comparison.cpp: two training sessions, full batch and mini-batch, epoch for epoch (batch_comparison.h).
#include "core/lecture/batch_comparison.h"

#include <algorithm>
#include <string>

namespace descent::lecture {

ModelDesc lecture_batch_model() {
  ModelDesc m;
  m.kind = ModelKind::Softmax;
  m.init = InitKind::Torch;
  return m;
}

BatchComparison::BatchComparison(std::shared_ptr<const DataSplits> data, const BatchComparisonDesc& desc)
    : data_(std::move(data)), desc_(desc) {
  if (!data_ || data_->train.size() == 0) {
    status_ = make_error(ErrorCode::Usage, "batch: no training data loaded");
    return;
  }
  if (desc_.batch < 1) {
    status_ = make_error(ErrorCode::Usage, "batch: the mini-batch needs at least 1 example");
    return;
  }
  if (desc_.epochs < 1 || desc_.epochs > 1000) {
    status_ = make_error(ErrorCode::Usage, "batch: epochs must be 1..1000");
    return;
  }
  if (Status s = validate_optimizer(desc_.optimizer); !s) {
    status_ = s;
    return;
  }
  TrainDesc t;
  t.model = desc_.model;
  t.optimizer = desc_.optimizer;
  t.seed = desc_.seed;
  t.evaluate_epochs = false;  // the loss curves are measured here, on the whole training set
  t.batch = 0;                // the whole training set: gradient descent
  full_ = std::make_unique<TrainingSession>(data_, t);
  t.batch = desc_.batch;
  mini_ = std::make_unique<TrainingSession>(data_, t);
  record();
}

void BatchComparison::record() {
  full_curve_.push_back(full_->loss(data_->train));
  mini_curve_.push_back(mini_->loss(data_->train));
}

bool BatchComparison::done() const { return !status_ || int(full_curve_.size()) > desc_.epochs; }

double BatchComparison::progress() const {
  if (!status_) return 1.0;
  const double per_epoch = mini_->batches_per_epoch();
  const double in_epoch = mini_->epoch() >= int(mini_curve_.size()) ? per_epoch : mini_->batch_in_epoch();
  return std::min(1.0, (double(full_curve_.size()) - 1 + in_epoch / per_epoch) / desc_.epochs);
}

bool BatchComparison::advance() {
  if (done()) return false;
  const int epoch = int(full_curve_.size());  // the epoch being trained (1-based)
  Status s;
  if (mini_->epoch() < epoch)
    s = mini_->step();
  else if (full_->epoch() < epoch)
    s = full_->step();
  else
    record();
  if (!s) status_ = s;
  return !done();
}

}  // namespace descent::lecture
