// optimizer_settings.cpp: the settings table of OptimizerDesc (optimizer_settings.h).
#include "core/optim/optimizer_settings.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;
using settings::Value;

// A [0, 1) coefficient used by some kinds only; its default is optimizer_defaults(kind)'s.
Setting<OptimizerDesc> coefficient(const char* key, double OptimizerDesc::*field, bool (*applies)(OptimizerKind),
                                   const char* applies_to, std::string help, std::string symbol = "",
                                   double slider_lo = 0.0) {
  Spec spec{.key = key, .type = Type::Real, .lo = 0, .hi = 1, .hi_open = true, .help = std::move(help),
            .symbol = std::move(symbol), .slider_lo = slider_lo, .slider_hi = 0.9999};
  Setting<OptimizerDesc> s = settings::number_field(spec, field, 0.0);
  s.fallback = [field](const OptimizerDesc& d) { return Value::of(optimizer_defaults(d.kind).*field); };
  s.applies = [applies](const OptimizerDesc& d) { return applies(d.kind); };
  s.applies_to = applies_to;
  s.dependent = true;
  return s;
}

bool is_rmsprop(OptimizerKind k) { return k == OptimizerKind::RMSProp; }
bool is_adam(OptimizerKind k) { return k == OptimizerKind::Adam; }
bool is_adaptive(OptimizerKind k) {
  return k == OptimizerKind::AdaGrad || k == OptimizerKind::RMSProp || k == OptimizerKind::Adam;
}

settings::Schema<OptimizerDesc> make_schema() {
  std::vector<std::string> names;
  for (OptimizerKind k : optimizer_kinds()) names.push_back(optimizer_name(k));
  Setting<OptimizerDesc> kind = settings::choice_field(
      Spec{.key = "optimizer", .choices = names,
           .help = "the update rule: sgd (plain gradient descent), momentum (heavy ball, Polyak 1964), nesterov, "
                   "adagrad, rmsprop or adam, as torch.optim computes them"},
      &OptimizerDesc::kind, optimizer_kinds(), OptimizerKind::SGD);
  kind.selects = true;

  Setting<OptimizerDesc> lr = settings::number_field(
      Spec{.key = "lr", .type = Type::Real, .lo = 0, .hi = 1e4, .lo_open = true,
           .help = "learning rate: how far each step moves against the gradient (the lecture's λ)", .symbol = "λ",
           .slider_lo = 1e-5, .slider_hi = 10, .log_scale = true},
      &OptimizerDesc::lr, 0.01);
  lr.fallback = [](const OptimizerDesc& d) { return Value::of(optimizer_defaults(d.kind).lr); };
  lr.dependent = true;
  lr.default_text = "0.01; adam 0.001";

  Setting<OptimizerDesc> eps = settings::number_field(
      Spec{.key = "eps", .type = Type::Real, .lo = 0, .hi = 1, .hi_open = true,
           .help = "added to the denominator of the adaptive step, for numerical stability", .slider_lo = 1e-12,
           .slider_hi = 1e-2, .log_scale = true},
      &OptimizerDesc::eps, 1e-8);
  eps.fallback = [](const OptimizerDesc& d) { return Value::of(optimizer_defaults(d.kind).eps); };
  eps.applies = [](const OptimizerDesc& d) { return is_adaptive(d.kind); };
  eps.applies_to = "optimizer adagrad, rmsprop, adam";
  eps.dependent = true;
  eps.default_text = "1e-08; adagrad 1e-10";

  std::vector<Setting<OptimizerDesc>> all = {
      kind,
      lr,
      coefficient("momentum", &OptimizerDesc::momentum, uses_momentum, "optimizer momentum, nesterov",
                  "momentum coefficient: v = momentum*v + g; W -= lr*v (the lecture's α; 0 is plain gradient "
                  "descent)",
                  "α"),
      coefficient("alpha", &OptimizerDesc::alpha, is_rmsprop, "optimizer rmsprop",
                  "RMSProp's smoothing constant of the squared-gradient average (torch's alpha; the lecture's "
                  "momentum α is momentum=)",
                  "", 0.5),
      coefficient("beta1", &OptimizerDesc::beta1, is_adam, "optimizer adam",
                  "Adam's decay rate of the gradient average (first moment)", "β1"),
      coefficient("beta2", &OptimizerDesc::beta2, is_adam, "optimizer adam",
                  "Adam's decay rate of the squared-gradient average (second moment)", "β2", 0.5),
      eps,
  };
  all[2].spec.aliases = {"mu"};  // the lab's first links wrote mu=
  return settings::Schema<OptimizerDesc>("optimizer", std::move(all));
}

}  // namespace

const settings::Schema<OptimizerDesc>& optimizer_schema() {
  static const settings::Schema<OptimizerDesc> schema = make_schema();
  return schema;
}

}  // namespace descent
