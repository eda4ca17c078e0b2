// compute_device.cpp: device names, the registry of device openers, and the kernels' argument
// checks in front of each device's run_* implementation (compute_device.h).
#include "core/compute/compute_device.h"

#include "core/compute/device_settings.h"

#include <cctype>
#include <map>
#include <mutex>

#include "core/compute/cpu_device.h"
#include "core/kernels/distance.h"

namespace descent::compute {

namespace {
std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::map<DeviceKind, DeviceOpener>& registry() {
  static std::map<DeviceKind, DeviceOpener> r;
  return r;
}
size_t rows_times(long a, long b) { return size_t(a) * size_t(b); }
}  // namespace

const char* device_name(DeviceKind kind) { return kind == DeviceKind::GL ? "gl" : "cpu"; }

Result<DeviceKind> parse_device(std::string_view name) {
  DeviceChoice c;
  if (Status s = device_schema().apply(c, {{"device", std::string(name)}}, ""); !s) return s;
  return c.device;
}

void set_device_opener(DeviceKind kind, DeviceOpener opener) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  registry()[kind] = std::move(opener);
}

Result<DevicePtr> open_device(DeviceKind kind) {
  DeviceOpener opener;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    auto it = registry().find(kind);
    if (it != registry().end()) opener = it->second;
  }
  if (opener) return opener();
  if (kind == DeviceKind::CPU) return DevicePtr(std::make_unique<CpuDevice>());
  return make_error(ErrorCode::NotFound, std::string("the ") + device_name(kind) +
                                             " device is not part of this build (the browser and the engine alone "
                                             "run the CPU's SIMD kernels); use the cpu device");
}

// ---- errors --------------------------------------------------------------------------------------

void ComputeDevice::fail(Status s) {
  if (error_.is_ok()) error_ = std::move(s);
}

Status ComputeDevice::take_error() {
  Status s = std::move(error_);
  error_ = Status::ok();
  return s;
}

bool ComputeDevice::fits(const char* kernel, const char* what, const Buffer* b, size_t offset, size_t count,
                         size_t elem, bool optional) {
  if (failed()) return false;
  if (!b) {
    if (optional) return true;
    fail(make_error(ErrorCode::Internal, std::string(kernel) + ": " + what + " has no buffer"));
    return false;
  }
  if (count == 0) return true;
  const size_t end = (offset + count) * elem;
  if (offset > b->bytes() / elem || end > b->bytes()) {
    fail(make_error(ErrorCode::Internal, std::string(kernel) + ": " + what + " needs " + std::to_string(end) +
                                             " bytes from its buffer of " + std::to_string(b->bytes())));
    return false;
  }
  return true;
}

bool ComputeDevice::sizes_ok(const char* kernel, std::initializer_list<long> sizes) {
  if (failed()) return false;
  for (long s : sizes)
    if (s < 0) {
      fail(make_error(ErrorCode::Internal, std::string(kernel) + ": negative size " + std::to_string(s)));
      return false;
    }
  return true;
}

// ---- checked entry points --------------------------------------------------------------------------

void ComputeDevice::gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
                         GemmBatch batch) {
  if (!sizes_ok("gemm", {M, N, K, batch.count})) return;
  const size_t last = batch.count > 0 ? size_t(batch.count - 1) : 0;
  if (batch.count == 0 || M == 0 || N == 0) return;
  if (!fits("gemm", "A", A + last * batch.a, rows_times(M, K)) || !fits("gemm", "B", B + last * batch.b, rows_times(K, N)) ||
      !fits("gemm", "C", C + last * batch.c, rows_times(M, N)))
    return;
  run_gemm(ta, tb, M, N, K, A, B, beta, C, batch);
}

void ComputeDevice::bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch,
                                           size_t b_stride) {
  if (!sizes_ok("bias_activation_forward", {N, C, batch}) || N == 0 || C == 0 || batch == 0) return;
  if (b_stride == 0) b_stride = size_t(C);
  if (!fits("bias_activation_forward", "Z", Z, rows_times(N, C) * size_t(batch)) ||
      !fits("bias_activation_forward", "b", b, b_stride * size_t(batch - 1) + size_t(C), true))
    return;
  run_bias_activation_forward(N, C, Z, b, act, batch, b_stride);
}

void ComputeDevice::activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act) {
  const size_t n = rows_times(N, C);
  if (!sizes_ok("activation_backward", {N, C}) || n == 0) return;
  if (!fits("activation_backward", "A", A, n) || !fits("activation_backward", "dA", dA, n) ||
      !fits("activation_backward", "dZ", dZ, n))
    return;
  run_activation_backward(N, C, A, dA, dZ, act);
}

