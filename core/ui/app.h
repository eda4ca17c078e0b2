// app.h: the Descent app, one code base for the desktop (native/app) and the browser (web/): a
// window of views in the lecture's order (data & kNN, linear classifier, gradient check,
// optimisation lab, loss landscape, neural network), opening on the optimisation lab. The platform
// owns the main loop and calls frame() between ImGui::NewFrame() and ImGui::Render(); commands
// (command.h) drive it from scripts, stdin, JavaScript and tests. Never blocks: heavy work is spread
// over frames within a time budget. No SDL, GL context handling or Emscripten here.
// Usage: App app({}); each frame: ImGui::NewFrame(); app.frame(); ImGui::Render(); ...;
//        for (auto& r : app.take_requests()) ...;  app.run("step 10");
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ui/app_context.h"
#include "core/ui/app_settings.h"
#include "core/ui/command.h"
#include "core/ui/presenter.h"
#include "core/ui/view.h"

namespace descent::ui {

struct AppConfig {
  bool web = false;
  std::string data_dir;          // folder for mnist / cifar10 files (native)
  std::string initial_view = "lab";
};

class App {
 public:
  explicit App(const AppConfig& config);
  ~App();

  // Draws one frame's UI (the whole window) and spends the frame's compute budget.
  void frame();
  // Runs one command line; errors are also posted to the UI.
  Status run(const std::string& line);
  // Applies a link's query (url_state.h) to this app, command by command; the first error stops it
  // and comes back in terms of the link ("link: linear.lr=abc: lr must be ..."), also posted.
  // `defaults` is an untouched App's state (which groups and keys exist).
  Status apply_link(const std::string& query, const nlohmann::json& defaults);
  // A view still working on what a command asked for (View::busy): scripts wait.
  bool busy() const;
  // Commands registered twice at start-up (a test checks there are none).
  const std::vector<std::string>& command_errors() const { return commands_.errors(); }
  // The app's state as JSON: the current view, every view's state(), fps and frame time.
  std::string state_json() const;
  std::vector<PlatformRequest> take_requests() { return ctx_.take_requests(); }
  AppContext& context() { return ctx_; }
  const CommandRegistry& commands() const { return commands_; }
  View* view(const std::string& name);
  const std::string& current_view() const { return current_; }
  // Presenter mode (presenter.h): the UI scale the platform applies before ImGui::NewFrame().
  double ui_scale() const { return settings_.scale; }

  // ---- for platforms that fetch or receive data (the web page) ----
  // A FetchData download ended (fetched is ok, or says why not): repeats what asked for the data
  // set (the command, or selecting it in the view where it was picked); posts fetched's error.
  void data_arrived(const std::string& name, const Status& fetched);
  // Shows data set `name` (already known to the context, e.g. put_data) in view `view_name` (data,
  // linear, network, landscape, gradcheck); from any other view (the lab) in the data view.
  Status select_data(const std::string& view_name, const std::string& name);

 private:
  void register_app_commands();
  void draw_status_bar();
  void draw_help_window();
  void apply_key(const KeyPress& k);     // the keyboard (presenter.h)
  void draw_view_switcher();             // compact screens: a drop-down instead of the tab bar
  void draw_current_view(View& v, float status_h);

  AppContext ctx_;
  AppSettings settings_;
  CommandRegistry commands_;
  std::vector<std::unique_ptr<View>> views_;
  std::string current_;
  std::string select_next_;  // a tab to select on the next frame (from a command)
  bool show_help_ = false;
  PresenterState presenter_;
  double last_frame_time_ = 0, frame_ms_ = 0, fps_ = 0;
  long frames_ = 0;
};

}  // namespace descent::ui
