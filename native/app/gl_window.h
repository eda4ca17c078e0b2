// gl_window.h: the desktop platform layer: an SDL2 window with an OpenGL core context (4.3 when
// the driver has it, so the GL compute device can share it; else 3.3, and compute_available() says
// why not), loaded through libepoxy, Dear ImGui's context and its SDL2 + OpenGL3 backends.
// Headless mode uses SDL's "offscreen" video driver (EGL, Mesa's llvmpipe without a GPU): no X
// server, same pixels.
// Not the app: it knows nothing of views or commands (see shell.h). The web page (web/) builds this
// file too: under __EMSCRIPTEN__ the context is OpenGL ES 3.0 (WebGL2) on the page's #canvas.
// Usage: GlWindow w; if (!w.open({.headless = true})) ...; while (w.poll_events()) { w.begin_frame();
//        ...ImGui...; w.render(); w.present(); }  w.close();
#pragma once
#include <cstdint>
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
  void begin_frame();  // backends' NewFrame + ImGui::NewFrame
  void render();       // ImGui::Render, clear, draw ImGui's lists into the default framebuffer
  void present();      // swap buffers (pixels of the frame must be read before this)

  // RGBA8 of the default framebuffer's rectangle (x, y, w, h) in framebuffer pixels, top-left origin,
  // row 0 = top row; clipped to the framebuffer (w, h report what was read).
  std::vector<uint8_t> read_pixels(int x, int y, int* w, int* h) const;
  int framebuffer_width() const;
  int framebuffer_height() const;
  float pixels_per_point() const;  // framebuffer pixels per ImGui unit (1 unless high-DPI)
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
};

}  // namespace descent::app