void ComputeDevice::column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out) {
  if (!sizes_ok("column_sums", {N, C}) || C == 0) return;
  if (!fits("column_sums", "X", X, rows_times(N, C)) || !fits("column_sums", "out", out, size_t(C))) return;
  run_column_sums(N, C, X, beta, out);
}

void ComputeDevice::multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out) {
  if (failed() || n == 0) return;
  if (!fits("multiply", "a", a, n) || !fits("multiply", "b", b, n) || !fits("multiply", "out", out, n)) return;
  run_multiply(n, a, b, out);
}

namespace {
Status segments_error(const char* kernel, int N, int segments) {
  return make_error(ErrorCode::Internal, std::string(kernel) + ": " + std::to_string(N) +
                                             " rows do not split into " + std::to_string(segments) + " equal runs");
}
}  // namespace

void ComputeDevice::softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                                          DoubleSpan loss, int segments) {
  const char* k = "softmax_cross_entropy";
  if (!sizes_ok(k, {N, C, segments})) return;
  if (segments < 1 || N % segments != 0) return fail(segments_error(k, N, segments));
  if (!fits(k, "S", S, rows_times(N, C)) || !fits(k, "y", y, size_t(N)) || !fits(k, "dS", dS, rows_times(N, C), true) ||
      !fits(k, "loss", loss, size_t(segments)))
    return;
  run_softmax_cross_entropy(N, C, S, y, grad_scale, dS, loss, segments);
}

void ComputeDevice::multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale,
                                     FloatSpan dS, DoubleSpan loss, int segments) {
  const char* k = "multiclass_hinge";
  if (!sizes_ok(k, {N, C, segments})) return;
  if (segments < 1 || N % segments != 0) return fail(segments_error(k, N, segments));
  if (!fits(k, "S", S, rows_times(N, C)) || !fits(k, "y", y, size_t(N)) || !fits(k, "dS", dS, rows_times(N, C), true) ||
      !fits(k, "loss", loss, size_t(segments)))
    return;
  run_multiclass_hinge(N, C, S, y, margin, grad_scale, dS, loss, segments);
}

void ComputeDevice::penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count,
                            size_t stride) {
  const char* k = "penalty";
  if (!sizes_ok(k, {count}) || count == 0) return;
  if (gW && count != 1) return fail(make_error(ErrorCode::Internal, "penalty: a gradient needs count 1"));
  const size_t span = size_t(count - 1) * stride + n;
  if (!fits(k, "W", W, span) || !fits(k, "gW", gW, n, true) || !fits(k, "out", out, size_t(count))) return;
  run_penalty(n, W, gW, reg, out, count, stride);
}

void ComputeDevice::argmax_rows(int N, int C, FloatSpan S, IntSpan out) {
  if (!sizes_ok("argmax_rows", {N, C}) || N == 0) return;
  if (C < 1) return fail(make_error(ErrorCode::Internal, "argmax_rows: no columns"));
  if (!fits("argmax_rows", "S", S, rows_times(N, C)) || !fits("argmax_rows", "out", out, size_t(N))) return;
  run_argmax_rows(N, C, S, out);
}

void ComputeDevice::sgd_update(size_t n, FloatSpan p, FloatSpan g, float lr) {
  if (failed() || n == 0 || !fits("sgd_update", "p", p, n) || !fits("sgd_update", "g", g, n)) return;
  run_update(Update::SGD, n, p, g, {}, {}, {.lr = lr});
}

void ComputeDevice::momentum_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan buf, float lr, float mu,
                                    bool nesterov) {
  const char* k = "momentum_update";
  if (failed() || n == 0 || !fits(k, "p", p, n) || !fits(k, "g", g, n) || !fits(k, "buf", buf, n)) return;
  run_update(nesterov ? Update::Nesterov : Update::Momentum, n, p, g, buf, {}, {.lr = lr, .mu = mu});
}

void ComputeDevice::adagrad_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan sum, float lr, float eps) {
  const char* k = "adagrad_update";
  if (failed() || n == 0 || !fits(k, "p", p, n) || !fits(k, "g", g, n) || !fits(k, "sum", sum, n)) return;
  run_update(Update::AdaGrad, n, p, g, sum, {}, {.lr = lr, .eps = eps});
}

void ComputeDevice::rmsprop_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan sq, float lr, float alpha, float eps) {
  const char* k = "rmsprop_update";
  if (failed() || n == 0 || !fits(k, "p", p, n) || !fits(k, "g", g, n) || !fits(k, "sq", sq, n)) return;
  run_update(Update::RMSProp, n, p, g, sq, {}, {.lr = lr, .alpha = alpha, .eps = eps});
}

