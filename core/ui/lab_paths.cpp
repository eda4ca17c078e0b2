// lab_paths.cpp: mapping, thinning and coverage of the lab's drawn paths (lab_paths.h).
#include "core/ui/lab_paths.h"

#include <algorithm>
#include <cmath>

namespace descent::ui {

namespace {
constexpr double kFar = 1e6;  // pixels: clamp for points far outside the map

float clamp_px(double v) { return float(std::clamp(v, -kFar, kFar)); }
}  // namespace

ScreenPoint ScreenMap::to_screen(double x, double y) const {
  const double u = (x - xmin) / (xmax - xmin), v = (y - ymin) / (ymax - ymin);
  return {clamp_px(left + u * (right - left)), clamp_px(bottom - v * (bottom - top))};
}

void ScreenMap::to_box(float px, float py, double* x, double* y) const {
  *x = xmin + (double(px) - left) / (double(right) - left) * (xmax - xmin);
  *y = ymin + (double(bottom) - py) / (double(bottom) - top) * (ymax - ymin);
}

void screen_polyline(const Trajectory& t, const ScreenMap& map, float min_px, std::vector<ScreenPoint>* out,
                     bool* cut) {
  out->clear();
  if (cut) *cut = false;
  const size_t n = t.points.size();
  const float min2 = min_px * min_px;
  const float w = map.right - map.left, h = map.bottom - map.top;
  for (size_t k = 0; k < n; ++k) {
    const ScreenPoint p = map.to_screen(t.points[k].x, t.points[k].y);
    if (p.x < map.left - w || p.x > map.right + w || p.y < map.top - h || p.y > map.bottom + h) {
      out->push_back(p);
      if (cut) *cut = k + 1 < n;
      return;
    }
    if (!out->empty() && k + 1 < n) {
      const float dx = p.x - out->back().x, dy = p.y - out->back().y;
      if (dx * dx + dy * dy < min2) continue;
    }
    out->push_back(p);
  }
}

bool covered_by_disc(ScreenPoint q, ScreenPoint c, float radius) {
  const float dx = q.x - c.x, dy = q.y - c.y;
  return dx * dx + dy * dy <= radius * radius;
}

bool covered_by_polyline(ScreenPoint q, const std::vector<ScreenPoint>& line, float radius) {
  if (line.size() == 1) return covered_by_disc(q, line[0], radius);
  const float r2 = radius * radius;
  for (size_t k = 0; k + 1 < line.size(); ++k) {
    const ScreenPoint a = line[k], b = line[k + 1];
    const float ex = b.x - a.x, ey = b.y - a.y;
    const float len2 = ex * ex + ey * ey;
    float s = len2 > 0 ? ((q.x - a.x) * ex + (q.y - a.y) * ey) / len2 : 0.0f;
    s = std::clamp(s, 0.0f, 1.0f);
    const float dx = q.x - (a.x + s * ex), dy = q.y - (a.y + s * ey);
    if (dx * dx + dy * dy <= r2) return true;
  }
  return false;
}

}  // namespace descent::ui
