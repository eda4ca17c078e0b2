// test_lab.cpp: the optimisation lab. GL-free tests of its model (lab_model.h: defaults, stepping
// against a hand-written gradient descent, rewind, divergence, commands, play timing, theory,
// exports, state), its contours (lab_contour.h: marching squares on a cone, chaining, the level
// scale) and its screen paths (lab_paths.h); then rendered frames: each path's colour shows on
// screen where state() says it was drawn, and a diverged path ends in a red X.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/surface/momentum_theory.h"
#include "core/ui/colormap.h"
#include "core/ui/lab_contour.h"
#include "core/ui/lab_model.h"
#include "core/ui/lab_paths.h"
#include "tests/app/app_harness.h"

using namespace descent;
using namespace descent::ui;

namespace {

// A registry with the lab's commands; exports land in `saved`.
struct LabFixture {
  LabModel lab;
  CommandRegistry reg;
  std::vector<std::pair<std::string, std::string>> saved;
  LabFixture() {
    lab.register_commands(reg, [this](const std::string& n, const std::string& c) { saved.push_back({n, c}); });
  }
  Status run(const std::string& line) { return reg.run(line); }
};

const OptimizerDesc& hyper(const LabModel& lab, int i) { return lab.hyper(i); }

}  // namespace

TEST_CASE("lab: defaults are the quadratic, SGD and momentum 0.9 at the same lr, in their colours") {
  LabModel lab;
  const SurfaceInfo info = surface_info(lab.surface());
  CHECK(lab.surface().kind == SurfaceKind::Quadratic);
  CHECK(lab.surface().eigen_a == 1.0);
  CHECK(lab.surface().eigen_b == 100.0);
  CHECK(lab.start_x() == info.start_x);
  CHECK(lab.start_y() == info.start_y);
  REQUIRE(lab.runs().size() == 2);
  CHECK(hyper(lab, 0).kind == OptimizerKind::SGD);
  CHECK(hyper(lab, 1).kind == OptimizerKind::Momentum);
  CHECK(hyper(lab, 0).lr == info.default_lr);
  CHECK(hyper(lab, 1).lr == info.default_lr);
  CHECK(hyper(lab, 1).momentum == 0.9);
  CHECK(lab.runs()[0].color == series_color(0));
  CHECK(lab.runs()[1].color == series_color(1));
  CHECK_FALSE(lab.playing());
  CHECK(lab.speed() == 20);
}

TEST_CASE("lab: step N follows a hand-written gradient descent and heavy ball on the quadratic") {
  LabModel lab;
  lab.step(60);
  CHECK(lab.steps() == 60);
  // Reference: the quadratic (x^2 + 100 y^2)/2 unrotated, grad = (x, 100 y); torch's momentum form.
  const double lr = hyper(lab, 0).lr;
  double x = lab.start_x(), y = lab.start_y();
  double mx = x, my = y, zx = 0, zy = 0;
  for (int k = 0; k < 60; ++k) {
    x -= lr * x, y -= lr * 100 * y;
    zx = 0.9 * zx + mx, zy = 0.9 * zy + 100 * my;
    mx -= lr * zx, my -= lr * zy;
  }
  const TrajectoryPoint& s = lab.runs()[0].runner.trajectory().points.back();
  const TrajectoryPoint& m = lab.runs()[1].runner.trajectory().points.back();
  CHECK(s.step == 60);
  CHECK(s.x == doctest::Approx(x).epsilon(1e-12));
  CHECK(s.y == doctest::Approx(y).epsilon(1e-9).scale(1e-12));
  CHECK(m.x == doctest::Approx(mx).epsilon(1e-12).scale(1e-12));
  CHECK(m.y == doctest::Approx(my).epsilon(1e-12).scale(1e-12));
}

