// test_surface.cpp: the 2-parameter surfaces (gradients against central differences, minima),
// the grid evaluator, trajectories (divergence, the steppable runner's rewind) and the momentum
// theory's rates against rates measured on run_trajectory. Run: descent_tests -tc='surface*'
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"
#include "core/surface/momentum_theory.h"
#include "core/surface/surface.h"
#include "core/surface/trajectory.h"

using namespace descent;

namespace {

const SurfaceDesc kSurfaces[] = {
    {.kind = SurfaceKind::Quadratic},
    {.kind = SurfaceKind::Quadratic, .eigen_a = 0.5, .eigen_b = 7.0, .rotation = 0.7},
    {.kind = SurfaceKind::Rosenbrock},
    {.kind = SurfaceKind::Beale},
    {.kind = SurfaceKind::Himmelblau},
    {.kind = SurfaceKind::Saddle},
};

constexpr OptimizerKind kOptimizers[] = {OptimizerKind::SGD,     OptimizerKind::Momentum,
                                         OptimizerKind::Nesterov, OptimizerKind::AdaGrad,
                                         OptimizerKind::RMSProp, OptimizerKind::Adam};

bool same_trajectory(const Trajectory& a, const Trajectory& b) {
  if (a.points.size() != b.points.size() || a.diverged != b.diverged) return false;
  for (size_t k = 0; k < a.points.size(); ++k)
    if (a.points[k].x != b.points[k].x || a.points[k].y != b.points[k].y || a.points[k].loss != b.points[k].loss ||
        a.points[k].step != b.points[k].step)
      return false;
  return true;
}

}  // namespace

// Central differences with h = 1e-5 have truncation error ~h^2 |f'''| / 6 and rounding error
// ~1e-16 |f| / h; over these view boxes (|f| up to ~2e5 on Beale's corners) both stay below
// 2e-6 * (1 + |f| + |grad|), the tolerance used. A wrong term in any gradient is off by O(1).
TEST_CASE("surface: gradients match central differences") {
  Rng rng(11);
  for (const SurfaceDesc& s : kSurfaces) {
    const SurfaceInfo info = surface_info(s);
    CAPTURE(info.name);
    for (int trial = 0; trial < 200; ++trial) {
      const double x = rng.uniform(info.xmin, info.xmax), y = rng.uniform(info.ymin, info.ymax);
      const SurfaceEval e = evaluate(s, x, y);
      const double h = 1e-5;
      const double gx = (evaluate(s, x + h, y).value - evaluate(s, x - h, y).value) / (2 * h);
      const double gy = (evaluate(s, x, y + h).value - evaluate(s, x, y - h).value) / (2 * h);
      const double scale = 1 + std::fabs(e.value) + std::fabs(e.dx) + std::fabs(e.dy);
      CAPTURE(x);
      CAPTURE(y);
      CHECK(std::fabs(e.dx - gx) <= 2e-6 * scale);
      CHECK(std::fabs(e.dy - gy) <= 2e-6 * scale);
    }
  }
}

TEST_CASE("surface: closed forms at known points") {
  CHECK(evaluate({.kind = SurfaceKind::Rosenbrock}, -1, 2).value == 4 + 100);
  CHECK(evaluate({.kind = SurfaceKind::Himmelblau}, 0, 0).value == 121 + 49);
  CHECK(evaluate({.kind = SurfaceKind::Beale}, 0, 0).value == 1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625);
  CHECK(evaluate({.kind = SurfaceKind::Saddle}, 2, 3).value == 4 - 9);
  // Quadratic: f = a t^2 / 2 along the rotated a-eigenvector (cos r, sin r), b t^2 / 2 along (-sin r, cos r).
  const SurfaceDesc q{.kind = SurfaceKind::Quadratic, .eigen_a = 2, .eigen_b = 30, .rotation = 0.4};
  const double c = std::cos(0.4), s = std::sin(0.4), t = 1.5;
  CHECK(evaluate(q, t * c, t * s).value == doctest::Approx(2 * t * t / 2).epsilon(1e-14));
  CHECK(evaluate(q, -t * s, t * c).value == doctest::Approx(30 * t * t / 2).epsilon(1e-14));
  const SurfaceEval g = evaluate(q, t * c, t * s);  // gradient = a * t * eigenvector
  CHECK(std::fabs(g.dx - 2 * t * c) < 1e-14);
  CHECK(std::fabs(g.dy - 2 * t * s) < 1e-14);
}

