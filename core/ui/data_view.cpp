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
#include "core/knn/knn_settings.h"
#include "core/ui/colormap.h"
#include "core/ui/data_picker.h"
#include "core/ui/decision_regions.h"
#include "core/ui/image_grid.h"
#include "core/ui/knn_cv_runner.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kRegionsRes = 128;
constexpr double kMaxCvWork = 2e11;  // distance terms (row pairs x dimensions x metrics) of one cross-validation
constexpr int kExamplesPerClass = 8;
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

// The view's settings: the data, its seed (which also seeds the cross-validation folds) and kNN's
// (knn_settings.h), with the view's defaults: L2, k in {1, 3, 5, 7, 10, 15, 20}, 2,000 rows.
struct DataViewSettings {
  DataChoice data;
  uint32_t seed = 0;
  KnnDesc knn;
};

const settings::Schema<DataViewSettings>& view_schema() {
  static const settings::Schema<DataViewSettings> schema = [] {
    using settings::Value;
    settings::Schema<DataViewSettings> s("data", {});
    s.add(app_data_schema(), &DataViewSettings::data);
    s.add(settings::number_field(settings::seed_spec("fixes the 2-D data, the validation split and the "
                                                     "cross-validation folds"),
                                 &DataViewSettings::seed, 0));
    s.add(knn_schema()
              .with_default("metric", [](const KnnDesc&) { return Value::of_text("l2"); })
              .with_default("ks", [](const KnnDesc&) { return Value::of_list({1, 3, 5, 7, 10, 15, 20}); })
              .with_default("cv_limit", [](const KnnDesc&) { return Value::of(2000); }),
          &DataViewSettings::knn);
    s.find_mutable("cv_limit")->spec.aliases = {"limit"};  // `knn cv limit=N` before the tables
    return s;
  }();
  return schema;
}

