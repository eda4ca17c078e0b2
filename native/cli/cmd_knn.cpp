// cmd_knn.cpp: `descent knn`: chooses k and the metric by k-fold cross-validation on (a part of)
// the training set, printing {"k","metric","cv_acc","cv_std"} per cell of the grid, then tests the
// winner on the test set: {"k","metric","test_acc","seconds"}. --folds 0 skips cross-validation.
// --device gl computes every distance, selection and vote on the GL device (predictions identical
// on image data); the last line adds "device" and "renderer".
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "core/compute/device_knn.h"
#include "core/compute/device_settings.h"
#include "core/data/data_settings.h"
#include "core/data/split.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "core/knn/knn_settings.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/device_flags.h"
#include "native/cli/options.h"
#include "native/cli/schema_flags.h"

namespace descent::cli {

namespace {
// kNN validates by cross-validation on the training set: no validation split to choose.
const settings::Schema<DataRequest>& knn_data_schema() {
  static const settings::Schema<DataRequest> s = data_schema().without({"val_fraction"});
  return s;
}
const char* kSeedHelp = "fixes the data (2-D sets) and the cross-validation folds";

struct KnnFlags {
  FlagTexts texts;
};

int run_knn(const KnnFlags& f, bool json) {
  Output out{json};
  DataRequest request = knn_data_schema().defaults();
  KnnDesc knn_desc = knn_schema().defaults();
  SeedOnly seed = seed_schema(kSeedHelp).defaults();
  LoadOptions load = load_schema().defaults();
  compute::DeviceChoice where = compute::device_schema().defaults();
  for (Status s : {apply_flags(knn_data_schema(), f.texts, request), apply_flags(knn_schema(), f.texts, knn_desc),
                   apply_flags(seed_schema(kSeedHelp), f.texts, seed), apply_flags(load_schema(), f.texts, load),
                   apply_flags(compute::device_schema(), f.texts, where)})
    if (!s) return report(s);
  // Cross-validation chooses k and the metric; without it (--folds 0) they are given.
  for (const char* key : {"k", "metric", "ks", "metrics", "cv_limit"}) {
    const bool for_cv = std::string(key) != "k" && std::string(key) != "metric";
    if (f.texts.count(key) && for_cv != (knn_desc.folds > 0))
      return usage_error(settings::key_label(key, settings::KeyStyle::Flag) +
                         (for_cv ? " applies to cross-validation only; it is off with --folds 0"
                                 : " applies with --folds 0 only: cross-validation chooses k and the metric from "
                                   "--ks and --metrics"));
  }
  request.val_fraction = 0.0;
  request.seed = seed.seed;
  const std::vector<Metric> metrics = metrics_of(knn_desc.metrics);
  Result<compute::DevicePtr> device = open_cli_device(where.device);  // first: no GL 4.3 stops before the data loads
  if (!device) return report(device.status());
  std::unique_ptr<compute::DeviceKnn> gl_knn;
  if (where.device == compute::DeviceKind::GL) {
    gl_knn = std::make_unique<compute::DeviceKnn>(**device);
    if (!json) std::fprintf(stderr, "device gl: %s\n", (*device)->info().renderer.c_str());
  }

  Result<std::shared_ptr<DataSplits>> data = load_data(request, load);
  if (!data) return report(data.status());
  const DataSplits& d = **data;
  const auto start = std::chrono::steady_clock::now();
  int best_k = knn_desc.k;
  Metric best_metric = knn_desc.metric;
  if (knn_desc.folds > 0) {
    const int n = knn_desc.cv_limit > 0 && knn_desc.cv_limit < d.train.size() ? knn_desc.cv_limit : d.train.size();
    if (n < knn_desc.folds)
      return usage_error("--folds " + std::to_string(knn_desc.folds) + " needs at least that many training examples (" +
                         std::to_string(n) + " here)");
    const int fold_train = n - (n + knn_desc.folds - 1) / knn_desc.folds;  // the smallest training part of a fold
    for (int k : knn_desc.ks)
      if (k > fold_train)
        return usage_error("--ks: k = " + std::to_string(k) + " is more than the " + std::to_string(fold_train) +
                           " examples each fold trains on; give values up to " + std::to_string(fold_train));
    std::vector<int> rows(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) rows[size_t(i)] = i;
    const Dataset cv_set = take_rows(d.train, rows);
    if (!json)
      std::fprintf(stderr, "%d-fold cross-validation on %d training examples\n", knn_desc.folds, n);
    Progress progress;
    auto step = [&](double frac) { progress.update(frac, "cross-validation"); };
    Result<std::vector<CvCell>> cells =
        gl_knn ? cross_validate_knn(*gl_knn, cv_set, knn_desc.ks, metrics, knn_desc.folds, seed.seed, step)
               : cross_validate_knn(cv_set, knn_desc.ks, metrics, knn_desc.folds, seed.seed, step);
    progress.finish();
    if (!cells) return report(cells.status());
    const std::vector<CvCell>& table = *cells;
    for (const CvCell& c : table) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "k %3d  %s  cv acc %.4f +- %.4f", c.k, metric_name(c.metric), c.mean, c.stddev);
      out.emit({{"k", c.k}, {"metric", metric_name(c.metric)}, {"cv_acc", c.mean}, {"cv_std", c.stddev}}, buf);
    }
    const CvCell& best = best_cell(table);
    best_k = best.k;
    best_metric = best.metric;
  }
  if (best_k > d.train.size())
    return usage_error("--k " + std::to_string(best_k) + " is more than the " + std::to_string(d.train.size()) +
                       " training examples; give at most " + std::to_string(d.train.size()));
  std::vector<int> pred;
  if (gl_knn) {
    if (Status s = gl_knn->train(d.train.X, d.train.y, d.train.num_classes); !s) return report(s);
    Result<std::vector<int>> p = gl_knn->predict(d.test.X, best_k, best_metric);
    if (!p) return report(p.status());
    pred = std::move(*p);
  } else {
    KNearestNeighbor knn;
    if (Status s = knn.train(d.train.X, d.train.y, d.train.num_classes); !s) return report(s);
    if (Status s = knn.check_predict(d.test.size(), {best_k}); !s) return report(s);
    pred = knn.predict(d.test.X, best_k, best_metric);
  }
  int correct = 0;
  for (int i = 0; i < d.test.size(); ++i) correct += pred[size_t(i)] == d.test.y[size_t(i)];
  const double acc = d.test.size() ? double(correct) / d.test.size() : 0.0;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char buf[160];
  std::snprintf(buf, sizeof buf, "k %d  %s  test acc %.4f  (%d train, %d test, %.1f s)", best_k,
                metric_name(best_metric), acc, d.train.size(), d.test.size(), seconds);
  nlohmann::json last = {{"k", best_k}, {"metric", metric_name(best_metric)}, {"test_acc", acc}, {"seconds", seconds}};
  if (gl_knn) add_device_fields(last, **device);
  out.emit(last, buf);
  return kExitOk;
}
}  // namespace

Runner add_knn_command(CLI::App& app) {
  auto flags = std::make_shared<KnnFlags>();
  CLI::App* sub = app.add_subcommand("knn", "k-nearest neighbours: pick k and the metric by cross-validation");
  add_flags(*sub, knn_data_schema(), knn_data_schema().defaults(), flags->texts);
  add_flags(*sub, knn_schema(), knn_schema().defaults(), flags->texts);
  add_flags(*sub, seed_schema(kSeedHelp), seed_schema(kSeedHelp).defaults(), flags->texts);
  add_flags(*sub, load_schema(), load_schema().defaults(), flags->texts);
  add_flags(*sub, compute::device_schema(), compute::device_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_knn(*flags, json); };
}

}  // namespace descent::cli
