// network.h: a classifier as the lecture builds it: a stack of Linear layers (activation fused,
// inverted dropout after each hidden layer) ending in class scores, and a criterion (softmax
// cross-entropy or multiclass hinge) plus a weight penalty. softmax/svm are the zero-hidden-layer case.
// Templated on precision: float trains (SIMD kernels), double runs the gradient check.
// Not a general graph: layers are sequential, inputs are (N, D) rows.
// Usage: Network<float> net(desc, D, C); net.init(seed);
//        LossValue l = net.forward_backward(X, y, N, &dropout_rng);  // fills params().grad
//        net.predict(X, N, labels);
#pragma once
#include <cstdint>
#include <vector>

#include "core/nn/linear.h"
#include "core/nn/model_desc.h"
#include "core/nn/parameters.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/tensor.h"

namespace descent {

struct LossValue {
  double data = 0.0;   // mean criterion over the batch
  double reg = 0.0;    // lambda * R(W)
  double total() const { return data + reg; }
};

template <typename T>
class Network {
 public:
  Network() = default;
  // Checks first that the network fits the memory limit (memory_budget.h: parameters, gradients
  // and the workspace for `rows` rows at a time); TooLarge naming the model otherwise.
  static Result<Network> create(const ModelDesc& desc, int input_dim, int num_classes, int rows = 1024);
  // Unchecked: allocates whatever desc asks for. Prefer create() for sizes a user chose.
  Network(const ModelDesc& desc, int input_dim, int num_classes);
  Network(const Network& other);             // deep copy; layer pointers re-bound
  Network& operator=(const Network& other);
  // Moving keeps the parameter arrays' buffers, so the layers' pointers stay valid.
  Network(Network&& other) noexcept = default;
  Network& operator=(Network&& other) noexcept = default;

  // Draws the weights (see InitKind) from Rng(seed); biases = 0, except with InitKind::Torch.
  void init(uint32_t seed);

  // Scores (N, C) of the rows of X (N, D). `dropout_rng` non-null = training mode (dropout on).
  const Matrix<T>& forward(const T* X, int N, Rng* dropout_rng = nullptr);
  // Loss of labels y under the current scores and, with gradients, backprop into params().grad
  // (overwritten). Call after nothing: it runs forward itself.
  LossValue forward_backward(const T* X, const int* y, int N, Rng* dropout_rng = nullptr);
  // Loss only (evaluation mode unless dropout_rng given).
  LossValue loss(const T* X, const int* y, int N, Rng* dropout_rng = nullptr);
  // argmax class of each row, evaluation mode; works in chunks so N may be large.
  void predict(const T* X, int N, int* labels);
  double accuracy(const T* X, const int* y, int N);

  // Which side of every kink (ReLU, hinge) the last forward/loss evaluation was on, hashed:
  // the gradient check skips coordinates whose +h / -h evaluations differ here.
  uint64_t kink_signature() const { return kink_signature_; }

  Parameters<T>& params() { return params_; }
  const Parameters<T>& params() const { return params_; }
  const ModelDesc& desc() const { return desc_; }
  int input_dim() const { return input_dim_; }
  int num_classes() const { return num_classes_; }
  int num_layers() const { return int(layers_.size()); }
  const Linear<T>& layer(int i) const { return layers_[size_t(i)]; }
  // Output of layer i (N, out_i) from the last forward, before dropout; the last is the scores.
  const Matrix<T>& activation(int i) const { return outs_[size_t(i)]; }

  // When set, forward() hashes every ReLU's on/off state and the hinge's active set into
  // kink_signature() (the gradient check sets it; training leaves it off: it costs a pass).
  bool track_kinks = false;

 private:
  void build();
  void bind();
  double criterion(const int* y, int N, bool with_grad);

  ModelDesc desc_;
  int input_dim_ = 0, num_classes_ = 0;
  Parameters<T> params_;
  std::vector<Linear<T>> layers_;
  std::vector<int> weight_ids_, bias_ids_;
  // Workspace, kept between calls so a training step at a fixed batch size never allocates.
  std::vector<Matrix<T>> outs_;     // outs_[i] (N, out_i): output of layer i, activation applied
  std::vector<Matrix<T>> dropped_;  // outs_[i] * masks_[i] for hidden layers with dropout on
  std::vector<Matrix<T>> masks_;    // dropout scale (0 or 1/(1-p)); empty when dropout is off
  std::vector<Matrix<T>> grads_;    // dL/d(outs_[i]) after backward (dL/d(dropped_[i]) on the way)
  const T* input_ = nullptr;
  uint64_t kink_signature_ = 0;
};

extern template class Network<float>;
extern template class Network<double>;

}  // namespace descent
