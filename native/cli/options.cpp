// options.cpp: the CLI's own settings tables and the shared data loading (options.h).
#include "native/cli/options.h"

#include <map>
#include <string>

#include "core/data/normalize.h"

namespace descent::cli {

namespace {
using settings::Spec;
using settings::Type;
}  // namespace

const settings::Schema<LoadOptions>& load_schema() {
  static const settings::Schema<LoadOptions> schema(
      "load", {settings::flag_field(Spec{.key = "center",
                                         .help = "subtract the training set's mean image from every example"},
                                    &LoadOptions::center, false)});
  return schema;
}

const settings::Schema<TrainRun>& train_run_schema() {
  static const settings::Schema<TrainRun> schema(
      "train", {settings::number_field(Spec{.key = "epochs", .type = Type::Integer, .lo = 1, .hi = 100000,
                                            .help = "passes over the training set"},
                                       &TrainRun::epochs, 10)});
  return schema;
}

const settings::Schema<TrajectoryRun>& trajectory_run_schema() {
  static const settings::Schema<TrajectoryRun> schema = [] {
    settings::Setting<TrajectoryRun> start = settings::list_field(
        Spec{.key = "start", .type = Type::RealList, .lo = -1e6, .hi = 1e6, .min_items = 2, .max_items = 2,
             .help = "the start point x,y"},
        &TrajectoryRun::start, std::vector<double>{});
    start.fallback = nullptr;  // the surface's own start (surface_info)
    start.default_text = "the surface's start";
    return settings::Schema<TrajectoryRun>(
        "trajectory", {start, settings::number_field(Spec{.key = "steps", .type = Type::Integer, .lo = 0,
                                                          .hi = 1e7, .help = "the number of steps"},
                                                     &TrajectoryRun::steps, 100)});
  }();
  return schema;
}

const settings::Schema<SeedOnly>& seed_schema(const char* help) {
  static std::map<std::string, settings::Schema<SeedOnly>> schemas;
  auto it = schemas.find(help);
  if (it == schemas.end())
    it = schemas.emplace(help, settings::Schema<SeedOnly>(
                                   "seed", {settings::number_field(settings::seed_spec(help), &SeedOnly::seed, 0)}))
             .first;
  return it->second;
}

Result<std::shared_ptr<DataSplits>> load_data(const DataRequest& request, const LoadOptions& options) {
  Result<DataSplits> splits = load_dataset(request);
  if (!splits) return splits.status();
  auto data = std::make_shared<DataSplits>(std::move(*splits));
  if (options.center) {
    const std::vector<float> mean = mean_image(data->train);
    subtract_mean(data->train, mean);
    subtract_mean(data->val, mean);
    subtract_mean(data->test, mean);
  }
  return data;
}

}  // namespace descent::cli
