// bench_kernels.cpp: Google Benchmark suite for Descent's kernels at the shapes the workloads use:
// GEMM (W4's shapes and the forward/backward products of W1, W2 and W5), kNN distances (float and
// byte images), softmax cross-entropy, bias+activation, column sums, the L2 penalty and the
// optimizer updates. Built natively as descent_bench; not run by the tests (timings never are).
// Usage: build/release/bench/descent_bench --benchmark_filter=Gemm   (threads: the /threads: arg)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/kernels/activation.h"
#include "core/kernels/distance.h"
#include "core/kernels/gemm.h"
#include "core/kernels/penalty.h"
#include "core/kernels/simd_target.h"
#include "core/kernels/softmax.h"
#include "core/kernels/update.h"
#include "core/parallel/thread_pool.h"
#include "core/rng.h"

namespace {

using namespace descent;
using namespace descent::kernels;

std::vector<float> uniform(size_t n, uint32_t seed, double lo = -0.5, double hi = 0.5) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = float(rng.uniform(lo, hi));
  return v;
}

std::vector<uint8_t> bytes(size_t n, uint32_t seed) {
  Rng rng(seed);
  std::vector<uint8_t> v(n);
  for (uint8_t& x : v) x = uint8_t(rng.below(256));
  return v;
}