TEST_CASE("lab: back N rewinds exactly, and stepping again retraces the same path") {
  LabModel lab;
  lab.step(40);
  const std::vector<TrajectoryPoint> at40 = lab.runs()[1].runner.trajectory().points;
  lab.step(25);
  const std::vector<TrajectoryPoint> at65 = lab.runs()[1].runner.trajectory().points;
  lab.back(25);
  CHECK(lab.steps() == 40);
  const auto& now = lab.runs()[1].runner.trajectory().points;
  REQUIRE(now.size() == at40.size());
  CHECK(now.back().x == at40.back().x);
  CHECK(now.back().y == at40.back().y);
  lab.step(25);  // the velocity came back too, so the same 25 steps follow
  REQUIRE(lab.runs()[1].runner.trajectory().points.size() == at65.size());
  CHECK(lab.runs()[1].runner.trajectory().points.back().x == at65.back().x);
  CHECK(lab.runs()[1].runner.trajectory().points.back().y == at65.back().y);
  lab.back(1000);  // clamps at the start
  CHECK(lab.steps() == 0);
  CHECK(lab.runs()[0].runner.trajectory().points.size() == 1);
}

TEST_CASE("lab: a diverged optimizer stops, says why, and comes back when stepped back past it") {
  LabFixture f;
  // lr * lmax = 0.03 * 100 = 3 > 2: SGD's steep coordinate grows by |1 - 3| = 2 each step.
  REQUIRE(f.run("optimizer set 0 lr=0.03").is_ok());
  REQUIRE(f.run("step 100").is_ok());
  const Trajectory& t = f.lab.runs()[0].runner.trajectory();
  REQUIRE(t.diverged);
  CHECK(t.points.back().step + 1 == t.diverged_step);
  CHECK_FALSE(f.lab.runs()[1].runner.trajectory().diverged);  // momentum goes on
  CHECK(f.lab.runs()[1].runner.trajectory().points.back().step == 100);
  const std::vector<std::string> events = f.lab.take_events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].find("sgd (#0) diverged at step") != std::string::npos);
  CHECK(events[0].find("lr*lmax = 3") != std::string::npos);
  CHECK(f.lab.take_events().empty());  // announced once
  nlohmann::json s;
  f.lab.state(s);
  CHECK(s["optimizers"][0]["diverged"] == true);
  CHECK(s["optimizers"][0]["message"].get<std::string>().find("diverged") != std::string::npos);
  // Back to before the failed step: alive again.
  const int failed = t.diverged_step;
  f.lab.back(100 - (failed - 1));
  CHECK_FALSE(f.lab.runs()[0].runner.trajectory().diverged);
  CHECK(f.lab.runs()[0].runner.trajectory().points.back().step == failed - 1);
  f.lab.step(1);  // the same lr fails again at the same step
  CHECK(f.lab.runs()[0].runner.trajectory().diverged_step == failed);
}

TEST_CASE("lab: the surface, eigen, rotation and start commands") {
  LabFixture f;
  REQUIRE(f.run("surface rosenbrock").is_ok());
  CHECK(f.lab.surface().kind == SurfaceKind::Rosenbrock);
  CHECK(f.lab.start_x() == -1.2);
  CHECK(f.lab.start_y() == 1.0);
  CHECK(hyper(f.lab, 0).lr == surface_info(f.lab.surface()).default_lr);  // SGD: the surface's lr
  REQUIRE(f.run("surface quadratic a=2 b=8 rotation=30").is_ok());
  CHECK(f.lab.surface().eigen_a == 2.0);
  CHECK(f.lab.surface().eigen_b == 8.0);
  CHECK(f.lab.rotation_deg() == doctest::Approx(30).epsilon(1e-12));
  CHECK(hyper(f.lab, 0).lr == doctest::Approx(1.8 / 10).epsilon(1e-12));  // surface_info for a=2, b=8
  REQUIRE(f.run("eigen 1 20").is_ok());
  CHECK(f.lab.surface().eigen_b == 20.0);
  CHECK(hyper(f.lab, 0).lr == doctest::Approx(0.18).epsilon(1e-12));  // eigen keeps the lr
  REQUIRE(f.run("rotation -90").is_ok());
  CHECK(f.lab.rotation_deg() == doctest::Approx(270).epsilon(1e-12));
  REQUIRE(f.run("start 1 -2").is_ok());
  CHECK(f.lab.runs()[0].runner.trajectory().points[0].x == 1.0);
  CHECK(f.lab.runs()[1].runner.trajectory().points[0].y == -2.0);
  REQUIRE(f.run("surface beale").is_ok());
  REQUIRE(f.run("eigen 3 4").is_ok());  // eigen switches back to the quadratic
  CHECK(f.lab.surface().kind == SurfaceKind::Quadratic);

  // Bad input: an error that names the problem, and nothing changes.
  const SurfaceDesc before = f.lab.surface();
  CHECK(f.run("surface moon").code == ErrorCode::Usage);
  CHECK(f.run("eigen -1 3").code == ErrorCode::Usage);
  CHECK(f.run("eigen 1").code == ErrorCode::Usage);
  CHECK(f.run("surface rosenbrock a=3").code == ErrorCode::Usage);
  CHECK(f.run("surface quadratic c=3").code == ErrorCode::Usage);
  CHECK(f.run("start 1 nan").code == ErrorCode::Usage);
  CHECK(f.lab.surface().eigen_a == before.eigen_a);
  CHECK(f.lab.surface().kind == before.kind);
}

