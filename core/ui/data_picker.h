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
#include "core/settings/schema.h"
#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui {

// A view's data request (registry.h): the data settings of data_settings.h, with the app's
// defaults (app_data_schema()). Its seed is the view's `seed`.
using DataChoice = DataRequest;

// The data settings as the app's views take them: data_settings.h's table without data_dir (the
// desktop's --data-dir), `data` any name (the built-in sets and a user's uploads, checked when
// loaded), and the app's defaults: spiral; files limited to their first 10,000 / 2,000 rows so
// Fashion-MNIST loads and trains in a moment.
const settings::Schema<DataChoice>& app_data_schema();

// The data sets offered: the toy kinds and fashion-mnist, plus mnist and cifar10 when a data dir
// is known (the desktop's --data-dir).
std::vector<std::string> offered_datasets(const AppContext& ctx);
bool is_toy(const std::string& name);

// One view's data: the choice, and the splits last loaded for it.
class DataSlot {
 public:
  DataChoice choice = app_data_schema().defaults();

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
