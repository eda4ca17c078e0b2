// landscape_settings.cpp: the loss-landscape view's settings table (landscape_settings.h).
#include "core/ui/landscape_settings.h"

#include "core/nn/model_settings.h"
#include "core/optim/optimizer_settings.h"

namespace descent::ui {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;
using settings::Value;

settings::Schema<LandscapeSettings> make_schema() {
  settings::Schema<LandscapeSettings> s("landscape", {});
  s.add(app_data_schema()
            .with_default("data", [](const DataChoice&) { return Value::of_text("moons"); })
            .with_default("limit_train", [](const DataChoice&) { return Value::of(5000); })
            .with_default("limit_test", [](const DataChoice&) { return Value::of(1000); }),
        &LandscapeSettings::data);
  s.add(model_schema()
            .with_default("model", [](const ModelDesc&) { return Value::of_text("mlp"); })
            .with_default("hidden", [](const ModelDesc&) { return Value::of_list({8}); })
            .with_default("activation", [](const ModelDesc&) { return Value::of_text("tanh"); })
            .with_default("init", [](const ModelDesc&) { return Value::of_text("torch"); }),
        &LandscapeSettings::model);

  const Spec& kinds = optimizer_schema().find("optimizer")->spec;
  Setting<LandscapeSettings> optimizers;
  optimizers.spec = Spec{.key = "optimizers", .type = Type::ChoiceList, .min_items = 1,
                         .max_items = kMaxComparedOptimizers, .choices = kinds.choices,
                         .help = "the optimizers compared, from identical weights on identical mini-batches"};
  optimizers.get = [names = kinds.choices](const LandscapeSettings& l) {
    std::string t;
    for (OptimizerKind k : l.optimizers) t += (t.empty() ? "" : ",") + names.at(size_t(k));
    return Value::of_text(t);
  };
  optimizers.set = [](LandscapeSettings& l, const Value& v) {
    l.optimizers.clear();
    size_t start = 0;
    while (start <= v.text.size()) {
      const size_t comma = v.text.find(',', start);
      Result<OptimizerKind> k = parse_optimizer(v.text.substr(start, comma == std::string::npos ? std::string::npos
                                                                                                 : comma - start));
      if (k) l.optimizers.push_back(*k);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  };
  optimizers.fallback = [](const LandscapeSettings&) { return Value::of_text("sgd,momentum"); };
  s.add(optimizers);

  // lr and momentum as the optimizer table describes them, for every optimizer at once.
  Setting<LandscapeSettings> lr = settings::number_field(optimizer_schema().find("lr")->spec, &LandscapeSettings::lr, 0.1);
  lr.spec.slider_lo = 1e-3;
  lr.spec.slider_hi = 1;
  s.add(lr);
  Setting<LandscapeSettings> momentum =
      settings::number_field(optimizer_schema().find("momentum")->spec, &LandscapeSettings::momentum, 0.9);
  momentum.applies = [](const LandscapeSettings& l) {
    for (OptimizerKind k : l.optimizers)
      if (uses_momentum(k)) return true;
    return false;
  };
  momentum.applies_to = "optimizers with momentum or nesterov";
  s.add(momentum);
  s.add(settings::number_field(Spec{.key = "batch", .type = Type::Integer, .lo = 0, .hi = 1e6,
                                    .help = "examples per step; 0 = all (full-batch gradient descent)",
                                    .slider_lo = 0, .slider_hi = 256},
                               &LandscapeSettings::batch, 32));
  s.add(settings::number_field(Spec{.key = "steps", .type = Type::Integer, .lo = 1, .hi = 100000,
                                    .help = "the steps every optimizer trains before the surface is drawn",
                                    .slider_lo = 10, .slider_hi = 2000},
                               &LandscapeSettings::steps, 300));
  s.add(settings::number_field(settings::seed_spec("fixes the data, the initial weights and the mini-batches, "
                                                   "the same for every optimizer"),
                               &LandscapeSettings::seed, 1));
  Setting<LandscapeSettings> plane = settings::choice_field(
      Spec{.key = "plane", .choices = {"pca", "random", "weights"},
           .help = "the plane the loss is drawn over: the PCA of the paths, two random filter-normalised "
                   "directions (Li et al. 2018), or two chosen weights i and j"},
      &LandscapeSettings::plane, std::vector<PlaneMode>{PlaneMode::PCA, PlaneMode::Random, PlaneMode::Weights},
      PlaneMode::PCA);
  s.add(plane);
  for (const char* key : {"i", "j"}) {
    Setting<LandscapeSettings> w = settings::number_field(
        Spec{.key = key, .type = Type::Integer, .lo = 0, .hi = 1e9,
             .help = "plane=weights: a weight's flat index (W1 first, then b1, ...; below the model's size)"},
        key[0] == 'i' ? &LandscapeSettings::i : &LandscapeSettings::j, key[0] == 'i' ? 0 : 1);
    w.applies = [](const LandscapeSettings& l) { return l.plane == PlaneMode::Weights; };
    w.applies_to = "plane weights";
    s.add(w);
  }
  s.add(compute::device_schema(), &LandscapeSettings::device);
  s.find_mutable("device")->spec.help += "; here: where the loss grid is evaluated";
  return s;
}

}  // namespace

const char* plane_mode_name(PlaneMode m) {
  return m == PlaneMode::PCA ? "pca" : m == PlaneMode::Random ? "random" : "weights";
}

std::vector<OptimizerDesc> LandscapeSettings::optimizer_descs() const {
  std::vector<OptimizerDesc> out;
  for (OptimizerKind k : optimizers) {
    OptimizerDesc d = optimizer_defaults(k);
    d.lr = lr;
    d.momentum = momentum;
    out.push_back(d);
  }
  return out;
}

const settings::Schema<LandscapeSettings>& landscape_schema() {
  static const settings::Schema<LandscapeSettings> schema = make_schema();
  return schema;
}

}  // namespace descent::ui
