// test_classroom.cpp: the app in a classroom, rendered headless: presenter mode's UI scale (the font
// re-rasterised: text as sharp at scale 2 as at scale 1, measured on the pixels against a 2x upscale of
// the scale-1 text that must fail the same measure), the font's glyphs for the lecture's notation, the
// compact layout of every view (one panel at a time, every panel inside the window) and the wide one,
// and the keyboard (real SDL key events) in every view. Phones' touch is tested in the browser
// (tests/browser/run.mjs).
#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/ui/fonts.h"
#include "core/ui/layout.h"
#include "tests/app/app_harness.h"

namespace {

const char* kViews[] = {"lecture", "data", "linear", "gradcheck", "lab", "landscape", "network"};  // the App's order

// ---- the keyboard, as SDL delivers it ---------------------------------------------------------------
void press(SDL_Scancode sc) {
  SDL_Event e;
  std::memset(&e, 0, sizeof e);
  e.type = SDL_KEYDOWN;
  e.key.state = SDL_PRESSED;
  e.key.keysym.scancode = sc;
  e.key.keysym.sym = SDL_GetKeyFromScancode(sc);
  SDL_PushEvent(&e);
  harness::render(1);
  e.type = SDL_KEYUP;
  e.key.state = SDL_RELEASED;
  SDL_PushEvent(&e);
  harness::render(1);
}

// Down and up before the next frame (a quick tap on a slow frame), then one frame.
void tap_within_frame(SDL_Scancode sc) {
  SDL_Event e;
  std::memset(&e, 0, sizeof e);
  e.type = SDL_KEYDOWN;
  e.key.state = SDL_PRESSED;
  e.key.keysym.scancode = sc;
  SDL_PushEvent(&e);
  e.type = SDL_KEYUP;
  e.key.state = SDL_RELEASED;
  SDL_PushEvent(&e);
  harness::render(1);
}

// A typed character (SDL_TEXTINPUT), as a keyboard layout produces it: '?', '[', '2'; then `frames`.
void type(const char* utf8, int frames = 2) {
  SDL_Event e;
  std::memset(&e, 0, sizeof e);
  e.type = SDL_TEXTINPUT;
  std::strncpy(e.text.text, utf8, sizeof e.text.text - 1);
  SDL_PushEvent(&e);
  harness::render(frames);
}

// ---- sharpness ------------------------------------------------------------------------------------------
double luminance(const uint8_t* p) { return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]; }

// Of the text's pixels in (x, y, w, h) (brighter than the background by 40), the fraction that is
// almost as bright as the text colour: crisp glyphs have solid stems; blurred ones fade at the edges.
struct Ink {
  long ink = 0, solid = 0;
  int x0 = 1 << 30, x1 = -1;  // the text's horizontal extent
  double solid_fraction() const { return ink ? double(solid) / double(ink) : 0.0; }
};
Ink measure_ink(const harness::Image& im, int x, int y, int w, int h, double bg) {
  Ink r;
  for (int row = y; row < std::min(im.h, y + h); ++row)
    for (int col = x; col < std::min(im.w, x + w); ++col) {
      const double l = luminance(im.at(col, row));
      if (l < bg + 40) continue;
      ++r.ink;
      if (l >= 215) ++r.solid;
      r.x0 = std::min(r.x0, col);
      r.x1 = std::max(r.x1, col);
    }
  return r;
}

