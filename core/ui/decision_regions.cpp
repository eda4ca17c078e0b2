// decision_regions.cpp: the incremental grid of predicted labels and its drawing (decision_regions.h).
#include "core/ui/decision_regions.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/memory_budget.h"
#include "core/ui/colormap.h"

namespace descent::ui {

PlaneBox fit_plane(const Dataset& d) {
  PlaneBox b;
  if (d.size() == 0 || d.dim() < 2) return b;
  float x0 = 1e30f, x1 = -1e30f, y0 = 1e30f, y1 = -1e30f;
  for (int i = 0; i < d.size(); ++i) {
    const float* p = d.X.row(i);
    if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
    x0 = std::min(x0, p[0]);
    x1 = std::max(x1, p[0]);
    y0 = std::min(y0, p[1]);
    y1 = std::max(y1, p[1]);
  }
  if (x0 > x1) return b;
  float cx = 0.5f * (x0 + x1), cy = 0.5f * (y0 + y1);
  float half = 0.5f * std::max({x1 - x0, y1 - y0, 1e-3f}) * 1.06f;
  return PlaneBox{cx - half, cx + half, cy - half, cy + half};
}

void RegionGrid::cell_center(const PlaneBox& b, int res, int row, int col, float* x, float* y) {
  *x = b.x0 + (static_cast<float>(col) + 0.5f) / static_cast<float>(res) * (b.x1 - b.x0);
  *y = b.y1 - (static_cast<float>(row) + 0.5f) / static_cast<float>(res) * (b.y1 - b.y0);
}

void RegionGrid::start(const PlaneBox& box, int res) {
  box_ = box;
  res_ = std::max(2, res);
  next_cell_ = 0;
  work_labels_.assign(cells(), -1);
  work_conf_.assign(cells(), 1.0f);
}

void RegionGrid::eval_cells(const GridClassifier& fn, int n) {
  n = static_cast<int>(std::min<size_t>(static_cast<size_t>(std::clamp(n, 1, res_)), cells() - next_cell_));
  row_points_.resize(n, 2);
  for (int i = 0; i < n; ++i) {
    const size_t cell = next_cell_ + static_cast<size_t>(i);
    cell_center(box_, res_, static_cast<int>(cell / static_cast<size_t>(res_)), static_cast<int>(cell % static_cast<size_t>(res_)),
                &row_points_(i, 0), &row_points_(i, 1));
  }
  fn(row_points_, work_labels_.data() + next_cell_, work_conf_.data() + next_cell_);
  next_cell_ += static_cast<size_t>(n);
  if (next_cell_ == cells()) {
    labels_ = work_labels_;
    conf_ = work_conf_;
    done_box_ = box_;
    done_res_ = res_;
    ++version_;
  }
}

bool RegionGrid::advance(AppContext& ctx, const GridClassifier& fn, double max_seconds) {
  if (!busy()) return false;
  const double t0 = ctx.now();
  do {
    // As many cells as the time left allows at the last chunk's cost per cell (one to start with).
    const double left = std::min(ctx.seconds_left(), max_seconds - (ctx.now() - t0));
    const int n = seconds_per_cell_ > 0 ? static_cast<int>(std::clamp(left / seconds_per_cell_, 1.0, double(res_))) : 1;
    const double t = ctx.now();
    eval_cells(fn, n);
    seconds_per_cell_ = std::max((ctx.now() - t) / n, 1e-9);
  } while (busy() && ctx.time_left() && ctx.now() - t0 < max_seconds);
  return !busy();
}

void RegionGrid::finish(const GridClassifier& fn) {
  while (busy()) eval_cells(fn, res_);
}

std::vector<int> RegionGrid::label_counts(int num_classes) const {
  std::vector<int> counts(static_cast<size_t>(std::max(0, num_classes)) + 1, 0);
  for (int l : labels_) {
    if (l < 0)
      ++counts[0];
    else if (l < num_classes)
      ++counts[static_cast<size_t>(l) + 1];
  }
  return counts;
}

void RegionGrid::render(int num_classes, std::vector<uint8_t>* rgba) const {
  (void)num_classes;
  const int n = done_res_;
  rgba->assign(static_cast<size_t>(n) * n * 4, 0);
  const float bg[3] = {28, 30, 36};
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      const size_t i = static_cast<size_t>(r) * n + c;
      uint8_t* px = rgba->data() + i * 4;
      const int l = labels_[i];
      if (l < 0) {
        // A tied vote: grey diagonal hatching, unlike any class colour.
        const bool stripe = ((r + c) % 6) < 3;
        const uint8_t v = stripe ? 150 : 70;
        px[0] = px[1] = px[2] = v;
        px[3] = 255;
        continue;
      }
      const uint32_t col = class_color(l);
      const float conf = std::clamp(conf_[i], 0.0f, 1.0f);
      const float k = 0.30f + 0.30f * conf;  // darkened so the points stay readable on top
      for (int ch = 0; ch < 3; ++ch) {
        const float cv = static_cast<float>((col >> (8 * ch)) & 0xff);
        px[ch] = static_cast<uint8_t>(std::clamp(bg[ch] * (1 - k) + cv * k, 0.0f, 255.0f));
      }
      px[3] = 255;
    }
  }
}

