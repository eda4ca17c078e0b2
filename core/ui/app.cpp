// app.cpp: the window, the tabs, the status bar, app-wide commands and state (app.h).
#include "core/ui/app.h"

#include <cstdio>
#include <new>
#include <utility>

#include <imgui.h>

#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/url_state.h"
#include "core/ui/views.h"

namespace descent::ui {

App::App(const AppConfig& config) {
  ctx_.web = config.web;
  ctx_.data_dir = config.data_dir;
  views_.push_back(make_lecture_view());  // the first tab: the course in order, one click from any view
  views_.push_back(make_data_view());
  views_.push_back(make_linear_view());
  views_.push_back(make_gradcheck_view());
  views_.push_back(make_lab_view());
  views_.push_back(make_landscape_view());
  views_.push_back(make_network_view());
  register_app_commands();
  for (auto& v : views_) {
    v->attach(ctx_);
    v->register_commands(commands_);
  }
  current_ = view(config.initial_view) ? config.initial_view : "lab";
  select_next_ = current_;
}

App::~App() = default;

bool App::busy() const {
  for (const auto& v : views_)
    if (v->busy()) return true;
  return false;
}

View* App::view(const std::string& name) {
  for (auto& v : views_)
    if (name == v->name()) return v.get();
  return nullptr;
}

Status App::run(const std::string& line) {
  const std::string outer = std::exchange(ctx_.origin, line);
  Status s;
  try {  // sizes are checked before allocating (core/memory_budget.h); this catches what slips by
    s = commands_.run(line);
  } catch (const std::bad_alloc&) {
    s = make_error(ErrorCode::TooLarge, "out of memory running '" + line + "'; try smaller settings");
  }
  ctx_.origin = outer;
  ctx_.check(s);
  return s;
}

Status App::select_data(const std::string& view_name, const std::string& name) {
  if (view_name == "linear" || view_name == "network" || view_name == "landscape" || view_name == "gradcheck") {
    current_ = select_next_ = view_name;
    return run(view_name + " data=" + name);
  }
  current_ = select_next_ = "data";
  return run("data " + name);
}

void App::data_arrived(const std::string& name, const Status& fetched) {
  const std::vector<std::string> origins = ctx_.finish_fetch(name, fetched.is_ok());
  if (!fetched.is_ok()) {
    ctx_.error(fetched.message);
    return;
  }
  ctx_.info(name + " has arrived");
  for (const std::string& o : origins) {
    if (o.rfind("ui:", 0) == 0)
      select_data(o.substr(3), name);
    else
      run(o);
  }
}

Status App::apply_link(const std::string& query, const nlohmann::json& defaults) {
  Result<std::vector<LinkCommand>> commands = commands_from_url_query(query, defaults);
  if (!commands) {
    ctx_.error(commands.status().message);
    return commands.status();
  }
  for (const LinkCommand& c : *commands) {
    const std::string outer = std::exchange(ctx_.origin, c.command);  // repeated when a download arrives
    Status s = commands_.run(c.command);
    ctx_.origin = outer;
    if (s || (s.code == ErrorCode::NotFound && ctx_.any_fetching())) continue;
    // "linear: lr must be ..." -> "link: linear.lr=abc: lr must be ...": the message in the link's terms.
    std::string why = s.message;
    const size_t colon = why.find(": ");
    if (colon != std::string::npos && c.command.rfind(why.substr(0, colon), 0) == 0) why = why.substr(colon + 2);
    Status linked{s.code, "link: " + c.from + ": " + why};
    ctx_.check(linked);
    return linked;
  }
  return Status::ok();
}

void App::register_app_commands() {
  commands_.add("app", "app [" + app_schema().usage() + "]: the app's own settings", [this](const CommandArgs& a) {
    if (Status s = a.expect(0, 0, "app key=value ...", true); !s) return s;
    if (Status s = apply_options(app_schema(), settings_, a); !s) return s;
    ctx_.notation = settings_.notation;
    return Status::ok();
  });
  commands_.add("view", "view NAME: show a view (lecture, data, linear, gradcheck, lab, landscape, network)",
                [this](const CommandArgs& a) -> Status {
                  if (a.words.size() != 1 || !view(a.words[0])) {
                    std::string names;
                    for (auto& v : views_) names += std::string(names.empty() ? "" : ", ") + v->name();
                    return make_error(ErrorCode::Usage, "view: name one of " + names);
                  }
                  current_ = select_next_ = a.words[0];
                  return Status::ok();
                });
  commands_.add("help", "help: list the commands", [this](const CommandArgs&) -> Status {
    ctx_.info(commands_.help());
    show_help_ = true;
    return Status::ok();
  });
  commands_.add("screenshot", "screenshot FILE.png: save the window as a PNG after this frame",
                [this](const CommandArgs& a) -> Status {
                  if (a.words.size() != 1) return make_error(ErrorCode::Usage, "screenshot: give one file name");
                  PlatformRequest r;
                  r.kind = PlatformRequest::Kind::Screenshot;
                  r.path = a.words[0];
                  ctx_.request(r);
                  return Status::ok();
                });
  commands_.add("budget", "budget MS: milliseconds of training/evaluation work per frame (1..1000)",
                [this](const CommandArgs& a) -> Status {
                  Result<int> ms = a.word_integer(0, "MS", 1, 1000);
                  if (!ms) return ms.status();
                  ctx_.frame_budget = *ms / 1000.0;
                  return Status::ok();
                });
  commands_.add("dismiss", "dismiss: clear the error banner", [this](const CommandArgs&) -> Status {
    ctx_.dismiss_errors();
    return Status::ok();
  });
  commands_.add("quit", "quit: close the app (desktop)", [this](const CommandArgs&) -> Status {
    PlatformRequest r;
    r.kind = PlatformRequest::Kind::Quit;
    ctx_.request(r);
    return Status::ok();
  });
}

void App::frame() {
  const double t = ctx_.now();
  if (frames_ > 0) {
    const double dt = t - last_frame_time_;
    frame_ms_ = 0.9 * frame_ms_ + 0.1 * dt * 1000.0;
    if (frames_ == 1) frame_ms_ = dt * 1000.0;
    fps_ = frame_ms_ > 0 ? 1000.0 / frame_ms_ : 0;
  }
  last_frame_time_ = t;
  ++frames_;

  // Background work first (training, grids), within the frame's budget, shared by the views.
  ctx_.start_frame_budget();
  for (auto& v : views_) v->update(ctx_);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoBackground;  // the shell clears to WindowBg: one full-window blend less
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Descent", nullptr, flags);
  ImGui::PopStyleVar();

  // Error banner: stays until dismissed; the app keeps running underneath.
  for (const Message& m : ctx_.messages()) {
    if (!m.error) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 120, 110, 255));
    ImGui::TextWrapped("%s", m.text.c_str());
    ImGui::PopStyleColor();
  }
  if (ctx_.has_error() && ImGui::SmallButton("Dismiss")) ctx_.dismiss_errors();

  const float status_h = ImGui::GetFrameHeightWithSpacing();
  if (ImGui::BeginTabBar("views")) {
    for (auto& v : views_) {
      ImGuiTabItemFlags tf = select_next_ == v->name() ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(v->title(), nullptr, tf)) {
        current_ = v->name();
        ImGui::BeginChild("view", ImVec2(0, -status_h), false);
        ctx_.origin = std::string("ui:") + v->name();  // what picked a data set still downloading
        v->draw(ctx_);
        ctx_.origin.clear();
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    select_next_.clear();
    ImGui::EndTabBar();
  }
  draw_status_bar();
  ImGui::End();
  if (show_help_) draw_help_window();
}

