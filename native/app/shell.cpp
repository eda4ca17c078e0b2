// shell.cpp: the desktop frame loop and platform requests (shell.h).
#include "native/app/shell.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/ui/fonts.h"
#include "core/ui/gl.h"
#include "native/app/png_writer.h"
#include "native/app/quit_signal.h"
#if DESCENT_HAS_GL_DEVICE
#include "native/gpu/gl_device.h"
#endif

#ifndef DESCENT_UI_FONT_FILE
#define DESCENT_UI_FONT_FILE ""
#endif

namespace descent::app {

Status Shell::open(const ShellOptions& options) {
  close();
  options_ = options;
  std::string script_text;
  if (!options.script_path.empty()) {
    std::ifstream in(options.script_path);
    if (!in) return make_error(ErrorCode::NotFound, "--script: cannot read '" + options.script_path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    script_text = ss.str();
  }
  install_quit_signals();  // before SDL_Init: SIGTERM / SIGINT end the loop (quit_signal.h)
  // The UI font from the build folder (cmake/ui_font.cmake), else Debian's whole DejaVu Sans.
  font_error_.clear();
  if (!descent::ui::has_font_data()) {
    Status f = descent::ui::load_font_file(DESCENT_UI_FONT_FILE);
    if (!f && !descent::ui::load_font_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
      font_error_ = f.message + "; drawing ImGui's built-in font (no Greek letters or math signs)";
  }
  WindowDesc desc;
  desc.width = options.width;
  desc.height = options.height;
  desc.headless = options.headless;
  if (Status s = window_.open(desc); !s) return s;
  reset_app();
  if (!script_text.empty()) script_.add_text(script_text);
  if (options.read_stdin && !stdin_started_) {
    stdin_.start();
    stdin_started_ = true;
  }
  return Status::ok();
}

void Shell::reset_app() {
  descent::ui::AppConfig config;
  config.data_dir = options_.data_dir;
  config.initial_view = options_.view.empty() ? "lab" : options_.view;
  app_.reset();  // the old App's GL objects go while the context is still current
  app_ = std::make_unique<descent::ui::App>(config);
  // The views' gl device: compute shaders on this window's context, when it is OpenGL 4.3.
#if DESCENT_HAS_GL_DEVICE
  if (window_.compute_available())
    app_->context().devices.set_gl([] { return descent::gpu::open_gl_device_on_current_context(); }, window_.renderer());
  else
    app_->context().devices.set_gl_unavailable(window_.compute_note(), window_.renderer());
#else
  app_->context().devices.set_gl_unavailable("this build has no GL device (native/gpu was not built: libepoxy-dev missing)",
                                             window_.renderer());
#endif
  if (!font_error_.empty()) app_->context().error(font_error_);
  script_ = descent::ui::ScriptRunner();
  quit_ = false;
}

void Shell::close_app() { app_.reset(); }

void Shell::close() {
  app_.reset();
  window_.close();
}

bool Shell::script_idle() {
  if (!script_.idle() || (app_ && app_->busy())) return false;
  return !options_.read_stdin || stdin_.done();
}

bool Shell::frame() {
  const auto t0 = std::chrono::steady_clock::now();
  if (quit_signal()) {  // SIGTERM / SIGINT: no more commands, end now
    quit_ = true;
    return false;
  }
  if (!window_.poll_events()) quit_ = true;
  if (stdin_started_)
    for (const std::string& line : stdin_.take()) script_.add_line(line);
  const int errors_before = script_.errors();
  script_.before_frame(*app_);
  print_new_errors(script_.errors() - errors_before);
  app_->context().touch = window_.touch_input();
  window_.begin_frame(float(app_->ui_scale()));
  app_->frame();
  const auto t1 = std::chrono::steady_clock::now();
  window_.render();
  if (capture) {
    captured_.w = window_.framebuffer_width();
    captured_.h = window_.framebuffer_height();
    captured_.rgba = window_.read_pixels(0, 0, &captured_.w, &captured_.h);
  }
  handle_requests();
  if (options_.frame_stats) glFinish();  // count the rendering, not just its submission
  window_.present();
  ++frames_;
  const auto t2 = std::chrono::steady_clock::now();
  frame_ms_.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
  ui_ms_.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  if (options_.max_frames >= 0 && frames_ >= options_.max_frames) quit_ = true;
  if (options_.exit_when_done && script_idle()) quit_ = true;
  if (quit_signal()) quit_ = true;  // arrived during this frame's work
  return !quit_;
}

// Prints the newest n error messages (the script's failed commands of this frame) to stderr.
void Shell::print_new_errors(int n) {
  if (n <= 0) return;
  std::vector<std::string> texts;
  const auto& msgs = app_->context().messages();
  for (auto it = msgs.rbegin(); it != msgs.rend() && (int)texts.size() < n; ++it)
    if (it->error) texts.push_back(it->text);
  if (texts.empty()) texts.push_back(script_.last_error());
  for (auto it = texts.rbegin(); it != texts.rend(); ++it) std::fprintf(stderr, "descent-app: %s\n", it->c_str());
}

void Shell::handle_requests() {
  using Kind = descent::ui::PlatformRequest::Kind;
  for (const descent::ui::PlatformRequest& r : app_->take_requests()) {
    if (r.kind == Kind::Quit) {
      quit_ = true;
    } else if (r.kind == Kind::Fullscreen) {
      window_.toggle_fullscreen();
    } else if (r.kind == Kind::Screenshot) {
      // rect is in ImGui units; the framebuffer may have more pixels per unit (high DPI).
      const float s = window_.pixels_per_point();
      int x = 0, y = 0, w = window_.framebuffer_width(), h = window_.framebuffer_height();
      if (r.rect.z > 0 && r.rect.w > 0) {
        x = (int)(r.rect.x * s);
        y = (int)(r.rect.y * s);
        w = (int)(r.rect.z * s);
        h = (int)(r.rect.w * s);
      }
      std::vector<uint8_t> rgba = window_.read_pixels(x, y, &w, &h);
      Status st = w > 0 && h > 0 ? write_png(r.path, w, h, rgba)
                                 : make_error(ErrorCode::Usage, "screenshot: the rectangle is outside the window");
      if (st) {
        app_->context().info("saved " + r.path);
      } else {
        ++platform_errors_;
        app_->context().error(st.message);
        std::fprintf(stderr, "descent-app: %s\n", st.message.c_str());
      }
    } else if (r.kind == Kind::SaveFile) {
      std::FILE* f = std::fopen(r.path.c_str(), "wb");
      const bool ok = f && std::fwrite(r.contents.data(), 1, r.contents.size(), f) == r.contents.size();
      if (f) std::fclose(f);
      if (ok) {
        app_->context().info("saved " + r.path);
      } else {
        ++platform_errors_;
        const std::string msg = "save: could not write '" + r.path + "' (does its folder exist and is it writable?)";
        app_->context().error(msg);
        std::fprintf(stderr, "descent-app: %s\n", msg.c_str());
      }
    }
  }
}

FrameStats Shell::frame_stats() const {
  FrameStats st;
  if (frame_ms_.size() <= 2) return st;
  std::vector<double> t(frame_ms_.begin() + 2, frame_ms_.end());
  std::sort(t.begin(), t.end());
  st.frames = (long)t.size();
  double sum = 0;
  for (double v : t) sum += v;
  st.mean_ms = sum / t.size();
  st.p50_ms = t[t.size() / 2];
  st.p95_ms = t[std::min(t.size() - 1, (size_t)(0.95 * t.size()))];
  st.max_ms = t.back();
  double ui = 0;
  for (size_t i = 2; i < ui_ms_.size(); ++i) ui += ui_ms_[i];
  st.ui_mean_ms = ui / (double)(ui_ms_.size() - 2);
  return st;
}

int Shell::run() {
  while (frame()) {
  }
  if (options_.print_state) std::printf("%s\n", app_->state_json().c_str());
  if (options_.frame_stats) {
    const FrameStats st = frame_stats();
    std::printf(
        "{\"frame_stats\":{\"frames\":%ld,\"mean_ms\":%.2f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f,"
        "\"app_mean_ms\":%.2f,\"width\":%d,\"height\":%d,\"headless\":%s,\"gl\":\"%s\"}}\n",
        st.frames, st.mean_ms, st.p50_ms, st.p95_ms, st.max_ms, st.ui_mean_ms, window_.framebuffer_width(),
        window_.framebuffer_height(), options_.headless ? "true" : "false", window_.gl_description().c_str());
  }
  std::fflush(stdout);
  int code = 0;
  if (script_.errors() > 0) {
    std::fprintf(stderr, "descent-app: %d script command(s) failed\n", script_.errors());
    code = 1;
  }
  if (platform_errors_ > 0) code = 1;
  return code;
}

}  // namespace descent::app
