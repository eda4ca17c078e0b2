// decision_regions.h: a classifier's decision regions over the 2-D plane of a toy data set: a
// res x res grid of predicted labels (or -1 where a kNN vote ties), filled a few grid rows at a
// time within the frame's budget, then drawn as a texture under the data points. The previous
// finished picture stays on screen while a new pass runs, so nothing flickers.
// Not a classifier: the caller passes a function from points (n, 2) to labels.
// Usage: grid.start(fit_plane(train), 128);  each frame: grid.advance(ctx, fn);
//        in draw(): PlaneDrawing p = draw_plane("id", side, grid.box(), image.texture(grid), &train, nullptr);
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "core/data/dataset.h"
#include "core/tensor.h"
#include "core/ui/app_context.h"
#include "core/ui/gfx.h"

namespace descent::ui {

// A square window onto the plane, in data coordinates.
struct PlaneBox {
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;
};

// The smallest square box around d's points (train rows, 2 columns) with a 6% margin.
PlaneBox fit_plane(const Dataset& d);

// Fills labels (n) for the points (n, 2); a label of -1 means "tied" (drawn hatched grey); conf
// (n, may be ignored) in [0, 1] shades the colour (1 = certain).
using GridClassifier = std::function<void(const Matrix<float>& points, int* labels, float* conf)>;

class RegionGrid {
 public:
  // Begins a new pass over box at res x res cells (the last finished picture is kept).
  void start(const PlaneBox& box, int res);
  // Evaluates grid cells while ctx.time_left() and for at most max_seconds, in chunks sized from
  // the measured cost of a cell (always at least one cell, at most a row), so a costly classifier
  // (kNN over a million points) still leaves the frame on time; returns true when the pass
  // finished during this call (the finished labels then change, and version() grows).
  bool advance(AppContext& ctx, const GridClassifier& fn, double max_seconds = 1e30);
  // Evaluates the whole pass now (tests, commands that must see the result at once).
  void finish(const GridClassifier& fn);
  bool busy() const { return next_cell_ < cells(); }
  double progress() const { return cells() > 0 ? static_cast<double>(next_cell_) / static_cast<double>(cells()) : 0.0; }
  int version() const { return version_; }
  int res() const { return done_res_; }
  const PlaneBox& box() const { return done_box_; }
  const PlaneBox& pending_box() const { return box_; }
  // The finished labels, (res, res), row 0 is the TOP row (largest y); conf likewise.
  const std::vector<int>& labels() const { return labels_; }
  const std::vector<float>& confidence() const { return conf_; }
  // The cell centre of (row, col) in data coordinates.
  static void cell_center(const PlaneBox& b, int res, int row, int col, float* x, float* y);
  // Counts of each label in the finished grid (index 0 = ties, then classes 0..n-1).
  std::vector<int> label_counts(int num_classes) const;

  // RGBA (res, res, 4) for the finished grid: class colours (darkened, shaded by confidence),
  // ties as grey diagonal hatching.
  void render(int num_classes, std::vector<uint8_t>* rgba) const;

 private:
  size_t cells() const { return static_cast<size_t>(res_) * static_cast<size_t>(res_); }
  void eval_cells(const GridClassifier& fn, int n);
  PlaneBox box_, done_box_;
  int res_ = 0, done_res_ = 0, version_ = 0;
  size_t next_cell_ = 0;
  double seconds_per_cell_ = 0;  // measured on the last chunk (0: not yet)
  std::vector<int> work_labels_, labels_;
  std::vector<float> work_conf_, conf_;
  Matrix<float> row_points_;
};

// A texture of a RegionGrid's finished picture, re-uploaded when the grid's version changes.
class RegionImage {
 public:
  const Texture* texture(const RegionGrid& g, int num_classes);
  void invalidate() { version_ = -1; }

 private:
  Texture tex_;
  int version_ = -1, classes_ = -1;
  std::vector<uint8_t> rgba_;
};

// Where a plane was drawn: its screen rectangle and the mapping from data to screen.
struct PlaneDrawing {
  ImVec2 p0{0, 0}, p1{0, 0};
  PlaneBox box;
  bool hovered = false, clicked = false;
  float mouse_x = 0, mouse_y = 0;  // data coordinates of the mouse (valid when hovered)
  int drawn_train = 0, drawn_test = 0;  // markers drawn (fewer than the points: a stated subsample)
  ImVec2 to_screen(float x, float y) const;
  // For the pixel tests: "plane_rect" (x0, y0, x1, y1) and "train_points_screen" (the first three
  // training points where they were drawn, with their labels).
  void state(const Dataset& train, nlohmann::json& out) const;
};

// Draws a square plane of side `side` pixels (<= 0: fit the remaining region): the regions
// texture (may be null), then the points of `train` (filled discs, class colours, dark outline)
// and of `test` (may be null; rings). Hovering shows the mouse's data coordinates.
// The markers' vertices are bounded (kPlaneDrawBytes per set, memory_budget.h's drawing_memory):
// beyond 1,500 points they are small squares, and beyond about 3,800 every k-th point is drawn
// (an even subsample of the class-ordered sets), with a line on the plane that says so. A software
// rasteriser (llvmpipe, SwiftShader) then spends about as long on 1.6 million points as on 8,000.
PlaneDrawing draw_plane(const char* id, float side, const PlaneBox& box, const Texture* regions,
                        const Dataset* train, const Dataset* test);

// How draw_plane shows `points` markers: their size and kind, and every `stride`-th point.
struct MarkerPlan {
  int stride = 1;        // draw points 0, stride, 2 stride, ...
  int drawn = 0;         // how many that is
  float radius = 4.5f;   // in pixels
  bool squares = false;  // small squares (4 vertices) instead of discs (10)
};
MarkerPlan plan_markers(int points);
// "showing every 95th of 1440000 training points (15158)": the line draw_plane writes on the plane.
std::string subsample_note(const MarkerPlan& plan, int points, const char* which);
constexpr size_t kPlaneDrawBytes = size_t(2) << 20;  // vertex + index bytes per point set per frame

}  // namespace descent::ui
