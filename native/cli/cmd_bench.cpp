// cmd_bench.cpp: `descent bench W1|W2|W3|W4|W5`: the peer-benchmark workloads exactly as
// shared/bench/WORKLOADS.md defines them (data, deterministic init, batch order, timed region),
// each timed over --runs fresh runs (median reported, every run listed) and printed with its
// quality numbers, so bench/compare can set Descent beside PyTorch, OpenBLAS, scikit-learn, TF.js.
// Not a unit test: timings vary with the machine's load (logged as "loadavg" in every line).
// JSON (one object per line): W1/W2 {"workload","threads","samples_per_s","train_loss_full",
// "train_loss_last100","test_acc"}; W3 {"workload","metric","threads","seconds","acc"};
// W4 {"workload","m","k","n","threads","gflops"}; W5 {"workload","steps_per_s","final_loss","train_acc"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/data/registry.h"
#include "core/data/toy2d.h"
#include "core/kernels/gemm.h"
#include "core/kernels/simd_target.h"
#include "core/knn/knn.h"
#include "core/parallel/thread_pool.h"
#include "core/rng.h"
#include "core/train/session.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"

namespace descent::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct BenchFlags {
  std::string workload;
  int threads = 0;  // 0: all hardware threads (W4: 1 and 2)
  int runs = 3;
  std::string data_dir;
  std::string metric = "l2,l1";
  int queries = 2000;
  double min_time = 0.2;  // W4: seconds per timed block
  int blocks = 5;         // W4: timed blocks per shape (median)
  std::string shapes;     // W4: "MxKxN,..." (default: the four of WORKLOADS.md)
};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string loadavg() {
  std::string s;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    char buf[128] = {};
    if (std::fgets(buf, sizeof buf, f)) s = buf;
    std::fclose(f);
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0, double e = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c, d, e);
  return buf;
}

nlohmann::json common(const char* workload, int threads) {
  return {{"workload", workload}, {"threads", threads}, {"simd", kernels::simd_target_name()}, {"loadavg", loadavg()}};
}

Result<std::shared_ptr<const DataSplits>> fashion_mnist(const BenchFlags& f) {
  DataRequest r;
  r.name = "fashion-mnist";
  r.dir = f.data_dir;
  r.val_fraction = 0.0;  // WORKLOADS: train = all 60 000, test = 10 000, file order
  Result<DataSplits> s = load_dataset(r);
  if (!s) return s.status();
  return std::shared_ptr<const DataSplits>(std::make_shared<DataSplits>(std::move(*s)));
}

// Mean cross-entropy (no regularisation term) over a whole set, evaluation mode.
double mean_ce(Network<float>& net, const Dataset& d) {
  constexpr int kChunk = 1024;
  double sum = 0.0;
  for (int start = 0; start < d.size(); start += kChunk) {
    const int n = std::min(kChunk, d.size() - start);
    sum += net.loss(d.X.row(start), d.y.data() + start, n).data * n;
  }
  return d.size() ? sum / d.size() : 0.0;
}

// ---- W1 / W2: one epoch of mini-batch SGD with momentum ----------------------------------------
int run_epoch_workload(const BenchFlags& f, bool w1, const Output& out) {
  Result<std::shared_ptr<const DataSplits>> data = fashion_mnist(f);
  if (!data) return report(data.status());
  TrainDesc desc;
  if (w1) {
    desc.model.kind = ModelKind::MLP;
    desc.model.hidden = {128};
    desc.model.activation = kernels::Activation::ReLU;
  } else {
    desc.model.kind = ModelKind::Softmax;
    // WORKLOADS: g_W += 1e-4 W (coupled); Descent's L2 is lambda sum W^2, gradient 2 lambda W.
    desc.model.reg = {Regularizer::L2, 0.5e-4, 0.5};
  }
  desc.model.init = InitKind::Xavier;
  desc.optimizer = {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9};
  desc.batch = 64;
  desc.seed = 42;
  desc.shuffle = false;
  desc.evaluate_epochs = false;

  std::vector<double> rates;
  double loss_full = 0, loss_last100 = 0, test_acc = 0;
  for (int run = 0; run < f.runs; ++run) {
    TrainingSession session(*data, desc);  // model construction and init: not timed
    const auto t0 = Clock::now();
    Status s = session.run_epoch();
    const double sec = seconds_since(t0);
    if (!s) return report(s);
    rates.push_back(double((*data)->train.size()) / sec);
    const std::vector<float>& losses = session.step_losses();
    const size_t n100 = std::min<size_t>(100, losses.size());
    double sum = 0;
    for (size_t i = losses.size() - n100; i < losses.size(); ++i) sum += losses[i];
    loss_last100 = n100 ? sum / double(n100) : 0.0;
    loss_full = mean_ce(session.network(), (*data)->train);
    test_acc = session.accuracy((*data)->test);
  }
  nlohmann::json j = common(w1 ? "W1" : "W2", parallel::num_threads());
  j["samples_per_s"] = median(rates);
  j["train_loss_full"] = loss_full;
  j["train_loss_last100"] = loss_last100;
  j["test_acc"] = test_acc;
  j["runs"] = rates;
  out.emit(j, std::string(w1 ? "W1" : "W2") +
                  fmt("  threads %.0f  %.0f samples/s (median of %.0f)  train_loss_full %.5f  test_acc %.4f",
                      parallel::num_threads(), median(rates), double(rates.size()), loss_full, test_acc));
  return kExitOk;
}

