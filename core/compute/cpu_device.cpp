// cpu_device.cpp: ComputeDevice on host memory with core/kernels' SIMD kernels (cpu_device.h).
// The criteria and the penalty call exactly what core/nn calls (softmax_cross_entropy, the hinge
// of svm_loss.h, l2_penalty / regularize), so a caller written against the device reproduces
// Network<float>'s numbers bit for bit here.
#include "core/compute/cpu_device.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

#include "core/kernels/distance.h"
#include "core/kernels/penalty.h"
#include "core/kernels/simd_target.h"
#include "core/kernels/softmax.h"
#include "core/kernels/update.h"
#include "core/parallel/thread_pool.h"

namespace descent::compute {

namespace {

constexpr std::align_val_t kAlign{64};

class CpuBuffer final : public Buffer {
 public:
  explicit CpuBuffer(size_t bytes) : Buffer(bytes), data_(static_cast<std::byte*>(::operator new(bytes ? bytes : 1, kAlign))) {
    std::memset(data_, 0, bytes);
  }
  ~CpuBuffer() override { ::operator delete(data_, kAlign); }
  std::byte* data() const { return data_; }

 private:
  std::byte* data_;
};

template <typename T>
T* at(Span<T> s) {
  return s.buffer ? reinterpret_cast<T*>(static_cast<CpuBuffer*>(s.buffer)->data()) + s.offset : nullptr;
}

// (distance, index), ordered by distance then index (knn.h's rule).
template <typename Dist>
struct Neighbor {
  Dist d;
  int i;
  bool operator<(const Neighbor& o) const { return d < o.d || (d == o.d && i < o.i); }
};

// idx (k) = the k nearest of one row d (nx), nearest first: a bounded max-heap of (d, i).
template <typename Dist>
void nearest_row(const Dist* d, int nx, int k, int* idx, std::vector<Neighbor<Dist>>* heap) {
  heap->clear();
  for (int j = 0; j < nx; ++j) {
    const Neighbor<Dist> n{d[j], j};
    if (int(heap->size()) < k) {
      heap->push_back(n);
      std::push_heap(heap->begin(), heap->end());
    } else if (n < heap->front()) {
      std::pop_heap(heap->begin(), heap->end());
      heap->back() = n;
      std::push_heap(heap->begin(), heap->end());
    }
  }
  std::sort_heap(heap->begin(), heap->end());
  for (int j = 0; j < k; ++j) idx[j] = (*heap)[size_t(j)].i;
}

// The sum over rows of the multiclass hinge with its gradient: MulticlassSvmLoss::forward_backward
// (nn/svm_loss.h) with the 1/N factor given as grad_scale and the sum returned instead of the mean.
double hinge_rows(int N, int C, const float* S, const int* y, double margin, float grad_scale, float* dS) {
  double total = 0.0;
  for (int n = 0; n < N; ++n) {
    const float* s = S + size_t(n) * size_t(C);
    const int yn = y[n];
    if (yn < 0 || yn >= C) {  // no correct class: the loss is undefined (as softmax_cross_entropy says)
      total += std::numeric_limits<double>::quiet_NaN();
      if (dS) std::fill(dS + size_t(n) * size_t(C), dS + size_t(n + 1) * size_t(C), 0.f);
      continue;
    }
    const double correct = double(s[yn]);
    for (int j = 0; j < C; ++j) {
      if (j == yn) continue;
      const double m = double(s[j]) - correct + margin;
      if (m > 0) total += m;
    }
    if (!dS) continue;
    float* d = dS + size_t(n) * size_t(C);
    int active = 0;
    for (int j = 0; j < C; ++j) {
      if (j == yn) continue;
      const bool on = double(s[j]) - correct + margin > 0;
      active += on;
      d[j] = on ? grad_scale : 0.f;
    }
    d[yn] = -float(active) * grad_scale;
  }
  return total;
}

}  // namespace

CpuDevice::CpuDevice() {
  info_.kind = DeviceKind::CPU;
  info_.renderer = std::string("cpu (") + kernels::simd_target_name() + ", " + std::to_string(parallel::num_threads()) +
                   (parallel::num_threads() == 1 ? " thread)" : " threads)");
  info_.max_buffer_bytes = size_t(1) << 40;
}

Result<BufferPtr> CpuDevice::alloc(size_t bytes) {
  try {
    return BufferPtr(std::make_unique<CpuBuffer>(bytes));
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::TooLarge, "cpu device: out of memory allocating " + std::to_string(bytes) + " bytes");
  }
}

