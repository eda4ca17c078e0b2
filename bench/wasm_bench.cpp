// wasm_bench.cpp: the workloads of shared/bench/WORKLOADS.md (core/bench/workloads.h) in the
// WebAssembly build (SIMD128, one thread), run under node: one JSON line per workload with
// "where": "node", the fields of `descent bench`. An estimate of the browser figures until the web
// bench page (a later issue) measures them in Chromium beside TF.js; V8 runs the same code there.
// Usage: node --no-experimental-fetch build/wasm/bench/descent_wasm_bench.js [fashion-mnist dir] [runs]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/bench/workloads.h"
#include "core/kernels/simd_target.h"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace descent;
  const std::string dir = argc > 1 ? argv[1] : "";
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  const char* simd = kernels::simd_target_name();
  {
    std::vector<double> rates;
    bench::SpiralRun r;
    for (int i = 0; i < runs; ++i) rates.push_back((r = bench::run_w5()).steps_per_s);
    std::printf("{\"workload\":\"W5\",\"where\":\"node\",\"simd\":\"%s\",\"threads\":1,\"steps_per_s\":%.1f,"
                "\"final_loss\":%.6f,\"train_acc\":%.4f}\n", simd, median(rates), r.final_loss, r.train_acc);
    std::fflush(stdout);
  }
  Result<DataSplits> data = load_dataset(bench::fashion_mnist_request(dir));
  if (!data) {
    std::fprintf(stderr, "wasm_bench: %s\n", data.status().message.c_str());
    return 1;
  }
  for (const char* w : {"W2", "W1"}) {
    std::vector<double> rates;
    bench::EpochRun last;
    for (int i = 0; i < runs; ++i) {
      Result<bench::EpochRun> r = w[1] == '1' ? bench::run_w1(*data) : bench::run_w2(*data);
      if (!r) return 1;
      rates.push_back(r->samples_per_s);
      last = *r;
    }
    std::printf("{\"workload\":\"%s\",\"where\":\"node\",\"simd\":\"%s\",\"threads\":1,\"samples_per_s\":%.1f,"
                "\"train_loss_full\":%.6f,\"train_loss_last100\":%.6f,\"test_acc\":%.4f}\n",
                w, simd, median(rates), last.train_loss_full, last.train_loss_last100, last.test_acc);
    std::fflush(stdout);
  }
  for (Metric m : {Metric::L2, Metric::L1}) {
    const bench::KnnRun r = bench::run_w3(*data, m, 500);
    std::printf("{\"workload\":\"W3\",\"where\":\"node\",\"simd\":\"%s\",\"threads\":1,\"metric\":\"%s\",\"queries\":%d,"
                "\"seconds\":%.4f,\"seconds_2000\":%.4f,\"acc\":%.4f}\n",
                simd, metric_name(m), r.queries, r.seconds, r.seconds * 2000.0 / r.queries, r.acc);
    std::fflush(stdout);
  }
  const int shapes[3][3] = {{512, 512, 512}, {64, 784, 128}, {64, 128, 10}};  // M K N
  for (const auto& s : shapes) {
    long iters = 1;
    double g = 0;
    for (;;) {
      const bench::GemmRun r = bench::run_w4(s[0], s[1], s[2], iters);
      g = r.gflops;
      if (r.seconds >= 0.2) break;
      iters = r.seconds <= 0 ? iters * 10 : std::max(iters + 1, long(double(iters) * 1.2 * 0.2 / r.seconds));
    }
    std::printf("{\"workload\":\"W4\",\"where\":\"node\",\"simd\":\"%s\",\"m\":%d,\"k\":%d,\"n\":%d,\"threads\":1,"
                "\"gflops\":%.2f}\n", simd, s[0], s[1], s[2], g);
    std::fflush(stdout);
  }
  return 0;
}
