// classifier_settings.cpp: the settings tables of the linear and network views (classifier_settings.h).
#include "core/ui/classifier_settings.h"

#include "core/optim/optimizer_settings.h"
#include "core/train/train_settings.h"

namespace descent::ui {

namespace {

using settings::Value;

// A learning rate default for the plain-gradient kinds (sgd, momentum, nesterov) of this view; the
// adaptive kinds keep torch.optim's.
settings::Schema<TrainDesc> with_plain_lr(const settings::Schema<TrainDesc>& s, double lr) {
  return s.with_default("lr", [lr](const TrainDesc& d) {
    const OptimizerKind k = d.optimizer.kind;
    const bool plain = k == OptimizerKind::SGD || uses_momentum(k);
    return Value::of(plain ? lr : optimizer_defaults(k).lr);
  });
}

settings::Schema<ClassifierSettings> compose(const char* name, const settings::Schema<TrainDesc>& train) {
  settings::Schema<ClassifierSettings> s(name, {});
  s.add(app_data_schema(), &ClassifierSettings::data);
  s.add(train, &ClassifierSettings::train);
  return s;
}

const auto text = [](const char* t) { return [t](const TrainDesc&) { return Value::of_text(t); }; };
const auto number = [](double v) { return [v](const TrainDesc&) { return Value::of(v); }; };

}  // namespace

const settings::Schema<ClassifierSettings>& linear_schema() {
  static const settings::Schema<ClassifierSettings> schema = [] {
    settings::Schema<TrainDesc> t = train_schema()
                                        .without({"hidden", "activation", "dropout", "shuffle", "lr_decay"})
                                        .with_choices("model", {"softmax", "svm"})
                                        .with_default("init", text("torch"))
                                        .with_default("reg", text("l2"))
                                        .with_default("lambda", number(1e-3))
                                        .with_default("batch", number(32));
    return compose("linear", with_plain_lr(t, 0.1));
  }();
  return schema;
}

const settings::Schema<ClassifierSettings>& network_schema() {
  static const settings::Schema<ClassifierSettings> schema = [] {
    settings::Schema<TrainDesc> t = train_schema()
                                        .without({"shuffle", "lr_decay"})
                                        .with_choices("model", {"mlp"})
                                        .with_default("model", text("mlp"))
                                        .with_default("hidden", [](const TrainDesc&) { return Value::of_list({64, 64}); })
                                        .with_default("init", text("torch"))
                                        .with_default("reg", text("l2"))
                                        .with_default("lambda", number(1e-4))
                                        .with_default("optimizer", text("adam"))
                                        .with_default("batch", number(32));
    t = t.with_default("lr", [](const TrainDesc& d) {
      return Value::of(d.optimizer.kind == OptimizerKind::Adam ? 0.01 : optimizer_defaults(d.optimizer.kind).lr);
    });
    settings::Schema<ClassifierSettings> s = compose("network", t);
    s.add(compute::device_schema(), &ClassifierSettings::device);
    s.find_mutable("device")->spec.help += "; here: where the training steps run (changing it restarts training)";
    return s;
  }();
  return schema;
}

}  // namespace descent::ui
