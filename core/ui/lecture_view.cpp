// lecture_view.cpp: the Lecture view, the course's ten steps in its order, one chapter at a time:
// a few sentences, the worked example computed live by the engine from inputs edited here (4x4
// pixel grids, W / x / b, scores, weight vectors, h, ...), and a button that opens the full view
// set up for the chapter. The state, the computations and the commands live in LectureModel
// (lecture_model.h, ImGui-free); this file only draws it and turns edits into model calls.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/ui/classifier_trainer.h"  // parse_widths
#include "core/ui/colormap.h"
#include "core/ui/image_grid.h"
#include "core/ui/layout.h"
#include "core/ui/lecture_model.h"
#include "core/ui/notation.h"
#include "core/ui/plot.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {
using namespace descent::lecture;

const ImVec4 kAccent(0.55f, 0.75f, 1.0f, 1.0f);
const ImVec4 kNoteColor(1.0f, 0.82f, 0.45f, 1.0f);
const ImVec4 kGood(0.55f, 0.9f, 0.55f, 1.0f);
const ImVec4 kBad(1.0f, 0.5f, 0.45f, 1.0f);

// The notation of the text drawn this frame (the app's `notation` setting, notation.h).
Notation g_notation = Notation::Lecture;

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(kAccent, "%s", notated(text, g_notation).c_str());
  ImGui::Separator();
}

void note(const std::string& text) {
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kNoteColor);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// A row of number fields, recomputed as they are typed; true when one changed.
bool edit_numbers(const char* id, std::vector<double>& v, float width, const char* fmt = "%.4g") {
  bool changed = false;
  ImGui::PushID(id);
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    ImGui::SetNextItemWidth(width);
    changed |= ImGui::InputDouble("##v", &v[i], 0, 0, fmt);
    ImGui::PopID();
  }
  ImGui::PopID();
  return changed;
}

// A (rows, cols) grid of whole-number fields 0..255; true when one changed.
bool edit_pixels(const char* id, std::vector<int>& v, int rows, int cols, float width) {
  bool changed = false;
  ImGui::PushID(id);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      if (c) ImGui::SameLine();
      ImGui::PushID(r * cols + c);
      ImGui::SetNextItemWidth(width);
      int& p = v[size_t(r * cols + c)];
      if (ImGui::InputInt("##p", &p, 0, 0)) {
        p = std::clamp(p, 0, 255);
        changed = true;
      }
      ImGui::PopID();
    }
  ImGui::PopID();
  return changed;
}

void pixel_grid_text(const std::vector<int>& v, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    std::string line;
    char buf[16];
    for (int c = 0; c < cols; ++c) {
      std::snprintf(buf, sizeof buf, "%4d", v[size_t(r * cols + c)]);
      line += buf;
    }
    ImGui::TextUnformatted(line.c_str());
  }
}

PlotSeries series(std::vector<float> x, std::vector<float> y, int color, const std::string& label, bool markers) {
  PlotSeries s;
  s.x = std::move(x);
  s.y = std::move(y);
  s.color = series_color(color);
  s.label = label;
  s.markers = markers;
  return s;
}

