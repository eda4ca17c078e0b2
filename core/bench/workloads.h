// workloads.h: the peer-benchmark workloads of shared/bench/WORKLOADS.md as engine code, so the
// CLI (`descent bench`), a WebAssembly harness and the web bench page all time exactly the same
// work: W1 MLP and W2 softmax training (one epoch, file order), W3 kNN, W4 SGEMM, W5 the 2-D net.
// Each run_* call is one fresh, timed run (steady clock) returning its figures and quality
// numbers; repeating runs, medians and printing belong to the caller. Not a test: no assertions.
// Usage: Result<DataSplits> d = load_dataset(fashion_mnist_request(""));
//        Result<EpochRun> r = run_w1(*d);   // r->samples_per_s, r->train_loss_full, ...
#pragma once
#include <string>

#include "core/data/dataset.h"
#include "core/data/registry.h"
#include "core/knn/knn.h"
#include "core/status.h"

namespace descent::bench {

// Fashion-MNIST as the workloads read it: all 60 000 training images (no validation split) and
// the 10 000 test images, in file order. dir "" = the default folder.
DataRequest fashion_mnist_request(const std::string& dir);

struct EpochRun {
  double seconds = 0;            // the timed epoch: batches, forward, backward, update, loss read-back
  double samples_per_s = 0;      // training rows / seconds
  double train_loss_full = 0;    // mean cross-entropy over the training set after the epoch (no penalty)
  double train_loss_last100 = 0; // mean of the last 100 mini-batch losses (data + penalty, as recorded)
  double test_acc = 0;
};

// W1: 784 -> 128 (ReLU) -> 10, Xavier init from mulberry32(42), SGD momentum 0.9, lr 0.05, batch 64.
Result<EpochRun> run_w1(const DataSplits& data);
// W2: 784 -> 10 softmax, as W1 plus the L2 penalty on W (torch weight_decay 1e-4).
Result<EpochRun> run_w2(const DataSplits& data);

struct KnnRun {
  double seconds = 0;  // fit (memorise, byte detection) + distances + top-k + vote
  double acc = 0;      // on the queries
  int queries = 0;
};
// W3: k = 5 over all training rows, the first `queries` test rows. Copies the training arrays
// before the timed region (a peer holds them in memory too).
KnnRun run_w3(const DataSplits& data, Metric metric, int queries);

// W4: C = A·B (row-major, no transposes, beta 0) on uniform [-0.5, 0.5) data, timed over
// `iterations` calls after one warm-up call; GFLOP/s = 2 M N K iterations / seconds / 1e9.
struct GemmRun {
  double seconds = 0;
  double gflops = 0;
};
GemmRun run_w4(int M, int K, int N, long iterations);

struct SpiralRun {
  double seconds = 0;        // the 1000 full-batch steps
  double steps_per_s = 0;
  double final_loss = 0;     // the 1000th step's loss, read back (the peers' figure)
  double loss_after = 0;     // evaluated after the 1000th update
  double train_acc = 0;      // after the 1000th update
};
// W5: the spiral (2 x 250 points, no noise), 2 -> 8 (tanh) -> 8 (tanh) -> 2, plain gradient
// descent lr 0.1, 1000 steps.
SpiralRun run_w5();

}  // namespace descent::bench
