// bench_main.cpp: the engine side of the web bench page (web/bench.html, bench.js): the workloads
// of shared/bench/WORKLOADS.md compiled to WebAssembly (SIMD128, one thread), exported as C
// functions that bench.js calls one workload at a time; each returns one JSON line
// (bench/workload_lines.h, "where": "browser"). No main loop, no canvas: the page is plain HTML.
// Usage from JS: Module.ccall('descent_bench_load', 'number', ['string', 'string'], ['/data/x', 'full']);
//                JSON.parse(Module.ccall('descent_bench_epoch', 'string', ['number', 'number'], [1, 3]));
#include <emscripten/emscripten.h>

#include <optional>
#include <string>

#include "bench/workload_lines.h"
#include "core/bench/workloads.h"

namespace {

std::optional<descent::DataSplits> g_data;  // Fashion-MNIST as load_dataset read it from MEMFS
std::string g_data_name;                    // "full" | "subset": goes into every line
std::string g_error;                        // the last failure, for descent_bench_error()
std::string g_line;                         // the last returned line (the pointer stays valid until the next call)

descent::bench::LineTag tag() { return {"browser", g_data_name}; }

const char* give(std::string line) {
  g_line = std::move(line);
  return g_line.c_str();
}

}  // namespace

extern "C" {

// Reads the four Fashion-MNIST files bench.js wrote under dir (MEMFS). 0 = ok, 1 = error (message in
// descent_bench_error: a missing, truncated or corrupt file, as the native readers report it).
EMSCRIPTEN_KEEPALIVE int descent_bench_load(const char* dir, const char* data_name) {
  descent::Result<descent::DataSplits> d = descent::load_dataset(descent::bench::fashion_mnist_request(dir));
  if (!d) {
    g_error = d.status().message;
    g_data.reset();
    return 1;
  }
  g_data = std::move(*d);
  g_data_name = data_name;
  return 0;
}

EMSCRIPTEN_KEEPALIVE const char* descent_bench_error() { return g_error.c_str(); }

// W5: `runs` fresh runs of the 2-D net (needs no data).
EMSCRIPTEN_KEEPALIVE const char* descent_bench_w5(int runs) { return give(descent::bench::w5_line(tag(), runs)); }

// W1 (w1 != 0) or W2: `runs` fresh epochs. "" = error (no data loaded, or a failed run).
EMSCRIPTEN_KEEPALIVE const char* descent_bench_epoch(int w1, int runs) {
  if (!g_data) return give((g_error = "no data loaded", ""));
  descent::Result<std::string> line = descent::bench::epoch_line(tag(), w1 != 0, *g_data, runs);
  if (!line) return give((g_error = line.status().message, ""));
  return give(*line);
}

// W3: kNN k = 5, L1 (l1 != 0) or L2, the first `queries` test rows. "" = no data loaded.
EMSCRIPTEN_KEEPALIVE const char* descent_bench_knn(int l1, int queries) {
  if (!g_data) return give((g_error = "no data loaded", ""));
  return give(descent::bench::knn_line(tag(), *g_data, l1 ? descent::Metric::L1 : descent::Metric::L2, queries));
}

// W4: one SGEMM shape M x K x N.
EMSCRIPTEN_KEEPALIVE const char* descent_bench_gemm(int m, int k, int n) {
  return give(descent::bench::gemm_line(tag(), m, k, n));
}

}  // extern "C"
