// data_view.cpp: the lecture's first step, drawn: data sets and the k-nearest-neighbour classifier
// (knn_model.h: the settings, the data, the query, the regions, cross-validation, the final test,
// the commands `data` and `knn`). 2-D data: the points and kNN's decision regions (a tied vote
// hatched grey), a clicked query with lines to its k nearest. Images: a grid of examples per class,
// and a test image beside its k nearest training images (distance and label, framed green when
// right, red when wrong). Cross-validation: accuracy vs k with error bars.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "core/ui/colormap.h"
#include "core/ui/data_picker.h"
#include "core/ui/decision_regions.h"
#include "core/ui/image_grid.h"
#include "core/ui/knn_model.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kMaxShownNeighbors = 10;
constexpr uint32_t kRight = IM_COL32(80, 220, 100, 255);
constexpr uint32_t kWrong = IM_COL32(255, 80, 70, 255);

const char* kKnnHelp =
    "k-nearest neighbours memorises the training set; to classify a point it finds the k training points "
    "closest to it and takes a majority vote of their labels. k = 1 follows every noisy point (jagged "
    "regions, islands); larger k smooths the boundary. The distance is L1 (sum of |differences|) or L2 "
    "(Euclidean); L1 depends on the axes, L2 does not. Where the vote ties, the region is hatched grey "
    "(predict() then picks the smallest class index).";
const char* kCvHelp =
    "Cross-validation chooses the hyper-parameters (k, metric) without touching the test set: the training "
    "rows are split into folds; each fold in turn is held out and classified by a kNN trained on the others. "
    "The plot shows the mean accuracy over the folds with +-1 standard deviation as error bars; the best "
    "mean is circled. Only then would you measure the chosen setting once on the test set.";
const char* kImagesHelp =
    "On images kNN compares pixels: the distance between two pictures is the sum (L1) or the root of the "
    "summed squares (L2) of their pixel differences. The nearest images often share a colour or a "
    "silhouette rather than the class, which is why pixel distances are a poor measure of meaning.";

// text cut to fit `width` pixels (a trailing '.' marks the cut), for captions under images.
std::string fit_label(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string t = text;
  while (t.size() > 1 && ImGui::CalcTextSize((t + ".").c_str()).x > width) t.pop_back();
  return t + ".";
}

class DataView : public View {
 public:
  const char* name() const override { return "data"; }
  const char* title() const override { return "Data & kNN"; }
  void attach(AppContext& ctx) override {
    ctx_ = &ctx;
    model_.attach(&ctx);
  }
  void register_commands(CommandRegistry& r) override { model_.register_commands(r); }
  bool busy() const override { return model_.busy(); }
  void update(AppContext& ctx) override {
    ctx_ = &ctx;
    model_.update(ctx);
  }
  std::vector<settings::Spec> setting_specs() const override { return specs_of(data_view_schema()); }

  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    model_.ensure_data(ctx);
    sync_images();
    // A phone (layout.h): the data, kNN and cross-validation one at a time, picked by tabs.
    const bool compact = layout::compact();
    static const char* kTabs[] = {"Data", "kNN", "Cross-validation"};
    const int tab = compact ? layout::panel_tabs("data_tabs", kTabs, 3, &compact_tab_) : 0;
    if (tab == 0) {
      layout::Panel panel("data set");
      layout::begin_row("data_picker");
      if (model_.data_slot().draw(ctx)) model_.data_picked();
      layout::end_row();
      if (!compact) ImGui::SameLine();
      ImGui::TextDisabled("%s", model_.data_slot().describe().c_str());
    }
    sync_images();
    const DataSplits* d = model_.data();
    if (!d) {
      ImGui::TextWrapped("No data: pick a data set above.");
      return;
    }
    if (compact) {
      layout::Panel panel(tab == 0 ? (model_.is_2d() ? "points" : "examples") : tab == 1 ? "knn" : "cross-validation");
      layout::begin_scroll("data_page");
      if (tab == 0 && model_.is_2d())
        draw_points(*d);
      else if (tab == 0)
        draw_examples(*d);
      else if (tab == 1)
        draw_knn_panel(*d);
      else
        draw_cv_panel();
      layout::end_scroll();
      return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = d->train.is_image() ? std::min(avail.x * 0.46f, avail.y * 1.05f)
                                             : std::min(avail.x * 0.5f, avail.y);
    {
      layout::Panel panel(model_.is_2d() ? "points" : "examples");
      ImGui::BeginChild("left", ImVec2(left_w, 0), false);
      if (model_.is_2d())
        draw_points(*d);
      else
        draw_examples(*d);
      ImGui::EndChild();
    }
    ImGui::SameLine();
    {
      layout::Panel panel("knn and cross-validation");
      ImGui::BeginChild("right", ImVec2(0, 0), false);
      draw_knn_panel(*d);
      ImGui::Separator();
      draw_cv_panel();
      ImGui::EndChild();
    }
  }