// (x, y, w, h) of `src` upscaled 2x with bilinear filtering, as a texture drawn twice its size would be.
harness::Image upscale2(const harness::Image& src, int x, int y, int w, int h) {
  harness::Image out;
  out.w = 2 * w;
  out.h = 2 * h;
  out.rgba.resize(size_t(out.w) * size_t(out.h) * 4);
  for (int r = 0; r < out.h; ++r)
    for (int c = 0; c < out.w; ++c) {
      const float sx = (c + 0.5f) / 2 - 0.5f, sy = (r + 0.5f) / 2 - 0.5f;
      const int ix = std::clamp(int(std::floor(sx)), 0, w - 2), iy = std::clamp(int(std::floor(sy)), 0, h - 2);
      const float fx = std::clamp(sx - ix, 0.0f, 1.0f), fy = std::clamp(sy - iy, 0.0f, 1.0f);
      for (int k = 0; k < 4; ++k) {
        auto at = [&](int dx, int dy) { return float(src.at(x + ix + dx, y + iy + dy)[k]); };
        const float v = (1 - fy) * ((1 - fx) * at(0, 0) + fx * at(1, 0)) + fy * ((1 - fx) * at(0, 1) + fx * at(1, 1));
        out.rgba[(size_t(r) * size_t(out.w) + size_t(c)) * 4 + size_t(k)] = uint8_t(std::lround(v));
      }
    }
  return out;
}

// One window of text at (40, 40) points, no App, at the given UI scale.
harness::Image text_frame(float scale, const char* text) {
  return harness::render_without_app([&] {
    ImGui::SetNextWindowPos(ImVec2(40, 40));
    ImGui::SetNextWindowSize(ImVec2(560, 120));
    ImGui::Begin("sharpness", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    ImGui::TextUnformatted(text);
    ImGui::End();
  }, scale);
}

// Every recorded panel lies inside the window of `size` points, starts on screen and shows something.
void check_panels_inside(const nlohmann::json& s, float w, float h, const std::string& view) {
  const nlohmann::json& panels = s["layout"]["panels"];
  INFO("view ", view, ": panels ", panels.dump());
  CHECK(panels.size() >= 1);
  for (const auto& p : panels) {
    const auto& r = p["rect"];
    const auto& v = p["visible"];
    CAPTURE(p["name"].get<std::string>());
    CHECK(r[0].get<float>() >= -0.5f);
    CHECK(r[2].get<float>() <= w + 0.5f);
    CHECK(r[1].get<float>() >= -0.5f);
    CHECK(r[1].get<float>() < h);
    CHECK(v[2].get<float>() - v[0].get<float>() > 20.0f);  // some of it is on screen
    CHECK(v[3].get<float>() - v[1].get<float>() > 10.0f);
    // Content wider than its region is reached by scrolling sideways (the settings rows on a phone).
    if (p["overflow_x"].get<float>() > 0.5f)
      MESSAGE(view, ": '", p["name"].get<std::string>(), "' scrolls sideways by ", p["overflow_x"].get<float>(), " points");
  }
}

// The set-up each view needs to show its panels (the landscape shows its surface after training).
void prepare(const std::string& view) {
  harness::run_ok("view " + view);
  if (view == "landscape") {
    harness::run_ok("landscape-train 30");
    harness::run_ok("landscape-compute");
  }
}

}  // namespace

TEST_CASE("fonts: the UI font has the lecture's letters and signs (Latin-1, Greek, math)") {
  REQUIRE_SHELL();
  harness::fresh_app();
  harness::render(1);
  REQUIRE(descent::ui::has_font_data());
  CHECK(std::string(descent::ui::font_name()) == "DejaVu Sans");
  ImFont* font = ImGui::GetIO().FontDefault;
  REQUIRE(font != nullptr);
  // What the Lecture view writes: λ α μ β Σ √ ² ³ × · − ≤ ≥ ∂ → ∞ ∑ ± and Latin-1 (é, ü).
  const char32_t needed[] = {U'λ', U'α', U'μ', U'β', U'Σ', U'σ', U'θ', U'η', U'∇', U'√', U'²', U'³', U'×', U'·',
                             U'−', U'≤', U'≥', U'∂', U'→', U'∞', U'∑', U'±', U'≈', U'∈', U'é', U'ü', U'…'};
  for (char32_t c : needed) {
    CAPTURE(int(c));
    CHECK(font->FindGlyphNoFallback(ImWchar(c)) != nullptr);
  }
  // Every code point of the atlas's ranges is in the subset file (cmake/ui_font.cmake keeps a superset).
  int missing = 0, total = 0;
  for (const ImWchar* r = descent::ui::glyph_ranges(); r[0]; r += 2)
    for (unsigned c = r[0]; c <= r[1]; ++c) {
      if (c == 0x7F || (c >= 0x80 && c < 0xA0)) continue;  // control characters have no glyph anywhere
      ++total;
      if (!font->FindGlyphNoFallback(ImWchar(c))) {
        ++missing;
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", c);
        MESSAGE("no glyph for ", hex);
      }
    }
  CHECK(total > 300);
  CHECK(missing == 0);
}

