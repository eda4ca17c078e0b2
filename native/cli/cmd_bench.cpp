// cmd_bench.cpp: `descent bench W1|W2|W3|W4|W5`: the peer-benchmark workloads exactly as
// shared/bench/WORKLOADS.md defines them (data, deterministic init, batch order, timed region),
// each timed over --runs fresh runs (median reported, every run listed) and printed with its
// quality numbers, so bench/compare can set Descent beside PyTorch, OpenBLAS, scikit-learn, TF.js.
// Not a unit test: timings vary with the machine's load (logged as "loadavg" in every line).
// The workloads themselves are engine code (core/bench/workloads.h); this file repeats and prints.
// JSON (one object per line): W1/W2 {"workload","threads","samples_per_s","train_loss_full",
// "train_loss_last100","test_acc"}; W3 {"workload","metric","threads","seconds","acc"};
// W4 {"workload","m","k","n","threads","gflops"}; W5 {"workload","steps_per_s","final_loss","train_acc"}.
// --device gl runs W1..W4 on the GL device (lines add "device" and "renderer"; W4 drops "threads");
// `descent bench grid` times the loss-landscape grid (core/compute/plane_losses.h) on either device:
// {"workload":"grid","grid","rows","points","seconds","center_loss","min_loss","max_loss"}.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/bench/workloads.h"
#include "core/compute/device_settings.h"
#include "core/kernels/simd_target.h"
#include "core/parallel/thread_pool.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/device_flags.h"
#include "native/gpu/gl_device.h"
#include "native/cli/schema_flags.h"