void flops(benchmark::State& state, double per_iteration) {
  state.counters["GFLOP/s"] = benchmark::Counter(per_iteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// ---- GEMM: args M, K, N, transA, transB, threads --------------------------------------------------
void BM_Gemm(benchmark::State& state) {
  const int M = int(state.range(0)), K = int(state.range(1)), N = int(state.range(2));
  const Trans ta = state.range(3) ? Trans::Yes : Trans::No, tb = state.range(4) ? Trans::Yes : Trans::No;
  parallel::set_num_threads(int(state.range(5)));
  const std::vector<float> A = uniform(size_t(M) * K, 1), B = uniform(size_t(K) * N, 2);
  std::vector<float> C(size_t(M) * N);
  for (auto _ : state) {
    gemm(ta, tb, M, N, K, A.data(), B.data(), 0.f, C.data());
    benchmark::DoNotOptimize(C.data());
  }
  flops(state, 2.0 * M * N * double(K));
  state.SetLabel(simd_target_name());
}
// W4 (C = A·B): 512^3, 64x784x128, 64x128x10, 2048^3, on 1 and 2 threads.
BENCHMARK(BM_Gemm)
    ->ArgNames({"M", "K", "N", "tA", "tB", "threads"})
    ->Args({512, 512, 512, 0, 0, 1})->Args({512, 512, 512, 0, 0, 2})
    ->Args({64, 784, 128, 0, 0, 1})->Args({64, 784, 128, 0, 0, 2})
    ->Args({64, 128, 10, 0, 0, 1})->Args({64, 128, 10, 0, 0, 2})
    ->Args({2048, 2048, 2048, 0, 0, 1})->Args({2048, 2048, 2048, 0, 0, 2})
    // W1's step: forward X·W1^T, X·W2^T; backward dZ2^T·H, dZ2·W2, dZ1^T·X.
    ->Args({64, 784, 128, 0, 1, 1})->Args({64, 784, 128, 0, 1, 2})
    ->Args({64, 128, 10, 0, 1, 1})
    ->Args({10, 64, 128, 1, 0, 1})
    ->Args({64, 10, 128, 0, 0, 1})
    ->Args({128, 64, 784, 1, 0, 1})->Args({128, 64, 784, 1, 0, 2})
    // W2's step: X·W^T (N = 10), dZ^T·X.
    ->Args({64, 784, 10, 0, 1, 1})->Args({10, 64, 784, 1, 0, 1})
    // W5's step (500 points, 2 -> 8 -> 8 -> 2).
    ->Args({500, 2, 8, 0, 1, 1})->Args({500, 8, 8, 0, 1, 1})->Args({8, 500, 8, 1, 0, 1})
    ->UseRealTime();

// ---- kNN distances: 64 queries x 4096 training rows x 784 -----------------------------------------
void BM_DistancesF32(benchmark::State& state) {
  const int nq = 64, nx = 4096, D = 784;
  const bool l1 = state.range(0) == 1;
  const std::vector<float> Q = uniform(size_t(nq) * D, 3, 0, 1), X = uniform(size_t(nx) * D, 4, 0, 1);
  std::vector<float> out(size_t(nq) * nx);
  for (auto _ : state) {
    if (l1) l1_distances(nq, nx, D, Q.data(), X.data(), out.data());
    else l2_squared_distances(nq, nx, D, Q.data(), X.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["pairs/s"] = benchmark::Counter(double(nq) * nx, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(l1 ? "L1 float" : "L2 float");
}
BENCHMARK(BM_DistancesF32)->Arg(1)->Arg(2);

void BM_DistancesU8(benchmark::State& state) {
  const int nq = 64, nx = 4096, D = 784;
  const bool l1 = state.range(0) == 1;
  const std::vector<uint8_t> Q = bytes(size_t(nq) * D, 5), X = bytes(size_t(nx) * D, 6);
  std::vector<uint32_t> out(size_t(nq) * nx);
  for (auto _ : state) {
    if (l1) l1_distances_u8(nq, nx, D, Q.data(), X.data(), out.data());
    else l2_squared_distances_u8(nq, nx, D, Q.data(), X.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["pairs/s"] = benchmark::Counter(double(nq) * nx, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(l1 ? "L1 bytes (SAD)" : "L2 bytes (exact)");
}
BENCHMARK(BM_DistancesU8)->Arg(1)->Arg(2);

void BM_UnitFloatsToBytes(benchmark::State& state) {
  const size_t n = 784 * 4096;
  std::vector<float> x(n);
  const std::vector<uint8_t> b = bytes(n, 7);
  for (size_t i = 0; i < n; ++i) x[i] = float(b[i]) / 255.0f;
  std::vector<uint8_t> out(n);
  for (auto _ : state) benchmark::DoNotOptimize(unit_floats_to_bytes(long(n), x.data(), out.data()));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(n * sizeof(float)));
}
BENCHMARK(BM_UnitFloatsToBytes);

// ---- softmax cross-entropy with gradient: args N, C ------------------------------------------------
void BM_SoftmaxCrossEntropy(benchmark::State& state) {
  const int N = int(state.range(0)), C = int(state.range(1));
  const std::vector<float> S = uniform(size_t(N) * C, 8, -3, 3);
  std::vector<int> y(static_cast<size_t>(N));
  for (int i = 0; i < N; ++i) y[size_t(i)] = i % C;
  std::vector<float> dS(S.size());
  for (auto _ : state) benchmark::DoNotOptimize(softmax_cross_entropy(N, C, S.data(), y.data(), 1.f / N, dS.data()));
  state.counters["rows/s"] = benchmark::Counter(N, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SoftmaxCrossEntropy)->ArgNames({"N", "C"})->Args({64, 10})->Args({500, 2})->Args({64, 1000});

// ---- bias + activation forward, activation backward, column sums: args N, C, activation ---------
void BM_BiasActivation(benchmark::State& state) {
  const int N = int(state.range(0)), C = int(state.range(1));
  const Activation act = static_cast<Activation>(state.range(2));
  std::vector<float> Z = uniform(size_t(N) * C, 9), b = uniform(size_t(C), 10), dZ(Z.size());
  for (auto _ : state) {
    bias_activation_forward(N, C, Z.data(), b.data(), act);
    activation_backward(N, C, Z.data(), Z.data(), dZ.data(), act);
    column_sums(N, C, dZ.data(), 0.f, b.data());
    benchmark::DoNotOptimize(b.data());
  }
  state.counters["values/s"] = benchmark::Counter(double(N) * C, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BiasActivation)
    ->ArgNames({"N", "C", "act"})
    ->Args({64, 128, int(Activation::ReLU)})
    ->Args({500, 8, int(Activation::Tanh)})
    ->Args({64, 100, int(Activation::Sigmoid)});

// ---- parameter updates over n values (W1's MLP has 101 770) ---------------------------------------
void BM_Updates(benchmark::State& state) {
  const int n = int(state.range(0)), kind = int(state.range(1));
  parallel::set_num_threads(int(state.range(2)));
  std::vector<float> p = uniform(size_t(n), 11), g = uniform(size_t(n), 12), s1(size_t(n), 0.f), s2(size_t(n), 0.f);
  for (auto _ : state) {
    if (kind == 0) momentum_update(n, p.data(), g.data(), s1.data(), 0.05f, 0.9f, false);
    else if (kind == 1) adam_update(n, p.data(), g.data(), s1.data(), s2.data(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, 0.5f);
    else benchmark::DoNotOptimize(l2_penalty(n, p.data(), g.data(), 5e-5));
    benchmark::DoNotOptimize(p.data());
  }
  state.counters["values/s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(kind == 0 ? "momentum" : kind == 1 ? "adam" : "l2 penalty");
}
BENCHMARK(BM_Updates)
    ->ArgNames({"n", "kind", "threads"})
    ->Args({101770, 0, 1})->Args({101770, 0, 2})->Args({101770, 1, 1})->Args({7840, 2, 1})
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