TEST_CASE("presenter: at UI scale 2 the font is re-rasterised, so text is as sharp as at scale 1") {
  REQUIRE_SHELL();
  harness::fresh_app();
  const char* text = "Gradient descent: w -= lr * dL/dw  (kappa = 100, step 42)";
  const harness::Image one = text_frame(1.0f, text);
  CHECK(descent::ui::font_pixels() == doctest::Approx(descent::ui::kFontSize));
  const harness::Image two = text_frame(2.0f, text);
  CHECK(descent::ui::font_pixels() == doctest::Approx(2 * descent::ui::kFontSize));
  const harness::Image back = text_frame(1.0f, text);  // and back again
  CHECK(descent::ui::font_pixels() == doctest::Approx(descent::ui::kFontSize));
  harness::save(two, "presenter_text_scale2");
  const double bg = luminance(one.at(5, 5));
  const Ink a = measure_ink(one, 40, 40, 560, 40, bg);
  const Ink b = measure_ink(two, 80, 80, 1120, 80, bg);
  const harness::Image blurred = upscale2(one, 40, 40, 560, 40);
  const Ink c = measure_ink(blurred, 0, 0, blurred.w, blurred.h, bg);
  MESSAGE("solid fraction of text pixels: scale 1 ", a.solid_fraction(), ", scale 2 ", b.solid_fraction(),
          ", scale 1 upscaled 2x ", c.solid_fraction());
  REQUIRE(a.ink > 300);
  // Twice as big on screen: the text is twice as wide.
  CHECK(double(b.x1 - b.x0) == doctest::Approx(2.0 * (a.x1 - a.x0)).epsilon(0.06));
  // As crisp as at scale 1, and clearly crisper than scale 1's pixels blown up (the measure can fail).
  CHECK(b.solid_fraction() >= 0.85 * a.solid_fraction());
  CHECK(b.solid_fraction() >= 1.3 * c.solid_fraction());
  CHECK(harness::changed_pixels(one, back, 8) == 0);
}

TEST_CASE("presenter: the scale command, its range, the state and the key overlay") {
  REQUIRE_SHELL();
  harness::fresh_app();
  auto& app = harness::shell().app();
  CHECK_FALSE(app.run("scale 3").is_ok());
  CHECK_FALSE(app.run("scale 0.5").is_ok());
  CHECK_FALSE(app.run("scale big").is_ok());
  CHECK(harness::errors(harness::state()).size() == 3);  // each said what to give
  harness::run_ok("dismiss");
  CHECK(app.run("scale 2.5").is_ok());
  CHECK(app.ui_scale() == 2.5);
  harness::run_ok("scale 1.5");
  harness::render(2);
  nlohmann::json s = harness::state();
  CHECK(s["ui_scale"] == 1.5);
  CHECK(s["font"]["pixels"].get<float>() == doctest::Approx(21.0f));
  CHECK(s["keys_overlay"] == false);
  harness::run_ok("keys on");
  const harness::Image im = harness::render(3);
  s = harness::state();
  CHECK(s["keys_overlay"] == true);
  // What the keys do in the lab, for the overlay and for scripts.
  CHECK(s["keys"]["step"] == "one step of every optimizer");
  CHECK(s["keys"]["next-chapter"].is_string());
  harness::save(im, "presenter_keys_overlay_scale1.5");
  harness::run_ok("view gradcheck");
  harness::render(2);
  s = harness::state();
  CHECK(s["keys"]["play-pause"].is_null());  // nothing to play in the gradient check: the overlay says so
  CHECK(s["keys"]["reset"].is_string());
  CHECK(harness::errors(s).empty());
}

