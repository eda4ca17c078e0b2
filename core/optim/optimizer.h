// optimizer.h: the optimizer the trainer and the surface trajectories use, a tagged wrapper over
// the per-rule structs (sgd.h, momentum.h, adagrad.h, rmsprop.h, adam.h) that owns their state.
// Not a parameter registry: it updates one flat array of num_params values (the caller packs them).
// Usage: Optimizer<float> opt({.kind = OptimizerKind::Adam, .lr = 1e-3}, n); opt.step(params, grads);
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace descent {

enum class OptimizerKind { SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam };

// How many optimizers a view compares side by side at most (the lab, the loss landscape, links).
constexpr int kMaxComparedOptimizers = 8;

// Every field is a value, zero included (momentum 0 is plain gradient descent). A field that the
// kind does not use is left alone. optimizer_defaults(kind) gives torch.optim's defaults: Adagrad lr
// 0.01 eps 1e-10; RMSprop lr 0.01 alpha 0.99 eps 1e-8; Adam lr 1e-3 betas (0.9, 0.999) eps 1e-8; torch
// has no default lr for SGD: Descent uses 0.01, and momentum 0.9. The settings table, with ranges
// and help, is optimizer_settings.h.
struct OptimizerDesc {
  OptimizerKind kind = OptimizerKind::SGD;
  double lr = 0.01;
  double momentum = 0.9;  // Momentum, Nesterov: v = momentum*v + g (the lecture's alpha)
  double alpha = 0.99;    // RMSProp's smoothing constant (torch's name; not the lecture's alpha)
  double beta1 = 0.9;     // Adam
  double beta2 = 0.999;   // Adam
  double eps = 1e-8;      // AdaGrad, RMSProp, Adam
};

// torch.optim's defaults for `kind` (see above).
OptimizerDesc optimizer_defaults(OptimizerKind kind);
// Ok, or a Usage error naming the setting out of its range (optimizer_settings.h).
Status validate_optimizer(const OptimizerDesc& desc);
// "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam".
const char* optimizer_name(OptimizerKind kind);
// The inverse of optimizer_name (case-insensitive), or a Usage error listing the names.
Result<OptimizerKind> parse_optimizer(std::string_view name);
// Every kind, in the enum's order.
const std::vector<OptimizerKind>& optimizer_kinds();
// Whether the kind uses the setting: momentum (momentum, nesterov), alpha (rmsprop), beta1 and
// beta2 (adam), eps (adagrad, rmsprop, adam); lr always.
bool uses_momentum(OptimizerKind kind);

template <typename T>
class Optimizer {
 public:
  Optimizer() = default;
  Optimizer(const OptimizerDesc& desc, size_t num_params);

  // One update of params (num_params,) from grads (num_params,).
  void step(T* params, const T* grads);
  // Zero the state (velocities, accumulators, moments) and the step count; keeps hyper().
  void reset();
  // The hyper-parameters, editable between steps (a UI slider writes here). The state is kept
  // across edits; after changing `kind`, call reset().
  OptimizerDesc& hyper() { return desc_; }
  const OptimizerDesc& hyper() const { return desc_; }
  long steps() const { return t_; }
  size_t size() const { return n_; }

 private:
  OptimizerDesc desc_;
  size_t n_ = 0;
  long t_ = 0;
  std::vector<T> s1_;  // momentum buffer / AdaGrad sum / RMSProp square average / Adam m
  std::vector<T> s2_;  // Adam v
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace descent
