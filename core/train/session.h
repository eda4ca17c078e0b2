// session.h: a training run that advances one mini-batch at a time, for a UI frame budget or a
// CLI loop, and exposes what a UI draws: per-step losses, per-epoch accuracies, the parameters and
// their trajectory through weight space. Two sessions with the same seed and data start from
// identical weights and see identical mini-batches in identical order, whatever their optimizers,
// so SGD and momentum can be compared fairly. Not thread-safe; not a data loader.
// Usage: auto s = TrainingSession::create(data, desc); if (!s) return s.status();
//        while ((*s)->epoch() < 10) if (Status st = (*s)->step(); !st) break;
#pragma once
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/memory_budget.h"
#include "core/nn/network.h"
#include "core/optim/optimizer.h"
#include "core/status.h"
#include "core/train/step_backend.h"

namespace descent {

struct TrainDesc {
  ModelDesc model;
  OptimizerDesc optimizer;
  int batch = 64;              // examples per step; 0 (or >= the training set) = full-batch gradient descent
  uint32_t seed = 0;           // weights, mini-batch order and dropout masks all derive from it
  bool shuffle = true;         // a fresh seeded permutation each epoch; false = file order
  int trajectory_every = 0;    // record the flat parameter vector every k steps (0 = never)
  bool evaluate_epochs = true; // at each epoch's end, measure train and validation accuracy
  double lr_decay = 1.0;       // multiply the learning rate by this after each epoch (1 = constant;
                               // torch.optim.lr_scheduler.ExponentialLR's gamma, stepped per epoch)
};

struct EpochStats {
  int epoch = 0;          // 1-based
  double loss = 0;        // mean of the epoch's mini-batch losses (data + regularisation)
  double train_acc = 0;   // on the whole training set, after the epoch
  double val_acc = 0;     // on the validation set (0 when it is empty)
};

class TrainingSession {
 public:
  // Checks first that the session fits the memory limit (memory_budget.h: parameters, gradients,
  // the optimizer's state, activations for the batch); TooLarge naming the model otherwise, and a
  // Usage error for no data. Then builds it as the constructor does.
  static Result<std::unique_ptr<TrainingSession>> create(std::shared_ptr<const DataSplits> data,
                                                         const TrainDesc& desc);
  // Unchecked: allocates whatever desc asks for (fixed workloads, tests). Prefer create().
  TrainingSession(std::shared_ptr<const DataSplits> data, const TrainDesc& desc);

  // One optimizer step on the next mini-batch. Returns a Diverged error (and changes nothing) once
  // the loss is NaN or infinite; the session then stays diverged.
  Status step();
  // Steps to the end of the current epoch.
  Status run_epoch();

  long steps() const { return steps_; }
  int epoch() const { return epoch_; }  // completed epochs
  int batches_per_epoch() const { return batches_per_epoch_; }
  int batch_size() const { return batch_size_; }  // rows per step (the last of an epoch may have fewer)
  int batch_in_epoch() const { return batch_in_epoch_; }
  bool diverged() const { return diverged_; }

  const std::vector<float>& step_losses() const { return step_losses_; }  // one per step
  const std::vector<EpochStats>& epochs() const { return epochs_; }
  // Flat parameter snapshots: the initial weights, then one every trajectory_every steps.
  const std::vector<std::vector<float>>& trajectory() const { return trajectory_; }

  double accuracy(const Dataset& d) {
    sync_host();
    return net_.accuracy(d.X.ptr(), d.y.data(), d.size());
  }
  // Mean loss (data + regularisation, evaluation mode) over a whole set, in chunks.
  double loss(const Dataset& d);

  // The network with the current weights (with a backend: read back from it when they changed).
  Network<float>& network() {
    sync_host();
    return net_;
  }
  // From the next step on, the steps run on `backend`, which starts from this session's weights
  // and a fresh optimizer state: only before the first step (a Usage error after).
  Status use_backend(std::unique_ptr<StepBackend> backend);
  bool has_backend() const { return backend_ != nullptr; }
  // Ok, or why the backend's weights could not be read back (network() then holds older ones).
  const Status& step_error() const { return backend_error_; }
  Optimizer<float>& optimizer() { return opt_; }
  const TrainDesc& desc() const { return desc_; }
  const DataSplits& data() const { return *data_; }

 private:
  void start_epoch();
  void finish_epoch();
  // The host's weights from the backend, when its steps changed them (an error is kept and
  // returned by the next step()).
  void sync_host();

  std::shared_ptr<const DataSplits> data_;
  TrainDesc desc_;
  Network<float> net_;
  Optimizer<float> opt_;
  Rng order_rng_, dropout_rng_;
  std::vector<int> order_;          // this epoch's permutation of the training rows
  Matrix<float> batch_x_;           // (B, D) rows copied from the training set
  std::vector<int> batch_y_;        // (B)
  int batch_size_ = 0, batches_per_epoch_ = 0, batch_in_epoch_ = 0, epoch_ = 0;
  long steps_ = 0;
  bool diverged_ = false;
  double epoch_loss_sum_ = 0;
  std::vector<float> step_losses_;
  std::vector<EpochStats> epochs_;
  std::vector<std::vector<float>> trajectory_;
  std::unique_ptr<StepBackend> backend_;
  bool host_stale_ = false;  // the backend's weights moved since the host's copy
  Status backend_error_;     // a read-back that failed
};

// The seeds of the independent streams a session draws from, derived from TrainDesc::seed.
// What create() checks: the memory the session will take (memory_budget.h).
MemoryEstimate training_session_memory(const DataSplits& data, const TrainDesc& desc);

uint32_t init_seed(uint32_t seed);
uint32_t order_seed(uint32_t seed);
uint32_t dropout_seed(uint32_t seed);

// The rows of one epoch in training order: 0..n-1, shuffled by rng when `shuffle` (the order every
// session built from the same seed shares).
void epoch_order(int n, bool shuffle, Rng& rng, std::vector<int>* order);
// Copies rows rows[0..B) of `train` into X (B, D) and y (B): a shuffled mini-batch.
void gather_batch(const Dataset& train, const int* rows, int B, float* X, int* y);
// The Diverged error of a step whose loss is not finite (steps and epochs counted from 1).
Status divergence_error(double loss, long step, int epoch, double lr);

}  // namespace descent