TEST_CASE("layout: compact at UI scale 2.5 (512 x 288 points): every view one panel at a time, inside the window") {
  REQUIRE_SHELL();
  harness::fresh_app();
  harness::run_ok("scale 2.5");
  for (const std::string view : kViews) {
    prepare(view);
    const harness::Image im = harness::render(20);
    const nlohmann::json s = harness::state();
    CHECK(s["view"] == view);
    CHECK(s["layout"]["compact"] == true);
    // One panel at a time; the lab's map comes with its controls (beside it, the screen being wide).
    if (view == "lab") {
      REQUIRE(s["layout"]["panels"].size() == 2);
      CHECK(s["layout"]["panels"][0]["name"] == "contour map");
      CHECK(s["layout"]["panels"][1]["name"] == "controls");
    } else if (view == "lecture") {  // the chapter menu, then the chapter's page
      REQUIRE(s["layout"]["panels"].size() == 2);
      CHECK(s["layout"]["panels"][0]["name"] == "chapters");
      CHECK(s["layout"]["panels"][1]["name"] == "chapter");
    } else if (view == "data") {  // the data set's row, then the points
      REQUIRE(s["layout"]["panels"].size() == 2);
      CHECK(s["layout"]["panels"][0]["name"] == "data set");
      CHECK(s["layout"]["panels"][1]["name"] == "points");
    } else {
      CHECK(s["layout"]["panels"].size() == 1);
    }
    check_panels_inside(s, 512, 288, view);
    CHECK(harness::errors(s).empty());
    CHECK(harness::distinct_colors(im) > 40);
    harness::save(im, "compact_scale2.5_" + view);
  }
  // Tabs by name (scripts): every tab of every view shows its panel inside the window.
  const std::vector<std::pair<std::string, std::vector<std::string>>> tabs = {
      {"lab", {"3-D", "loss", "theory", "map"}},       {"data", {"knn", "cross-validation", "data"}},
      {"linear", {"train", "example", "curves"}},      {"network", {"train", "curves"}},
      {"landscape", {"surface", "loss", "setup"}}};
  for (const auto& [view, names] : tabs)
    for (const std::string& tab : names) {
      harness::run_ok("view " + view);
      harness::run_ok("panel " + tab);
      const harness::Image im = harness::render(6);
      const nlohmann::json s = harness::state();
      check_panels_inside(s, 512, 288, view + " " + tab);
      CHECK(harness::errors(s).empty());
      harness::save(im, "compact_scale2.5_" + view + "_" + tab);
    }
  harness::run_ok("view lab");
  harness::run_ok("panel 3-D");
  harness::render(2);
  CHECK(harness::state()["views"]["lab"]["compact_tab"] == 1);
  CHECK(harness::state()["layout"]["panels"][0]["name"] == "surface 3-D");
  harness::run_ok("panel nowhere");
  harness::render(2);
  const std::vector<std::string> errs = harness::errors(harness::state());
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == "panel: no 'nowhere' here (Map, 3-D, Loss, Theory)");
  harness::run_ok("dismiss");
  // The lab's map tab: the contour map is square and as large as the height allows, the controls beside it.
  harness::run_ok("panel map");
  harness::render(3);
  const nlohmann::json lab = harness::state()["views"]["lab"];
  const auto& r = lab["contour_rect"];
  const float side = r[2].get<float>() - r[0].get<float>();
  CHECK(side == doctest::Approx(r[3].get<float>() - r[1].get<float>()));
  CHECK(side > 120.0f);
}

