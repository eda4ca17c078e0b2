// fonts.h: the app's typeface, DejaVu Sans (Debian's fonts-dejavu-core, subset at build time by
// cmake/ui_font.cmake to Latin-1, Greek and the lecture's math signs), rasterised for the pixels it
// will cover: points x device pixel ratio x UI scale, so text is sharp on a phone and on a projector at
// any presenter scale. The platform hands over the TTF bytes (embedded in the web build, read from the
// build folder natively) and calls build_fonts() before each ImGui::NewFrame(); when it returns true the
// renderer re-uploads its font texture. Without font data, ImGui's built-in font (ASCII only) is used,
// rasterised the same way. No GL here.
// Usage: ui::set_font_data(bytes);  each frame: if (ui::build_fonts(ppp)) { recreate the font texture }
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/status.h"

namespace descent::ui {

constexpr float kFontSize = 14.0f;         // the UI's text size in points
constexpr float kMaxFontPixels = 80.0f;    // beyond this the atlas would pass ~16 MB; glyphs are scaled up

// The TTF bytes of the UI font (copied).
void set_font_data(const unsigned char* ttf, size_t size);
// Reads a TTF file; errors name the file and say what to install.
Status load_font_file(const std::string& path);
bool has_font_data();
// The code points the atlas holds: ImGui's zero-terminated list of inclusive (first, last) pairs.
const ImWchar* glyph_ranges();

// Makes io.Fonts hold the UI font rasterised for `pixels_per_point` framebuffer pixels per point (the
// display's pixel ratio times the UI scale) and sets io.FontGlobalScale so text measures kFontSize
// points. Returns true when the atlas was rebuilt (the caller re-creates the font texture); false when
// it already was built for this density. Call outside NewFrame()..Render().
bool build_fonts(float pixels_per_point);
// The pixel size of the last build (what a glyph's em covers in the atlas), 0 before the first.
float font_pixels();
// "DejaVu Sans" or "ImGui's built-in font" (what the last build used).
const char* font_name();

}  // namespace descent::ui
