// gradcheck_view.cpp: the lecture's gradient check: backprop's analytic gradient against central
// differences (L(w+h) - L(w-h)) / 2h, in double precision, on a few examples, per parameter tensor:
// checked and kink-skipped counts, the worst coordinate's two values and relative error, a few
// sampled coordinates, and pass/fail against 1e-6. Runs a few coordinates per frame
// (GradientChecker, core/nn/gradcheck.h), so even an MLP on images never freezes the window.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include <memory>

#include "core/nn/gradcheck.h"
#include "core/nn/gradcheck_settings.h"
#include "core/nn/model_settings.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/data_picker.h"
#include "core/ui/plot.h"
#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/layout.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kSamplesShown = 6;  // sampled coordinates listed per tensor

// The view's settings: the data, the model, the check and the seed, with the view's defaults: an
// MLP 16,16 with L2 1e-3 and Torch7's nn.Linear initialisation on 4 examples of the spiral, every coordinate on 2-D data, 20 per tensor
// on images (a 784-wide W1 has tens of thousands).
struct GradcheckSettings {
  DataChoice data;
  ModelDesc model;
  GradCheckDesc check;
  uint32_t seed = 0;
};

const settings::Schema<GradcheckSettings>& view_schema() {
  static const settings::Schema<GradcheckSettings> schema = [] {
    using settings::Value;
    settings::Schema<GradcheckSettings> s("gradcheck", {});
    s.add(app_data_schema(), &GradcheckSettings::data);
    s.add(model_schema()
              .with_default("model", [](const ModelDesc&) { return Value::of_text("mlp"); })
              .with_default("hidden", [](const ModelDesc&) { return Value::of_list({16, 16}); })
              .with_default("reg", [](const ModelDesc&) { return Value::of_text("l2"); })
              .with_default("lambda", [](const ModelDesc&) { return Value::of(1e-3); })
              .with_default("init", [](const ModelDesc&) { return Value::of_text("torch"); }),
          &GradcheckSettings::model);
    s.add(gradcheck_schema().with_default("examples", [](const GradCheckDesc&) { return Value::of(4); }),
          &GradcheckSettings::check);
    settings::Setting<GradcheckSettings>* coords = s.find_mutable("coords");
    coords->fallback = [](const GradcheckSettings& g) { return Value::of(is_toy(g.data.name) ? 0 : 20); };
    coords->group = "data";  // a new kind of data takes its default
    coords->dependent = true;
    coords->default_text = "all on 2-D data, 20 on images";
    s.add(settings::number_field(
        settings::seed_spec("fixes the data (2-D sets), the initial weights and the sampled coordinates"),
        &GradcheckSettings::seed, 0));
    return s;
  }();
  return schema;
}

const char* kCheckHelp =
    "Backprop is easy to get subtly wrong, so compare it with the definition of the derivative: nudge one "
    "weight by +h and -h, evaluate the loss twice, and take (L(w+h) - L(w-h)) / 2h, whose error shrinks like "
    "h^2. Compare with the analytic gradient by the relative error |a - n| / max(|a|, |n|): in double precision "
    "a correct gradient gives about 1e-7 or less (here: pass below 1e-6); 1e-2 and above means a bug. Use "
    "double, few examples, and no regularisation first, then add it. Here the quotient is refined by "
    "Richardson extrapolation, (4 D(h/2) - D(h)) / 3, with error O(h^4), so h = 5e-3 can be used: rounding "
    "(about 1e-16 L / h) then stays far below even tiny gradients, which fail a 1e-6 test with h = 1e-5.";
const char* kKinkHelp =
    "ReLU max(0, z), the SVM hinge max(0, m) and |w| (L1) have kinks where the derivative jumps. If w - h and "
    "w + h fall on different sides of a kink, the difference quotient averages two slopes and disagrees "
    "with the (one-sided) analytic gradient, though backprop is right. Such coordinates are detected (the "
    "on/off pattern of every ReLU and hinge term differs between the two evaluations) and skipped: the "
    "'kinks' column counts them, they are not hidden.";

std::string shape_text(const ParamTensor& t) { return std::to_string(t.rows) + "x" + std::to_string(t.cols); }

