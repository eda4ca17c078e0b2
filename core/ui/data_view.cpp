// data_view.cpp: the lecture's first step: data sets and the k-nearest-neighbour classifier.
// 2-D data: the points and kNN's decision regions (a tied vote hatched grey), a clicked query
// with lines to its k nearest. Images: a grid of examples per class, and a test image beside its
// k nearest training images (distance and label, framed green when right, red when wrong).
// Cross-validation of (k, metric) runs a block of rows per frame; accuracy vs k with error bars.
// Commands: data, knn (see register_commands). Heavy work only in update(), within the budget.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <imgui.h>

#include "core/knn/knn.h"
#include "core/ui/colormap.h"
#include "core/ui/data_picker.h"
#include "core/ui/decision_regions.h"
#include "core/ui/image_grid.h"
#include "core/ui/knn_cv_runner.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kRegionsRes = 128;
constexpr int kExamplesPerClass = 8;
constexpr int kMaxShownNeighbors = 10;
constexpr int kDefaultCvLimit = 2000;
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

std::vector<int> parse_int_list(const std::string& s, bool* ok) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  *ok = true;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 1 || v > 100000) {
      *ok = false;
      return {};
    }
    out.push_back(static_cast<int>(v));
  }
  if (out.empty()) *ok = false;
  return out;
}

class DataView : public View {
 public:
  const char* name() const override { return "data"; }
  const char* title() const override { return "Data & kNN"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    r.add("data",
          std::string("data NAME [") + data_options_usage() +
              "]: show a data set (spiral circles xor blobs moons fashion-mnist; mnist cifar10 with --data-dir)",
          [this](const CommandArgs& a) -> Status {
            if (a.words.size() != 1) return make_error(ErrorCode::Usage, "data: name one data set, e.g. 'data spiral'");
            DataChoice c = data_.choice;
            c.name = a.words[0];
            if (Status s = apply_data_options(a, c, false); !s) return s;
            if (Status s = data_.pick(ctx_, c); !s) return s;
            sync_data();
            return Status::ok();
          });
    r.add("knn",
          "knn k=K metric=l1|l2 | knn cv [folds=N ks=1,3,5,7 limit=N seed=N sync=1] | knn query INDEX | knn test "
          "[limit=N]: set k and the distance; cross-validate (limit = training rows used, default 2000; sync=1 "
          "finishes at once); show test example INDEX with its nearest training examples; measure test accuracy",
          [this](const CommandArgs& a) { return knn_command(a); });
  }