TEST_CASE("lab: the optimizer command adds, sets, removes and clears") {
  LabFixture f;
  REQUIRE(f.run("optimizer add adam lr=0.05 beta1=0.8").is_ok());
  REQUIRE(f.lab.runs().size() == 3);
  CHECK(hyper(f.lab, 2).kind == OptimizerKind::Adam);
  CHECK(hyper(f.lab, 2).lr == 0.05);
  CHECK(hyper(f.lab, 2).beta1 == 0.8);
  CHECK(hyper(f.lab, 2).beta2 == 0.999);  // torch's default
  CHECK(f.lab.runs()[2].color == series_color(int(OptimizerKind::Adam)));
  REQUIRE(f.run("optimizer add sgd").is_ok());  // a second SGD gets a colour of its own
  CHECK(f.lab.runs()[3].color != f.lab.runs()[0].color);
  CHECK(hyper(f.lab, 3).lr == hyper(f.lab, 0).lr);  // omitted lr: the suggested one

  // Added mid-run, it joins at the lab's step.
  REQUIRE(f.run("step 7").is_ok());
  REQUIRE(f.run("optimizer add nesterov").is_ok());
  CHECK(f.lab.runs()[4].runner.trajectory().points.back().step == 7);

  // set applies from the next step: the step taken before stays.
  REQUIRE(f.run("optimizer set 1 lr=0.001 mu=0.5").is_ok());
  CHECK(hyper(f.lab, 1).lr == 0.001);
  CHECK(hyper(f.lab, 1).momentum == 0.5);
  REQUIRE(f.run("optimizer set 1 mu=0").is_ok());  // a zero is a zero here, not "the default"
  CHECK(hyper(f.lab, 1).momentum == 0.0);
  REQUIRE(f.run("optimizer add momentum mu=0 lr=0.01").is_ok());
  CHECK(hyper(f.lab, 5).momentum == 0.0);
  REQUIRE(f.run("optimizer remove 5").is_ok());
  REQUIRE(f.run("optimizer set 1 mu=0.5").is_ok());
  CHECK(f.run("optimizer set 1 mu=1.5").code == ErrorCode::Usage);
  CHECK(hyper(f.lab, 1).momentum == 0.5);
  CHECK(f.run("optimizer set 9 lr=1").code == ErrorCode::Usage);
  CHECK(f.run("optimizer set 0 speed=1").code == ErrorCode::Usage);
  CHECK(f.run("optimizer add lbfgs").code == ErrorCode::Usage);
  CHECK(f.run("optimizer add sgd lr=-1").code == ErrorCode::Usage);
  CHECK(f.run("optimizer add sgd lr=0").code == ErrorCode::Usage);
  CHECK(f.run("optimizer jump").code == ErrorCode::Usage);

  REQUIRE(f.run("optimizer remove 0").is_ok());
  CHECK(f.lab.runs().size() == 4);
  CHECK(hyper(f.lab, 0).kind == OptimizerKind::Momentum);
  CHECK(f.run("optimizer remove 4").code == ErrorCode::Usage);
  for (int k = 0; k < 4; ++k) REQUIRE(f.run("optimizer add rmsprop").is_ok());
  CHECK(f.run("optimizer add rmsprop").code == ErrorCode::Usage);  // at most 8
  REQUIRE(f.run("optimizer clear").is_ok());
  CHECK(f.lab.runs().empty());
  REQUIRE(f.run("step 3").is_ok());  // an empty lab still steps
}

