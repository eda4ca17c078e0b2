// image_grid.cpp: images to RGBA and the texture atlas (image_grid.h).
#include "core/ui/image_grid.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace descent::ui {

namespace {
uint8_t to_byte(float v) {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return static_cast<uint8_t>(v * 255.0f + 0.5f);
}
}  // namespace

void image_to_rgba(const float* x, int h, int w, int c, ImageStyle style, uint8_t* out) {
  const size_t n = static_cast<size_t>(h) * w;
  const int cc = std::max(1, c);
  float lo = 0, hi = 1, amax = 1;
  if (style != ImageStyle::Pixels) {
    lo = 1e30f;
    hi = -1e30f;
    for (size_t i = 0; i < n * cc; ++i) {
      if (!std::isfinite(x[i])) continue;
      lo = std::min(lo, x[i]);
      hi = std::max(hi, x[i]);
    }
    if (lo > hi) lo = hi = 0;
    amax = std::max(std::fabs(lo), std::fabs(hi));
    if (amax <= 0) amax = 1;
    if (hi - lo <= 0) hi = lo + 1;
  }
  for (size_t p = 0; p < n; ++p) {
    uint8_t* o = out + p * 4;
    o[3] = 255;
    const float* v = x + p * cc;
    if (style == ImageStyle::Diverging) {
      // Colour images: the channel mean; the sign decides the hue.
      float s = 0;
      const int used = c == 3 ? 3 : 1;
      for (int k = 0; k < used; ++k) s += v[k];
      s /= static_cast<float>(used);
      const float t = std::clamp(s / amax, -1.0f, 1.0f);
      if (t >= 0) {
        o[0] = to_byte(t);
        o[1] = to_byte(0.35f * t * t);
        o[2] = to_byte(0.25f * t * t);
      } else {
        o[0] = to_byte(0.25f * t * t);
        o[1] = to_byte(0.55f * t * t);
        o[2] = to_byte(-t);
      }
      continue;
    }
    auto map = [&](float u) { return style == ImageStyle::Pixels ? u : (u - lo) / (hi - lo); };
    if (c == 3) {
      o[0] = to_byte(map(v[0]));
      o[1] = to_byte(map(v[1]));
      o[2] = to_byte(map(v[2]));
    } else {
      o[0] = o[1] = o[2] = to_byte(map(v[0]));
    }
  }
}

void ImageAtlas::build(const std::vector<const float*>& images, int h, int w, int c, ImageStyle style) {
  count_ = static_cast<int>(images.size());
  h_ = h;
  w_ = w;
  if (count_ == 0 || h <= 0 || w <= 0) {
    count_ = 0;
    return;
  }
  cols_ = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count_))));
  rows_ = (count_ + cols_ - 1) / cols_;
  const int W = cols_ * w, H = rows_ * h;
  rgba_.assign(static_cast<size_t>(W) * H * 4, 0);
  std::vector<uint8_t> one(static_cast<size_t>(h) * w * 4);
  for (int i = 0; i < count_; ++i) {
    image_to_rgba(images[static_cast<size_t>(i)], h, w, c, style, one.data());
    const int ox = (i % cols_) * w, oy = (i / cols_) * h;
    for (int y = 0; y < h; ++y)
      std::memcpy(&rgba_[(static_cast<size_t>(oy + y) * W + ox) * 4], &one[static_cast<size_t>(y) * w * 4],
                  static_cast<size_t>(w) * 4);
  }
  dirty_ = true;
}

bool ImageAtlas::image(int i, float side, uint32_t border) {
  if (i < 0 || i >= count_) return false;
  if (dirty_) {
    tex_.upload(cols_ * w_, rows_ * h_, rgba_.data(), true);
    dirty_ = false;
  }
  const float u0 = static_cast<float>(i % cols_) / cols_, v0 = static_cast<float>(i / cols_) / rows_;
  const ImVec2 size(side, side * static_cast<float>(h_) / static_cast<float>(w_));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Image(tex_.id(), size, ImVec2(u0, v0), ImVec2(u0 + 1.0f / cols_, v0 + 1.0f / rows_));
  if (border != 0)
    ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + size.x + 2, p.y + size.y + 2), border,
                                        0.0f, 0, 3.0f);
  return true;
}

}  // namespace descent::ui
