// knn_model.cpp: the data & kNN view's settings, commands, query, regions, cross-validation and final
// test (knn_model.h).
#include "core/ui/knn_model.h"

#include <algorithm>
#include <cmath>

#include "core/ui/settings_json.h"

namespace descent::ui {

namespace {

constexpr int kRegionsRes = 128;
constexpr double kMaxCvWork = 2e11;  // distance terms (row pairs x dimensions x metrics) of one cross-validation

const std::vector<std::string> kKnnKeys = {"k", "metric", "ks", "metrics", "folds", "cv_limit", "limit"};

// Query rows per chunk: about kChunkDistances query-to-training distances, at most `most`, so one
// chunk (and the frame) stays short even for a million training points.
int chunk_rows(int train_rows, int most) {
  constexpr long kChunkDistances = 1 << 20;
  return static_cast<int>(std::clamp(kChunkDistances / std::max<long>(train_rows, 1), 1L, static_cast<long>(most)));
}

}  // namespace

const settings::Schema<DataViewSettings>& data_view_schema() {
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
    s.add(compute::device_schema(), &DataViewSettings::device);
    s.find_mutable("device")->spec.help += "; here: where the final test's kNN runs";
    s.find_mutable("cv_limit")->spec.aliases = {"limit"};  // `knn cv limit=N` before the tables
    return s;
  }();
  return schema;
}

// ---- commands ---------------------------------------------------------------------------------------

void KnnModel::register_commands(CommandRegistry& r) {
  r.add("data",
        "data [NAME] [" + data_view_schema().usage() + "]: show a data set (spiral circles xor blobs moons "
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

Status KnnModel::use(const settings::Given& given, const std::string& who) {
  DataViewSettings n = settings_;
  if (Status s = data_view_schema().apply(n, given, who); !s) return s;
  return use_settings(n);
}

Status KnnModel::use_settings(const DataViewSettings& n) {
  // gl where the platform has no OpenGL 4.3: refused, nothing changes.
  if (n.device.device != settings_.device.device)
    if (Status s = ComputeDevices::check_choice(ctx_ ? &ctx_->devices : nullptr, n.device.device, "data"); !s) return s;
  DataChoice c = n.data;
  c.seed = n.seed;
  const DataChoice before = data_.choice;
  const DataSplits* had = data_.get();
  const bool in_sync = seen_version_ == data_.version();
  if (Status s = data_.pick(ctx_, c); !s) return s;
  // k above the training set is refused (kNN would clamp it silently to every training example).
  if (const DataSplits* d = data_.get(); d && n.knn.k > d->train.size()) {
    const std::string rows = std::to_string(d->train.size());
    data_.pick(ctx_, before);  // nothing changes (the old data is in the cache): the query, the runs stay
    if (in_sync && data_.get() == had) seen_version_ = data_.version();
    return make_error(ErrorCode::Usage, "knn: k = " + std::to_string(n.knn.k) + " is more than the " + rows +
                                            " training examples; give k up to " + rows);
  }
  const bool knn_changed = n.knn.k != settings_.knn.k || n.knn.metric != settings_.knn.metric;
  settings_ = n;
  sync_data();
  if (knn_changed) settings_changed();
  return Status::ok();
}

// Only the kNN keys (the data's go through `data`).
Status KnnModel::use_knn(const CommandArgs& a) {
  for (const auto& [key, value] : a.options)
    if (std::find(kKnnKeys.begin(), kKnnKeys.end(), key) == kKnnKeys.end())
      return make_error(ErrorCode::Usage, a.command + ": " + settings::quoted(key) +
                                              " is not a kNN setting; they are k, metric, ks, metrics, folds, "
                                              "cv_limit (the data's: the data command)");
  return use(a.given(), a.command);
}

Status KnnModel::knn_command(const CommandArgs& a) {
  if (!data_.get()) {
    if (Status s = data_.load(ctx_); !s) return s;
  }
  sync_data();
  if (a.words.empty()) return use_knn(a);
  const std::string& sub = a.words[0];
  if (sub == "cv") return cv_command(a);
  if (sub == "query") {
    const DataSplits* d = data_.get();
    if (!d) return make_error(ErrorCode::Usage, "knn query: no data loaded");
    Result<int> idx = a.word_integer(1, "INDEX (a test example)", 0, d->test.size() - 1);
    if (!idx) return idx.status();
    query_test_example(*idx);
    return Status::ok();
  }
  if (sub == "test") return test_command(a);
  return make_error(ErrorCode::Usage, "knn: unknown sub-command '" + sub + "'; use k=.. metric=.., cv, query, test");
}

Status KnnModel::cv_command(const CommandArgs& a) {
  CommandArgs settings_only = a;
  settings_only.options.erase("sync");
  settings_only.command = "knn cv";
  if (Status s = use_knn(settings_only); !s) return s;
  if (ctx_) ensure_data(*ctx_);
  if (Status s = start_cv(); !s) return s;
  // sync=1: scripts wait for it (busy()); the command's own share runs now, the rest over frames.
  cv_sync_ = a.has("sync");
  if (cv_sync_)
    for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; cv_.running() && (!ctx_ || ctx_->now() < end);)
      advance_cv(chunk_rows(cv_.rows(), 64));
  return Status::ok();
}

Status KnnModel::test_command(const CommandArgs& a) {
  const settings::Spec rows{.key = "limit", .type = settings::Type::Integer, .lo = 0, .hi = 1e8};
  for (const auto& [key, value] : a.options)
    if (key != "limit" && key != "sync")
      return make_error(ErrorCode::Usage, "knn test: unknown option " + settings::quoted(key) + "; use limit=N, sync=1");
  Result<settings::Value> limit = settings::parse_value(rows, a.has("limit") ? a.options.at("limit") : "0");
  if (!limit) return make_error(ErrorCode::Usage, "knn test: " + limit.status().message);
  if (ctx_) ensure_data(*ctx_);
  if (!data_.get()) return make_error(ErrorCode::Usage, "knn test: no data loaded");  // not a silent no-op
  start_test(int(limit->number));
  test_sync_ = a.has("sync");
  if (test_sync_)
    for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; test_.done < test_.rows && (!ctx_ || ctx_->now() < end);)
      classify_test_rows(chunk_rows(data_.get()->train.size(), 16));
  return Status::ok();
}

