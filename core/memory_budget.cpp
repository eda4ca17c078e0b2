// memory_budget.cpp: the memory limit and the estimates of the engine's big allocations
// (memory_budget.h). The estimates follow the code they describe (network.cpp's workspace,
// optimizer.h's state, knn.cpp's blocks); each names its parts so a refusal explains itself.
#include "core/memory_budget.h"

#include <unistd.h>  // sysconf (natively)

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace descent {
namespace {

std::atomic<uint64_t> g_set_limit{0};

constexpr uint64_t kGiB = uint64_t(1) << 30;
constexpr int kEvalChunkRows = 1024;  // Network::predict / TrainingSession::loss work in chunks of this
constexpr int kKnnBlockRows = 64;     // knn.cpp: queries per task
constexpr uint64_t kKnnTrainBlockBytes = uint64_t(256) << 10;

// Saturating arithmetic: an absurd request must give an absurd estimate, not a wrapped small one.
uint64_t mul(uint64_t a, uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return UINT64_MAX;
  return a * b;
}
uint64_t add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

#ifndef __EMSCRIPTEN__
uint64_t cgroup_limit() {
  // cgroup v2, then v1; "max" or an absurd number means none.
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) continue;
    const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (v > 0 && v < (uint64_t(1) << 60)) return v;
  }
  return 0;
}
#endif

MemoryLimit default_limit() {
#ifdef __EMSCRIPTEN__
  return {kGiB, "half of the 2 GiB a WebAssembly page may grow to"};
#else
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  const uint64_t physical = pages > 0 && page > 0 ? mul(uint64_t(pages), uint64_t(page)) : 4 * kGiB;
  const uint64_t group = cgroup_limit();
  if (group > 0 && group < physical)
    return {group / 2, "half of this process's " + format_bytes(group) + " cgroup memory limit"};
  return {physical / 2, "half of this machine's " + format_bytes(physical) + " of memory"};
#endif
}

std::string plural(uint64_t n, const char* one, const char* many) { return format_count(n) + " " + (n == 1 ? one : many); }

}  // namespace

// ---- the limit ---------------------------------------------------------------------------------

Result<uint64_t> parse_byte_size(std::string_view text) {
  std::string s;
  for (char c : text)
    if (c != ' ') s += char(std::toupper(static_cast<unsigned char>(c)));
  const auto bad = [&] {
    return make_error(ErrorCode::Usage, "memory size '" + std::string(text) +
                                            "': give a positive size such as 4G, 512M or 2000000000 (bytes)");
  };
  if (s.empty()) return bad();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(v) || !(v > 0)) return bad();
  std::string unit(end);
  if (unit.size() >= 2 && unit.substr(unit.size() - 2) == "IB") unit.resize(unit.size() - 2);
  else if (!unit.empty() && unit.back() == 'B') unit.pop_back();
  double scale = 1;
  if (unit == "K") scale = 1024.0;
  else if (unit == "M") scale = 1024.0 * 1024;
  else if (unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty()) return bad();
  const double bytes = v * scale;
  if (!(bytes >= 1) || bytes > 1.8e19) return bad();
  return uint64_t(bytes);
}

MemoryLimit memory_limit() {
  if (const uint64_t set = g_set_limit.load(); set > 0) return {set, "set by the program"};
  if (const char* env = std::getenv("DESCENT_MEMORY_LIMIT"); env && *env) {
    if (Result<uint64_t> v = parse_byte_size(env); v) return {*v, std::string("DESCENT_MEMORY_LIMIT=") + env};
  }
  MemoryLimit m = default_limit();
  m.source += "; DESCENT_MEMORY_LIMIT sets another";
  return m;
}

void set_memory_limit(uint64_t bytes) { g_set_limit.store(bytes); }

Status check_memory(const std::string& subject, const MemoryEstimate& e, const std::string& advice) {
  const MemoryLimit limit = memory_limit();
  if (e.bytes <= limit.bytes) return Status::ok();
  return make_error(ErrorCode::TooLarge, subject + ": needs " + format_bytes(e.bytes) + " (" + e.detail +
                                             "); the limit is " + format_bytes(limit.bytes) + " (" + limit.source +
                                             ")" + (advice.empty() ? "" : "; " + advice));
}

// ---- estimates ---------------------------------------------------------------------------------

