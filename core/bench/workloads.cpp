// workloads.cpp: W1..W5 of shared/bench/WORKLOADS.md on the engine (workloads.h).
#include "core/bench/workloads.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "core/data/toy2d.h"
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

Result<EpochRun> run_epoch(const DataSplits& data, const ModelDesc& model) {
  if (data.train.size() == 0) return make_error(ErrorCode::Usage, "the workload needs a training set");
  TrainDesc desc;
  desc.model = model;
  desc.model.init = InitKind::Xavier;
  desc.optimizer = {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9};
  desc.batch = 64;
  desc.seed = 42;
  desc.shuffle = false;  // file order: each batch is a slice of the training set
  desc.evaluate_epochs = false;
  // A non-owning view of the caller's data (TrainingSession shares ownership of what it trains on).
  std::shared_ptr<const DataSplits> view(&data, [](const DataSplits*) {});
  TrainingSession session(view, desc);  // model construction and init: not timed
  const auto t0 = Clock::now();
  if (Status s = session.run_epoch(); !s) return s;
  EpochRun r;
  r.seconds = seconds_since(t0);
  r.samples_per_s = double(data.train.size()) / r.seconds;
  const std::vector<float>& losses = session.step_losses();
  const size_t n100 = std::min<size_t>(100, losses.size());
  double sum = 0;
  for (size_t i = losses.size() - n100; i < losses.size(); ++i) sum += losses[i];
  r.train_loss_last100 = n100 ? sum / double(n100) : 0.0;
  r.train_loss_full = mean_ce(session.network(), data.train);
  r.test_acc = data.test.size() ? session.accuracy(data.test) : 0.0;
  return r;
}

}  // namespace

DataRequest fashion_mnist_request(const std::string& dir) {
  DataRequest r;
  r.name = "fashion-mnist";
  r.dir = dir;
  r.val_fraction = 0.0;
  return r;
}

Result<EpochRun> run_w1(const DataSplits& data) {
  ModelDesc m;
  m.kind = ModelKind::MLP;
  m.hidden = {128};
  m.activation = kernels::Activation::ReLU;
  return run_epoch(data, m);
}

Result<EpochRun> run_w2(const DataSplits& data) {
  ModelDesc m;
  m.kind = ModelKind::Softmax;
  // WORKLOADS: g_W += 1e-4 W (coupled, W only); Descent's L2 is lambda sum W^2, gradient 2 lambda W.
  m.reg = {Regularizer::L2, 0.5e-4, 0.5};
  return run_epoch(data, m);
}

KnnRun run_w3(const DataSplits& data, Metric metric, int queries) {
  const Dataset& train = data.train;
  const Dataset& test = data.test;
  KnnRun r;
  r.queries = std::clamp(queries, 0, test.size());
  Matrix<float> Q(r.queries, test.dim());
  std::copy(test.X.ptr(), test.X.ptr() + Q.size(), Q.ptr());
  Matrix<float> X = train.X;  // the arrays in memory, as a peer holds them: not timed
  std::vector<int> y = train.y;
  const auto t0 = Clock::now();
  KNearestNeighbor knn;
  knn.train(std::move(X), std::move(y), train.num_classes);  // the "fit"
  const std::vector<int> pred = knn.predict(Q, 5, metric);
  r.seconds = seconds_since(t0);
  int correct = 0;
  for (int i = 0; i < r.queries; ++i) correct += pred[size_t(i)] == test.y[size_t(i)];
  r.acc = r.queries ? double(correct) / r.queries : 0.0;
  return r;
}

GemmRun run_w4(int M, int K, int N, long iterations) {
  Rng rng(42);
  std::vector<float> A(size_t(M) * size_t(K)), B(size_t(K) * size_t(N)), C(size_t(M) * size_t(N));
  for (float& v : A) v = float(rng.uniform() - 0.5);
  for (float& v : B) v = float(rng.uniform() - 0.5);
  auto call = [&] { kernels::gemm(kernels::Trans::No, kernels::Trans::No, M, N, K, A.data(), B.data(), 0.f, C.data()); };
  call();  // warm-up: page-in, packing buffers
  GemmRun r;
  const auto t0 = Clock::now();
  for (long i = 0; i < iterations; ++i) call();
  r.seconds = seconds_since(t0);
  r.gflops = r.seconds > 0 ? 2.0 * M * double(N) * double(K) * double(iterations) / r.seconds / 1e9 : 0.0;
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