TEST_CASE("lab: step, back, play, pause and speed commands; play is frame-rate independent") {
  LabFixture f;
  CHECK(f.run("step 0").code == ErrorCode::Usage);
  CHECK(f.run("step x").code == ErrorCode::Usage);
  CHECK(f.run("speed 5000").code == ErrorCode::Usage);
  REQUIRE(f.run("step").is_ok());
  REQUIRE(f.run("step 9").is_ok());
  CHECK(f.lab.steps() == 10);
  REQUIRE(f.run("back 4").is_ok());
  CHECK(f.lab.steps() == 6);
  REQUIRE(f.run("reset").is_ok());
  CHECK(f.lab.steps() == 0);

  // 20 steps/s for one second of frames, at 20 fps or at 100 fps: the same 20 steps.
  REQUIRE(f.run("speed 20").is_ok());
  REQUIRE(f.run("play").is_ok());
  CHECK(f.lab.playing());
  for (int k = 0; k < 20; ++k) f.lab.advance(0.05);
  CHECK(f.lab.steps() == 20);
  f.lab.reset();
  int taken = 0;
  for (int k = 0; k < 100; ++k) taken += f.lab.advance(0.01);
  CHECK(taken == 20);  // 0.2 per frame accumulates; no step lost to rounding
  CHECK(f.lab.steps() == 20);
  REQUIRE(f.run("pause").is_ok());
  CHECK(f.lab.advance(1.0) == 0);
  CHECK(f.lab.steps() == 20);
  // A stalled frame (10 s) counts as 0.25 s at most.
  f.lab.play();
  CHECK(f.lab.advance(10.0) == 5);
}

TEST_CASE("lab: playing pauses when every optimizer has diverged") {
  LabFixture f;
  REQUIRE(f.run("optimizer set 0 lr=0.05").is_ok());
  REQUIRE(f.run("optimizer set 1 lr=0.05").is_ok());  // 0.05*100 = 5 > 2(1+0.9)
  REQUIRE(f.run("speed 1000").is_ok());
  f.lab.play();
  for (int k = 0; k < 20 && f.lab.playing(); ++k) f.lab.advance(0.1);
  CHECK_FALSE(f.lab.playing());
  bool said = false;
  for (const std::string& e : f.lab.take_events()) said = said || e.find("every optimizer has diverged") != std::string::npos;
  CHECK(said);
}

