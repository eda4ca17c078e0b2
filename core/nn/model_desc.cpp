// model_desc.cpp: names and parsing for the model settings (one table each).
#include "core/nn/model_desc.h"

#include <string>

namespace descent {

std::vector<int> hidden_layers(const ModelDesc& d) {
  if (d.kind != ModelKind::MLP) return {};
  if (d.hidden.empty()) return {kDefaultHiddenWidth};
  return d.hidden;
}

LossKind resolved_loss(const ModelDesc& d) {
  if (d.loss != LossKind::Auto) return d.loss;
  return d.kind == ModelKind::SVM ? LossKind::Hinge : LossKind::SoftmaxCE;
}

const char* model_name(ModelKind k) {
  switch (k) {
    case ModelKind::Softmax: return "softmax";
    case ModelKind::SVM: return "svm";
    case ModelKind::MLP: return "mlp";
  }
  return "?";
}

Result<ModelKind> parse_model(std::string_view s) {
  for (ModelKind k : {ModelKind::Softmax, ModelKind::SVM, ModelKind::MLP})
    if (s == model_name(k)) return k;
  return make_error(ErrorCode::Usage, "unknown model '" + std::string(s) + "': use softmax, svm or mlp");
}

const char* activation_name(kernels::Activation a) {
  switch (a) {
    case kernels::Activation::Identity: return "identity";
    case kernels::Activation::ReLU: return "relu";
    case kernels::Activation::Tanh: return "tanh";
    case kernels::Activation::Sigmoid: return "sigmoid";
  }
  return "?";
}

Result<kernels::Activation> parse_activation(std::string_view s) {
  using kernels::Activation;
  for (Activation a : {Activation::ReLU, Activation::Tanh, Activation::Sigmoid})
    if (s == activation_name(a)) return a;
  return make_error(ErrorCode::Usage, "unknown activation '" + std::string(s) + "': use relu, tanh or sigmoid");
}

const char* init_name(InitKind k) {
  switch (k) {
    case InitKind::Default: return "default";
    case InitKind::Xavier: return "xavier";
    case InitKind::He: return "he";
    case InitKind::Torch: return "torch";
  }
  return "?";
}

Result<InitKind> parse_init(std::string_view s) {
  for (InitKind k : {InitKind::Default, InitKind::Xavier, InitKind::He, InitKind::Torch})
    if (s == init_name(k)) return k;
  return make_error(ErrorCode::Usage, "unknown init '" + std::string(s) + "': use default, xavier, he or torch");
}

const char* init_help() {
  return "how the weights start: default (he for relu layers, xavier otherwise), xavier U(±sqrt(6/(in+out))) "
         "or he U(±sqrt(6/in)), biases 0; or torch, Torch7's nn.Linear reset (PyTorch's default still): weights "
         "and biases U(±1/sqrt(in))";
}

const char* regularizer_name(Regularizer r) {
  switch (r) {
    case Regularizer::None: return "none";
    case Regularizer::L2: return "l2";
    case Regularizer::L1: return "l1";
    case Regularizer::Elastic: return "elastic";
  }
  return "?";
}

Result<Regularizer> parse_regularizer(std::string_view s) {
  for (Regularizer r : {Regularizer::None, Regularizer::L2, Regularizer::L1, Regularizer::Elastic})
    if (s == regularizer_name(r)) return r;
  return make_error(ErrorCode::Usage, "unknown regulariser '" + std::string(s) + "': use none, l2, l1 or elastic");
}

}  // namespace descent
