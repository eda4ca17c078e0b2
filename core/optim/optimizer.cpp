// optimizer.cpp: defaults, names, validation and the dispatch from OptimizerKind to the update
// structs; explicitly instantiated for float (training) and double (surfaces, torch comparisons).
#include "core/optim/optimizer.h"

#include <string>

#include "core/optim/adagrad.h"
#include "core/optim/adam.h"
#include "core/optim/momentum.h"
#include "core/optim/optimizer_settings.h"
#include "core/optim/rmsprop.h"
#include "core/optim/sgd.h"

namespace descent {

OptimizerDesc optimizer_defaults(OptimizerKind kind) {
  OptimizerDesc d;
  d.kind = kind;
  if (kind == OptimizerKind::Adam) d.lr = 1e-3;
  if (kind == OptimizerKind::AdaGrad) d.eps = 1e-10;
  return d;
}

bool uses_momentum(OptimizerKind kind) { return kind == OptimizerKind::Momentum || kind == OptimizerKind::Nesterov; }

const std::vector<OptimizerKind>& optimizer_kinds() {
  static const std::vector<OptimizerKind> kinds = {OptimizerKind::SGD,     OptimizerKind::Momentum,
                                                   OptimizerKind::Nesterov, OptimizerKind::AdaGrad,
                                                   OptimizerKind::RMSProp, OptimizerKind::Adam};
  return kinds;
}

const char* optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::SGD: return "sgd";
    case OptimizerKind::Momentum: return "momentum";
    case OptimizerKind::Nesterov: return "nesterov";
    case OptimizerKind::AdaGrad: return "adagrad";
    case OptimizerKind::RMSProp: return "rmsprop";
    case OptimizerKind::Adam: return "adam";
  }
  return "?";
}

Result<OptimizerKind> parse_optimizer(std::string_view name) {
  const settings::Setting<OptimizerDesc>* kind = optimizer_schema().find("optimizer");
  Result<settings::Value> v = settings::parse_value(kind->spec, name);
  if (!v) return v.status();
  for (OptimizerKind k : optimizer_kinds())
    if (v->text == optimizer_name(k)) return k;
  return make_error(ErrorCode::Internal, "optimizer: no kind named " + v->text);
}

Status validate_optimizer(const OptimizerDesc& desc) {
  return optimizer_schema().validate(desc, std::string("optimizer ") + optimizer_name(desc.kind));
}

template <typename T>
Optimizer<T>::Optimizer(const OptimizerDesc& desc, size_t num_params)
    : desc_(desc), n_(num_params), s1_(num_params, T(0)), s2_(num_params, T(0)) {}

template <typename T>
void Optimizer<T>::reset() {
  t_ = 0;
  s1_.assign(n_, T(0));
  s2_.assign(n_, T(0));
}

template <typename T>
void Optimizer<T>::step(T* params, const T* grads) {
  ++t_;
  const int n = int(n_);
  const OptimizerDesc& d = desc_;
  switch (d.kind) {
    case OptimizerKind::SGD:
      Sgd<T>{.lr = T(d.lr)}.update(n, params, grads);
      break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
      Momentum<T>{.lr = T(d.lr), .mu = T(d.momentum), .nesterov = d.kind == OptimizerKind::Nesterov}
          .update(n, params, grads, s1_.data());
      break;
    case OptimizerKind::AdaGrad:
      AdaGrad<T>{.lr = T(d.lr), .eps = T(d.eps)}.update(n, params, grads, s1_.data());
      break;
    case OptimizerKind::RMSProp:
      RMSProp<T>{.lr = T(d.lr), .alpha = T(d.alpha), .eps = T(d.eps)}.update(n, params, grads, s1_.data());
      break;
    case OptimizerKind::Adam:
      Adam<T>{.lr = T(d.lr), .beta1 = T(d.beta1), .beta2 = T(d.beta2), .eps = T(d.eps)}
          .update(n, params, grads, s1_.data(), s2_.data(), t_);
      break;
  }
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace descent
