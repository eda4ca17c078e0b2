// linear_view.cpp: the linear classifier f(x) = Wx + b (W is (C, D), b is (C)), trained with the
// softmax cross-entropy or the multiclass SVM hinge loss plus a regulariser. Shows the decision
// regions and each class's score line on 2-D data; on images, W's rows reshaped to the image as
// class templates. One chosen example's scores, probabilities or margins and loss are tabled;
// loss and accuracy curves below. Training runs a few steps per frame (classifier_trainer.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "core/ui/classifier_settings.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/colormap.h"
#include "core/ui/curve_export.h"
#include "core/ui/data_picker.h"
#include "core/ui/image_grid.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/trainer_view.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

const char* kLinearHelp =
    "A linear classifier computes one score per class, s = W x + b: row c of W (C x D) is a template that "
    "is compared with the input by a dot product, b shifts each class's score. On 2-D data each class's "
    "score is zero on a line (dashed; the arrow points to higher scores) and the decision regions are "
    "convex wedges: the spiral cannot be separated.";
const char* kSoftmaxHelp =
    "Softmax turns scores into probabilities p_j = exp(s_j) / sum_k exp(s_k); the cross-entropy loss of an "
    "example is -ln p_y of its true class y, with the natural logarithm (base e, as Torch's "
    "nn.CrossEntropyCriterion and PyTorch compute it): 0 when certain and right, large when confidently wrong. "
    "(A widely copied slide writes -log(0.13) = 0.89: that is the base-10 logarithm; the Lecture view's "
    "chapter 5 computes both.) "
    "The multiclass SVM (hinge) loss is sum over j != y of max(0, s_j - s_y + 1): zero once the true class "
    "wins by a margin of 1, so it stops caring about examples already classified well.";
const char* kTemplatesHelp =
    "Each row of W has one weight per pixel; reshaped to the image it shows what the class's score responds "
    "to: red = a bright pixel raises the score, blue = lowers it (grayscale: the weights stretched to black "
    "and white). A single template per class must cover every pose and colour of it, hence the blurry "
    "average shapes. Regularisation makes them smoother. Training starts from small random weights (Torch's "
    "nn.Linear initialisation times 0.01), so what you see was learned.";

class LinearView : public View {
 public:
  LinearView() {
    trainer_.desc = settings_.train;
    data_.choice = settings_.seeded_data();
    trainer_.init_scale = 0.01;  // small random W, so the templates show what is learned
  }
  ~LinearView() override {
    if (registry_) remove_curve_source(*registry_, "linear");
  }

  const char* name() const override { return "linear"; }
  const char* title() const override { return "Linear classifier"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    registry_ = &r;
    r.add("linear",
          "linear [" + linear_schema().usage() + "]: set up the linear classifier (restarts training) | linear train [EPOCHS] (play; all epochs if "
              "none) | linear step [N] | linear pause | linear reset | linear test (the final evaluation on the test set, counted) | linear example INDEX (training example "
              "whose scores are tabled) | linear export csv|json FILE",
          [this](const CommandArgs& a) { return command(a); });
    add_curve_source(r, curves());
  }

  // This view's training curves, for `export curves` and `linear export`.
  CurveSource curves() {
    return {"linear", [this] { return trainer_.curves_csv(); }, [this] { return trainer_.curves_json().dump(1); },
            [this] { return last_active_; }, [this] { return ctx_; }};
  }

  Status command(const CommandArgs& a) {
    if (a.words.empty()) {
      ClassifierSettings n = settings_;
      if (Status s = apply_options(linear_schema(), n, a); !s) return s;
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
      templates_step_ = -1;
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
    if (sub == "example") {
      Result<int> i = a.word_integer(1, "INDEX (a training example)", 0, data_.get()->train.size() - 1);
      if (!i) return i.status();
      example_ = *i;
      example_image_.clear();
      return Status::ok();
    }
    if (sub == "export") {
      if (a.words.size() != 3) return make_error(ErrorCode::Usage, "linear export: usage: linear export csv|json FILE");
      return save_curves(curves(), a.words[1], a.words[2], "linear export");
    }
    return make_error(ErrorCode::Usage, "linear: unknown sub-command '" + sub +
                                            "'; use train, step, pause, reset, test, example, export or key=value settings");
  }

  void update(AppContext& ctx) override {
    ctx_ = &ctx;
    if (!trainer_.ready() && !tried_) ctx.check(ensure_ready());
    const long before = trainer_.session() ? trainer_.session()->steps() : 0;
    trainer_.update(ctx);
    if (trainer_.session() && trainer_.session()->steps() != before) touch();
    refresh_example();
  }

  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    const DataSplits* d = data_.get();
    TrainerPanels p;
    p.setup = [&] { draw_setup(ctx); };
    p.controls = [&] { trainer_.draw_controls(ctx, [this, &ctx] { ctx.check(restart()); }); };
    p.ready = d && trainer_.ready();
    p.picture = {trainer_.is_2d() ? "regions" : "templates", [&] { draw_picture(*d); }};
    p.side = {{"Example", [&] { draw_example(*d); }},
              {"Curves", [&] {
                 const ImVec2 rest = ImGui::GetContentRegionAvail();
                 trainer_.draw_curves(rest.x, std::max(160.0f, rest.y));
               }}};
    draw_trainer_panels(p, &compact_tab_);
  }