TEST_CASE("layout: a phone-shaped window (390 x 700): the lab's map first, full width, its controls under it") {
  REQUIRE_SHELL();
  auto& window = harness::shell().window();
  window.set_size(390, 700);
  harness::fresh_app();
  const harness::Image im = harness::render(6);
  const bool resized = im.w == 390 && im.h == 700;
  INFO("the headless window is ", im.w, " x ", im.h);
  REQUIRE(resized);
  nlohmann::json s = harness::state();
  CHECK(s["layout"]["compact"] == true);
  const nlohmann::json& panels = s["layout"]["panels"];
  REQUIRE(panels.size() == 2);
  CHECK(panels[0]["name"] == "contour map");
  CHECK(panels[1]["name"] == "controls");
  const auto& map = s["views"]["lab"]["contour_rect"];
  const float side = map[2].get<float>() - map[0].get<float>();
  CHECK(side > 300.0f);                                        // (the width less the tick labels)
  CHECK(side == doctest::Approx(map[3].get<float>() - map[1].get<float>()));
  CHECK(panels[1]["rect"][1].get<float>() > map[3].get<float>());  // the controls under the map
  check_panels_inside(s, 390, 700, "lab");
  harness::save(im, "phone_390x700_lab");
  for (const std::string view : kViews) {
    prepare(view);
    const harness::Image v = harness::render(10);
    s = harness::state();
    check_panels_inside(s, 390, 700, view);
    CHECK(harness::errors(s).empty());
    harness::save(v, "phone_390x700_" + view);
  }
  window.set_size(1280, 720);
  harness::fresh_app();
  CHECK(harness::render(3).w == 1280);
}

TEST_CASE("layout: forced compact at 1280 x 720 and back; wide panels side by side inside the window") {
  REQUIRE_SHELL();
  harness::fresh_app();
  for (const std::string view : kViews) {
    prepare(view);
    harness::render(10);
    const nlohmann::json s = harness::state();
    CHECK(s["layout"]["compact"] == false);
    CHECK(s["layout"]["panels"].size() >= 1);
    check_panels_inside(s, 1280, 720, view);
  }
  harness::run_ok("view lab");
  harness::render(3);
  CHECK(harness::state()["layout"]["panels"].size() == 5);  // controls, map, 3-D, loss, theory
  harness::run_ok("layout compact");
  harness::render(3);
  nlohmann::json s = harness::state();
  CHECK(s["layout"]["compact"] == true);
  CHECK(s["layout"]["mode"] == "compact");
  // Portrait-like width is not needed for one panel at a time: the map is first, full height.
  const auto& names = s["layout"]["panels"];
  REQUIRE(names.size() >= 1);
  CHECK(names[0]["name"] == "contour map");
  harness::run_ok("layout auto");
  harness::render(2);
  CHECK(harness::state()["layout"]["compact"] == false);
  CHECK_FALSE(harness::shell().app().run("layout sideways").is_ok());
}

TEST_CASE("keys: the lab's Space, Right, Left, R and ] [; number keys switch views; ? opens the overlay") {
  REQUIRE_SHELL();
  harness::fresh_app();
  harness::render(2);
  auto lab = [] { return harness::state()["views"]["lab"]; };
  press(SDL_SCANCODE_RIGHT);
  CHECK(lab()["step"] == 1);
  press(SDL_SCANCODE_RIGHT);
  CHECK(lab()["step"] == 2);
  press(SDL_SCANCODE_LEFT);
  CHECK(lab()["step"] == 1);
  // A tap quicker than a frame (down and up before the next frame) still counts, once.
  tap_within_frame(SDL_SCANCODE_RIGHT);
  CHECK(lab()["step"] == 2);
  harness::render(2);
  CHECK(lab()["step"] == 2);
  press(SDL_SCANCODE_LEFT);
  press(SDL_SCANCODE_SPACE);
  CHECK(lab()["playing"] == true);
  harness::render(10);
  press(SDL_SCANCODE_SPACE);
  CHECK(lab()["playing"] == false);
  CHECK(lab()["step"].get<int>() > 1);
  type("r");
  CHECK(lab()["step"] == 0);
  CHECK(lab()["surface"]["name"] == "quadratic");
  type("]");
  CHECK(lab()["surface"]["name"] == "rosenbrock");
  press(SDL_SCANCODE_PAGEDOWN);
  CHECK(lab()["surface"]["name"] == "beale");
  type("[");
  press(SDL_SCANCODE_PAGEUP);
  CHECK(lab()["surface"]["name"] == "quadratic");
  // 1..7 follow the App's list of views (the lecture first).
  type("2");
  CHECK(harness::state()["view"] == "data");
  type("7");
  CHECK(harness::state()["view"] == "network");
  type("5");
  CHECK(harness::state()["view"] == "lab");
  type("?");
  CHECK(harness::state()["keys_overlay"] == true);
  harness::save(harness::render(2), "keys_overlay_lab");
  press(SDL_SCANCODE_ESCAPE);
  CHECK(harness::state()["keys_overlay"] == false);
  type("+");
  CHECK(harness::state()["ui_scale"] == 1.25);
  type("-");
  type("-");
  CHECK(harness::state()["ui_scale"] == 1.0);  // never below 1
  CHECK(harness::errors(harness::state()).empty());
}

