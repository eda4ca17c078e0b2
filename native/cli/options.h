// options.h: the CLI's flags, each declared once and turned into the engine's description structs
// (DataRequest, ModelDesc, OptimizerDesc, SurfaceDesc), so a flag and the setting it drives have one
// name and one default. Values are checked here and bad ones become usage errors (exit 2).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/data/registry.h"
#include "core/nn/model_desc.h"
#include "core/optim/optimizer.h"
#include "core/status.h"
#include "core/surface/surface.h"

namespace descent::cli {

struct DataFlags {
  std::string data = "fashion-mnist";
  std::string data_dir;
  int limit_train = 0, limit_test = 0;
  double val_fraction = 0.1;
  int points = 0;
  double noise = -1;  // <0: the registry's default
  int classes = 0;
  bool center = false;
  void add_to(CLI::App& app, const std::string& default_data);
  Result<DataRequest> request(uint32_t seed) const;
};

struct ModelFlags {
  std::string model = "softmax";
  std::vector<int> hidden;
  std::string activation = "relu";
  double dropout = 0.0;
  std::string init = "default";
  std::string reg = "none";
  double lambda = 0.0;
  double beta = 0.5;
  void add_to(CLI::App& app, bool model_required);
  Result<ModelDesc> desc() const;
};

struct OptimizerFlags {
  std::string optimizer = "sgd";
  double lr = 0, momentum = 0, alpha = 0, beta1 = 0, beta2 = 0, eps = 0;
  void add_to(CLI::App& app, const std::string& default_optimizer);
  Result<OptimizerDesc> desc() const;
};

// Parses "1.5,-2" style lists that CLI11 leaves as strings.
Result<std::vector<double>> parse_doubles(const std::string& flag, const std::string& text, size_t count);

}  // namespace descent::cli
