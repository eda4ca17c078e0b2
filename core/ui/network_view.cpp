// network_view.cpp: a multi-layer perceptron (hidden Linear layers with ReLU / tanh / sigmoid and
// optional dropout, then class scores with softmax cross-entropy) trained by backprop and
// mini-batch descent. On 2-D data the decision boundary is re-drawn every few steps from a snapshot
// of the weights, so it visibly bends around the spiral; on images a validation confusion matrix is
// measured at each epoch's end. Loss and accuracy curves (train / val per epoch, loss per step).
#include <algorithm>
#include <cstdio>
#include <sstream>

#include <imgui.h>

#include "core/ui/classifier_settings.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/colormap.h"
#include "core/ui/curve_export.h"
#include "core/ui/data_picker.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/trainer_view.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

const char* kMlpHelp =
    "A neural network stacks linear layers with a non-linearity between them: h = act(W1 x + b1), "
    "s = W2 h + b2, ... Each hidden unit bends the input space a little; together they can carve "
    "any shape of decision region, which a single linear layer cannot (compare the spiral in the linear "
    "view). Backprop computes every layer's gradient by the chain rule, from the loss back to the input.";
const char* kActivationHelp =
    "ReLU max(0, z) is the default: cheap, and its gradient does not vanish for positive inputs (but a unit "
    "that is always negative stops learning). tanh squashes to (-1, 1), zero-centred; sigmoid to (0, 1), "
    "whose gradient is at most 1/4 and vanishes when saturated, which slows deep networks down.";
const char* kDropoutHelp =
    "Dropout sets each hidden unit to zero with probability p during training (and scales the rest by "
    "1/(1-p), 'inverted dropout'), so the network cannot rely on any single unit: a regulariser. At test "
    "time every unit is used, no scaling needed.";
const char* kConfusionHelp =
    "Row = true class, column = predicted class, each cell the number of validation images (test images after a "
    "final evaluation); the diagonal holds the "
    "correct ones. Off-diagonal cells show which classes the network mixes up (on Fashion-MNIST: shirt, "
    "T-shirt, pullover and coat).";

class NetworkView : public View {
 public:
  NetworkView() {
    trainer_.desc = settings_.train;
    data_.choice = settings_.seeded_data();
  }
  ~NetworkView() override {
    if (registry_) remove_curve_source(*registry_, "network");
  }

  const char* name() const override { return "network"; }
  const char* title() const override { return "Neural network"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    registry_ = &r;
    r.add("network",
          "network [" + network_schema().usage() + "]: build the MLP (restarts training) | network train [EPOCHS] (play) | network pause | network "
              "step [N] | network reset | network test (the final evaluation on the test set, counted) | network confusion (measure the validation set now) | network export csv|json FILE",
          [this](const CommandArgs& a) { return command(a); });
    add_curve_source(r, curves());
  }

  // This view's training curves, for `export curves` and `network export`.
  CurveSource curves() {
    return {"network", [this] { return trainer_.curves_csv(); }, [this] { return trainer_.curves_json().dump(1); },
            [this] { return last_active_; }, [this] { return ctx_; }};
  }

  Status command(const CommandArgs& a) {
    if (a.words.empty()) {
      ClassifierSettings n = settings_;
      if (Status s = apply_options(network_schema(), n, a); !s) return s;
      return use_settings(n);
    }
    if (Status s = ensure_ready(); !s) return s;
    const std::string& sub = a.words[0];
    if (sub == "train") {
      Result<int> epochs = a.optional_word_integer(1, "EPOCHS", 0, 1, 1000000);
      if (!epochs) return epochs.status();
      trainer_.play(*epochs);
      touch();
      return Status::ok();
    }
    if (sub == "step") {
      Result<int> n = a.optional_word_integer(1, "N", 1, 1, 1000000);
      if (!n) return n.status();
      touch();
      Status s = trainer_.step(*n, ctx_);  // the rest over frames, busy() meanwhile
      trainer_.settle();
      note_step_time();
      return s;
    }
    if (sub == "pause") {
      trainer_.pause();
      return Status::ok();
    }
    if (sub == "reset") return restart();
    if (sub == "test") {  // the final evaluation: the test set, counted
      trainer_.evaluate_test();
      trainer_.settle();
      return Status::ok();
    }
    if (sub == "confusion") {
      trainer_.evaluate_now();
      trainer_.settle();
      return Status::ok();
    }
    if (sub == "export") {
      if (a.words.size() != 3) return make_error(ErrorCode::Usage, "network export: usage: network export csv|json FILE");
      return save_curves(curves(), a.words[1], a.words[2], "network export");
    }
    return make_error(ErrorCode::Usage, "network: unknown sub-command '" + sub +
                                            "'; use train, pause, step, reset, test, confusion, export or key=value settings");
  }

