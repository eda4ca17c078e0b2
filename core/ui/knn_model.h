// knn_model.h: what the data & kNN view shows, without any drawing: its settings (the data, the
// seed, knn_settings.h's KnnDesc), the loaded data, kNN trained on it, the query (a clicked point
// or a test example) with its k nearest and their vote, the decision regions of 2-D data (a
// RegionGrid, a slice per frame), cross-validation over frames (KnnCvRunner) and the counted final
// test. The commands `data` and `knn`, busy(), update() (the heavy work within the frame's budget)
// and the state as JSON live here; the view (data_view.cpp) draws it and adds where it drew things.
// No ImGui calls, no GL (RegionGrid comes from decision_regions.h, whose header also declares the
// plane's drawing): tests drive it (tests/app/test_knn_model.cpp).
// Usage: KnnModel m; m.attach(&ctx); m.register_commands(registry);
//        each frame: m.update(ctx);  m.state(json);  m.query(), m.regions(), m.cv()
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compute/device_knn.h"
#include "core/compute/device_settings.h"
#include "core/knn/knn.h"
#include "core/knn/knn_settings.h"
#include "core/settings/schema.h"
#include "core/ui/app_context.h"
#include "core/ui/command.h"
#include "core/ui/data_picker.h"
#include "core/ui/decision_regions.h"
#include "core/ui/knn_cv_runner.h"
#include "core/ui/view_model.h"

namespace descent::ui {

// The view's settings: the data, its seed (which also seeds the cross-validation folds), kNN's
// (knn_settings.h), with the view's defaults: L2, k in {1, 3, 5, 7, 10, 15, 20}, 2,000 rows, and
// the device the final test runs on (cpu, or gl where ctx.devices has it; links leave it out).
struct DataViewSettings {
  DataChoice data;
  uint32_t seed = 0;
  KnnDesc knn;
  compute::DeviceChoice device;
};
const settings::Schema<DataViewSettings>& data_view_schema();

// The kNN query: a point clicked on the plane (index -1) or test example `index`, its k nearest
// training rows (nearest first) and their majority vote (a tie goes to the smallest class, as
// KNearestNeighbor::predict; `tied` says so).
struct KnnQuery {
  int index = -1;
  std::vector<float> point;  // D values
  std::vector<int> neighbors;
  std::vector<float> distances;
  int predicted = 0;
  bool tied = false;
};

// The final test: k and the metric it measures, the test rows it runs over and how far it is, the
// device it runs on and the seconds spent classifying so far.
struct KnnTestRun {
  int rows = 0;  // 0: none shown (never run, or the settings changed since)
  int done = 0, correct = 0, k = 0;
  Metric metric = Metric::L2;
  compute::DeviceKind device = compute::DeviceKind::CPU;
  double seconds = 0;
  double accuracy() const { return done > 0 ? double(correct) / done : 0.0; }
};

constexpr int kKnnExamplesPerClass = 8;  // training images shown per class

class KnnModel final : public ViewModel {
 public:
  void register_commands(CommandRegistry& r) override;
  // The regions, then cross-validation and the final test, each a slice within ctx's budget.
  void update(AppContext& ctx) override;
  // Cross-validation or the final test a `sync=1` command asked for is still running.
  bool busy() const override;
  void state(nlohmann::json& out) const override;

  const DataViewSettings& settings() const { return settings_; }
  // New settings, as `data key=value ...` does: the data (loaded, or the error and nothing
  // changes), then kNN follows them (the regions, the query, the final test hidden again).
  Status use(const settings::Given& given, const std::string& who);
  Status use_settings(const DataViewSettings& n);

  // The data: loaded on first use; the picker (DataSlot::draw) loads into data_slot(), then
  // data_picked() adopts its choice. data_version() changes with every new data set.
  void ensure_data(AppContext& ctx);
  DataSlot& data_slot() { return data_; }
  void data_picked();
  const DataSplits* data() const { return data_.get(); }
  int data_version() const { return seen_version_; }
  bool is_2d() const;
  // Images: the training rows shown as examples, kKnnExamplesPerClass per class (first in order).
  const std::vector<std::vector<int>>& example_rows() const { return example_rows_; }

  // The query, or nullptr; query_version() changes with every new query or neighbour list.
  const KnnQuery* query() const { return has_query_ ? &query_ : nullptr; }
  int query_version() const { return query_version_; }
  void query_point(float x, float y);  // a point of the 2-D plane
  void query_test_example(int i);      // test example i (clamped to the test set)
  // The next (+1) or previous (-1) test example, wrapping; false without test data.
  bool step_query(int delta);

  const RegionGrid& regions() const { return grid_; }

  // Cross-validation of the settings' ks and metrics on the first cv_rows() training rows.
  Status start_cv();
  void cancel_cv() { cv_.cancel(); }
  const KnnCvRunner& cv() const { return cv_; }
  int cv_rows() const;

  // The final test on the first `limit` test rows (0: all); every use is counted.
  void start_test(int limit);
  const KnnTestRun& test() const { return test_; }
  int test_uses() const { return test_uses_; }
  // Each device's time for the last whole final test run on it.
  const DeviceTimes& test_times() const { return test_times_; }

 private:
  Status knn_command(const CommandArgs& a);
  Status use_knn(const CommandArgs& a);
  Status cv_command(const CommandArgs& a);
  Status test_command(const CommandArgs& a);
  void sync_data();
  void settings_changed();
  void build_examples(const DataSplits& d);

  // The heavy evaluation, each in one place: the query's neighbours, a batch of test rows, cells
  // of the region grid, held-out rows of cross-validation.
  void find_neighbors();
  void classify_test_rows(int rows);
  Result<std::vector<int>> device_predict(const Matrix<float>& q);
  void classify_grid(const Matrix<float>& points, int* labels, float* conf);
  void advance_cv(int rows);

  DataSlot data_;
  int seen_version_ = 0;
  KNearestNeighbor knn_;
  DataViewSettings settings_ = data_view_schema().defaults();
  std::vector<std::vector<int>> example_rows_;

  RegionGrid grid_;
  std::vector<int> votes_, grid_idx_;

  bool has_query_ = false;
  KnnQuery query_;
  int query_version_ = 0;

  KnnCvRunner cv_;
  KnnTestRun test_;
  DeviceTimes test_times_;
  std::unique_ptr<compute::DeviceKnn> device_knn_;  // the training set on the test's device (not cpu)
  int device_knn_version_ = -1;                     // the data version it holds
  int test_chunk_ = 16;                             // rows per call on the device, adapted to the budget
  int test_uses_ = 0;
  bool cv_sync_ = false, test_sync_ = false;  // a script waits for these (busy())
};

}  // namespace descent::ui
