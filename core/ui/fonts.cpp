// fonts.cpp: the UI font's bytes, glyph ranges and atlas builds (fonts.h).
#include "core/ui/fonts.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace descent::ui {

namespace {

std::vector<unsigned char> g_ttf;
float g_built_ppp = 0, g_pixels = 0;
bool g_used_ttf = false;

// What the lecture writes (kept in step with the subset in cmake/ui_font.cmake, a superset of this).
const ImWchar kRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (² ³ · × ± ¹ ½ ...)
    0x0391, 0x03A1, 0x03A3, 0x03C9,  // Greek letters (α β γ λ μ Σ ...; U+03A2 is unassigned)
    0x03D1, 0x03D1, 0x03D5, 0x03D5, 0x03F5, 0x03F5,  // ϑ ϕ ϵ
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x2030, 0x2032, 0x2033,  // ‰ ′ ″
    0x2070, 0x2071, 0x2074, 0x208E,  // superscripts and subscripts (⁰ ⁱ ⁴..⁹ ⁺⁻⁼⁽⁾ⁿ ₀..₉ ₊₋₌₍₎)
    0x2190, 0x2195, 0x21D0, 0x21D4,  // ← ↑ → ↓ ↔ ↕ ⇐ ⇑ ⇒ ⇓ ⇔
    0x2200, 0x2200, 0x2202, 0x2203, 0x2205, 0x2205, 0x2207, 0x2209,  // ∀ ∂ ∃ ∅ ∇ ∈ ∉
    0x220F, 0x220F, 0x2211, 0x2213, 0x2217, 0x221A, 0x221D, 0x221E,  // ∏ ∑ − ∓ ∗ ∘ ∙ √ ∝ ∞
    0x2225, 0x2225, 0x2227, 0x222B,  // ∥ ∧ ∨ ∩ ∪ ∫
    0x223C, 0x223C, 0x2248, 0x2248, 0x2260, 0x2261, 0x2264, 0x2265,  // ∼ ≈ ≠ ≡ ≤ ≥
    0x226A, 0x226B, 0x2282, 0x2287, 0x2297, 0x2297, 0x22A4, 0x22A4, 0x22C5, 0x22C5,  // ≪ ≫ ⊂..⊇ ⊗ ⊤ ⋅
    0x2308, 0x230B,  // ⌈ ⌉ ⌊ ⌋
    0x25A0, 0x25A1, 0x25B2, 0x25B2, 0x25B6, 0x25B6, 0x25BC, 0x25BC, 0x25C0, 0x25C0,  // ■ □ ▲ ▶ ▼ ◀
    0x25CB, 0x25CB, 0x25CF, 0x25CF,  // ○ ●
    0xFFFD, 0xFFFD,  // the replacement character
    0,
};

}  // namespace

void set_font_data(const unsigned char* ttf, size_t size) {
  g_ttf.assign(ttf, ttf + size);
  g_built_ppp = 0;  // the next build_fonts() uses it
}

Status load_font_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorCode::NotFound, "font: cannot read '" + path +
                                               "' (apt-get install fonts-dejavu-core python3-fonttools, then rebuild)");
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A TrueType file starts with the version 0x00010000 (or 'true'); anything else would crash stb_truetype.
  const bool ttf = bytes.size() > 12 && ((bytes[0] == 0 && bytes[1] == 1 && bytes[2] == 0 && bytes[3] == 0) ||
                                         (bytes[0] == 't' && bytes[1] == 'r' && bytes[2] == 'u' && bytes[3] == 'e'));
  if (!ttf) return make_error(ErrorCode::Corrupt, "font: '" + path + "' is not a TrueType font");
  g_ttf = std::move(bytes);
  g_built_ppp = 0;
  return Status::ok();
}

bool has_font_data() { return !g_ttf.empty(); }
const ImWchar* glyph_ranges() { return kRanges; }

bool build_fonts(float pixels_per_point) {
  if (!(pixels_per_point > 0)) pixels_per_point = 1.0f;
  if (pixels_per_point == g_built_ppp) return false;
  g_built_ppp = pixels_per_point;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Whole pixels per em, so glyph edges fall where they were rasterised.
  const float base = g_ttf.empty() ? 13.0f : kFontSize;  // ImGui's own font is drawn for 13 px
  const float px = std::min(kMaxFontPixels, std::max(6.0f, std::round(base * pixels_per_point)));
  ImFontConfig cfg;
  cfg.SizePixels = px;
  // Horizontal oversampling sharpens small sizes at the atlas's cost; at large sizes it buys nothing.
  cfg.OversampleH = px < 20 ? 2 : 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = px >= 20;
  ImFont* font = nullptr;
  if (!g_ttf.empty()) {
    cfg.FontDataOwnedByAtlas = false;  // g_ttf outlives every atlas
    font = io.Fonts->AddFontFromMemoryTTF(g_ttf.data(), int(g_ttf.size()), px, &cfg, kRanges);
  }
  g_used_ttf = font != nullptr;
  if (!font) font = io.Fonts->AddFontDefault(&cfg);
  io.FontDefault = font;
  io.FontGlobalScale = base / px;
  g_pixels = px;
  return true;
}

float font_pixels() { return g_pixels; }
const char* font_name() { return g_used_ttf ? "DejaVu Sans" : "ImGui's built-in font"; }

}  // namespace descent::ui
