// test_classifiers.cpp: the classifier views (data & kNN, linear, network, gradient check) and their
// helpers. GL-free first: colours, image conversion, the decision-region grid's orientation, the
// incremental cross-validation against the engine's one-shot version (equal results, not just
// close), the trainer's per-epoch measurements against a TrainingSession that
// measures itself, the command options. Then the real app, rendered headless: commands, state,
// kNN ties, the points' colours on screen, exports and errors that leave the app running.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/data/registry.h"
#include "core/data/toy2d.h"
#include "core/knn/cross_validation.h"
#include "core/nn/gradcheck.h"
#include "core/rng.h"
#include "core/train/train_settings.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/colormap.h"
#include "core/ui/decision_regions.h"
#include "core/ui/image_grid.h"
#include "core/ui/knn_cv_runner.h"
#include "tests/app/app_harness.h"

using namespace descent;
using namespace descent::ui;

namespace {

uint8_t red(uint32_t c) { return uint8_t(c & 0xff); }
uint8_t green(uint32_t c) { return uint8_t((c >> 8) & 0xff); }
uint8_t blue(uint32_t c) { return uint8_t((c >> 16) & 0xff); }
uint8_t alpha(uint32_t c) { return uint8_t(c >> 24); }

// N gaussian points in D dimensions, C classes with shifted means (a non-trivial kNN problem).
Dataset gaussian_set(int n, int d, int classes, uint32_t seed) {
  Dataset s;
  s.name = "gauss";
  s.X = Matrix<float>(n, d);
  s.y.resize(size_t(n));
  s.num_classes = classes;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    const int c = int(rng.below(uint32_t(classes)));
    s.y[size_t(i)] = c;
    for (int j = 0; j < d; ++j) s.X(i, j) = float(rng.normal() + (j % classes == c ? 1.0 : 0.0));
  }
  return s;
}

}  // namespace

// ---- colours ------------------------------------------------------------------------------------

TEST_CASE("classifiers: colormap ends, clamping, NaN and the IM_COL32 layout") {
  const uint32_t lo = colormap(0.0f), hi = colormap(1.0f);
  CHECK(red(lo) == 68);
  CHECK(green(lo) == 1);
  CHECK(blue(lo) == 84);
  CHECK(red(hi) == 253);
  CHECK(green(hi) == 231);
  CHECK(blue(hi) == 37);
  CHECK(alpha(lo) == 255);
  CHECK(colormap(-3.0f) == lo);
  CHECK(colormap(7.0f) == hi);
  CHECK(colormap(std::nanf("")) == lo);
  CHECK(alpha(colormap(0.5f, 17)) == 17);
  // Halfway between control points 4 (33,144,141) and 5 (39,173,129): t = 4.5/8.
  const uint32_t mid = colormap(4.5f / 8.0f);
  CHECK(red(mid) == 36);
  CHECK(green(mid) == 159);  // 158.5 rounds up
  CHECK(blue(mid) == 135);
  // Brightness grows along the map (a sequential map: dark = low).
  for (int i = 0; i < 10; ++i) {
    const uint32_t a = colormap(i / 10.0f), b = colormap((i + 1) / 10.0f);
    CHECK(red(a) + 2 * green(a) + blue(a) < red(b) + 2 * green(b) + blue(b));
  }
}

TEST_CASE("classifiers: class colours are distinct and cycle after 10; series 0 and 1 differ") {
  for (int a = 0; a < 10; ++a)
    for (int b = a + 1; b < 10; ++b) CHECK(class_color(a) != class_color(b));
  CHECK(class_color(3) == class_color(13));
  CHECK(class_color(-1) == class_color(9));
  CHECK(alpha(class_color(2, 40)) == 40);
  CHECK(series_color(0) != series_color(1));
  CHECK(red(series_color(0)) > blue(series_color(0)));  // SGD reddish
  CHECK(blue(series_color(1)) > red(series_color(1)));  // momentum bluish
}

// ---- images ---------------------------------------------------------------------------------------

