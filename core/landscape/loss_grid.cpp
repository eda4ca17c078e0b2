// loss_grid.cpp: incremental evaluation of the loss over a plane (loss_grid.h).
#include "core/landscape/loss_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/memory_budget.h"

namespace descent {

Result<LossGrid> LossGrid::create(Plane plane, GridRect rect, int nx, int ny, LossFn fn) {
  const MemoryEstimate need = loss_grid_memory(nx, ny, plane.center.size());
  if (Status s = check_memory("a loss grid of " + std::to_string(std::max(nx, 1)) + " x " + std::to_string(std::max(ny, 1)),
                              need, "choose a coarser grid or a smaller model");
      !s)
    return s;
  return LossGrid(std::move(plane), rect, nx, ny, std::move(fn));
}

LossGrid::LossGrid(Plane plane, GridRect rect, int nx, int ny, LossFn fn)
    : plane_(std::move(plane)), rect_(rect), nx_(std::max(nx, 1)), ny_(std::max(ny, 1)), fn_(std::move(fn)) {
  values_.assign(size_t(nx_) * size_t(ny_), std::numeric_limits<double>::quiet_NaN());
}

int LossGrid::advance(int max_cells) {
  int done_now = 0;
  const size_t total = size_t(nx_) * size_t(ny_);
  while (next_ < total && done_now < max_cells) {
    const int j = int(next_ / size_t(nx_)), i = int(next_ % size_t(nx_));
    plane_point(plane_, a_at(i), b_at(j), theta_);
    values_[next_] = fn_(theta_);
    ++next_;
    ++done_now;
  }
  return done_now;
}

bool LossGrid::assign(std::vector<double> values) {
  if (values.size() != values_.size()) return false;
  values_ = std::move(values);
  next_ = values_.size();
  return true;
}

bool LossGrid::assign_next(const std::vector<double>& values) {
  if (values.size() > values_.size() - next_) return false;
  std::copy(values.begin(), values.end(), values_.begin() + std::ptrdiff_t(next_));
  next_ += values.size();
  return true;
}

GridRect rect_around(const std::vector<PlanePoint>& points, double margin) {
  GridRect r{0, 0, 0, 0};
  if (!points.empty()) {
    r.amin = r.amax = points[0].a;
    r.bmin = r.bmax = points[0].b;
  }
  for (const PlanePoint& p : points) {
    r.amin = std::min(r.amin, p.a);
    r.amax = std::max(r.amax, p.a);
    r.bmin = std::min(r.bmin, p.b);
    r.bmax = std::max(r.bmax, p.b);
  }
  // Square-ish and never degenerate: both sides at least the larger span's half.
  const double span = std::max({r.amax - r.amin, r.bmax - r.bmin, 1e-3});
  const double pa = std::max((span - (r.amax - r.amin)) / 2, 0.0) + margin * span;
  const double pb = std::max((span - (r.bmax - r.bmin)) / 2, 0.0) + margin * span;
  return {r.amin - pa, r.amax + pa, r.bmin - pb, r.bmax + pb};
}

}  // namespace descent