class GradcheckView : public View {
 public:
  GradcheckView() { data_.choice = seeded_data(); }

  const char* name() const override { return "gradcheck"; }
  const char* title() const override { return "Gradient check"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  bool running() const { return checker_ && !checker_->done(); }
  size_t coords_done() const {
    return checker_ ? static_cast<size_t>(std::lround(checker_->progress() * double(checker_->total_coords()))) : 0;
  }

  void register_commands(CommandRegistry& r) override {
    r.add("gradcheck",
          "gradcheck [" + view_schema().usage() + " sync=1]: run the gradient check (a few coordinates per frame; "
          "sync=1 finishes at once)",
          [this](const CommandArgs& a) { return command(a); });
  }

  Status command(const CommandArgs& a) {
    GradcheckSettings n = settings_;
    if (Status s = view_schema().apply(n, a.given_except({"sync"}), "gradcheck"); !s) return s;
    if (Status s = data_.pick(ctx_, seeded_data(n)); !s) return s;
    settings_ = n;
    if (Status s = start(); !s) return s;
    // sync=1: scripts wait for it (busy()); the command's own share runs now, the rest over frames.
    sync_ = a.has("sync");
    if (sync_)
      for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; running() && (!ctx_ || ctx_->now() < end);)
        checker_->advance(2);
    return Status::ok();
  }

  void update(AppContext& ctx) override {
    ctx_ = &ctx;
    if (!started_) {  // a first check on the default model, so the view opens with a result
      started_ = true;
      if (!checker_) ctx.check(start());
    }
    // Never more than a few coordinates between two clock reads: a frame stays short.
    while (running() && ctx.time_left()) checker_->advance(2);
  }