TEST_CASE("surface: minima have value 0 and zero gradient") {
  const SurfaceEval r = evaluate({.kind = SurfaceKind::Rosenbrock}, 1, 1);
  CHECK(r.value == 0);
  CHECK(r.dx == 0);
  CHECK(r.dy == 0);
  const SurfaceEval b = evaluate({.kind = SurfaceKind::Beale}, 3, 0.5);
  CHECK(b.value == 0);
  CHECK(b.dx == 0);
  CHECK(b.dy == 0);
  const SurfaceDesc himmelblau{.kind = SurfaceKind::Himmelblau};
  const SurfaceInfo info = surface_info(himmelblau);
  REQUIRE(info.minima.size() == 4);
  for (const auto& m : info.minima) {
    const SurfaceEval e = evaluate(himmelblau, m[0], m[1]);
    CAPTURE(m[0]);
    CAPTURE(m[1]);
    CHECK(e.value < 1e-24);  // the listed minima are correct to double precision
    CHECK(std::fabs(e.dx) < 1e-11);
    CHECK(std::fabs(e.dy) < 1e-11);
    for (double dx : {-1e-3, 0.0, 1e-3})  // and they are minima, not saddles
      for (double dy : {-1e-3, 0.0, 1e-3})
        if (dx != 0 || dy != 0) CHECK(evaluate(himmelblau, m[0] + dx, m[1] + dy).value > e.value);
  }
  // Every listed minimum of every surface is where the gradient vanishes.
  for (const SurfaceDesc& s : kSurfaces)
    for (const auto& m : surface_info(s).minima) {
      const SurfaceEval e = evaluate(s, m[0], m[1]);
      CHECK(e.value < 1e-24);
      CHECK(std::hypot(e.dx, e.dy) < 1e-11);
    }
  CHECK(surface_info({.kind = SurfaceKind::Saddle}).minima.empty());
}

TEST_CASE("surface: info is consistent and the default lr is stable for SGD") {
  for (const SurfaceDesc& s : kSurfaces) {
    const SurfaceInfo info = surface_info(s);
    CAPTURE(info.name);
    CHECK(info.xmin < info.start_x);
    CHECK(info.start_x < info.xmax);
    CHECK(info.ymin < info.start_y);
    CHECK(info.start_y < info.ymax);
    for (const auto& m : info.minima) {
      CHECK(info.xmin < m[0]);
      CHECK(m[0] < info.xmax);
      CHECK(info.ymin < m[1]);
      CHECK(m[1] < info.ymax);
    }
    const int steps = s.kind == SurfaceKind::Saddle ? 80 : 3000;
    const Trajectory t = run_trajectory(s, {.kind = OptimizerKind::SGD, .lr = info.default_lr}, info.start_x,
                                        info.start_y, steps);
    CHECK(!t.diverged);
    CHECK(t.points.back().loss < 0.01 * t.points.front().loss);
  }
}

TEST_CASE("surface: names parse back") {
  for (const SurfaceDesc& s : kSurfaces) {
    Result<SurfaceKind> r = parse_surface(surface_name(s.kind));
    REQUIRE(r.ok());
    CHECK(*r == s.kind);
    CHECK(std::string(surface_info(s).name) == surface_name(s.kind));
  }
  CHECK(parse_surface("Rosenbrock").ok());
  const Result<SurfaceKind> bad = parse_surface("ackley");
  REQUIRE(!bad.ok());
  CHECK(bad.status().code == ErrorCode::Usage);
}

