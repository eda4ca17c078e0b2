// app_harness.h: the rendering tests' fixture: one headless Shell (SDL offscreen + Mesa llvmpipe,
// the real App and ImGui's real OpenGL renderer) for the whole test binary, and pixel helpers on
// frames read back with glReadPixels. No mocks: what is checked is what a user would see.
// Usage: REQUIRE_SHELL(); auto& s = harness::shell(); harness::fresh_app(); Image im = harness::render(10);
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "native/app/shell.h"

namespace harness {

using descent::app::Image;

// The shared shell, opened on first use at 1280x720; ok() false (and why) when no GL context.
descent::app::Shell& shell();
bool ok();
const std::string& why_not();
// Closes the shell (App first, then the window and GL context); main() calls it once at the end.
void shutdown();
// A new App in the same window (views' state reset), opened on `view`.
void fresh_app(const std::string& view = "lab");
// Renders n frames of the App and returns the last one.
Image render(int n = 1);
// Two frames of ImGui drawn by `body` alone (no App) at the given UI scale; returns the second (a
// window new to ImGui may skip its first frame).
Image render_without_app(const std::function<void()>& body, float ui_scale = 1.0f);
// The App's state_json() parsed.
nlohmann::json state();
// Renders frames until done(state()) holds (work spread over frames by the budget, e.g. a region
// grid, finishes in fewer frames on a fast build than under ASan); at most max_frames. Returns the
// last state; the caller checks what it needs (done may still be false when the cap was hit).
nlohmann::json render_until(const std::function<bool(const nlohmann::json&)>& done, int max_frames = 5000);
// Runs one command and expects it to succeed.
void run_ok(const std::string& line);

// Where PNGs of the test frames go (DESCENT_SCREENSHOT_DIR, else the build's tests/app/screenshots).
std::string screenshot_dir();
void save(const Image& im, const std::string& name);  // name.png in screenshot_dir()

// Distinct RGB values inside (x, y, w, h) (w == 0: whole image).
int distinct_colors(const Image& im, int x = 0, int y = 0, int w = 0, int h = 0);
// Max |channel difference| (RGB) between the pixel and an ImU32 colour.
int color_distance(const uint8_t* px, uint32_t imu32);
// Whether a pixel within `radius` of (x, y) is within `tol` of the colour; the best distance found.
bool color_near(const Image& im, float x, float y, uint32_t imu32, int tol, int radius, int* best = nullptr);
// Pixels that differ (any channel by more than tol) inside (x, y, w, h) (w == 0: whole image).
long changed_pixels(const Image& a, const Image& b, int tol = 8, int x = 0, int y = 0, int w = 0, int h = 0);
// Error messages in the state (empty when none).
std::vector<std::string> errors(const nlohmann::json& state);

}  // namespace harness

// Every rendering test starts with this: fails with the reason when no GL context could be made.
#define REQUIRE_SHELL()                                                                    \
  do {                                                                                      \
    INFO("no headless OpenGL 3.3 context: ", harness::why_not());                           \
    REQUIRE(harness::ok());                                                                 \
  } while (0)
