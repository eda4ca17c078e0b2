// data_picker.h: the data-set choice shared by the classifier views (data & kNN, linear, network,
// gradient check): a combo of the data sets with the toy generator's settings, the same key=value
// options in commands (`data spiral points=200 noise=0.3`), and the loaded splits. Not a loader:
// AppContext::data() loads and caches; this only describes what to ask for and shows it.
// Usage: DataSlot slot; slot.load(ctx);  if (slot.draw(ctx)) ...;  const DataSplits* d = slot.get();
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/registry.h"
#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui {

// The app's default limits for files (so Fashion-MNIST loads and trains in a moment).
constexpr int kAppLimitTrain = 10000;
constexpr int kAppLimitTest = 2000;

struct DataChoice {
  std::string name = "spiral";
  int limit_train = kAppLimitTrain;  // files: first N training rows (0 = all)
  int limit_test = kAppLimitTest;    // files: first N test rows (0 = all)
  int points = 100;                  // toy: points per class
  double noise = kDefaultToyNoise;   // toy: gaussian std per coordinate
  int classes = 0;                   // toy: 0 = the kind's default
  uint32_t seed = 0;
  double val_fraction = 0.1;
};

// The data sets offered: the toy kinds and fashion-mnist, plus mnist and cifar10 when a data dir
// is known (the desktop's --data-dir).
std::vector<std::string> offered_datasets(const AppContext& ctx);
bool is_toy(const std::string& name);
DataRequest to_request(const DataChoice& c);

// Applies the data options of a command to c: data=NAME (when allow_name), limit=N (train rows),
// limit_test=N, points=N, noise=F, classes=N, seed=N. Unknown keys are left for the caller.
Status apply_data_options(const CommandArgs& a, DataChoice& c, bool allow_name);
// The usage text of those options, for commands' usage strings.
const char* data_options_usage();

// One view's data: the choice, and the splits last loaded for it.
class DataSlot {
 public:
  DataChoice choice;

  // Loads `choice` (cached by AppContext). On error, the previous data stays and the error is
  // returned (callers post it); version() changes only on success. ctx may be null (a command
  // run before the view's first frame): the set is then loaded directly, uncached.
  Status load(AppContext* ctx);
  // Loads c and makes it the choice; on error nothing changes (choice and data stay) and the error
  // is returned: what a command's data=... settings do.
  Status pick(AppContext* ctx, const DataChoice& c);
  // Loads if nothing is loaded yet; errors are posted to ctx.
  void ensure(AppContext& ctx);
  // The combo and the toy settings; returns true when new data was loaded (errors posted).
  bool draw(AppContext& ctx);
  const DataSplits* get() const { return splits_.get(); }
  std::shared_ptr<const DataSplits> shared() const { return splits_; }
  int version() const { return version_; }
  // "spiral: 270 train / 30 val / 300 test, 2-D, 3 classes"
  std::string describe() const;
  void state(nlohmann::json& out) const;

 private:
  std::shared_ptr<const DataSplits> splits_;
  DataChoice loaded_;
  int version_ = 0;
  bool tried_ = false;
};

// The class name of label c in d (its class_names, else the number).
std::string class_name(const Dataset& d, int c);

}  // namespace descent::ui