TEST_CASE("classifiers: image_to_rgba maps pixels, min-max and signed weights as documented") {
  const float px[4] = {-0.5f, 0.0f, 0.5f, 2.0f};
  uint8_t out[16];
  image_to_rgba(px, 2, 2, 1, ImageStyle::Pixels, out);
  CHECK(out[0] == 0);    // clamped below
  CHECK(out[4] == 0);
  CHECK(out[8] == 128);  // 0.5 * 255 rounded
  CHECK(out[12] == 255); // clamped above
  CHECK(out[3] == 255);
  CHECK(out[9] == out[8]);  // grey: equal channels
  image_to_rgba(px, 2, 2, 1, ImageStyle::Normalized, out);
  CHECK(out[0] == 0);                                         // min -> black
  CHECK(out[12] == 255);                                      // max -> white
  CHECK(out[4] == uint8_t(std::lround(0.5 / 2.5 * 255.0)));  // (0 - -0.5) / 2.5
  image_to_rgba(px, 2, 2, 1, ImageStyle::Diverging, out);
  // Scaled by max |v| = 2: -0.5 is blue-ish, 0 black, 2 full red.
  CHECK(out[2] > out[0]);
  CHECK(out[4] == 0);
  CHECK(out[5] == 0);
  CHECK(out[6] == 0);
  CHECK(out[12] == 255);
  CHECK(out[12] > out[14]);
  // Colour images keep their channels.
  const float rgb[3] = {1.0f, 0.0f, 0.5f};
  image_to_rgba(rgb, 1, 1, 3, ImageStyle::Pixels, out);
  CHECK(out[0] == 255);
  CHECK(out[1] == 0);
  CHECK(out[2] == 128);
}

// ---- decision regions -------------------------------------------------------------------------

TEST_CASE("classifiers: the region grid's row 0 is the top (largest y), column 0 the left") {
  RegionGrid g;
  g.start(PlaneBox{-2, 2, -1, 3}, 8);
  CHECK(g.busy());
  CHECK(g.version() == 0);
  // Class 1 in the upper-right quadrant about (0, 1), class 0 elsewhere; ties on the diagonal x == y - 1.
  g.finish([](const Matrix<float>& p, int* labels, float* conf) {
    for (int i = 0; i < p.rows; ++i) {
      const float x = p(i, 0), y = p(i, 1);
      labels[i] = (x > 0 && y > 1) ? 1 : 0;
      conf[i] = 1.0f;
    }
  });
  CHECK_FALSE(g.busy());
  CHECK(g.version() == 1);
  REQUIRE(g.labels().size() == 64);
  CHECK(g.labels()[0 * 8 + 7] == 1);  // top right
  CHECK(g.labels()[0 * 8 + 0] == 0);  // top left
  CHECK(g.labels()[7 * 8 + 7] == 0);  // bottom right
  float x = 0, y = 0;
  RegionGrid::cell_center(PlaneBox{-2, 2, -1, 3}, 8, 0, 0, &x, &y);
  CHECK(x == doctest::Approx(-1.75));
  CHECK(y == doctest::Approx(2.75));
  const std::vector<int> counts = g.label_counts(2);
  CHECK(counts[0] == 0);   // no ties
  CHECK(counts[2] == 16);  // a 4 x 4 quadrant
  CHECK(counts[1] == 48);
  // Ties render grey-hatched: equal channels, two shades.
  g.start(PlaneBox{}, 6);
  g.finish([](const Matrix<float>& p, int* labels, float* conf) {
    for (int i = 0; i < p.rows; ++i) {
      labels[i] = -1;
      conf[i] = 0;
    }
  });
  std::vector<uint8_t> rgba;
  g.render(2, &rgba);
  REQUIRE(rgba.size() == 6 * 6 * 4);
  CHECK(rgba[0] == rgba[1]);
  CHECK(rgba[1] == rgba[2]);
  CHECK(rgba[0] != rgba[(0 * 6 + 3) * 4]);  // stripes alternate along a row
  CHECK(g.label_counts(2)[0] == 36);
}

TEST_CASE("classifiers: fit_plane is square and contains every point") {
  const Dataset d = make_toy2d({.kind = Toy2d::Moons, .noise = 0.1, .seed = 3});
  const PlaneBox b = fit_plane(d);
  CHECK(b.x1 - b.x0 == doctest::Approx(b.y1 - b.y0));
  for (int i = 0; i < d.size(); ++i) {
    CHECK(d.X(i, 0) > b.x0);
    CHECK(d.X(i, 0) < b.x1);
    CHECK(d.X(i, 1) > b.y0);
    CHECK(d.X(i, 1) < b.y1);
  }
}