std::string model_subject(const ModelDesc& model, int input_dim, int classes) {
  std::string s = model_name(model.kind);
  if (model.kind == ModelKind::MLP) {
    std::string widths;
    for (int h : hidden_layers(model)) {
      if (!widths.empty()) widths += ',';
      widths += std::to_string(h);
    }
    s += " with hidden layers " + widths;
  }
  return s + " on " + std::to_string(input_dim) + " inputs and " + std::to_string(classes) + " classes";
}

uint64_t parameter_count(const ModelDesc& model, int input_dim, int classes) {
  uint64_t total = 0, in = uint64_t(std::max(input_dim, 0));
  for (int h : hidden_layers(model)) {
    const uint64_t out = uint64_t(std::max(h, 0));
    total = add(total, add(mul(in, out), out));
    in = out;
  }
  const uint64_t c = uint64_t(std::max(classes, 0));
  return add(total, add(mul(in, c), c));
}

namespace {

// Floats of the per-layer workspace of network.cpp for `rows` rows: every layer's output; the
// gradient of each layer's output and input (the first layer's input gradient is not kept);
// with dropout, a mask and a dropped copy of each hidden output.
uint64_t workspace_values(const ModelDesc& model, int classes, uint64_t rows, bool training) {
  uint64_t outs = 0, hidden = 0;
  for (int h : hidden_layers(model)) {
    outs = add(outs, uint64_t(std::max(h, 0)));
    hidden = add(hidden, uint64_t(std::max(h, 0)));
  }
  outs = add(outs, uint64_t(std::max(classes, 0)));
  uint64_t per_row = outs;
  if (training) per_row = add(per_row, outs);                     // gradients
  if (training && model.dropout > 0) per_row = add(per_row, mul(2, hidden));  // masks + dropped
  return mul(per_row, rows);
}

const char* optimizer_state_words(OptimizerKind k, int* buffers) {
  switch (k) {
    case OptimizerKind::SGD: *buffers = 0; return "";
    case OptimizerKind::Momentum: *buffers = 1; return " and the momentum buffer";
    case OptimizerKind::Nesterov: *buffers = 1; return " and Nesterov's momentum buffer";
    case OptimizerKind::AdaGrad: *buffers = 1; return " and AdaGrad's sum of squares";
    case OptimizerKind::RMSProp: *buffers = 1; return " and RMSProp's square average";
    case OptimizerKind::Adam: *buffers = 2; return " and Adam's two moment buffers";
  }
  *buffers = 2;
  return " and the optimizer's state";
}

}  // namespace

MemoryEstimate network_memory(const ModelDesc& model, int input_dim, int classes, int rows, size_t scalar_bytes) {
  const uint64_t P = parameter_count(model, input_dim, classes);
  const uint64_t r = uint64_t(std::max(rows, 1));
  const uint64_t values = add(mul(2, P), workspace_values(model, classes, r, true));
  return {mul(values, scalar_bytes), plural(P, "parameter", "parameters") + " with their gradients, " +
                                         std::to_string(scalar_bytes) + " bytes each, and activations for " +
                                         plural(r, "row", "rows")};
}

MemoryEstimate training_memory(const ModelDesc& model, OptimizerKind optimizer, int input_dim, int classes,
                               int batch_rows, int train_rows) {
  const uint64_t P = parameter_count(model, input_dim, classes);
  const uint64_t B = uint64_t(std::max(batch_rows, 1));
  const uint64_t work_rows = std::max<uint64_t>(B, kEvalChunkRows);
  int buffers = 0;
  const char* state = optimizer_state_words(optimizer, &buffers);
  uint64_t values = mul(uint64_t(2 + buffers), P);                              // params, grads, state
  values = add(values, workspace_values(model, classes, work_rows, true));      // activations
  values = add(values, mul(B, add(uint64_t(std::max(input_dim, 0)), 1)));     // the batch's rows + labels
  values = add(values, uint64_t(std::max(train_rows, 0)));                      // the epoch's order
  return {mul(values, 4), plural(P, "parameter", "parameters") + " with their gradients" + state +
                              ", 4 bytes each, and activations for " + plural(work_rows, "row", "rows")};
}

MemoryEstimate dataset_memory(uint64_t rows, uint64_t dim, int copies, uint64_t held_bytes) {
  const uint64_t one = mul(rows, add(mul(dim, 4), 4));
  const uint64_t c = uint64_t(std::max(copies, 1));
  std::string detail = plural(rows, "example", "examples") + " of " + plural(dim, "value", "values") + " as floats";
  if (c > 1) detail += ", " + std::to_string(c) + " copies while it is split";
  if (held_bytes > 0) detail += ", and " + format_bytes(held_bytes) + " of file data";
  return {add(mul(one, c), held_bytes), detail};
}

