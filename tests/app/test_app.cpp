// test_app.cpp: the whole app rendered headless: every view draws (many colours, no error
// messages) and leaves a PNG in the screenshot folder; a bad command shows an error banner and the
// app keeps rendering; the screenshot command writes a real PNG of the window.
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/app/app_harness.h"

namespace {
const char* kViews[] = {"lecture", "data", "linear", "gradcheck", "lab", "landscape", "network"};

// Width and height from a PNG's IHDR chunk (0 if it is not a PNG).
bool png_size(const std::string& path, int* w, int* h) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[24] = {0};
  if (!in.read((char*)b, 24)) return false;
  const unsigned char sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  for (int i = 0; i < 8; ++i)
    if (b[i] != sig[i]) return false;
  *w = (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19];
  *h = (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23];
  return true;
}
}  // namespace

TEST_CASE("app: a headless OpenGL context renders the opening view (the lab)") {
  REQUIRE_SHELL();
  MESSAGE("GL: ", harness::shell().window().gl_description());
  harness::fresh_app();
  const harness::Image im = harness::render(5);
  REQUIRE(im.w == 1280);
  REQUIRE(im.h == 720);
  const nlohmann::json s = harness::state();
  CHECK(s["view"] == "lab");
  CHECK(s["frames"].get<long>() >= 5);
  // Text, widgets and plots: far more than a blank or single-colour frame.
  CHECK(harness::distinct_colors(im) > 100);
}

TEST_CASE("app: every view renders without errors") {
  REQUIRE_SHELL();
  harness::fresh_app();
  for (const std::string name : kViews) {
    CAPTURE(name);
    harness::run_ok("view " + name);
    // The landscape shows its surface only after training: a short run, evaluated at once.
    if (name == "landscape") {
      harness::run_ok("landscape-train 50");
      harness::run_ok("landscape-compute");
    }
    // Enough frames for incremental work (grids, first training steps) to show something.
    const harness::Image im = harness::render(30);
    const nlohmann::json s = harness::state();
    CHECK(s["view"] == name);
    CHECK(s["views"].contains(name));
    const std::vector<std::string> errs = harness::errors(s);
    for (const std::string& e : errs) MESSAGE("error message: ", e);
    CHECK(errs.empty());
    // Not blank: text, widgets and plots give dozens of colours (one flat colour: 1; the tab bar
    // alone: about 15).
    CHECK(harness::distinct_colors(im) > 40);
    harness::save(im, name);
  }
}

TEST_CASE("app: a bad command shows an error banner, and the app keeps rendering") {
  REQUIRE_SHELL();
  harness::fresh_app();
  const harness::Image before = harness::render(3);
  descent::Status s = harness::shell().app().run("no-such-command 42");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("no-such-command") != std::string::npos);
  descent::Status s2 = harness::shell().app().run("view nowhere");
  CHECK_FALSE(s2.is_ok());
  const long frames0 = harness::state()["frames"].get<long>();
  const harness::Image im = harness::render(5);
  const nlohmann::json st = harness::state();
  CHECK(st["frames"].get<long>() == frames0 + 5);
  CHECK(harness::errors(st).size() >= 2);
  CHECK(st["view"] == "lab");
  // The banner's text colour (app.cpp: IM_COL32(255, 120, 110)) is on screen now, and was not before.
  auto banner_pixels = [](const harness::Image& x) {
    long n = 0;
    for (int r = 0; r < 80; ++r)
      for (int c = 0; c < x.w; ++c) n += harness::color_distance(x.at(c, r), IM_COL32(255, 120, 110, 255)) <= 12;
    return n;
  };
  CHECK(banner_pixels(before) == 0);
  CHECK(banner_pixels(im) > 20);
  harness::save(im, "error_banner");
  harness::run_ok("dismiss");
  const harness::Image after = harness::render(2);
  CHECK(harness::errors(harness::state()).empty());
  CHECK(banner_pixels(after) == 0);
  CHECK(harness::distinct_colors(after) > 100);
}

TEST_CASE("app: the screenshot command writes a PNG of the window after the frame") {
  REQUIRE_SHELL();
  harness::fresh_app();
  const std::string path = harness::screenshot_dir() + "/screenshot_command.png";
  std::remove(path.c_str());
  harness::run_ok("screenshot " + path);
  harness::render(1);
  int w = 0, h = 0;
  REQUIRE(png_size(path, &w, &h));
  CHECK(w == 1280);
  CHECK(h == 720);
  CHECK(harness::errors(harness::state()).empty());
  // An unwritable path: an error message, no crash.
  harness::run_ok("screenshot /nonexistent-dir/x.png");
  harness::render(1);
  CHECK(harness::errors(harness::state()).size() == 1);
  CHECK(harness::shell().platform_errors() >= 1);
}

TEST_CASE("app: a script runs frame by frame, waits, and counts its errors") {
  REQUIRE_SHELL();
  harness::fresh_app();
  auto& script = harness::shell().script();
  script.add_text("view data\nwait 3\nview linear\nbogus-command\nview gradcheck\n");
  // Frame 1 runs "view data"; a view switch ends the frame's commands (ImGui shows the new tab one
  // frame later; the state names the new view at once). Frame 2 starts "wait 3" (frames 2, 3, 4);
  // frame 5 runs "view linear"; frame 6 the bogus command and "view gradcheck".
  harness::render(2);
  CHECK(harness::state()["view"] == "data");
  harness::render(2);
  CHECK(harness::state()["view"] == "data");
  CHECK_FALSE(script.idle());
  harness::render(1);
  CHECK(script.errors() == 0);
  CHECK(harness::state()["view"] == "linear");
  harness::render(1);
  CHECK(script.idle());
  CHECK(script.errors() == 1);
  CHECK(harness::state()["view"] == "gradcheck");
  harness::render(1);
  CHECK(harness::state()["view"] == "gradcheck");
}

TEST_CASE("app: the lab's contour map changes when the eigenvalues change, and only then") {
  REQUIRE_SHELL();
  harness::fresh_app("lab");
  harness::run_ok("pause");
  harness::run_ok("eigen 1 4");
  const harness::Image a = harness::render(4);
  const nlohmann::json lab = harness::state()["views"]["lab"];
  REQUIRE(lab.contains("contour_rect"));  // [left, top, right, bottom] in window pixels
  const nlohmann::json& r = lab["contour_rect"];
  const int x = (int)r[0].get<float>(), y = (int)r[1].get<float>();
  const int w = (int)(r[2].get<float>() - r[0].get<float>()), h = (int)(r[3].get<float>() - r[1].get<float>());
  REQUIRE(w > 50);
  REQUIRE(h > 50);
  const long area = (long)w * h;
  const harness::Image a2 = harness::render(2);
  CHECK(harness::changed_pixels(a, a2, 8, x, y, w, h) < area / 100);  // nothing changed: the map is still
  harness::run_ok("eigen 1 50");
  const harness::Image b = harness::render(4);
  harness::save(b, "lab_eigen_1_50");
  const long changed = harness::changed_pixels(a, b, 8, x, y, w, h);
  INFO("changed ", changed, " of ", area, " contour-map pixels");
  CHECK(changed > area / 10);
  CHECK(harness::errors(harness::state()).empty());
}