// ---- incremental kNN cross-validation ---------------------------------------------------------

TEST_CASE("classifiers: incremental kNN cross-validation equals cross_validate_knn") {
  struct Case {
    Dataset d;
    int folds, chunk;
  };
  std::vector<Case> cases;
  cases.push_back({make_toy2d({.kind = Toy2d::Moons, .points_per_class = 60, .noise = 0.6, .seed = 5}), 5, 7});
  cases.push_back({gaussian_set(157, 24, 4, 11), 4, 13});  // uneven folds, D > 2
  const std::vector<int> ks = {1, 2, 3, 5, 8};
  for (const Case& c : cases) {
    CAPTURE(c.d.name);
    const Result<std::vector<CvCell>> cv = cross_validate_knn(c.d, ks, {Metric::L1, Metric::L2}, c.folds, 9);
    REQUIRE(cv.ok());
    const std::vector<CvCell>& ref = *cv;
    KnnCvRunner r;
    REQUIRE(r.start(c.d, ks, {Metric::L1, Metric::L2}, c.folds, 9).is_ok());
    CHECK(r.running());
    double last = -1;
    int calls = 0;
    while (r.running()) {
      r.advance(c.chunk);
      CHECK(r.progress() >= last);
      last = r.progress();
      ++calls;
    }
    CHECK(calls > 2 * c.folds);  // really spread over many calls
    REQUIRE(r.done());
    CHECK(r.progress() == 1.0);
    const std::vector<CvCell>& got = r.cells();
    REQUIRE(got.size() == ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i].k == ref[i].k);
      CHECK(got[i].metric == ref[i].metric);
      CHECK(got[i].fold_acc == ref[i].fold_acc);
      CHECK(got[i].mean == ref[i].mean);
      CHECK(got[i].stddev == ref[i].stddev);
    }
    CHECK(best_cell(got).k == best_cell(ref).k);
    // And the accuracies are not trivial (the test could fail): some cell below 1, some well above chance.
    double lo = 1, hi = 0;
    for (const CvCell& cell : got) {
      lo = std::min(lo, cell.mean);
      hi = std::max(hi, cell.mean);
    }
    CHECK(lo < 1.0);
    CHECK(hi > 1.0 / c.d.num_classes + 0.15);
  }
  KnnCvRunner none;
  none.start(gaussian_set(10, 2, 2, 1), {1}, {Metric::L1}, 1, 0);  // folds < 2
  CHECK_FALSE(none.running());
  CHECK_FALSE(none.done());
}

// ---- the trainer -------------------------------------------------------------------------------

