// app_harness.cpp: the shared headless shell and pixel helpers (app_harness.h).
#include "tests/app/app_harness.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <sys/stat.h>
#include <unordered_set>

#include "native/app/png_writer.h"

namespace harness {

namespace {
struct Holder {
  std::unique_ptr<descent::app::Shell> shell;
  bool tried = false, ok = false;
  std::string why;
};
// Never destroyed (see shutdown()): reachable to the end, so not a leak.
Holder& holder() {
  static Holder* h = new Holder();
  return *h;
}
void clip(const Image& im, int* x, int* y, int* w, int* h) {
  if (*w <= 0 || *h <= 0) {
    *x = 0;
    *y = 0;
    *w = im.w;
    *h = im.h;
  }
  const int x1 = std::clamp(*x + *w, 0, im.w), y1 = std::clamp(*y + *h, 0, im.h);
  *x = std::clamp(*x, 0, im.w);
  *y = std::clamp(*y, 0, im.h);
  *w = std::max(0, x1 - *x);
  *h = std::max(0, y1 - *y);
}
}  // namespace

descent::app::Shell& shell() {
  Holder& h = holder();
  if (!h.tried) {
    h.tried = true;
    h.shell = std::make_unique<descent::app::Shell>();
    descent::app::ShellOptions o;
    o.headless = true;
    o.width = 1280;
    o.height = 720;
    descent::Status s = h.shell->open(o);
    h.ok = s.is_ok();
    h.why = s.message;
    if (h.ok) h.shell->capture = true;
    else
      MESSAGE("descent_app_tests: could not open a headless OpenGL 3.3 context (SDL offscreen driver): ", s.message);
  }
  return *h.shell;
}

bool ok() {
  shell();
  return holder().ok;
}

const std::string& why_not() {
  shell();
  return holder().why;
}

void shutdown() {
  // Only the App goes (its GL objects need the context). The window, the GL context and SDL stay
  // open until the process ends: closing them unloads Mesa's driver, whose teardown leaks a few
  // hundred bytes that LeakSanitizer reports from an unloaded, unsymbolisable module.
  Holder& h = holder();
  if (h.shell) h.shell->close_app();
}

void fresh_app(const std::string& view) {
  shell().reset_app();
  if (view != "lab") run_ok("view " + view);
}

Image render(int n) {
  for (int i = 0; i < n; ++i) shell().frame();
  return shell().captured();
}

Image render_without_app(const std::function<void()>& body, float ui_scale) {
  auto& w = shell().window();
  Image im;
  for (int frame = 0; frame < 2; ++frame) {
    w.poll_events();
    w.begin_frame(ui_scale);
    body();
    w.render();
    im.w = w.framebuffer_width();
    im.h = w.framebuffer_height();
    im.rgba = w.read_pixels(0, 0, &im.w, &im.h);
    w.present();
  }
  return im;
}

nlohmann::json state() { return nlohmann::json::parse(shell().app().state_json()); }

nlohmann::json render_until(const std::function<bool(const nlohmann::json&)>& done, int max_frames) {
  nlohmann::json s = state();
  for (int i = 0; i < max_frames && !done(s); ++i) {
    shell().frame();
    s = state();
  }
  return s;
}

void run_ok(const std::string& line) {
  descent::Status s = shell().app().run(line);
  INFO("command: ", line, " -> ", s.message);
  CHECK(s.is_ok());
}

std::string screenshot_dir() {
  const char* env = std::getenv("DESCENT_SCREENSHOT_DIR");
  std::string dir = env && *env ? env : DESCENT_APP_SCREENSHOT_DIR;
  // mkdir -p
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
  return dir;
}

void save(const Image& im, const std::string& name) {
  const std::string path = screenshot_dir() + "/" + name + ".png";
  descent::Status s = descent::app::write_png(path, im.w, im.h, im.rgba);
  INFO("writing ", path, ": ", s.message);
  CHECK(s.is_ok());
}

int distinct_colors(const Image& im, int x, int y, int w, int h) {
  clip(im, &x, &y, &w, &h);
  std::unordered_set<uint32_t> seen;
  for (int r = y; r < y + h; ++r)
    for (int c = x; c < x + w; ++c) {
      const uint8_t* p = im.at(c, r);
      seen.insert((uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16));
    }
  return (int)seen.size();
}

int color_distance(const uint8_t* px, uint32_t c) {
  const int r = (int)(c & 0xff), g = (int)((c >> 8) & 0xff), b = (int)((c >> 16) & 0xff);
  return std::max({std::abs(px[0] - r), std::abs(px[1] - g), std::abs(px[2] - b)});
}

bool color_near(const Image& im, float x, float y, uint32_t c, int tol, int radius, int* best) {
  int best_d = 1 << 20;
  const int cx = (int)x, cy = (int)y;
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx) {
      const int px = cx + dx, py = cy + dy;
      if (px < 0 || py < 0 || px >= im.w || py >= im.h) continue;
      best_d = std::min(best_d, color_distance(im.at(px, py), c));
    }
  if (best) *best = best_d;
  return best_d <= tol;
}

long changed_pixels(const Image& a, const Image& b, int tol, int x, int y, int w, int h) {
  if (a.w != b.w || a.h != b.h) return -1;
  clip(a, &x, &y, &w, &h);
  long n = 0;
  for (int r = y; r < y + h; ++r)
    for (int c = x; c < x + w; ++c) {
      const uint8_t *p = a.at(c, r), *q = b.at(c, r);
      if (std::abs(p[0] - q[0]) > tol || std::abs(p[1] - q[1]) > tol || std::abs(p[2] - q[2]) > tol) ++n;
    }
  return n;
}

std::vector<std::string> errors(const nlohmann::json& state) {
  std::vector<std::string> out;
  if (!state.contains("messages")) return out;
  for (const auto& m : state["messages"])
    if (m.value("error", false)) out.push_back(m.value("text", std::string()));
  return out;
}

}  // namespace harness
