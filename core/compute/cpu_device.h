// cpu_device.h: the CPU as a ComputeDevice: buffers in host memory, kernels = the SIMD kernels of
// core/kernels (thread pool included), so a caller written against ComputeDevice runs here with
// exactly the numbers of the engine's own CPU path (core/nn, core/optim, core/knn).
// Not a reference implementation: the scalar *_ref functions in core/kernels are.
// Usage: CpuDevice cpu; or open_device(DeviceKind::CPU).
#pragma once
#include "core/compute/compute_device.h"

namespace descent::compute {

class CpuDevice final : public ComputeDevice {
 public:
  CpuDevice();
  const DeviceInfo& info() const override { return info_; }
  Result<BufferPtr> alloc(size_t bytes) override;
  Status upload(Buffer& dst, size_t byte_offset, const void* src, size_t bytes) override;
  Status download(const Buffer& src, size_t byte_offset, void* dst, size_t bytes) override;
  Status finish() override { return take_error(); }

 protected:
  void run_gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
                GemmBatch batch) override;
  void run_bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch,
                                           size_t b_stride) override;
  void run_activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act) override;
  void run_column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out) override;
  void run_multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out) override;
  void run_softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                                 DoubleSpan loss, int segments) override;
  void run_multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale, FloatSpan dS,
                            DoubleSpan loss, int segments) override;
  void run_penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count,
                   size_t stride) override;
  void run_argmax_rows(int N, int C, FloatSpan S, IntSpan out) override;
  void run_update(Update kind, size_t n, FloatSpan p, FloatSpan g, FloatSpan s1, FloatSpan s2,
                  const UpdateArgs& h) override;
  void run_distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo) override;
  void run_distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo) override;
  void run_nearest_k(int nq, int nx, int k, FloatSpan dist, U32Span udist, int ld, IntSpan idx) override;
  void run_vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred) override;
  void run_plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab,
                         FloatSpan out) override;

 private:
  DeviceInfo info_;
};

}  // namespace descent::compute
