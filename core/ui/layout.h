// layout.h: where a view's panels go on the screen the app has. Wide (a laptop, a projector at
// scale 1): side by side, as each view arranges them. Compact (a phone in portrait or landscape, or a
// projector at a large UI scale): one panel at a time, full width, chosen by a row of small tabs, in a
// region that scrolls (a finger dragged on empty space scrolls it). Views call these helpers and keep
// their own drawing; every Panel is recorded (name and rectangle) for App::state_json and the tests.
// Not a layout engine: sizes are still the views' arithmetic. Sizes are ImGui points (CSS pixels / UI scale).
// Usage: if (layout::compact()) { int p = layout::panel_tabs("lab", kNames, 4, &tab_);
//          layout::begin_scroll("p"); { layout::Panel m("contour map"); draw_map(side); } layout::end_scroll(); }
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace descent::ui::layout {

// Below either threshold (points) the app is compact: 390 x 844 and 844 x 390 phones both are.
constexpr float kCompactWidth = 700.0f;
constexpr float kCompactHeight = 460.0f;

enum class Mode { Auto, Wide, Compact };  // Auto: from the display size in points
void set_mode(Mode mode);
Mode mode();
const char* mode_name(Mode mode);  // "auto", "wide", "compact"
// The decision for a display of `size` points (what compact() uses with ImGui's display size).
bool compact_for(ImVec2 size, Mode mode);
// This frame: one panel at a time?
bool compact();
// Compact and wider than tall (a phone on its side): a square panel leaves room beside it.
bool landscape();

// A panel: its content between construction and destruction is one group, recorded by name with the
// rectangle it took (screen points) for state(); the tests check that none leaves the window. A panel
// that holds a scrolling region (begin_scroll) is that region's frame, and records how far the
// region's content reaches beyond its right edge.
class Panel {
 public:
  explicit Panel(const char* name);
  ~Panel();
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

 private:
  std::string name_;
};

struct PanelRecord {
  std::string name;
  ImVec4 rect;           // (x0, y0, x1, y1), screen points, as laid out
  ImVec4 visible;        // the part inside its window's clip rectangle ((0,0,0,0) when none)
  float overflow_x = 0;  // points of a scrolling region's content beyond its right edge (reached by scrolling)
};
void begin_frame();  // App: forgets the last frame's panels
const std::vector<PanelRecord>& panels();

// Compact screens: a row of small tabs, one per panel name; *current is the selected one (clamped),
// changed by a click, or by request_panel(). Returns *current. Wide screens never call it.
int panel_tabs(const char* id, const char* const* names, int count, int* current);
// Selects the compact tab named `name` (any case) when the current view next draws its tabs (the
// `panel NAME` command: scripts and tests). take_unmatched_request(): after a frame whose tabs did
// not have that name, the name and the tabs there were ("map, 3-D, ..."), and the request is dropped.
void request_panel(const std::string& name);
bool take_unmatched_request(std::string* name, std::string* tabs);

// A full-width region for the selected panel, `height` points tall (0: the rest of the window), that
// scrolls vertically; on touch, a drag that starts on no widget scrolls it.
void begin_scroll(const char* id, float height = 0.0f);
void end_scroll();

// On the current line if an item `width` points wide still fits, else on the next: rows of buttons
// that wrap on a phone. button_width: what ImGui::Button(label) will take.
void same_line_if_fits(float width);
float button_width(const char* label);

// A row of widgets that may be wider than a phone (a settings row): compact, a one-row region that
// scrolls sideways (a finger drags it); wide, nothing (the row lays out as it always did).
void begin_row(const char* id);
void end_row();

// The side of the largest square that fits `avail` leaving `reserve_y` points below it (>= min_side).
float square_side(ImVec2 avail, float reserve_y, float min_side = 80.0f);

// Where text should wrap (for ImGui::PushTextWrapPos): the current window's visible right edge, in
// its local coordinates. Unlike PushTextWrapPos(0), not the edge of content wider than the window (a
// sideways-scrolling panel), so paragraphs stay readable on a phone.
float text_wrap_pos();

// Width for wrapped help text: `em` font sizes, but never wider than the display (a phone).
float wrap_width(float em);

}  // namespace descent::ui::layout