// ---- W3: kNN, k = 5, the first --queries test images ---------------------------------------------
int run_w3(const BenchFlags& f, const Output& out) {
  std::vector<Metric> metrics;
  std::string rest = f.metric;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    Result<Metric> m = parse_metric(rest.substr(0, comma));
    if (!m) return usage_error("--metric: " + m.status().message);
    metrics.push_back(*m);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  Result<std::shared_ptr<const DataSplits>> data = fashion_mnist(f);
  if (!data) return report(data.status());
  const Dataset& train = (*data)->train;
  const Dataset& test = (*data)->test;
  const int nq = std::min(f.queries, test.size());
  Matrix<float> Q(nq, test.dim());
  std::copy(test.X.ptr(), test.X.ptr() + Q.size(), Q.ptr());
  for (Metric m : metrics) {
    std::vector<double> secs;
    double acc = 0;
    for (int run = 0; run < f.runs; ++run) {
      Matrix<float> X = train.X;  // the arrays in memory, as a peer holds them; not timed
      std::vector<int> y = train.y;
      const auto t0 = Clock::now();
      KNearestNeighbor knn;
      knn.train(std::move(X), std::move(y), train.num_classes);  // the "fit"
      const std::vector<int> pred = knn.predict(Q, 5, m);
      secs.push_back(seconds_since(t0));
      int correct = 0;
      for (int i = 0; i < nq; ++i) correct += pred[size_t(i)] == test.y[size_t(i)];
      acc = nq ? double(correct) / nq : 0.0;
    }
    nlohmann::json j = common("W3", parallel::num_threads());
    j["metric"] = metric_name(m);
    j["k"] = 5;
    j["queries"] = nq;
    j["seconds"] = median(secs);
    j["acc"] = acc;
    j["runs"] = secs;
    out.emit(j, std::string("W3  ") + metric_name(m) +
                    fmt("  threads %.0f  %.3f s for %.0f queries (median of %.0f)  acc %.4f", parallel::num_threads(),
                        median(secs), nq, double(secs.size()), acc));
  }
  return kExitOk;
}

// ---- W4: SGEMM C = A·B, row-major, no transposes ---------------------------------------------------
struct Shape {
  int m, k, n;
};

int run_w4(const BenchFlags& f, const Output& out) {
  std::vector<Shape> shapes = {{512, 512, 512}, {64, 784, 128}, {64, 128, 10}, {2048, 2048, 2048}};
  if (!f.shapes.empty()) {
    shapes.clear();
    std::string rest = f.shapes;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string s = rest.substr(0, comma);
      Shape sh{};
      if (std::sscanf(s.c_str(), "%dx%dx%d", &sh.m, &sh.k, &sh.n) != 3 || sh.m < 1 || sh.k < 1 || sh.n < 1 ||
          double(sh.m) * sh.k > 1e8 || double(sh.k) * sh.n > 1e8 || double(sh.m) * sh.n > 1e8)
        return usage_error("--shapes: '" + s + "' is not MxKxN with positive sizes (each matrix at most 1e8 values)");
      shapes.push_back(sh);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    }
  }
  std::vector<int> thread_counts = f.threads > 0 ? std::vector<int>{f.threads} : std::vector<int>{1, 2};
  for (const Shape& s : shapes) {
    Rng rng(42);
    std::vector<float> A(size_t(s.m) * size_t(s.k)), B(size_t(s.k) * size_t(s.n)), C(size_t(s.m) * size_t(s.n));
    for (float& v : A) v = float(rng.uniform() - 0.5);
    for (float& v : B) v = float(rng.uniform() - 0.5);
    for (int t : thread_counts) {
      parallel::set_num_threads(t);
      auto call = [&] { kernels::gemm(kernels::Trans::No, kernels::Trans::No, s.m, s.n, s.k, A.data(), B.data(), 0.f, C.data()); };
      // Warm up, then calibrate the iterations so one block lasts at least min_time.
      call();
      long iters = 1;
      for (;;) {
        const auto t0 = Clock::now();
        for (long i = 0; i < iters; ++i) call();
        const double sec = seconds_since(t0);
        if (sec >= f.min_time) break;
        iters = sec <= 0 ? iters * 10 : std::max(iters + 1, long(double(iters) * 1.2 * f.min_time / sec));
      }
      std::vector<double> rates;
      for (int b = 0; b < f.blocks; ++b) {
        const auto t0 = Clock::now();
        for (long i = 0; i < iters; ++i) call();
        rates.push_back(2.0 * s.m * s.n * double(s.k) * double(iters) / seconds_since(t0) / 1e9);
      }
      nlohmann::json j = common("W4", t);
      j["m"] = s.m;
      j["k"] = s.k;
      j["n"] = s.n;
      j["gflops"] = median(rates);
      j["blocks"] = rates;
      out.emit(j, fmt("W4  %4.0fx%4.0fx%4.0f  threads %.0f  %.1f GFLOP/s", s.m, s.k, s.n, t, median(rates)));
    }
  }
  return kExitOk;
}