// ---- the frame's work -------------------------------------------------------------------------------

void KnnModel::update(AppContext& ctx) {
  ensure_data(ctx);
  const DataSplits* d = data_.get();
  if (!d) return;
  // Regions first (2-D), then cross-validation and the test accuracy, each a slice.
  if (is_2d() && grid_.busy())
    grid_.advance(ctx, [this](const Matrix<float>& p, int* l, float* c) { classify_grid(p, l, c); }, 0.006);
  while (cv_.running() && ctx.time_left()) advance_cv(chunk_rows(cv_.rows(), d->train.is_image() ? 8 : 64));
  while (test_.done < test_.rows && ctx.time_left()) {
    if (test_.device == compute::DeviceKind::CPU) {
      classify_test_rows(chunk_rows(d->train.size(), d->train.is_image() ? 4 : 256));
    } else {  // a device call is not cut short: rows per call grow while a call takes under a third of the budget
      const double t0 = ctx.now();
      classify_test_rows(test_chunk_);
      const double took = ctx.now() - t0;
      if (took < ctx.frame_budget / 3) test_chunk_ = std::min(test_chunk_ * 2, 4096);
      else if (took > ctx.frame_budget) test_chunk_ = std::max(test_chunk_ / 2, 1);
    }
  }
}

bool KnnModel::busy() const { return (cv_sync_ && cv_.running()) || (test_sync_ && test_.done < test_.rows); }

void KnnModel::ensure_data(AppContext& ctx) {
  ctx_ = &ctx;
  data_.ensure(ctx);
  sync_data();
}

void KnnModel::data_picked() {
  settings_.data = data_.choice;
  sync_data();
}

bool KnnModel::is_2d() const {
  const DataSplits* d = data_.get();
  return d && !d->train.is_image() && d->train.dim() == 2;
}

// Reacts to newly loaded data: retrain kNN, restart the regions, choose the examples.
void KnnModel::sync_data() {
  if (data_.version() == seen_version_) return;
  seen_version_ = data_.version();
  const DataSplits* d = data_.get();
  if (!d) return;
  if (Status s = knn_.train(d->train.X, d->train.y, d->train.num_classes); !s && ctx_) ctx_->error(s.message);
  has_query_ = false;
  query_ = KnnQuery();
  ++query_version_;
  cv_ = KnnCvRunner();
  test_ = KnnTestRun();
  example_rows_.clear();
  grid_ = RegionGrid();
  if (is_2d()) {
    grid_.start(fit_plane(d->train), kRegionsRes);
  } else {
    build_examples(*d);
    // A first query, so the figure is never empty: the first test image.
    if (d->test.size() > 0) query_test_example(0);
  }
}