TEST_CASE("classifiers: the trainer's epoch measurements equal a self-measuring TrainingSession") {
  Result<DataSplits> loaded = load_dataset({.name = "spiral", .seed = 1, .points_per_class = 60});
  REQUIRE(loaded.ok());
  auto data = std::make_shared<const DataSplits>(std::move(*loaded));
  TrainDesc desc;
  desc.model = {.kind = ModelKind::MLP, .hidden = {16}};
  desc.optimizer = {.kind = OptimizerKind::Adam, .lr = 0.01};
  desc.batch = 16;
  desc.seed = 4;
  ClassifierTrainer t;
  t.desc = desc;
  REQUIRE(t.reset(data).is_ok());
  const int steps = 3 * t.session()->batches_per_epoch() + 2;
  REQUIRE(t.step(steps).is_ok());
  t.settle();
  TrainDesc self = desc;
  self.evaluate_epochs = true;
  TrainingSession ref(data, self);
  for (int i = 0; i < steps; ++i) REQUIRE(ref.step().is_ok());
  REQUIRE(t.records().size() == 4);  // epoch 0 (initial weights) and three epoch ends
  CHECK(t.records()[0].epoch == 0);
  CHECK(t.records()[0].step == 0);
  for (int e = 1; e <= 3; ++e) {
    const EvalRecord& r = t.records()[size_t(e)];
    const EpochStats& s = ref.epochs()[size_t(e - 1)];
    CAPTURE(e);
    CHECK(r.epoch == e);
    CHECK(r.step == long(e) * t.session()->batches_per_epoch());
    CHECK(r.train_acc == s.train_acc);
    CHECK(r.val_acc == s.val_acc);
    CHECK(r.train_loss == s.loss);
  }
  CHECK(t.session()->step_losses() == ref.step_losses());
  // The confusion matrix counts the validation set at the last epoch's end; its diagonal is val_acc.
  const int C = data->train.num_classes;
  const auto counts = [&](long* total, long* diag) {
    REQUIRE(t.confusion().size() == size_t(C * C));
    *total = *diag = 0;
    for (int r = 0; r < C; ++r)
      for (int c = 0; c < C; ++c) {
        *total += t.confusion()[size_t(r * C + c)];
        if (r == c) *diag += t.confusion()[size_t(r * C + c)];
      }
  };
  long total = 0, diag = 0;
  counts(&total, &diag);
  CHECK(t.confusion_set() == "validation");
  CHECK(total == data->val.size());
  CHECK(double(diag) / total == doctest::Approx(t.records().back().val_acc).epsilon(1e-12));
  // The test set stays unused until the final evaluation, which is counted; then the matrix is the test set's.
  CHECK_FALSE(t.final_test().measured);
  CHECK(t.test_uses() == 0);
  t.evaluate_test();
  t.settle();
  REQUIRE(t.final_test().measured);
  CHECK(t.test_uses() == 1);
  counts(&total, &diag);
  CHECK(t.confusion_set() == "test");
  CHECK(total == data->test.size());
  CHECK(double(diag) / total == doctest::Approx(t.final_test().acc).epsilon(1e-12));
  CHECK(t.final_test().acc == doctest::Approx(ref.accuracy(data->test)).epsilon(1e-12));
  CHECK(t.records().size() == 4);  // not a point on the curves
  // The CSV: a header, one row per step, one per evaluation.
  const std::string csv = t.curves_csv();
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + steps + 4);
  CHECK(csv.rfind("kind,index,step,loss,val_loss,train_acc,val_acc\n", 0) == 0);
  const nlohmann::json j = t.curves_json();
  CHECK(j["step_loss"].size() == size_t(steps));
  CHECK(j["epochs"].size() == 4);
}

TEST_CASE("classifiers: the trainer plays within the frame budget and stops at the epoch asked") {
  Result<DataSplits> loaded = load_dataset({.name = "blobs", .seed = 2});
  REQUIRE(loaded.ok());
  auto data = std::make_shared<const DataSplits>(std::move(*loaded));
  ClassifierTrainer t;
  t.desc.model = {.kind = ModelKind::Softmax};
  t.desc.optimizer = {.kind = OptimizerKind::SGD, .lr = 0.1};
  REQUIRE(t.reset(data).is_ok());
  AppContext ctx;
  ctx.frame_budget = 0.005;
  t.play(2);
  int frames = 0;
  while (t.playing() && frames < 10000) {
    ctx.start_frame_budget();
    const double t0 = ctx.now();
    t.update(ctx);
    CHECK(ctx.now() - t0 < 0.25);  // a frame's work stays near the budget (generous: shared machines)
    ++frames;
  }
  CHECK_FALSE(t.playing());
  CHECK(t.session()->epoch() == 2);
  CHECK(t.session()->batch_in_epoch() == 0);
  t.settle();
  CHECK(t.records().size() == 3);
  CHECK(t.records().back().val_acc > 0.9);  // blobs are linearly separable
  CHECK(t.region_grid().version() > 0);
  // A learning rate that diverges: the error is kept and training stops.
  t.desc.model = {.kind = ModelKind::MLP, .hidden = {32}};
  t.desc.optimizer.lr = 1e4;  // the table's largest: a ReLU net's loss is NaN within a few steps
  REQUIRE(t.reset(data).is_ok());
  t.play();
  for (int i = 0; i < 500 && t.playing(); ++i) {
    ctx.start_frame_budget();
    t.update(ctx);
  }
  CHECK_FALSE(t.playing());
  CHECK(t.session()->diverged());
  CHECK_FALSE(t.diverged_message().empty());
  CHECK(ctx.has_error());
}