  // ---- the keyboard (presenter.h): walk through the test examples as kNN queries ---------------------
  const char* key_meaning(KeyAction a) const override {
    if (a == KeyAction::Step) return "the next test example as the kNN query";
    if (a == KeyAction::StepBack) return "the previous test example as the kNN query";
    return nullptr;
  }

  bool on_key(KeyAction a, AppContext&) override {
    if (a != KeyAction::Step && a != KeyAction::StepBack) return false;
    return model_.step_query(a == KeyAction::Step ? 1 : -1);
  }

  // The model's state, and where the view drew things: the plane and three training points on it,
  // the query, the cross-validation plot.
  void state(nlohmann::json& out) const override {
    model_.state(out);
    const DataSplits* d = model_.data();
    if (!d) return;
    if (model_.is_2d() && plane_drawn_) plane_.state(d->train, out);
    if (out.contains("query") && query_drawn_) out["query"]["screen"] = {query_screen_.x, query_screen_.y};
    if (model_.cv().done()) out["cv"]["plot_rect"] = {cv_plot_rect_.x, cv_plot_rect_.y, cv_plot_rect_.z, cv_plot_rect_.w};
  }

 private:
  // The images follow the model: new data (the examples, the regions' texture), a new query (its
  // neighbours' images).
  void sync_images() {
    const DataSplits* d = model_.data();
    if (model_.data_version() != drawn_data_version_) {
      drawn_data_version_ = model_.data_version();
      examples_.clear();
      neighbors_atlas_.clear();
      grid_image_.invalidate();
      if (d && d->train.is_image()) {
        std::vector<const float*> imgs;
        for (const std::vector<int>& row : model_.example_rows())
          for (int i : row) imgs.push_back(d->train.X.row(i));
        examples_.build(imgs, d->train.height, d->train.width, d->train.channels, ImageStyle::Pixels);
      }
    }
    if (model_.query_version() != drawn_query_version_) {
      drawn_query_version_ = model_.query_version();
      neighbors_atlas_.clear();
      const KnnQuery* q = model_.query();
      if (d && q && d->train.is_image()) {
        std::vector<const float*> imgs = {q->point.data()};
        for (size_t i = 0; i < q->neighbors.size() && i < size_t(kMaxShownNeighbors); ++i)
          imgs.push_back(d->train.X.row(q->neighbors[i]));
        neighbors_atlas_.build(imgs, d->train.height, d->train.width, d->train.channels, ImageStyle::Pixels);
      }
    }
  }