const Texture* RegionImage::texture(const RegionGrid& g, int num_classes) {
  if (g.version() == 0) return nullptr;
  if (g.version() != version_ || num_classes != classes_) {
    g.render(num_classes, &rgba_);
    tex_.upload(g.res(), g.res(), rgba_.data(), true);
    version_ = g.version();
    classes_ = num_classes;
  }
  return tex_.valid() ? &tex_ : nullptr;
}

MarkerPlan plan_markers(int points) {
  MarkerPlan plan;
  const int n = std::max(points, 0);
  plan.radius = n <= 400 ? 4.5f : n <= 1500 ? 3.5f : 2.5f;
  plan.squares = n > 1500;
  // The larger of the two kinds of marker (test rings: three discs of 8, 8 and 6 segments, or
  // three squares), as ImGui tessellates them without anti-aliasing.
  const MemoryEstimate one = plan.squares ? drawing_memory(1, 12, 18) : drawing_memory(1, 22, 48);
  const uint64_t cap = std::max<uint64_t>(1, kPlaneDrawBytes / std::max<uint64_t>(one.bytes, 1));
  plan.stride = static_cast<int>((uint64_t(n) + cap - 1) / cap);
  plan.stride = std::max(plan.stride, 1);
  plan.drawn = (n + plan.stride - 1) / plan.stride;
  return plan;
}

namespace {
std::string ordinal(int n) {
  const int t = n % 100, u = n % 10;
  const char* suffix = (t >= 11 && t <= 13) ? "th" : u == 1 ? "st" : u == 2 ? "nd" : u == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}
}  // namespace

std::string subsample_note(const MarkerPlan& plan, int points, const char* which) {
  return "showing every " + ordinal(plan.stride) + " of " + std::to_string(points) + " " + which + " points (" +
         std::to_string(plan.drawn) + ")";
}

void PlaneDrawing::state(const Dataset& train, nlohmann::json& out) const {
  out["plane_rect"] = {p0.x, p0.y, p1.x, p1.y};
  nlohmann::json pts = nlohmann::json::array();
  for (int i = 0; i < std::min(3, train.size()); ++i) {
    const ImVec2 p = to_screen(train.X(i, 0), train.X(i, 1));
    pts.push_back({{"x", p.x}, {"y", p.y}, {"label", train.y[size_t(i)]}});
  }
  out["train_points_screen"] = pts;
}

ImVec2 PlaneDrawing::to_screen(float x, float y) const {
  const float u = (x - box.x0) / (box.x1 - box.x0);
  const float v = (box.y1 - y) / (box.y1 - box.y0);
  return ImVec2(p0.x + u * (p1.x - p0.x), p0.y + v * (p1.y - p0.y));
}

