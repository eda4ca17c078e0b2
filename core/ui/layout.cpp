// layout.cpp: compact or wide, panel tabs, scrolling panels and the panel record (layout.h).
#include "core/ui/layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include <imgui_internal.h>  // the current window's clip rectangle, for a panel's visible part

namespace descent::ui::layout {

namespace {
Mode g_mode = Mode::Auto;
std::vector<PanelRecord> g_panels;
float g_overflow = 0;      // the widest overflow of a scrolling region ended since the last Panel began
std::string g_requested;  // request_panel()
std::string g_tabs_seen;  // the names of the tabs drawn this frame, "a, b, c"

bool same_name(const char* a, const std::string& b) {
  size_t i = 0;
  for (; a[i] && i < b.size(); ++i)
    if (std::tolower((unsigned char)a[i]) != std::tolower((unsigned char)b[i])) return false;
  return !a[i] && i == b.size();
}
}  // namespace

void set_mode(Mode mode) { g_mode = mode; }
Mode mode() { return g_mode; }

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::Auto: return "auto";
    case Mode::Wide: return "wide";
    case Mode::Compact: return "compact";
  }
  return "auto";
}

bool compact_for(ImVec2 size, Mode mode) {
  if (mode != Mode::Auto) return mode == Mode::Compact;
  return size.x < kCompactWidth || size.y < kCompactHeight;
}

// Without an ImGui context (an App's state read before its first frame, in tests) nothing is
// drawn yet: wide, unless forced.
bool compact() {
  if (!ImGui::GetCurrentContext()) return g_mode == Mode::Compact;
  return compact_for(ImGui::GetIO().DisplaySize, g_mode);
}

bool landscape() {
  const ImVec2 s = ImGui::GetIO().DisplaySize;
  return compact() && s.x > s.y;
}

Panel::Panel(const char* name) : name_(name) {
  g_overflow = 0;
  ImGui::BeginGroup();
}

Panel::~Panel() {
  ImGui::EndGroup();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImRect clip = ImGui::GetCurrentWindowRead()->ClipRect;
  PanelRecord r{name_, ImVec4(a.x, a.y, b.x, b.y), ImVec4(0, 0, 0, 0), g_overflow};
  g_overflow = 0;
  const float x0 = std::max(a.x, clip.Min.x), y0 = std::max(a.y, clip.Min.y);
  const float x1 = std::min(b.x, clip.Max.x), y1 = std::min(b.y, clip.Max.y);
  if (x1 > x0 && y1 > y0) r.visible = ImVec4(x0, y0, x1, y1);
  g_panels.push_back(std::move(r));
}

void begin_frame() {
  g_panels.clear();
  g_tabs_seen.clear();
}
const std::vector<PanelRecord>& panels() { return g_panels; }

void request_panel(const std::string& name) { g_requested = name; }

bool take_unmatched_request(std::string* name, std::string* tabs) {
  if (g_requested.empty() || g_tabs_seen.empty()) return false;  // matched, or no tabs drawn yet
  *name = std::exchange(g_requested, std::string());
  *tabs = g_tabs_seen;
  return true;
}

int panel_tabs(const char* id, const char* const* names, int count, int* current) {
  for (int i = 0; i < count && !g_requested.empty(); ++i)
    if (same_name(names[i], g_requested)) {
      *current = i;
      g_requested.clear();
    }
  for (int i = 0; i < count; ++i) g_tabs_seen += std::string(g_tabs_seen.empty() ? "" : ", ") + names[i];
  *current = std::clamp(*current, 0, std::max(0, count - 1));
  ImGui::PushID(id);
  const ImGuiStyle& style = ImGui::GetStyle();
  // Equal widths across the row, so the tabs read as one control and each is an easy target.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = std::floor((avail - style.ItemSpacing.x * float(count - 1)) / float(std::max(1, count)));
  for (int i = 0; i < count; ++i) {
    if (i > 0) ImGui::SameLine();
    const bool selected = i == *current;
    ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[selected ? ImGuiCol_TabActive : ImGuiCol_Tab]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_TabHovered]);
    if (ImGui::Button(names[i], ImVec2(w, 0))) *current = i;
    ImGui::PopStyleColor(2);
  }
  ImGui::PopID();
  return *current;
}

void begin_scroll(const char* id, float height) {
  ImGui::BeginChild(id, ImVec2(0, height), false, ImGuiWindowFlags_HorizontalScrollbar);
}

void end_scroll() {
  // A finger (or the mouse) dragged over empty space moves the content, as on any phone page;
  // a drag that started on a widget (a slider, the map, the 3-D view) belongs to that widget.
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && !ImGui::IsAnyItemActive() &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) {
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    ImGui::SetScrollY(ImGui::GetScrollY() - d.y);
    ImGui::SetScrollX(ImGui::GetScrollX() - d.x);
  }
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();  // (content size: the last frame's)
  g_overflow = std::max(g_overflow, w->ContentSize.x - (w->InnerRect.Max.x - w->InnerRect.Min.x));
  ImGui::EndChild();
}

void same_line_if_fits(float width) {
  const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (x + width <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

void begin_row(const char* id) {
  if (!compact()) return;
  const float h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ScrollbarSize;
  begin_scroll(id, h);
}

void end_row() {
  if (compact()) end_scroll();
}

float square_side(ImVec2 avail, float reserve_y, float min_side) {
  return std::max(min_side, std::floor(std::min(avail.x, avail.y - reserve_y)));
}

float text_wrap_pos() {
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  return w->InnerClipRect.Max.x - w->Pos.x + w->Scroll.x;
}

float wrap_width(float em) {
  const float display = ImGui::GetIO().DisplaySize.x;
  const float want = ImGui::GetFontSize() * em;
  return display > 0 ? std::min(want, display - 2.0f * ImGui::GetStyle().WindowPadding.x - 8.0f) : want;
}

}  // namespace descent::ui::layout
