// script_runner.cpp: frame-paced execution of command lines (script_runner.h).
#include "core/ui/script_runner.h"

#include <sstream>

namespace descent::ui {

void ScriptRunner::add_text(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) add_line(line);
}

void ScriptRunner::add_line(const std::string& line) { lines_.push_back(line); }

void ScriptRunner::before_frame(App& app) {
  if (wait_frames_ > 0) {
    --wait_frames_;
    return;
  }
  if (app.busy()) return;  // a command's work goes on over frames: the next line waits for it
  while (!lines_.empty()) {
    const std::string line = lines_.front();
    lines_.pop_front();
    Result<CommandArgs> args = parse_command(line);
    if (args && args->command == "wait") {
      Result<int> n = args->optional_word_integer(0, "FRAMES", 1, 0, 1000000);
      if (n) {
        wait_frames_ = *n;
        if (wait_frames_ > 0) {
          --wait_frames_;  // this frame is the first
          return;
        }
        continue;
      }
      ++errors_;
      last_error_ = n.status().message;
      app.context().error(last_error_);
      continue;
    }
    Status s = app.run(line);
    if (!s) {
      ++errors_;
      last_error_ = s.message;
      if (stop_on_error) {
        lines_.clear();
        return;
      }
    }
    // A command whose work goes on over frames (sync=1, landscape-compute, step N): the next line
    // waits for it, from the next frame on (before_frame's check above).
    if (app.busy()) return;
    if (args && args->command == "screenshot") return;  // render this frame before going on
    // ImGui shows a newly selected tab one frame later: the next command runs in that frame.
    if (args && args->command == "view" && s.is_ok()) return;
  }
}

}  // namespace descent::ui
