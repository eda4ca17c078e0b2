// web_shell.h: the Descent app in the browser around the portable App: the window (GlWindow on the
// page's #canvas, WebGL2), one frame per requestAnimationFrame, the page's requests (downloads,
// lazy data, clipboard links, the address bar's settings), a student's uploaded files and frame
// timing. main.cpp owns one WebShell and exposes it to JavaScript (window.descent, README).
// Not the page's HTML or loader (index.html, page.js) and not the desktop shell (native/app).
// Usage: WebShell s; if (Status st = s.open(location_query); !st) ...; each rAF: s.frame();
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/ui/app.h"
#include "core/ui/frame_governor.h"
#include "core/ui/script_runner.h"
#include "core/ui/upload.h"
#include "native/app/gl_window.h"

namespace descent::web {

// The data sets the page downloads on first use, and where they go (load_dataset finds them there).
constexpr const char* kFetchedDataSet = "fashion-mnist";

class WebShell {
 public:
  // The window and the App; then the settings of the link (url_state.h). A malformed link, or one
  // whose settings fail, leaves the defaults and says why. Errors: no WebGL2 context.
  Status open(const std::string& query, const std::string& asset_note);
  // One frame: events, script lines, the App's frame, rendering, requests, timing.
  void frame();

  // descent.run(line): runs now; {"ok":true} or {"ok":false,"error":"..."}; "pending":true when
  // it waits for a download (it is repeated when the data has arrived).
  std::string run(const std::string& line);
  // descent.script(text): lines run frame by frame, with `wait N` (script_runner.h).
  void script(const std::string& text) { script_.add_text(text); }
  // descent.state(): App::state_json() with a "web" object (frame timing, first frame, link).
  std::string state() const;
  // CSS pixels per ImGui point (the presenter's UI scale): state()'s rectangles are in points.
  float ui_scale() const { return window_.ui_scale(); }
  // The settings as a query (url_state.h), without '?'.
  std::string url_query() const;

  // A download from a FetchData request ended; files are already in the file system when ok.
  void data_arrived(const std::string& name, bool ok, const std::string& message);

  // An upload: begin() returns a buffer of `size` bytes for the page to fill (nullptr when too
  // large or out of memory: the message says so); finish() checks every file given since the
  // last finish() and, when good, shows the data set in the current view. JSON {"ok":..}.
  uint8_t* upload_begin(const std::string& name, double size, std::string* error);
  std::string upload_finish();

 private:
  void make_app();
  void draw_frame();  // the App's frame, rendered (not yet presented)
  void apply_link(const std::string& query);
  void handle_requests();
  void record_timing(double start_ms);
  void update_address_bar();

  app::GlWindow window_;
  std::unique_ptr<ui::App> app_;
  ui::ScriptRunner script_;
  std::string asset_note_;
  std::vector<ui::UploadFile> uploads_;
  int upload_count_ = 0;
  long frames_ = 0;
  int vertices_ = 0;
  double first_frame_ms_ = 0, last_start_ms_ = 0;
  std::vector<double> interval_ms_, work_ms_;  // the last kTimingWindow frames, a ring
  ui::FrameGovernor governor_;                 // caps the training work so frames stay under ~26 ms
  double budget_ms_ = 0;                       // the compute budget the last frame had
  size_t timing_next_ = 0;
  std::string last_query_;
  nlohmann::json defaults_;  // the untouched App's state (url_state.h leaves its groups out)
};

}  // namespace descent::web
