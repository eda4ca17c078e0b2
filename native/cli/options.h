// options.h: the settings only the CLI has (epochs, --center, the trajectory's start and steps,
// the seeds of knn and gradcheck), each described once as a settings table like the engine's
// (core/settings/schema.h), and the data loading every command shares. The engine's tables (data,
// model, optimizer, train, surface, knn, gradcheck) are turned into flags by schema_flags.h.
#pragma once
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/registry.h"
#include "core/settings/schema.h"
#include "core/status.h"

namespace descent::cli {

// What every command that reads data may do to it after loading.
struct LoadOptions {
  bool center = false;  // subtract the training set's mean image from every example
};
const settings::Schema<LoadOptions>& load_schema();

// `descent train`'s own settings.
struct TrainRun {
  int epochs = 10;
};
const settings::Schema<TrainRun>& train_run_schema();

// `descent trajectory`'s own settings: where the path starts and how long it is.
struct TrajectoryRun {
  std::vector<double> start;  // empty = the surface's default start
  int steps = 100;
};
const settings::Schema<TrajectoryRun>& trajectory_run_schema();

// The seed of commands that train nothing (knn: the data and the folds; gradcheck: the data, the
// weights and the sampled coordinates).
struct SeedOnly {
  uint32_t seed = 0;
};
const settings::Schema<SeedOnly>& seed_schema(const char* help);

// Loads the request (registry.h) and applies the load options; errors name the file or setting.
Result<std::shared_ptr<DataSplits>> load_data(const DataRequest& request, const LoadOptions& options);

}  // namespace descent::cli