  void update(AppContext& ctx) override {
    ctx_ = &ctx;
    if (!trainer_.ready() && !tried_) ctx.check(ensure_ready());
    const long before = trainer_.session() ? trainer_.session()->steps() : 0;
    trainer_.update(ctx);
    if (trainer_.session() && trainer_.session()->steps() != before) {
      touch();
      note_step_time();
    }
  }

  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    const DataSplits* d = data_.get();
    TrainerPanels p;
    p.setup = [&] {
      if (data_.draw(ctx)) {
        settings_.data = data_.choice;
        ctx.check(restart());
      }
      if (!layout::compact()) ImGui::SameLine();
      ImGui::TextDisabled("%s", data_.describe().c_str());
      draw_settings(ctx);
    };
    p.controls = [&] { trainer_.draw_controls(ctx, [this, &ctx] { ctx.check(restart()); }); };
    p.ready = d && trainer_.ready();
    p.picture = {trainer_.is_2d() ? "regions" : "confusion matrix", [&] { draw_picture(); }};
    p.side = {{"Curves", [&] {
                 ImGui::TextUnformatted(architecture_text(*d).c_str());
                 help_marker(kMlpHelp);
                 const ImVec2 rest = ImGui::GetContentRegionAvail();
                 trainer_.draw_curves(rest.x, std::max(160.0f, rest.y));
               }}};
    draw_trainer_panels(p, &compact_tab_);
  }

  void draw_picture() {
    if (trainer_.is_2d()) {
      const ImVec2 a = ImGui::GetContentRegionAvail();
      const float side = std::min(a.x, a.y - ImGui::GetFrameHeightWithSpacing());
      trainer_.draw_regions("regions", side);
      ImGui::Checkbox("decision regions", &trainer_.regions);
      ImGui::SameLine();
      ImGui::TextDisabled("re-drawn every few steps; discs train, rings test");
    } else {
      ImGui::AlignTextToFramePadding();
      ImGui::Text("confusion matrix, %s set, epoch %d", trainer_.confusion_set().c_str(), trainer_.confusion_epoch());
      help_marker(kConfusionHelp);
      ImGui::SameLine();
      if (ImGui::SmallButton("measure now")) trainer_.evaluate_now();
      const ImVec2 a = ImGui::GetContentRegionAvail();
      trainer_.draw_confusion(std::min(a.x / 1.25f, a.y - ImGui::GetTextLineHeightWithSpacing()));
    }
  }

  const char* key_meaning(KeyAction a) const override { return trainer_key_meaning(a); }
  bool on_key(KeyAction a, AppContext& ctx) override {
    return trainer_on_key(trainer_, a, ctx, [this] { return ensure_ready(); }, [this] { return restart(); });
  }

  bool busy() const override { return trainer_.busy(); }
  std::vector<settings::Spec> setting_specs() const override { return specs_of(network_schema()); }

  void state(nlohmann::json& out) const override {
    data_.state(out);
    out["settings"] = settings_json(network_schema(), settings_);
    out["seconds_per_step"] = step_times_.json();  // each device's mean over its last run
    out["active"] = trainer_.ready();
    const ModelDesc& m = trainer_.desc.model;
    out["hidden"] = hidden_layers(m);
    out["activation"] = activation_name(m.activation);
    out["dropout"] = m.dropout;
    out["reg"] = regularizer_name(m.reg.kind);
    out["lambda"] = m.reg.lambda;
    out["params"] = trainer_.num_params();
    nlohmann::json t;
    trainer_.state(t);
    out["training"] = t;
  }

 private:
  void touch() { last_active_ = ctx_ ? ctx_->now() : 0.0; }
  void note_step_time() {
    if (trainer_.seconds_per_step() > 0) step_times_.record(settings_.device.device, trainer_.seconds_per_step());
  }

  Status ensure_ready() {
    tried_ = true;
    if (!data_.get())
      if (Status s = data_.load(ctx_); !s) return s;
    if (!trainer_.ready()) return restart();
    return Status::ok();
  }

  Status restart() {
    const DataSplits* d = data_.get();
    if (!d) return make_error(ErrorCode::Usage, "network: no data loaded");
    if (!speed_set_ || last_was_image_ != d->train.is_image()) {
      trainer_.steps_per_frame = d->train.is_image() ? 0 : 10;
      speed_set_ = true;
      last_was_image_ = d->train.is_image();
    }
    return trainer_.reset(data_.shared());
  }

  std::string architecture_text(const DataSplits& d) const {
    std::ostringstream o;
    const ModelDesc& m = trainer_.desc.model;
    o << d.train.dim();
    for (int h : hidden_layers(m)) o << " -> " << h << " " << activation_name(m.activation);
    o << " -> " << d.train.num_classes << " scores";
    if (trainer_.ready()) o << "   (" << trainer_.num_params() << " parameters)";
    return o.str();
  }

  // Takes new settings: the data (loaded, or the error and nothing changes), then a fresh run.
  Status use_settings(const ClassifierSettings& n) {
    // The device first: gl where there is none is refused before anything changes.
    compute::ComputeDevice* device = nullptr;
    if (n.device.device != compute::DeviceKind::CPU) {
      if (Status s = ComputeDevices::check_choice(ctx_ ? &ctx_->devices : nullptr, n.device.device, "network"); !s)
        return s;
      Result<compute::ComputeDevice*> d = ctx_->devices.get(n.device.device);
      if (!d) return make_error(ErrorCode::Usage, "network: " + d.status().message);
      device = *d;
    }
    if (Status s = data_.pick(ctx_, n.seeded_data()); !s) return s;
    settings_ = n;
    trainer_.desc = n.train;
    trainer_.device = device;
    return restart();
  }

  void draw_settings(AppContext& ctx) {
    const float fs = ImGui::GetFontSize();
    ClassifierSettings n = settings_;
    bool changed = settings_row(ctx, network_schema(), n, {"hidden"}, fs * 6);
    help_marker(
        "The widths of the hidden layers, comma separated: '64' is one hidden layer of 64 units, '64,64' two. "
        "Press Enter to rebuild the network (training restarts from the same seed).");
    ImGui::SameLine();
    changed = settings_row(ctx, network_schema(), n, {"activation"}, fs * 5.5f) || changed;
    help_marker(kActivationHelp);
    ImGui::SameLine();
    changed = settings_row(ctx, network_schema(), n, {"dropout"}, fs * 5) || changed;
    help_marker(kDropoutHelp);
    ImGui::SameLine(0, fs);
    changed = settings_row(ctx, network_schema(), n, {"init", "reg", "lambda", "beta"}, fs * 5.5f) || changed;
    changed = settings_row(ctx, network_schema(), n, {"optimizer", "lr", "momentum", "beta1", "beta2", "batch", "seed"},
                           fs * 5) || changed;
    help_marker(kOptimizerHelp);
    // Where the steps run, and each device's mean time per step over its last run.
    changed = settings_row(ctx, network_schema(), n, {"device"}, fs * 4) || changed;
    ImGui::SameLine();
    const std::string times = step_times_.label();
    if (!ctx.devices.available(compute::DeviceKind::GL))
      ImGui::TextDisabled("%s%s(%s)", times.empty() ? "" : ("per step, " + times).c_str(), times.empty() ? "" : "  ",
                          ctx.devices.gl_note().c_str());
    else if (!times.empty())
      ImGui::TextDisabled("per step, %s", times.c_str());
    if (changed) ctx.check(use_settings(n));
  }

  AppContext* ctx_ = nullptr;
  CommandRegistry* registry_ = nullptr;
  DataSlot data_;
  ClassifierSettings settings_ = network_schema().defaults();
  DeviceTimes step_times_;  // seconds per training step, each device's last run
  ClassifierTrainer trainer_;
  bool tried_ = false, speed_set_ = false, last_was_image_ = false;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)
  double last_active_ = -1;
};

}  // namespace

std::unique_ptr<View> make_network_view() { return std::make_unique<NetworkView>(); }

}  // namespace descent::ui