PlaneDrawing draw_plane(const char* id, float side, const PlaneBox& box, const Texture* regions, const Dataset* train,
                        const Dataset* test) {
  PlaneDrawing pd;
  pd.box = box;
  if (side <= 0) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    side = std::max(64.0f, std::min(avail.x, avail.y));
  }
  ImGui::PushID(id);
  pd.p0 = ImGui::GetCursorScreenPos();
  pd.p1 = ImVec2(pd.p0.x + side, pd.p0.y + side);
  ImGui::InvisibleButton("##plane", ImVec2(side, side));
  pd.hovered = ImGui::IsItemHovered();
  pd.clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (regions && regions->valid())
    dl->AddImage(regions->id(), pd.p0, pd.p1);
  else
    dl->AddRectFilled(pd.p0, pd.p1, IM_COL32(28, 30, 36, 255));
  dl->PushClipRect(pd.p0, pd.p1, true);
  // Axes through the origin, faint.
  if (box.x0 < 0 && box.x1 > 0) {
    const ImVec2 a = pd.to_screen(0, box.y0), b = pd.to_screen(0, box.y1);
    dl->AddLine(a, b, IM_COL32(255, 255, 255, 40));
  }
  if (box.y0 < 0 && box.y1 > 0) {
    const ImVec2 a = pd.to_screen(box.x0, 0), b = pd.to_screen(box.x1, 0);
    dl->AddLine(a, b, IM_COL32(255, 255, 255, 40));
  }
  // Many markers: no anti-aliased fringe (the dark outline gives the edge), few vertices each, and
  // a bounded number per frame (plan_markers), which keeps a frame cheap under a software rasteriser.
  const ImDrawListFlags saved_flags = dl->Flags;
  dl->Flags &= ~(ImDrawListFlags_AntiAliasedFill | ImDrawListFlags_AntiAliasedLines);
  std::string note;
  if (test && test->dim() >= 2) {
    const MarkerPlan plan = plan_markers(test->size());
    const float r = plan.radius - 0.5f;
    for (int i = 0; i < test->size(); i += plan.stride) {
      const ImVec2 p = pd.to_screen(test->X(i, 0), test->X(i, 1));
      const uint32_t col = class_color(test->y[static_cast<size_t>(i)]);
      if (plan.squares) {  // a ring drawn as a square with a dark centre
        dl->AddRectFilled(ImVec2(p.x - r - 1, p.y - r - 1), ImVec2(p.x + r + 1, p.y + r + 1), IM_COL32(10, 10, 10, 220));
        dl->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col);
        dl->AddRectFilled(ImVec2(p.x - 0.5f, p.y - 0.5f), ImVec2(p.x + 0.5f, p.y + 0.5f), IM_COL32(20, 20, 20, 255));
      } else {
        dl->AddCircleFilled(p, r + 1.0f, IM_COL32(10, 10, 10, 220), 8);
        dl->AddCircleFilled(p, r, col, 8);
        dl->AddCircleFilled(p, r * 0.45f, IM_COL32(20, 20, 20, 255), 6);
      }
    }
    if (plan.stride > 1) note = subsample_note(plan, test->size(), "test");
  }
  if (train && train->dim() >= 2) {
    const MarkerPlan plan = plan_markers(train->size());
    const float r = plan.radius;
    for (int i = 0; i < train->size(); i += plan.stride) {
      const ImVec2 p = pd.to_screen(train->X(i, 0), train->X(i, 1));
      const uint32_t col = class_color(train->y[static_cast<size_t>(i)]);
      if (plan.squares) {
        dl->AddRectFilled(ImVec2(p.x - r - 1, p.y - r - 1), ImVec2(p.x + r + 1, p.y + r + 1), IM_COL32(10, 10, 10, 230));
        dl->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col);
      } else {
        dl->AddCircleFilled(p, r + 1.3f, IM_COL32(10, 10, 10, 230), 10);
        dl->AddCircleFilled(p, r, col, 10);
      }
    }
    if (plan.stride > 1) note = subsample_note(plan, train->size(), "training") + (note.empty() ? "" : "; " + note);
  }
  if (!note.empty()) {  // stated on the plane itself: what is drawn is a subsample
    const ImVec2 at(pd.p0.x + 6, pd.p1.y - ImGui::GetFontSize() - 6);
    const ImVec2 size = ImGui::CalcTextSize(note.c_str());
    dl->AddRectFilled(ImVec2(at.x - 3, at.y - 2), ImVec2(at.x + size.x + 3, at.y + size.y + 2), IM_COL32(10, 10, 14, 210));
    dl->AddText(at, IM_COL32(230, 230, 230, 255), note.c_str());
  }
  pd.drawn_train = train && train->dim() >= 2 ? plan_markers(train->size()).drawn : 0;
  pd.drawn_test = test && test->dim() >= 2 ? plan_markers(test->size()).drawn : 0;
  dl->Flags = saved_flags;
  dl->PopClipRect();
  dl->AddRect(pd.p0, pd.p1, IM_COL32(200, 200, 200, 255));
  if (pd.hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    pd.mouse_x = box.x0 + (m.x - pd.p0.x) / (pd.p1.x - pd.p0.x) * (box.x1 - box.x0);
    pd.mouse_y = box.y1 - (m.y - pd.p0.y) / (pd.p1.y - pd.p0.y) * (box.y1 - box.y0);
  }
  ImGui::PopID();
  return pd;
}

}  // namespace descent::ui