void KnnModel::settings_changed() {
  const DataSplits* d = data_.get();
  if (!d) return;
  if (is_2d()) grid_.start(fit_plane(d->train), kRegionsRes);
  test_ = KnnTestRun();  // that test accuracy was of the old k and metric: hidden again
  if (has_query_) find_neighbors();
}

void KnnModel::build_examples(const DataSplits& d) {
  const Dataset& t = d.train;
  example_rows_.assign(static_cast<size_t>(t.num_classes), {});
  for (int i = 0; i < t.size(); ++i) {
    std::vector<int>& row = example_rows_[size_t(t.y[size_t(i)])];
    if (static_cast<int>(row.size()) < kKnnExamplesPerClass) row.push_back(i);
  }
}

// ---- the query ----------------------------------------------------------------------------------------

void KnnModel::query_point(float x, float y) {
  if (!is_2d()) return;
  query_.point = {x, y};
  query_.index = -1;
  has_query_ = true;
  find_neighbors();
}

void KnnModel::query_test_example(int i) {
  const DataSplits* d = data_.get();
  if (!d || d->test.size() == 0) return;
  i = std::clamp(i, 0, d->test.size() - 1);
  query_.index = i;
  query_.point.assign(d->test.X.row(i), d->test.X.row(i) + d->test.dim());
  has_query_ = true;
  find_neighbors();
}

bool KnnModel::step_query(int delta) {
  const DataSplits* d = data_.get();
  if (!d || d->test.size() == 0) return false;
  const int n = d->test.size();
  const int next = !has_query_ || query_.index < 0 ? 0 : query_.index + delta;
  query_test_example((next % n + n) % n);
  return true;
}

// ---- cross-validation and the final test --------------------------------------------------------------

int KnnModel::cv_rows() const {
  const DataSplits* d = data_.get();
  if (!d) return 0;
  return settings_.knn.cv_limit > 0 ? std::min(settings_.knn.cv_limit, d->train.size()) : d->train.size();
}

Status KnnModel::start_cv() {
  const DataSplits* d = data_.get();
  if (!d) return make_error(ErrorCode::Usage, "knn cv: no data loaded");
  const int n = cv_rows();
  const int folds = settings_.knn.folds;
  if (folds < 2)
    return make_error(ErrorCode::Usage, "knn cv: folds must be 2..20 to cross-validate (it is " + std::to_string(folds) + ")");
  if (n < folds) return make_error(ErrorCode::Usage, "knn cv: needs at least as many training rows as folds");
  const int fold_train = n - (n + folds - 1) / folds;  // the smallest training part
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
                          "; use cv_limit=" + std::to_string(int(std::sqrt(kMaxCvWork / (double(d->train.dim()) * 2)))) +
                          " or fewer");
  std::vector<int> rows(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) rows[size_t(i)] = i;
  return cv_.start(take_rows(d->train, rows), settings_.knn.ks, metrics_of(settings_.knn.metrics), folds, settings_.seed);
}

void KnnModel::start_test(int limit) {
  const DataSplits* d = data_.get();
  if (!d) return;
  test_ = KnnTestRun();
  test_.rows = limit > 0 ? std::min(limit, d->test.size()) : d->test.size();
  ++test_uses_;  // the test set is used once, at the end: every use is counted and shown
  test_.k = settings_.knn.k;
  test_.metric = settings_.knn.metric;
  test_.device = settings_.device.device;
}

// ---- the heavy evaluation -----------------------------------------------------------------------------

void KnnModel::find_neighbors() {
  const DataSplits* d = data_.get();
  if (!d || !has_query_ || static_cast<int>(query_.point.size()) != d->train.dim()) return;
  knn_.nearest(query_.point.data(), settings_.knn.k, settings_.knn.metric, &query_.neighbors, &query_.distances);
  std::vector<int> votes(static_cast<size_t>(d->train.num_classes), 0);
  for (int j : query_.neighbors) ++votes[size_t(d->train.y[size_t(j)])];
  query_.predicted = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
  const int top = votes[size_t(query_.predicted)];
  query_.tied = std::count(votes.begin(), votes.end(), top) > 1;
  ++query_version_;
}

