// network.cpp: forward, backward and initialisation of the sequential classifier (network.h).
#include "core/nn/network.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/kernels/penalty.h"
#include "core/memory_budget.h"
#include "core/nn/softmax_loss.h"
#include "core/nn/svm_loss.h"

namespace descent {

namespace {
constexpr int kPredictChunk = 1024;  // rows per forward pass when predicting a whole set

uint64_t fnv_mix(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; }

// regularize() with its L2 case on the SIMD kernel (identical gradient; see kernels/penalty.h).
template <typename T>
double penalty(const RegularizerDesc& reg, const T* W, T* gW, size_t n) {
  if (reg.kind == Regularizer::L2 && reg.lambda != 0.0) return kernels::l2_penalty(int(n), W, gW, reg.lambda);
  return regularize<T>(reg, W, gW, n);
}
}  // namespace

template <typename T>
Result<Network<T>> Network<T>::create(const ModelDesc& desc, int input_dim, int num_classes, int rows) {
  const MemoryEstimate need = network_memory(desc, input_dim, num_classes, rows, sizeof(T));
  if (Status s = check_memory(model_subject(desc, input_dim, num_classes), need, "choose fewer or narrower hidden layers"); !s) return s;
  return Network(desc, input_dim, num_classes);
}

template <typename T>
Network<T>::Network(const ModelDesc& desc, int input_dim, int num_classes)
    : desc_(desc), input_dim_(input_dim), num_classes_(num_classes) {
  build();
}

template <typename T>
Network<T>::Network(const Network& other) {
  *this = other;
}

template <typename T>
Network<T>& Network<T>::operator=(const Network& other) {
  if (this == &other) return *this;
  desc_ = other.desc_;
  input_dim_ = other.input_dim_;
  num_classes_ = other.num_classes_;
  params_ = other.params_;
  layers_ = other.layers_;
  weight_ids_ = other.weight_ids_;
  bias_ids_ = other.bias_ids_;
  track_kinks = other.track_kinks;
  bind();
  return *this;
}

template <typename T>
void Network<T>::build() {
  std::vector<int> dims{input_dim_};
  for (int h : hidden_layers(desc_)) dims.push_back(h);
  dims.push_back(num_classes_);
  const int L = int(dims.size()) - 1;
  layers_.assign(size_t(L), Linear<T>{});
  for (int l = 0; l < L; ++l) {
    Linear<T>& layer = layers_[size_t(l)];
    layer.in = dims[size_t(l)];
    layer.out = dims[size_t(l) + 1];
    layer.act = l + 1 < L ? desc_.activation : Activation::Identity;
    weight_ids_.push_back(params_.add("W" + std::to_string(l + 1), layer.out, layer.in, true));
    bias_ids_.push_back(params_.add("b" + std::to_string(l + 1), 1, layer.out, false));
  }
  params_.finalize();
  bind();
}

template <typename T>
void Network<T>::bind() {
  for (size_t l = 0; l < layers_.size(); ++l) {
    layers_[l].weight = params_.value_of(weight_ids_[l]);
    layers_[l].bias = params_.value_of(bias_ids_[l]);
    layers_[l].grad_weight = params_.grad_of(weight_ids_[l]);
    layers_[l].grad_bias = params_.grad_of(bias_ids_[l]);
  }
  const size_t L = layers_.size();
  outs_.resize(L);
  dropped_.resize(L);
  masks_.resize(L);
  grads_.resize(L);
}

template <typename T>
void Network<T>::init(uint32_t seed) {
  Rng rng(seed);
  for (size_t l = 0; l < layers_.size(); ++l) {
    Linear<T>& layer = layers_[l];
    InitKind kind = desc_.init;
    if (kind == InitKind::Torch) {  // Torch7's nn.Linear:reset(): stdv = 1/sqrt(in) for W, then b
      const double stdv = 1.0 / std::sqrt(double(layer.in));
      for (size_t k = 0; k < size_t(layer.out) * size_t(layer.in); ++k)
        layer.weight[k] = T(float(rng.uniform(-stdv, stdv)));
      for (int j = 0; j < layer.out; ++j) layer.bias[j] = T(float(rng.uniform(-stdv, stdv)));
      continue;
    }
    if (kind == InitKind::Default) kind = layer.act == Activation::ReLU ? InitKind::He : InitKind::Xavier;
    // Xavier/Glorot uniform: bound sqrt(6/(in+out)); He/Kaiming uniform (gain sqrt 2): sqrt(6/in).
    const double bound = kind == InitKind::He ? std::sqrt(6.0 / layer.in) : std::sqrt(6.0 / (layer.in + layer.out));
    // Filled in (in, out) order, stored (out, in): the WORKLOADS.md stream order.
    for (int i = 0; i < layer.in; ++i)
      for (int j = 0; j < layer.out; ++j)
        layer.weight[size_t(j) * size_t(layer.in) + size_t(i)] = T(float((2.0 * rng.uniform() - 1.0) * bound));
    std::fill(layer.bias, layer.bias + layer.out, T(0));
  }
}

template <typename T>
const Matrix<T>& Network<T>::forward(const T* X, int N, Rng* dropout_rng) {
  input_ = X;
  kink_signature_ = 1469598103934665603ull;
  const size_t L = layers_.size();
  const T* in = X;
  for (size_t l = 0; l < L; ++l) {
    const Linear<T>& layer = layers_[l];
    outs_[l].resize(N, layer.out);
    layer.forward(in, N, outs_[l].ptr());
    in = outs_[l].ptr();
    const bool hidden = l + 1 < L;
    if (track_kinks && hidden && layer.act == Activation::ReLU)
      for (T v : outs_[l].data) kink_signature_ = fnv_mix(kink_signature_, v > T(0));
    if (hidden && desc_.dropout > 0.0 && dropout_rng) {
      // Inverted dropout: keep with probability 1-p and scale by 1/(1-p), so evaluation needs nothing.
      const T scale = T(1.0 / (1.0 - desc_.dropout));
      masks_[l].resize(N, layer.out);
      dropped_[l].resize(N, layer.out);
      for (size_t i = 0; i < outs_[l].size(); ++i) {
        masks_[l].data[i] = dropout_rng->uniform() >= desc_.dropout ? scale : T(0);
        dropped_[l].data[i] = outs_[l].data[i] * masks_[l].data[i];
      }
      in = dropped_[l].ptr();
    } else {
      masks_[l].resize(0, 0);
    }
  }
  return outs_[L - 1];
}

template <typename T>
double Network<T>::criterion(const int* y, int N, bool with_grad) {
  const Matrix<T>& S = outs_.back();
  Matrix<T>& dS = grads_.back();
  if (with_grad) dS.resize(N, num_classes_);
  T* d = with_grad ? dS.ptr() : nullptr;
  if (resolved_loss(desc_) == LossKind::Hinge) {
    MulticlassSvmLoss svm;
    if (track_kinks) kink_signature_ = fnv_mix(kink_signature_, svm.active_set_hash(S.ptr(), y, N, num_classes_));
    return svm.forward_backward(S.ptr(), y, N, num_classes_, d);
  }
  return SoftmaxCrossEntropy::forward_backward(S.ptr(), y, N, num_classes_, d);
}

template <typename T>
LossValue Network<T>::loss(const T* X, const int* y, int N, Rng* dropout_rng) {
  forward(X, N, dropout_rng);
  LossValue v;
  v.data = criterion(y, N, false);
  for (size_t l = 0; l < layers_.size(); ++l)
    v.reg += penalty<T>(desc_.reg, layers_[l].weight, nullptr, params_.tensors[size_t(weight_ids_[l])].size());
  return v;
}

template <typename T>
LossValue Network<T>::forward_backward(const T* X, const int* y, int N, Rng* dropout_rng) {
  forward(X, N, dropout_rng);
  LossValue v;
  v.data = criterion(y, N, true);
  for (size_t l = layers_.size(); l-- > 0;) {
    const bool first = l == 0;
    const bool prev_dropped = !first && masks_[l - 1].size() > 0;
    const T* layer_in = first ? input_ : prev_dropped ? dropped_[l - 1].ptr() : outs_[l - 1].ptr();
    T* dX = nullptr;
    if (!first) {
      grads_[l - 1].resize(N, layers_[l].in);
      dX = grads_[l - 1].ptr();
    }
    layers_[l].backward(layer_in, outs_[l].ptr(), grads_[l].ptr(), N, dX);
    if (prev_dropped)  // d(dropped)/d(out) is the mask
      for (size_t i = 0; i < grads_[l - 1].size(); ++i) grads_[l - 1].data[i] *= masks_[l - 1].data[i];
  }
  for (size_t l = 0; l < layers_.size(); ++l) {
    const int w = weight_ids_[l];
    v.reg += penalty<T>(desc_.reg, params_.value_of(w), params_.grad_of(w), params_.tensors[size_t(w)].size());
  }
  return v;
}

template <typename T>
void Network<T>::predict(const T* X, int N, int* labels) {
  for (int start = 0; start < N; start += kPredictChunk) {
    const int n = std::min(kPredictChunk, N - start);
    const Matrix<T>& S = forward(X + size_t(start) * size_t(input_dim_), n, nullptr);
    for (int i = 0; i < n; ++i) {
      const T* s = S.row(i);
      labels[start + i] = int(std::max_element(s, s + num_classes_) - s);  // ties: smallest index
    }
  }
}

template <typename T>
double Network<T>::accuracy(const T* X, const int* y, int N) {
  if (N == 0) return 0.0;
  std::vector<int> pred(static_cast<size_t>(N));
  predict(X, N, pred.data());
  int correct = 0;
  for (int i = 0; i < N; ++i) correct += pred[size_t(i)] == y[i];
  return double(correct) / double(N);
}

template class Network<float>;
template class Network<double>;

}  // namespace descent
