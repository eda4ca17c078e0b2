// trajectory.h: an optimizer's path over a 2-parameter surface (surface.h), the picture of the
// optimisation lecture. Not training on data: the "loss" is the closed-form surface.
// Usage: Trajectory t = run_trajectory({.kind = SurfaceKind::Beale}, {.kind = OptimizerKind::Adam, .lr = 0.1}, 1, 1.5, 200);
//        or, stepping under a UI: TrajectoryRunner r(surface, opt, x0, y0); r.step(); r.back();
#pragma once
#include <vector>

#include "core/optim/optimizer.h"
#include "core/surface/surface.h"

namespace descent {

struct TrajectoryPoint {
  int step;
  double x, y, loss;
};

struct Trajectory {
  std::vector<TrajectoryPoint> points;  // points[k] is the position after k steps; points[0] the start
  bool diverged = false;
  int diverged_step = -1;  // the step whose result was non-finite or beyond 1e12 (not stored)
};

// Runs `steps` updates of an Optimizer<double> over (x, y) from (x0, y0). Stops early, with
// diverged = true, at the first step whose x, y or loss is non-finite or |x| or |y| > 1e12,
// keeping only the points before it.
Trajectory run_trajectory(const SurfaceDesc& surface, const OptimizerDesc& optimizer, double x0, double y0,
                          int steps);

// The same walk, one step at a time, with rewind: every step stores the optimizer's state, so
// back() restores position and state (velocity, moments, step count) exactly. Hyper-parameters
// edited through hyper() stay as edited across back() and apply from the next step.
class TrajectoryRunner {
 public:
  TrajectoryRunner(const SurfaceDesc& surface, const OptimizerDesc& optimizer, double x0, double y0);

  // n more steps (stops at divergence; does nothing once diverged until back() or reset()).
  void step(int n = 1);
  // Undo the last step: the last point and its optimizer state, or, after a divergence, the failed
  // step (clears diverged; the stored points stay). False at the start.
  bool back();
  // Back to step 0 at a new start, optimizer state zeroed.
  void reset(double x0, double y0);
  const Trajectory& trajectory() const { return trajectory_; }
  OptimizerDesc& hyper() { return optimizer_.hyper(); }
  const OptimizerDesc& hyper() const { return optimizer_.hyper(); }
  const SurfaceDesc& surface() const { return surface_; }
  // A new surface restarts the walk from the same start.
  void set_surface(const SurfaceDesc& surface);

 private:
  SurfaceDesc surface_;
  Optimizer<double> optimizer_;
  Trajectory trajectory_;
  std::vector<Optimizer<double>> history_;  // history_[k]: the optimizer after k steps (k < points.size())
};

// A learning rate that makes desc's kind move at a visible, stable pace on the surface from
// (x0, y0): a first guess (default_lr for the plain-gradient kinds, SGD, momentum and Nesterov; a
// fraction of the view box for the adaptive ones, whose step is about lr in parameter units), halved
// while a 300-step run from (x0, y0) diverges (at most 12 times; not on the saddle, where escaping
// is the point). desc.lr is ignored; its other hyper-parameters count (Nesterov's mu, ...).
double suggested_lr(const OptimizerDesc& desc, const SurfaceDesc& surface, double x0, double y0);

}  // namespace descent