TEST_CASE("classifiers: training options parse, check their ranges and leave the desc alone on error") {
  TrainDesc d = train_schema().defaults();
  CommandRegistry reg;
  reg.add("t", "t", [&](const CommandArgs& a) { return apply_options(train_schema(), d, a); });
  CHECK(reg.run("t model=svm hidden=5,6").code == ErrorCode::Usage);  // hidden is the mlp's
  REQUIRE(reg.run("t model=mlp reg=l1 lambda=0.5 optimizer=momentum lr=0.2 batch=7 seed=3 hidden=5,6 "
                  "activation=tanh dropout=0.25")
              .is_ok());
  CHECK(d.model.kind == ModelKind::MLP);
  CHECK(d.model.reg.kind == Regularizer::L1);
  CHECK(d.model.reg.lambda == 0.5);
  CHECK(d.optimizer.kind == OptimizerKind::Momentum);
  CHECK(d.optimizer.lr == doctest::Approx(0.2));
  CHECK(d.batch == 7);
  CHECK(d.seed == 3u);
  CHECK(d.model.hidden == std::vector<int>{5, 6});
  CHECK(d.model.activation == kernels::Activation::Tanh);
  CHECK(d.model.dropout == 0.25);
  const TrainDesc before = d;
  for (const char* bad : {"t lambda=-1", "t hidden=0", "t hidden=4,,4", "t optimizer=lbfgs", "t lr=-2", "t batch=-1",
                          "t dropout=1", "t activation=swish", "t reg=l3", "t lr=abc"}) {
    CAPTURE(bad);
    const Status s = reg.run(bad);
    CHECK_FALSE(s.is_ok());
    CHECK(s.code == ErrorCode::Usage);
    CHECK(d.model.reg.lambda == before.model.reg.lambda);
    CHECK(d.model.hidden == before.model.hidden);
    CHECK(d.optimizer.kind == before.optimizer.kind);
    CHECK(d.batch == before.batch);
  }
}

// ---- the rendered app ---------------------------------------------------------------------------

TEST_CASE("classifiers app: data view, kNN regions with ties, points on screen in class colours") {
  REQUIRE_SHELL();
  harness::fresh_app("data");
  harness::run_ok("data xor points=60 noise=0.5");
  harness::run_ok("knn k=2 metric=l2");  // an even k on two classes: 1-1 votes tie
  // The regions are computed a few cells per frame, within the frame budget: wait until done.
  auto regions_done = [](int after) {
    return [after](const nlohmann::json& st) {
      const nlohmann::json& r = st["views"]["data"]["regions"];
      return r["version"].get<int>() > after && !r["busy"].get<bool>();
    };
  };
  harness::render(2);
  nlohmann::json s = harness::render_until(regions_done(0))["views"]["data"];
  CHECK(s["data"] == "xor");
  CHECK(s["train_size"].get<int>() + s["val_size"].get<int>() == 120);
  CHECK(s["knn"]["k"] == 2);
  CHECK(s["knn"]["metric"] == "l2");
  REQUIRE(s["regions"]["version"].get<int>() > 0);
  CHECK(s["regions"]["ties"].get<int>() > 0);
  const int version = s["regions"]["version"].get<int>();
  harness::run_ok("knn k=1");  // never ties
  harness::render(2);
  s = harness::render_until(regions_done(version))["views"]["data"];
  CHECK(s["regions"]["ties"].get<int>() == 0);
  const harness::Image im = harness::render(2);
  harness::save(im, "classifiers_data_xor");
  // Each reported train point shows its class colour at its screen position.
  s = harness::state()["views"]["data"];
  REQUIRE(s.contains("train_points_screen"));
  for (const auto& p : s["train_points_screen"]) {
    int best = 0;
    CHECK(harness::color_near(im, p["x"].get<float>(), p["y"].get<float>(), class_color(p["label"].get<int>()), 12, 2,
                              &best));
    CAPTURE(best);
  }
  CHECK(harness::errors(harness::state()).empty());
}