namespace descent::cli {

namespace {

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
  std::string simd;       // force one compiled SIMD target by name ("" = the best this CPU runs)
  FlagTexts texts;        // the device setting (core/compute/device_settings.h)
  int grid = 51;          // grid: points per side
  int rows = 10000;       // grid: training images evaluated at each point
  std::string gl_tile;    // W4 on gl: the large products' tile (gpu::GemmTile), for tuning
};

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

// dev: the GL device when the run is there (null: the CPU path).
nlohmann::json common(const char* workload, int threads, const compute::ComputeDevice* dev = nullptr) {
  nlohmann::json j = {{"workload", workload}, {"threads", threads}, {"simd", kernels::simd_target_name()}, {"loadavg", loadavg()}};
  if (dev) add_device_fields(j, *dev);
  return j;
}

Result<DataSplits> fashion_mnist(const BenchFlags& f) { return load_dataset(bench::fashion_mnist_request(f.data_dir)); }

// ---- W1 / W2: one epoch of mini-batch SGD with momentum ----------------------------------------
int run_epoch_workload(const BenchFlags& f, bool w1, const Output& out, compute::ComputeDevice* dev) {
  Result<DataSplits> data = fashion_mnist(f);
  if (!data) return report(data.status());
  std::vector<double> rates;
  bench::EpochRun last;
  for (int run = 0; run < f.runs; ++run) {
    Result<bench::EpochRun> r = dev ? (w1 ? bench::run_w1(*data, *dev) : bench::run_w2(*data, *dev))
                                    : (w1 ? bench::run_w1(*data) : bench::run_w2(*data));
    if (!r) return report(r.status());
    rates.push_back(r->samples_per_s);
    last = *r;
  }
  nlohmann::json j = common(w1 ? "W1" : "W2", parallel::num_threads(), dev);
  j["samples_per_s"] = median(rates);
  j["train_loss_full"] = last.train_loss_full;
  j["train_loss_last100"] = last.train_loss_last100;
  if (!w1) j["last100_includes_penalty"] = true;  // a Descent batch loss is data + lambda sum W^2
  j["test_acc"] = last.test_acc;
  j["runs"] = rates;
  out.emit(j, std::string(w1 ? "W1" : "W2") +
                  fmt("  threads %.0f  %.0f samples/s (median of %.0f)  train_loss_full %.5f  test_acc %.4f",
                      parallel::num_threads(), median(rates), double(rates.size()), last.train_loss_full,
                      last.test_acc));
  return kExitOk;
}

// ---- W3: kNN, k = 5, the first --queries test images ---------------------------------------------
int run_w3(const BenchFlags& f, const Output& out, compute::ComputeDevice* dev) {
  std::vector<Metric> metrics;
  std::string rest = f.metric;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    Result<Metric> m = parse_metric(rest.substr(0, comma));
    if (!m) return usage_error("--metric: " + m.status().message);
    metrics.push_back(*m);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  Result<DataSplits> data = fashion_mnist(f);
  if (!data) return report(data.status());
  for (Metric m : metrics) {
    std::vector<double> secs, fits;
    bench::KnnRun last;
    for (int run = 0; run < f.runs; ++run) {
      if (dev) {
        Result<bench::KnnRun> r = bench::run_w3(*data, m, f.queries, *dev);
        if (!r) return report(r.status());
        last = *r;
      } else {
        last = bench::run_w3(*data, m, f.queries);
      }
      secs.push_back(last.seconds);
      fits.push_back(last.fit_seconds);
    }
    nlohmann::json j = common("W3", parallel::num_threads(), dev);
    j["metric"] = metric_name(m);
    j["k"] = 5;
    j["queries"] = last.queries;
    j["seconds"] = median(secs);
    j["acc"] = last.acc;
    j["runs"] = secs;
    j["fit_seconds"] = median(fits);  // of "seconds": the fit (on gl: the training set's copy to the device)
    out.emit(j, std::string("W3  ") + metric_name(m) +
                    fmt("  threads %.0f  %.3f s for %.0f queries (median of %.0f)  acc %.4f", parallel::num_threads(),
                        median(secs), last.queries, double(secs.size()), last.acc));
  }
  return kExitOk;
}

// ---- W4: SGEMM C = A·B, row-major, no transposes ---------------------------------------------------
struct Shape {
  int m, k, n;
};

int run_w4(const BenchFlags& f, const Output& out, compute::ComputeDevice* dev) {
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
  if (dev) thread_counts = {parallel::num_threads()};  // the host's threads play no part
  for (const Shape& s : shapes) {
    for (int t : thread_counts) {
      parallel::set_num_threads(t);
      auto block = [&](long iters) -> Result<bench::GemmRun> {
        if (dev) return bench::run_w4(s.m, s.k, s.n, iters, *dev);
        return bench::run_w4(s.m, s.k, s.n, iters);
      };
      // Calibrate the iterations so one block lasts at least min_time (run_w4 warms up each time).
      long iters = 1;
      for (;;) {
        Result<bench::GemmRun> r = block(iters);
        if (!r) return report(r.status());
        const double sec = r->seconds;
        if (sec >= f.min_time) break;
        iters = sec <= 0 ? iters * 10 : std::max(iters + 1, long(double(iters) * 1.2 * f.min_time / sec));
      }
      std::vector<double> rates;
      double max_err = 0;
      for (int b = 0; b < f.blocks; ++b) {
        Result<bench::GemmRun> r = block(iters);
        if (!r) return report(r.status());
        rates.push_back(r->gflops);
        max_err = std::max(max_err, r->max_rel_error);
      }
      nlohmann::json j = common("W4", t, dev);
      if (dev) {
        j.erase("threads");
        j["max_rel_error"] = max_err;
        if (s.m >= 512 && s.n >= 512) j["tile"] = gpu::gemm_tile_name(gpu::large_gemm_tile());
      }
      j["m"] = s.m;
      j["k"] = s.k;
      j["n"] = s.n;
      j["gflops"] = median(rates);
      j["blocks"] = rates;
      out.emit(j, dev ? fmt("W4  %4.0fx%4.0fx%4.0f  gl  %.1f GFLOP/s", s.m, s.k, s.n, median(rates))
                      : fmt("W4  %4.0fx%4.0fx%4.0f  threads %.0f  %.1f GFLOP/s", s.m, s.k, s.n, t, median(rates)));
    }
  }
  return kExitOk;
}

// ---- W5: the 2-D spiral net, full-batch gradient descent, 1000 steps -----------------------------
int run_w5(const BenchFlags& f, const Output& out) {
  std::vector<double> rates;
  bench::SpiralRun last;
  for (int run = 0; run < f.runs; ++run) {
    last = bench::run_w5();
    rates.push_back(last.steps_per_s);
  }
  nlohmann::json j = common("W5", parallel::num_threads());
  j["steps_per_s"] = median(rates);
  j["final_loss"] = last.final_loss;          // the 1000th step's loss, read back (as the peers report it)
  j["loss_after_updates"] = last.loss_after;  // evaluated after the 1000th update
  j["train_acc"] = last.train_acc;            // after the 1000th update
  j["runs"] = rates;
  out.emit(j, fmt("W5  threads %.0f  %.0f steps/s (median of %.0f)  final loss %.5f  train acc %.3f",
                  parallel::num_threads(), median(rates), double(rates.size()), last.final_loss, last.train_acc));
  return kExitOk;
}

// ---- the loss-landscape grid: PlaneLosses over grid x grid points, on the cpu or gl device -------
int run_grid(const BenchFlags& f, const Output& out, compute::ComputeDevice& dev) {
  if (f.grid < 1 || f.grid > 1001) return usage_error("--grid must be in 1..1001 points per side");
  if (f.rows < 1) return usage_error("--rows must be 1 or more");
  Result<DataSplits> data = fashion_mnist(f);
  if (!data) return report(data.status());
  std::vector<double> secs;
  bench::GridRun last;
  for (int run = 0; run < f.runs; ++run) {
    Result<bench::GridRun> r = bench::run_landscape_grid(*data, f.grid, f.rows, dev);
    if (!r) return report(r.status());
    last = *r;
    secs.push_back(r->seconds);
  }
  nlohmann::json j = common("grid", parallel::num_threads());
  add_device_fields(j, dev);
  j["grid"] = f.grid;
  j["rows"] = std::min(f.rows, data->train.size());
  j["points"] = last.points;
  j["seconds"] = median(secs);
  j["center_loss"] = last.center_loss;
  j["min_loss"] = last.min_loss;
  j["max_loss"] = last.max_loss;
  j["runs"] = secs;
  out.emit(j, std::string("grid  ") + compute::device_name(dev.info().kind) +
                  fmt("  %.0f points over %.0f images: %.3f s (median of %.0f)  center loss %.5f", last.points,
                      double(j["rows"]), median(secs), double(secs.size()), last.center_loss));
  return kExitOk;
}

int run_bench(const BenchFlags& f, bool json) {
  Output out{json};
  if (f.runs < 1 || f.runs > 1000) return usage_error("--runs must be in 1..1000 (got " + std::to_string(f.runs) + ")");
  if (f.threads < 0 || f.threads > 64) return usage_error("--threads must be in 0..64 (0 = all cores)");
  if (f.queries < 1) return usage_error("--queries must be 1 or more");
  if (!(f.min_time > 0 && f.min_time <= 60)) return usage_error("--min-time must be in (0, 60] seconds");
  if (f.blocks < 1 || f.blocks > 1000) return usage_error("--blocks must be in 1..1000");
  if (!f.simd.empty()) {
    std::string names;
    int64_t id = 0;
    for (const kernels::SimdTarget& t : kernels::simd_targets()) {
      names += std::string(names.empty() ? "" : ", ") + t.name;
      if (f.simd == t.name) id = t.id;
    }
    if (id == 0) return usage_error("--simd '" + f.simd + "' is not a target this build and CPU run (" + names + ")");
    kernels::force_simd_target(id);
  }
  std::string w = f.workload;
  for (char& c : w) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (w != "W4") parallel::set_num_threads(f.threads);
  const bool known = w == "W1" || w == "W2" || w == "W3" || w == "W4" || w == "W5" || w == "GRID";
  if (!known)
    return usage_error("unknown workload '" + f.workload +
                       "': use W1, W2, W3, W4 or W5 (shared/bench/WORKLOADS.md), or grid (the loss landscape)");
  compute::DeviceChoice where = compute::device_schema().defaults();
  if (Status s = apply_flags(compute::device_schema(), f.texts, where); !s) return report(s);
  const bool gl = where.device == compute::DeviceKind::GL;
  if (w == "W5" && gl)
    return usage_error("W5 (the 2-8-8-2 net on 500 points) runs on the cpu device only; drop --device gl");
  if (!f.gl_tile.empty()) {
    if (!gl || w != "W4") return usage_error("--gl-tile applies to W4 with --device gl only");
    Result<gpu::GemmTile> tile = gpu::parse_gemm_tile(f.gl_tile);
    if (!tile) return usage_error(tile.status().message);
    if (Status s = gpu::set_large_gemm_tile(*tile); !s) return usage_error(s.message);
  }
  Result<compute::DevicePtr> device = open_cli_device(where.device);  // no GL 4.3: one line, exit 1
  if (!device) return report(device.status());
  compute::ComputeDevice* dev = gl ? device->get() : nullptr;
  if (w == "W1") return run_epoch_workload(f, true, out, dev);
  if (w == "W2") return run_epoch_workload(f, false, out, dev);
  if (w == "W3") return run_w3(f, out, dev);
  if (w == "W4") return run_w4(f, out, dev);
  if (w == "GRID") return run_grid(f, out, **device);
  return run_w5(f, out);
}

}  // namespace

