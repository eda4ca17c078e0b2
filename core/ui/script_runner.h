// script_runner.h: feeds command lines to the App frame by frame, the same on the desktop (a
// --script file, stdin) and in the browser (descent.run). Commands run before the frame in order;
// `wait N` pauses the script for N rendered frames (so play/training can run), a command whose work
// goes on over frames (App::busy: `network step 5000`, `knn cv sync=1`) holds the next line until it
// is done, and a `screenshot` lets the frame render before the next command changes anything. Errors are counted and posted to
// the UI; the script goes on (or stops, with stop_on_error).
#pragma once
#include <deque>
#include <string>

#include "core/ui/app.h"

namespace descent::ui {

class ScriptRunner {
 public:
  bool stop_on_error = false;

  void add_text(const std::string& text);  // several lines
  void add_line(const std::string& line);
  // Call once per frame, before App::frame().
  void before_frame(App& app);
  bool idle() const { return lines_.empty() && wait_frames_ == 0; }
  int errors() const { return errors_; }
  const std::string& last_error() const { return last_error_; }

 private:
  std::deque<std::string> lines_;
  int wait_frames_ = 0;
  int errors_ = 0;
  std::string last_error_;
};

}  // namespace descent::ui