  Status knn_command(const CommandArgs& a) {
    if (!data_.get()) {
      if (Status s = data_.load(ctx_); !s) return s;
    }
    sync_data();
    if (a.words.empty()) {
      Result<int> k = a.integer("k", k_);
      if (!k) return k.status();
      if (*k < 1 || *k > 1000) return make_error(ErrorCode::Usage, "knn: k must be 1..1000");
      Metric m = metric_;
      if (a.has("metric")) {
        Result<Metric> pm = parse_metric(a.options.at("metric"));
        if (!pm) return pm.status();
        m = *pm;
      }
      k_ = *k;
      metric_ = m;
      settings_changed();
      return Status::ok();
    }
    const std::string& sub = a.words[0];
    if (sub == "cv") {
      Result<int> folds = a.integer("folds", folds_);
      if (!folds) return folds.status();
      if (*folds < 2 || *folds > 20) return make_error(ErrorCode::Usage, "knn cv: folds must be 2..20");
      Result<int> limit = a.integer("limit", cv_limit_);
      if (!limit) return limit.status();
      if (*limit < 0) return make_error(ErrorCode::Usage, "knn cv: limit must be 0 (all) or a count");
      Result<int> seed = a.integer("seed", static_cast<int>(cv_seed_));
      if (!seed) return seed.status();
      if (a.has("ks")) {
        bool ok = false;
        std::vector<int> ks = parse_int_list(a.options.at("ks"), &ok);
        if (!ok) return make_error(ErrorCode::Usage, "knn cv: ks must be a list like 1,3,5,7 (each 1..100000)");
        cv_ks_ = ks;
      }
      folds_ = *folds;
      cv_limit_ = *limit;
      cv_seed_ = static_cast<uint32_t>(std::max(0, *seed));
      if (Status s = start_cv(); !s) return s;
      if (a.has("sync")) while (cv_.running()) cv_.advance(256);
      return Status::ok();
    }
    if (sub == "query") {
      Result<int> idx = a.word_integer(1, "test example index");
      if (!idx) return idx.status();
      const DataSplits* d = data_.get();
      if (!d) return make_error(ErrorCode::Usage, "knn query: no data loaded");
      if (*idx < 0 || *idx >= d->test.size())
        return make_error(ErrorCode::Usage, "knn query: index must be 0.." + std::to_string(d->test.size() - 1));
      query_index_ = *idx;
      const float* q = d->test.X.row(*idx);
      query_point_.assign(q, q + d->test.dim());
      has_query_ = true;
      compute_query();
      return Status::ok();
    }
    if (sub == "test") {
      Result<int> limit = a.integer("limit", 0);
      if (!limit) return limit.status();
      start_test(*limit);
      if (a.has("sync"))
        while (test_row_ < test_rows_) test_chunk(64);
      return Status::ok();
    }
    return make_error(ErrorCode::Usage, "knn: unknown sub-command '" + sub + "'; use k=.. metric=.., cv, query, test");
  }

  void update(AppContext& ctx) override {
    ctx_ = &ctx;
    data_.ensure(ctx);
    sync_data();
    const DataSplits* d = data_.get();
    if (!d) return;
    // Regions first (2-D), then cross-validation and the test accuracy, each a slice.
    if (is_2d() && grid_.busy()) {
      grid_.advance(ctx, [this](const Matrix<float>& p, int* l, float* c) { classify_grid(p, l, c); }, 0.006);
    }
    while (cv_.running() && ctx.time_left()) cv_.advance(d->train.is_image() ? 8 : 64);
    while (test_row_ < test_rows_ && ctx.time_left()) test_chunk(d->train.is_image() ? 4 : 256);
  }