TEST_CASE("surface: evaluate_grid is (ny, nx) row-major with the stated spacing") {
  const SurfaceDesc s{.kind = SurfaceKind::Beale};
  const int nx = 7, ny = 4;
  std::vector<double> out(size_t(nx * ny), -1.0);
  evaluate_grid(s, -2, 4, -1, 2, nx, ny, out.data());
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double x = -2 + i * 6.0 / (nx - 1), y = -1 + j * 3.0 / (ny - 1);
      CHECK(out[size_t(j * nx + i)] == doctest::Approx(evaluate(s, x, y).value).epsilon(1e-15));
    }
  CHECK(out[0] == evaluate(s, -2, -1).value);  // corners exactly
  CHECK(out[size_t(nx * ny - 1)] == doctest::Approx(evaluate(s, 4, 2).value).epsilon(1e-15));
  double one = -1;
  evaluate_grid(s, 1, 5, 0.5, 9, 1, 1, &one);  // a single cell sits at (xmin, ymin)
  CHECK(one == evaluate(s, 1, 0.5).value);
  evaluate_grid(s, 0, 1, 0, 1, 0, 5, &one);  // nothing to do, nothing written
  CHECK(one == evaluate(s, 1, 0.5).value);
}

TEST_CASE("surface: divergence is detected and the finite points are kept") {
  // SGD with lr 0.25 on (1, 10): the y error is multiplied by 1 - 2.5 = -1.5 each step, so |y_k| =
  // 1.5^(k+1) first exceeds 1e12 at the k computed here.
  const SurfaceDesc q{.kind = SurfaceKind::Quadratic};
  int expect = 0;
  while (std::pow(1.5, expect + 1) <= 1e12) ++expect;
  const Trajectory t = run_trajectory(q, {.kind = OptimizerKind::SGD, .lr = 0.25}, 0, 1.5, 1000);
  CHECK(t.diverged);
  CHECK(t.diverged_step == expect);
  CHECK(t.points.size() == size_t(expect));
  for (const TrajectoryPoint& p : t.points) {
    CHECK(std::isfinite(p.x));
    CHECK(std::isfinite(p.y));
    CHECK(std::isfinite(p.loss));
  }
  CHECK(std::fabs(t.points.back().y) <= 1e12);
  // Overflow to inf (Rosenbrock with a huge step) is caught too.
  const Trajectory r = run_trajectory({.kind = SurfaceKind::Rosenbrock}, {.kind = OptimizerKind::SGD, .lr = 1.0},
                                      -1.2, 1, 100);
  CHECK(r.diverged);
  CHECK(r.points.size() == size_t(r.diverged_step));
  CHECK(std::isfinite(r.points.back().loss));
  // A stable run is not flagged.
  const Trajectory ok = run_trajectory(q, {.kind = OptimizerKind::SGD, .lr = 0.15}, -2.5, 1.5, 100);
  CHECK(!ok.diverged);
  CHECK(ok.diverged_step == -1);
  CHECK(ok.points.size() == 101);
  CHECK(ok.points[0].step == 0);
  CHECK(ok.points[0].x == -2.5);
  CHECK(ok.points[100].step == 100);
}

TEST_CASE("surface: TrajectoryRunner steps like run_trajectory and back() restores exactly") {
  const SurfaceDesc s{.kind = SurfaceKind::Himmelblau};
  for (OptimizerKind kind : kOptimizers) {
    CAPTURE(optimizer_name(kind));
    const OptimizerDesc desc{.kind = kind, .lr = kind == OptimizerKind::AdaGrad ? 0.3 : 0.005};
    TrajectoryRunner runner(s, desc, -1, 0.5);
    runner.step(40);
    const Trajectory direct = run_trajectory(s, desc, -1, 0.5, 40);
    CHECK(same_trajectory(runner.trajectory(), direct));
    for (int k = 0; k < 15; ++k) CHECK(runner.back());
    CHECK(runner.trajectory().points.size() == 26);
    runner.step(15);  // replays from restored state (velocity, moments, Adam's t): bit-identical
    CHECK(same_trajectory(runner.trajectory(), direct));
    runner.step(10);
    CHECK(same_trajectory(runner.trajectory(), run_trajectory(s, desc, -1, 0.5, 50)));
    while (runner.back()) {
    }
    CHECK(runner.trajectory().points.size() == 1);
    runner.step(50);
    CHECK(same_trajectory(runner.trajectory(), run_trajectory(s, desc, -1, 0.5, 50)));
  }
}

