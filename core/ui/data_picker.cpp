// data_picker.cpp: the shared data-set choice (data_picker.h).
#include "core/ui/data_picker.h"

#include <cstdio>

#include <imgui.h>

#include "core/ui/plot.h"

namespace descent::ui {

std::vector<std::string> offered_datasets(const AppContext& ctx) {
  std::vector<std::string> names = {"spiral", "circles", "xor", "blobs", "moons", "fashion-mnist"};
  if (!ctx.data_dir.empty()) {
    names.push_back("mnist");
    names.push_back("cifar10");
  }
  return names;
}

bool is_toy(const std::string& name) {
  return name == "spiral" || name == "circles" || name == "xor" || name == "blobs" || name == "moons";
}

DataRequest to_request(const DataChoice& c) {
  DataRequest r;
  r.name = c.name;
  r.seed = c.seed;
  r.val_fraction = c.val_fraction;
  if (is_toy(c.name)) {
    r.points_per_class = c.points;
    r.noise = c.noise;
    r.classes = c.classes;
  } else {
    r.limit_train = c.limit_train;
    r.limit_test = c.limit_test;
  }
  return r;
}

const char* data_options_usage() {
  return "limit=N (training rows of a file set, 0 = all; default 10000) limit_test=N (default 2000) "
         "points=N (toy: per class, default 100) noise=F (toy, default 0.2) classes=N (toy, 0 = default) seed=N";
}

Status apply_data_options(const CommandArgs& a, DataChoice& c, bool allow_name) {
  DataChoice n = c;
  if (allow_name && a.has("data")) n.name = a.options.at("data");
  Result<int> limit = a.integer("limit", n.limit_train);
  if (!limit) return limit.status();
  Result<int> limit_test = a.integer("limit_test", n.limit_test);
  if (!limit_test) return limit_test.status();
  Result<int> points = a.integer("points", n.points);
  if (!points) return points.status();
  Result<double> noise = a.number("noise", n.noise);
  if (!noise) return noise.status();
  Result<int> classes = a.integer("classes", n.classes);
  if (!classes) return classes.status();
  Result<int> seed = a.integer("seed", static_cast<int>(n.seed));
  if (!seed) return seed.status();
  if (*limit < 0 || *limit_test < 0)
    return make_error(ErrorCode::Usage, a.command + ": limit and limit_test must be 0 (all) or a count");
  if (*points < 1 || *points > 100000) return make_error(ErrorCode::Usage, a.command + ": points must be 1..100000");
  if (*seed < 0) return make_error(ErrorCode::Usage, a.command + ": seed must be 0 or more");
  n.limit_train = *limit;
  n.limit_test = *limit_test;
  n.points = *points;
  n.noise = *noise;
  n.classes = *classes;
  n.seed = static_cast<uint32_t>(*seed);
  c = n;
  return Status::ok();
}

Status DataSlot::load(AppContext* ctx) {
  tried_ = true;
  Result<std::shared_ptr<const DataSplits>> r = make_error(ErrorCode::Internal, "not loaded");
  if (ctx) {
    r = ctx->data(to_request(choice));
  } else {
    Result<DataSplits> direct = load_dataset(to_request(choice));
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
        choice.name = n;
        reload = true;
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
  if (is_toy(choice.name)) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::SliderInt("points/class", &choice.points, 10, 500)) reload = true;
    ImGui::SameLine();
    float noise = static_cast<float>(choice.noise);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::SliderFloat("noise", &noise, 0.0f, 2.0f, "%.2f")) {
      choice.noise = noise;
      reload = true;
    }
    if (choice.name != "xor" && choice.name != "moons") {
      ImGui::SameLine();
      int classes = choice.classes == 0 ? (choice.name == "circles" ? 2 : 3) : choice.classes;
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
      if (ImGui::SliderInt("classes", &classes, 2, 8)) {
        choice.classes = classes;
        reload = true;
      }
    }
    ImGui::SameLine();
    int seed = static_cast<int>(choice.seed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    if (ImGui::InputInt("seed", &seed, 1, 10)) {
      choice.seed = static_cast<uint32_t>(seed < 0 ? 0 : seed);
      reload = true;
    }
  } else {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    int lt = choice.limit_train;
    if (ImGui::InputInt("train rows", &lt, 1000, 10000, ImGuiInputTextFlags_EnterReturnsTrue)) {
      choice.limit_train = lt < 0 ? 0 : lt;
      reload = true;
    }
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
    out["points"] = loaded_.points;
    out["noise"] = loaded_.noise;
  }
  out["seed"] = loaded_.seed;
}

std::string class_name(const Dataset& d, int c) {
  if (c >= 0 && c < static_cast<int>(d.class_names.size())) return d.class_names[static_cast<size_t>(c)];
  return std::to_string(c);
}

}  // namespace descent::ui