void ComputeDevice::adam_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan m, FloatSpan v, float lr, float b1,
                                float b2, float eps, float bc1, float bc2) {
  const char* k = "adam_update";
  if (failed() || n == 0 || !fits(k, "p", p, n) || !fits(k, "g", g, n) || !fits(k, "m", m, n) || !fits(k, "v", v, n))
    return;
  run_update(Update::Adam, n, p, g, m, v, {.lr = lr, .eps = eps, .b1 = b1, .b2 = b2, .bc1 = bc1, .bc2 = bc2});
}

void ComputeDevice::distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo) {
  const char* k = "distances";
  if (!sizes_ok(k, {nq, nx, D}) || nq == 0 || nx == 0) return;
  if (ldo < nx) return fail(make_error(ErrorCode::Internal, "distances: ldo < nx"));
  if (!fits(k, "Q", Q, rows_times(nq, D)) || !fits(k, "X", X, rows_times(nx, D)) ||
      !fits(k, "out", out, rows_times(nq - 1, ldo) + size_t(nx)))
    return;
  run_distances(m, nq, nx, D, Q, X, out, ldo);
}

void ComputeDevice::distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo) {
  const char* k = "distances_u8";
  if (!sizes_ok(k, {nq, nx, D}) || nq == 0 || nx == 0) return;
  if (D % 4 != 0 || Q.offset % 4 != 0 || X.offset % 4 != 0)
    return fail(make_error(ErrorCode::Internal, "distances_u8: D and the byte offsets must be multiples of 4"));
  if (m == Metric::L2 && D > kernels::kMaxDimU8L2)
    return fail(make_error(ErrorCode::Internal, "distances_u8: D too large for exact 32-bit L2"));
  if (ldo < nx) return fail(make_error(ErrorCode::Internal, "distances_u8: ldo < nx"));
  if (!fits(k, "Q", Q, rows_times(nq, D)) || !fits(k, "X", X, rows_times(nx, D)) ||
      !fits(k, "out", out, rows_times(nq - 1, ldo) + size_t(nx)))
    return;
  run_distances_u8(m, nq, nx, D, Q, X, out, ldo);
}

namespace {
bool k_ok(int nx, int k) { return k >= 1 && k <= nx && k <= ComputeDevice::kMaxDeviceK; }
}  // namespace

void ComputeDevice::nearest_k(int nq, int nx, int k, FloatSpan dist, int ld, IntSpan idx) {
  if (!sizes_ok("nearest_k", {nq, nx, ld}) || nq == 0) return;
  if (!k_ok(nx, k) || ld < nx) return fail(make_error(ErrorCode::Internal, "nearest_k: k or ld out of range"));
  if (!fits("nearest_k", "dist", dist, rows_times(nq - 1, ld) + size_t(nx)) ||
      !fits("nearest_k", "idx", idx, rows_times(nq, k)))
    return;
  run_nearest_k(nq, nx, k, dist, {}, ld, idx);
}

void ComputeDevice::nearest_k(int nq, int nx, int k, U32Span dist, int ld, IntSpan idx) {
  if (!sizes_ok("nearest_k", {nq, nx, ld}) || nq == 0) return;
  if (!k_ok(nx, k) || ld < nx) return fail(make_error(ErrorCode::Internal, "nearest_k: k or ld out of range"));
  if (!fits("nearest_k", "dist", dist, rows_times(nq - 1, ld) + size_t(nx)) ||
      !fits("nearest_k", "idx", idx, rows_times(nq, k)))
    return;
  run_nearest_k(nq, nx, k, {}, dist, ld, idx);
}

void ComputeDevice::vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred) {
  if (!sizes_ok("vote", {nq, k, nx, num_classes}) || nq == 0) return;
  if (k < 1 || num_classes < 1 || ld < k)
    return fail(make_error(ErrorCode::Internal, "vote: k and num_classes must be >= 1, ld >= k"));
  if (!fits("vote", "idx", idx, rows_times(nq - 1, ld) + size_t(k)) || !fits("vote", "labels", labels, size_t(nx)) ||
      !fits("vote", "pred", pred, size_t(nq)))
    return;
  run_vote(nq, k, idx, ld, nx, labels, num_classes, pred);
}

void ComputeDevice::plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab,
                                  FloatSpan out) {
  const char* k = "plane_combine";
  if (!sizes_ok(k, {count}) || count == 0 || n == 0) return;
  if (!fits(k, "c", c, n) || !fits(k, "d", d, n) || !fits(k, "e", e, n) || !fits(k, "ab", ab, 2 * size_t(count)) ||
      !fits(k, "out", out, n * size_t(count)))
    return;
  run_plane_combine(n, count, c, d, e, ab, out);
}

}  // namespace descent::compute