TEST_CASE("surface: TrajectoryRunner hyper edits, divergence, reset and set_surface") {
  const SurfaceDesc q{.kind = SurfaceKind::Quadratic};
  TrajectoryRunner runner(q, {.kind = OptimizerKind::SGD, .lr = 0.15}, -2.5, 1.5);
  CHECK(!runner.back());  // nothing to undo at the start
  runner.step(5);
  runner.hyper().lr = 0.25;  // unstable for eigenvalue 10
  runner.step(200);
  REQUIRE(runner.trajectory().diverged);
  const size_t kept = runner.trajectory().points.size();
  runner.step(3);  // no effect once diverged
  CHECK(runner.trajectory().points.size() == kept);
  CHECK(runner.back());  // undoes the failed step only
  CHECK(!runner.trajectory().diverged);
  CHECK(runner.trajectory().points.size() == kept);
  CHECK(runner.hyper().lr == 0.25);  // edits survive back()
  runner.hyper().lr = 0.15;
  runner.step(1);
  CHECK(!runner.trajectory().diverged);
  CHECK(runner.trajectory().points.size() == kept + 1);

  runner.reset(1, 1);
  CHECK(runner.trajectory().points.size() == 1);
  CHECK(runner.trajectory().points[0].x == 1);
  runner.step(30);
  CHECK(same_trajectory(runner.trajectory(), run_trajectory(q, {.kind = OptimizerKind::SGD, .lr = 0.15}, 1, 1, 30)));

  const SurfaceDesc rosen{.kind = SurfaceKind::Rosenbrock};
  runner.set_surface(rosen);
  runner.hyper().lr = 1e-3;
  CHECK(runner.trajectory().points.size() == 1);
  CHECK(runner.trajectory().points[0].loss == evaluate(rosen, 1, 1).value);
  runner.step(20);
  CHECK(same_trajectory(runner.trajectory(), run_trajectory(rosen, {.kind = OptimizerKind::SGD, .lr = 1e-3}, 1, 1, 20)));
}

TEST_CASE("surface: momentum theory closed forms") {
  // GD's best step makes both eigen-directions contract at (kappa-1)/(kappa+1).
  CHECK(gd_best_step(1, 10) == doctest::Approx(2.0 / 11).epsilon(1e-15));
  CHECK(gd_rate(gd_best_step(1, 10), 1, 10) == doctest::Approx(9.0 / 11).epsilon(1e-14));
  CHECK(gd_best_rate(1, 10) == doctest::Approx(9.0 / 11).epsilon(1e-15));
  CHECK(gd_rate(0.25, 1, 10) == 1.5);
  // Spectral radius of known 2x2 matrices: scaled rotation, diagonal, Jordan block, real pair.
  const double r = 0.7, th = 0.3;
  CHECK(spectral_radius_2x2(r * std::cos(th), -r * std::sin(th), r * std::sin(th), r * std::cos(th)) ==
        doctest::Approx(r).epsilon(1e-15));
  CHECK(spectral_radius_2x2(0.5, 0, 0, -0.9) == doctest::Approx(0.9).epsilon(1e-15));
  CHECK(spectral_radius_2x2(0.6, 1, 0, 0.6) == doctest::Approx(0.6).epsilon(1e-7));
  CHECK(spectral_radius_2x2(2, 1, 1, 2) == doctest::Approx(3).epsilon(1e-15));
  // Goh's optimum: alpha = (2/(sqrt(1)+sqrt(100)))^2 = 4/121, beta = (9/11)^2, rate 9/11 (the
  // iteration matrix is critically damped at both ends, so its radius is sqrt(beta) up to the
  // square root of rounding, ~1e-8).
  const MomentumParams best = momentum_best_params(1, 100);
  CHECK(best.alpha == doctest::Approx(4.0 / 121).epsilon(1e-15));
  CHECK(best.beta == doctest::Approx(81.0 / 121).epsilon(1e-15));
  CHECK(momentum_best_rate(1, 100) == doctest::Approx(9.0 / 11).epsilon(1e-15));
  CHECK(momentum_rate(best.alpha, best.beta, 1, 100) == doctest::Approx(9.0 / 11).epsilon(1e-7));
  CHECK(momentum_best_rate(1, 100) < gd_best_rate(1, 100));  // 0.818 against 0.980
  // Nearby parameters are worse than the optimum.
  CHECK(momentum_rate(best.alpha * 1.05, best.beta, 1, 100) > momentum_best_rate(1, 100));
  CHECK(momentum_rate(best.alpha * 0.95, best.beta, 1, 100) > momentum_best_rate(1, 100));
  CHECK(momentum_rate(best.alpha, best.beta * 0.9, 1, 100) > momentum_best_rate(1, 100));
  // Momentum 0 is plain GD; inside the complex band the rate is sqrt(beta).
  CHECK(momentum_rate(0.15, 0, 1, 10) == doctest::Approx(gd_rate(0.15, 1, 10)).epsilon(1e-15));
  CHECK(momentum_rate(0.05, 0.9, 1, 10) == doctest::Approx(std::sqrt(0.9)).epsilon(1e-14));
  CHECK(nesterov_rate(0.15, 0, 1, 10) == doctest::Approx(gd_rate(0.15, 1, 10)).epsilon(1e-15));
  CHECK(predicted_rate({.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9}, 1, 10) ==
        momentum_rate(0.05, 0.9, 1, 10));
  CHECK(std::isnan(predicted_rate({.kind = OptimizerKind::Adam}, 1, 10)));
}

