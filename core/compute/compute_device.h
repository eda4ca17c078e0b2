// compute_device.h: where the heavy kernels run. A ComputeDevice holds buffers and runs the
// engine's kernels on spans of them: the CPU device (cpu_device.h: the SIMD kernels of
// core/kernels) or OpenGL 4.3 compute shaders (native/gpu, registered at start-up; no GL header
// here). Not a tensor library: kernels take sizes and typed spans, BLAS style, and mirror
// core/kernels one to one (same shapes, same formulas), so the scalar references there test every
// device. Work is queued: kernels return nothing; download() and finish() wait and return the
// first error since the last check (a span past its buffer's end, a device failure).
// Usage: Result<DevicePtr> dev = open_device(DeviceKind::GL);  // or parse_device("gl")
//        BufferPtr a = *(*dev)->alloc(bytes); (*dev)->upload(*a, 0, host, bytes); (*dev)->gemm(...);
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/kernels/activation.h"
#include "core/kernels/gemm.h"
#include "core/knn/knn.h"
#include "core/nn/regularizer.h"
#include "core/status.h"

namespace descent::compute {

using kernels::Activation;
using kernels::Trans;

// The one setting every caller chooses a device with: "cpu" (the default) or "gl".
enum class DeviceKind { CPU, GL };
const char* device_name(DeviceKind kind);                // "cpu", "gl"
Result<DeviceKind> parse_device(std::string_view name);  // the inverse, any case

struct DeviceInfo {
  DeviceKind kind = DeviceKind::CPU;
  std::string renderer;        // GL_RENDERER ("llvmpipe (LLVM 15.0.6, 256 bits)"); CPU: "cpu (AVX3_DL, 2 threads)"
  std::string version;         // GL_VERSION; CPU: empty
  size_t max_buffer_bytes = 0; // the largest buffer a kernel may address (GL: the SSBO size limit)
};

// Bytes on a device, zero-filled when allocated.
class Buffer {
 public:
  virtual ~Buffer() = default;
  size_t bytes() const { return bytes_; }

 protected:
  explicit Buffer(size_t bytes) : bytes_(bytes) {}

 private:
  size_t bytes_;
};
using BufferPtr = std::unique_ptr<Buffer>;

// Where a kernel's array starts: a buffer and an offset in elements of T. An empty span (no
// buffer) means "none" where a kernel allows it (no bias, no gradient). GL needs 4-byte aligned
// starts: uint8_t spans start at multiples of 4.
template <typename T>
struct Span {
  Buffer* buffer = nullptr;
  size_t offset = 0;
  Span operator+(size_t n) const { return {buffer, offset + n}; }
  explicit operator bool() const { return buffer != nullptr; }
};
template <typename T>
Span<T> span_of(Buffer& b, size_t offset = 0) {
  return {&b, offset};
}
using FloatSpan = Span<float>;
using DoubleSpan = Span<double>;
using IntSpan = Span<int32_t>;
using U32Span = Span<uint32_t>;
using ByteSpan = Span<uint8_t>;

// count products of the same shape, operand i at A + i*a, B + i*b, C + i*c (strides in elements;
// 0 = the same operand for every product).
struct GemmBatch {
  int count = 1;
  size_t a = 0, b = 0, c = 0;
};

class ComputeDevice {
 public:
  virtual ~ComputeDevice() = default;
  virtual const DeviceInfo& info() const = 0;

  // ---- memory -----------------------------------------------------------------------------------
  virtual Result<BufferPtr> alloc(size_t bytes) = 0;  // zero-filled
  virtual Status upload(Buffer& dst, size_t byte_offset, const void* src, size_t bytes) = 0;
  // Waits for the queued work, then copies; returns the first error since the last check.
  virtual Status download(const Buffer& src, size_t byte_offset, void* dst, size_t bytes) = 0;
  // Waits for the queued work; returns the first error since the last check (and clears it).
  virtual Status finish() = 0;

