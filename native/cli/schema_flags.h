// schema_flags.h: the CLI's flags made from the engine's settings tables (core/settings/schema.h):
// every setting `key` becomes `--key` (underscores as hyphens; a flag setting also `--no-key`), with
// the table's help, default and range as its help text. What the user typed is kept as text and
// applied with Schema::apply after parsing, so an absent flag keeps the default, a given one (zero
// included) is that value, and one that does not apply is a usage error naming the flag.
// Not a parser of values (setting.h) and no table of its own.
// Usage: FlagTexts texts; add_flags(*sub, optimizer_schema(), defaults, texts);
//        ... after parsing: Status s = apply_flags(optimizer_schema(), texts, desc);
#pragma once
#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>

#include "core/settings/schema.h"

namespace descent::cli {

// The text of every flag the user gave, by setting key.
using FlagTexts = std::map<std::string, std::string>;

// "--key VALUE  <help> (<range>; default <d>)".
template <class D>
std::string flag_help(const settings::Setting<D>& s, const D& defaults) {
  std::string text = s.spec.help;
  if (!s.spec.unit.empty()) text += ", in " + s.spec.unit;
  text += " (" + settings::describe_range(s.spec);
  if (!s.default_text.empty())
    text += "; default: " + s.default_text;
  else if (!s.derived && s.fallback)
    text += "; default " + settings::format_value(s.spec, s.get(defaults));
  if (!s.applies_to.empty()) text += "; " + s.applies_to + " only";
  return text + ")";
}

// Registers one flag per setting of `schema`, writing what the user gives into `texts`.
template <class D>
void add_flags(CLI::App& app, const settings::Schema<D>& schema, const D& defaults, FlagTexts& texts) {
  for (const settings::Setting<D>& s : schema.settings()) {
    const std::string flag = settings::key_label(s.spec.key, settings::KeyStyle::Flag);
    const std::string key = s.spec.key;
    if (s.spec.type == settings::Type::Flag) {
      const std::string names = flag + ",!--no-" + flag.substr(2);
      app.add_flag_function(
          names, [&texts, key](int64_t count) { texts[key] = count > 0 ? "1" : "0"; }, flag_help(s, defaults));
    } else {
      app.add_option_function<std::string>(
             flag, [&texts, key](const std::string& v) { texts[key] = v; }, flag_help(s, defaults))
          ->type_name(s.spec.type == settings::Type::Choice ? "NAME" : "VALUE");
    }
  }
}

// Applies the texts of `schema`'s settings to d (error: a usage Status naming the flag).
template <class D>
Status apply_flags(const settings::Schema<D>& schema, const FlagTexts& texts, D& d) {
  settings::Given given;
  for (const settings::Setting<D>& s : schema.settings()) {
    auto it = texts.find(s.spec.key);
    if (it != texts.end()) given.emplace_back(it->first, it->second);
  }
  return schema.apply(d, given, "", settings::KeyStyle::Flag);
}

}  // namespace descent::cli
