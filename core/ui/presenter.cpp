// presenter.cpp: the shared keyboard and its help overlay (presenter.h).
#include "core/ui/presenter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "core/ui/layout.h"


namespace descent::ui {

const char* key_action_keys(KeyAction a) {
  switch (a) {
    case KeyAction::PlayPause: return "Space";
    case KeyAction::Step: return "Right";
    case KeyAction::StepBack: return "Left";
    case KeyAction::Reset: return "R";
    case KeyAction::NextChapter: return "Page Down or ]";
    case KeyAction::PrevChapter: return "Page Up or [";
  }
  return "";
}

const char* key_action_name(KeyAction a) {
  switch (a) {
    case KeyAction::PlayPause: return "play-pause";
    case KeyAction::Step: return "step";
    case KeyAction::StepBack: return "step-back";
    case KeyAction::Reset: return "reset";
    case KeyAction::NextChapter: return "next-chapter";
    case KeyAction::PrevChapter: return "previous-chapter";
  }
  return "";
}

double stepped_ui_scale(double scale, int direction) {
  const double s = std::round(scale / kUiScaleStep) * kUiScaleStep + direction * kUiScaleStep;
  return std::clamp(s, kMinUiScale, kMaxUiScale);
}

void register_presenter_commands(CommandRegistry& registry, PresenterState& state, AppContext& ctx) {
  registry.add("keys", "keys [on|off]: the keyboard's help overlay (the ? key)", [&state](const CommandArgs& a) -> Status {
    if (a.words.empty()) state.keys_open = !state.keys_open;
    else if (a.words.size() == 1 && (a.words[0] == "on" || a.words[0] == "off")) state.keys_open = a.words[0] == "on";
    else return make_error(ErrorCode::Usage, "keys: give on or off (or nothing to toggle)");
    return Status::ok();
  });
  registry.add("fullscreen", "fullscreen: full screen on or off (the F key; the web page needs a key press or click first)",
               [&ctx](const CommandArgs& a) -> Status {
                 if (!a.words.empty()) return make_error(ErrorCode::Usage, "fullscreen: takes no arguments");
                 PlatformRequest r;
                 r.kind = PlatformRequest::Kind::Fullscreen;
                 ctx.request(r);
                 return Status::ok();
               });
  registry.add("panel", "panel NAME: on a compact screen, show the view's panel NAME (its tab: map, 3-D, loss, curves, ...)",
               [](const CommandArgs& a) -> Status {
                 if (a.words.size() != 1) return make_error(ErrorCode::Usage, "panel: give one tab name, e.g. panel 3-D");
                 if (!layout::compact())
                   return make_error(ErrorCode::Usage, "panel: the panels have tabs only on a compact screen (layout compact)");
                 layout::request_panel(a.words[0]);
                 return Status::ok();
               });
  registry.add("layout", "layout auto|wide|compact: panels side by side (wide) or one at a time (compact); auto by window size",
               [](const CommandArgs& a) -> Status {
                 for (layout::Mode m : {layout::Mode::Auto, layout::Mode::Wide, layout::Mode::Compact})
                   if (a.words.size() == 1 && a.words[0] == layout::mode_name(m)) {
                     layout::set_mode(m);
                     return Status::ok();
                   }
                 return make_error(ErrorCode::Usage, "layout: give auto, wide or compact");
               });
}

std::vector<KeyPress> read_key_presses() {
  std::vector<KeyPress> out;
  const ImGuiIO& io = ImGui::GetIO();
  // A text field owns the keys; so does a widget being dragged. Ctrl/Alt/Cmd chords are the
  // browser's or the desktop's (reload, zoom, copy).
  if (io.WantTextInput || ImGui::IsAnyItemActive() || io.KeyCtrl || io.KeyAlt || io.KeySuper) return out;
  auto pressed = [](ImGuiKey k, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
  auto action = [&](KeyAction a) { out.push_back({KeyPress::Kind::Action, a, 0}); };
  if (pressed(ImGuiKey_Space, false)) action(KeyAction::PlayPause);
  if (pressed(ImGuiKey_RightArrow, true)) action(KeyAction::Step);
  if (pressed(ImGuiKey_LeftArrow, true)) action(KeyAction::StepBack);
  if (pressed(ImGuiKey_PageDown, false)) action(KeyAction::NextChapter);
  if (pressed(ImGuiKey_PageUp, false)) action(KeyAction::PrevChapter);
  if (pressed(ImGuiKey_Escape, false)) out.push_back({KeyPress::Kind::Close, KeyAction::PlayPause, 0});
  // Characters, not key codes: '?' and '[' sit on different keys on different layouts.
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const ImWchar c = io.InputQueueCharacters[i];
    if (c == 'r' || c == 'R') action(KeyAction::Reset);
    else if (c == ']') action(KeyAction::NextChapter);
    else if (c == '[') action(KeyAction::PrevChapter);
    else if (c == '?') out.push_back({KeyPress::Kind::Help, KeyAction::PlayPause, 0});
    else if (c == 'f' || c == 'F') out.push_back({KeyPress::Kind::Fullscreen, KeyAction::PlayPause, 0});
    else if (c == '+' || c == '=') out.push_back({KeyPress::Kind::ScaleUp, KeyAction::PlayPause, 0});
    else if (c == '-') out.push_back({KeyPress::Kind::ScaleDown, KeyAction::PlayPause, 0});
    else if (c >= '1' && c <= '9') out.push_back({KeyPress::Kind::View, KeyAction::PlayPause, int(c - '1')});
  }
  return out;
}

void draw_key_overlay(bool* open, const KeyHelpView& current, const std::vector<std::string>& view_titles,
                      int current_index, double ui_scale, bool web) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(vp->WorkSize.x - 16.0f, ImGui::GetFontSize() * 34.0f);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, vp->WorkSize.y - 16.0f));
  ImGui::SetNextWindowFocus();
  if (!ImGui::Begin("Keys", open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
    ImGui::End();
    return;
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("In %s:", current.title.c_str());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("keys", 2, flags)) {
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Page Down or ]").x);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    for (size_t i = 0; i < std::size(kKeyActions); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(key_action_keys(kKeyActions[i]));
      ImGui::TableNextColumn();
      const std::string& m = i < current.meanings.size() ? current.meanings[i] : std::string();
      if (m.empty())
        ImGui::TextDisabled("nothing in this view");
      else
        ImGui::TextUnformatted(m.c_str());
    }
    auto row = [](const char* key, const char* what) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(key);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(what);
    };
    char views[40];
    std::snprintf(views, sizeof views, "1-%d", int(std::min<size_t>(9, view_titles.size())));
    row(views, "switch views (below)");
    char scale[64];
    std::snprintf(scale, sizeof scale, "UI scale larger / smaller (now %.2g; 'scale N' sets it)", ui_scale);
    row("+ and -", scale);
    row("F", web ? "full screen (Esc leaves it)" : "full screen");
    row("?", "this help; Esc closes it");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  for (size_t i = 0; i < view_titles.size() && i < 9; ++i) {
    char line[160];
    std::snprintf(line, sizeof line, "%d  %s", int(i + 1), view_titles[i].c_str());
    if (int(i) == current_index)
      ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", line);
    else
      ImGui::TextUnformatted(line);
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace descent::ui
