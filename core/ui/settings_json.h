// settings_json.h: a settings table's values as JSON for the app's state (descent.state(),
// --print-state): the settings that apply, under their keys, numbers as numbers, lists as arrays,
// choices and words as strings. Links are written from these objects (url_state.h), so what the
// state shows and what a link carries are the same values. Not a parser (the tables parse).
// Usage: out["settings"] = settings_json(optimizer_schema(), desc);
#pragma once
#include <nlohmann/json.hpp>

#include "core/settings/schema.h"

namespace descent::ui {

template <class D>
nlohmann::json settings_json(const settings::Schema<D>& schema, const D& d) {
  nlohmann::json out = nlohmann::json::object();
  for (const settings::Setting<D>& s : schema.settings()) {
    if (s.derived || !s.applies_in(d)) continue;
    const settings::Value v = s.get(d);
    switch (s.spec.type) {
      case settings::Type::Real: out[s.spec.key] = v.number; break;
      case settings::Type::Integer: out[s.spec.key] = static_cast<long long>(v.number); break;
      case settings::Type::Flag: out[s.spec.key] = v.number != 0; break;
      case settings::Type::Choice:
      case settings::Type::ChoiceList:
      case settings::Type::Text: out[s.spec.key] = v.text; break;
      case settings::Type::IntList: {
        nlohmann::json a = nlohmann::json::array();
        for (double x : v.list) a.push_back(static_cast<long long>(x));
        out[s.spec.key] = a;
        break;
      }
      case settings::Type::RealList: out[s.spec.key] = v.list; break;
    }
  }
  return out;
}

}  // namespace descent::ui
