// presenter.h: presenter mode: the UI scale (1 to 2.5: the platform rasterises the font for it and
// ImGui's points grow with it, so text, lines, markers and panels all scale), full screen, and the
// keyboard every view shares, with a help overlay (?) saying what each key does in the current view.
// Keys: Space play/pause, Right step, Left step back, R reset, Page Down or ] next chapter, Page Up or [
// previous chapter (these go to the view: View::on_key); 1-9 switch views in the App's order, ? the
// overlay, F full screen, + and - the UI scale, Esc closes the overlay. Not the views' own actions
// (each view maps a KeyAction onto its model's API).
// Usage: for (const KeyPress& k : read_key_presses()) ...;  draw_key_overlay(...)
#pragma once
#include <string>
#include <vector>

#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui {

// What a view may do with a key (View::on_key; View::key_meaning says what, for the overlay).
enum class KeyAction { PlayPause, Step, StepBack, Reset, NextChapter, PrevChapter };
constexpr KeyAction kKeyActions[] = {KeyAction::PlayPause, KeyAction::Step,        KeyAction::StepBack,
                                     KeyAction::Reset,     KeyAction::NextChapter, KeyAction::PrevChapter};
const char* key_action_keys(KeyAction a);  // "Space", "Right", ... (the overlay's first column)
const char* key_action_name(KeyAction a);  // "play-pause", "step", ... (state(), tests)

constexpr double kMinUiScale = 1.0, kMaxUiScale = 2.5, kUiScaleStep = 0.25;

// What presenter mode remembers (App owns one).
struct PresenterState {
  bool keys_open = false;    // the help overlay
};
// The UI scale is an app setting (app_settings.h: `app scale=N`, `scale N`, the link's scale=).
// The commands: `keys [on|off]` (the overlay), `fullscreen` (asks the platform),
// `layout auto|wide|compact` (layout.h; auto decides by the window's size).
void register_presenter_commands(CommandRegistry& registry, PresenterState& state, AppContext& ctx);
// The scale one +/- key press away (clamped to the range).
double stepped_ui_scale(double scale, int direction);

// One key press this frame that the app acts on.
struct KeyPress {
  enum class Kind { Action, View, Help, Fullscreen, ScaleUp, ScaleDown, Close } kind = Kind::Action;
  KeyAction action = KeyAction::PlayPause;  // Kind::Action
  int view = 0;                             // Kind::View: 0-based index in the App's view list
};

// The presses of this frame from ImGui's input (keys and typed characters), none while a text field
// or a dragged widget has the keyboard or mouse.
std::vector<KeyPress> read_key_presses();

// A view's row of the overlay: its name and, per action, what the key does there (empty: nothing).
struct KeyHelpView {
  std::string title;
  std::vector<std::string> meanings;  // per kKeyActions entry
};
// The help overlay: a window over the app listing every key and what it does in `current`; the
// other views' names by their number keys. `open` is cleared when the user closes it.
void draw_key_overlay(bool* open, const KeyHelpView& current, const std::vector<std::string>& view_titles,
                      int current_index, double ui_scale, bool web);

}  // namespace descent::ui