// ---- W5: the 2-D spiral net, full-batch gradient descent, 1000 steps -----------------------------
int run_w5(const BenchFlags& f, const Output& out) {
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
  std::vector<double> rates;
  double final_loss = 0, train_acc = 0, last_step_loss = 0;
  for (int run = 0; run < f.runs; ++run) {
    TrainingSession session(data, desc);
    const auto t0 = Clock::now();
    for (int i = 0; i < kSteps; ++i)
      if (Status s = session.step(); !s) return report(s);
    rates.push_back(kSteps / seconds_since(t0));
    last_step_loss = session.step_losses().back();
    final_loss = mean_ce(session.network(), data->train);
    train_acc = session.accuracy(data->train);
  }
  nlohmann::json j = common("W5", parallel::num_threads());
  j["steps_per_s"] = median(rates);
  j["final_loss"] = final_loss;          // after the 1000th update
  j["last_step_loss"] = last_step_loss;  // the 1000th step's loss (before its update)
  j["train_acc"] = train_acc;
  j["runs"] = rates;
  out.emit(j, fmt("W5  threads %.0f  %.0f steps/s (median of %.0f)  final loss %.5f  train acc %.3f",
                  parallel::num_threads(), median(rates), double(rates.size()), final_loss, train_acc));
  return kExitOk;
}

int run_bench(const BenchFlags& f, bool json) {
  Output out{json};
  if (f.runs < 1 || f.runs > 1000) return usage_error("--runs must be in 1..1000 (got " + std::to_string(f.runs) + ")");
  if (f.threads < 0 || f.threads > 64) return usage_error("--threads must be in 0..64 (0 = all cores)");
  if (f.queries < 1) return usage_error("--queries must be 1 or more");
  if (!(f.min_time > 0 && f.min_time <= 60)) return usage_error("--min-time must be in (0, 60] seconds");
  if (f.blocks < 1 || f.blocks > 1000) return usage_error("--blocks must be in 1..1000");
  std::string w = f.workload;
  for (char& c : w) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (w != "W4") parallel::set_num_threads(f.threads);
  if (w == "W1") return run_epoch_workload(f, true, out);
  if (w == "W2") return run_epoch_workload(f, false, out);
  if (w == "W3") return run_w3(f, out);
  if (w == "W4") return run_w4(f, out);
  if (w == "W5") return run_w5(f, out);
  return usage_error("unknown workload '" + f.workload + "': use W1, W2, W3, W4 or W5 (shared/bench/WORKLOADS.md)");
}

}  // namespace

Runner add_bench_command(CLI::App& app) {
  auto flags = std::make_shared<BenchFlags>();
  CLI::App* sub = app.add_subcommand("bench", "time a peer-benchmark workload (W1..W5 of WORKLOADS.md)");
  sub->add_option("workload", flags->workload, "W1 (MLP) | W2 (softmax) | W3 (kNN) | W4 (SGEMM) | W5 (2-D net)")->required();
  sub->add_option("--threads", flags->threads, "threads (0 = all cores; W4 default: 1 and 2)")->capture_default_str();
  sub->add_option("--runs", flags->runs, "fresh runs per measurement (the median is reported)")->capture_default_str();
  sub->add_option("--data-dir", flags->data_dir, "Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)");
  sub->add_option("--metric", flags->metric, "W3: l2, l1 or l2,l1")->capture_default_str();
  sub->add_option("--queries", flags->queries, "W3: the first N test images as queries")->capture_default_str();
  sub->add_option("--min-time", flags->min_time, "W4: seconds per timed block")->capture_default_str();
  sub->add_option("--blocks", flags->blocks, "W4: timed blocks per shape (median)")->capture_default_str();
  sub->add_option("--shapes", flags->shapes, "W4: MxKxN,... (default 512x512x512,64x784x128,64x128x10,2048x2048x2048)");
  return [flags](bool json) { return run_bench(*flags, json); };
}

}  // namespace descent::cli
