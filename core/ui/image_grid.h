// image_grid.h: images in the app: examples of a data set (grey or colour pixels in [0, 1]) and the
// rows of a weight matrix W reshaped to the image shape (the linear classifier's "templates"),
// packed into one texture atlas so a grid of 50 images costs one upload. Not an image library:
// (h, w, c) floats, channels last, as dataset.h stores them.
// Usage: ImageAtlas a; a.build({x0, x1}, 28, 28, 1, ImageStyle::Pixels);  in draw(): a.image(0, 84);
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "core/ui/gfx.h"

namespace descent::ui {

enum class ImageStyle {
  Pixels,     // values in [0, 1] as they are (clamped): grey for c = 1, RGB for c = 3
  Normalized, // min-max stretched per image to [0, 1] (W's rows of a colour set, as in CS231n)
  Diverging,  // per image: 0 -> black, negative -> blue, positive -> red, scaled by max |v|
};

// Writes one (h, w, c) image as RGBA (h, w, 4) into out; c is 1 or 3 (others: the first channel).
void image_to_rgba(const float* x, int h, int w, int c, ImageStyle style, uint8_t* out);

// Several equally sized images in one texture.
class ImageAtlas {
 public:
  // Packs images (each h*w*c floats) in a grid; call again whenever they change.
  void build(const std::vector<const float*>& images, int h, int w, int c, ImageStyle style);
  int count() const { return count_; }
  // Draws image i (0-based) as an ImGui::Image `side` pixels wide (height keeps the aspect);
  // uploads first if the atlas changed. Returns false if there is no such image.
  bool image(int i, float side, uint32_t border = 0);
  void clear() { count_ = 0; }

 private:
  Texture tex_;
  std::vector<uint8_t> rgba_;
  int count_ = 0, cols_ = 0, rows_ = 0, h_ = 0, w_ = 0;
  bool dirty_ = false;
};

}  // namespace descent::ui