class LectureView : public View {
 public:
  const char* name() const override { return "lecture"; }
  const char* title() const override { return "Lecture"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }
  void register_commands(CommandRegistry& r) override { model_.register_commands(r, ctx_); }
  void update(AppContext& ctx) override {
    // Shown: drawn in the last two frames. (ImGui draws the first tab's contents once on the tab
    // bar's first frame whichever tab the app selects, and that must not start a download.)
    shown_frames_ = drawn_ ? shown_frames_ + 1 : 0;
    drawn_ = false;
    model_.update(ctx, shown_frames_ >= 2);
  }

  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    g_notation = ctx.notation;
    drawn_ = true;
    if (layout::compact()) {  // a phone: the chapter list as a menu above the page, which scrolls
      {
        layout::Panel panel("chapters");
        draw_chapter_menu();
      }
      layout::Panel panel("chapter");
      layout::begin_scroll("chapter_page");
      ImGui::PushTextWrapPos(layout::text_wrap_pos());  // the visible edge, not a wide row's
      draw_page(ctx);
      ImGui::PopTextWrapPos();
      layout::end_scroll();
      return;
    }
    const float fs = ImGui::GetFontSize();
    {
      layout::Panel panel("chapters");
      ImGui::BeginChild("chapters", ImVec2(fs * 27, 0), true);
      ImGui::TextColored(kAccent, "The lecture, step by step");
      ImGui::Separator();
      for (const Chapter& c : lecture_chapters()) {
        char label[128];
        std::snprintf(label, sizeof label, "%2d  %s", c.number, c.title);
        if (ImGui::Selectable(label, c.number == model_.chapter())) select(c.number);
      }
      ImGui::Spacing();
      draw_previous_next();
      ImGui::EndChild();
    }
    ImGui::SameLine();
    layout::Panel panel("chapter");
    ImGui::BeginChild("chapter", ImVec2(0, 0), false);
    draw_page(ctx);
    ImGui::EndChild();
  }

  void draw_previous_next() {
    if (ImGui::Button("Previous") && model_.chapter() > 1) select(model_.chapter() - 1);
    ImGui::SameLine();
    if (ImGui::Button("Next") && model_.chapter() < LectureModel::kChapters) select(model_.chapter() + 1);
  }

  // A phone's chapter picker: a menu of the chapters, then Previous / Next.
  void draw_chapter_menu() {
    const Chapter& cur = model_.current();
    char current[128];
    std::snprintf(current, sizeof current, "%d  %s", cur.number, cur.title);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##chapter", current)) {
      for (const Chapter& c : lecture_chapters()) {
        char label[128];
        std::snprintf(label, sizeof label, "%2d  %s", c.number, c.title);
        if (ImGui::Selectable(label, c.number == model_.chapter())) select(c.number);
      }
      ImGui::EndCombo();
    }
    draw_previous_next();
  }

  // The chapter itself: its text, its button into the view that shows it, its live example.
  void draw_page(AppContext& ctx) {
    const Chapter& c = model_.current();
    ImGui::TextColored(kAccent, "Chapter %d: %s", c.number, c.title);
    ImGui::Spacing();
    ImGui::TextWrapped("%s", notated(c.text, ctx.notation).c_str());
    if (ImGui::Button(LectureModel::open_label(c.number))) ctx.check(model_.open(c.number));
    const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
    open_button_ = {0.5f * (bmin.x + bmax.x), 0.5f * (bmin.y + bmax.y)};
    if (!input_error_.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kBad);
      ImGui::TextWrapped("%s", input_error_.c_str());
      ImGui::PopStyleColor();
    }
    switch (c.number) {
      case 1: draw_pixels(); break;
      case 2: draw_distance(); draw_knn_time(); break;
      case 3: draw_cv(); break;
      case 4: draw_linear(); break;
      case 5: draw_softmax(); draw_svm(); break;
      case 6: draw_regularization(); break;
      case 7: draw_finite_difference(); draw_torch(); break;
      case 8: draw_batch(); break;
      case 9: draw_momentum(); break;
      case 10: draw_layers(); break;
      default: break;
    }
    drawn_chapter_ = c.number;
  }

  // ---- the keyboard (presenter.h): ] and [ (Page Down / Up) turn the chapters, as a clicker would ------
  const char* key_meaning(KeyAction a) const override {
    if (a == KeyAction::NextChapter) return "the next chapter";
    if (a == KeyAction::PrevChapter) return "the previous chapter";
    return nullptr;
  }
  bool on_key(KeyAction a, AppContext& ctx) override {
    if (a != KeyAction::NextChapter && a != KeyAction::PrevChapter) return false;
    const int next = model_.chapter() + (a == KeyAction::NextChapter ? 1 : -1);
    if (next >= 1 && next <= LectureModel::kChapters) ctx.check(model_.set_chapter(next));
    input_error_.clear();
    return true;
  }

  std::vector<settings::Spec> setting_specs() const override { return specs_of(lecture_schema()); }

  void state(nlohmann::json& out) const override {
    model_.state(out);
    out["drawn_chapter"] = drawn_chapter_;
    out["open_button"] = {open_button_.x, open_button_.y};
    out["input_error"] = input_error_;
  }

 private:
  void select(int n) {
    ctx_->check(model_.set_chapter(n));
    input_error_.clear();
  }
  // An edit's outcome: the error stays on screen (not in the banner) until the next good edit.
  void apply(const Status& s) { input_error_ = s ? std::string() : s.message; }

  // Whether a data-driven example can be drawn; if not, why (its data is loading, or its error).
  bool ready(bool computed, const Status& status = Status::ok(), const char* waiting = "loading the images...") {
    if (!computed) {
      ImGui::TextDisabled("%s", model_.data_note().empty() ? waiting : model_.data_note().c_str());
      return false;
    }
    if (!status) ImGui::TextWrapped("%s", status.message.c_str());
    return status.is_ok();
  }

  void draw_pixels() {
    heading("The numbers of one image");
    const float fs = ImGui::GetFontSize();
    std::vector<std::string> sets = {"fashion-mnist"};
    if (!ctx_->data_dir.empty()) {
      sets.push_back("mnist");
      sets.push_back("cifar10");
    }
    ImGui::SetNextItemWidth(fs * 9);
    if (ImGui::BeginCombo("data", model_.pixels_set().c_str())) {
      for (const std::string& s : sets)
        if (ImGui::Selectable(s.c_str(), s == model_.pixels_set())) apply(model_.set_pixels(s, 0));
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    int index = model_.pixels_index();
    ImGui::SetNextItemWidth(fs * 6);
    if (ImGui::InputInt("training image", &index, 1, 10)) apply(model_.set_pixels(model_.pixels_set(), std::max(0, index)));
    const PixelsExample* p = model_.pixels();
    const DataSplits* d = model_.images();
    if (!ready(p && d)) return;
    if (atlas_version_ != model_.version()) {
      atlas_.build({d->train.X.row(p->index)}, p->height, p->width, p->channels, ImageStyle::Pixels);
      atlas_version_ = model_.version();
    }
    ImGui::BeginGroup();
    atlas_.image(0, fs * 13);
    ImGui::Text("class: %s (label %d)", p->class_name.c_str(), p->label);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("%d × %d × %d = %d numbers", p->height, p->width, p->channels, p->numbers);
    ImGui::Text("from %d (black) to %d, mean %.1f", p->min, p->max, p->mean);
    const int shown_cols = std::min(p->width, 28), shown_rows = std::min(p->height, 28);
    if (p->channels > 1 || shown_cols < p->width)
      ImGui::TextDisabled("below: channel 0 (red), the first %d x %d pixels", shown_rows, shown_cols);
    std::vector<int> ch(size_t(shown_rows) * size_t(shown_cols));
    for (int r = 0; r < shown_rows; ++r)
      for (int c = 0; c < shown_cols; ++c)
        ch[size_t(r * shown_cols + c)] = p->bytes[size_t((r * p->width + c) * p->channels)];
    pixel_grid_text(ch, shown_rows, shown_cols);
    ImGui::EndGroup();
  }

  void draw_distance() {
    heading("L1 and L2 between two 4x4 images");
    const float w = ImGui::GetFontSize() * 2.8f;
    const ImageDistance& d = model_.distance();
    std::vector<int> test = d.test, train = d.train;
    if (ImGui::BeginTable("grids", 3, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("test image");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("training image");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("|test - training|");
      ImGui::TableNextColumn();
      const bool a = edit_pixels("test", test, 4, 4, w);
      ImGui::TableNextColumn();
      const bool b = edit_pixels("train", train, 4, 4, w);
      if (a || b) apply(model_.set_images(test, train));
      ImGui::TableNextColumn();
      pixel_grid_text(model_.distance().abs_diff, 4, 4);
      ImGui::EndTable();
    }
    ImGui::Text("L1 = sum of |differences| = %ld", model_.distance().l1);
    ImGui::Text("L2 = √(sum of squared differences) = √%ld = %.2f", model_.distance().l2_squared, model_.distance().l2);
  }

  void draw_knn_time() {
    heading("Classification time against the training-set size (measured)");
    const KnnTimer* t = model_.knn_time();
    if (!ready(t != nullptr, t ? t->status() : Status::ok())) return;
    ImGui::TextWrapped("1-nearest neighbour with L1 on %s: the same %d validation images classified against the "
                       "first n training images, for each n; memorising is not timed.",
                       model_.pixels_set().c_str(), t->queries());
    if (!t->done()) ImGui::ProgressBar(static_cast<float>(t->progress()), ImVec2(ImGui::GetFontSize() * 16, 0));
    std::vector<float> x, y;
    for (const KnnTimePoint& p : t->points()) {
      x.push_back(static_cast<float>(p.train_size));
      y.push_back(static_cast<float>(p.ms_per_query));
    }
    std::vector<PlotSeries> s{series(x, y, 0, "measured", true)};
    const LineFit f = t->fit();
    if (f.points >= 2) {
      std::vector<float> fy;
      for (float n : x) fy.push_back(static_cast<float>(f.intercept + f.slope * n));
      s.push_back(series(x, fy, 1, "least-squares line", false));
    }
    PlotAxes axes;
    axes.title = "ms per query";
    axes.xlabel = "training images";
    line_plot("knn-time", ImVec2(ImGui::GetFontSize() * 30, ImGui::GetFontSize() * 13), axes, s);
    if (f.points >= 2)
      ImGui::Text("fit: %.3f ms + %.4f ms per 1000 training images (r² = %.3f)", f.intercept, 1000 * f.slope, f.r2);
    if (t->done() && ImGui::Button("Measure again")) apply(model_.set_knn_time(t->desc().queries));
  }

  void draw_cv() {
    heading("Choosing k and the distance by 5-fold cross-validation (the spiral)");
    const ChooseK* r = model_.cv();
    int folds = model_.cv_inputs().folds;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::InputInt("folds", &folds, 1, 1, ImGuiInputTextFlags_EnterReturnsTrue)) {
      ChooseKInputs in = model_.cv_inputs();
      in.folds = folds;
      apply(model_.set_cv(in));
    }
    if (!ready(r != nullptr, Status::ok(), "cross-validating...")) return;
    if (ImGui::BeginTable("cv", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("k");
      ImGui::TableSetupColumn("L1: validation accuracy");
      ImGui::TableSetupColumn("L2: validation accuracy");
      ImGui::TableHeadersRow();
      const size_t nk = r->in.ks.size();
      for (size_t i = 0; i < nk; ++i) {
        ImGui::TableNextColumn();
        ImGui::Text("%d", r->in.ks[i]);
        for (size_t m = 0; m < 2 && m * nk + i < r->table.size(); ++m) {
          const CvCell& c = r->table[m * nk + i];
          ImGui::TableNextColumn();
          const bool best = c.k == r->best_k && c.metric == r->best_metric;
          if (best) ImGui::TextColored(kGood, "%.3f ± %.3f  (chosen)", c.mean, c.stddev);
          else ImGui::Text("%.3f ± %.3f", c.mean, c.stddev);
        }
      }
      ImGui::EndTable();
    }
    ImGui::Text("chosen: k = %d with %s (mean over %d folds of %d training points)", r->best_k,
                metric_name(r->best_metric), r->in.folds, r->train_size);
    ImGui::Text("then the test set, once, at the end: accuracy %.3f on %d points", r->test_accuracy, r->test_size);
  }

  void draw_linear() {
    heading("A 4-pixel image, 3 classes: scores s = W x + b");
    const float w = ImGui::GetFontSize() * 3.6f;
    const LinearScores& r = model_.linear();
    LinearInputs in = r.in;
    ImGui::TextUnformatted("x (the 4 pixels):");
    ImGui::SameLine();
    bool changed = edit_numbers("x", in.x, w);
    if (ImGui::BeginTable("linear", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("class");
      ImGui::TableSetupColumn("row of W");
      ImGui::TableSetupColumn("b");
      ImGui::TableSetupColumn("W x");
      ImGui::TableSetupColumn("score W x + b");
      ImGui::TableHeadersRow();
      for (int c = 0; c < r.classes; ++c) {
        ImGui::PushID(c);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(in.classes[size_t(c)].c_str());
        ImGui::TableNextColumn();
        std::vector<double> row(in.W.begin() + c * r.dims, in.W.begin() + (c + 1) * r.dims);
        if (edit_numbers("W", row, w)) {
          std::copy(row.begin(), row.end(), in.W.begin() + c * r.dims);
          changed = true;
        }
        ImGui::TableNextColumn();
        std::vector<double> b{in.b[size_t(c)]};
        if (edit_numbers("b", b, w)) {
          in.b[size_t(c)] = b[0];
          changed = true;
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", r.wx[size_t(c)]);
        ImGui::TableNextColumn();
        if (c == r.predicted) ImGui::TextColored(kGood, "%.2f  (highest)", r.scores[size_t(c)]);
        else ImGui::Text("%.2f", r.scores[size_t(c)]);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    if (changed) apply(model_.set_linear(in));
    for (const SlideCheck& s : model_.linear().slide) note(s.note);
    ImGui::TextWrapped("This W predicts %s: a bad W, which is what a loss (chapter 5) measures.",
                       model_.linear().in.classes[size_t(model_.linear().predicted)].c_str());
  }

  void draw_softmax() {
    heading("Softmax: scores -> exp -> normalise -> probabilities -> loss");
    const float w = ImGui::GetFontSize() * 3.6f;
    const SoftmaxExample& r = model_.softmax();
    std::vector<double> scores = r.scores;
    int label = r.label;
    ImGui::TextUnformatted("scores:");
    ImGui::SameLine();
    bool changed = edit_numbers("scores", scores, w);
    ImGui::SameLine();
    ImGui::TextUnformatted("  true class:");
    for (size_t c = 0; c < r.classes.size(); ++c) {
      ImGui::SameLine();
      changed |= ImGui::RadioButton(r.classes[c].c_str(), &label, static_cast<int>(c));
    }
    if (changed) apply(model_.set_softmax(scores, label));
    const SoftmaxExample& s = model_.softmax();
    if (ImGui::BeginTable("softmax", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"class", "score s", "exp(s)", "p = exp(s) / sum", "dL/ds = p - [true]"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (size_t c = 0; c < s.scores.size(); ++c) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.classes[c].c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", s.scores[c]);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", s.exp[c]);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", s.probabilities[c]);
        ImGui::TableNextColumn();
        ImGui::Text("%+.4f", s.grad[c]);
      }
      ImGui::EndTable();
    }
    const double p = s.probabilities[size_t(s.label)];
    ImGui::Text("L_i = -ln p_%s = -ln %.4f = %.4f   (natural log, base e, as Torch and PyTorch)",
                s.classes[size_t(s.label)].c_str(), p, s.loss_ln);
    ImGui::Text("in base 10: -log10 %.4f = %.4f", p, s.loss_log10);
    ImGui::Text("smallest possible L_i: %.0f (only as p -> 1); largest: none (L_i -> infinity as p -> 0)", s.loss_min);
    ImGui::Text("every score equal: L_i = ln %zu = %.4f (a first check of a new classifier)", s.scores.size(),
                s.loss_uniform);
    for (const SlideCheck& c : s.slide) note(c.note);
  }

  void draw_svm() {
    heading("The slide's three images: multiclass SVM and softmax losses");
    const float w = ImGui::GetFontSize() * 3.6f;
    const SvmExample& r = model_.svm();
    SvmInputs in = r.in;
    bool changed = false;
    const int N = static_cast<int>(in.scores.size());
    if (ImGui::BeginTable("svm", N + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("score of");
      for (int i = 0; i < N; ++i) {  // (ImGui copies the column names)
        char name[64];
        std::snprintf(name, sizeof name, "a %s image", in.classes[size_t(in.labels[size_t(i)])].c_str());
        ImGui::TableSetupColumn(name);
      }
      ImGui::TableHeadersRow();
      for (size_t c = 0; c < in.classes.size(); ++c) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(in.classes[c].c_str());
        for (int i = 0; i < N; ++i) {
          ImGui::TableNextColumn();
          std::vector<double> v{in.scores[size_t(i)][c]};
          ImGui::PushID(i * 64 + static_cast<int>(c));
          if (edit_numbers("s", v, w)) {
            in.scores[size_t(i)][c] = v[0];
            changed = true;
          }
          ImGui::PopID();
        }
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("SVM loss");
      for (int i = 0; i < N; ++i) {
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", r.svm_loss[size_t(i)]);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("softmax loss");
      for (int i = 0; i < N; ++i) {
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", r.softmax_loss[size_t(i)]);
      }
      ImGui::EndTable();
    }
    if (changed) apply(model_.set_svm(in));
    ImGui::Text("SVM: L_i = sum over j != y of max(0, s_j - s_y + %.0f); mean over the images %.2f", r.margin,
                r.mean_svm);
    ImGui::Text("softmax: mean %.4f", r.mean_softmax);
  }

  void draw_regularization() {
    heading("Two weight vectors with equal scores, told apart by R(W)");
    const float w = ImGui::GetFontSize() * 3.6f;
    RegularizationInputs in = model_.regularization().in;
    bool changed = false;
    for (auto [label, v] : {std::pair<const char*, std::vector<double>*>{"x ", &in.x}, {"w1", &in.w1}, {"w2", &in.w2}}) {
      ImGui::TextUnformatted(label);
      ImGui::SameLine();
      changed |= edit_numbers(label, *v, w);
    }
    std::vector<double> beta{in.beta};
    ImGui::TextUnformatted("β ");
    ImGui::SameLine();
    if (edit_numbers("beta", beta, w)) {
      in.beta = beta[0];
      changed = true;
    }
    if (changed) apply(model_.set_regularization(in));
    const RegularizationExample& r = model_.regularization();
    if (ImGui::BeginTable("reg", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"", "score w . x", "L2: sum w²", "L1: sum |w|", "elastic: sum β w² + |w|"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      const double rows[2][4] = {{r.score1, r.l2_1, r.l1_1, r.elastic_1}, {r.score2, r.l2_2, r.l1_2, r.elastic_2}};
      for (int i = 0; i < 2; ++i) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i ? "w2" : "w1");
        for (double v : rows[i]) {
          ImGui::TableNextColumn();
          ImGui::Text("%.4g", v);
        }
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("prefers");
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", r.score1 == r.score2 ? "(equal)" : "");
      for (const std::string* p : {&r.l2_prefers, &r.l1_prefers, &r.elastic_prefers}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p->c_str());
      }
      ImGui::EndTable();
    }
  }

  void draw_finite_difference() {
    heading("Loss(W) = W²: the derivative by its definition");
    const float w = ImGui::GetFontSize() * 4.5f;
    const FiniteDifference& r = model_.finite_difference();
    std::vector<double> v{r.in.w, r.in.h, r.in.lr};
    ImGui::TextUnformatted("W, h, learning rate:");
    ImGui::SameLine();
    if (edit_numbers("fd", v, w, "%.6g")) apply(model_.set_finite_difference({.w = v[0], .h = v[1], .lr = v[2]}));
    const FiniteDifference& f = model_.finite_difference();
    ImGui::Text("forward difference (L(W+h) - L(W)) / h = (%.10g - %.10g) / %.3g = %.6g   (error %.3g)", f.loss_plus,
                f.loss, f.in.h, f.forward, f.forward_error);
    ImGui::Text("central difference (L(W+h) - L(W-h)) / 2h = %.10g   (error %.3g)", f.central, f.central_error);
    ImGui::Text("exact: dL/dW = 2W = %.6g", f.exact);
    ImGui::Text("one step: W - learning rate x dL/dW = %.6g - %.3g x %.6g = %.6g", f.in.w, f.in.lr, f.exact, f.w_next);
  }

  void draw_torch() {
    heading("Torch: nn.Linear(1, 2) + nn.CrossEntropyCriterion, checked");
    const float w = ImGui::GetFontSize() * 6.0f;
    const TorchLinear& r = model_.torch();
    TorchLinearInputs in = r.in;
    std::vector<double> xh{in.x, in.h};
    ImGui::TextUnformatted("x, h:");
    ImGui::SameLine();
    bool changed = edit_numbers("xh", xh, w, "%.6g");
    ImGui::SameLine();
    ImGui::TextUnformatted("  target class:");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("1", &in.target, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("2", &in.target, 2);
    ImGui::TextUnformatted("weight:");
    ImGui::SameLine();
    changed |= edit_numbers("weight", in.weight, w, "%.6g");
    ImGui::SameLine();
    ImGui::TextUnformatted("bias:");
    ImGui::SameLine();
    changed |= edit_numbers("bias", in.bias, w, "%.6g");
    ImGui::SameLine();
    if (ImGui::Button("Draw nn.Linear's reset")) {
      const TorchLinearInputs drawn = torch_linear_inputs(in.seed + 1);
      in.weight = drawn.weight;
      in.bias = drawn.bias;
      in.seed = drawn.seed;
      changed = true;
    }
    if (changed) {
      in.x = xh[0];
      in.h = xh[1];
      apply(model_.set_torch(in));
    }
    const TorchLinear& t = model_.torch();
    ImGui::Text("o = W x + b = (%.4f, %.4f); p = (%.4f, %.4f); loss = -ln p_%d = %.4f", t.scores[0], t.scores[1],
                t.probabilities[0], t.probabilities[1], t.in.target, t.loss);
    if (ImGui::BeginTable("torch", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"weight", "(L(w+h) - L(w-h)) / 2h", "gradWeight (backward)", "relative error"})
        ImGui::TableSetupColumn(notated(h, g_notation).c_str());
      ImGui::TableHeadersRow();
      for (int j = 0; j < 2; ++j) {
        ImGui::TableNextColumn();
        ImGui::Text("W[%d] = %.4f", j + 1, t.in.weight[size_t(j)]);
        ImGui::TableNextColumn();
        ImGui::Text("%+.6f", t.numeric[size_t(j)]);
        ImGui::TableNextColumn();
        ImGui::Text("%+.6f", t.grad_weight[size_t(j)]);
        ImGui::TableNextColumn();
        ImGui::Text("%.2e", t.rel_error[size_t(j)]);
      }
      ImGui::EndTable();
    }
    ImGui::TextColored(t.check_passed ? kGood : kBad, "gradient check of all four parameters: max relative error %.1e, %s",
                       t.check_max_rel_error, t.check_passed ? "passed" : "failed");
    ImGui::Text("two classes: |gradWeight| = (1 - e^-loss) |x| = %.6f for both weights", t.grad_from_loss);
    for (const SlideCheck& s : t.slide) note(s.note);
  }

  void draw_batch() {
    heading("Full batch against mini-batches: the same model, the same passes over the data");
    const float fs = ImGui::GetFontSize();
    BatchComparisonDesc d = model_.batch_desc();
    bool changed = false;
    ImGui::SetNextItemWidth(fs * 5);
    changed |= ImGui::InputInt("mini-batch", &d.batch, 0, 0, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 5);
    changed |= ImGui::InputInt("epochs", &d.epochs, 0, 0, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 5);
    changed |= ImGui::InputDouble("learning rate", &d.optimizer.lr, 0, 0, "%.3g", ImGuiInputTextFlags_EnterReturnsTrue);
    if (changed) apply(model_.set_batch(d));
    const BatchComparison* c = model_.batch();
    if (!ready(c != nullptr, c ? c->status() : Status::ok())) return;
    ImGui::TextWrapped("softmax (W x + b, Torch's init) on %d %s images, SGD at learning rate %.3g from the same "
                       "initial weights",
                       c->full()->data().train.size(), model_.pixels_set().c_str(), c->desc().optimizer.lr);
    if (!c->done()) ImGui::ProgressBar(static_cast<float>(c->progress()), ImVec2(fs * 16, 0));
    std::vector<float> x, fy, my;
    for (size_t e = 0; e < c->full_curve().size(); ++e) {
      x.push_back(static_cast<float>(e));
      fy.push_back(static_cast<float>(c->full_curve()[e]));
    }
    for (double v : c->mini_curve()) my.push_back(static_cast<float>(v));
    std::vector<float> mx(x.begin(), x.begin() + static_cast<long>(std::min(x.size(), my.size())));
    PlotAxes axes;
    axes.title = "training loss (whole training set)";
    axes.xlabel = "epochs (passes over the training set)";
    axes.integer_x = true;
    char full[64], mini[64];
    std::snprintf(full, sizeof full, "full batch: %ld steps", c->full()->steps());
    std::snprintf(mini, sizeof mini, "mini-batch %d: %ld steps", c->desc().batch, c->mini()->steps());
    line_plot("batch", ImVec2(fs * 32, fs * 14), axes, {series(x, fy, 0, full, true), series(mx, my, 1, mini, true)});
  }

  void draw_momentum() {
    heading("The lecture's momentum and torch's, side by side");
    const float w = ImGui::GetFontSize() * 4.5f;
    const MomentumForms& r = model_.momentum();
    std::vector<double> v{r.in.lr, r.in.a};
    ImGui::TextUnformatted("learning rate, α (torch's momentum):");
    ImGui::SameLine();
    bool changed = edit_numbers("mom", v, w, "%.4g");
    int steps = r.in.steps;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    changed |= ImGui::InputInt("steps", &steps, 0, 0);
    if (changed) {
      MomentumFormsInputs in = r.in;
      in.lr = v[0];
      in.a = v[1];
      in.steps = steps;
      apply(model_.set_momentum(in));
    }
    const MomentumForms& m = model_.momentum();
    ImGui::TextUnformatted("lecture:  m = α m + λ ∂L/∂W;  W = W - m        (λ: the learning rate)");
    ImGui::TextUnformatted("torch:    v = μ v + g;  W = W - lr v            (m = lr v: the same steps)");
    std::vector<float> x, ly, ty;
    for (size_t k = 0; k < m.lecture_loss.size(); ++k) {
      x.push_back(static_cast<float>(k));
      ly.push_back(static_cast<float>(m.lecture_loss[k]));
      ty.push_back(static_cast<float>(m.torch_loss[k]));
    }
    PlotAxes axes;
    char title[192];
    std::snprintf(title, sizeof title, "loss on the lab's quadratic (a = %g, b = %g) from (%g, %g)", m.in.surface.eigen_a,
                  m.in.surface.eigen_b, m.in.x0, m.in.y0);
    axes.title = title;
    axes.xlabel = "step";
    axes.log_y = true;
    PlotSeries lec = series(x, ly, 1, "lecture's form", false);
    lec.thickness = 4.0f;
    line_plot("momentum", ImVec2(ImGui::GetFontSize() * 30, ImGui::GetFontSize() * 12), axes,
              {lec, series(x, ty, 0, "torch's form", false)});
    ImGui::Text("largest difference of the two paths: %.2e (rounding); largest |m - lr v|: %.2e", m.max_difference,
                m.max_m_minus_lr_v);
    ImGui::TextColored(m.lecture_a0_is_gd ? kGood : kBad, "α = 0 against plain gradient descent W = W - λ ∂L/∂W: %s",
                       m.lecture_a0_is_gd ? "bit-identical paths" : "different");
    ImGui::TextColored(m.torch_mu0_is_sgd ? kGood : kBad, "torch's form with μ = 0 against Descent's SGD: %s",
                       m.torch_mu0_is_sgd ? "bit-identical paths" : "different");
  }

  void draw_layers() {
    heading("The network, one function at a time (Torch7's names)");
    const float fs = ImGui::GetFontSize();
    const LayersExample& r = model_.layers();
    if (hidden_buf_[0] == '\0') {
      std::string h;
      for (int v : r.in.model.hidden) h += (h.empty() ? "" : ",") + std::to_string(v);
      std::snprintf(hidden_buf_, sizeof hidden_buf_, "%s", h.c_str());
    }
    ImGui::SetNextItemWidth(fs * 8);
    if (ImGui::InputText("hidden widths", hidden_buf_, sizeof hidden_buf_, ImGuiInputTextFlags_EnterReturnsTrue)) {
      LayersInputs in = r.in;
      if (parse_widths(hidden_buf_, &in.model.hidden)) apply(model_.set_layers(in));
      else input_error_ = "hidden widths: 1 to 8 numbers like 64,64 (each 1..4096)";
    }
    ImGui::SameLine();
    int seed = static_cast<int>(r.in.seed);
    ImGui::SetNextItemWidth(fs * 5);
    if (ImGui::InputInt("seed", &seed, 1, 1)) {
      LayersInputs in = r.in;
      in.seed = static_cast<uint32_t>(std::max(0, seed));
      apply(model_.set_layers(in));
    }
    const LayersExample& l = model_.layers();
    ImGui::Text("x = (%.3f, %.3f), a point of the spiral of class %d", l.in.x[0], l.in.x.size() > 1 ? l.in.x[1] : 0.0,
                l.in.label);
    if (ImGui::BeginTable("layers", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"function", "Torch7 module", "sizes", "parameters", "||gradWeight|| after backward"})
        ImGui::TableSetupColumn(notated(h, g_notation).c_str());
      ImGui::TableHeadersRow();
      for (const LayerStep& s : l.steps) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.formula.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("modules[%d] = %s", s.module_index, s.module.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d -> %d", s.in_size, s.out_size);
        ImGui::TableNextColumn();
        if (s.params.empty()) ImGui::TextDisabled("none");
        else ImGui::Text("%s: %ld (Descent's %s)", s.params.c_str(), s.num_params, s.engine_tensor.c_str());
        ImGui::TableNextColumn();
        if (s.params.empty()) ImGui::TextDisabled("-");
        else ImGui::Text("%.4f", s.grad_weight_norm);
      }
      ImGui::EndTable();
    }
    ImGui::Text("%s: loss = %.4f, predicted class %d; %ld parameters in all", l.criterion.c_str(), l.loss, l.predicted,
                l.total_params);
    ImGui::Spacing();
    for (const std::string& line : l.torch_code) ImGui::TextDisabled("%s", line.c_str());
  }

  LectureModel model_;
  AppContext* ctx_ = nullptr;
  ImageAtlas atlas_;
  uint64_t atlas_version_ = 0;
  std::string input_error_;
  char hidden_buf_[64] = "";
  ImVec2 open_button_{0, 0};
  int drawn_chapter_ = 0;
  bool drawn_ = false;  // draw() ran since the last update()
  int shown_frames_ = 0;  // consecutive frames drawn
};

}  // namespace

std::unique_ptr<View> make_lecture_view() { return std::make_unique<LectureView>(); }

}  // namespace descent::ui