// The next `rows` test rows of the final test, classified with the k and metric it measures.
void KnnModel::classify_test_rows(int rows) {
  const DataSplits* d = data_.get();
  const int n = std::min(rows, test_.rows - test_.done);
  if (!d || n <= 0) return;
  const double t0 = ctx_ ? ctx_->now() : 0.0;
  Matrix<float> q(n, d->test.dim());
  std::copy(d->test.X.row(test_.done), d->test.X.row(test_.done) + size_t(n) * size_t(d->test.dim()), q.ptr());
  std::vector<int> pred;
  if (test_.device == compute::DeviceKind::CPU) {
    pred = knn_.predict(q, test_.k, test_.metric);
  } else {
    Result<std::vector<int>> p = device_predict(q);
    if (!p) {  // a device error ends this run (shown); nothing is counted from it
      if (ctx_) ctx_->error("knn test on the " + std::string(compute::device_name(test_.device)) +
                            " device: " + p.status().message);
      test_ = KnnTestRun();
      return;
    }
    pred = std::move(*p);
  }
  for (int i = 0; i < n; ++i) test_.correct += pred[size_t(i)] == d->test.y[size_t(test_.done + i)];
  test_.done += n;
  if (ctx_) {
    test_.seconds += ctx_->now() - t0;
    if (test_.done == test_.rows) test_times_.record(test_.device, test_.seconds);
  }
}

// The test's device: its kNN trained on this data (the training set copied there once).
Result<std::vector<int>> KnnModel::device_predict(const Matrix<float>& q) {
  const DataSplits* d = data_.get();
  if (!ctx_) return make_error(ErrorCode::Usage, "no app context");
  Result<compute::ComputeDevice*> dev = ctx_->devices.get(test_.device);
  if (!dev) return dev.status();
  if (!device_knn_ || device_knn_version_ != data_.version()) {
    device_knn_ = std::make_unique<compute::DeviceKnn>(**dev);
    device_knn_version_ = -1;
    if (Status s = device_knn_->train(d->train.X, d->train.y, d->train.num_classes); !s) {
      device_knn_.reset();
      return s;
    }
    device_knn_version_ = data_.version();
  }
  return device_knn_->predict(q, test_.k, test_.metric);
}

// points (n, 2) -> the vote's label per point (-1: tied) and the winner's share of the votes.
void KnnModel::classify_grid(const Matrix<float>& pts, int* labels, float* conf) {
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

void KnnModel::advance_cv(int rows) { cv_.advance(rows); }

// ---- the state ------------------------------------------------------------------------------------------

void KnnModel::state(nlohmann::json& out) const {
  data_.state(out);
  const DataSplits* d = data_.get();
  out["settings"] = settings_json(data_view_schema(), settings_);
  out["active"] = d != nullptr;
  out["knn"] = {{"k", settings_.knn.k}, {"metric", metric_name(settings_.knn.metric)}};
  if (!d) return;
  if (is_2d()) {
    out["regions"] = {{"version", grid_.version()}, {"busy", grid_.busy()}, {"res", grid_.res()}};
    if (grid_.version() > 0) {
      const std::vector<int> counts = grid_.label_counts(d->train.num_classes);
      out["regions"]["ties"] = counts[0];
      out["regions"]["counts"] = std::vector<int>(counts.begin() + 1, counts.end());
    }
  } else {
    int shown = 0;
    for (const std::vector<int>& row : example_rows_) shown += static_cast<int>(row.size());
    out["examples_shown"] = shown;
  }
  if (has_query_) {
    nlohmann::json q;
    q["index"] = query_.index;
    if (query_.index >= 0) q["label"] = d->test.y[size_t(query_.index)];
    q["predicted"] = query_.predicted;
    nlohmann::json nb = nlohmann::json::array();
    for (size_t i = 0; i < query_.neighbors.size(); ++i)
      nb.push_back({{"index", query_.neighbors[i]},
                    {"label", d->train.y[size_t(query_.neighbors[i])]},
                    {"distance", query_.distances[i]}});
    q["neighbors"] = nb;
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
  out["cv"] = cv;
  out["test_uses"] = test_uses_;
  if (test_.rows > 0) {
    out["test"] = {{"rows", test_.rows},
                   {"done", test_.done},
                   {"k", test_.k},
                   {"metric", metric_name(test_.metric)},
                   {"device", compute::device_name(test_.device)},
                   {"seconds", test_.seconds},
                   {"accuracy", test_.accuracy()}};
  }
  out["test_seconds"] = test_times_.json();  // each device's last whole final test
}

}  // namespace descent::ui