  // ---- the kernels (arguments as in core/kernels; every span is checked against its buffer) ----
  // C = beta*C + op(A)·op(B), batch.count times (kernels/gemm.h).
  void gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
            GemmBatch batch = {});
  // For each of `batch` blocks: Z (N,C) <- act(Z + b); blocks of Z are N*C apart, of b b_stride
  // apart (0 = C); b may be empty (kernels/activation.h).
  void bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch = 1,
                               size_t b_stride = 0);
  // dZ (N,C) = dA * act'(A), from the activation's output A; dZ may alias dA.
  void activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act);
  // out (C) = beta*out + the sums of X's (N,C) columns (the bias gradient).
  void column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out);
  // out (n) = a * b, element-wise (dropout's masks); out may alias a or b.
  void multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out);

  // The criteria. S (N,C) scores, y (N) labels. The N rows form `segments` equal runs (N a multiple
  // of it); loss[s] = the SUM over run s's rows of the row loss, accumulated in double. With dS (may
  // alias S) also the gradient, scaled by grad_scale.
  //   softmax_cross_entropy: row loss logsumexp(S_n) - S_n[y_n] (NaN for a label outside [0,C)),
  //     dS = grad_scale*(softmax(S_n) - onehot(y_n))                     (kernels/softmax.h)
  //   multiclass_hinge: row loss sum_{j != y} max(0, S_nj - S_ny + margin), dS_nj = grad_scale for
  //     each positive term, dS_ny = -grad_scale * (their number)           (nn/svm_loss.h)
  void softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS, DoubleSpan loss,
                             int segments = 1);
  void multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale, FloatSpan dS,
                        DoubleSpan loss, int segments = 1);
  // For each of `count` blocks of n weights (stride apart): out[c] = lambda * R(block) and, if gW
  // is not empty (count 1 only), gW += the gradient, exactly as regularize() (nn/regularizer.h).
  void penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count = 1,
               size_t stride = 0);
  // argmax of each row of S (N,C); ties (and NaNs) as std::max_element: the first maximum.
  void argmax_rows(int N, int C, FloatSpan S, IntSpan out);

  // Optimizer updates over n values, in kernels/update.h's evaluation order.
  void sgd_update(size_t n, FloatSpan p, FloatSpan g, float lr);
  void momentum_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan buf, float lr, float mu, bool nesterov);
  void adagrad_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan sum, float lr, float eps);
  void rmsprop_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan sq, float lr, float alpha, float eps);
  void adam_update(size_t n, FloatSpan p, FloatSpan g, FloatSpan m, FloatSpan v, float lr, float b1, float b2,
                   float eps, float bc1, float bc2);

  // kNN. out (nq, nx) with row stride ldo: distances of Q (nq,D) to X (nx,D); L2 is squared
  // (kernels/distance.h). The byte form gives exact integers; its D is a multiple of 4.
  void distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo);
  void distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo);
  // idx (nq, k): the k nearest columns of each row of dist (nq, nx; row stride ld), nearest first,
  // equal distances by the smaller index (knn.h's rule); 1 <= k <= min(nx, kMaxDeviceK).
  void nearest_k(int nq, int nx, int k, FloatSpan dist, int ld, IntSpan idx);
  void nearest_k(int nq, int nx, int k, U32Span dist, int ld, IntSpan idx);
  // pred (nq) = the majority label of the first k of each row of idx (nq rows, row stride ld) under
  // labels (nx); a tie goes to the
  // smallest class; indices outside [0, nx) and labels outside [0, num_classes) do not vote.
  void vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred);
  static constexpr int kMaxDeviceK = 128;

  // Weight-space planes: out[g*n + i] = float(c[i] + a_g d[i] + b_g e[i]) in double, for g < count,
  // (a_g, b_g) = ab[2g], ab[2g+1] (core/landscape/plane.h's plane_point for `count` points at once).
  void plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab, FloatSpan out);

 protected:
  // Records the first error; kernels after it are skipped until download() / finish() report it.
  void fail(Status s);
  bool failed() const { return !error_.is_ok(); }
  Status take_error();

  virtual void run_gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
                        GemmBatch batch) = 0;
  virtual void run_bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch,
                                           size_t b_stride) = 0;
  virtual void run_activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act) = 0;
  virtual void run_column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out) = 0;
  virtual void run_multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out) = 0;
  virtual void run_softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                                         DoubleSpan loss, int segments) = 0;
  virtual void run_multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale,
                                    FloatSpan dS, DoubleSpan loss, int segments) = 0;
  virtual void run_penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count,
                           size_t stride) = 0;
  virtual void run_argmax_rows(int N, int C, FloatSpan S, IntSpan out) = 0;
  // kind: which update.h rule; s1/s2 the state buffers it uses; h its hyper-parameters as passed.
  enum class Update { SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam };
  struct UpdateArgs {
    float lr = 0, mu = 0, alpha = 0, eps = 0, b1 = 0, b2 = 0, bc1 = 0, bc2 = 0;
  };
  virtual void run_update(Update kind, size_t n, FloatSpan p, FloatSpan g, FloatSpan s1, FloatSpan s2,
                          const UpdateArgs& h) = 0;
  virtual void run_distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo) = 0;
  virtual void run_distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo) = 0;
  virtual void run_nearest_k(int nq, int nx, int k, FloatSpan dist, U32Span udist, int ld, IntSpan idx) = 0;
  virtual void run_vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred) = 0;
  virtual void run_plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab,
                                 FloatSpan out) = 0;

 private:
  // False (and the error recorded) unless `count` elements of `elem` bytes fit from span's start.
  bool fits(const char* kernel, const char* what, const Buffer* b, size_t offset, size_t count, size_t elem,
            bool optional = false);
  template <typename T>
  bool fits(const char* kernel, const char* what, Span<T> s, size_t count, bool optional = false) {
    return fits(kernel, what, s.buffer, s.offset, count, sizeof(T), optional);
  }
  bool sizes_ok(const char* kernel, std::initializer_list<long> sizes);

  Status error_;
};

using DevicePtr = std::unique_ptr<ComputeDevice>;

// Opens a device of this kind. CPU always works; GL works where a backend was registered (the
// native CLI and app register native/gpu's) and the machine has OpenGL 4.3, otherwise the error
// says what was found ("OpenGL 3.3 (renderer X): compute shaders need 4.3").
Result<DevicePtr> open_device(DeviceKind kind);
// How a platform provides a device kind (native/gpu registers GL's). Replaces an earlier opener.
using DeviceOpener = std::function<Result<DevicePtr>()>;
void set_device_opener(DeviceKind kind, DeviceOpener opener);

// Helpers for callers: allocate and fill, or read back, whole typed arrays.
template <typename T>
Result<BufferPtr> upload_new(ComputeDevice& dev, const T* data, size_t count) {
  Result<BufferPtr> b = dev.alloc(count * sizeof(T));
  if (!b) return b;
  if (count > 0)
    if (Status s = dev.upload(**b, 0, data, count * sizeof(T)); !s) return s;
  return b;
}
template <typename T>
Status download_to(ComputeDevice& dev, Span<T> src, T* dst, size_t count) {
  if (!src) return make_error(ErrorCode::Internal, "download: the span has no buffer");
  return dev.download(*src.buffer, src.offset * sizeof(T), dst, count * sizeof(T));
}

}  // namespace descent::compute