  void draw_setup(AppContext& ctx) {
    if (data_.draw(ctx)) {
      settings_.data = data_.choice;
      ctx.check(restart());
    }
    if (!layout::compact()) ImGui::SameLine();
    ImGui::TextDisabled("%s", data_.describe().c_str());
    draw_settings(ctx);
  }

  void draw_picture(const DataSplits& d) {
    if (trainer_.is_2d())
      draw_plane_with_lines(d);
    else
      draw_templates(d);
  }

  const char* key_meaning(KeyAction a) const override { return trainer_key_meaning(a); }
  bool on_key(KeyAction a, AppContext& ctx) override {
    return trainer_on_key(trainer_, a, ctx, [this] { return ensure_ready(); }, [this] { return restart(); });
  }

  bool busy() const override { return trainer_.busy(); }
  std::vector<settings::Spec> setting_specs() const override { return specs_of(linear_schema()); }

  void state(nlohmann::json& out) const override {
    data_.state(out);
    out["settings"] = settings_json(linear_schema(), settings_);
    out["active"] = trainer_.ready();
    const TrainDesc& d = trainer_.desc;
    out["model"] = model_name(d.model.kind);
    out["loss"] = d.model.kind == ModelKind::SVM ? "hinge" : "softmax";
    out["reg"] = regularizer_name(d.model.reg.kind);
    out["lambda"] = d.model.reg.lambda;
    nlohmann::json t;
    trainer_.state(t);
    out["training"] = t;
    if (ex_.index >= 0) {
      out["example"] = {{"index", ex_.index}, {"label", ex_.label}, {"predicted", ex_.pred}, {"scores", ex_.scores},
                        {ex_.svm ? "margins" : "probabilities", ex_.terms}, {"data_loss", ex_.data_loss},
                        {"reg_loss", ex_.reg_loss}, {"loss", ex_.data_loss + ex_.reg_loss}, {"step", ex_.step}};
      if (trainer_.is_2d()) out["example"]["screen"] = {example_screen_.x, example_screen_.y};
    }
    out["templates_shown"] = templates_.count();
    if (templates_drawn_) out["templates_rect"] = {templates_rect_.x, templates_rect_.y, templates_rect_.z, templates_rect_.w};
  }

 private:
  void touch() { last_active_ = ctx_ ? ctx_->now() : 0.0; }

  Status ensure_ready() {
    tried_ = true;
    if (!data_.get())
      if (Status s = data_.load(ctx_); !s) return s;
    if (!trainer_.ready()) return restart();
    return Status::ok();
  }

  Status restart() {
    const DataSplits* d = data_.get();
    if (!d) return make_error(ErrorCode::Usage, "linear: no data loaded");
    // Slow enough on 2-D data to watch the regions move, as fast as possible on images; a user's
    // choice of speed is kept until the kind of data changes.
    if (!speed_set_ || last_was_image_ != d->train.is_image()) {
      trainer_.steps_per_frame = d->train.is_image() ? 0 : 4;
      speed_set_ = true;
      last_was_image_ = d->train.is_image();
    }
    if (Status s = trainer_.reset(data_.shared()); !s) return s;
    if (example_ >= d->train.size()) example_ = 0;
    templates_step_ = -1;
    example_image_.clear();
    return Status::ok();
  }

  // Takes new settings: the data (loaded, or the error and nothing changes), then a fresh run.
  Status use_settings(const ClassifierSettings& n) {
    if (Status s = data_.pick(ctx_, n.seeded_data()); !s) return s;
    settings_ = n;
    trainer_.desc = n.train;
    return restart();
  }

