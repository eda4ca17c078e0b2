// lab_contour.cpp: the lab's grid, level scale, marching squares and heat-map pixels (lab_contour.h).
#include "core/ui/lab_contour.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/ui/colormap.h"

namespace descent::ui {

float LevelScale::level(double v) const {
  if (std::isnan(v)) return 1.0f;
  const double range = vmax - vmin;
  if (!(range > 0)) return 0.0f;
  double t;
  if (log) {
    const double x = std::max(0.0, v - vmin);
    t = std::log1p(x / s) / std::log1p(range / s);
  } else {
    t = (v - vmin) / range;
  }
  return float(std::clamp(t, 0.0, 1.0));
}

double LevelScale::value(double t) const {
  const double range = vmax - vmin;
  if (log) return vmin + s * std::expm1(t * std::log1p(range / s));
  return vmin + t * range;
}

LevelScale level_scale_for(const SurfaceDesc& desc, const std::vector<double>& values) {
  LevelScale sc;
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  for (const auto& m : surface_info(desc).minima) lo = std::min(lo, evaluate(desc, m[0], m[1]).value);
  if (!(lo < hi)) lo = 0, hi = 1;
  sc.vmin = lo;
  sc.vmax = hi;
  // How many decades below the top the colour keeps resolving: the narrow valleys of Rosenbrock and
  // Beale sit many decades below their box's corners.
  double floor_fraction = 1e-3;
  switch (desc.kind) {
    case SurfaceKind::Quadratic: floor_fraction = 5e-2; break;
    case SurfaceKind::Rosenbrock: floor_fraction = 2e-5; break;
    case SurfaceKind::Beale: floor_fraction = 1e-6; break;
    case SurfaceKind::Himmelblau: floor_fraction = 1e-3; break;
    case SurfaceKind::Saddle: sc.log = false; break;
  }
  sc.s = floor_fraction * (hi - lo);
  return sc;
}

SurfaceField compute_surface_field(const SurfaceDesc& desc, int n) {
  SurfaceField f;
  const SurfaceInfo info = surface_info(desc);
  f.desc = desc;
  f.n = std::max(2, n);
  f.xmin = info.xmin, f.xmax = info.xmax, f.ymin = info.ymin, f.ymax = info.ymax;
  f.value.resize(size_t(f.n) * size_t(f.n));
  evaluate_grid(desc, f.xmin, f.xmax, f.ymin, f.ymax, f.n, f.n, f.value.data());
  f.scale = level_scale_for(desc, f.value);
  f.level.resize(f.value.size());
  for (size_t k = 0; k < f.value.size(); ++k) f.level[k] = f.scale.level(f.value[k]);
  return f;
}

void marching_squares(const float* f, int nx, int ny, float iso, int level_index, std::vector<ContourSegment>* out) {
  if (nx < 2 || ny < 2) return;
  const float du = 1.0f / float(nx - 1), dv = 1.0f / float(ny - 1);
  // Where along an edge from value p to value q the iso value is crossed (0..1).
  auto cross = [iso](float p, float q) {
    const float d = q - p;
    return d != 0 ? std::clamp((iso - p) / d, 0.0f, 1.0f) : 0.5f;
  };
  for (int j = 0; j + 1 < ny; ++j) {
    for (int i = 0; i + 1 < nx; ++i) {
      // Corners: a bottom-left, b bottom-right, c top-right, d top-left.
      const float a = f[j * nx + i], b = f[j * nx + i + 1];
      const float c = f[(j + 1) * nx + i + 1], d = f[(j + 1) * nx + i];
      const int code = (a >= iso) | (b >= iso) << 1 | (c >= iso) << 2 | (d >= iso) << 3;
      if (code == 0 || code == 15) continue;
      // Edge crossing points in box fractions, computed identically in both cells sharing the
      // edge (same corner order, same products), so chain_contours can join them exactly.
      const float u = float(i) * du, v = float(j) * dv, u1 = float(i + 1) * du, v1 = float(j + 1) * dv;
      const float bottom[2] = {u + cross(a, b) * du, v};
      const float right[2] = {u1, v + cross(b, c) * dv};
      const float top[2] = {u + cross(d, c) * du, v1};
      const float left[2] = {u, v + cross(a, d) * dv};
      auto seg = [&](const float* p, const float* q) { out->push_back({p[0], p[1], q[0], q[1], level_index}); };
      // Each case cuts off the corners on the minority side; the segment joins that corner's edges.
      switch (code) {
        case 1: case 14: seg(left, bottom); break;   // a alone
        case 2: case 13: seg(bottom, right); break;  // b alone
        case 4: case 11: seg(right, top); break;     // c alone
        case 8: case 7: seg(top, left); break;       // d alone
        case 3: case 12: seg(left, right); break;    // a, b vs c, d
        case 6: case 9: seg(bottom, top); break;     // b, c vs a, d
        case 5: case 10: {
          // Saddle cell: the mean decides which diagonal pair is joined through the middle.
          const bool centre_above = (a + b + c + d) * 0.25f >= iso;
          const bool ac_above = code == 5;
          if (centre_above == ac_above) {  // a and c joined: cut off b and d
            seg(bottom, right);
            seg(top, left);
          } else {  // b and d joined: cut off a and c
            seg(left, bottom);
            seg(right, top);
          }
          break;
        }
        default: break;
      }
    }
  }
}

void contour_segments(const SurfaceField& field, int levels, std::vector<ContourSegment>* out) {
  out->clear();
  for (int k = 0; k < levels; ++k)
    marching_squares(field.level.data(), field.n, field.n, (float(k) + 0.5f) / float(levels), k, out);
}

namespace {
uint64_t point_key(float u, float v) {
  uint32_t a, b;
  std::memcpy(&a, &u, 4);
  std::memcpy(&b, &v, 4);
  return (uint64_t(a) << 32) | b;
}
}  // namespace

void chain_contours(const std::vector<ContourSegment>& segments, std::vector<ContourLine>* out) {
  out->clear();
  const size_t n = segments.size();
  // Endpoint -> up to two segment ends (2*k = segment k's first point, 2*k+1 its second). Keys mix
  // levels, but a point lies on one level's contour only, unless two levels cross the same edge at
  // exactly the same place (then the chain may switch levels: harmless for drawing).
  std::unordered_map<uint64_t, std::array<int, 2>> ends;
  ends.reserve(n * 2);
  for (size_t k = 0; k < n; ++k) {
    for (int e = 0; e < 2; ++e) {
      const ContourSegment& s = segments[k];
      auto it = ends.try_emplace(e == 0 ? point_key(s.u0, s.v0) : point_key(s.u1, s.v1), std::array<int, 2>{-1, -1});
      std::array<int, 2>& slot = it.first->second;
      (slot[0] < 0 ? slot[0] : slot[1]) = int(2 * k + e);
    }
  }
  std::vector<char> used(n, 0);
  auto point_of = [&](int end, float* u, float* v) {
    const ContourSegment& s = segments[size_t(end / 2)];
    *u = end % 2 ? s.u1 : s.u0;
    *v = end % 2 ? s.v1 : s.v0;
  };
  // From segment end `end` (just appended), the next unused segment sharing its point, or -1.
  auto next_end = [&](int end) {
    float u, v;
    point_of(end, &u, &v);
    const auto it = ends.find(point_key(u, v));
    if (it == ends.end()) return -1;
    for (int other : it->second)
      if (other >= 0 && !used[size_t(other / 2)]) return other;
    return -1;
  };
  std::vector<float> back;  // the backward half, reversed at the end
  for (size_t k = 0; k < n; ++k) {
    if (used[k]) continue;
    used[k] = 1;
    ContourLine line;
    line.level = segments[k].level;
    line.uv = {segments[k].u0, segments[k].v0, segments[k].u1, segments[k].v1};
    // Forward from the second point.
    for (int at = int(2 * k + 1);;) {
      const int nx = next_end(at);
      if (nx < 0) break;
      used[size_t(nx / 2)] = 1;
      at = nx ^ 1;  // leave by the segment's other end
      float u, v;
      point_of(at, &u, &v);
      line.uv.push_back(u);
      line.uv.push_back(v);
    }
    // Backward from the first point.
    back.clear();
    for (int at = int(2 * k);;) {
      const int nx = next_end(at);
      if (nx < 0) break;
      used[size_t(nx / 2)] = 1;
      at = nx ^ 1;
      float u, v;
      point_of(at, &u, &v);
      back.push_back(v);
      back.push_back(u);
    }
    if (!back.empty()) {
      std::reverse(back.begin(), back.end());  // pairs (v, u) reversed become (u, v) in order
      line.uv.insert(line.uv.begin(), back.begin(), back.end());
    }
    const size_t m = line.uv.size();
    line.closed = m >= 6 && line.uv[0] == line.uv[m - 2] && line.uv[1] == line.uv[m - 1];
    if (line.closed) line.uv.resize(m - 2);  // drawn closed: no repeated point
    out->push_back(std::move(line));
  }
}

void field_rgba(const SurfaceField& field, std::vector<uint8_t>* rgba) {
  const int n = field.n;
  rgba->resize(size_t(n) * size_t(n) * 4);
  for (int row = 0; row < n; ++row) {
    const int j = n - 1 - row;  // image row 0 is the top, grid row 0 the bottom
    for (int i = 0; i < n; ++i) {
      const uint32_t c = colormap(field.level[size_t(j) * size_t(n) + size_t(i)]);
      uint8_t* p = rgba->data() + (size_t(row) * size_t(n) + size_t(i)) * 4;
      p[0] = uint8_t(c & 0xff), p[1] = uint8_t((c >> 8) & 0xff), p[2] = uint8_t((c >> 16) & 0xff), p[3] = 255;
    }
  }
}

}  // namespace descent::ui
