// lab_contour.h: the optimisation lab's picture of a surface, computed once per surface change: f on
// a grid over the view box, its normalised log-loss "level" t in [0, 1] (the heat map's colour and
// the 3-D mesh's height), and contour lines by marching squares. GL-free (lab_view.cpp uploads).
// Not a plotting library: one square grid, straight segments.
// Usage: SurfaceField f = compute_surface_field(desc, 192); contour_segments(f, 14, &segs); f.level_of(v)
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/surface/surface.h"

namespace descent::ui {

// How a loss value becomes a level t in [0, 1]:
//   log scale: t = log(1 + (v - vmin)/s) / log(1 + (vmax - vmin)/s), s = floor_fraction*(vmax - vmin),
//   so equal steps in t are equal loss ratios above s (contours of a bowl come geometrically spaced);
//   linear (the saddle, unbounded below): t = (v - vmin) / (vmax - vmin).
struct LevelScale {
  double vmin = 0, vmax = 1, s = 1;
  bool log = true;
  float level(double v) const;      // clamped to [0, 1]; NaN maps to 1
  double value(double t) const;     // the inverse: the loss at level t
};

// The surface's own scale over its grid: log for the bowls (floor fraction per surface), linear
// for the saddle; vmin also covers the known minima.
LevelScale level_scale_for(const SurfaceDesc& desc, const std::vector<double>& values);

struct SurfaceField {
  SurfaceDesc desc;
  int n = 0;                              // grid points per side
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;  // the view box (surface_info)
  std::vector<double> value;              // (n, n): value[j*n + i] = f(x_i, y_j), row 0 at ymin
  std::vector<float> level;               // (n, n): scale.level(value)
  LevelScale scale;
};

// Evaluates f on an n x n grid over surface_info(desc)'s box (n >= 2).
SurfaceField compute_surface_field(const SurfaceDesc& desc, int n);

// A contour segment in box fractions: u = (x - xmin)/(xmax - xmin), v = (y - ymin)/(ymax - ymin),
// both in [0, 1], v up.
struct ContourSegment {
  float u0, v0, u1, v1;
  int level;  // which of the levels (0 = lowest)
};

// Marching squares over an (ny, nx) grid f (row 0 at v = 0) for one iso value; appends segments.
// Saddle cells (two diagonal corners above) are split by the cell's mean.
void marching_squares(const float* f, int nx, int ny, float iso, int level_index, std::vector<ContourSegment>* out);

// `levels` contours at t = (k + 0.5)/levels of the field's level grid (equal loss ratios on a log
// scale); out is cleared first.
void contour_segments(const SurfaceField& field, int levels, std::vector<ContourSegment>* out);

// Contour segments joined into polylines where they share end points (each cell's crossing of an
// edge is computed identically in both cells), so a contour draws as one path, not hundreds of
// separate lines. out is cleared first.
struct ContourLine {
  int level = 0;
  bool closed = false;     // the last point joins the first (not repeated)
  std::vector<float> uv;   // (u, v) pairs in box fractions
};
void chain_contours(const std::vector<ContourSegment>& segments, std::vector<ContourLine>* out);

// The heat map: (n, n, 4) RGBA bytes through colormap(level), row 0 the TOP (ymax) as Texture wants.
void field_rgba(const SurfaceField& field, std::vector<uint8_t>* rgba);

}  // namespace descent::ui