TEST_CASE("lab: the theory matches Goh's closed forms and the measured rate matches the theory") {
  LabFixture f;
  REQUIRE(f.run("surface quadratic a=1 b=10").is_ok());
  REQUIRE(f.run("step 400").is_ok());
  const LabTheory th = f.lab.theory();
  REQUIRE(th.valid);
  CHECK(th.kappa == 10.0);
  CHECK(th.gd_best_lr == doctest::Approx(2.0 / 11).epsilon(1e-15));
  CHECK(th.gd_best_rate == doctest::Approx(9.0 / 11).epsilon(1e-15));
  const double sk = std::sqrt(10.0);
  CHECK(th.momentum_best_rate == doctest::Approx((sk - 1) / (sk + 1)).epsilon(1e-14));
  CHECK(th.momentum_best_mu == doctest::Approx(std::pow((sk - 1) / (sk + 1), 2)).epsilon(1e-14));
  CHECK(th.momentum_best_lr == doctest::Approx(std::pow(2 / (1 + sk), 2)).epsilon(1e-14));
  REQUIRE(th.rows.size() == 2);
  // SGD at lr = 1.8/11: rate max(|1 - lr|, |1 - 10 lr|) = 1 - 1.8/11.
  const double lr = 1.8 / 11;
  CHECK(th.rows[0].predicted == doctest::Approx(1 - lr).epsilon(1e-14));
  CHECK(th.rows[0].measured == doctest::Approx(th.rows[0].predicted).epsilon(1e-6));
  // Momentum 0.9 at that lr: complex eigenvalues on both ends, rate sqrt(0.9); the fit averages
  // the spiral's wobble out to about 1e-3.
  CHECK(th.rows[1].predicted == doctest::Approx(std::sqrt(0.9)).epsilon(1e-12));
  CHECK(th.rows[1].measured == doctest::Approx(std::sqrt(0.9)).epsilon(3e-3));
  CHECK(th.rows[0].steps_to_1e6 == doctest::Approx(std::log(1e-6) / std::log(1 - lr)).epsilon(1e-12));
  nlohmann::json s;
  f.lab.state(s);
  CHECK(s["theory"]["kappa"] == 10.0);
  CHECK(s["theory"]["gd_rate"].get<double>() == doctest::Approx(1 - lr).epsilon(1e-14));
  CHECK(s["theory"]["momentum_rate"].get<double>() == doctest::Approx(std::sqrt(0.9)).epsilon(1e-12));
  CHECK(s["theory"]["gd_measured"].get<double>() == doctest::Approx(1 - lr).epsilon(1e-6));
  // mu = 0 is predicted as plain gradient descent (not as the default 0.9).
  REQUIRE(f.run("optimizer set 1 mu=0").is_ok());
  CHECK(f.lab.theory().rows[1].predicted == doctest::Approx(1 - lr).epsilon(1e-14));
  REQUIRE(f.run("surface himmelblau").is_ok());
  CHECK_FALSE(f.lab.theory().valid);
  f.lab.state(s = nlohmann::json::object());
  CHECK_FALSE(s.contains("theory"));
}

TEST_CASE("lab: measure_rate needs enough steps above rounding, then fits the geometric decay") {
  Trajectory t;
  for (int k = 0; k < 200; ++k) t.points.push_back({k, std::pow(0.8, k), 0, 0});
  CHECK(measure_rate(t, 0, 0) == doctest::Approx(0.8).epsilon(1e-12));
  // Past 1e-10 of the start the points are ignored (0.8^k < 1e-10 from k = 104).
  for (int k = 104; k < 200; ++k) t.points[size_t(k)].x = 1e-300;
  CHECK(measure_rate(t, 0, 0) == doctest::Approx(0.8).epsilon(1e-12));
  t.points.resize(10);
  CHECK(measure_rate(t, 0, 0) == 0);  // too short: 5 points in the fit
  t.points.resize(60);
  CHECK(measure_rate(t, 0, 0) == 0);  // 30 points: still too few to average a spiral out
}