TEST_CASE("classifiers app: knn query, cross-validation and a bad data set that leaves the app running") {
  REQUIRE_SHELL();
  harness::fresh_app("data");
  harness::run_ok("data spiral points=50");
  harness::run_ok("knn k=3 metric=l1");
  harness::run_ok("knn query 7");
  harness::run_ok("knn cv folds=3 ks=1,3,5 sync=1");
  harness::render(3);
  nlohmann::json s = harness::state()["views"]["data"];
  REQUIRE(s.contains("query"));
  CHECK(s["query"]["index"] == 7);
  REQUIRE(s["query"]["neighbors"].size() == 3);
  for (size_t i = 1; i < 3; ++i)
    CHECK(s["query"]["neighbors"][i]["distance"].get<double>() >= s["query"]["neighbors"][i - 1]["distance"].get<double>());
  REQUIRE(s["cv"]["cells"].size() == 6);
  CHECK(s["cv"]["running"] == false);
  // The table is the engine's on the same rows and folds.
  Result<DataSplits> d = load_dataset({.name = "spiral", .points_per_class = 50});
  REQUIRE(d.ok());
  const Result<std::vector<CvCell>> cv = cross_validate_knn(d->train, {1, 3, 5}, {Metric::L1, Metric::L2}, 3, 0);
  REQUIRE(cv.ok());
  const std::vector<CvCell>& ref = *cv;
  for (size_t i = 0; i < ref.size(); ++i) CHECK(s["cv"]["cells"][i]["mean"].get<double>() == ref[i].mean);
  CHECK(s["cv"]["best"]["k"] == best_cell(ref).k);
  // Errors: a message, the app renders on, the old data stays.
  const Status bad = harness::shell().app().run("data no-such-set");
  CHECK_FALSE(bad.is_ok());
  const Status bad2 = harness::shell().app().run("knn k=0");
  CHECK_FALSE(bad2.is_ok());
  const Status bad3 = harness::shell().app().run("knn query 100000");
  CHECK_FALSE(bad3.is_ok());
  harness::render(3);
  s = harness::state();
  CHECK(s["views"]["data"]["data"] == "spiral");
  CHECK(s["views"]["data"]["knn"]["k"] == 3);
  CHECK(harness::errors(s).size() >= 3);
  harness::run_ok("dismiss");
}

TEST_CASE("classifiers app: linear view trains, tables an example, exports curves") {
  REQUIRE_SHELL();
  harness::fresh_app("linear");
  harness::run_ok("linear model=svm data=blobs reg=l2 lambda=0.001 optimizer=sgd lr=0.05 batch=16 seed=2");
  harness::run_ok("linear step 40");
  harness::run_ok("linear example 3");
  harness::render(3);
  nlohmann::json s = harness::state()["views"]["linear"];
  CHECK(s["model"] == "svm");
  CHECK(s["data"] == "blobs");
  CHECK(s["training"]["step"] == 40);
  CHECK(s["training"]["playing"] == false);
  REQUIRE(s.contains("example"));
  CHECK(s["example"]["index"] == 3);
  // The tabled loss is the hinge loss of the tabled scores (plus the penalty).
  const std::vector<double> sc = s["example"]["scores"];
  const int y = s["example"]["label"];
  double hinge = 0;
  for (size_t j = 0; j < sc.size(); ++j)
    if (int(j) != y) hinge += std::max(0.0, sc[j] - sc[size_t(y)] + 1.0);
  CHECK(s["example"]["data_loss"].get<double>() == doctest::Approx(hinge).epsilon(1e-5));
  // Play two epochs, as a script would.
  harness::run_ok("linear train 2");
  for (int i = 0; i < 400 && harness::state()["views"]["linear"]["training"]["playing"] == true; ++i) harness::render(1);
  s = harness::state()["views"]["linear"];
  CHECK(s["training"]["playing"] == false);
  CHECK(s["training"]["epoch"].get<int>() >= 2);
  CHECK(s["training"]["val_acc"].get<double>() > 0.9);
  // The test accuracy is hidden until the final evaluation, which is counted.
  CHECK_FALSE(s["training"].contains("final_test"));
  CHECK(s["training"]["test_uses"] == 0);
  harness::run_ok("linear test");
  s = harness::state()["views"]["linear"];
  CHECK(s["training"]["final_test"]["test_acc"].get<double>() > 0.9);
  CHECK(s["training"]["test_uses"] == 1);
  const harness::Image im = harness::render(2);
  harness::save(im, "classifiers_linear_blobs");
  const std::string path = harness::screenshot_dir() + "/classifiers_linear_curves.csv";
  std::remove(path.c_str());
  harness::run_ok("export curves csv " + path);
  harness::render(1);
  std::ifstream in(path);
  std::string header;
  REQUIRE(std::getline(in, header));
  CHECK(header == "kind,index,step,loss,val_loss,train_acc,val_acc");
  CHECK_FALSE(harness::shell().app().run("linear model=mlp").is_ok());
  CHECK_FALSE(harness::shell().app().run("linear lr=-1").is_ok());
  CHECK_FALSE(harness::shell().app().run("export curves xml x").is_ok());
  harness::run_ok("dismiss");
}

