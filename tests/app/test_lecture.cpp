// test_lecture.cpp: the Lecture view. GL-free tests of its model (lecture_model.h: chapters, every
// example's inputs through commands, bad input leaving the last good result, the data-driven
// chapters computed in update() equal to the engine's functions called directly); the plot's y
// axis (no six-decimal labels for two nearly equal losses); then rendered frames: every chapter
// draws without an error message and leaves a PNG, and each chapter's button opens its full view.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/data/registry.h"
#include "core/ui/lecture_model.h"
#include "core/ui/plot.h"
#include "tests/app/app_harness.h"

using namespace descent;
using namespace descent::ui;
using namespace descent::lecture;

namespace {

struct LectureFixture {
  AppContext ctx;
  CommandRegistry reg;
  LectureModel m;
  LectureFixture() { m.register_commands(reg, &ctx); }
  Status run(const std::string& line) { return reg.run(line); }
  // Frames of update() with a generous budget until done() holds (at most n).
  template <typename Done>
  void update_until(Done done, int n = 2000) {
    ctx.frame_budget = 0.05;
    for (int i = 0; i < n && !done(); ++i) {
      ctx.start_frame_budget();
      m.update(ctx);
    }
  }
};

bool have_fashion_mnist() { return std::filesystem::exists(kDefaultFashionMnistDir); }

}  // namespace

TEST_CASE("lecture model: ten chapters in order, chosen by command; the open commands name existing views") {
  LectureFixture f;
  CHECK(f.m.chapter() == 1);
  for (int n = 1; n <= 10; ++n) {
    CHECK(f.run("lecture chapter " + std::to_string(n)).is_ok());
    CHECK(f.m.chapter() == n);
    CHECK(f.m.current().number == n);
    const std::vector<std::string> open = LectureModel::open_commands(n);
    REQUIRE(open.size() >= 2);
    CHECK(open.back().rfind("view ", 0) == 0);
    CHECK(std::string(LectureModel::open_label(n)).size() > 5);
  }
  CHECK(f.run("lecture chapter 11").code == ErrorCode::Usage);
  CHECK(f.run("lecture chapter x").code == ErrorCode::Usage);
  CHECK(f.run("lecture frobnicate").code == ErrorCode::Usage);
  CHECK(f.m.chapter() == 10);
}

TEST_CASE("lecture model: the lecture's numbers at start, edits through commands, bad input changes nothing") {
  LectureFixture f;
  CHECK(f.m.distance().l1 == 456);
  CHECK(std::round(f.m.softmax().loss_ln * 1e4) == 20404);
  CHECK(std::round(f.m.svm().mean_svm * 100) == 527);
  CHECK(f.m.linear().scores[2] == doctest::Approx(60.75).epsilon(1e-13));
  // Edits: each result equals the example function on the edited inputs.
  CHECK(f.run("lecture softmax scores=1,2,3 label=2").is_ok());
  const Result<SoftmaxExample> s = softmax_example({1, 2, 3}, 2, kLectureLossClasses);
  CHECK(f.m.softmax().loss_ln == s->loss_ln);
  CHECK(f.run("lecture images test=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,10").is_ok());
  long sum = 0;  // the same by a plain loop: |test - train| with test all 0 but the last pixel, 10
  for (size_t i = 0; i < 16; ++i) sum += std::abs((i == 15 ? 10 : 0) - kLectureTrainImage[i]);
  CHECK(f.m.distance().l1 == sum);
  CHECK(f.run("lecture linear b=0,0,0").is_ok());
  CHECK(f.m.linear().scores[2] == doctest::Approx(61.95).epsilon(1e-13));  // W x alone
  CHECK(f.run("lecture reg beta=2").is_ok());
  CHECK(f.m.regularization().elastic_2 == doctest::Approx(2 * 0.25 + 1).epsilon(1e-15));
  CHECK(f.run("lecture fd h=0.001").is_ok());
  CHECK(f.m.finite_difference().forward == doctest::Approx(20.001).epsilon(1e-9));
  CHECK(f.run("lecture torch seed=5").is_ok());
  CHECK(f.m.torch().in.weight == torch_linear_inputs(5).weight);
  CHECK(f.run("lecture momentum a=0").is_ok());
  CHECK(f.m.momentum().in.a == 0);
  CHECK(f.m.momentum().lecture_a0_is_gd);
  CHECK(f.run("lecture layers hidden=8 seed=2").is_ok());
  CHECK(f.m.layers().steps.size() == 3);
  CHECK(f.m.layers().steps[2].formula == "o = H(a2, W3)");
  CHECK(f.run("lecture svm example=1 scores=0,0,0").is_ok());
  CHECK(f.m.svm().svm_loss[1] == 2);  // two margins of 1
  // Bad input: a Usage error naming the command, and the last good result stays.
  const double before = f.m.softmax().loss_ln;
  CHECK(f.run("lecture softmax scores=1,2").code == ErrorCode::Usage);
  CHECK(f.run("lecture softmax label=7").code == ErrorCode::Usage);
  CHECK(f.m.softmax().loss_ln == before);
  CHECK(f.run("lecture images test=1,2,3").code == ErrorCode::Usage);
  CHECK(f.run("lecture images test=300,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0").code == ErrorCode::Usage);
  CHECK(f.run("lecture fd h=0").code == ErrorCode::Usage);
  CHECK(f.run("lecture momentum a=1").code == ErrorCode::Usage);
  CHECK(f.run("lecture layers hidden=0").code == ErrorCode::Usage);
  CHECK(f.run("lecture torch target=3").code == ErrorCode::Usage);
  CHECK(f.run("lecture pixels data=spiral").code == ErrorCode::Usage);
  CHECK(f.run("lecture linear x=a,b").code == ErrorCode::Usage);
  CHECK(f.m.finite_difference().in.h == 0.001);
  // reset: the lecture's inputs again.
  CHECK(f.run("lecture reset").is_ok());
  CHECK(f.m.distance().l1 == 456);
  CHECK(std::round(f.m.softmax().loss_ln * 1e4) == 20404);
  nlohmann::json st;
  f.m.state(st);
  CHECK(st["examples"]["l1-distance"]["l1"] == 456);
  CHECK(st["examples"]["softmax"]["log_base"] == "e");
}