Status CpuDevice::upload(Buffer& dst, size_t byte_offset, const void* src, size_t bytes) {
  if (byte_offset > dst.bytes() || bytes > dst.bytes() - byte_offset)
    return make_error(ErrorCode::Internal, "upload: " + std::to_string(bytes) + " bytes at " +
                                               std::to_string(byte_offset) + " overrun a buffer of " +
                                               std::to_string(dst.bytes()));
  if (bytes) std::memcpy(static_cast<CpuBuffer&>(dst).data() + byte_offset, src, bytes);
  return Status::ok();
}

Status CpuDevice::download(const Buffer& src, size_t byte_offset, void* dst, size_t bytes) {
  if (Status s = take_error(); !s) return s;
  if (byte_offset > src.bytes() || bytes > src.bytes() - byte_offset)
    return make_error(ErrorCode::Internal, "download: " + std::to_string(bytes) + " bytes at " +
                                               std::to_string(byte_offset) + " overrun a buffer of " +
                                               std::to_string(src.bytes()));
  if (bytes) std::memcpy(dst, static_cast<const CpuBuffer&>(src).data() + byte_offset, bytes);
  return Status::ok();
}

void CpuDevice::run_gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
                         GemmBatch batch) {
  for (int i = 0; i < batch.count; ++i)
    kernels::gemm(ta, tb, M, N, K, at(A + size_t(i) * batch.a), at(B + size_t(i) * batch.b), beta,
                  at(C + size_t(i) * batch.c));
}

void CpuDevice::run_bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch,
                                           size_t b_stride) {
  for (int i = 0; i < batch; ++i)
    kernels::bias_activation_forward(N, C, at(Z + size_t(i) * size_t(N) * size_t(C)),
                                     b ? at(b + size_t(i) * b_stride) : nullptr, act);
}

void CpuDevice::run_activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act) {
  kernels::activation_backward(N, C, at(A), at(dA), at(dZ), act);
}

void CpuDevice::run_column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out) {
  kernels::column_sums(N, C, at(X), beta, at(out));
}

void CpuDevice::run_multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out) {
  const float *pa = at(a), *pb = at(b);
  float* po = at(out);
  for (size_t i = 0; i < n; ++i) po[i] = pa[i] * pb[i];
}

void CpuDevice::run_softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                                          DoubleSpan loss, int segments) {
  const int rows = N / segments;
  for (int s = 0; s < segments; ++s) {
    const size_t r0 = size_t(s) * size_t(rows);
    at(loss)[s] = kernels::softmax_cross_entropy(rows, C, at(S) + r0 * size_t(C), at(y) + r0, grad_scale,
                                                 dS ? at(dS) + r0 * size_t(C) : nullptr);
  }
}

void CpuDevice::run_multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale,
                                     FloatSpan dS, DoubleSpan loss, int segments) {
  const int rows = N / segments;
  for (int s = 0; s < segments; ++s) {
    const size_t r0 = size_t(s) * size_t(rows);
    at(loss)[s] = hinge_rows(rows, C, at(S) + r0 * size_t(C), at(y) + r0, margin, grad_scale,
                             dS ? at(dS) + r0 * size_t(C) : nullptr);
  }
}

void CpuDevice::run_penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count,
                            size_t stride) {
  for (int c = 0; c < count; ++c) {
    const float* w = at(W) + size_t(c) * stride;
    // As Network<float> does: the L2 case on the SIMD kernel (identical gradient), others scalar.
    at(out)[c] = reg.kind == Regularizer::L2 && reg.lambda != 0.0 ? kernels::l2_penalty(int(n), w, at(gW), reg.lambda)
                                                                   : regularize<float>(reg, w, at(gW), n);
  }
}