// The predicted rate against the one measured on run_trajectory (least-squares slope of ln|p_k|
// over the second half). Tolerances: 1e-9 relative where one geometric mode dominates exactly,
// 1e-4 where the error spirals (complex eigenvalues; measured <= 3e-5 after 2000 steps), 1e-2 at
// Goh's optimum, where the double root makes the error k * rate^k and the slope sees the k.
TEST_CASE("surface: predicted momentum rates match rates measured on trajectories") {
  struct Case {
    double a, b, rotation;
    OptimizerDesc opt;
    int steps;
    double tol;
  };
  const MomentumParams best = momentum_best_params(1, 10);
  const Case cases[] = {
      {1, 10, 0.0, {.kind = OptimizerKind::SGD, .lr = 2.0 / 11}, 200, 1e-9},   // both modes at 9/11
      {1, 10, 0.7, {.kind = OptimizerKind::SGD, .lr = 0.15}, 300, 1e-9},       // slow mode 0.85
      {1, 10, 0.0, {.kind = OptimizerKind::Momentum, .lr = 0.01, .momentum = 0.3}, 400, 1e-9},  // overdamped
      {1, 10, 0.0, {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9}, 2000, 1e-4},  // spiral
      {1, 10, 0.7, {.kind = OptimizerKind::Momentum, .lr = 0.3, .momentum = 0.6}, 2000, 1e-4},
      {1, 100, 0.3, {.kind = OptimizerKind::Momentum, .lr = 0.02, .momentum = 0.8}, 2000, 1e-4},
      {1, 10, 0.0, {.kind = OptimizerKind::Nesterov, .lr = 0.05, .momentum = 0.9}, 2000, 1e-4},
      {1, 10, 0.4, {.kind = OptimizerKind::Nesterov, .lr = 0.02, .momentum = 0.5}, 400, 1e-9},
      {1, 10, 0.0, {.kind = OptimizerKind::Momentum, .lr = best.alpha, .momentum = best.beta}, 400, 1e-2},
  };
  for (const Case& c : cases) {
    CAPTURE(optimizer_name(c.opt.kind));
    CAPTURE(c.opt.lr);
    CAPTURE(c.opt.momentum);
    const SurfaceDesc q{.kind = SurfaceKind::Quadratic, .eigen_a = c.a, .eigen_b = c.b, .rotation = c.rotation};
    const Trajectory t = run_trajectory(q, c.opt, -2.5, 1.5, c.steps);
    REQUIRE(!t.diverged);
    const double predicted = predicted_rate(c.opt, c.a, c.b);
    const double measured = measured_rate(t, 0, 0);
    CAPTURE(predicted);
    CAPTURE(measured);
    CHECK(std::fabs(measured / predicted - 1) <= c.tol);
  }
}
