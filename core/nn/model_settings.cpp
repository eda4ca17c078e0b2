// model_settings.cpp: the settings table of ModelDesc (model_settings.h).
#include "core/nn/model_settings.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;
using settings::Value;

template <class E>
std::vector<std::string> names_of(const std::vector<E>& values, const char* (*name)(E)) {
  std::vector<std::string> out;
  for (E v : values) out.push_back(name(v));
  return out;
}

bool is_mlp(const ModelDesc& d) { return d.kind == ModelKind::MLP; }

settings::Schema<ModelDesc> make_schema() {
  const std::vector<ModelKind> models = {ModelKind::Softmax, ModelKind::SVM, ModelKind::MLP};
  Setting<ModelDesc> model = settings::choice_field(
      Spec{.key = "model", .choices = names_of(models, model_name),
           .help = "softmax: f(x) = Wx + b with softmax cross-entropy; svm: the same with the multiclass hinge; "
                   "mlp: hidden layers, then softmax cross-entropy"},
      &ModelDesc::kind, models, ModelKind::Softmax);
  model.selects = true;

  Setting<ModelDesc> hidden = settings::list_field(
      Spec{.key = "hidden", .type = Type::IntList, .lo = 1, .hi = kMaxHiddenWidth, .min_items = 1,
           .max_items = kMaxHiddenLayers, .help = "the widths of the hidden layers, input side first (mlp)"},
      &ModelDesc::hidden, std::vector<int>{kDefaultHiddenWidth});

  const std::vector<kernels::Activation> acts = {kernels::Activation::ReLU, kernels::Activation::Tanh,
                                                 kernels::Activation::Sigmoid};
  Setting<ModelDesc> activation = settings::choice_field(
      Spec{.key = "activation", .choices = names_of(acts, activation_name),
           .help = "the hidden layers' non-linearity: relu max(0, z), tanh, or sigmoid 1/(1 + exp(-z))"},
      &ModelDesc::activation, acts, kernels::Activation::ReLU);

  Setting<ModelDesc> dropout = settings::number_field(
      Spec{.key = "dropout", .type = Type::Real, .lo = 0, .hi = 1, .hi_open = true,
           .help = "probability of dropping each hidden unit while training (inverted dropout; 0 = none)"},
      &ModelDesc::dropout, 0.0);

  std::vector<InitKind> inits;
  for (int i = 0; i < kNumInitKinds; ++i) inits.push_back(static_cast<InitKind>(i));
  Setting<ModelDesc> init = settings::choice_field(
      Spec{.key = "init", .choices = names_of(inits, init_name), .help = init_help()}, &ModelDesc::init, inits,
      InitKind::Default);

  const std::vector<Regularizer> regs = {Regularizer::None, Regularizer::L2, Regularizer::L1, Regularizer::Elastic};
  Setting<ModelDesc> reg;
  reg.spec = Spec{.key = "reg", .type = Type::Choice, .choices = names_of(regs, regularizer_name),
                  .help = "the weight penalty R(W) added as lambda*R(W): l2 sum W², l1 sum |W|, elastic sum "
                          "(beta W² + |W|); biases are never penalised"};
  {
    Setting<RegularizerDesc> r =
        settings::choice_field(reg.spec, &RegularizerDesc::kind, regs, Regularizer::None);
    reg.get = [g = r.get](const ModelDesc& d) { return g(d.reg); };
    reg.set = [f = r.set](ModelDesc& d, const Value& v) { f(d.reg, v); };
    reg.fallback = [](const ModelDesc&) { return Value::of_text(regularizer_name(Regularizer::None)); };
  }
  reg.selects = true;

  Setting<ModelDesc> lambda;
  lambda.spec = Spec{.key = "lambda", .type = Type::Real, .lo = 0, .hi = 100,
                     .help = "regularisation strength: loss = data loss + lambda*R(W)"};
  lambda.get = [](const ModelDesc& d) { return Value::of(d.reg.lambda); };
  lambda.set = [](ModelDesc& d, const Value& v) { d.reg.lambda = v.number; };
  lambda.fallback = [](const ModelDesc&) { return Value::of(0.0); };
  lambda.applies = [](const ModelDesc& d) { return d.reg.kind != Regularizer::None; };
  lambda.applies_to = "reg l2, l1, elastic";

  Setting<ModelDesc> beta;
  beta.spec = Spec{.key = "beta", .type = Type::Real, .lo = 0, .hi = 100,
                   .help = "elastic net's weight of the squared term: R(W) = sum (beta W² + |W|)", .symbol = "β"};
  beta.get = [](const ModelDesc& d) { return Value::of(d.reg.beta); };
  beta.set = [](ModelDesc& d, const Value& v) { d.reg.beta = v.number; };
  beta.fallback = [](const ModelDesc&) { return Value::of(0.5); };
  beta.applies = [](const ModelDesc& d) { return d.reg.kind == Regularizer::Elastic; };
  beta.applies_to = "reg elastic";

  for (Setting<ModelDesc>* s : {&hidden, &activation, &dropout}) {
    s->applies = is_mlp;
    s->applies_to = "model mlp";
  }
  return settings::Schema<ModelDesc>("model", {model, hidden, activation, dropout, init, reg, lambda, beta});
}

}  // namespace

const settings::Schema<ModelDesc>& model_schema() {
  static const settings::Schema<ModelDesc> schema = make_schema();
  return schema;
}

}  // namespace descent
