// loss_grid.h: the loss over a rectangle of a Plane, evaluated a few cells at a time so a UI frame
// never stalls: call advance() each frame with a budget until done(). The grid keeps its values,
// so it is computed once per (plane, rectangle, resolution, data) and redrawn for free.
// The loss is whatever `LossFn` returns for a flat parameter vector (a network on a fixed
// evaluation batch, a closed-form function in tests).
// Usage: Result<LossGrid> g = LossGrid::create(plane, {-1, 1, -1, 1}, 41, 41, fn); while (!g->done()) g->advance(64);
#pragma once
#include <functional>
#include <vector>

#include "core/landscape/plane.h"
#include "core/status.h"

namespace descent {

using LossFn = std::function<double(const std::vector<float>& theta)>;

struct GridRect {
  double amin = -1, amax = 1, bmin = -1, bmax = 1;
};

class LossGrid {
 public:
  LossGrid() = default;
  // Checks first that nx x ny cells, the plane and a point fit the memory limit (memory_budget.h);
  // TooLarge naming the grid otherwise.
  static Result<LossGrid> create(Plane plane, GridRect rect, int nx, int ny, LossFn fn);
  // Unchecked: allocates the nx x ny values at once. Prefer create() for sizes a user chose.
  LossGrid(Plane plane, GridRect rect, int nx, int ny, LossFn fn);

  // Evaluates up to `max_cells` more cells (row by row); returns how many it did.
  int advance(int max_cells);
  bool done() const { return next_ == size_t(nx_) * size_t(ny_); }
  double progress() const { return nx_ > 0 && ny_ > 0 ? double(next_) / double(size_t(nx_) * size_t(ny_)) : 1.0; }

  int nx() const { return nx_; }
  int ny() const { return ny_; }
  const GridRect& rect() const { return rect_; }
  const Plane& plane() const { return plane_; }
  // values (ny, nx): row j is b = bmin + j*(bmax-bmin)/(ny-1), column i is a likewise; NaN until done.
  const std::vector<double>& values() const { return values_; }
  double a_at(int i) const { return grid_coordinate(rect_.amin, rect_.amax, i, nx_); }
  double b_at(int j) const { return grid_coordinate(rect_.bmin, rect_.bmax, j, ny_); }
  // Takes every value at once, computed elsewhere (e.g. core/compute/plane_losses.h on a device):
  // values (ny, nx) as values() lays them out. False (nothing changes) when the size differs.
  bool assign(std::vector<double> values);
  // The next cells' values computed elsewhere (cells next() ... in values() order, e.g. a row at a
  // time on a device); false (nothing changes) when they run past the grid.
  bool assign_next(const std::vector<double>& values);
  size_t next() const { return next_; }

  // The i-th of n evenly spaced coordinates from lo to hi (lo when n is 1).
  static double grid_coordinate(double lo, double hi, int i, int n) { return lo + (hi - lo) * i / (n > 1 ? n - 1 : 1); }

 private:
  Plane plane_;
  GridRect rect_;
  int nx_ = 0, ny_ = 0;
  LossFn fn_;
  std::vector<double> values_;
  std::vector<float> theta_;  // reused scratch
  size_t next_ = 0;
};

// A rectangle around projected path points with a margin (a fraction of the span), never degenerate.
GridRect rect_around(const std::vector<PlanePoint>& points, double margin = 0.25);

}  // namespace descent
