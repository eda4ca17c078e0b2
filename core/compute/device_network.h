// device_network.h: Network<float> (core/nn/network.h) with its parameters, gradients and
// workspaces on a ComputeDevice: the same layers, criterion, penalty and dropout, step for step,
// so on the CPU device it reproduces Network<float> bit for bit and on GL to rounding.
// Dropout masks are drawn on the host from the caller's Rng, in Network's order, and uploaded.
// Not an owner of data: inputs are device spans (forward_backward) or host rows (predict, loss).
// Usage: auto net = DeviceNetwork::create(dev, host_net);   // copies host_net's weights up
//        Result<LossValue> l = net->forward_backward(X, y, B, &rng);  // grads() filled
#pragma once
#include <memory>
#include <vector>

#include "core/compute/compute_device.h"
#include "core/nn/network.h"

namespace descent::compute {

class DeviceNetwork {
 public:
  // The model, layout and initial weights of `host` (any further change to host is not seen).
  static Result<std::unique_ptr<DeviceNetwork>> create(ComputeDevice& dev, const Network<float>& host);

  // Loss of labels y (N) for rows X (N, D) on the device, with the gradient of every parameter in
  // grads() (overwritten), as Network<float>::forward_backward. dropout_rng non-null = training mode.
  Result<LossValue> forward_backward(FloatSpan X, IntSpan y, int N, Rng* dropout_rng = nullptr);
  // Loss only, evaluation mode, of host rows X (N, D) and labels y (N), as Network<float>::loss.
  Result<LossValue> loss(const float* X, const int* y, int N);
  // argmax class of each host row (evaluation mode), in chunks, as Network<float>::predict.
  Status predict(const float* X, int N, int* labels);
  Result<double> accuracy(const float* X, const int* y, int N);

  FloatSpan params() { return span_of<float>(*params_); }  // (P) every parameter, as Parameters<float>::value
  FloatSpan grads() { return span_of<float>(*grads_); }    // (P)
  size_t num_params() const { return host_.params().size(); }
  // The parameters, read back.
  Result<std::vector<float>> download_params();
  Status upload_params(const std::vector<float>& values);
  // The host model: desc, layer shapes and tensor table (its weights are the initial ones).
  const Network<float>& layout() const { return host_; }
  ComputeDevice& device() { return dev_; }

 private:
  DeviceNetwork(ComputeDevice& dev, const Network<float>& host) : dev_(dev), host_(host) {}
  Status reserve(int N);        // workspaces for N rows
  Status upload_rows(const float* X, const int* y, int N);  // into the evaluation chunk buffers
  void forward(FloatSpan X, int N, bool dropout);  // dropout: apply the uploaded masks_
  Result<LossValue> finish_loss(int N);  // reads back the criterion's sum and the penalties

  ComputeDevice& dev_;
  Network<float> host_;
  BufferPtr params_, grads_;
  BufferPtr sums_;                   // doubles: the criterion's sum, then one penalty per layer
  std::vector<BufferPtr> outs_;      // (N, out_l): layer l's output, activation applied
  std::vector<BufferPtr> grads_act_; // (N, out_l): dL/d(outs_[l])
  std::vector<BufferPtr> masks_, dropped_;  // hidden layers with dropout on
  BufferPtr chunk_x_, chunk_y_, chunk_pred_;  // evaluation rows (kChunk) from the host
  std::vector<float> host_mask_;    // one hidden layer's dropout mask, drawn on the host
  int capacity_ = 0;
};

}  // namespace descent::compute