TEST_CASE("lecture model: chapter 3 cross-validates the spiral in update(), as choose_k does directly") {
  LectureFixture f;
  CHECK(f.run("lecture chapter 3").is_ok());
  CHECK(f.m.cv() == nullptr);  // nothing is loaded inside the command
  f.update_until([&] { return f.m.cv() != nullptr; }, 5);
  REQUIRE(f.m.cv() != nullptr);
  Result<DataSplits> d = load_dataset({.name = "spiral"});
  REQUIRE(d.ok());
  Result<ChooseK> r = choose_k(*d, f.m.cv_inputs());
  REQUIRE(r.ok());
  CHECK(f.m.cv()->best_k == r->best_k);
  CHECK(f.m.cv()->best_metric == r->best_metric);
  CHECK(f.m.cv()->test_accuracy == r->test_accuracy);
  CHECK(f.run("lecture cv folds=3 ks=1,5").is_ok());
  f.update_until([&] { return f.m.cv() != nullptr; }, 5);
  REQUIRE(f.m.cv() != nullptr);
  CHECK(f.m.cv()->table.size() == 4);
  CHECK(f.ctx.messages().empty());
}

TEST_CASE("lecture model: chapters 1, 2 and 8 on Fashion-MNIST: the image, the timing, full vs mini-batch") {
  if (!have_fashion_mnist()) {
    MESSAGE("skipped: no Fashion-MNIST in ", kDefaultFashionMnistDir);
    return;
  }
  LectureFixture f;
  f.update_until([&] { return f.m.pixels() != nullptr; }, 3);
  REQUIRE(f.m.pixels() != nullptr);
  CHECK(f.m.pixels()->numbers == 784);
  CHECK(f.m.pixels()->set == "fashion-mnist");
  const DataSplits* d = f.m.images();
  REQUIRE(d != nullptr);
  CHECK(d->train.size() == 9000);  // the app's 10,000-image subset less its validation tenth
  Result<PixelsExample> p = pixels_example(d->train, 0);
  CHECK(f.m.pixels()->bytes == p->bytes);
  CHECK(f.run("lecture pixels index=7").is_ok());
  CHECK(f.m.pixels()->index == 7);
  CHECK(f.run("lecture pixels index=9000").code == ErrorCode::Usage);

  CHECK(f.run("lecture chapter 2").is_ok());
  CHECK(f.run("lecture knn-time queries=6").is_ok());
  f.update_until([&] { return f.m.knn_time() && f.m.knn_time()->done(); });
  REQUIRE(f.m.knn_time() != nullptr);
  REQUIRE(f.m.knn_time()->done());
  const std::vector<KnnTimePoint>& pts = f.m.knn_time()->points();
  REQUIRE(pts.size() == knn_time_sizes(9000).size());
  CHECK(pts.back().train_size == 9000);
  KNearestNeighbor knn;  // the last size's labels are the engine's 1-NN on the whole training set
  knn.train(d->train.X, d->train.y, d->train.num_classes);
  Matrix<float> q(6, d->val.dim());
  std::copy(d->val.X.ptr(), d->val.X.ptr() + q.size(), q.ptr());
  CHECK(pts.back().labels == knn.predict(q, 1, Metric::L1));

  CHECK(f.run("lecture chapter 8").is_ok());
  CHECK(f.run("lecture batch epochs=2 batch=500").is_ok());
  f.update_until([&] { return f.m.batch() && f.m.batch()->done(); });
  REQUIRE(f.m.batch() != nullptr);
  REQUIRE(f.m.batch()->done());
  BatchComparisonDesc desc = f.m.batch_desc();
  BatchComparison direct(f.m.images() ? std::make_shared<const DataSplits>(*f.m.images()) : nullptr, desc);
  while (direct.advance()) {
  }
  CHECK(f.m.batch()->full_curve() == direct.full_curve());
  CHECK(f.m.batch()->mini_curve() == direct.mini_curve());
  CHECK(f.m.batch()->mini()->steps() == 2 * 18);  // ceil(9000 / 500) per epoch
  for (const Message& msg : f.ctx.messages()) CHECK_MESSAGE(!msg.error, msg.text);
}

