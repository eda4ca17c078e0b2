// shell.h: the desktop app around the portable App: the window (gl_window.h), the frame loop, the
// script and stdin command feeds, the platform requests (screenshots, saved files, quit) and frame
// timing. main.cpp parses flags into ShellOptions; the rendering tests drive a Shell frame by frame.
// Usage: Shell s; if (Status st = s.open(opts); !st) ...; int code = s.run();
//        (tests) s.capture = true; s.app().run("view data"); s.frame(); s.captured() ...
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/ui/app.h"
#include "core/ui/script_runner.h"
#include "native/app/gl_window.h"
#include "native/app/stdin_lines.h"

namespace descent::app {

struct ShellOptions {
  int width = 1280, height = 720;
  bool headless = false;
  std::string script_path;   // --script FILE
  bool read_stdin = false;   // --stdin
  bool exit_when_done = false;
  std::string data_dir;      // --data-dir
  std::string view = "lab";  // --view NAME
  long max_frames = -1;      // --frames N (< 0: no limit)
  bool print_state = false;  // App::state_json() on stdout at exit
  bool frame_stats = false;  // frame times as JSON on stdout at exit (glFinish each frame)
};

// An RGBA8 image, row 0 = top row (window pixels).
struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> rgba;
  const uint8_t* at(int x, int y) const { return rgba.data() + ((size_t)y * w + x) * 4; }
};

struct FrameStats {
  long frames = 0;  // frames measured (all but the first two, which warm caches up)
  double mean_ms = 0, p50_ms = 0, p95_ms = 0, max_ms = 0;
  // Of the mean: events, commands, the views' update() and draw() (their own GL uploads and
  // offscreen renders included); the rest is ImGui's GL rendering of the window and the present.
  double ui_mean_ms = 0;
};

class Shell {
 public:
  ~Shell() { close(); }

  // Opens the window and creates the App; reads --script. Errors: no GL context, unreadable script.
  Status open(const ShellOptions& options);
  void close();  // the App first (its textures need the context), then the window
  void close_app();  // the App only (the window and GL context stay)

  // One frame: events, queued commands, the App's frame, rendering, platform requests, present.
  // Returns false when the shell should stop (window closed, quit, --frames, --exit-when-done).
  bool frame();
  // frame() until it returns false; prints --print-state / --frame-stats; returns the exit code:
  // 0 ok, 1 when a script command or a platform request failed (each printed to stderr).
  int run();

  // A fresh App (and script runner), same window: for tests that want a clean state.
  void reset_app();

  descent::ui::App& app() { return *app_; }
  descent::ui::ScriptRunner& script() { return script_; }
  GlWindow& window() { return window_; }
  FrameStats frame_stats() const;
  int platform_errors() const { return platform_errors_; }
  long frames() const { return frames_; }

  // When true, frame() keeps a copy of each rendered frame (read before present).
  bool capture = false;
  const Image& captured() const { return captured_; }

 private:
  void handle_requests();
  void print_new_errors(int n);
  bool script_idle();

  ShellOptions options_;
  GlWindow window_;
  std::unique_ptr<descent::ui::App> app_;
  descent::ui::ScriptRunner script_;
  StdinLines stdin_;
  bool stdin_started_ = false;
  bool quit_ = false;
  long frames_ = 0;
  int platform_errors_ = 0;
  std::string font_error_;  // why the UI font could not be read (shown in every new App)
  std::vector<double> frame_ms_, ui_ms_;
  Image captured_;
};

}  // namespace descent::app
