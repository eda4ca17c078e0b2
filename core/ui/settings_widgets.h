// settings_widgets.h: the panels' widgets made from the settings tables (core/settings/schema.h):
// a slider or input for a number, a combo for a choice, a checkbox for a flag, a text field for a
// list, each labelled in the app's notation (the lecture's symbol, λ for lr, or torch's name) with
// the table's help, range and default in its tooltip. A change goes through Schema::apply, the same
// path as a command, so a panel cannot set what a command could not. Not a layout: views place them.
// Usage: if (setting_widget(ctx, optimizer_schema(), "lr", desc, fs * 6)) restart();
#pragma once
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "core/settings/schema.h"
#include "core/ui/app_context.h"
#include "core/ui/plot.h"

namespace descent::ui {

// The label of a setting in the app's notation: the lecture's symbol where it has one, else the key.
inline std::string setting_label(const AppContext& ctx, const settings::Spec& spec) {
  return ctx.notation == Notation::Lecture && !spec.symbol.empty() ? spec.symbol : spec.key;
}

// The tooltip: help, range, unit, default, the kinds it applies to.
template <class D>
std::string setting_tooltip(const settings::Setting<D>& s, const D& defaults) {
  std::string text = s.spec.key + ": " + s.spec.help + ".\nValid: " + settings::describe_range(s.spec);
  if (!s.spec.unit.empty()) text += " (" + s.spec.unit + ")";
  if (!s.default_text.empty())
    text += ". Default: " + s.default_text;
  else if (s.fallback && !s.derived)
    text += ". Default: " + settings::format_value(s.spec, s.fallback(defaults));
  if (!s.applies_to.empty()) text += ". For " + s.applies_to;
  return text + ".";
}

// Draws the widget of `key` (nothing when the setting does not apply to d). Returns true when the
// user changed d (through schema.apply; an invalid value is posted as an error and d is unchanged).
template <class D>
bool setting_widget(AppContext& ctx, const settings::Schema<D>& schema, const std::string& key, D& d,
                    float width = 0) {
  const settings::Setting<D>* s = schema.find(key);
  if (!s || !s->applies_in(d)) return false;
  const settings::Spec& spec = s->spec;
  const settings::Value now = s->get(d);
  const std::string label = setting_label(ctx, spec) + "##" + spec.key;
  if (width > 0) ImGui::SetNextItemWidth(width);
  std::string text;  // the new value, when the widget changed
  switch (spec.type) {
    case settings::Type::Real:
    case settings::Type::Integer: {
      double v = now.number;
      const bool integer = spec.type == settings::Type::Integer;
      double lo = std::isnan(spec.slider_lo) ? spec.lo : spec.slider_lo;
      double hi = std::isnan(spec.slider_hi) ? spec.hi : spec.slider_hi;
      const char* format = integer ? "%.0f" : spec.log_scale ? "%.3g" : "%.4g";
      bool changed = false;
      if (std::isfinite(lo) && std::isfinite(hi) && hi - lo <= 1e7) {
        if (spec.lo_open && !spec.log_scale) lo = std::nextafter(lo, hi);
        changed = ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &v, &lo, &hi, format,
                                      spec.log_scale ? ImGuiSliderFlags_Logarithmic : 0);
      } else {
        changed = ImGui::InputDouble(label.c_str(), &v, 0, 0, format, ImGuiInputTextFlags_EnterReturnsTrue);
      }
      if (changed) text = settings::shortest_number(integer ? std::round(v) : v);
      break;
    }
    case settings::Type::Flag: {
      bool v = now.number != 0;
      if (ImGui::Checkbox(label.c_str(), &v)) text = v ? "1" : "0";
      break;
    }
    case settings::Type::Choice: {
      if (ImGui::BeginCombo(label.c_str(), now.text.c_str())) {
        for (const std::string& c : spec.choices)
          if (ImGui::Selectable(c.c_str(), c == now.text)) text = c;
        ImGui::EndCombo();
      }
      break;
    }
    case settings::Type::ChoiceList:
    case settings::Type::IntList:
    case settings::Type::RealList:
    case settings::Type::Text: {
      char buf[256];
      std::snprintf(buf, sizeof buf, "%s", settings::format_value(spec, now).c_str());
      if (ImGui::InputText(label.c_str(), buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue)) text = buf;
      break;
    }
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", setting_tooltip(*s, schema.defaults()).c_str());
  if (text.empty() || text == settings::format_value(spec, now)) return false;
  return ctx.check(schema.apply(d, {{spec.key, text}}, setting_label(ctx, spec)));
}

}  // namespace descent::ui

namespace descent::ui {

// The widgets of several settings on one line (those that apply to d), each `width` wide. Returns
// true when any changed d.
template <class D>
bool settings_row(AppContext& ctx, const settings::Schema<D>& schema, D& d, std::initializer_list<const char*> keys,
                  float width) {
  bool changed = false, first = true;
  for (const char* key : keys) {
    const settings::Setting<D>* s = schema.find(key);
    if (!s || !s->applies_in(d)) continue;
    if (!first) ImGui::SameLine();
    first = false;
    changed = setting_widget(ctx, schema, key, d, width) || changed;
  }
  return changed;
}

}  // namespace descent::ui