  void draw(AppContext& ctx) override {
    ctx_ = &ctx;
    data_.ensure(ctx);
    // A phone (layout.h): the data, kNN and cross-validation one at a time, picked by tabs.
    const bool compact = layout::compact();
    static const char* kTabs[] = {"Data", "kNN", "Cross-validation"};
    const int tab = compact ? layout::panel_tabs("data_tabs", kTabs, 3, &compact_tab_) : 0;
    if (tab == 0) {
      layout::Panel panel("data set");
      layout::begin_row("data_picker");
      if (data_.draw(ctx)) sync_data();
      layout::end_row();
      if (!compact) ImGui::SameLine();
      ImGui::TextDisabled("%s", data_.describe().c_str());
    }
    sync_data();
    const DataSplits* d = data_.get();
    if (!d) {
      ImGui::TextWrapped("No data: pick a data set above.");
      return;
    }
    if (compact) {
      layout::Panel panel(tab == 0 ? (is_2d() ? "points" : "examples") : tab == 1 ? "knn" : "cross-validation");
      layout::begin_scroll("data_page");
      if (tab == 0 && is_2d())
        draw_points(*d);
      else if (tab == 0)
        draw_examples(*d);
      else if (tab == 1)
        draw_knn_panel(*d);
      else
        draw_cv_panel(*d);
      layout::end_scroll();
      return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = d->train.is_image() ? std::min(avail.x * 0.46f, avail.y * 1.05f)
                                             : std::min(avail.x * 0.5f, avail.y);
    {
      layout::Panel panel(is_2d() ? "points" : "examples");
      ImGui::BeginChild("left", ImVec2(left_w, 0), false);
      if (is_2d())
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
      draw_cv_panel(*d);
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
    const DataSplits* d = data_.get();
    if (!d || (a != KeyAction::Step && a != KeyAction::StepBack)) return false;
    const int n = d->test.size();
    if (n == 0) return false;
    const int next = !has_query_ || query_index_ < 0 ? 0 : query_index_ + (a == KeyAction::Step ? 1 : -1);
    query_test_example(*d, (next % n + n) % n);
    return true;
  }

  void state(nlohmann::json& out) const override {
    data_.state(out);
    const DataSplits* d = data_.get();
    out["knn"] = {{"k", k_}, {"metric", metric_name(metric_)}};
    if (!d) return;
    if (is_2d()) {
      out["regions"] = {{"version", grid_.version()}, {"busy", grid_.busy()}, {"res", grid_.res()}};
      if (grid_.version() > 0) {
        const std::vector<int> counts = grid_.label_counts(d->train.num_classes);
        out["regions"]["ties"] = counts[0];
        out["regions"]["counts"] = std::vector<int>(counts.begin() + 1, counts.end());
      }
      if (plane_drawn_) {
        out["plane_rect"] = {plane_.p0.x, plane_.p0.y, plane_.p1.x, plane_.p1.y};
        nlohmann::json pts = nlohmann::json::array();
        for (int i = 0; i < std::min(3, d->train.size()); ++i) {
          const ImVec2 p = plane_.to_screen(d->train.X(i, 0), d->train.X(i, 1));
          pts.push_back({{"x", p.x}, {"y", p.y}, {"label", d->train.y[size_t(i)]}});
        }
        out["train_points_screen"] = pts;
      }
    } else {
      out["examples_shown"] = examples_.count();
    }
    if (has_query_) {
      nlohmann::json q;
      q["index"] = query_index_;
      if (query_index_ >= 0) q["label"] = d->test.y[size_t(query_index_)];
      q["predicted"] = query_prediction_;
      nlohmann::json nb = nlohmann::json::array();
      for (size_t i = 0; i < nn_idx_.size(); ++i)
        nb.push_back({{"index", nn_idx_[i]}, {"label", d->train.y[size_t(nn_idx_[i])]}, {"distance", nn_dist_[i]}});
      q["neighbors"] = nb;
      if (query_drawn_) q["screen"] = {query_screen_.x, query_screen_.y};
      out["query"] = q;
    }
    nlohmann::json cv;
    cv["running"] = cv_.running();
    cv["progress"] = cv_.progress();
    cv["folds"] = folds_;
    cv["ks"] = cv_ks_;
    cv["limit"] = cv_limit_;
    if (cv_.done() || cv_.running()) cv["rows"] = cv_.rows();
    if (cv_.done()) {
      nlohmann::json cells = nlohmann::json::array();
      for (const CvCell& c : cv_.cells())
        cells.push_back({{"k", c.k}, {"metric", metric_name(c.metric)}, {"mean", c.mean}, {"std", c.stddev},
                         {"fold_acc", c.fold_acc}});
      cv["cells"] = cells;
      const CvCell& b = best_cell(cv_.cells());
      cv["best"] = {{"k", b.k}, {"metric", metric_name(b.metric)}, {"mean", b.mean}, {"std", b.stddev}};
    }
    if (cv_.done()) cv["plot_rect"] = {cv_plot_rect_.x, cv_plot_rect_.y, cv_plot_rect_.z, cv_plot_rect_.w};
    out["cv"] = cv;
    if (test_rows_ > 0) {
      out["test"] = {{"rows", test_rows_},
                     {"done", test_row_},
                     {"k", test_k_},
                     {"metric", metric_name(test_metric_)},
                     {"accuracy", test_row_ > 0 ? double(test_correct_) / test_row_ : 0.0}};
    }
  }

 private:
  bool is_2d() const {
    const DataSplits* d = data_.get();
    return d && !d->train.is_image() && d->train.dim() == 2;
  }

  // Reacts to newly loaded data: retrain kNN, restart the regions, rebuild the example grid.
  void sync_data() {
    if (data_.version() == seen_version_) return;
    seen_version_ = data_.version();
    const DataSplits* d = data_.get();
    if (!d) return;
    knn_.train(d->train.X, d->train.y, d->train.num_classes);
    has_query_ = false;
    query_index_ = -1;
    nn_idx_.clear();
    nn_dist_.clear();
    cv_ = KnnCvRunner();
    test_rows_ = test_row_ = 0;
    examples_.clear();
    example_rows_.clear();
    neighbors_atlas_.clear();
    grid_image_.invalidate();
    grid_ = RegionGrid();
    if (is_2d()) {
      grid_.start(fit_plane(d->train), kRegionsRes);
      start_test(0);  // cheap on 2-D data
    } else {
      build_examples(*d);
      // A first query, so the figure is never empty: the first test image.
      if (d->test.size() > 0) {
        query_index_ = 0;
        query_point_.assign(d->test.X.row(0), d->test.X.row(0) + d->test.dim());
        has_query_ = true;
        compute_query();
      }
    }
  }

  void settings_changed() {
    const DataSplits* d = data_.get();
    if (!d) return;
    if (is_2d()) {
      grid_.start(fit_plane(d->train), kRegionsRes);
      start_test(0);
    }
    if (has_query_) compute_query();
  }

  void classify_grid(const Matrix<float>& pts, int* labels, float* conf) {
    const int C = knn_.num_classes();
    votes_.assign(static_cast<size_t>(std::max(C, 1)), 0);
    for (int i = 0; i < pts.rows; ++i) {
      knn_.nearest(pts.row(i), k_, metric_, &grid_idx_, nullptr);
      std::fill(votes_.begin(), votes_.end(), 0);
      for (int j : grid_idx_) ++votes_[size_t(knn_.train_y()[size_t(j)])];
      int best = 0;
      for (int c = 1; c < C; ++c)
        if (votes_[size_t(c)] > votes_[size_t(best)]) best = c;  // ties: the smallest index, as predict()
      int winners = 0;
      for (int c = 0; c < C; ++c) winners += votes_[size_t(c)] == votes_[size_t(best)];
      labels[i] = winners > 1 ? -1 : best;
      conf[i] = grid_idx_.empty() ? 0.0f : static_cast<float>(votes_[size_t(best)]) / grid_idx_.size();
    }
  }

  void compute_query() {
    const DataSplits* d = data_.get();
    if (!d || !has_query_ || static_cast<int>(query_point_.size()) != d->train.dim()) return;
    knn_.nearest(query_point_.data(), k_, metric_, &nn_idx_, &nn_dist_);
    const int C = d->train.num_classes;
    std::vector<int> votes(static_cast<size_t>(C), 0);
    for (int j : nn_idx_) ++votes[size_t(d->train.y[size_t(j)])];
    query_prediction_ = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
    int top = votes[size_t(query_prediction_)], count = 0;
    for (int v : votes) count += v == top;
    query_tied_ = count > 1;
    if (d->train.is_image()) {
      std::vector<const float*> imgs = {query_point_.data()};
      for (size_t i = 0; i < nn_idx_.size() && i < size_t(kMaxShownNeighbors); ++i)
        imgs.push_back(d->train.X.row(nn_idx_[i]));
      neighbors_atlas_.build(imgs, d->train.height, d->train.width, d->train.channels, ImageStyle::Pixels);
    }
  }

  void build_examples(const DataSplits& d) {
    const Dataset& t = d.train;
    std::vector<const float*> imgs;
    example_rows_.assign(static_cast<size_t>(t.num_classes), {});
    for (int i = 0; i < t.size(); ++i) {
      std::vector<int>& row = example_rows_[size_t(t.y[size_t(i)])];
      if (static_cast<int>(row.size()) < kExamplesPerClass) row.push_back(i);
    }
    example_atlas_index_.clear();
    for (const std::vector<int>& row : example_rows_)
      for (int i : row) {
        example_atlas_index_.push_back(i);
        imgs.push_back(t.X.row(i));
      }
    examples_.build(imgs, t.height, t.width, t.channels, ImageStyle::Pixels);
  }

  Status start_cv() {
    const DataSplits* d = data_.get();
    if (!d) return make_error(ErrorCode::Usage, "knn cv: no data loaded");
    const int n = cv_limit_ > 0 ? std::min(cv_limit_, d->train.size()) : d->train.size();
    if (n < folds_) return make_error(ErrorCode::Usage, "knn cv: needs at least as many training rows as folds");
    std::vector<int> rows(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) rows[size_t(i)] = i;
    cv_.start(take_rows(d->train, rows), cv_ks_, {Metric::L1, Metric::L2}, folds_, cv_seed_);
    return Status::ok();
  }

  void start_test(int limit) {
    const DataSplits* d = data_.get();
    if (!d) return;
    test_rows_ = limit > 0 ? std::min(limit, d->test.size()) : d->test.size();
    test_row_ = 0;
    test_correct_ = 0;
    test_k_ = k_;
    test_metric_ = metric_;
  }

  void test_chunk(int rows) {
    const DataSplits* d = data_.get();
    const int n = std::min(rows, test_rows_ - test_row_);
    if (n <= 0) return;
    Matrix<float> q(n, d->test.dim());
    std::copy(d->test.X.row(test_row_), d->test.X.row(test_row_) + size_t(n) * size_t(d->test.dim()), q.ptr());
    const std::vector<int> pred = knn_.predict(q, test_k_, test_metric_);
    for (int i = 0; i < n; ++i) test_correct_ += pred[size_t(i)] == d->test.y[size_t(test_row_ + i)];
    test_row_ += n;
  }

  // ---- drawing ----------------------------------------------------------------------------------

  void draw_points(const DataSplits& d) {
    const Texture* tex = grid_image_.texture(grid_, d.train.num_classes);
    const PlaneBox box = grid_.version() > 0 ? grid_.box() : fit_plane(d.train);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x, avail.y - ImGui::GetFrameHeightWithSpacing());
    plane_ = draw_plane("points", side, box, tex, &d.train, &d.test);
    plane_drawn_ = true;
    if (plane_.clicked) {
      query_point_ = {plane_.mouse_x, plane_.mouse_y};
      query_index_ = -1;
      has_query_ = true;
      compute_query();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (has_query_ && query_point_.size() == 2) {
      const ImVec2 q = plane_.to_screen(query_point_[0], query_point_[1]);
      query_screen_ = q;
      query_drawn_ = true;
      dl->PushClipRect(plane_.p0, plane_.p1, true);
      for (int j : nn_idx_) {
        const ImVec2 p = plane_.to_screen(d.train.X(j, 0), d.train.X(j, 1));
        dl->AddLine(q, p, IM_COL32(255, 255, 255, 220), 2.0f);
        dl->AddCircle(p, 7.0f, IM_COL32(255, 255, 255, 255), 16, 2.0f);
      }
      const uint32_t qc = query_tied_ ? IM_COL32(200, 200, 200, 255) : class_color(query_prediction_);
      dl->AddCircleFilled(q, 8.0f, IM_COL32(0, 0, 0, 255), 16);
      dl->AddCircleFilled(q, 6.0f, qc, 16);
      dl->AddLine(ImVec2(q.x - 11, q.y), ImVec2(q.x + 11, q.y), IM_COL32(255, 255, 255, 255), 1.5f);
      dl->AddLine(ImVec2(q.x, q.y - 11), ImVec2(q.x, q.y + 11), IM_COL32(255, 255, 255, 255), 1.5f);
      dl->PopClipRect();
    }
    if (grid_.busy()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "computing regions %.0f%%", 100 * grid_.progress());
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
        12.0f, std::min((avail.x - name_w - fs) / kExamplesPerClass - gap,
                        (avail.y - fs * 1.6f) / std::max(1, t.num_classes) - gap));
    ImGui::Text("training examples, %d per class", kExamplesPerClass);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    size_t a = 0;
    for (int c = 0; c < t.num_classes; ++c) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddText(ImVec2(p.x, p.y + (side - fs) * 0.5f), class_color(c),
                                          class_name(t, c).c_str());
      ImGui::Dummy(ImVec2(name_w + fs * 0.5f, side));
      for (size_t j = 0; j < example_rows_[size_t(c)].size(); ++j) {
        ImGui::SameLine();
        examples_.image(static_cast<int>(a++), side);
      }
    }
    ImGui::PopStyleVar();
  }

