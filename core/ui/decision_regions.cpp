// decision_regions.cpp: the incremental grid of predicted labels and its drawing (decision_regions.h).
#include "core/ui/decision_regions.h"

#include <algorithm>
#include <cmath>

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
  next_row_ = 0;
  work_labels_.assign(static_cast<size_t>(res_) * res_, -1);
  work_conf_.assign(static_cast<size_t>(res_) * res_, 1.0f);
  row_points_.resize(res_, 2);
}

void RegionGrid::eval_row(const GridClassifier& fn) {
  const int r = next_row_;
  for (int c = 0; c < res_; ++c) cell_center(box_, res_, r, c, &row_points_(c, 0), &row_points_(c, 1));
  const size_t off = static_cast<size_t>(r) * res_;
  fn(row_points_, work_labels_.data() + off, work_conf_.data() + off);
  ++next_row_;
  if (next_row_ == res_) {
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
    eval_row(fn);
  } while (busy() && ctx.time_left() && ctx.now() - t0 < max_seconds);
  return !busy();
}

void RegionGrid::finish(const GridClassifier& fn) {
  while (busy()) eval_row(fn);
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
  auto radius_for = [&](int n) { return n <= 400 ? 4.5f : n <= 1500 ? 3.5f : 2.5f; };
  // Hundreds of markers: few segments and no anti-aliased fringe (the dark disc behind each one
  // gives the edge), which keeps a frame cheap under a software rasteriser.
  const ImDrawListFlags saved_flags = dl->Flags;
  dl->Flags &= ~(ImDrawListFlags_AntiAliasedFill | ImDrawListFlags_AntiAliasedLines);
  if (test && test->dim() >= 2) {
    const float r = radius_for(test->size()) - 0.5f;
    for (int i = 0; i < test->size(); ++i) {
      const ImVec2 p = pd.to_screen(test->X(i, 0), test->X(i, 1));
      dl->AddCircleFilled(p, r + 1.0f, IM_COL32(10, 10, 10, 220), 8);
      dl->AddCircleFilled(p, r, class_color(test->y[static_cast<size_t>(i)]), 8);
      dl->AddCircleFilled(p, r * 0.45f, IM_COL32(20, 20, 20, 255), 6);
    }
  }
  if (train && train->dim() >= 2) {
    const float r = radius_for(train->size());
    for (int i = 0; i < train->size(); ++i) {
      const ImVec2 p = pd.to_screen(train->X(i, 0), train->X(i, 1));
      dl->AddCircleFilled(p, r + 1.3f, IM_COL32(10, 10, 10, 230), 10);
      dl->AddCircleFilled(p, r, class_color(train->y[static_cast<size_t>(i)]), 10);
    }
  }
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
