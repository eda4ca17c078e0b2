// workloads.cpp: W1..W5 of shared/bench/WORKLOADS.md on the engine (workloads.h).
#include "core/bench/workloads.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "core/compute/device_knn.h"
#include "core/compute/device_training.h"
#include "core/compute/plane_losses.h"
#include "core/data/toy2d.h"
#include "core/landscape/plane.h"
#include "core/kernels/gemm.h"
#include "core/rng.h"
#include "core/train/session.h"

namespace descent::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Mean cross-entropy (no penalty) over a whole set, evaluation mode.
double mean_ce(Network<float>& net, const Dataset& d) {
  constexpr int kChunk = 1024;
  double sum = 0.0;
  for (int start = 0; start < d.size(); start += kChunk) {
    const int n = std::min(kChunk, d.size() - start);
    sum += net.loss(d.X.row(start), d.y.data() + start, n).data * n;
  }
  return d.size() ? sum / d.size() : 0.0;
}

TrainDesc epoch_desc(const ModelDesc& model) {
  TrainDesc desc;
  desc.model = model;
  desc.model.init = InitKind::Xavier;
  desc.optimizer = {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9};
  desc.batch = 64;
  desc.seed = 42;
  desc.shuffle = false;  // file order: each batch is a slice of the training set
  desc.evaluate_epochs = false;
  return desc;
}

// A non-owning view of the caller's data (a session shares ownership of what it trains on).
std::shared_ptr<const DataSplits> view_of(const DataSplits& data) {
  return std::shared_ptr<const DataSplits>(&data, [](const DataSplits*) {});
}

double last100(const std::vector<float>& losses) {
  const size_t n100 = std::min<size_t>(100, losses.size());
  double sum = 0;
  for (size_t i = losses.size() - n100; i < losses.size(); ++i) sum += losses[i];
  return n100 ? sum / double(n100) : 0.0;
}

// One epoch of `model` on the host's kernels (dev null) or on a device: the same session, timed alike.
Result<EpochRun> run_epoch(const DataSplits& data, const ModelDesc& model, compute::ComputeDevice* dev) {
  if (data.train.size() == 0) return make_error(ErrorCode::Usage, "the workload needs a training set");
  // Model construction, init and the copy to the device: not timed.
  Result<std::unique_ptr<TrainingSession>> made =
      dev ? compute::device_session(*dev, view_of(data), epoch_desc(model))
          : Result<std::unique_ptr<TrainingSession>>(std::make_unique<TrainingSession>(view_of(data), epoch_desc(model)));
  if (!made) return made.status();
  TrainingSession& session = **made;
  const auto t0 = Clock::now();
  if (Status s = session.run_epoch(); !s) return s;  // on a device each step reads its loss back: synchronised
  EpochRun r;
  r.seconds = seconds_since(t0);
  r.samples_per_s = double(data.train.size()) / r.seconds;
  r.train_loss_last100 = last100(session.step_losses());
  r.train_loss_full = mean_ce(session.network(), data.train);  // the weights read back from a device
  r.test_acc = data.test.size() ? session.accuracy(data.test) : 0.0;
  if (Status s = session.step_error(); !s) return s;
  return r;
}

Result<EpochRun> run_epoch(const DataSplits& data, const ModelDesc& model) { return run_epoch(data, model, nullptr); }

Result<EpochRun> run_epoch(const DataSplits& data, const ModelDesc& model, compute::ComputeDevice& dev) {
  return run_epoch(data, model, &dev);
}

ModelDesc w1_model() {
  ModelDesc m;
  m.kind = ModelKind::MLP;
  m.hidden = {128};
  m.activation = kernels::Activation::ReLU;
  return m;
}

ModelDesc w2_model() {
  ModelDesc m;
  m.kind = ModelKind::Softmax;
  // WORKLOADS: g_W += 1e-4 W (coupled, W only); Descent's L2 is lambda sum W^2, gradient 2 lambda W.
  m.reg = {Regularizer::L2, 0.5e-4, 0.5};
  return m;
}

// The first `queries` test rows and a copy of the training arrays (as a peer holds them): not timed.
struct KnnInputs {
  Matrix<float> Q, X;
  std::vector<int> y;
};
KnnInputs knn_inputs(const DataSplits& data, int queries) {
  KnnInputs in;
  const int n = std::clamp(queries, 0, data.test.size());
  in.Q = Matrix<float>(n, data.test.dim());
  std::copy(data.test.X.ptr(), data.test.X.ptr() + in.Q.size(), in.Q.ptr());
  in.X = data.train.X;
  in.y = data.train.y;
  return in;
}