TEST_CASE("classifiers app: network view learns moons and the boundary is drawn") {
  REQUIRE_SHELL();
  harness::fresh_app("network");
  harness::run_ok("network data=moons hidden=16,16 activation=tanh optimizer=adam lr=0.02 batch=16 seed=1");
  harness::run_ok("network step 600");
  // The boundary is re-drawn a slice per frame after the steps: wait for the one of step 600 (a
  // sanitizer build takes many more frames than 20).
  nlohmann::json s = harness::render_until([](const nlohmann::json& st) {
    const nlohmann::json& t = st["views"]["network"]["training"];
    return t.value("regions_version", 0) > 0 && t.value("regions_step", -1) == 600;
  })["views"]["network"];
  CHECK(s["hidden"] == std::vector<int>{16, 16});
  CHECK(s["activation"] == "tanh");
  CHECK(s["training"]["step"] == 600);
  CHECK(s["training"]["train_acc"].get<double>() > 0.95);
  REQUIRE(s["training"]["regions_version"].get<int>() > 0);
  CHECK(s["training"]["regions_step"] == 600);
  const std::vector<int> counts = s["training"]["regions_counts"];
  REQUIRE(counts.size() == 2);
  CHECK(counts[0] > 1000);  // both classes own a good part of the plane
  CHECK(counts[1] > 1000);
  const harness::Image im = harness::render(2);
  harness::save(im, "classifiers_network_moons");
  s = harness::state()["views"]["network"];
  for (const auto& p : s["training"]["train_points_screen"])
    CHECK(harness::color_near(im, p["x"].get<float>(), p["y"].get<float>(), class_color(p["label"].get<int>()), 12, 2));
  harness::run_ok("export curves json " + harness::screenshot_dir() + "/classifiers_network_curves.json");
  harness::render(1);
  std::ifstream in(harness::screenshot_dir() + "/classifiers_network_curves.json");
  std::stringstream buf;
  buf << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(buf.str(), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["step_loss"].size() == 600);
}

TEST_CASE("classifiers app: gradient check view passes smooth and kinked models, counts kinks") {
  REQUIRE_SHELL();
  harness::fresh_app("gradcheck");
  for (const char* line : {"gradcheck model=mlp activation=tanh hidden=8 data=spiral sync=1",
                           "gradcheck model=mlp activation=relu hidden=8,8 reg=l2 lambda=0.01 sync=1",
                           "gradcheck model=softmax reg=none sync=1"}) {
    CAPTURE(line);
    harness::run_ok(line);
    const nlohmann::json s = harness::state()["views"]["gradcheck"];
    CHECK(s["running"] == false);
    CHECK(s["all_passed"] == true);
    CHECK(s["rows"].size() >= 2);
    for (const auto& r : s["rows"]) {
      CHECK(r["max_rel_error"].get<double>() < 1e-6);
      CHECK(r["checked"].get<int>() > 0);
      CHECK(r["samples"].size() > 0);
    }
  }
  // The SVM's hinge with many active margins, on many examples: kinks are met and counted.
  harness::run_ok("gradcheck model=svm reg=l1 lambda=0.05 examples=64 h=0.05 sync=1");
  const nlohmann::json s = harness::state()["views"]["gradcheck"];
  int kinks = 0;
  for (const auto& r : s["rows"]) kinks += r["kinks_skipped"].get<int>();
  CHECK(kinks > 0);
  // Incremental by default: the check spreads over frames.
  harness::run_ok("gradcheck model=mlp hidden=32,32 activation=relu");
  CHECK(harness::state()["views"]["gradcheck"]["running"] == true);
  // Until it is done, not a fixed frame count: each frame's budget is wall time, and under ASan on a
  // loaded machine 300 frames were not enough.
  const nlohmann::json done = harness::render_until(
      [](const nlohmann::json& st) { return st["views"]["gradcheck"]["running"] == false; }, 20000);
  CHECK(done["views"]["gradcheck"]["running"] == false);
  const harness::Image im = harness::render(2);
  harness::save(im, "classifiers_gradcheck");
  CHECK_FALSE(harness::shell().app().run("gradcheck examples=0").is_ok());
  CHECK_FALSE(harness::shell().app().run("gradcheck h=2").is_ok());
  harness::run_ok("dismiss");
}
