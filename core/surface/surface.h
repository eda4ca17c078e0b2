// surface.h: the 2-parameter loss surfaces of the optimisation lecture, f(x, y) with its exact
// gradient, a default view and start for each, and a grid evaluator for drawing contours.
// Not a model or a dataset loss: these are closed-form test functions (core/nn/ has the real losses).
// Usage: SurfaceEval e = evaluate({.kind = SurfaceKind::Rosenbrock}, x, y);  e.value, e.dx, e.dy
#pragma once
#include <array>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace descent {

// quadratic  (a x'^2 + b y'^2) / 2, (x', y') the point in the frame rotated by `rotation`
// rosenbrock (1-x)^2 + 100 (y-x^2)^2                      minimum 0 at (1, 1)
// beale      (1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2   minimum 0 at (3, 0.5)
// himmelblau (x^2+y-11)^2 + (x+y^2-7)^2                   four minima of value 0
// saddle     x^2 - y^2                                     no minimum (unbounded below)
enum class SurfaceKind { Quadratic, Rosenbrock, Beale, Himmelblau, Saddle };

struct SurfaceDesc {
  SurfaceKind kind = SurfaceKind::Quadratic;
  double eigen_a = 1.0;   // quadratic only: the Hessian's eigenvalue along (cos r, sin r)
  double eigen_b = 10.0;  // quadratic only: the Hessian's eigenvalue along (-sin r, cos r)
  double rotation = 0.0;  // radians, quadratic only: the eigenvectors rotated by this angle
};

struct SurfaceEval {
  double value, dx, dy;  // f and its exact gradient (df/dx, df/dy)
};

SurfaceEval evaluate(const SurfaceDesc& desc, double x, double y);

struct SurfaceInfo {
  const char* name;
  double xmin, xmax, ymin, ymax;  // a good view box
  double start_x, start_y;        // a good default start
  double default_lr;              // plain SGD converges (saddle: escapes smoothly) from the start with it
  std::vector<std::array<double, 2>> minima;  // the global minima (x, y); empty for the saddle
};

SurfaceInfo surface_info(const SurfaceDesc& desc);

// "quadratic", "rosenbrock", "beale", "himmelblau", "saddle".
const char* surface_name(SurfaceKind kind);
// The inverse of surface_name (case-insensitive), or a Usage error listing the names.
Result<SurfaceKind> parse_surface(std::string_view name);

// f on a regular grid for drawing: out is (ny, nx), out[j*nx + i] = f(x_i, y_j) with
// x_i = xmin + i*(xmax-xmin)/(nx-1) and y_j = ymin + j*(ymax-ymin)/(ny-1) (a single row or
// column sits at xmin / ymin). Does nothing when nx or ny is below 1.
void evaluate_grid(const SurfaceDesc& desc, double xmin, double xmax, double ymin, double ymax, int nx, int ny,
                   double* out);

}  // namespace descent
