// lab_paths.h: the optimisation lab's trajectories as drawn on screen: a path mapped into the
// contour map's pixel rectangle and thinned to points at least a pixel apart (so 20000 converged
// steps cost what a few hundred visible ones do), and which drawn points another path or marker
// covers (so the state JSON can tell the rendering tests where a path's own colour shows).
// GL-free and ImGui-free; lab_view.cpp draws the points. Not a general geometry library.
// Usage: ScreenMap m{...}; screen_polyline(traj, m, 1.0f, &pts); covered_by_polyline(q, other, 3.5f)
#pragma once
#include <vector>

#include "core/surface/trajectory.h"

namespace descent::ui {

struct ScreenPoint {
  float x, y;
};

// The view box [xmin, xmax] x [ymin, ymax] onto the pixel rectangle (left, top)-(right, bottom);
// y up in the box is y down on screen.
struct ScreenMap {
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  float left = 0, top = 0, right = 1, bottom = 1;
  ScreenPoint to_screen(double x, double y) const;
  void to_box(float px, float py, double* x, double* y) const;  // the inverse
};

// The trajectory's points on screen, skipping points closer than min_px to the last kept one; the
// first and the last point are always kept. A path that gets further than one map size beyond the
// map's edge (diverging, escaping a saddle) is cut after that point, so the segments of its growing
// swings do not paint over the whole map; *cut (optional) says so. Points beyond +-1e6 pixels are
// clamped there. out is cleared first.
void screen_polyline(const Trajectory& t, const ScreenMap& map, float min_px, std::vector<ScreenPoint>* out,
                     bool* cut = nullptr);

// Whether q lies within `radius` pixels of the polyline (any segment, or the point if it has one).
bool covered_by_polyline(ScreenPoint q, const std::vector<ScreenPoint>& line, float radius);

// Whether q lies within `radius` of the point c.
bool covered_by_disc(ScreenPoint q, ScreenPoint c, float radius);

}  // namespace descent::ui
