// optimizer.cpp: defaults, names, validation and the dispatch from OptimizerKind to the update
// structs; explicitly instantiated for float (training) and double (surfaces, torch comparisons).
#include "core/optim/optimizer.h"

#include <cctype>
#include <cmath>
#include <string>

#include "core/optim/adagrad.h"
#include "core/optim/adam.h"
#include "core/optim/momentum.h"
#include "core/optim/rmsprop.h"
#include "core/optim/sgd.h"

namespace descent {

namespace {

constexpr OptimizerKind kAllKinds[] = {OptimizerKind::SGD,     OptimizerKind::Momentum,
                                       OptimizerKind::Nesterov, OptimizerKind::AdaGrad,
                                       OptimizerKind::RMSProp, OptimizerKind::Adam};

double or_default(double value, double fallback) { return value == 0 ? fallback : value; }

bool is_momentum(OptimizerKind kind) { return kind == OptimizerKind::Momentum || kind == OptimizerKind::Nesterov; }

}  // namespace

OptimizerDesc resolve_defaults(OptimizerDesc d) {
  switch (d.kind) {
    case OptimizerKind::SGD:
      d.lr = or_default(d.lr, 0.01);
      break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov:
      d.lr = or_default(d.lr, 0.01);
      d.momentum = or_default(d.momentum, 0.9);
      break;
    case OptimizerKind::AdaGrad:
      d.lr = or_default(d.lr, 0.01);
      d.eps = or_default(d.eps, 1e-10);
      break;
    case OptimizerKind::RMSProp:
      d.lr = or_default(d.lr, 0.01);
      d.alpha = or_default(d.alpha, 0.99);
      d.eps = or_default(d.eps, 1e-8);
      break;
    case OptimizerKind::Adam:
      d.lr = or_default(d.lr, 1e-3);
      d.beta1 = or_default(d.beta1, 0.9);
      d.beta2 = or_default(d.beta2, 0.999);
      d.eps = or_default(d.eps, 1e-8);
      break;
  }
  return d;
}

Status validate_optimizer(const OptimizerDesc& desc) {
  const OptimizerDesc d = resolve_defaults(desc);
  const std::string who = std::string("optimizer ") + optimizer_name(d.kind) + ": ";
  auto unit = [](double v) { return std::isfinite(v) && v >= 0 && v < 1; };
  if (!(std::isfinite(d.lr) && d.lr > 0))
    return make_error(ErrorCode::Usage, who + "lr " + std::to_string(d.lr) + " must be positive and finite");
  if (is_momentum(d.kind) && !unit(d.momentum))
    return make_error(ErrorCode::Usage, who + "momentum " + std::to_string(d.momentum) + " must be in [0, 1)");
  if (d.kind == OptimizerKind::RMSProp && !unit(d.alpha))
    return make_error(ErrorCode::Usage, who + "alpha " + std::to_string(d.alpha) + " must be in [0, 1)");
  if (d.kind == OptimizerKind::Adam && !(unit(d.beta1) && unit(d.beta2)))
    return make_error(ErrorCode::Usage, who + "beta1 and beta2 must be in [0, 1)");
  if (!(std::isfinite(d.eps) && d.eps >= 0))
    return make_error(ErrorCode::Usage, who + "eps must be >= 0 and finite");
  return Status::ok();
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
  std::string lower(name);
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (OptimizerKind kind : kAllKinds)
    if (lower == optimizer_name(kind)) return kind;
  return make_error(ErrorCode::Usage, "unknown optimizer '" + std::string(name) +
                                          "': use one of sgd, momentum, nesterov, adagrad, rmsprop, adam");
}

template <typename T>
Optimizer<T>::Optimizer(const OptimizerDesc& desc, size_t num_params)
    : desc_(resolve_defaults(desc)), n_(num_params), s1_(num_params, T(0)), s2_(num_params, T(0)) {}

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
