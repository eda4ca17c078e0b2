// workload_lines.h: the peer-benchmark workloads (core/bench/workloads.h) repeated over fresh runs
// and written as one JSON object each, with the fields of `descent bench --json` plus "where"
// ("node", "browser"), the SIMD target, every run's rate and the data's row counts. Shared by the
// WebAssembly harnesses: bench/wasm_bench.cpp (node) and web/bench_main.cpp (the web bench page).
// Not a test and no assertions: median timings and the last run's quality numbers, nothing more.
// Usage: std::string line = bench::w5_line({"browser"}, 3);   // {"workload":"W5","where":"browser",...}
#pragma once
#include <string>

#include "core/data/dataset.h"
#include "core/knn/knn.h"
#include "core/status.h"

namespace descent::bench {

struct LineTag {
  std::string where;  // "node" | "browser"
  std::string data;   // the data's name in the line ("full", "subset"); "" = left out
};

// W5 (no data): `runs` fresh runs of 1000 steps; steps_per_s is their median.
std::string w5_line(const LineTag& tag, int runs);
// W1 (w1 = true) or W2: `runs` fresh epochs over data.train; samples_per_s is their median.
Result<std::string> epoch_line(const LineTag& tag, bool w1, const DataSplits& data, int runs);
// W3: k = 5 over all of data.train, the first `queries` test rows (seconds_2000 scales to 2000).
std::string knn_line(const LineTag& tag, const DataSplits& data, Metric metric, int queries);
// W4: C = A·B, M x K x N, iterations calibrated so one timed block lasts >= 0.2 s.
std::string gemm_line(const LineTag& tag, int M, int K, int N);

}  // namespace descent::bench
