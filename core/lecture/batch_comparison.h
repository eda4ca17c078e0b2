// batch_comparison.h: chapter 8's worked example, gradient descent on the whole training set
// against mini-batch SGD: the same model from the same initial weights, trained for the same number
// of epochs (passes over the data) both ways by the engine's TrainingSession (core/train), with the
// loss on the whole training set after every epoch. Full batch takes one step per epoch; mini-batches
// take N / B steps for the same arithmetic, which is why the lecture trains on mini-batches.
// Work comes one step at a time (advance), so a UI frame never waits for a whole epoch.
// Usage: BatchComparison c(data, {});  while (c.advance()) {}  c.full_curve(), c.mini_curve()
#pragma once
#include <memory>
#include <vector>

#include "core/train/session.h"

namespace descent::lecture {

// The model of the comparison: softmax (W x + b), Torch's init, no regulariser.
ModelDesc lecture_batch_model();

struct BatchComparisonDesc {
  ModelDesc model = lecture_batch_model();
  OptimizerDesc optimizer{.kind = OptimizerKind::SGD, .lr = 0.1};
  int batch = 32;   // the mini-batch; the other run takes the whole training set
  int epochs = 10;
  uint32_t seed = 0;
};

class BatchComparison {
 public:
  // Errors (status()): no training data, batch < 1, epochs not in 1..1000, a bad optimizer setting.
  BatchComparison(std::shared_ptr<const DataSplits> data, const BatchComparisonDesc& desc);
  const Status& status() const { return status_; }

  // One step of whichever run is behind (mini-batch steps first within an epoch), or, once both
  // finished an epoch, the two training losses. Returns true while work remains.
  bool advance();
  bool done() const;
  double progress() const;

  const BatchComparisonDesc& desc() const { return desc_; }
  // Loss (data + regulariser) on the whole training set after 0, 1, ... epochs.
  const std::vector<double>& full_curve() const { return full_curve_; }
  const std::vector<double>& mini_curve() const { return mini_curve_; }
  const TrainingSession* full() const { return full_.get(); }
  const TrainingSession* mini() const { return mini_.get(); }

 private:
  void record();

  std::shared_ptr<const DataSplits> data_;
  BatchComparisonDesc desc_;
  Status status_;
  std::unique_ptr<TrainingSession> full_, mini_;
  std::vector<double> full_curve_, mini_curve_;
};

}  // namespace descent::lecture