  // One page, wide or compact (layout.h): on a phone it scrolls both ways (the table is wide).
  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    layout::Panel panel("gradient check");
    layout::begin_scroll("gradcheck_page");
    draw_page(ctx);
    layout::end_scroll();
  }

  const char* key_meaning(KeyAction a) const override {
    return a == KeyAction::Reset ? "check again from the first coordinate" : nullptr;
  }
  bool on_key(KeyAction a, AppContext& ctx) override {
    if (a != KeyAction::Reset) return false;
    ctx.check(start());
    return true;
  }

  void draw_page(AppContext& ctx) {
    if (data_.draw(ctx)) {
      settings_.data = data_.choice;
      ctx.check(start());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", data_.describe().c_str());
    draw_settings(ctx);
    ImGui::PushTextWrapPos(layout::text_wrap_pos());
    ImGui::TextUnformatted(
        "Analytic gradient (backprop) vs numerical gradient (L(w+h) - L(w-h)) / 2h, in double precision, on a few "
        "training examples. A tensor passes when its largest relative error is below 1e-6.");
    ImGui::PopTextWrapPos();
    help_marker(kCheckHelp);
    if (!checker_) {
      ImGui::TextDisabled("press Run (or: gradcheck model=mlp activation=relu)");
      return;
    }
    if (running()) {
      ImGui::ProgressBar(static_cast<float>(checker_->progress()), ImVec2(ImGui::GetFontSize() * 14, 0));
      ImGui::SameLine();
      ImGui::Text("checking %s ... %zu / %zu coordinates", checker_->rows().empty() ? "" : checker_->rows().back().param.c_str(),
                  coords_done(), checker_->total_coords());
    } else {
      int passed = 0;
      for (const GradCheckRow& r : checker_->rows()) passed += r.passed;
      int unchecked = 0;
      for (const GradCheckRow& r : checker_->rows()) unchecked += r.not_checked();
      const int failed = int(checker_->rows().size()) - passed - unchecked;
      // PASS only when every tensor was compared and passed; a tensor with nothing compared is not a pass.
      const char* verdict = failed > 0 ? "FAIL" : unchecked > 0 ? "NOT CHECKED" : "PASS";
      ImGui::TextColored(failed == 0 && unchecked == 0 ? ImVec4(0.4f, 0.9f, 0.45f, 1)
                         : failed > 0                  ? ImVec4(1, 0.4f, 0.35f, 1)
                                                       : ImVec4(1, 0.75f, 0.3f, 1),
                         "%s: %d of %zu tensors pass", verdict, passed, checker_->rows().size());
      if (unchecked > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled(" (%d not checked: every coordinate tried sat on a kink)", unchecked);
      }
      ImGui::SameLine();
      ImGui::TextDisabled("  %zu coordinates, %d examples, h = %.0e", checker_->total_coords(), examples_used_,
                          settings_.check.h);
    }
    draw_table();
    draw_kink_note();
  }

  bool busy() const override { return sync_ && running(); }
  std::vector<settings::Spec> setting_specs() const override { return specs_of(view_schema()); }

  void state(nlohmann::json& out) const override {
    data_.state(out);
    out["settings"] = settings_json(view_schema(), settings_);
    out["active"] = checker_ != nullptr;
    const ModelDesc& model = settings_.model;
    out["model"] = model_name(model.kind);
    out["activation"] = activation_name(model.activation);
    out["hidden"] = hidden_layers(model);
    out["reg"] = regularizer_name(model.reg.kind);
    out["lambda"] = model.reg.lambda;
    out["dropout"] = model.dropout;
    out["examples"] = examples_used_;
    out["h"] = settings_.check.h;
    out["threshold"] = settings_.check.threshold;
    out["running"] = running();
    out["progress"] = checker_ ? checker_->progress() : 0.0;
    out["coords_done"] = coords_done();
    out["coords_total"] = checker_ ? checker_->total_coords() : 0;
    nlohmann::json rows = nlohmann::json::array();
    bool all = checker_ && !checker_->rows().empty() && !running();
    const size_t n = checker_ ? checker_->rows().size() : 0;
    for (size_t i = 0; i < n; ++i) {
      const GradCheckRow& r = checker_->rows()[i];
      const bool done = !running() || i + 1 < n;
      nlohmann::json j = {{"param", r.param},           {"checked", r.checked}, {"kinks_skipped", r.kinks_skipped},
                          {"max_rel_error", r.max_rel_error}, {"worst_index", r.worst_index},
                          {"analytic", r.analytic},     {"numeric", r.numeric}, {"passed", r.passed},
                          {"requested", r.requested},   {"not_checked", done && r.not_checked()}, {"done", done}};
      if (i < shapes_.size()) j["shape"] = shapes_[i];
      nlohmann::json samples = nlohmann::json::array();
      if (i < checker_->samples().size())
        for (const GradCheckSample& s : checker_->samples()[i])
          samples.push_back({{"index", s.index}, {"analytic", s.analytic}, {"numeric", s.numeric},
                             {"rel_error", s.rel_error}, {"kink", s.kink}});
      j["samples"] = samples;
      rows.push_back(j);
      all = all && r.passed && !r.not_checked();
    }
    out["rows"] = rows;
    out["all_passed"] = all;
    if (table_drawn_) out["table_rect"] = {table_rect_.x, table_rect_.y, table_rect_.z, table_rect_.w};
  }

 private:
  Status start() {
    if (!data_.get())
      if (Status s = data_.load(ctx_); !s) return s;
    const DataSplits* d = data_.get();
    const Dataset& t = d->train;
    if (t.size() == 0) return make_error(ErrorCode::Usage, "gradcheck: the training set is empty");
    // Images: sample coordinates (a 784-wide W1 has tens of thousands); toy data: check them all.
    const int sample = settings_.check.max_per_tensor;
    if (Status s = check_gradient_check_memory(settings_.model, t.dim(), t.num_classes,
                                               std::min(settings_.check.examples, t.size()));
        !s)
      return s;
    Network<float> net(settings_.model, t.dim(), t.num_classes);
    net.init(settings_.seed);
    // A few examples spread over the training set (the set is class-ordered for toy data).
    const int n = std::min(settings_.check.examples, t.size());
    Matrix<double> X(n, t.dim());
    std::vector<int> y(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      const int r = static_cast<int>((static_cast<long>(i) * t.size()) / n + (t.size() / n) / 2) % t.size();
      for (int j = 0; j < t.dim(); ++j) X(i, j) = t.X(r, j);
      y[size_t(i)] = t.y[size_t(r)];
    }
    GradCheckDesc desc = settings_.check;
    desc.seed = settings_.seed + 1;
    shapes_.clear();
    dims_.clear();
    for (const ParamTensor& p : net.params().tensors) {
      shapes_.push_back(shape_text(p));
      dims_.push_back({p.rows, p.cols});
    }
    checker_ = std::make_unique<GradientChecker>(to_double(net), std::move(X), std::move(y), desc);
    checker_->kept_samples = kSamplesShown;
    examples_used_ = n;
    sample_used_ = sample;
    return Status::ok();
  }

  DataChoice seeded_data(const GradcheckSettings& g) const {
    DataChoice d = g.data;
    d.seed = g.seed;
    return d;
  }
  DataChoice seeded_data() const { return seeded_data(settings_); }

  void draw_settings(AppContext& ctx) {
    const float fs = ImGui::GetFontSize();
    GradcheckSettings n = settings_;
    bool changed = settings_row(ctx, view_schema(), n, {"model", "activation", "dropout", "reg", "lambda", "beta"},
                                fs * 5);
    ImGui::SameLine();
    changed = settings_row(ctx, view_schema(), n, {"examples", "coords", "h"}, fs * 4) || changed;
    ImGui::SameLine();
    const bool run = ImGui::Button(running() ? "Restart" : "Run");
    if (changed) {
      if (!ctx.check(data_.pick(&ctx, seeded_data(n)))) return;
      settings_ = n;
    }
    if (changed || run) ctx.check(start());
  }

  void draw_table() {
    const float fs = ImGui::GetFontSize();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingFixedFit;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    if (!ImGui::BeginTable("gradcheck", 9, flags)) return;
    ImGui::TableSetupColumn("tensor", 0, fs * 5);
    ImGui::TableSetupColumn("shape", 0, fs * 4);
    ImGui::TableSetupColumn("checked", 0, fs * 4);
    ImGui::TableSetupColumn("kinks", 0, fs * 3.2f);
    ImGui::TableSetupColumn("max rel. error", 0, fs * 11);
    ImGui::TableSetupColumn("worst at", 0, fs * 4.5f);
    ImGui::TableSetupColumn("analytic", 0, fs * 7);
    ImGui::TableSetupColumn("numerical", 0, fs * 7);
    ImGui::TableSetupColumn("result", 0, fs * 5);
    ImGui::TableHeadersRow();
    const std::vector<GradCheckRow>& rows = checker_->rows();
    for (size_t i = 0; i < rows.size(); ++i) {
      const GradCheckRow& r = rows[i];
      const bool done = !running() || i + 1 < rows.size();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      // Sampled coordinates start open when they fit on the screen (a linear model's two tensors).
      const ImGuiTreeNodeFlags tf =
          ImGuiTreeNodeFlags_SpanFullWidth | (rows.size() <= 3 ? ImGuiTreeNodeFlags_DefaultOpen : 0);
      const bool open = ImGui::TreeNodeEx(r.param.c_str(), tf);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(i < shapes_.size() ? shapes_[i].c_str() : "");
      ImGui::TableNextColumn();
      ImGui::Text("%d", r.checked);
      ImGui::TableNextColumn();
      if (r.kinks_skipped > 0)
        ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%d", r.kinks_skipped);
      else
        ImGui::TextDisabled("0");
      ImGui::TableNextColumn();
      draw_error_bar(r.max_rel_error, r.checked > 0, fs * 11);
      ImGui::TableNextColumn();
      if (r.checked > 0) text_coordinate(i, r.worst_index);
      ImGui::TableNextColumn();
      if (r.checked > 0) ImGui::Text("%+.6e", r.analytic);
      ImGui::TableNextColumn();
      if (r.checked > 0) ImGui::Text("%+.6e", r.numeric);
      ImGui::TableNextColumn();
      if (!done)
        ImGui::TextDisabled("checking");
      else if (r.passed)
        ImGui::TextColored(ImVec4(0.4f, 0.9f, 0.45f, 1), "pass");
      else
        ImGui::TextColored(ImVec4(1, 0.4f, 0.35f, 1), "FAIL");
      if (open) {
        if (i < checker_->samples().size())
          for (const GradCheckSample& s : checker_->samples()[i]) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("  ");
            ImGui::SameLine(0, 0);
            text_coordinate(i, s.index, true);
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            if (s.kink) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "kink");
            ImGui::TableNextColumn();
            if (s.kink)
              ImGui::TextDisabled("skipped");
            else
              draw_error_bar(s.rel_error, true, fs * 11);
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::Text("%+.6e", s.analytic);
            ImGui::TableNextColumn();
            ImGui::Text("%+.6e", s.numeric);
          }
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
    const ImVec2 bottom = ImGui::GetItemRectMax();
    table_rect_ = ImVec4(top.x, top.y, bottom.x, bottom.y);
    table_drawn_ = true;
  }

  // A flat index within tensor i as (row, col), the way W is written in the lecture.
  void text_coordinate(size_t i, size_t index, bool disabled = false) {
    const int cols = i < dims_.size() ? std::max(1, dims_[i].second) : 1;
    const int rows = i < dims_.size() ? dims_[i].first : 1;
    char buf[48];
    if (rows > 1)
      std::snprintf(buf, sizeof buf, "(%zu,%zu)", index / size_t(cols), index % size_t(cols));
    else
      std::snprintf(buf, sizeof buf, "[%zu]", index);
    if (disabled)
      ImGui::TextDisabled("%s", buf);
    else
      ImGui::TextUnformatted(buf);
  }

  // The relative error as a number and a bar on a log scale from 1e-16 (left) to 1 (right), with a
  // tick at the 1e-6 threshold: green below, red above.
  void draw_error_bar(double err, bool valid, float width) {
    if (!valid) {
      ImGui::TextDisabled("-");
      return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", err);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    const float text_w = fs * 4.6f;
    const float bar_w = width - text_w - 4;
    const double lg = err > 0 ? std::log10(err) : -16.0;
    const float t = static_cast<float>(std::clamp((lg + 16.0) / 16.0, 0.02, 1.0));
    const bool ok = err < settings_.check.threshold && std::isfinite(err);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a(p.x + text_w, p.y + fs * 0.2f), b(p.x + text_w + bar_w, p.y + fs * 0.85f);
    dl->AddRectFilled(a, b, IM_COL32(50, 50, 58, 255));
    dl->AddRectFilled(a, ImVec2(a.x + bar_w * t, b.y), ok ? IM_COL32(80, 200, 100, 255) : IM_COL32(230, 80, 70, 255));
    const float tx = a.x + bar_w * 10.0f / 16.0f;  // 1e-6
    dl->AddLine(ImVec2(tx, a.y - 2), ImVec2(tx, b.y + 2), IM_COL32(255, 255, 255, 220), 1.5f);
    ImGui::TextUnformatted(buf);
    ImGui::SameLine();
    ImGui::Dummy(ImVec2(bar_w, fs));
  }

  void draw_kink_note() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Kinks");
    help_marker(kKinkHelp);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(layout::text_wrap_pos());
    ImGui::TextDisabled(
        "ReLU, the SVM hinge and |w| are not differentiable at 0. Where w - h and w + h straddle such a kink the "
        "difference quotient is not the derivative, so that coordinate is skipped and counted in 'kinks', not "
        "compared. Bars: relative error on a log scale from 1e-16 to 1, white tick = the 1e-6 threshold. Click a "
        "tensor to see sampled coordinates.");
    ImGui::PopTextWrapPos();
  }

  AppContext* ctx_ = nullptr;
  DataSlot data_;
  GradcheckSettings settings_ = view_schema().defaults();
  int examples_used_ = 0, sample_used_ = 0;
  bool started_ = false;
  bool sync_ = false;  // a script waits for the check (busy())
  std::unique_ptr<GradientChecker> checker_;
  std::vector<std::string> shapes_;
  std::vector<std::pair<int, int>> dims_;  // (rows, cols) of each tensor
  ImVec4 table_rect_{0, 0, 0, 0};
  bool table_drawn_ = false;
};

}  // namespace

std::unique_ptr<View> make_gradcheck_view() { return std::make_unique<GradcheckView>(); }

}  // namespace descent::ui
