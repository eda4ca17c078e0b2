// data_picker.cpp: the shared data-set choice (data_picker.h).
#include "core/ui/data_picker.h"

#include <cstdio>

#include <imgui.h>

#include "core/data/data_settings.h"
#include "core/ui/plot.h"
#include "core/ui/settings_widgets.h"

namespace descent::ui {

std::vector<std::string> offered_datasets(const AppContext& ctx) {
  std::vector<std::string> names = {"spiral", "circles", "xor", "blobs", "moons", "fashion-mnist"};
  if (!ctx.data_dir.empty()) {
    names.push_back("mnist");
    names.push_back("cifar10");
  }
  return names;
}

bool is_toy(const std::string& name) { return is_toy_dataset(name); }

const settings::Schema<DataChoice>& app_data_schema() {
  static const settings::Schema<DataChoice> schema = [] {
    using settings::Value;
    settings::Schema<DataChoice> s =
        data_schema()
            .without({"data_dir"})
            .with_default("data", [](const DataChoice&) { return Value::of_text("spiral"); })
            .with_default("limit_train", [](const DataChoice&) { return Value::of(10000); })
            .with_default("limit_test", [](const DataChoice&) { return Value::of(2000); });
    settings::Setting<DataChoice>* name = s.find_mutable("data");
    name->spec.type = settings::Type::Text;  // a built-in set or an upload: checked when loaded
    name->spec.help += "; or a set opened in the page (upload-1, ...)";
    name->spec.aliases = {"set"};            // the data view's first links wrote data.set=
    return s;
  }();
  return schema;
}

Status DataSlot::load(AppContext* ctx) {
  tried_ = true;
  Result<std::shared_ptr<const DataSplits>> r = make_error(ErrorCode::Internal, "not loaded");
  if (ctx) {
    r = ctx->data(choice);
  } else {
    Result<DataSplits> direct = load_dataset(choice);
    if (direct)
      r = std::make_shared<const DataSplits>(std::move(*direct));
    else
      r = direct.status();
  }
  if (!r) {
    choice = loaded_.name.empty() ? choice : loaded_;  // keep showing what is loaded
    return r.status();
  }
  if (r->get() != splits_.get()) ++version_;
  splits_ = *r;
  loaded_ = choice;
  return Status::ok();
}

Status DataSlot::pick(AppContext* ctx, const DataChoice& c) {
  const DataChoice old = choice;
  choice = c;
  Status s = load(ctx);
  if (!s) choice = old;
  return s;
}

void DataSlot::ensure(AppContext& ctx) {
  if (!splits_ && !tried_) ctx.check(load(&ctx));
}

bool DataSlot::draw(AppContext& ctx) {
  bool reload = false;
  const std::vector<std::string> names = offered_datasets(ctx);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::BeginCombo("data", choice.name.c_str())) {
    for (const std::string& n : names) {
      if (ImGui::Selectable(n.c_str(), n == choice.name)) {
        reload = ctx.check(app_data_schema().apply(choice, {{"data", n}}, "data")) || reload;
      }
    }
    ImGui::EndCombo();
  }
  help_marker(
      "The data set. spiral, circles, xor, blobs and moons are 2-D toy problems, generated from a seed, so a "
      "classifier's decision regions can be drawn over the plane. fashion-mnist (28x28 grey images of clothes, "
      "10 classes) is loaded from the system's copy, limited to its first rows so everything stays quick; mnist "
      "and cifar10 need a data folder (--data-dir). Training rows are split into train and validation; the "
      "test set is never used to choose anything.");
  const float fs = ImGui::GetFontSize();
  for (const char* key : {"points", "noise", "classes", "limit_train"}) {
    if (!app_data_schema().find(key)->applies_in(choice)) continue;
    ImGui::SameLine();
    reload = setting_widget(ctx, app_data_schema(), key, choice, fs * (key[0] == 'l' ? 8 : 5.5f)) || reload;
  }
  // Sliders report every drag step: reloading toy data is cheap (cached per setting, ~100 us).
  if (reload) {
    if (!ctx.check(load(&ctx))) return false;
    return true;
  }
  return false;
}

std::string DataSlot::describe() const {
  if (!splits_) return "no data loaded";
  const DataSplits& s = *splits_;
  char buf[256];
  if (s.train.is_image())
    std::snprintf(buf, sizeof buf, "%s: %d train / %d val / %d test, %dx%dx%d images, %d classes",
                  s.train.name.c_str(), s.train.size(), s.val.size(), s.test.size(), s.train.height, s.train.width,
                  s.train.channels, s.train.num_classes);
  else
    std::snprintf(buf, sizeof buf, "%s: %d train / %d val / %d test, %d-D points, %d classes", s.train.name.c_str(),
                  s.train.size(), s.val.size(), s.test.size(), s.train.dim(), s.train.num_classes);
  return buf;
}

void DataSlot::state(nlohmann::json& out) const {
  out["data"] = loaded_.name.empty() ? choice.name : loaded_.name;
  if (!splits_) {
    out["loaded"] = false;
    return;
  }
  const DataSplits& s = *splits_;
  out["loaded"] = true;
  out["train_size"] = s.train.size();
  out["val_size"] = s.val.size();
  out["test_size"] = s.test.size();
  out["dim"] = s.train.dim();
  out["classes"] = s.train.num_classes;
  out["image"] = s.train.is_image();
  if (s.train.is_image()) out["shape"] = {s.train.height, s.train.width, s.train.channels};
  if (is_toy(loaded_.name)) {
    out["points"] = loaded_.points_per_class;
    out["noise"] = loaded_.noise;
  }
  out["seed"] = loaded_.seed;
}

std::string class_name(const Dataset& d, int c) {
  if (c >= 0 && c < static_cast<int>(d.class_names.size())) return d.class_names[static_cast<size_t>(c)];
  return std::to_string(c);
}

}  // namespace descent::ui
