// workload_lines.cpp: see workload_lines.h. Formats with snprintf (no JSON library needed under
// Emscripten); every number is finite by construction of the workloads (rates of timed runs).
#include "bench/workload_lines.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <vector>

#include "core/bench/workloads.h"
#include "core/kernels/simd_target.h"

namespace descent::bench {

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string printf_string(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char buf[512];
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return buf;
}

// {"workload":W,"where":...,"simd":...,"threads":1[,"data":...] (no closing brace)
std::string head(const LineTag& tag, const char* workload) {
  std::string s = printf_string("{\"workload\":\"%s\",\"where\":\"%s\",\"simd\":\"%s\",\"threads\":1", workload,
                                tag.where.c_str(), kernels::simd_target_name());
  if (!tag.data.empty()) s += ",\"data\":\"" + tag.data + "\"";
  return s;
}

std::string rates_field(const std::vector<double>& rates) {
  std::string s = ",\"rates\":[";
  for (size_t i = 0; i < rates.size(); ++i) s += printf_string(i ? ",%.1f" : "%.1f", rates[i]);
  return s + "]";
}

}  // namespace

std::string w5_line(const LineTag& tag, int runs) {
  std::vector<double> rates;
  SpiralRun r;
  for (int i = 0; i < std::max(1, runs); ++i) rates.push_back((r = run_w5()).steps_per_s);
  return head(tag, "W5") + printf_string(",\"steps_per_s\":%.1f,\"final_loss\":%.6f,\"train_acc\":%.4f,\"runs\":%d",
                                         median(rates), r.final_loss, r.train_acc, int(rates.size())) +
         rates_field(rates) + "}";
}

Result<std::string> epoch_line(const LineTag& tag, bool w1, const DataSplits& data, int runs) {
  std::vector<double> rates, seconds;
  EpochRun last;
  for (int i = 0; i < std::max(1, runs); ++i) {
    Result<EpochRun> r = w1 ? run_w1(data) : run_w2(data);
    if (!r) return r.status();
    rates.push_back(r->samples_per_s);
    seconds.push_back(r->seconds);
    last = *r;
  }
  const int rows = int(data.train.size());
  return head(tag, w1 ? "W1" : "W2") +
         printf_string(",\"samples_per_s\":%.1f,\"seconds\":%.4f,\"train_loss_full\":%.6f,\"train_loss_last100\":%.6f,"
                       "\"test_acc\":%.4f,\"runs\":%d,\"train_rows\":%d,\"batches\":%d",
                       median(rates), median(seconds), last.train_loss_full, last.train_loss_last100, last.test_acc,
                       int(rates.size()), rows, (rows + 63) / 64) +
         rates_field(rates) + "}";
}

std::string knn_line(const LineTag& tag, const DataSplits& data, Metric metric, int queries) {
  const KnnRun r = run_w3(data, metric, queries);
  return head(tag, "W3") + printf_string(",\"metric\":\"%s\",\"queries\":%d,\"seconds\":%.4f,\"seconds_2000\":%.4f,"
                                         "\"acc\":%.4f}",
                                         metric_name(metric), r.queries, r.seconds,
                                         r.queries ? r.seconds * 2000.0 / r.queries : 0.0, r.acc);
}

std::string gemm_line(const LineTag& tag, int M, int K, int N) {
  long iters = 1;
  double g = 0;
  for (;;) {
    const GemmRun r = run_w4(M, K, N, iters);
    g = r.gflops;
    if (r.seconds >= 0.2) break;
    iters = r.seconds <= 0 ? iters * 10 : std::max(iters + 1, long(double(iters) * 1.2 * 0.2 / r.seconds));
  }
  return head(tag, "W4") + printf_string(",\"m\":%d,\"k\":%d,\"n\":%d,\"gflops\":%.2f}", M, K, N, g);
}

}  // namespace descent::bench