  void draw_knn_panel(const DataSplits& d) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("k-nearest neighbours");
    help_marker(kKnnHelp);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    int k = k_;
    if (ImGui::SliderInt("k", &k, 1, 25)) {
      k_ = k;
      settings_changed();
    }
    ImGui::SameLine();
    int m = metric_ == Metric::L1 ? 0 : 1;
    bool changed = ImGui::RadioButton("L1", &m, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("L2", &m, 1);
    if (changed) {
      metric_ = m == 0 ? Metric::L1 : Metric::L2;
      settings_changed();
    }
    if (test_rows_ > 0) {
      const double acc = test_row_ > 0 ? 100.0 * test_correct_ / test_row_ : 0.0;
      if (test_row_ < test_rows_)
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% so far, %d / %d", test_k_, metric_name(test_metric_), acc,
                    test_row_, test_rows_);
      else
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% on %d test examples", test_k_, metric_name(test_metric_), acc,
                    test_rows_);
    }
    if (d.train.is_image()) {
      if (ImGui::Button("Measure test accuracy")) start_test(500);
      ImGui::SameLine();
      ImGui::TextDisabled("(first 500 test images, in the background)");
      draw_query_images(d);
    } else if (has_query_) {
      ImGui::Text("query (%.2f, %.2f) -> %s%s", query_point_[0], query_point_[1],
                  query_tied_ ? "tie, " : "", class_name(d.train, query_prediction_).c_str());
      ImGui::SameLine();
      ImGui::TextDisabled(" nearest: ");
      for (size_t i = 0; i < nn_idx_.size() && i < 8; ++i) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(d.train.y[size_t(nn_idx_[i])])), "%.2f",
                           nn_dist_[i]);
      }
    } else {
      ImGui::TextDisabled("click on the plane to classify a point and see its k nearest neighbours");
    }
  }

  // Test example i (clamped) becomes the query: its k nearest training examples are searched.
  void query_test_example(const DataSplits& d, int i) {
    if (d.test.size() == 0) return;
    i = std::clamp(i, 0, d.test.size() - 1);
    query_index_ = i;
    query_point_.assign(d.test.X.row(i), d.test.X.row(i) + d.test.dim());
    has_query_ = true;
    compute_query();
  }

  void draw_query_images(const DataSplits& d) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    int qi = std::max(0, query_index_);
    if (ImGui::InputInt("test image", &qi)) query_test_example(d, qi);
    help_marker(kImagesHelp);
    if (!has_query_ || neighbors_atlas_.count() == 0) return;
    const float fs = ImGui::GetFontSize();
    const int shown = static_cast<int>(std::min(nn_idx_.size(), size_t(kMaxShownNeighbors)));
    const float avail = ImGui::GetContentRegionAvail().x;
    const float side = std::clamp((avail - fs * 1.5f) / (shown + 1) - 10.0f, 28.0f, 84.0f);
    const int truth = d.test.y[size_t(query_index_)];
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
      const int label = d.train.y[size_t(nn_idx_[size_t(i)])];
      ImGui::Text("%.1f", nn_dist_[size_t(i)]);
      neighbors_atlas_.image(i + 1, side, label == truth ? kRight : kWrong);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(label == truth ? kRight : kWrong), "%s",
                         fit_label(class_name(d.train, label), side + 4).c_str());
      ImGui::EndGroup();
      if (i + 1 < shown) ImGui::SameLine(0, 8);
    }
    ImGui::Text("vote of the %d nearest: %s%s (true: %s)", k_, query_tied_ ? "tie -> " : "",
                class_name(d.train, query_prediction_).c_str(), class_name(d.test, truth).c_str());
    if (static_cast<int>(nn_idx_.size()) > shown) {
      ImGui::SameLine();
      ImGui::TextDisabled("(first %d shown)", shown);
    }
  }

  void draw_cv_panel(const DataSplits& d) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("cross-validation");
    help_marker(kCvHelp);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::SliderInt("folds", &folds_, 2, 10);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("rows", &cv_limit_, 500, 1000);
    cv_limit_ = std::max(0, cv_limit_);
    ImGui::SameLine();
    if (cv_.running()) {
      if (ImGui::Button("Stop")) cv_.cancel();
      ImGui::SameLine();
      ImGui::ProgressBar(static_cast<float>(cv_.progress()), ImVec2(ImGui::GetFontSize() * 8, 0));
    } else if (ImGui::Button("Run")) {
      ctx_->check(start_cv());
    }
    const int n = cv_limit_ > 0 ? std::min(cv_limit_, d.train.size()) : d.train.size();
    ImGui::TextDisabled("%d-fold on the first %d training rows, k in {%s}, L1 and L2", folds_, n, ks_text().c_str());
    if (!cv_.done()) {
      if (!cv_.running()) ImGui::TextDisabled("press Run (or: knn cv folds=5 ks=1,3,5,7)");
      return;
    }
    const std::vector<CvCell>& cells = cv_.cells();
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
    if (ImGui::SmallButton("use it")) {
      k_ = best.k;
      metric_ = best.metric;
      settings_changed();
    }
  }

  std::string ks_text() const {
    std::string s;
    for (int k : cv_ks_) {
    if (!s.empty()) s += ',';
    s += std::to_string(k);
  }
    return s;
  }

  AppContext* ctx_ = nullptr;
  DataSlot data_;
  int seen_version_ = 0;
  KNearestNeighbor knn_;
  int k_ = 5;
  Metric metric_ = Metric::L2;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)

  RegionGrid grid_;
  RegionImage grid_image_;
  std::vector<int> votes_, grid_idx_;
  PlaneDrawing plane_;
  bool plane_drawn_ = false;

  bool has_query_ = false, query_tied_ = false, query_drawn_ = false;
  int query_index_ = -1, query_prediction_ = 0;
  std::vector<float> query_point_;
  std::vector<int> nn_idx_;
  std::vector<float> nn_dist_;
  ImVec2 query_screen_{0, 0};

  ImageAtlas examples_, neighbors_atlas_;
  std::vector<std::vector<int>> example_rows_;
  std::vector<int> example_atlas_index_;

  KnnCvRunner cv_;
  int folds_ = 5, cv_limit_ = kDefaultCvLimit;
  uint32_t cv_seed_ = 0;
  std::vector<int> cv_ks_ = {1, 3, 5, 7, 10, 15, 20};
  ImVec4 cv_plot_rect_{0, 0, 0, 0};

  int test_rows_ = 0, test_row_ = 0, test_correct_ = 0, test_k_ = 0;
  Metric test_metric_ = Metric::L2;
};

}  // namespace

std::unique_ptr<View> make_data_view() { return std::make_unique<DataView>(); }

}  // namespace descent::ui
