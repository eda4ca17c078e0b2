// surface.cpp: the closed forms of the lecture's test surfaces and their gradients, written out by
// hand (tests/test_surface.cpp checks them against central differences and torch's autograd).
#include "core/surface/surface.h"

#include <cmath>
#include <string>

#include "core/surface/surface_settings.h"

namespace descent {

namespace {

SurfaceEval quadratic(const SurfaceDesc& d, double x, double y) {
  const double c = std::cos(d.rotation), s = std::sin(d.rotation);
  const double xr = c * x + s * y;   // coordinate along the a-eigenvector (c, s)
  const double yr = -s * x + c * y;  // coordinate along the b-eigenvector (-s, c)
  const double gx = d.eigen_a * xr, gy = d.eigen_b * yr;  // gradient in the rotated frame
  return {0.5 * (d.eigen_a * xr * xr + d.eigen_b * yr * yr), c * gx - s * gy, s * gx + c * gy};
}

SurfaceEval rosenbrock(double x, double y) {
  const double u = 1 - x, v = y - x * x;
  return {u * u + 100 * v * v, -2 * u - 400 * x * v, 200 * v};
}

SurfaceEval beale(double x, double y) {
  const double y2 = y * y, y3 = y2 * y;
  const double a = 1.5 - x + x * y, b = 2.25 - x + x * y2, c = 2.625 - x + x * y3;
  return {a * a + b * b + c * c, 2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1)),
          2 * x * (a + 2 * b * y + 3 * c * y2)};
}

SurfaceEval himmelblau(double x, double y) {
  const double a = x * x + y - 11, b = x + y * y - 7;
  return {a * a + b * b, 4 * x * a + 2 * b, 2 * a + 4 * y * b};
}

}  // namespace

SurfaceEval evaluate(const SurfaceDesc& desc, double x, double y) {
  switch (desc.kind) {
    case SurfaceKind::Quadratic: return quadratic(desc, x, y);
    case SurfaceKind::Rosenbrock: return rosenbrock(x, y);
    case SurfaceKind::Beale: return beale(x, y);
    case SurfaceKind::Himmelblau: return himmelblau(x, y);
    case SurfaceKind::Saddle: return {x * x - y * y, 2 * x, -2 * y};
  }
  return {0, 0, 0};
}

SurfaceInfo surface_info(const SurfaceDesc& desc) {
  switch (desc.kind) {
    case SurfaceKind::Quadratic: {
      // 1.8 / (lmin + lmax) is 90% of GD's best step: stable, with a visible zig-zag along the
      // steep axis when the eigenvalues differ.
      const double sum = std::fabs(desc.eigen_a) + std::fabs(desc.eigen_b);
      return {"quadratic", -3, 3, -3, 3, -2.5, 1.5, sum > 0 ? 1.8 / sum : 0.01, {{0.0, 0.0}}};
    }
    case SurfaceKind::Rosenbrock:
      // The Hessian's largest eigenvalue along the path from (-1.2, 1) stays below ~1400.
      return {"rosenbrock", -2, 2, -1, 3, -1.2, 1.0, 1e-3, {{1.0, 1.0}}};
    case SurfaceKind::Beale:
      return {"beale", -4.5, 4.5, -4.5, 4.5, 1.0, 1.5, 1e-2, {{3.0, 0.5}}};
    case SurfaceKind::Himmelblau:
      // Minima to double precision (Newton's method at 40 digits).
      return {"himmelblau", -5, 5, -5, 5, 0.0, 0.0, 1e-2,
              {{3.0, 2.0},
               {-2.8051180869527448531, 3.1313125182505729658},
               {-3.7793102533777468919, -3.2831859912861694123},
               {3.5844283403304917449, -1.8481265269644035535}}};
    case SurfaceKind::Saddle:
      // Starts almost on the stable axis: GD slides towards the saddle point, then escapes along y.
      return {"saddle", -2, 2, -2, 2, -1.5, 1e-3, 0.05, {}};
  }
  return {"?", -1, 1, -1, 1, 0, 0, 0.01, {}};
}

const char* surface_name(SurfaceKind kind) {
  switch (kind) {
    case SurfaceKind::Quadratic: return "quadratic";
    case SurfaceKind::Rosenbrock: return "rosenbrock";
    case SurfaceKind::Beale: return "beale";
    case SurfaceKind::Himmelblau: return "himmelblau";
    case SurfaceKind::Saddle: return "saddle";
  }
  return "?";
}

Result<SurfaceKind> parse_surface(std::string_view name) {
  Result<settings::Value> v = settings::parse_value(surface_schema().find("surface")->spec, name);
  if (!v) return v.status();
  for (SurfaceKind kind : surface_kinds())
    if (v->text == surface_name(kind)) return kind;
  return make_error(ErrorCode::Internal, "surface: no kind named " + v->text);
}

void evaluate_grid(const SurfaceDesc& desc, double xmin, double xmax, double ymin, double ymax, int nx, int ny,
                   double* out) {
  if (nx < 1 || ny < 1) return;
  const double hx = nx > 1 ? (xmax - xmin) / (nx - 1) : 0.0;
  const double hy = ny > 1 ? (ymax - ymin) / (ny - 1) : 0.0;
  for (int j = 0; j < ny; ++j) {
    const double y = ymin + j * hy;
    for (int i = 0; i < nx; ++i) out[size_t(j) * size_t(nx) + size_t(i)] = evaluate(desc, xmin + i * hx, y).value;
  }
}

}  // namespace descent
