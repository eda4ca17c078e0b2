// widget_locator.cpp: ImGui's item hooks -> labelled rectangles (widget_locator.h). ItemAdd gives an
// item's rectangle, ItemInfo its label (for a tab, before its ItemAdd): both are joined by item id.
#include "web/widget_locator.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdarg>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace descent::web {

namespace {

struct Labelled {
  ImGuiID id;
  std::string label, window;
};
struct Placed {
  ImRect rect, clip;  // the item, and its window's clip rectangle when it was added
};

std::unordered_map<ImGuiID, Placed> g_rects;
std::vector<Labelled> g_labelled;

}  // namespace

void widget_locator_enable() {
  if (ImGuiContext* g = ImGui::GetCurrentContext()) g->TestEngineHookItems = true;
}

void widget_locator_begin_frame() {
  g_rects.clear();
  g_labelled.clear();
}

std::string widget_locator_json(float css_per_point) {
  nlohmann::json out = nlohmann::json::array();
  const float s = css_per_point;
  for (const Labelled& w : g_labelled) {
    auto it = g_rects.find(w.id);
    if (it == g_rects.end()) continue;  // labelled but never laid out (a closed tab's early exit)
    const ImRect& r = it->second.rect;
    ImRect v = r;
    v.ClipWithFull(it->second.clip);
    if (v.Min.x >= v.Max.x || v.Min.y >= v.Max.y) v = ImRect(0, 0, 0, 0);
    out.push_back({{"label", w.label}, {"window", w.window},
                   {"rect", {r.Min.x * s, r.Min.y * s, r.Max.x * s, r.Max.y * s}},
                   {"visible", {v.Min.x * s, v.Min.y * s, v.Max.x * s, v.Max.y * s}}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace descent::web

// ---- Dear ImGui's hooks (declared in imgui_internal.h under IMGUI_ENABLE_TEST_ENGINE) ----------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  const ImRect clip = ctx->CurrentWindow ? ctx->CurrentWindow->ClipRect : bb;
  descent::web::g_rects[id] = {bb, clip};
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (!label || !*label) return;
  const char* end = ImGui::FindRenderedTextEnd(label);  // "Play ##x" -> "Play "
  std::string text(label, end);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.empty()) return;
  descent::web::g_labelled.push_back({id, text, ctx->CurrentWindow ? ctx->CurrentWindow->Name : ""});
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
