// colormap.h: the app's colours in one place: a perceptual sequential map for loss values (dark =
// low), a qualitative palette for classes, and the optimizers' colours (SGD and momentum first),
// so the same thing has the same colour in every view. Colours are ImU32 (IM_COL32 layout, RGBA).
#pragma once
#include <cstdint>

namespace descent::ui {

// t in [0, 1] (clamped) -> a viridis-like map from dark blue-purple (0) to yellow (1).
uint32_t colormap(float t, uint8_t alpha = 255);
// Class c's colour (cycles after 10); alpha for decision-region backgrounds.
uint32_t class_color(int c, uint8_t alpha = 255);
// The i-th optimizer's colour in a comparison: 0 = SGD (white-ish red), 1 = momentum, ...
uint32_t series_color(int i, uint8_t alpha = 255);

}  // namespace descent::ui
