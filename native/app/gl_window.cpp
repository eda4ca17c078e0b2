// gl_window.cpp: SDL2 + OpenGL 4.3 (else 3.3) core + Dear ImGui's backends (gl_window.h).
#include "native/app/gl_window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/ui/fonts.h"
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
  // The font for this window's pixel density, before the renderer uploads its first atlas.
  ui_scale_ = 1.0f;
  descent::ui::build_fonts(pixels_per_point());
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

void GlWindow::track_finger(const void* sdl_event) {
  const SDL_TouchFingerEvent& f = static_cast<const SDL_Event*>(sdl_event)->tfinger;
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  touch_ = true;
  if (f.type == SDL_FINGERUP)
    fingers_.erase(int64_t(f.fingerId));
  else
    fingers_[int64_t(f.fingerId)] = {f.x * float(w), f.y * float(h)};
  if (fingers_.size() >= 2) {
    pinch_ = true;
    auto a = fingers_.begin(), b = std::next(a);
    const float d = std::hypot(a->second.first - b->second.first, a->second.second - b->second.second);
    // Spreading the fingers zooms in as the wheel does: one notch is 10% (OrbitCamera, core/ui/gfx.cpp).
    if (f.type == SDL_FINGERMOTION && pinch_distance_ > 0 && d > 0)
      pinch_wheel_ += std::log(d / pinch_distance_) / std::log(1.0f / 0.9f);
    pinch_distance_ = d;
  } else {
    pinch_distance_ = 0;
  }
  if (fingers_.empty()) pinch_ = false;
}

bool GlWindow::poll_events() {
  bool open = true;
  // A key pressed and released between two frames (a quick tap, a slow frame) would never be seen
  // down by ImGui, which reads its key state once a frame: its release waits for the next frame.
  for (int scancode : deferred_keyups_) {
    SDL_Event up;
    std::memset(&up, 0, sizeof up);
    up.type = SDL_KEYUP;
    up.key.state = SDL_RELEASED;
    up.key.keysym.scancode = SDL_Scancode(scancode);
    ImGui_ImplSDL2_ProcessEvent(&up);
  }
  deferred_keyups_.clear();
  std::vector<int> down_now;
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    if (e.type == SDL_KEYDOWN) down_now.push_back(int(e.key.keysym.scancode));
    if (e.type == SDL_KEYUP &&
        std::find(down_now.begin(), down_now.end(), int(e.key.keysym.scancode)) != down_now.end()) {
      deferred_keyups_.push_back(int(e.key.keysym.scancode));
      continue;
    }
    if (e.type == SDL_FINGERDOWN || e.type == SDL_FINGERUP || e.type == SDL_FINGERMOTION) track_finger(&e);
    const bool from_finger = (e.type == SDL_MOUSEMOTION && e.motion.which == SDL_TOUCH_MOUSEID) ||
                             ((e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) && e.button.which == SDL_TOUCH_MOUSEID);
    if (e.type == SDL_MOUSEMOTION || e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_MOUSEWHEEL)
      touch_ = from_finger;
    // During a pinch the first finger's emulated mouse must not press (or drag) anything.
    if (!(pinch_ && from_finger)) ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) open = false;
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
        e.window.windowID == SDL_GetWindowID(window_))
      open = false;
  }
  return open;
}

void GlWindow::begin_frame(float ui_scale) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // Presenter mode: a point is `ui_scale` window pixels, so the whole UI (text, lines, markers,
  // panels) grows, and the layout sees a smaller screen (layout.h may turn compact).
  ui_scale_ = ui_scale > 0 ? ui_scale : 1.0f;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(io.DisplaySize.x / ui_scale_, io.DisplaySize.y / ui_scale_);
  int ww = 0, wh = 0;
  SDL_GetWindowSize(window_, &ww, &wh);
  if (ww > 0 && wh > 0)  // (a minimised window keeps the last scale, as ImGui's backend does)
    io.DisplayFramebufferScale = ImVec2(float(framebuffer_width()) / float(ww) * ui_scale_,
                                        float(framebuffer_height()) / float(wh) * ui_scale_);
  io.MousePos = ImVec2(io.MousePos.x / ui_scale_, io.MousePos.y / ui_scale_);  // (an invalid position stays invalid)
  if (pinch_) io.MouseDown[0] = false;
  io.MouseWheel += pinch_wheel_;
  pinch_wheel_ = 0;
  // Text stays sharp at any density: the atlas is re-rasterised when the pixels per point change.
  if (descent::ui::build_fonts(io.DisplayFramebufferScale.x)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui::NewFrame();
}

void GlWindow::set_size(int width, int height) { SDL_SetWindowSize(window_, width, height); }

void GlWindow::toggle_fullscreen() {
  const bool on = (SDL_GetWindowFlags(window_) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
  SDL_SetWindowFullscreen(window_, on ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
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
  return (ww > 0 ? (float)framebuffer_width() / (float)ww : 1.0f) * ui_scale_;
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
