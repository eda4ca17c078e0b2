// widget_locator.h: where the last frame drew each labelled ImGui widget (buttons, tabs, sliders,
// combos, checkboxes), in CSS pixels of the canvas, recorded through Dear ImGui's item hooks (imgui_internal.h,
// IMGUI_ENABLE_TEST_ENGINE, compiled into the web build's ImGui). Lets browser tests and lecturers'
// scripts click real widgets by name (descent.widgets()). Not a test engine: it only records.
// Usage: widget_locator_enable();  each frame: widget_locator_begin_frame(); ...ImGui...;
//        std::string j = widget_locator_json(scale);
//        // [{"label":"Step","window":"...","rect":[x0,y0,x1,y1],"visible":[...]}, ...]
#pragma once
#include <string>

namespace descent::web {

// Turns ImGui's item hooks on for the current ImGui context.
void widget_locator_enable();
// Forgets the previous frame's widgets (call before ImGui::NewFrame).
void widget_locator_begin_frame();
// The widgets of the last complete frame, in drawing order; labels without their "##id" part.
// Rectangles in CSS pixels (ImGui points x css_per_point, the UI scale); "visible" is the part inside
// the window's clip rectangle (a scrolled-away widget has an empty one: [0,0,0,0]).
std::string widget_locator_json(float css_per_point = 1.0f);

}  // namespace descent::web