MemoryEstimate knn_train_memory(uint64_t rows, uint64_t dim) {
  // X (floats) + y (ints) + the byte copy kept for byte images (knn.cpp keep_bytes).
  return {mul(rows, add(mul(dim, 5), 4)), "kNN's copy of " + plural(rows, "training row", "training rows") + " of " +
                                               plural(dim, "value", "values") + ", as floats and (byte images) as bytes"};
}

MemoryEstimate knn_predict_memory(uint64_t queries, uint64_t dim, uint64_t num_ks, uint64_t kmax, int threads) {
  const uint64_t t = uint64_t(std::max(threads, 1));
  const uint64_t tb = std::clamp<uint64_t>(kKnnTrainBlockBytes / std::max<uint64_t>(dim, 1), 16, 4096);
  const uint64_t per_task = add(mul(kKnnBlockRows, mul(tb, 4)), mul(kKnnBlockRows, mul(kmax, 8)));
  uint64_t bytes = mul(t, per_task);                  // distance block + neighbour heaps per thread
  bytes = add(bytes, mul(queries, dim));              // the queries as bytes
  bytes = add(bytes, mul(mul(num_ks, queries), 4));   // one prediction per query and k
  return {bytes, plural(queries, "query", "queries") + " with " + plural(num_ks, "k", "ks") + " up to k = " +
                     format_count(kmax) + " (neighbour lists of " + format_count(kmax) + " per query, " +
                     std::to_string(t) + (t == 1 ? " thread" : " threads") + ")"};
}

MemoryEstimate cross_validation_memory(uint64_t rows, uint64_t dim, int folds, uint64_t num_ks, uint64_t kmax,
                                       int threads) {
  const uint64_t f = uint64_t(std::max(folds, 2));
  const uint64_t held = (rows + f - 1) / f, rest = rows - std::min(rows, rows / f);
  uint64_t bytes = mul(rows, add(mul(dim, 4), 4));           // the rows cross-validated (a copy)
  bytes = add(bytes, knn_train_memory(rest, dim).bytes);     // a fold's training part, kNN's copies
  bytes = add(bytes, mul(held, add(mul(dim, 4), 4)));        // the held-out fold
  bytes = add(bytes, knn_predict_memory(held, dim, num_ks, kmax, threads).bytes);
  return {bytes, std::to_string(f) + "-fold cross-validation of " + plural(rows, "row", "rows") + " of " +
                     plural(dim, "value", "values") + " with " + plural(num_ks, "k", "ks") + " up to k = " +
                     format_count(kmax)};
}

MemoryEstimate loss_grid_memory(int nx, int ny, uint64_t num_params) {
  const uint64_t cells = mul(uint64_t(std::max(nx, 1)), uint64_t(std::max(ny, 1)));
  // The values (doubles), the grid's copy of the plane (center, d1, d2) and one point of it.
  return {add(mul(cells, 8), mul(num_params, 16)), format_count(cells) + " grid cells, and a copy of the plane and a point of " +
                                                       plural(num_params, "parameter", "parameters")};
}

MemoryEstimate drawing_memory(uint64_t points, int vertices, int indices) {
  // ImDrawVert is 20 bytes (position, uv, colour); ImDrawIdx 2 bytes. ImGui's buffers double when
  // they grow, so count them twice.
  const uint64_t per_point = add(mul(uint64_t(std::max(vertices, 0)), 20), mul(uint64_t(std::max(indices, 0)), 2));
  return {mul(mul(points, per_point), 2), plural(points, "marker", "markers") + " of " + std::to_string(vertices) +
                                              " vertices each, per frame"};
}

// ---- numbers in messages -----------------------------------------------------------------------

std::string format_bytes(uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  static const char* units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  double v = double(bytes) / 1000.0;
  int u = 0;
  while (v >= 999.5 && u < 5) {
    v /= 1000.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" : "%.2f %s", v, units[u]);
  return buf;
}

std::string format_count(uint64_t n) {
  if (n < 1000000) return std::to_string(n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", double(n));
  std::string s = buf;  // "4.29e+09" -> "4.29e9"
  const size_t e = s.find("e+");
  if (e != std::string::npos) {
    std::string exp = s.substr(e + 2);
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    s = s.substr(0, e) + "e" + exp;
  }
  return s;
}

}  // namespace descent
