// wasm_bench.cpp: the workloads of shared/bench/WORKLOADS.md (core/bench/workloads.h) in the
// WebAssembly build (SIMD128, one thread), run under node: one JSON line per workload with
// "where": "node", the fields of `descent bench` (bench/workload_lines.h). A quick look at the
// browser figures without a browser; web/bench.html measures them in Chromium beside TF.js.
// Usage: node --no-experimental-fetch build/wasm/bench/descent_wasm_bench.js [fashion-mnist dir] [runs]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/workload_lines.h"
#include "core/bench/workloads.h"

int main(int argc, char** argv) {
  using namespace descent;
  const std::string dir = argc > 1 ? argv[1] : "";
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const bench::LineTag tag{"node", "full"};
  auto print = [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
  print(bench::w5_line(tag, runs));
  Result<DataSplits> data = load_dataset(bench::fashion_mnist_request(dir));
  if (!data) {
    std::fprintf(stderr, "wasm_bench: %s\n", data.status().message.c_str());
    return 1;
  }
  for (bool w1 : {false, true}) {
    Result<std::string> line = bench::epoch_line(tag, w1, *data, runs);
    if (!line) {
      std::fprintf(stderr, "wasm_bench: %s\n", line.status().message.c_str());
      return 1;
    }
    print(*line);
  }
  for (Metric m : {Metric::L2, Metric::L1}) print(bench::knn_line(tag, *data, m, 500));
  const int shapes[3][3] = {{512, 512, 512}, {64, 784, 128}, {64, 128, 10}};  // M K N
  for (const auto& s : shapes) print(bench::gemm_line(tag, s[0], s[1], s[2]));
  return 0;
}