void CpuDevice::run_argmax_rows(int N, int C, FloatSpan S, IntSpan out) {
  for (int i = 0; i < N; ++i) {
    const float* s = at(S) + size_t(i) * size_t(C);
    at(out)[i] = int(std::max_element(s, s + C) - s);
  }
}

void CpuDevice::run_update(Update kind, size_t n, FloatSpan p, FloatSpan g, FloatSpan s1, FloatSpan s2,
                           const UpdateArgs& h) {
  const int len = int(n);
  switch (kind) {
    case Update::SGD: kernels::sgd_update(len, at(p), at(g), h.lr); break;
    case Update::Momentum:
    case Update::Nesterov:
      kernels::momentum_update(len, at(p), at(g), at(s1), h.lr, h.mu, kind == Update::Nesterov);
      break;
    case Update::AdaGrad: kernels::adagrad_update(len, at(p), at(g), at(s1), h.lr, h.eps); break;
    case Update::RMSProp: kernels::rmsprop_update(len, at(p), at(g), at(s1), h.lr, h.alpha, h.eps); break;
    case Update::Adam:
      kernels::adam_update(len, at(p), at(g), at(s1), at(s2), h.lr, h.b1, h.b2, h.eps, h.bc1, h.bc2);
      break;
  }
}

namespace {
// Runs a distance kernel that writes (nq, nx) densely into out with row stride ldo.
template <typename In, typename Out, typename Kernel>
void strided_distances(int nq, int nx, int D, const In* Q, const In* X, Out* out, int ldo, const Kernel& kernel) {
  if (ldo == nx) return kernel(nq, nx, D, Q, X, out);
  std::vector<Out> rows(size_t(nq) * size_t(nx));
  kernel(nq, nx, D, Q, X, rows.data());
  for (int i = 0; i < nq; ++i)
    std::copy_n(rows.data() + size_t(i) * size_t(nx), nx, out + size_t(i) * size_t(ldo));
}
}  // namespace

void CpuDevice::run_distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo) {
  strided_distances(nq, nx, D, at(Q), at(X), at(out), ldo,
                    m == Metric::L1 ? kernels::l1_distances : kernels::l2_squared_distances);
}

void CpuDevice::run_distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo) {
  strided_distances(nq, nx, D, at(Q), at(X), at(out), ldo,
                    m == Metric::L1 ? kernels::l1_distances_u8 : kernels::l2_squared_distances_u8);
}

void CpuDevice::run_nearest_k(int nq, int nx, int k, FloatSpan dist, U32Span udist, int ld, IntSpan idx) {
  if (dist) {
    std::vector<Neighbor<float>> heap;
    for (int i = 0; i < nq; ++i) nearest_row(at(dist) + size_t(i) * size_t(ld), nx, k, at(idx) + size_t(i) * size_t(k), &heap);
  } else {
    std::vector<Neighbor<uint32_t>> heap;
    for (int i = 0; i < nq; ++i)
      nearest_row(at(udist) + size_t(i) * size_t(ld), nx, k, at(idx) + size_t(i) * size_t(k), &heap);
  }
}

void CpuDevice::run_vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred) {
  std::vector<int> counts(static_cast<size_t>(num_classes));
  for (int i = 0; i < nq; ++i) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int j = 0; j < k; ++j) {
      const int n = at(idx)[size_t(i) * size_t(ld) + size_t(j)];
      const int label = n >= 0 && n < nx ? at(labels)[n] : -1;
      if (label >= 0 && label < num_classes) ++counts[size_t(label)];
    }
    at(pred)[i] = int(std::max_element(counts.begin(), counts.end()) - counts.begin());  // ties: smallest class
  }
}

void CpuDevice::run_plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab,
                                  FloatSpan out) {
  const float *pc = at(c), *pd = at(d), *pe = at(e);
  for (int g = 0; g < count; ++g) {
    const double a = at(ab)[2 * g], b = at(ab)[2 * g + 1];
    float* o = at(out) + size_t(g) * n;
    for (size_t i = 0; i < n; ++i) o[i] = float(double(pc[i]) + a * double(pd[i]) + b * double(pe[i]));
  }
}

}  // namespace descent::compute
