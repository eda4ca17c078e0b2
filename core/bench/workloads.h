// workloads.h: the peer-benchmark workloads of shared/bench/WORKLOADS.md as engine code, so the
// CLI (`descent bench`), a WebAssembly harness and the web bench page all time exactly the same
// work: W1 MLP and W2 softmax training (one epoch, file order), W3 kNN, W4 SGEMM, W5 the 2-D net.
// Each run_* call is one fresh, timed run (steady clock) returning its figures and quality
// numbers; repeating runs, medians and printing belong to the caller. Not a test: no assertions.
// The overloads taking a ComputeDevice run the same work there (core/compute: the GL device),
// synchronised at the end of the timed region; plus the loss-landscape grid (not in WORKLOADS.md).
// Usage: Result<DataSplits> d = load_dataset(fashion_mnist_request(""));
//        Result<EpochRun> r = run_w1(*d);   // r->samples_per_s, r->train_loss_full, ...
#pragma once
#include <string>

#include "core/compute/compute_device.h"
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
  double seconds = 0;      // fit (memorise, byte detection) + distances + top-k + vote
  double fit_seconds = 0;  // of which the fit (on a device: the copy of the training set to it)
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
  // The device's product checked after its warm-up: the largest |C - ref| / sum_k |A_ik B_kj| over
  // 256 sampled entries, ref summed in double on the host (0 on the CPU path, which is not checked
  // here: its kernels have their own tests). Above 1e-4 the run is an error, not a figure.
  double max_rel_error = 0;
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

// ---- on a ComputeDevice ------------------------------------------------------------------------
// W1 / W2 with the model on the device (a TrainingSession stepped there, compute::device_session): batches go up, each
// step's loss comes back; train_loss_full and test_acc are evaluated on the device too.
Result<EpochRun> run_w1(const DataSplits& data, compute::ComputeDevice& dev);
Result<EpochRun> run_w2(const DataSplits& data, compute::ComputeDevice& dev);
// W3 with compute::DeviceKnn: the timed region also holds the upload of the training images.
Result<KnnRun> run_w3(const DataSplits& data, Metric metric, int queries, compute::ComputeDevice& dev);
// W4 on the device: A and B uploaded before, `iterations` products after one warm-up, then finish().
Result<GemmRun> run_w4(int M, int K, int N, long iterations, compute::ComputeDevice& dev);

// The loss-landscape grid: an MLP 784 -> 128 (ReLU) -> 10 (WORKLOADS' Xavier init, seed 42), a
// filter-normalised random plane through its weights (seed 7), the loss (mean cross-entropy) at
// grid x grid points over the first `rows` training images, all at once with compute::PlaneLosses.
struct GridRun {
  double seconds = 0;       // PlaneLosses::create (upload) + grid()
  int points = 0;
  double center_loss = 0;   // the grid's middle point: the initial weights (with an odd grid)
  double min_loss = 0, max_loss = 0;
};
Result<GridRun> run_landscape_grid(const DataSplits& data, int grid, int rows, compute::ComputeDevice& dev);

}  // namespace descent::bench