const std::vector<std::string> kKnnKeys = {"k", "metric", "ks", "metrics", "folds", "cv_limit", "limit"};

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
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    r.add("data",
          "data [NAME] [" + view_schema().usage() + "]: show a data set (spiral circles xor blobs moons "
          "fashion-mnist; mnist cifar10 with --data-dir) and set the view's settings",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(a.options.empty() ? 1 : 0, 1, "data [NAME] [key=value ...]", true); !s) return s;
            settings::Given given = a.given();
            if (!a.words.empty()) {
              if (a.has("data")) return make_error(ErrorCode::Usage, "data: give the set's name once");
              given.insert(given.begin(), {"data", a.words[0]});
            }
            return use(given, "data");
          });
    r.add("knn",
          "knn [k=K metric=l1|l2 ks=1,3,5 metrics=l1|l2|l1,l2 folds=N cv_limit=N] | knn cv [the same; sync=1] | "
          "knn query INDEX | knn test [limit=N sync=1]: set k and the distance (and what cross-validation tries); "
          "cross-validate (cv_limit = training rows used, default 2000; sync=1 finishes at once); show test "
          "example INDEX with its nearest training examples; measure test accuracy",
          [this](const CommandArgs& a) { return knn_command(a); });
  }

  // New settings: the data (loaded, or the error and nothing changes), then kNN follows them.
  Status use(const settings::Given& given, const std::string& who) {
    DataViewSettings n = settings_;
    if (Status s = view_schema().apply(n, given, who); !s) return s;
    return use_settings(n);
  }
  Status use_settings(const DataViewSettings& n) {
    DataChoice c = n.data;
    c.seed = n.seed;
    const DataChoice before = data_.choice;
    if (Status s = data_.pick(ctx_, c); !s) return s;
    // k above the training set is refused (kNN would clamp it silently to every training example).
    if (const DataSplits* d = data_.get(); d && n.knn.k > d->train.size()) {
      data_.pick(ctx_, before);  // nothing changes (the old data is in the cache)
      return make_error(ErrorCode::Usage, "knn: k = " + std::to_string(n.knn.k) + " is more than the " +
                                              std::to_string(d->train.size()) + " training examples; give k up to " +
                                              std::to_string(d->train.size()));
    }
    const bool knn_changed = n.knn.k != settings_.knn.k || n.knn.metric != settings_.knn.metric;
    settings_ = n;
    sync_data();
    if (knn_changed) settings_changed();
    return Status::ok();
  }

  // Only the kNN keys (the data's go through `data`).
  Status use_knn(const CommandArgs& a) {
    for (const auto& [key, value] : a.options)
      if (std::find(kKnnKeys.begin(), kKnnKeys.end(), key) == kKnnKeys.end())
        return make_error(ErrorCode::Usage, a.command + ": " + settings::quoted(key) +
                                                " is not a kNN setting; they are k, metric, ks, metrics, folds, "
                                                "cv_limit (the data's: the data command)");
    return use(a.given(), a.command);
  }

  Status knn_command(const CommandArgs& a) {
    if (!data_.get()) {
      if (Status s = data_.load(ctx_); !s) return s;
    }
    sync_data();
    if (a.words.empty()) return use_knn(a);
    const std::string& sub = a.words[0];
    if (sub == "cv") {
      CommandArgs settings_only = a;
      settings_only.options.erase("sync");
      settings_only.command = "knn cv";
      if (Status s = use_knn(settings_only); !s) return s;
      if (Status s = start_cv(); !s) return s;
      // sync=1: scripts wait for it (busy()); the command's own share runs now, the rest over frames.
      cv_sync_ = a.has("sync");
      if (cv_sync_)
        for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; cv_.running() && (!ctx_ || ctx_->now() < end);)
          cv_.advance(chunk_rows(cv_.rows(), 64));
      return Status::ok();
    }
    if (sub == "query") {
      const DataSplits* d = data_.get();
      if (!d) return make_error(ErrorCode::Usage, "knn query: no data loaded");
      Result<int> idx = a.word_integer(1, "INDEX (a test example)", 0, d->test.size() - 1);
      if (!idx) return idx.status();
      query_index_ = *idx;
      const float* q = d->test.X.row(*idx);
      query_point_.assign(q, q + d->test.dim());
      has_query_ = true;
      compute_query();
      return Status::ok();
    }
    if (sub == "test") {
      const settings::Spec rows{.key = "limit", .type = settings::Type::Integer, .lo = 0, .hi = 1e8};
      for (const auto& [key, value] : a.options)
        if (key != "limit" && key != "sync")
          return make_error(ErrorCode::Usage, "knn test: unknown option " + settings::quoted(key) + "; use limit=N, sync=1");
      Result<settings::Value> limit = settings::parse_value(rows, a.has("limit") ? a.options.at("limit") : "0");
      if (!limit) return make_error(ErrorCode::Usage, "knn test: " + limit.status().message);
      start_test(int(limit->number));
      test_sync_ = a.has("sync");
      if (test_sync_)
        for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; test_row_ < test_rows_ && (!ctx_ || ctx_->now() < end);)
          test_chunk(chunk_rows(data_.get()->train.size(), 16));
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
    // Chunks of about kChunkDistances query-to-training distances, so one chunk (and the frame)
    // stays short even for a million training points.
    while (cv_.running() && ctx.time_left()) cv_.advance(chunk_rows(cv_.rows(), d->train.is_image() ? 8 : 64));
    while (test_row_ < test_rows_ && ctx.time_left()) test_chunk(chunk_rows(d->train.size(), d->train.is_image() ? 4 : 256));
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
      if (data_.draw(ctx)) {
        settings_.data = data_.choice;
        sync_data();
      }
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

  bool busy() const override {
    return (cv_sync_ && cv_.running()) || (test_sync_ && test_row_ < test_rows_);
  }
  std::vector<settings::Spec> setting_specs() const override { return specs_of(view_schema()); }

  void state(nlohmann::json& out) const override {
    data_.state(out);
    const DataSplits* d = data_.get();
    out["settings"] = settings_json(view_schema(), settings_);
    out["active"] = data_.get() != nullptr;
    out["knn"] = {{"k", settings_.knn.k}, {"metric", metric_name(settings_.knn.metric)}};
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
    cv["folds"] = settings_.knn.folds;
    cv["ks"] = settings_.knn.ks;
    cv["limit"] = settings_.knn.cv_limit;
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
    out["test_uses"] = test_uses_;
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
    if (Status s = knn_.train(d->train.X, d->train.y, d->train.num_classes); !s && ctx_) ctx_->error(s.message);
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
    if (is_2d()) grid_.start(fit_plane(d->train), kRegionsRes);
    test_rows_ = test_row_ = 0;  // that test accuracy was of the old k and metric: hidden again
    if (has_query_) compute_query();
  }

  void classify_grid(const Matrix<float>& pts, int* labels, float* conf) {
    const int C = knn_.num_classes();
    votes_.assign(static_cast<size_t>(std::max(C, 1)), 0);
    for (int i = 0; i < pts.rows; ++i) {
      knn_.nearest(pts.row(i), settings_.knn.k, settings_.knn.metric, &grid_idx_, nullptr);
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
    knn_.nearest(query_point_.data(), settings_.knn.k, settings_.knn.metric, &nn_idx_, &nn_dist_);
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
    const int n = settings_.knn.cv_limit > 0 ? std::min(settings_.knn.cv_limit, d->train.size()) : d->train.size();
    if (settings_.knn.folds < 2)
      return make_error(ErrorCode::Usage, "knn cv: folds must be 2..20 to cross-validate (it is " +
                                              std::to_string(settings_.knn.folds) + ")");
    if (n < settings_.knn.folds) return make_error(ErrorCode::Usage, "knn cv: needs at least as many training rows as folds");
    const int fold_train = n - (n + settings_.knn.folds - 1) / settings_.knn.folds;  // the smallest training part
    for (int k : settings_.knn.ks)
      if (k > fold_train)
        return make_error(ErrorCode::Usage, "knn cv: k = " + std::to_string(k) + " is more than the " +
                                                std::to_string(fold_train) + " rows each fold trains on; give ks up to " +
                                                std::to_string(fold_train) + " (or more rows: cv_limit)");
    // Every held-out row against every other row of its fold, per metric: refused where it would run
    // for minutes (the work goes on over frames, but nobody waits that long for a figure).
    const double work = double(n) * fold_train * double(d->train.dim()) * double(metrics_of(settings_.knn.metrics).size());
    if (work > kMaxCvWork)
      return make_error(ErrorCode::TooLarge,
                        "knn cv: " + std::to_string(n) + " rows would compute " + settings::readable_number(work) +
                            " distance terms, more than the app's " + settings::readable_number(kMaxCvWork) +
                            "; use cv_limit=" +
                            std::to_string(int(std::sqrt(kMaxCvWork / (double(d->train.dim()) * 2)))) + " or fewer");
    std::vector<int> rows(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) rows[size_t(i)] = i;
    return cv_.start(take_rows(d->train, rows), settings_.knn.ks, metrics_of(settings_.knn.metrics),
                     settings_.knn.folds, settings_.seed);
  }

  static int chunk_rows(int train_rows, int most) {
    constexpr long kChunkDistances = 1 << 20;
    return static_cast<int>(std::clamp(kChunkDistances / std::max<long>(train_rows, 1), 1L, static_cast<long>(most)));
  }

  void start_test(int limit) {
    const DataSplits* d = data_.get();
    if (!d) return;
    test_rows_ = limit > 0 ? std::min(limit, d->test.size()) : d->test.size();
    ++test_uses_;  // the test set is used once, at the end: every use is counted and shown
    test_row_ = 0;
    test_correct_ = 0;
    test_k_ = settings_.knn.k;
    test_metric_ = settings_.knn.metric;
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

  // Widgets of the view's settings; a change goes through use() like a command.
  void view_widgets(std::initializer_list<const char*> keys, float width) {
    DataViewSettings n = settings_;
    if (settings_row(*ctx_, view_schema(), n, keys, width)) ctx_->check(use_settings(n));
  }

  void draw_knn_panel(const DataSplits& d) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("k-nearest neighbours");
    help_marker(kKnnHelp);
    ImGui::SameLine();
    view_widgets({"k"}, ImGui::GetFontSize() * 8);
    ImGui::SameLine();
    view_widgets({"metric"}, ImGui::GetFontSize() * 4);
    if (test_rows_ > 0) {
      const double acc = test_row_ > 0 ? 100.0 * test_correct_ / test_row_ : 0.0;
      if (test_row_ < test_rows_)
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% so far, %d / %d", test_k_, metric_name(test_metric_), acc,
                    test_row_, test_rows_);
      else
        ImGui::Text("test accuracy (k=%d, %s): %.1f%% on %d test examples", test_k_, metric_name(test_metric_), acc,
                    test_rows_);
    }
    // The test set is used once, at the end (choose k and the metric by cross-validation below).
    if (ImGui::Button("Final test")) start_test(d.train.is_image() ? 500 : 0);
    ImGui::SameLine();
    ImGui::TextDisabled("(%stest set used %d time%s)", d.train.is_image() ? "first 500 test images; " : "", test_uses_,
                        test_uses_ == 1 ? "" : "s");
    if (d.train.is_image()) {
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
    ImGui::Text("vote of the %d nearest: %s%s (true: %s)", settings_.knn.k, query_tied_ ? "tie -> " : "",
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
    view_widgets({"folds", "cv_limit", "metrics"}, ImGui::GetFontSize() * 5);
    ImGui::SameLine();
    if (cv_.running()) {
      if (ImGui::Button("Stop")) cv_.cancel();
      ImGui::SameLine();
      ImGui::ProgressBar(static_cast<float>(cv_.progress()), ImVec2(ImGui::GetFontSize() * 8, 0));
    } else if (ImGui::Button("Run")) {
      ctx_->check(start_cv());
    }
    const int n = settings_.knn.cv_limit > 0 ? std::min(settings_.knn.cv_limit, d.train.size()) : d.train.size();
    ImGui::TextDisabled("%d-fold on the first %d training rows, k in {%s}, L1 and L2", settings_.knn.folds, n, ks_text().c_str());
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
    if (ImGui::SmallButton("use it"))
      ctx_->check(use({{"k", std::to_string(best.k)}, {"metric", metric_name(best.metric)}}, "use it"));
  }

  std::string ks_text() const {
    std::string s;
    for (int k : settings_.knn.ks) {
    if (!s.empty()) s += ',';
    s += std::to_string(k);
  }
    return s;
  }

  AppContext* ctx_ = nullptr;
  DataSlot data_;
  int seen_version_ = 0;
  KNearestNeighbor knn_;
  DataViewSettings settings_ = view_schema().defaults();
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
  ImVec4 cv_plot_rect_{0, 0, 0, 0};

  int test_rows_ = 0, test_row_ = 0, test_correct_ = 0, test_k_ = 0, test_uses_ = 0;
  bool cv_sync_ = false, test_sync_ = false;  // a script waits for these (busy())
  Metric test_metric_ = Metric::L2;
};

}  // namespace

std::unique_ptr<View> make_data_view() { return std::make_unique<DataView>(); }

}  // namespace descent::ui
