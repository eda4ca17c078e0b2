// gl_window.h: the desktop platform layer: an SDL2 window with an OpenGL core context (4.3 when
// the driver has it, so the GL compute device can share it; else 3.3, and compute_available() says
// why not), loaded through libepoxy, Dear ImGui's context and its SDL2 + OpenGL3 backends.
// Headless mode uses SDL's "offscreen" video driver (EGL, Mesa's llvmpipe without a GPU): no X
// server, same pixels.
// Not the app: it knows nothing of views or commands (see shell.h). The web page (web/) builds this
// file too: under __EMSCRIPTEN__ the context is OpenGL ES 3.0 (WebGL2) on the page's #canvas.
// The UI scale (presenter mode) is applied here: ImGui's points become `scale` window pixels, the
// font is rasterised for the framebuffer's pixels (core/ui/fonts.h). Fingers: a two-finger pinch
// becomes mouse-wheel zoom, and the mouse emulated from the first finger is held up while it lasts.
// Usage: GlWindow w; if (!w.open({.headless = true})) ...; while (w.poll_events()) { w.begin_frame(scale);
//        ...ImGui...; w.render(); w.present(); }  w.close();
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

struct SDL_Window;

namespace descent::app {

struct WindowDesc {
  int width = 1280, height = 720;  // window size in points
  bool headless = false;           // SDL_VIDEODRIVER=offscreen: no display needed
  bool vsync = true;               // ignored when headless (frames run as fast as they can)
  const char* title = "Descent";
};

class GlWindow {
 public:
  GlWindow() = default;
  ~GlWindow() { close(); }
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  // SDL video, the window, the GL context, ImGui and its backends. On failure everything opened so
  // far is closed again and the Status says which step failed and what to install.
  Status open(const WindowDesc& desc);
  void close();
  bool is_open() const { return window_ != nullptr; }

  // Feeds SDL events to ImGui; false once the user asked to close the window.
  bool poll_events();
  // Backends' NewFrame, the UI scale (points per window pixel... see above), the font for the
  // resulting pixel density, then ImGui::NewFrame.
  void begin_frame(float ui_scale = 1.0f);
  void render();       // ImGui::Render, clear, draw ImGui's lists into the default framebuffer
  void present();      // swap buffers (pixels of the frame must be read before this)

  // RGBA8 of the default framebuffer's rectangle (x, y, w, h) in framebuffer pixels, top-left origin,
  // row 0 = top row; clipped to the framebuffer (w, h report what was read).
  std::vector<uint8_t> read_pixels(int x, int y, int* w, int* h) const;
  int framebuffer_width() const;
  int framebuffer_height() const;
  float pixels_per_point() const;  // framebuffer pixels per ImGui point (device pixel ratio x UI scale)
  float ui_scale() const { return ui_scale_; }
  // The last pointer input came from a finger (SDL's touch events or the mouse it emulates).
  bool touch_input() const { return touch_; }
  void toggle_fullscreen();  // the desktop's full screen (the web page asks the browser instead)
  // Resizes the window (points). Headless, the offscreen surface keeps its first size: a smaller
  // window renders into its corner, which read_pixels() reads (the tests' phone-shaped windows).
  void set_size(int width, int height);
  const std::string& gl_description() const { return gl_description_; }  // "renderer | version"
  // Whether the window's context runs compute shaders (OpenGL 4.3 or newer): the GL compute device
  // (native/gpu: open_gl_device_on_current_context) can then use it. If not, compute_note() is the
  // one line saying what was found ("OpenGL 3.3 (renderer X): compute shaders need 4.3").
  bool compute_available() const { return compute_available_; }
  const std::string& compute_note() const { return compute_note_; }
  const std::string& renderer() const { return renderer_; }  // GL_RENDERER

 private:
  SDL_Window* window_ = nullptr;
  void* gl_context_ = nullptr;
  bool imgui_context_ = false, sdl_backend_ = false, gl_backend_ = false, sdl_video_ = false;
  std::string gl_description_;
  bool compute_available_ = false;
  std::string compute_note_, renderer_;
  float ui_scale_ = 1.0f;
  // Fingers on the window (SDL finger id -> position in window pixels); a pinch lasts from the
  // second finger down until every finger is up, and adds its zoom to ImGui's mouse wheel.
  std::map<int64_t, std::pair<float, float>> fingers_;
  bool touch_ = false, pinch_ = false;
  float pinch_distance_ = 0.0f, pinch_wheel_ = 0.0f;
  void track_finger(const void* sdl_event);
  std::vector<int> deferred_keyups_;  // scancodes released in the same frame they went down (poll_events)
};

}  // namespace descent::app