Runner add_bench_command(CLI::App& app) {
  auto flags = std::make_shared<BenchFlags>();
  CLI::App* sub = app.add_subcommand("bench", "time a peer-benchmark workload (W1..W5 of WORKLOADS.md)");
  sub->add_option("workload", flags->workload,
                  "W1 (MLP) | W2 (softmax) | W3 (kNN) | W4 (SGEMM) | W5 (2-D net) | grid (loss landscape)")->required();
  sub->add_option("--threads", flags->threads, "threads (0 = all cores; W4 default: 1 and 2)")->capture_default_str();
  sub->add_option("--runs", flags->runs, "fresh runs per measurement (the median is reported)")->capture_default_str();
  sub->add_option("--data-dir", flags->data_dir, "Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)");
  sub->add_option("--metric", flags->metric, "W3: l2, l1 or l2,l1")->capture_default_str();
  sub->add_option("--queries", flags->queries, "W3: the first N test images as queries")->capture_default_str();
  sub->add_option("--min-time", flags->min_time, "W4: seconds per timed block")->capture_default_str();
  sub->add_option("--blocks", flags->blocks, "W4: timed blocks per shape (median)")->capture_default_str();
  sub->add_option("--simd", flags->simd, "run the kernels on this SIMD target (e.g. AVX2; default: the best)");
  sub->add_option("--shapes", flags->shapes, "W4: MxKxN,... (default 512x512x512,64x784x128,64x128x10,2048x2048x2048)");
  sub->add_option("--grid", flags->grid, "grid: points per side")->capture_default_str();
  sub->add_option("--rows", flags->rows, "grid: training images evaluated at each point")->capture_default_str();
  sub->add_option("--gl-tile", flags->gl_tile,
                  "W4 on gl: the large products' tiling, vBMxBNxBK or BMxBNxBKxTMxTN (default v128x256x16), for tuning");
  add_flags(*sub, compute::device_schema(), compute::device_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_bench(*flags, json); };
}

}  // namespace descent::cli