TEST_CASE("lab: exports list every point; state carries surface, optimizers and colours") {
  LabFixture f;
  REQUIRE(f.run("step 12").is_ok());
  REQUIRE(f.run("lab export csv /tmp/descent_lab_test.csv").is_ok());
  REQUIRE(f.run("lab export json out.json").is_ok());
  CHECK(f.run("lab export xml out.xml").code == ErrorCode::Usage);
  CHECK(f.run("lab save csv out.csv").code == ErrorCode::Usage);
  REQUIRE(f.saved.size() == 2);
  CHECK(f.saved[0].first == "/tmp/descent_lab_test.csv");
  const std::string& csv = f.saved[0].second;
  CHECK(csv.rfind("index,kind,step,x,y,loss\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 13);
  CHECK(csv.find("\n1,momentum,12,") != std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(f.saved[1].second);
  CHECK(j["surface"]["name"] == "quadratic");
  REQUIRE(j["optimizers"].size() == 2);
  CHECK(j["optimizers"][0]["kind"] == "sgd");
  CHECK(j["optimizers"][1]["momentum"] == 0.9);
  REQUIRE(j["optimizers"][1]["points"].size() == 13);
  CHECK(j["optimizers"][1]["points"][12][0] == 12);
  CHECK(j["optimizers"][1]["points"][12][1].get<double>() ==
        f.lab.runs()[1].runner.trajectory().points[12].x);

  nlohmann::json s;
  f.lab.state(s);
  CHECK(s["surface"]["name"] == "quadratic");
  CHECK(s["surface"]["b"] == 100.0);
  CHECK(s["start"][0] == f.lab.start_x());
  CHECK(s["playing"] == false);
  CHECK(s["speed"] == 20.0);
  CHECK(s["step"] == 12);
  REQUIRE(s["optimizers"].size() == 2);
  CHECK(s["optimizers"][0]["color"] == "#ff6e64");  // series_color(0) = (255, 110, 100)
  CHECK(s["optimizers"][1]["color"] == color_hex(series_color(1)));
  CHECK(s["optimizers"][1]["step"] == 12);
  CHECK(s["optimizers"][1]["lr"] == hyper(f.lab, 1).lr);
  CHECK(s["optimizers"][1]["x"] == f.lab.runs()[1].runner.trajectory().points.back().x);
  CHECK(s["optimizers"][0]["diverged"] == false);
}

TEST_CASE("lab: suggested_lr halves until a run from the start stays finite") {
  // Beale from (1, 1.5): momentum 0.9 at SGD's 0.01 diverges; the suggestion is smaller and stable.
  const SurfaceDesc beale{.kind = SurfaceKind::Beale};
  const OptimizerDesc mom{.kind = OptimizerKind::Momentum, .momentum = 0.9};
  CHECK(run_trajectory(beale, {.kind = OptimizerKind::Momentum, .lr = 0.01, .momentum = 0.9}, 1, 1.5, 300).diverged);
  const double lr = suggested_lr(mom, beale, 1, 1.5);
  CHECK(lr < 0.01);
  OptimizerDesc d = mom;
  d.lr = lr;
  CHECK_FALSE(run_trajectory(beale, d, 1, 1.5, 300).diverged);
  // SGD on the quadratic: surface_info's default, untouched.
  const SurfaceDesc q{.kind = SurfaceKind::Quadratic, .eigen_a = 1, .eigen_b = 10};
  CHECK(suggested_lr({.kind = OptimizerKind::SGD}, q, -2.5, 1.5) == surface_info(q).default_lr);
}

TEST_CASE("lab contour: the level scale is monotone, clamped and inverts exactly") {
  const SurfaceField f = compute_surface_field({.kind = SurfaceKind::Rosenbrock}, 64);
  CHECK(f.n == 64);
  CHECK(f.scale.vmin == 0.0);  // the minimum's value, below every grid value
  CHECK(f.scale.level(f.scale.vmin) == 0.0f);
  CHECK(f.scale.level(f.scale.vmax) == 1.0f);
  CHECK(f.scale.level(-5) == 0.0f);
  CHECK(f.scale.level(1e30) == 1.0f);
  for (double t : {0.1, 0.37, 0.5, 0.9})
    CHECK(f.scale.level(f.scale.value(t)) == doctest::Approx(t).epsilon(1e-6));
  float prev = -1;
  for (double v = 0; v < 3000; v = v * 1.5 + 0.01) {
    const float t = f.scale.level(v);
    CHECK(t >= prev);
    prev = t;
  }
  // Grid layout: value[j*n + i] = f(x_i, y_j), row 0 at ymin.
  CHECK(f.value[0] == evaluate({.kind = SurfaceKind::Rosenbrock}, f.xmin, f.ymin).value);
  CHECK(f.value[size_t(63) * 64 + 5] ==
        evaluate({.kind = SurfaceKind::Rosenbrock}, f.xmin + 5 * (f.xmax - f.xmin) / 63, f.ymax).value);
  // The saddle has no bottom: a linear scale.
  CHECK_FALSE(compute_surface_field({.kind = SurfaceKind::Saddle}, 16).scale.log);
}

TEST_CASE("lab contour: marching squares traces a circle on a cone, and chaining closes it") {
  // f = distance from the centre of the unit square, sampled 41 x 41; the iso line 0.3 is a circle.
  const int n = 41;
  std::vector<float> f(size_t(n) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) f[size_t(j) * n + i] = std::hypot(i / 40.0f - 0.5f, j / 40.0f - 0.5f);
  std::vector<ContourSegment> segs;
  marching_squares(f.data(), n, n, 0.3f, 0, &segs);
  REQUIRE(segs.size() > 40);
  // Linear interpolation of a cone along a cell edge: within h^2/(8r) ~ 3e-4 of the true radius.
  double worst = 0, length = 0;
  for (const ContourSegment& s : segs) {
    worst = std::max(worst, std::fabs(std::hypot(s.u0 - 0.5, s.v0 - 0.5) - 0.3));
    worst = std::max(worst, std::fabs(std::hypot(s.u1 - 0.5, s.v1 - 0.5) - 0.3));
    length += std::hypot(s.u1 - s.u0, s.v1 - s.v0);
  }
  CHECK(worst < 5e-4);
  CHECK(length == doctest::Approx(2 * std::acos(-1.0) * 0.3).epsilon(2e-3));
  std::vector<ContourLine> lines;
  chain_contours(segs, &lines);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].closed);
  CHECK(lines[0].uv.size() == 2 * segs.size());  // every segment once, no repeated point
  // No iso crossing, no segment; an iso value on one side only.
  segs.clear();
  marching_squares(f.data(), n, n, 5.0f, 0, &segs);
  CHECK(segs.empty());
  // A saddle cell splits by its mean: corners 1, 0, 1, 0 (a, b, c, d) at 0.4 (mean 0.5 above):
  // a and c are joined through the middle, so b and d are cut off.
  const float cell[4] = {1, 0, 0, 1};  // row 0: a=1, b=0; row 1: d=0, c=1
  segs.clear();
  marching_squares(cell, 2, 2, 0.4f, 0, &segs);
  REQUIRE(segs.size() == 2);
  for (const ContourSegment& s : segs) {
    const bool near_b = s.u0 > 0.5f && s.v1 < 0.5f;  // bottom -> right
    const bool near_d = s.v0 > 0.5f && s.u1 < 0.5f;  // top -> left
    CHECK((near_b || near_d));
  }
}

TEST_CASE("lab paths: screen mapping, thinning and coverage") {
  ScreenMap m;
  m.xmin = -2, m.xmax = 2, m.ymin = -1, m.ymax = 3;
  m.left = 100, m.top = 50, m.right = 500, m.bottom = 450;
  const ScreenPoint c = m.to_screen(0, 1);
  CHECK(c.x == 300.0f);
  CHECK(c.y == 250.0f);
  CHECK(m.to_screen(-2, 3).y == 50.0f);  // y up in the box is up on screen
  double x, y;
  m.to_box(300, 250, &x, &y);
  CHECK(x == doctest::Approx(0).scale(1));
  CHECK(y == doctest::Approx(1));
  // 1000 points 0.001 apart (0.1 px): thinned to 1 px spacing, keeping both ends.
  Trajectory t;
  for (int k = 0; k <= 1000; ++k) t.points.push_back({k, -1 + k * 0.001, 1, 0});
  std::vector<ScreenPoint> pts;
  screen_polyline(t, m, 1.0f, &pts);
  CHECK(pts.size() >= 100);
  CHECK(pts.size() <= 102);
  CHECK(pts.front().x == m.to_screen(-1, 1).x);
  CHECK(pts.back().x == m.to_screen(0, 1).x);
  // Far away points are clamped, not overflowed; the path is cut after the first point more than a
  // map size outside the map.
  t.points.push_back({1001, 1e300, -1e300, 0});
  bool cut = true;
  screen_polyline(t, m, 1.0f, &pts, &cut);
  CHECK(pts.back().x == 1e6f);
  CHECK(pts.back().y == 1e6f);
  CHECK_FALSE(cut);  // it is the last point
  t.points.push_back({1002, 0, 0, 0});
  const size_t before = pts.size();
  screen_polyline(t, m, 1.0f, &pts, &cut);
  CHECK(cut);
  CHECK(pts.size() == before);  // (0, 0) after the escape is not drawn
  // A swing out of the map by less than a map size (x = 5.9: 0.975 widths beyond) comes back: kept.
  Trajectory swing;
  swing.points = {{0, 0, 1, 0}, {1, 5.9, 1, 0}, {2, 0, 1, 0}};
  screen_polyline(swing, m, 1.0f, &pts, &cut);
  CHECK_FALSE(cut);
  CHECK(pts.size() == 3);
  swing.points[1].x = 6.1;  // 1.025 widths beyond: cut there
  screen_polyline(swing, m, 1.0f, &pts, &cut);
  CHECK(cut);
  CHECK(pts.size() == 2);
  // Coverage: distance to segments, not only to vertices.
  const std::vector<ScreenPoint> line = {{0, 0}, {100, 0}};
  CHECK(covered_by_polyline({50, 3}, line, 3.5f));
  CHECK_FALSE(covered_by_polyline({50, 4}, line, 3.5f));
  CHECK_FALSE(covered_by_polyline({105, 0}, line, 3.5f));
  CHECK(covered_by_disc({3, 4}, {0, 0}, 5.0f));
  CHECK_FALSE(covered_by_disc({3, 4.1f}, {0, 0}, 5.0f));
}

// ---- rendered ------------------------------------------------------------------------------------

TEST_CASE("lab (rendered): each path's colour shows where state() says it was drawn") {
  REQUIRE_SHELL();
  harness::fresh_app("lab");
  harness::run_ok("step 40");
  harness::render(3);
  const harness::Image im = harness::render(1);
  const nlohmann::json s = harness::state();
  const nlohmann::json& lab = s["views"]["lab"];
  REQUIRE(lab["optimizers"].size() == 2);
  harness::save(im, "lab_paths");
  CHECK(harness::errors(s).empty());
  // The heat map: many colours inside the contour rectangle.
  const auto r = lab["contour_rect"];
  CHECK(harness::distinct_colors(im, int(r[0].get<float>()), int(r[1].get<float>()),
                                 int(r[2].get<float>() - r[0].get<float>()), int(r[3].get<float>() - r[1].get<float>())) > 200);
  for (int i = 0; i < 2; ++i) {
    CAPTURE(i);
    const nlohmann::json& o = lab["optimizers"][i];
    const uint32_t color = series_color(i);
    CHECK(o["color"] == color_hex(color));
    REQUIRE(o["screen_path"].size() >= 2);
    const nlohmann::json& vis = o["screen_path_visible"];
    REQUIRE(vis.size() >= 5);
    int hits = 0;
    for (const auto& p : vis) hits += harness::color_near(im, p[0].get<float>(), p[1].get<float>(), color, 40, 1);
    CHECK(hits >= int(vis.size()) * 9 / 10);
    // Inside the map.
    for (const auto& p : vis) {
      CHECK(p[0].get<float>() >= r[0].get<float>());
      CHECK(p[1].get<float>() <= r[3].get<float>());
    }
    // The 3-D paths project into the 3-D image.
    const auto r3 = lab["surface3d_rect"];
    REQUIRE(o["screen_path_3d"].size() >= 2);
    for (const auto& p : o["screen_path_3d"]) {
      CHECK(p[0].get<float>() >= r3[0].get<float>());
      CHECK(p[0].get<float>() <= r3[2].get<float>());
    }
  }
}

TEST_CASE("lab (rendered): a diverged path ends in a red X and the app goes on") {
  REQUIRE_SHELL();
  harness::fresh_app("lab");
  harness::run_ok("optimizer set 0 lr=0.03");
  harness::run_ok("step 60");
  harness::render(2);
  const harness::Image im = harness::render(1);
  const nlohmann::json s = harness::state();
  const nlohmann::json& o = s["views"]["lab"]["optimizers"][0];
  REQUIRE(o["diverged"] == true);
  CHECK(o["marker"] == "x");
  REQUIRE(o.contains("screen_marker"));
  CHECK(harness::color_near(im, o["screen_marker"][0].get<float>(), o["screen_marker"][1].get<float>(),
                            IM_COL32(255, 45, 45, 255), 30, 2));
  harness::save(im, "lab_diverged");
  harness::run_ok("step 5");  // still responsive; momentum goes on
  CHECK(harness::state()["views"]["lab"]["optimizers"][1]["step"] == 65);
}
