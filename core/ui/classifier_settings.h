// classifier_settings.h: the settings of the linear and the network views, described once: the data
// (data_picker.h's app_data_schema) and the training run (train_settings.h: model, optimizer,
// batch, seed), each view with its own defaults (the linear view: softmax, L2 1e-3, SGD 0.1, batch
// 32; the network view: 64,64 ReLU, L2 1e-4, Adam 0.01, batch 32; both with Torch7's nn.Linear
// initialisation, the lecture's framework). Commands (`linear key=value`),
// links (`linear.lr=0.1`), the state's "settings" and the panels all use these tables.
// Usage: ClassifierSettings s = linear_schema().defaults();  linear_schema().apply(s, given, "linear");
#pragma once
#include "core/compute/device_settings.h"
#include "core/settings/schema.h"
#include "core/train/session.h"
#include "core/ui/data_picker.h"

namespace descent::ui {

struct ClassifierSettings {
  DataChoice data;  // its seed follows train.seed (with_seed())
  TrainDesc train;
  compute::DeviceChoice device;  // the network view's: where training steps run (links leave it out)
  // The data request with the run's seed.
  DataChoice seeded_data() const {
    DataChoice d = data;
    d.seed = train.seed;
    return d;
  }
};

const settings::Schema<ClassifierSettings>& linear_schema();
const settings::Schema<ClassifierSettings>& network_schema();

}  // namespace descent::ui