TEST_CASE("keys: every view does what its overlay says, and says when a key means nothing there") {
  REQUIRE_SHELL();
  harness::fresh_app();
  // Linear and network: Space trains, Right steps, R starts again.
  for (const std::string view : {"linear", "network"}) {
    CAPTURE(view);
    harness::run_ok("view " + view);
    harness::render(3);
    auto t = [&] { return harness::state()["views"][view]["training"]; };
    const long s0 = t()["step"].get<long>();
    press(SDL_SCANCODE_RIGHT);
    CHECK(t()["step"].get<long>() == s0 + 1);
    press(SDL_SCANCODE_SPACE);
    CHECK(t()["playing"] == true);
    // (Training waits while the decision regions are redrawn: frames, not a fixed count.)
    harness::render_until([&](const nlohmann::json& x) { return x["views"][view]["training"]["step"].get<long>() > s0 + 1; },
                          2000);
    press(SDL_SCANCODE_SPACE);
    CHECK(t()["playing"] == false);
    CHECK(t()["step"].get<long>() > s0 + 1);
    type("R");
    CHECK(t()["step"] == 0);
    const size_t before = harness::state()["messages"].size();
    press(SDL_SCANCODE_LEFT);  // no step back in training: the status bar says so
    const nlohmann::json msgs = harness::state()["messages"];
    REQUIRE(msgs.size() > before);
    CHECK(msgs.back()["text"].get<std::string>().find("nothing to do") != std::string::npos);
  }
  // Data: Right and Left walk through the test examples as kNN queries.
  harness::run_ok("view data");
  harness::render(3);
  press(SDL_SCANCODE_RIGHT);
  CHECK(harness::state()["views"]["data"]["query"]["index"] == 0);
  press(SDL_SCANCODE_RIGHT);
  CHECK(harness::state()["views"]["data"]["query"]["index"] == 1);
  press(SDL_SCANCODE_LEFT);
  CHECK(harness::state()["views"]["data"]["query"]["index"] == 0);
  // Landscape: Right trains every optimizer one step; R forgets the runs.
  harness::run_ok("view landscape");
  harness::render(2);
  press(SDL_SCANCODE_RIGHT);
  nlohmann::json ls = harness::state()["views"]["landscape"];
  REQUIRE(ls["optimizers"].size() >= 2);
  CHECK(ls["optimizers"][0]["step"] == 1);
  type("r");
  CHECK(harness::state()["views"]["landscape"]["optimizers"].size() == 0);
  // Gradient check: R checks again from the first coordinate (seen before the next frame's work).
  harness::run_ok("view gradcheck");
  const nlohmann::json done = harness::render_until([](const nlohmann::json& x) {
    return x["views"]["gradcheck"]["coords_total"].get<long>() > 0 && !x["views"]["gradcheck"]["running"].get<bool>();
  });
  REQUIRE(done["views"]["gradcheck"]["coords_done"].get<long>() > 0);
  type("r", 1);
  CHECK(harness::state()["views"]["gradcheck"]["coords_done"] == 0);
  CHECK(harness::state()["views"]["gradcheck"]["running"] == true);
  CHECK(harness::errors(harness::state()).empty());
}
