// cmd_knn.cpp: `descent knn`: chooses k and the metric by k-fold cross-validation on (a part of)
// the training set, printing {"k","metric","cv_acc","cv_std"} per cell of the grid, then tests the
// winner on the test set: {"k","metric","test_acc","seconds"}. --folds 0 skips cross-validation.
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include "core/data/split.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/data_loading.h"

namespace descent::cli {

namespace {
struct KnnFlags {
  DataFlags data;
  std::vector<int> ks{1, 3, 5, 7};
  std::vector<std::string> metrics{"l1", "l2"};
  int folds = 5;
  int cv_limit = 5000;
  uint32_t seed = 0;
};

int run_knn(KnnFlags f, bool json) {
  Output out{json};
  if (f.ks.empty()) return usage_error("--k needs at least one value");
  for (int k : f.ks)
    if (k < 1 || k > 100000) return usage_error("--k values must be in 1..100000 (got " + std::to_string(k) + ")");
  std::vector<Metric> metrics;
  for (const std::string& m : f.metrics) {
    Result<Metric> r = parse_metric(m);
    if (!r) return usage_error("--metric: " + r.status().message);
    metrics.push_back(*r);
  }
  if (metrics.empty()) return usage_error("--metric needs at least one value");
  if (f.folds < 0 || f.folds == 1 || f.folds > 100) return usage_error("--folds must be 0 (no cross-validation) or 2..100 (got " + std::to_string(f.folds) + ")");
  if (f.cv_limit < 0) return usage_error("--cv-limit must be 0 (all) or more");
  f.data.val_fraction = 0.0;  // kNN validates by cross-validation on the training set

  Result<std::shared_ptr<DataSplits>> data = load_data(f.data, f.seed);
  if (!data) return report(data.status());
  const DataSplits& d = **data;
  const auto start = std::chrono::steady_clock::now();
  int best_k = f.ks[0];
  Metric best_metric = metrics[0];
  if (f.folds > 0) {
    const int n = f.cv_limit > 0 && f.cv_limit < d.train.size() ? f.cv_limit : d.train.size();
    if (n < f.folds) return usage_error("--folds " + std::to_string(f.folds) + " needs at least that many training examples");
    std::vector<int> rows(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) rows[size_t(i)] = i;
    const Dataset cv_set = take_rows(d.train, rows);
    if (!json)
      std::fprintf(stderr, "%d-fold cross-validation on %d training examples\n", f.folds, n);
    Progress progress;
    Result<std::vector<CvCell>> cv = cross_validate_knn(cv_set, f.ks, metrics, f.folds, f.seed, [&](double frac) {
      progress.update(frac, "cross-validation");
    });
    progress.finish();
    if (!cv) return report(cv.status());
    const std::vector<CvCell>& table = *cv;
    for (const CvCell& c : table) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "k %3d  %s  cv acc %.4f +- %.4f", c.k, metric_name(c.metric), c.mean, c.stddev);
      out.emit({{"k", c.k}, {"metric", metric_name(c.metric)}, {"cv_acc", c.mean}, {"cv_std", c.stddev}}, buf);
    }
    const CvCell& best = best_cell(table);
    best_k = best.k;
    best_metric = best.metric;
  }
  KNearestNeighbor knn;
  if (Status s = knn.train(d.train.X, d.train.y, d.train.num_classes); !s) return report(s);
  if (Status s = knn.check_predict(d.test.size(), {best_k}); !s) return report(s);
  std::vector<int> pred = knn.predict(d.test.X, best_k, best_metric);
  int correct = 0;
  for (int i = 0; i < d.test.size(); ++i) correct += pred[size_t(i)] == d.test.y[size_t(i)];
  const double acc = d.test.size() ? double(correct) / d.test.size() : 0.0;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char buf[160];
  std::snprintf(buf, sizeof buf, "k %d  %s  test acc %.4f  (%d train, %d test, %.1f s)", best_k,
                metric_name(best_metric), acc, d.train.size(), d.test.size(), seconds);
  out.emit({{"k", best_k}, {"metric", metric_name(best_metric)}, {"test_acc", acc}, {"seconds", seconds}}, buf);
  return kExitOk;
}
}  // namespace

Runner add_knn_command(CLI::App& app) {
  auto flags = std::make_shared<KnnFlags>();
  CLI::App* sub = app.add_subcommand("knn", "k-nearest neighbours: pick k and the metric by cross-validation");
  flags->data.add_to(*sub, "fashion-mnist");
  sub->add_option("--k", flags->ks, "values of k to try, e.g. 1,3,5,7")->delimiter(',')->capture_default_str();
  sub->add_option("--metric", flags->metrics, "distances to try: l1, l2 or l1,l2")->delimiter(',')->capture_default_str();
  sub->add_option("--folds", flags->folds, "cross-validation folds (0 = use the first k and metric directly)")->capture_default_str();
  sub->add_option("--cv-limit", flags->cv_limit, "cross-validate on the first N training examples (0 = all)")->capture_default_str();
  sub->add_option("--seed", flags->seed, "seed for the folds")->capture_default_str();
  return [flags](bool json) { return run_knn(*flags, json); };
}

}  // namespace descent::cli