double accuracy_of(const std::vector<int>& pred, const Dataset& test) {
  int correct = 0;
  for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == test.y[i];
  return pred.empty() ? 0.0 : double(correct) / double(pred.size());
}

}  // namespace

DataRequest fashion_mnist_request(const std::string& dir) {
  DataRequest r;
  r.name = "fashion-mnist";
  r.dir = dir;
  r.val_fraction = 0.0;
  return r;
}

Result<EpochRun> run_w1(const DataSplits& data) { return run_epoch(data, w1_model()); }
Result<EpochRun> run_w2(const DataSplits& data) { return run_epoch(data, w2_model()); }
Result<EpochRun> run_w1(const DataSplits& data, compute::ComputeDevice& dev) { return run_epoch(data, w1_model(), dev); }
Result<EpochRun> run_w2(const DataSplits& data, compute::ComputeDevice& dev) { return run_epoch(data, w2_model(), dev); }

KnnRun run_w3(const DataSplits& data, Metric metric, int queries) {
  KnnInputs in = knn_inputs(data, queries);
  KnnRun r;
  r.queries = in.Q.rows;
  const auto t0 = Clock::now();
  KNearestNeighbor knn;
  knn.train(std::move(in.X), std::move(in.y), data.train.num_classes);  // the "fit"
  r.fit_seconds = seconds_since(t0);
  const std::vector<int> pred = knn.predict(in.Q, 5, metric);
  r.seconds = seconds_since(t0);
  r.acc = accuracy_of(pred, data.test);
  return r;
}

Result<KnnRun> run_w3(const DataSplits& data, Metric metric, int queries, compute::ComputeDevice& dev) {
  KnnInputs in = knn_inputs(data, queries);
  KnnRun r;
  r.queries = in.Q.rows;
  const auto t0 = Clock::now();
  compute::DeviceKnn knn(dev);
  if (Status s = knn.train(in.X, in.y, data.train.num_classes); !s) return s;  // the "fit": to the device
  if (Status s = dev.finish(); !s) return s;
  r.fit_seconds = seconds_since(t0);
  Result<std::vector<int>> pred = knn.predict(in.Q, 5, metric);
  if (!pred) return pred.status();
  r.seconds = seconds_since(t0);
  r.acc = accuracy_of(*pred, data.test);
  return r;
}

namespace {
// W4's operands: uniform [-0.5, 0.5) from Rng(42), A then B.
void w4_operands(int M, int K, int N, std::vector<float>* A, std::vector<float>* B) {
  Rng rng(42);
  A->resize(size_t(M) * size_t(K));
  B->resize(size_t(K) * size_t(N));
  for (float& v : *A) v = float(rng.uniform() - 0.5);
  for (float& v : *B) v = float(rng.uniform() - 0.5);
}
double gflops(int M, int K, int N, long iterations, double seconds) {
  return seconds > 0 ? 2.0 * M * double(N) * double(K) * double(iterations) / seconds / 1e9 : 0.0;
}
}  // namespace

GemmRun run_w4(int M, int K, int N, long iterations) {
  std::vector<float> A, B, C(size_t(M) * size_t(N));
  w4_operands(M, K, N, &A, &B);
  auto call = [&] { kernels::gemm(kernels::Trans::No, kernels::Trans::No, M, N, K, A.data(), B.data(), 0.f, C.data()); };
  call();  // warm-up: page-in, packing buffers
  GemmRun r;
  const auto t0 = Clock::now();
  for (long i = 0; i < iterations; ++i) call();
  r.seconds = seconds_since(t0);
  r.gflops = gflops(M, K, N, iterations, r.seconds);
  return r;
}

