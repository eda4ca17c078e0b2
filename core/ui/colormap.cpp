// colormap.cpp: the app's colours (colormap.h): a viridis-like sequential map built from nine
// control points linearly interpolated (not the exact matplotlib table), a ten-colour qualitative
// palette for classes (bright enough on the dark theme and on a projector), and series colours.
#include "core/ui/colormap.h"

#include <cmath>

namespace descent::ui {
namespace {

struct Rgb {
  float r, g, b;
};

uint32_t pack(float r, float g, float b, uint8_t a) {
  auto byte = [](float v) -> uint32_t {
    if (!(v > 0)) return 0;
    if (v >= 255) return 255;
    return static_cast<uint32_t>(v + 0.5f);
  };
  // IM_COL32 layout: R in the low byte, then G, B, A.
  return byte(r) | (byte(g) << 8) | (byte(b) << 16) | (static_cast<uint32_t>(a) << 24);
}

// Viridis-like control points, t = 0, 1/8, ..., 1.
constexpr Rgb kSequential[9] = {
    {68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
    {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37},
};

// Classes: distinct hues, similar brightness, readable on dark grey and on white.
constexpr Rgb kClasses[10] = {
    {230, 85, 75},   // red
    {70, 150, 235},  // blue
    {90, 195, 95},   // green
    {240, 175, 40},  // amber
    {175, 110, 225}, // purple
    {60, 200, 200},  // cyan
    {240, 120, 190}, // pink
    {165, 125, 80},  // brown
    {190, 200, 80},  // olive
    {150, 150, 160}, // grey
};

// Optimizers: 0 = SGD (light red), 1 = momentum (light blue), then Nesterov, AdaGrad, RMSProp, Adam...
constexpr Rgb kSeries[8] = {
    {255, 110, 100}, {90, 180, 255}, {120, 220, 120}, {250, 200, 70},
    {200, 140, 255}, {80, 220, 210}, {255, 150, 210}, {220, 220, 220},
};

}  // namespace

uint32_t colormap(float t, uint8_t alpha) {
  if (!(t > 0)) t = 0;  // also maps NaN to 0
  if (t > 1) t = 1;
  float s = t * 8.0f;
  int i = static_cast<int>(s);
  if (i >= 8) i = 7;
  float f = s - static_cast<float>(i);
  const Rgb& a = kSequential[i];
  const Rgb& b = kSequential[i + 1];
  return pack(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f, alpha);
}

uint32_t class_color(int c, uint8_t alpha) {
  int i = ((c % 10) + 10) % 10;
  const Rgb& k = kClasses[i];
  return pack(k.r, k.g, k.b, alpha);
}

uint32_t series_color(int i, uint8_t alpha) {
  int j = ((i % 8) + 8) % 8;
  const Rgb& k = kSeries[j];
  return pack(k.r, k.g, k.b, alpha);
}

}  // namespace descent::ui