  void draw_settings(AppContext& ctx) {
    const float fs = ImGui::GetFontSize();
    ClassifierSettings n = settings_;
    bool changed = settings_row(ctx, linear_schema(), n, {"model", "reg", "lambda", "beta"}, fs * 5.5f);
    help_marker(kSoftmaxHelp);
    ImGui::SameLine(0, fs);
    changed = settings_row(ctx, linear_schema(), n, {"optimizer", "lr", "momentum", "beta1", "beta2", "batch", "seed"},
                           fs * 5) || changed;
    help_marker(kOptimizerHelp);
    if (changed) ctx.check(use_settings(n));
  }

  void draw_plane_with_lines(const DataSplits& d) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x, avail.y - ImGui::GetFrameHeightWithSpacing());
    PlaneDrawing p = trainer_.draw_regions("regions", side);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Network<float>& net = trainer_.session()->network();
    const float* W = net.params().value_of(0);  // W1 (C, 2)
    const float* b = net.params().value_of(1);  // b1 (C)
    dl->PushClipRect(p.p0, p.p1, true);
    if (show_lines_) {
      for (int c = 0; c < d.train.num_classes; ++c) {
        const float w0 = W[c * 2], w1 = W[c * 2 + 1], bc = b[c];
        const float n2 = w0 * w0 + w1 * w1;
        if (n2 < 1e-12f) continue;
        // The line w.x + b = 0: its point nearest the box centre, and its direction.
        const float cx = 0.5f * (p.box.x0 + p.box.x1), cy = 0.5f * (p.box.y0 + p.box.y1);
        const float t = -(w0 * cx + w1 * cy + bc) / n2;
        const float px = cx + t * w0, py = cy + t * w1;
        // Unit direction along the line; long enough to cross the whole box.
        const float inv = 1.0f / std::sqrt(n2);
        const float dx = -w1 * inv, dy = w0 * inv;
        const float len = 1.5f * (p.box.x1 - p.box.x0);
        const ImVec2 a = p.to_screen(px - dx * len, py - dy * len), e = p.to_screen(px + dx * len, py + dy * len);
        const uint32_t col = class_color(c);
        for (int k = 0; k < 60; k += 2) {  // dashed
          const float u0 = k / 60.0f, u1 = (k + 1) / 60.0f;
          dl->AddLine(ImVec2(a.x + (e.x - a.x) * u0, a.y + (e.y - a.y) * u0),
                      ImVec2(a.x + (e.x - a.x) * u1, a.y + (e.y - a.y) * u1), IM_COL32(0, 0, 0, 200), 4.0f);
          dl->AddLine(ImVec2(a.x + (e.x - a.x) * u0, a.y + (e.y - a.y) * u0),
                      ImVec2(a.x + (e.x - a.x) * u1, a.y + (e.y - a.y) * u1), col, 2.0f);
        }
        const ImVec2 s = p.to_screen(px, py);
        const ImVec2 tip(s.x + w0 * inv * 30.0f, s.y - w1 * inv * 30.0f);
        dl->AddLine(s, tip, col, 3.0f);
        dl->AddCircleFilled(tip, 4.0f, col);
      }
    }
    // The tabled example, ringed.
    if (example_ < d.train.size()) {
      const ImVec2 e = p.to_screen(d.train.X(example_, 0), d.train.X(example_, 1));
      dl->AddCircle(e, 9.0f, IM_COL32(255, 255, 255, 255), 20, 2.5f);
      example_screen_ = e;
    }
    dl->PopClipRect();
    if (p.clicked) {
      // Pick the training example nearest the click.
      float best = 1e30f;
      for (int i = 0; i < d.train.size(); ++i) {
        const float dx = d.train.X(i, 0) - p.mouse_x, dy = d.train.X(i, 1) - p.mouse_y;
        if (dx * dx + dy * dy < best) {
          best = dx * dx + dy * dy;
          example_ = i;
        }
      }
    }
    ImGui::Checkbox("score lines", &show_lines_);
    help_marker(kLinearHelp);
    ImGui::SameLine();
    ImGui::TextDisabled("click a point to table its scores");
  }

  void draw_templates(const DataSplits& d) {
    const Network<float>& net = trainer_.session()->network();
    const Dataset& t = d.train;
    const int C = t.num_classes, D = t.dim();
    ++frames_since_templates_;
    if (templates_step_ != trainer_.session()->steps() && (frames_since_templates_ >= 10 || templates_step_ < 0)) {
      const float* W = net.params().value_of(0);
      std::vector<const float*> rows;
      for (int c = 0; c < C; ++c) rows.push_back(W + static_cast<size_t>(c) * D);
      const ImageStyle style = template_style_ == 0 ? ImageStyle::Diverging : ImageStyle::Normalized;
      templates_.build(rows, t.height, t.width, t.channels, style);
      templates_step_ = trainer_.session()->steps();
      frames_since_templates_ = 0;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::Text("rows of W (%d x %d) as %dx%d templates", C, D, t.height, t.width);
    help_marker(kTemplatesHelp);
    ImGui::SameLine();
    ImGui::RadioButton("red/blue", &template_style_, 0);
    ImGui::SameLine();
    ImGui::RadioButton(t.channels == 3 ? "colour" : "grey", &template_style_, 1);
    if (last_style_ != template_style_) templates_step_ = -1;
    last_style_ = template_style_;
    // The column count that makes the templates largest in the space left (captions included).
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float fs = ImGui::GetFontSize(), caption = ImGui::GetTextLineHeightWithSpacing() + 8.0f;
    int cols = 1;
    float side = 0;
    for (int k = 1; k <= C; ++k) {
      const int rows = (C + k - 1) / k;
      const float sd = std::min((avail.x - 8.0f * (k - 1)) / k, (avail.y - fs - rows * caption) / rows);
      if (sd > side) {
        side = sd;
        cols = k;
      }
    }
    side = std::max(24.0f, std::min(side, fs * 12));
    const ImVec2 start = ImGui::GetCursorScreenPos();
    for (int c = 0; c < C; ++c) {
      if (c % cols != 0) ImGui::SameLine(0, 8);
      ImGui::BeginGroup();
      templates_.image(c, side);
      const std::string name = class_name(t, c);
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
      ImGui::TextUnformatted(name.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
    }
    const ImVec2 end = ImGui::GetItemRectMax();
    templates_rect_ = ImVec4(start.x, start.y, end.x, end.y);
    templates_drawn_ = true;
  }

  // The chosen example's scores, per-class terms and loss under the current weights (one forward
  // of one row; redone when the weights or the example change).
  void refresh_example() {
    const DataSplits* d = data_.get();
    if (!d || !trainer_.ready()) return;
    const Dataset& t = d->train;
    if (example_ >= t.size()) example_ = 0;
    const long step = trainer_.session()->steps();
    if (step == ex_.step && example_ == ex_.index && trainer_.session() == ex_.session) return;
    Network<float>& net = trainer_.session()->network();
    const int C = t.num_classes;
    const float* x = t.X.row(example_);
    const int y = t.y[size_t(example_)];
    const Matrix<float>& S = net.forward(x, 1);
    ex_.scores.assign(S.row(0), S.row(0) + C);
    const LossValue lv = net.loss(x, &y, 1);
    ex_.svm = trainer_.desc.model.kind == ModelKind::SVM;
    ex_.terms.assign(static_cast<size_t>(C), 0.0);
    const std::vector<double>& sc = ex_.scores;
    if (ex_.svm) {
      for (int j = 0; j < C; ++j) ex_.terms[size_t(j)] = j == y ? 0.0 : std::max(0.0, sc[size_t(j)] - sc[size_t(y)] + 1.0);
    } else {
      const double m = *std::max_element(sc.begin(), sc.end());
      double z = 0;
      for (double v : sc) z += std::exp(v - m);
      for (int j = 0; j < C; ++j) ex_.terms[size_t(j)] = std::exp(sc[size_t(j)] - m) / z;
    }
    ex_.index = example_;
    ex_.label = y;
    ex_.pred = static_cast<int>(std::max_element(sc.begin(), sc.end()) - sc.begin());
    ex_.data_loss = lv.data;
    ex_.reg_loss = lv.reg;
    ex_.step = step;
    ex_.session = trainer_.session();
  }

  void draw_example(const DataSplits& d) {
    refresh_example();
    const Dataset& t = d.train;
    const int C = t.num_classes;
    const int y = ex_.label;
    const bool svm = ex_.svm;
    ImGui::Text("training example %d, true class %s", example_, class_name(t, y).c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    int e = example_;
    if (ImGui::InputInt("##example", &e)) {
      example_ = std::clamp(e, 0, t.size() - 1);
      example_image_.clear();
      refresh_example();
    }
    if (t.is_image()) {
      if (example_image_.count() == 0)
        example_image_.build({t.X.row(example_)}, t.height, t.width, t.channels, ImageStyle::Pixels);
      example_image_.image(0, ImGui::GetFontSize() * 5.5f);
      ImGui::SameLine();
    }
    // Columns as wide as their widest cell, so no class name is cut.
    const char* term_header = svm ? "max(0, s_j - s_y + 1)" : "softmax p_j";
    float w_class = 0;
    for (int j = 0; j < C; ++j) w_class = std::max(w_class, ImGui::CalcTextSize((class_name(t, j) + " (true) <").c_str()).x);
    const float w_score = ImGui::CalcTextSize("score s_j ").x, w_term = ImGui::CalcTextSize(term_header).x;
    const float pad = ImGui::GetStyle().CellPadding.x * 2 + 2;
    const float table_w = w_class + w_score + w_term + 3 * pad + ImGui::GetStyle().ScrollbarSize;
    const float table_h =
        std::min(ImGui::GetContentRegionAvail().y * 0.45f, (C + 1.5f) * ImGui::GetTextLineHeightWithSpacing());
    if (ImGui::BeginTable("scores", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY,
                          ImVec2(table_w, table_h))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("class", ImGuiTableColumnFlags_WidthFixed, w_class);
      ImGui::TableSetupColumn("score s_j", ImGuiTableColumnFlags_WidthFixed, w_score);
      ImGui::TableSetupColumn(term_header, ImGuiTableColumnFlags_WidthFixed, w_term);
      ImGui::TableHeadersRow();
      for (int j = 0; j < C && j < static_cast<int>(ex_.scores.size()); ++j) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const ImVec4 col = ImGui::ColorConvertU32ToFloat4(class_color(j));
        ImGui::TextColored(col, "%s%s%s", class_name(t, j).c_str(), j == y ? " (true)" : "", j == ex_.pred ? " <" : "");
        ImGui::TableNextColumn();
        ImGui::Text("%+.3f", ex_.scores[size_t(j)]);
        ImGui::TableNextColumn();
        if (svm && j == y)
          ImGui::TextDisabled("-");
        else
          ImGui::Text("%.3f", ex_.terms[size_t(j)]);
      }
      ImGui::EndTable();
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (svm) {
      ImGui::TextUnformatted("hinge loss = sum of margins");
      ImGui::Text("  = %.4f", ex_.data_loss);
    } else if (y >= 0 && y < static_cast<int>(ex_.terms.size())) {
      ImGui::TextUnformatted("cross-entropy = -ln p_y (natural log)");
      ImGui::Text("  = -ln %.3f = %.4f", ex_.terms[size_t(y)], ex_.data_loss);
    }
    ImGui::Text("+ lambda R(W) = %.4f", ex_.reg_loss);
    ImGui::Text("= total %.4f", ex_.data_loss + ex_.reg_loss);
    ImGui::Text("predicted: %s %s", class_name(t, ex_.pred).c_str(), ex_.pred == y ? "(right)" : "(wrong)");
    ImGui::TextDisabled("< marks the highest score");
    ImGui::EndGroup();
  }

  struct ExampleInfo {
    int index = -1, label = 0, pred = 0;
    long step = -1;
    const void* session = nullptr;
    bool svm = false;
    std::vector<double> scores, terms;
    double data_loss = 0, reg_loss = 0;
  };

  AppContext* ctx_ = nullptr;
  CommandRegistry* registry_ = nullptr;
  DataSlot data_;
  ClassifierSettings settings_ = linear_schema().defaults();
  ClassifierTrainer trainer_;
  bool tried_ = false, show_lines_ = true;
  double last_active_ = -1;
  int example_ = 0;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)
  ImageAtlas templates_, example_image_;
  long templates_step_ = -1;
  int frames_since_templates_ = 0, template_style_ = 0;
  ImVec4 templates_rect_{0, 0, 0, 0};
  bool templates_drawn_ = false;
  ImVec2 example_screen_{0, 0};
  ExampleInfo ex_;
  int last_style_ = -1;
  bool last_was_image_ = false, speed_set_ = false;
};

}  // namespace

std::unique_ptr<View> make_linear_view() { return std::make_unique<LinearView>(); }

}  // namespace descent::ui