Result<GemmRun> run_w4(int M, int K, int N, long iterations, compute::ComputeDevice& dev) {
  std::vector<float> A, B;
  w4_operands(M, K, N, &A, &B);
  Result<compute::BufferPtr> a = compute::upload_new(dev, A.data(), A.size()), b = compute::upload_new(dev, B.data(), B.size()),
                             c = dev.alloc(size_t(M) * size_t(N) * sizeof(float));
  for (Result<compute::BufferPtr>* x : {&a, &b, &c})
    if (!*x) return x->status();
  auto call = [&] {
    dev.gemm(kernels::Trans::No, kernels::Trans::No, M, N, K, compute::span_of<float>(**a), compute::span_of<float>(**b),
             0.f, compute::span_of<float>(**c));
  };
  call();  // warm-up: the kernel's compilation
  GemmRun r;
  {
    std::vector<float> C(size_t(M) * size_t(N));
    if (Status s = dev.download(**c, 0, C.data(), C.size() * sizeof(float)); !s) return s;
    Rng pick(12345);
    for (int e = 0; e < 256; ++e) {
      const size_t i = pick.below(uint32_t(M)), j = pick.below(uint32_t(N));
      double ref = 0, mag = 0;
      for (size_t k = 0; k < size_t(K); ++k) {
        const double t = double(A[i * size_t(K) + k]) * double(B[k * size_t(N) + j]);
        ref += t;
        mag += std::fabs(t);
      }
      r.max_rel_error = std::max(r.max_rel_error, std::fabs(double(C[i * size_t(N) + j]) - ref) / std::max(mag, 1e-30));
    }
    if (!(r.max_rel_error <= 1e-4))
      return make_error(ErrorCode::Internal, "W4 on the device: C differs from the host's double-precision product by " +
                                                 std::to_string(r.max_rel_error) + " (relative to sum |a b|; at most 1e-4 allowed)");
  }
  const auto t0 = Clock::now();
  for (long i = 0; i < iterations; ++i) call();
  if (Status s = dev.finish(); !s) return s;
  r.seconds = seconds_since(t0);
  r.gflops = gflops(M, K, N, iterations, r.seconds);
  return r;
}

Result<GridRun> run_landscape_grid(const DataSplits& data, int grid, int rows, compute::ComputeDevice& dev) {
  rows = std::clamp(rows, 1, std::max(data.train.size(), 1));
  if (data.train.size() == 0 || grid < 1) return make_error(ErrorCode::Usage, "the grid workload needs a training set");
  ModelDesc m = w1_model();
  m.init = InitKind::Xavier;
  Network<float> net(m, data.train.dim(), data.train.num_classes);
  net.init(42);
  const Plane plane = random_plane(net.params().value, net.params().tensors, 7);
  GridRun r;
  const auto t0 = Clock::now();
  auto losses = compute::PlaneLosses::create(dev, net, data.train.X.ptr(), data.train.y.data(), rows);
  if (!losses) return losses.status();
  Result<std::vector<double>> v = (*losses)->grid(plane, {-1, 1, -1, 1}, grid, grid);
  if (!v) return v.status();
  r.seconds = seconds_since(t0);
  r.points = int(v->size());
  r.center_loss = (*v)[v->size() / 2];
  r.min_loss = *std::min_element(v->begin(), v->end());
  r.max_loss = *std::max_element(v->begin(), v->end());
  return r;
}

SpiralRun run_w5() {
  Toy2dDesc toy;
  toy.kind = Toy2d::Spiral;
  toy.classes = 2;
  toy.points_per_class = 250;
  toy.noise = 0;  // WORKLOADS: r = 5 i/250, t = 1.75 (i/250) 2 pi + c pi, x = (r sin t, r cos t)
  auto data = std::make_shared<DataSplits>();
  data->train = make_toy2d(toy);
  TrainDesc desc;
  desc.model.kind = ModelKind::MLP;
  desc.model.hidden = {8, 8};
  desc.model.activation = kernels::Activation::Tanh;
  desc.model.init = InitKind::Xavier;
  desc.optimizer = {.kind = OptimizerKind::SGD, .lr = 0.1};
  desc.batch = 0;  // full batch
  desc.seed = 42;
  desc.shuffle = false;
  desc.evaluate_epochs = false;
  constexpr int kSteps = 1000;
  TrainingSession session(data, desc);
  SpiralRun r;
  const auto t0 = Clock::now();
  for (int i = 0; i < kSteps; ++i)
    if (!session.step()) break;  // cannot diverge at lr 0.1; a failure leaves fewer steps
  r.seconds = seconds_since(t0);
  r.steps_per_s = double(session.steps()) / r.seconds;
  r.final_loss = session.step_losses().empty() ? 0.0 : session.step_losses().back();
  r.loss_after = mean_ce(session.network(), data->train);
  r.train_acc = session.accuracy(data->train);
  return r;
}

}  // namespace descent::bench