TEST_CASE("plot: two nearly equal losses get short y labels that fit the margin") {
  PlotAxes axes;
  const YAxis a = y_axis(1.096678, 1.096681, axes, 200, 13);
  CHECK(a.y1 - a.y0 >= 1e-3 * 1.0966);
  REQUIRE(a.ticks.size() >= 2);
  for (const YAxis::Tick& t : a.ticks) {
    CAPTURE(t.label);
    CHECK(t.label.size() <= 6);  // "1.0965": no "1.096678" whose left end the margin cuts off
    CHECK(t.t >= a.y0 - 1e-12);
    CHECK(t.t <= a.y1 + 1e-12);
  }
  const YAxis b = y_axis(0.2, 2.4, axes, 200, 13);  // an ordinary range keeps its nice ticks
  CHECK(b.ticks.front().label == "0.5");
  axes.log_y = true;
  const YAxis c = y_axis(std::log10(1e-4), std::log10(10.0), axes, 200, 13);
  CHECK(c.ticks.front().label == "1e-4");
}

TEST_CASE("lecture view: hidden, it loads nothing (the app opens on the lab without reading Fashion-MNIST)") {
  REQUIRE_SHELL();
  harness::fresh_app();
  harness::render(5);
  const nlohmann::json l = harness::state()["views"]["lecture"];
  CHECK(l["chapter"] == 1);
  CHECK_FALSE(l["examples"].contains("pixels"));
  CHECK(l["examples"]["l1-distance"]["l1"] == 456);  // the input-only examples are there at once
}

TEST_CASE("lecture view: every chapter renders without an error, and leaves a PNG") {
  REQUIRE_SHELL();
  harness::fresh_app("lecture");
  harness::run_ok("lecture chapter 10");  // the frame before chapter 1, to differ from
  harness::Image previous = harness::render(2);
  CHECK(harness::state()["view"] == "lecture");
  for (int n = 1; n <= 10; ++n) {
    CAPTURE(n);
    harness::run_ok("lecture chapter " + std::to_string(n));
    // Chapters 2 and 8 measure over frames: let them finish (or show progress after the cap).
    const nlohmann::json s = harness::render_until(
        [&](const nlohmann::json& j) {
          const nlohmann::json& l = j["views"]["lecture"];
          if (l["drawn_chapter"] != n) return false;
          if (n == 2 && have_fashion_mnist()) return l["examples"].contains("knn-time") && l["examples"]["knn-time"]["done"] == true;
          if (n == 8 && have_fashion_mnist()) return l["examples"].contains("batch-vs-minibatch") && l["examples"]["batch-vs-minibatch"]["done"] == true;
          if (n == 3) return l["examples"].contains("cross-validation");
          if (n == 1 && have_fashion_mnist()) return l["examples"].contains("pixels");
          return true;
        },
        3000);
    const harness::Image im = harness::render(2);
    const nlohmann::json& l = s["views"]["lecture"];
    CHECK(l["chapter"] == n);
    CHECK(l["drawn_chapter"] == n);
    for (const std::string& e : harness::errors(s)) MESSAGE("error message: ", e);
    CHECK(harness::errors(s).empty());
    CHECK(l["input_error"] == "");
    // Text, tables, fields and plots: more than a blank frame's handful of colours (the pixel font
    // draws text in one colour, so a text-heavy chapter has few), and not the previous chapter.
    CHECK(harness::distinct_colors(im) > 15);
    CHECK(harness::changed_pixels(previous, im) > 3000);
    harness::save(im, "lecture_" + std::to_string(n));
    previous = im;
  }
}

TEST_CASE("lecture view: a chapter's button opens its full view, set up by the app's commands") {
  REQUIRE_SHELL();
  harness::fresh_app("lecture");
  harness::run_ok("lecture chapter 9");
  harness::render(2);
  harness::run_ok("lecture open");
  harness::render(3);
  nlohmann::json s = harness::state();
  CHECK(s["view"] == "lab");
  CHECK(s["views"]["lab"]["surface"]["name"] == "quadratic");
  harness::run_ok("view lecture");
  harness::run_ok("lecture open 10");
  harness::render(3);
  s = harness::state();
  CHECK(s["view"] == "network");
  CHECK(harness::errors(s).empty());
  harness::run_ok("lecture open 7");
  harness::render(3);
  CHECK(harness::state()["view"] == "gradcheck");
}
