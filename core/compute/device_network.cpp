// device_network.cpp: Network<float>'s forward, backward and evaluation on a device
// (device_network.h), in network.cpp's order of operations.
#include "core/compute/device_network.h"

#include <algorithm>

namespace descent::compute {

namespace {
constexpr int kChunk = 1024;  // rows per evaluation pass, as Network<float>::predict

size_t offset_in(const Network<float>& net, const float* p) { return size_t(p - net.params().value.data()); }

// Allocates `count` zeroed values of T into *b unless it already holds that many.
template <typename T>
Status ensure(ComputeDevice& dev, BufferPtr* b, size_t count) {
  if (*b && (*b)->bytes() >= count * sizeof(T)) return Status::ok();
  Result<BufferPtr> r = dev.alloc(std::max<size_t>(count, 1) * sizeof(T));
  if (!r) return r.status();
  *b = std::move(*r);
  return Status::ok();
}
}  // namespace

Result<std::unique_ptr<DeviceNetwork>> DeviceNetwork::create(ComputeDevice& dev, const Network<float>& host) {
  std::unique_ptr<DeviceNetwork> net(new DeviceNetwork(dev, host));
  const std::vector<float>& p = net->host_.params().value;
  Result<BufferPtr> params = upload_new(dev, p.data(), p.size());
  if (!params) return params.status();
  net->params_ = std::move(*params);
  if (Status s = ensure<float>(dev, &net->grads_, p.size()); !s) return s;
  if (Status s = ensure<double>(dev, &net->sums_, size_t(host.num_layers()) + 1); !s) return s;
  const size_t L = size_t(host.num_layers());
  net->outs_.resize(L);
  net->grads_act_.resize(L);
  net->masks_.resize(L);
  net->dropped_.resize(L);
  return net;
}

Status DeviceNetwork::reserve(int N) {
  if (N <= capacity_) return Status::ok();
  const bool dropout = host_.desc().dropout > 0.0;
  for (int l = 0; l < host_.num_layers(); ++l) {
    const size_t n = size_t(N) * size_t(host_.layer(l).out);
    if (Status s = ensure<float>(dev_, &outs_[size_t(l)], n); !s) return s;
    if (Status s = ensure<float>(dev_, &grads_act_[size_t(l)], n); !s) return s;
    if (dropout && l + 1 < host_.num_layers()) {
      if (Status s = ensure<float>(dev_, &masks_[size_t(l)], n); !s) return s;
      if (Status s = ensure<float>(dev_, &dropped_[size_t(l)], n); !s) return s;
    }
  }
  capacity_ = N;
  return Status::ok();
}

void DeviceNetwork::forward(FloatSpan X, int N, bool dropout) {
  const int L = host_.num_layers();
  FloatSpan in = X;
  for (int l = 0; l < L; ++l) {
    const Linear<float>& layer = host_.layer(l);
    const FloatSpan out = span_of<float>(*outs_[size_t(l)]);
    // Y (N, out) = act(X (N, in) · W^T + b), as Linear::forward
    dev_.gemm(Trans::No, Trans::Yes, N, layer.out, layer.in, in, params() + offset_in(host_, layer.weight), 0.f, out);
    dev_.bias_activation_forward(N, layer.out, out, params() + offset_in(host_, layer.bias), layer.act);
    in = out;
    if (dropout && l + 1 < L) {  // inverted dropout with the uploaded masks
      const FloatSpan dropped = span_of<float>(*dropped_[size_t(l)]);
      dev_.multiply(size_t(N) * size_t(layer.out), out, span_of<float>(*masks_[size_t(l)]), dropped);
      in = dropped;
    }
  }
}

Result<LossValue> DeviceNetwork::finish_loss(int N) {
  const int L = host_.num_layers();
  std::vector<double> sums(size_t(L) + 1, 0.0);
  if (Status s = dev_.download(*sums_, 0, sums.data(), sums.size() * sizeof(double)); !s) return s;
  LossValue v;
  v.data = N > 0 ? sums[0] / double(N) : 0.0;
  const RegularizerDesc& reg = host_.desc().reg;
  if (reg.kind != Regularizer::None && reg.lambda != 0.0)
    for (int l = 0; l < L; ++l) v.reg += sums[size_t(l) + 1];
  return v;
}

Result<LossValue> DeviceNetwork::forward_backward(FloatSpan X, IntSpan y, int N, Rng* dropout_rng) {
  if (Status s = reserve(N); !s) return s;
  const int L = host_.num_layers(), C = host_.num_classes();
  const bool dropout = host_.desc().dropout > 0.0 && dropout_rng;
  // Dropout masks first, for every hidden layer in Network::forward's order (layer by layer, row-major).
  if (dropout) {
    const float scale = float(1.0 / (1.0 - host_.desc().dropout));
    for (int l = 0; l + 1 < L; ++l) {
      const size_t n = size_t(N) * size_t(host_.layer(l).out);
      host_mask_.resize(n);
      for (size_t i = 0; i < n; ++i) host_mask_[i] = dropout_rng->uniform() >= host_.desc().dropout ? scale : 0.f;
      if (Status s = dev_.upload(*masks_[size_t(l)], 0, host_mask_.data(), n * sizeof(float)); !s) return s;
    }
  }
  forward(X, N, dropout);
  // The criterion: its sum into sums_[0], dL/dS into grads_act_[L-1] (grad_scale 1/N as float).
  const FloatSpan S = span_of<float>(*outs_[size_t(L) - 1]), dS = span_of<float>(*grads_act_[size_t(L) - 1]);
  const DoubleSpan sums = span_of<double>(*sums_);
  const float scale = N > 0 ? 1.f / float(N) : 0.f;
  if (resolved_loss(host_.desc()) == LossKind::Hinge)
    dev_.multiclass_hinge(N, C, S, y, 1.0, scale, dS, sums);
  else
    dev_.softmax_cross_entropy(N, C, S, y, scale, dS, sums);
  // Backprop, last layer first (Network::forward_backward).
  for (int l = L - 1; l >= 0; --l) {
    const Linear<float>& layer = host_.layer(l);
    const bool prev_dropped = l > 0 && dropout;
    const FloatSpan layer_in = l == 0 ? X : span_of<float>(*(prev_dropped ? dropped_ : outs_)[size_t(l) - 1]);
    const FloatSpan dY = span_of<float>(*grads_act_[size_t(l)]), Y = span_of<float>(*outs_[size_t(l)]);
    dev_.activation_backward(N, layer.out, Y, dY, dY, layer.act);  // dZ
    dev_.gemm(Trans::Yes, Trans::No, layer.out, layer.in, N, dY, layer_in, 0.f,
              grads() + offset_in(host_, layer.weight));                          // dZ^T X
    dev_.column_sums(N, layer.out, dY, 0.f, grads() + offset_in(host_, layer.bias));
    if (l > 0) {
      const FloatSpan dX = span_of<float>(*grads_act_[size_t(l) - 1]);
      dev_.gemm(Trans::No, Trans::No, N, layer.in, layer.out, dY, params() + offset_in(host_, layer.weight), 0.f, dX);
      if (prev_dropped) dev_.multiply(size_t(N) * size_t(layer.in), dX, span_of<float>(*masks_[size_t(l) - 1]), dX);
    }
  }
  const RegularizerDesc& reg = host_.desc().reg;
  if (reg.kind != Regularizer::None && reg.lambda != 0.0)
    for (int l = 0; l < L; ++l) {
      const Linear<float>& layer = host_.layer(l);
      const size_t n = size_t(layer.out) * size_t(layer.in), w = offset_in(host_, layer.weight);
      dev_.penalty(n, params() + w, grads() + w, reg, sums + (size_t(l) + 1));
    }
  return finish_loss(N);
}

Status DeviceNetwork::upload_rows(const float* X, const int* y, int N) {
  const size_t D = size_t(host_.input_dim());
  if (Status s = ensure<float>(dev_, &chunk_x_, size_t(kChunk) * D); !s) return s;
  if (Status s = ensure<int32_t>(dev_, &chunk_y_, size_t(kChunk)); !s) return s;
  if (Status s = dev_.upload(*chunk_x_, 0, X, size_t(N) * D * sizeof(float)); !s) return s;
  if (y)
    if (Status s = dev_.upload(*chunk_y_, 0, y, size_t(N) * sizeof(int)); !s) return s;
  return Status::ok();
}

Result<LossValue> DeviceNetwork::loss(const float* X, const int* y, int N) {
  if (N > kChunk) return make_error(ErrorCode::Internal, "DeviceNetwork::loss: at most 1024 rows per call");
  if (Status s = reserve(N); !s) return s;
  if (Status s = upload_rows(X, y, N); !s) return s;
  forward(span_of<float>(*chunk_x_), N, false);
  const int L = host_.num_layers(), C = host_.num_classes();
  const FloatSpan S = span_of<float>(*outs_[size_t(L) - 1]);
  const DoubleSpan sums = span_of<double>(*sums_);
  if (resolved_loss(host_.desc()) == LossKind::Hinge)
    dev_.multiclass_hinge(N, C, S, span_of<int32_t>(*chunk_y_), 1.0, 0.f, {}, sums);
  else
    dev_.softmax_cross_entropy(N, C, S, span_of<int32_t>(*chunk_y_), 0.f, {}, sums);
  const RegularizerDesc& reg = host_.desc().reg;
  if (reg.kind != Regularizer::None && reg.lambda != 0.0)
    for (int l = 0; l < L; ++l) {
      const Linear<float>& layer = host_.layer(l);
      dev_.penalty(size_t(layer.out) * size_t(layer.in), params() + offset_in(host_, layer.weight), {}, reg,
                   sums + (size_t(l) + 1));
    }
  return finish_loss(N);
}

Status DeviceNetwork::predict(const float* X, int N, int* labels) {
  if (Status s = reserve(std::min(N, kChunk)); !s) return s;
  if (Status s = ensure<int32_t>(dev_, &chunk_pred_, size_t(kChunk)); !s) return s;
  const int L = host_.num_layers(), C = host_.num_classes();
  for (int start = 0; start < N; start += kChunk) {
    const int n = std::min(kChunk, N - start);
    if (Status s = upload_rows(X + size_t(start) * size_t(host_.input_dim()), nullptr, n); !s) return s;
    forward(span_of<float>(*chunk_x_), n, false);
    dev_.argmax_rows(n, C, span_of<float>(*outs_[size_t(L) - 1]), span_of<int32_t>(*chunk_pred_));
    if (Status s = dev_.download(*chunk_pred_, 0, labels + start, size_t(n) * sizeof(int)); !s) return s;
  }
  return Status::ok();
}

Result<double> DeviceNetwork::accuracy(const float* X, const int* y, int N) {
  if (N == 0) return 0.0;
  std::vector<int> pred(static_cast<size_t>(N));
  if (Status s = predict(X, N, pred.data()); !s) return s;
  int correct = 0;
  for (int i = 0; i < N; ++i) correct += pred[size_t(i)] == y[i];
  return double(correct) / double(N);
}

Result<std::vector<float>> DeviceNetwork::download_params() {
  std::vector<float> v(num_params());
  if (Status s = dev_.download(*params_, 0, v.data(), v.size() * sizeof(float)); !s) return s;
  return v;
}

Status DeviceNetwork::upload_params(const std::vector<float>& values) {
  if (values.size() != num_params())
    return make_error(ErrorCode::Mismatch, "upload_params: " + std::to_string(values.size()) + " values for a model of " +
                                               std::to_string(num_params()));
  return dev_.upload(*params_, 0, values.data(), values.size() * sizeof(float));
}

}  // namespace descent::compute