void App::draw_status_bar() {
  ImGui::Separator();
  ImGui::Text("%.1f ms/frame (%.0f fps)", frame_ms_, fps_);
  ImGui::SameLine();
  if (ImGui::SmallButton("Commands")) show_help_ = !show_help_;
  ImGui::SameLine();
  // The notation of labels and help: the lecture's (λ, α, Torch7's names) or PyTorch's.
  AppSettings n = settings_;
  if (setting_widget(ctx_, app_schema(), "notation", n, ImGui::GetFontSize() * 5.5f)) {
    settings_ = n;
    ctx_.notation = n.notation;
  }
  ImGui::SameLine();
  if (ctx_.web) {  // a link that reproduces these settings (url_state.h), for a lecturer to send
    if (ImGui::SmallButton("Copy link")) {
      PlatformRequest r;
      r.kind = PlatformRequest::Kind::CopyLink;
      ctx_.request(r);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Open data files")) {  // IDX pairs or CIFAR-10 batches (or drop them on the page)
      PlatformRequest r;
      r.kind = PlatformRequest::Kind::OpenFile;
      ctx_.request(r);
    }
    ImGui::SameLine();
  }
  for (auto it = ctx_.messages().rbegin(); it != ctx_.messages().rend(); ++it) {
    if (it->error) continue;
    ImGui::TextDisabled("%s", it->text.c_str());
    break;
  }
}

void App::draw_help_window() {
  ImGui::SetNextWindowSize(ImVec2(520, 360), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Commands", &show_help_)) {
    ImGui::TextWrapped("Every control can also be driven by a command, from a script (descent-app --script FILE), "
                       "stdin, or the web page's descent.run(\"...\"):");
    ImGui::Separator();
    ImGui::TextUnformatted(commands_.help().c_str());
  }
  ImGui::End();
}

std::string App::state_json() const {
  nlohmann::json j;
  j["view"] = current_;
  j["settings"] = settings_json(app_schema(), settings_);
  j["fps"] = fps_;
  j["frame_ms"] = frame_ms_;
  j["frames"] = frames_;
  j["busy"] = busy();
  nlohmann::json views = nlohmann::json::object();
  for (const auto& v : views_) {
    nlohmann::json s = nlohmann::json::object();
    v->state(s);
    views[v->name()] = s;
  }
  j["views"] = views;
  nlohmann::json msgs = nlohmann::json::array();
  for (const Message& m : ctx_.messages()) msgs.push_back({{"error", m.error}, {"text", m.text}});
  j["messages"] = msgs;
  // Messages are valid UTF-8 already (AppContext); a view's string that is not (a name taken from
  // a user's bytes) is replaced rather than thrown on: nlohmann's dump() throws type_error 316.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace descent::ui
