// landscape_settings.h: the loss-landscape view's settings, described once: the data and the model
// (the app's and model_settings.h's tables), the optimizers compared (every one with the same lr and,
// for momentum and Nesterov, the same momentum), batch, steps, seed, and the plane the surface is
// drawn over (pca of the paths, random filter-normalised directions, or two chosen weights i, j).
// Commands (`landscape key=value`), links (`landscape.lr=0.1`), the state and the panel use it.
// Usage: LandscapeSettings s = landscape_schema().defaults();  landscape_schema().apply(s, given, "landscape");
#pragma once
#include <vector>

#include "core/compute/device_settings.h"
#include "core/nn/model_desc.h"
#include "core/optim/optimizer.h"
#include "core/settings/schema.h"
#include "core/ui/data_picker.h"

namespace descent::ui {

// The plane through weight space the loss is drawn over.
enum class PlaneMode { PCA, Random, Weights };
const char* plane_mode_name(PlaneMode m);  // "pca", "random", "weights"

struct LandscapeSettings {
  DataChoice data;
  ModelDesc model;
  std::vector<OptimizerKind> optimizers;  // compared from identical weights and mini-batches
  double lr = 0.1;                        // every optimizer's
  double momentum = 0.9;                  // momentum's and Nesterov's
  int batch = 32;
  int steps = 300;
  uint32_t seed = 1;
  PlaneMode plane = PlaneMode::PCA;
  int i = 0, j = 1;  // plane=weights: the two weights' flat indices
  compute::DeviceChoice device;  // where the loss grid is evaluated (links leave it out)

  // The optimizers' descriptions (torch.optim's defaults but lr and momentum).
  std::vector<OptimizerDesc> optimizer_descs() const;
};

const settings::Schema<LandscapeSettings>& landscape_schema();

}  // namespace descent::ui