  void draw_points(const DataSplits& d) {
    const RegionGrid& grid = model_.regions();
    const Texture* tex = grid_image_.texture(grid, d.train.num_classes);
    const PlaneBox box = grid.version() > 0 ? grid.box() : fit_plane(d.train);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x, avail.y - ImGui::GetFrameHeightWithSpacing());
    plane_ = draw_plane("points", side, box, tex, &d.train, &d.test);
    plane_drawn_ = true;
    if (plane_.clicked) model_.query_point(plane_.mouse_x, plane_.mouse_y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const KnnQuery* query = model_.query();
    if (query && query->point.size() == 2) {
      const ImVec2 q = plane_.to_screen(query->point[0], query->point[1]);
      query_screen_ = q;
      query_drawn_ = true;
      dl->PushClipRect(plane_.p0, plane_.p1, true);
      for (int j : query->neighbors) {
        const ImVec2 p = plane_.to_screen(d.train.X(j, 0), d.train.X(j, 1));
        dl->AddLine(q, p, IM_COL32(255, 255, 255, 220), 2.0f);
        dl->AddCircle(p, 7.0f, IM_COL32(255, 255, 255, 255), 16, 2.0f);
      }
      const uint32_t qc = query->tied ? IM_COL32(200, 200, 200, 255) : class_color(query->predicted);
      dl->AddCircleFilled(q, 8.0f, IM_COL32(0, 0, 0, 255), 16);
      dl->AddCircleFilled(q, 6.0f, qc, 16);
      dl->AddLine(ImVec2(q.x - 11, q.y), ImVec2(q.x + 11, q.y), IM_COL32(255, 255, 255, 255), 1.5f);
      dl->AddLine(ImVec2(q.x, q.y - 11), ImVec2(q.x, q.y + 11), IM_COL32(255, 255, 255, 255), 1.5f);
      dl->PopClipRect();
    }
    if (grid.busy()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "computing regions %.0f%%", 100 * grid.progress());
      dl->AddText(ImVec2(plane_.p0.x + 6, plane_.p0.y + 4), IM_COL32(255, 255, 255, 230), buf);
    }
    if (plane_.hovered) {
      ImGui::SetTooltip("(%.2f, %.2f)  click: classify this point", plane_.mouse_x, plane_.mouse_y);
    }
    // Legend: class colours, ties, train/test markers.
    for (int c = 0; c < d.train.num_classes; ++c) {
      if (c > 0) ImGui::SameLine();
      ImGui::ColorButton(("##c" + std::to_string(c)).c_str(), ImGui::ColorConvertU32ToFloat4(class_color(c)),
                         ImGuiColorEditFlags_NoTooltip, ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
      ImGui::SameLine(0, 3);
      ImGui::TextUnformatted(class_name(d.train, c).c_str());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("  grey hatch = tie;  discs train, rings test");
  }

  void draw_examples(const DataSplits& d) {
    const Dataset& t = d.train;
    const float fs = ImGui::GetFontSize();
    float name_w = 0;
    for (int c = 0; c < t.num_classes; ++c) name_w = std::max(name_w, ImGui::CalcTextSize(class_name(t, c).c_str()).x);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = 3;
    const float side = std::max(
        12.0f, std::min((avail.x - name_w - fs) / kKnnExamplesPerClass - gap,
                        (avail.y - fs * 1.6f) / std::max(1, t.num_classes) - gap));
    ImGui::Text("training examples, %d per class", kKnnExamplesPerClass);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    size_t a = 0;
    for (int c = 0; c < t.num_classes; ++c) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddText(ImVec2(p.x, p.y + (side - fs) * 0.5f), class_color(c),
                                          class_name(t, c).c_str());
      ImGui::Dummy(ImVec2(name_w + fs * 0.5f, side));
      for (size_t j = 0; j < model_.example_rows()[size_t(c)].size(); ++j) {
        ImGui::SameLine();
        examples_.image(static_cast<int>(a++), side);
      }
    }
    ImGui::PopStyleVar();
  }

  // Widgets of the view's settings; a change goes through the model like a command.
  void view_widgets(std::initializer_list<const char*> keys, float width) {
    DataViewSettings n = model_.settings();
    if (settings_row(*ctx_, data_view_schema(), n, keys, width)) ctx_->check(model_.use_settings(n));
  }

