// lecture_model.h: what the Lecture view shows, without any drawing: the lecture's ten chapters in
// order (core/lecture/chapters.h), the current one, every worked example's editable inputs and its
// result, recomputed by the engine (core/lecture) on every edit, the data-driven examples
// (Fashion-MNIST's pixels, kNN timing, full batch vs mini-batch, cross-validation on the spiral)
// advanced within the frame's budget, the app commands that open each chapter's full view, the
// `lecture ...` script commands and the state as JSON. Not the view: no ImGui, no GL
// (lecture_view.cpp draws it; tests drive it directly).
// Usage: LectureModel m; m.register_commands(registry, &ctx); each frame: m.update(ctx); m.state(json);
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lecture/chapters.h"
#include "core/lecture/examples_json.h"
#include "core/settings/schema.h"
#include "core/ui/app_context.h"
#include "core/ui/command.h"
#include "core/ui/data_picker.h"

namespace descent::ui {

// The Lecture view's setting, described once: the chapter shown (a link opens it:
// ?view=lecture&chapter=5). The worked examples' values are inputs of their examples, edited in the
// view or by `lecture softmax scores=...`, not settings a link carries.
struct LectureSettings {
  int chapter = 1;
};
const settings::Schema<LectureSettings>& lecture_schema();

class LectureModel {
 public:
  static constexpr int kChapters = 10;

  LectureModel();  // chapter 1, every input as the lecture gives it

  // ---- chapters ----
  int chapter() const { return chapter_; }
  Status set_chapter(int n);  // 1..10
  const lecture::Chapter& current() const;
  // The app commands that set up chapter n's full view and show it ("linear data=fashion-mnist
  // model=softmax", "view linear"), and that view's title for the button.
  static std::vector<std::string> open_commands(int n);
  static const char* open_label(int n);

  // ---- inputs: each validated by the example's own function; on error nothing changes ----
  Status set_pixels(const std::string& set, int index);  // an image set's name, a training image
  Status set_images(const std::vector<int>& test, const std::vector<int>& train);  // 4 x 4 each
  Status set_linear(const lecture::LinearInputs& in);
  Status set_softmax(const std::vector<double>& scores, int label);
  Status set_svm(const lecture::SvmInputs& in);
  Status set_regularization(const lecture::RegularizationInputs& in);
  Status set_finite_difference(const lecture::FiniteDifferenceInputs& in);
  Status set_torch(const lecture::TorchLinearInputs& in);
  Status set_momentum(const lecture::MomentumFormsInputs& in);
  Status set_layers(const lecture::LayersInputs& in);
  Status set_cv(const lecture::ChooseKInputs& in);            // recomputed when the spiral is loaded
  Status set_batch(const lecture::BatchComparisonDesc& desc);  // restarts the comparison
  Status set_knn_time(int queries);                            // restarts the measurement
  void reset_inputs();

  // ---- results of the input-only examples (always valid) ----
  const lecture::ImageDistance& distance() const { return distance_; }
  const lecture::LinearScores& linear() const { return linear_; }
  const lecture::SoftmaxExample& softmax() const { return softmax_; }
  const lecture::SvmExample& svm() const { return svm_; }
  const lecture::RegularizationExample& regularization() const { return reg_; }
  const lecture::FiniteDifference& finite_difference() const { return fd_; }
  const lecture::TorchLinear& torch() const { return torch_; }
  const lecture::MomentumForms& momentum() const { return momentum_; }
  const lecture::LayersExample& layers() const { return layers_; }

  // ---- the data-driven examples (null until their data has loaded) ----
  const std::string& pixels_set() const { return images_.choice.name; }
  int pixels_index() const { return pixel_index_; }
  const lecture::PixelsExample* pixels() const { return pixels_ ? &*pixels_ : nullptr; }
  const DataSplits* images() const { return images_.get(); }
  const lecture::KnnTimer* knn_time() const { return timer_.get(); }
  const lecture::ChooseK* cv() const { return cv_ ? &*cv_ : nullptr; }
  const lecture::ChooseKInputs& cv_inputs() const { return cv_in_; }
  const lecture::BatchComparison* batch() const { return batch_.get(); }
  const lecture::BatchComparisonDesc& batch_desc() const { return batch_desc_; }
  // Why a data-driven example is not shown ("downloading fashion-mnist", a load error), or "".
  const std::string& data_note() const { return data_note_; }
  // Bumped by every change of an input or a result (the view keys its textures on it).
  uint64_t version() const { return version_; }

  // A frame's work while the view is shown (`shown` false: nothing, so the app's start fetches no
  // data set for a chapter nobody looks at): loads the data the current chapter needs (never while
  // drawing, so a download is not tied to a view), then advances the kNN timing or the batch
  // comparison while ctx.time_left(). Chapters 2 and 8 start their measurement when first shown.
  void update(AppContext& ctx, bool shown = true);
  // Runs chapter n's open_commands() as the app runs a script line (errors posted to ctx; a data
  // set still downloading is waited for and the command repeated, as App does).
  Status open(int n);

  // `lecture chapter N | open [N] | pixels | images | knn-time | cv | linear | softmax | svm | reg |
  // fd | torch | batch | momentum | layers | reset` (see the usage string).
  void register_commands(CommandRegistry& registry, AppContext* ctx);
  Status command(const CommandArgs& a);
  // chapter, title, examples (name -> example_json) of every example computed so far, progress of
  // the measurements.
  void state(nlohmann::json& out) const;

 private:
  void recompute_pixels();
  void start_knn_time();
  void start_batch();
  void touch() { ++version_; }
  // An example's new result replaces the old one, or its error is returned and nothing changes.
  template <typename T>
  Status keep(Result<T> r, T* result) {
    if (!r) return r.status();
    *result = std::move(*r);
    touch();
    return Status::ok();
  }

  int chapter_ = 1;
  uint64_t version_ = 1;
  CommandRegistry* registry_ = nullptr;
  AppContext* ctx_ = nullptr;

  lecture::ImageDistance distance_;
  lecture::LinearScores linear_;
  lecture::SoftmaxExample softmax_;
  lecture::SvmExample svm_;
  lecture::RegularizationExample reg_;
  lecture::FiniteDifference fd_;
  lecture::TorchLinear torch_;
  lecture::MomentumForms momentum_;
  lecture::LayersExample layers_;

  DataSlot images_;  // fashion-mnist (or another image set): chapters 1, 2 and 8
  DataSlot toy_;     // the spiral: chapter 3
  int images_version_ = -1, toy_version_ = -1;
  int pixel_index_ = 0;
  std::string images_want_;  // an image set asked for and not loaded yet ("" = none)
  std::string data_note_;
  bool waiting_images_ = false, waiting_toy_ = false;  // a load answered "downloading"
  bool tried_images_ = false, tried_toy_ = false;
  std::unique_ptr<lecture::PixelsExample> pixels_;
  int knn_queries_ = 100;
  std::unique_ptr<lecture::KnnTimer> timer_;
  lecture::ChooseKInputs cv_in_;
  std::unique_ptr<lecture::ChooseK> cv_;
  lecture::BatchComparisonDesc batch_desc_;
  std::unique_ptr<lecture::BatchComparison> batch_;
};

}  // namespace descent::ui
