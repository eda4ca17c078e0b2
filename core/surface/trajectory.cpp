// trajectory.cpp: one shared step (gradient at the current point, optimizer update, divergence
// check) behind run_trajectory and TrajectoryRunner.
#include "core/surface/trajectory.h"

#include <algorithm>
#include <cmath>

namespace descent {

namespace {

constexpr double kEscape = 1e12;  // |x| or |y| beyond this counts as diverged

TrajectoryPoint start_point(const SurfaceDesc& surface, double x0, double y0) {
  return {0, x0, y0, evaluate(surface, x0, y0).value};
}

// Appends the next point, or marks the trajectory diverged and returns false.
bool advance(const SurfaceDesc& surface, Optimizer<double>& optimizer, Trajectory& t) {
  const TrajectoryPoint& last = t.points.back();
  const SurfaceEval e = evaluate(surface, last.x, last.y);
  double p[2] = {last.x, last.y};
  const double g[2] = {e.dx, e.dy};
  optimizer.step(p, g);
  const double loss = evaluate(surface, p[0], p[1]).value;
  const int step = last.step + 1;
  const bool finite = std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(loss);
  if (!finite || std::fabs(p[0]) > kEscape || std::fabs(p[1]) > kEscape) {
    t.diverged = true;
    t.diverged_step = step;
    return false;
  }
  t.points.push_back({step, p[0], p[1], loss});
  return true;
}

}  // namespace

Trajectory run_trajectory(const SurfaceDesc& surface, const OptimizerDesc& optimizer, double x0, double y0,
                          int steps) {
  Trajectory t;
  t.points.reserve(size_t(steps > 0 ? steps : 0) + 1);
  t.points.push_back(start_point(surface, x0, y0));
  Optimizer<double> opt(optimizer, 2);
  for (int k = 0; k < steps; ++k)
    if (!advance(surface, opt, t)) break;
  return t;
}

TrajectoryRunner::TrajectoryRunner(const SurfaceDesc& surface, const OptimizerDesc& optimizer, double x0, double y0)
    : surface_(surface), optimizer_(optimizer, 2) {
  reset(x0, y0);
}

void TrajectoryRunner::step(int n) {
  for (int k = 0; k < n && !trajectory_.diverged; ++k) {
    if (!advance(surface_, optimizer_, trajectory_)) break;
    history_.push_back(optimizer_);
  }
}

bool TrajectoryRunner::back() {
  if (trajectory_.diverged) {
    // The failed step stored no point: undoing it clears the flag and the state it corrupted.
    trajectory_.diverged = false;
    trajectory_.diverged_step = -1;
  } else if (trajectory_.points.size() > 1) {
    trajectory_.points.pop_back();
    history_.pop_back();
  } else {
    return false;
  }
  const OptimizerDesc hyper = optimizer_.hyper();
  optimizer_ = history_.back();
  optimizer_.hyper() = hyper;
  return true;
}

void TrajectoryRunner::reset(double x0, double y0) {
  optimizer_.reset();
  trajectory_ = Trajectory{};
  trajectory_.points.push_back(start_point(surface_, x0, y0));
  history_.clear();
  history_.push_back(optimizer_);
}

void TrajectoryRunner::set_surface(const SurfaceDesc& surface) {
  const TrajectoryPoint start = trajectory_.points.front();
  surface_ = surface;
  reset(start.x, start.y);
}

double suggested_lr(const OptimizerDesc& desc, const SurfaceDesc& surface, double x0, double y0) {
  const SurfaceInfo info = surface_info(surface);
  const double box = std::min(info.xmax - info.xmin, info.ymax - info.ymin);
  OptimizerDesc d = desc;
  switch (d.kind) {
    case OptimizerKind::SGD:
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: d.lr = info.default_lr; break;
    case OptimizerKind::AdaGrad: d.lr = 0.1 * box; break;   // steps shrink like 1/sqrt(t): start big
    case OptimizerKind::RMSProp: d.lr = 0.002 * box; break;  // first steps ~ lr / sqrt(1 - alpha) = 10 lr
    case OptimizerKind::Adam: d.lr = 0.01 * box; break;      // steps ~ lr in every coordinate
  }
  if (surface.kind == SurfaceKind::Saddle) return d.lr;
  for (int k = 0; k < 12 && run_trajectory(surface, d, x0, y0, 300).diverged; ++k) d.lr *= 0.5;
  return d.lr;
}

}  // namespace descent