  void draw_knn_panel(const DataSplits& d) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("k-nearest neighbours");
    help_marker(kKnnHelp);
    ImGui::SameLine();
    view_widgets({"k"}, ImGui::GetFontSize() * 8);
    ImGui::SameLine();
    view_widgets({"metric"}, ImGui::GetFontSize() * 4);
    if (const KnnTestRun& t = model_.test(); t.rows > 0) {
      const double acc = 100.0 * t.accuracy();
      if (t.done < t.rows)
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% so far, %d / %d", t.k, metric_name(t.metric), acc, t.done, t.rows);
      else
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% on %d test examples", t.k, metric_name(t.metric), acc, t.rows);
    }
    // The test set is used once, at the end (choose k and the metric by cross-validation below).
    if (ImGui::Button("Final test")) model_.start_test(d.train.is_image() ? 500 : 0);
    ImGui::SameLine();
    const int uses = model_.test_uses();
    ImGui::TextDisabled("(%stest set used %d time%s)", d.train.is_image() ? "first 500 test images; " : "", uses,
                        uses == 1 ? "" : "s");
    // Where the final test runs, and how long its last run took on each device.
    view_widgets({"device"}, ImGui::GetFontSize() * 4);
    ImGui::SameLine();
    const std::string times = model_.test_times().label();
    if (!ctx_->devices.available(compute::DeviceKind::GL))
      ImGui::TextDisabled("%s%s(%s)", times.c_str(), times.empty() ? "" : "  ", ctx_->devices.gl_note().c_str());
    else
      ImGui::TextDisabled("%s", times.empty() ? "(no final test timed yet)" : times.c_str());
    const KnnQuery* q = model_.query();
    if (d.train.is_image()) {
      draw_query_images(d);
    } else if (q && q->point.size() == 2) {
      ImGui::Text("query (%.2f, %.2f) -> %s%s", q->point[0], q->point[1], q->tied ? "tie, " : "",
                  class_name(d.train, q->predicted).c_str());
      ImGui::SameLine();
      ImGui::TextDisabled(" nearest: ");
      for (size_t i = 0; i < q->neighbors.size() && i < 8; ++i) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(d.train.y[size_t(q->neighbors[i])])), "%.2f",
                           q->distances[i]);
      }
    } else {
      ImGui::TextDisabled("click on the plane to classify a point and see its k nearest neighbours");
    }
  }

  void draw_query_images(const DataSplits& d) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    const KnnQuery* q = model_.query();
    int qi = q ? std::max(0, q->index) : 0;
    if (ImGui::InputInt("test image", &qi)) {
      model_.query_test_example(qi);
      sync_images();
      q = model_.query();
    }
    help_marker(kImagesHelp);
    if (!q || q->index < 0 || neighbors_atlas_.count() == 0) return;
    const float fs = ImGui::GetFontSize();
    const int shown = static_cast<int>(std::min(q->neighbors.size(), size_t(kMaxShownNeighbors)));
    const float avail = ImGui::GetContentRegionAvail().x;
    const float side = std::clamp((avail - fs * 1.5f) / (shown + 1) - 10.0f, 28.0f, 84.0f);
    const int truth = d.test.y[size_t(q->index)];
    // The lecture's figure: the query, then its k nearest with distance and label.
    ImGui::BeginGroup();
    ImGui::TextUnformatted("query");
    query_screen_ = ImGui::GetCursorScreenPos();
    query_drawn_ = true;
    neighbors_atlas_.image(0, side, IM_COL32(255, 255, 255, 255));
    ImGui::TextUnformatted(fit_label(class_name(d.test, truth), side + 4).c_str());
    ImGui::EndGroup();
    ImGui::SameLine(0, fs * 1.2f);
    for (int i = 0; i < shown; ++i) {
      ImGui::BeginGroup();
      const int label = d.train.y[size_t(q->neighbors[size_t(i)])];
      ImGui::Text("%.1f", q->distances[size_t(i)]);
      neighbors_atlas_.image(i + 1, side, label == truth ? kRight : kWrong);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(label == truth ? kRight : kWrong), "%s",
                         fit_label(class_name(d.train, label), side + 4).c_str());
      ImGui::EndGroup();
      if (i + 1 < shown) ImGui::SameLine(0, 8);
    }
    ImGui::Text("vote of the %d nearest: %s%s (true: %s)", model_.settings().knn.k, q->tied ? "tie -> " : "",
                class_name(d.train, q->predicted).c_str(), class_name(d.test, truth).c_str());
    if (static_cast<int>(q->neighbors.size()) > shown) {
      ImGui::SameLine();
      ImGui::TextDisabled("(first %d shown)", shown);
    }
  }

  void draw_cv_panel() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("cross-validation");
    help_marker(kCvHelp);
    ImGui::SameLine();
    view_widgets({"folds", "cv_limit", "metrics"}, ImGui::GetFontSize() * 5);
    ImGui::SameLine();
    const KnnCvRunner& cv = model_.cv();
    if (cv.running()) {
      if (ImGui::Button("Stop")) model_.cancel_cv();
      ImGui::SameLine();
      ImGui::ProgressBar(static_cast<float>(cv.progress()), ImVec2(ImGui::GetFontSize() * 8, 0));
    } else if (ImGui::Button("Run")) {
      ctx_->check(model_.start_cv());
    }
    const KnnDesc& knn = model_.settings().knn;
    ImGui::TextDisabled("%d-fold on the first %d training rows, k in {%s}, %s", knn.folds, model_.cv_rows(),
                        ks_text(knn.ks).c_str(), metrics_text(knn.metrics));
    if (!cv.done()) {
      if (!cv.running()) ImGui::TextDisabled("press Run (or: knn cv folds=5 ks=1,3,5,7)");
      return;
    }
    const std::vector<CvCell>& cells = cv.cells();
    const CvCell& best = best_cell(cells);
    std::vector<PlotSeries> series(2);
    for (int mi = 0; mi < 2; ++mi) {
      PlotSeries& s = series[size_t(mi)];
      s.label = mi == 0 ? "L1" : "L2";
      s.color = mi == 0 ? IM_COL32(255, 150, 70, 255) : IM_COL32(90, 180, 255, 255);
      s.markers = true;
      s.thickness = 2.0f;
      for (const CvCell& c : cells) {
        if ((c.metric == Metric::L1) != (mi == 0)) continue;
        s.x.push_back(static_cast<float>(c.k));
        s.y.push_back(static_cast<float>(c.mean));
        s.err.push_back(static_cast<float>(c.stddev));
      }
    }
    // The best cell: a white halo drawn first, under its series' marker.
    PlotSeries halo;
    halo.x = {static_cast<float>(best.k)};
    halo.y = {static_cast<float>(best.mean)};
    halo.color = IM_COL32(255, 255, 255, 255);
    halo.markers = true;
    halo.thickness = 6.0f;
    halo.label = "best";
    series.insert(series.begin(), halo);
    PlotAxes ax;
    ax.title = "cross-validation accuracy vs k (mean +- std over folds)";
    ax.xlabel = "k";
    ax.integer_x = true;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = std::max(140.0f, avail.y - ImGui::GetTextLineHeightWithSpacing() * 1.3f);
    const ImVec4 r = line_plot("cv", ImVec2(avail.x, h), ax, series);
    cv_plot_rect_ = r;
    ImGui::Text("best: k = %d, %s: %.1f%% +- %.1f%%", best.k, metric_name(best.metric), 100 * best.mean,
                100 * best.stddev);
    ImGui::SameLine();
    if (ImGui::SmallButton("use it"))
      ctx_->check(model_.use({{"k", std::to_string(best.k)}, {"metric", metric_name(best.metric)}}, "use it"));
  }

  static std::string ks_text(const std::vector<int>& ks) {
    std::string s;
    for (int k : ks) {
      if (!s.empty()) s += ',';
      s += std::to_string(k);
    }
    return s;
  }
  static const char* metrics_text(MetricChoice m) {
    return m == MetricChoice::L1 ? "L1" : m == MetricChoice::L2 ? "L2" : "L1 and L2";
  }

  AppContext* ctx_ = nullptr;
  KnnModel model_;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)

  RegionImage grid_image_;
  PlaneDrawing plane_;
  bool plane_drawn_ = false;
  bool query_drawn_ = false;
  ImVec2 query_screen_{0, 0};
  ImageAtlas examples_, neighbors_atlas_;
  int drawn_data_version_ = -1, drawn_query_version_ = -1;  // what the atlases and the texture show
  ImVec4 cv_plot_rect_{0, 0, 0, 0};
};

}  // namespace

std::unique_ptr<View> make_data_view() { return std::make_unique<DataView>(); }

}  // namespace descent::ui

