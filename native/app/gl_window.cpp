// gl_window.cpp: SDL2 + OpenGL 4.3 (else 3.3) core + Dear ImGui's backends (gl_window.h).
#include "native/app/gl_window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cstring>

#include "core/ui/gl.h"

namespace descent::app {

namespace {
Status sdl_failure(const std::string& step, bool headless) {
  std::string hint = headless
                         ? " (headless runs need Mesa's EGL and llvmpipe: apt-get install libegl1 libegl-mesa0 "
                           "libgl1-mesa-dri)"
                         : " (is a display available? without one, pass --headless)";
  return make_error(ErrorCode::NotFound, step + ": " + SDL_GetError() + hint);
}
}  // namespace

Status GlWindow::open(const WindowDesc& desc) {
  close();
  if (desc.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  if (SDL_Init(SDL_INIT_VIDEO) != 0) return sdl_failure("SDL_Init(video)", desc.headless);
  sdl_video_ = true;
  // Without a display SDL falls back to its offscreen driver by itself: a window nobody sees.
  const char* driver = SDL_GetCurrentVideoDriver();
  if (!desc.headless && driver && (std::strcmp(driver, "offscreen") == 0 || std::strcmp(driver, "dummy") == 0)) {
    close();
    return make_error(ErrorCode::NotFound,
                      "no display (SDL found no X11 or Wayland server); pass --headless to run without a window");
  }

#ifdef __EMSCRIPTEN__
  // The browser (web/): OpenGL ES 3.0 is WebGL2 on the page's #canvas.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 4);  // compute shaders; 3.3 below if refused
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);
  Uint32 flags = SDL_WINDOW_OPENGL;
  if (!desc.headless) flags |= SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  window_ = SDL_CreateWindow(desc.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, desc.width, desc.height, flags);
  if (!window_) {
    Status s = sdl_failure("SDL_CreateWindow (OpenGL 3.3 core)", desc.headless);
    close();
    return s;
  }
  gl_context_ = SDL_GL_CreateContext(window_);
#ifndef __EMSCRIPTEN__
  if (!gl_context_) {  // no 4.3 core: the app's own needs are 3.3
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    gl_context_ = SDL_GL_CreateContext(window_);
  }
#endif
  if (!gl_context_) {
    Status s = sdl_failure("SDL_GL_CreateContext (OpenGL 3.3 core)", desc.headless);
    close();
    return s;
  }
  SDL_GL_MakeCurrent(window_, (SDL_GLContext)gl_context_);
#ifndef __EMSCRIPTEN__
  // (In the browser, requestAnimationFrame paces frames; a swap interval there would need a main loop.)
  SDL_GL_SetSwapInterval(desc.headless ? 0 : (desc.vsync ? 1 : 0));
  if (epoxy_gl_version() < 33) {
    const int v = epoxy_gl_version();
    close();
    return make_error(ErrorCode::NotFound, "OpenGL " + std::to_string(v / 10) + "." + std::to_string(v % 10) +
                                               " context: Descent needs OpenGL 3.3 core");
  }
#endif
  renderer_ = (const char*)glGetString(GL_RENDERER);
  gl_description_ = renderer_ + " | " + (const char*)glGetString(GL_VERSION) + " | SDL " + (driver ? driver : "?");
#ifdef __EMSCRIPTEN__
  compute_available_ = false;
  compute_note_ = "WebGL2 has no compute shaders: the browser runs the SIMD path";
#else
  const int version = epoxy_gl_version();
  compute_available_ = version >= 43;
  compute_note_ = compute_available_ ? "" : "OpenGL " + std::to_string(version / 10) + "." + std::to_string(version % 10) +
                                                " (renderer " + renderer_ + "): compute shaders need 4.3";
#endif

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_context_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini next to the binary; the app's layout is fixed
  io.LogFilename = nullptr;
  ImGui::StyleColorsDark();
  if (!ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_)) {
    close();
    return make_error(ErrorCode::Internal, "ImGui_ImplSDL2_InitForOpenGL failed");
  }
  sdl_backend_ = true;
  if (!ImGui_ImplOpenGL3_Init(DESCENT_IMGUI_GLSL)) {
    close();
    return make_error(ErrorCode::NotFound, "ImGui_ImplOpenGL3_Init failed (it loads libGL.so.1 itself: is libgl1 installed?)");
  }
  gl_backend_ = true;
  return Status::ok();
}

void GlWindow::close() {
  if (gl_backend_) ImGui_ImplOpenGL3_Shutdown();
  if (sdl_backend_) ImGui_ImplSDL2_Shutdown();
  if (imgui_context_) ImGui::DestroyContext();
  gl_backend_ = sdl_backend_ = imgui_context_ = false;
  if (gl_context_) SDL_GL_DeleteContext((SDL_GLContext)gl_context_);
  gl_context_ = nullptr;
  if (window_) SDL_DestroyWindow(window_);
  window_ = nullptr;
  if (sdl_video_) SDL_Quit();
  sdl_video_ = false;
}

bool GlWindow::poll_events() {
  bool open = true;
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) open = false;
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
        e.window.windowID == SDL_GetWindowID(window_))
      open = false;
  }
  return open;
}

void GlWindow::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
}

void GlWindow::render() {
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, framebuffer_width(), framebuffer_height());
  glDisable(GL_SCISSOR_TEST);
  // The App's full-window ImGui window has no background of its own: the clear is its background.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GlWindow::present() { SDL_GL_SwapWindow(window_); }

int GlWindow::framebuffer_width() const {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  return w;
}

int GlWindow::framebuffer_height() const {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  return h;
}

float GlWindow::pixels_per_point() const {
  int ww = 0, wh = 0;
  SDL_GetWindowSize(window_, &ww, &wh);
  return ww > 0 ? (float)framebuffer_width() / (float)ww : 1.0f;
}

std::vector<uint8_t> GlWindow::read_pixels(int x, int y, int* w, int* h) const {
  const int fw = framebuffer_width(), fh = framebuffer_height();
  const int x0 = std::clamp(x, 0, fw), y0 = std::clamp(y, 0, fh);
  const int x1 = std::clamp(x + *w, 0, fw), y1 = std::clamp(y + *h, 0, fh);
  *w = x1 - x0;
  *h = y1 - y0;
  std::vector<uint8_t> rgba((size_t)std::max(*w, 0) * std::max(*h, 0) * 4);
  if (rgba.empty()) return rgba;
  GLint prev_fbo = 0, prev_align = 4;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_PACK_ALIGNMENT, &prev_align);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // GL's rows run bottom-up: read the rectangle whose top is y0 (from the top), then flip the rows.
  std::vector<uint8_t> bottom_up(rgba.size());
  glReadPixels(x0, fh - y1, *w, *h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  const size_t row = (size_t)*w * 4;
  for (int r = 0; r < *h; ++r)
    std::copy_n(bottom_up.data() + (size_t)(*h - 1 - r) * row, row, rgba.data() + (size_t)r * row);
  glPixelStorei(GL_PACK_ALIGNMENT, prev_align);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, (GLuint)prev_fbo);
  // The default framebuffer's alpha is whatever ImGui blended; a screenshot is opaque.
  for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
  return rgba;
}

}  // namespace descent::app
