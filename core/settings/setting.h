// setting.h: the description of one setting (name, type, valid range, unit, one line of help, the
// lecture's symbol) and the one parser of its values, so the CLI's flags, the app's command options,
// the links, the JSON state and the panels' widgets all read and check a value the same way.
// Not bound to any struct (schema.h binds a Spec to a field) and not a UI.
// Usage: Result<Value> v = parse_value(spec, "0.9");  std::string t = format_value(spec, *v);
#pragma once
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace descent::settings {

// Real: a finite number; Integer: a whole number; Flag: 0/1 (also true/false, on/off);
// Choice: one of `choices`; ChoiceList: some of them, comma-separated ("sgd,momentum");
// IntList / RealList: comma-separated numbers ("64,64", "-1.5,2"); Text: any word (a folder, a name).
enum class Type { Real, Integer, Flag, Choice, ChoiceList, IntList, RealList, Text };

struct Spec {
  std::string key;  // "lr": the CLI's --lr, the command option lr=, the link key, the JSON key
  Type type = Type::Real;
  double lo = -std::numeric_limits<double>::infinity();  // valid range (of each item of a list)
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;  // (lo, ...] or [..., hi)
  int min_items = 1, max_items = 1;       // lists: how many items
  std::vector<std::string> choices;       // Choice: the names, in the enum's order
  std::string unit;                       // "degrees", "steps/s", ... ("" for plain numbers)
  std::string help;                       // one line, no trailing period
  std::string symbol;                     // the lecture's symbol shown as a label ("λ"), or ""
  std::vector<std::string> aliases;       // other keys accepted when reading (old links: "mu")
  // The panels' slider span, within the range (a wider value can still be typed: Ctrl+click), and
  // whether it is logarithmic. NaN: the range itself.
  double slider_lo = std::numeric_limits<double>::quiet_NaN();
  double slider_hi = std::numeric_limits<double>::quiet_NaN();
  bool log_scale = false;
};

// A value of any type: number (Real, Integer, Flag), text (Choice, ChoiceList, Text), list (the
// numeric lists).
struct Value {
  double number = 0;
  std::string text;
  std::vector<double> list;

  static Value of(double v) { return Value{v, {}, {}}; }
  static Value of_text(std::string t) { return Value{0, std::move(t), {}}; }
  static Value of_list(std::vector<double> l) { return Value{0, {}, std::move(l)}; }
};

bool same_value(const Spec& spec, const Value& a, const Value& b);

// Parses `text` as spec's type and checks the range. Errors (Usage) name the key and say what is
// valid: "lr must be a number > 0 (got 'abc')", "batch must be a whole number in 0..100000 (got 3e+09)".
Result<Value> parse_value(const Spec& spec, std::string_view text);
// Checks a value made in code (a panel's widget) against the spec, with the same messages.
Status check_value(const Spec& spec, const Value& v);
// The value as the text parse_value reads back exactly ("0.9", "1e-05", "64,64", "adam").
std::string format_value(const Spec& spec, const Value& v);

// "a number > 0", "a whole number in 0..100000", "one of sgd, momentum, adam", "1 to 8 whole numbers
// in 1..4096, comma-separated": what a valid value is, for help texts and messages.
std::string describe_range(const Spec& spec);

// How messages name a key: as the app's commands and links write it ("limit_train"), or as the CLI's
// flag ("--limit-train").
enum class KeyStyle { Option, Flag };
std::string key_label(const std::string& key, KeyStyle style);
// A message of parse_value/check_value ("lr must be ...") with its leading key in `style`.
std::string restyle(const std::string& message, const std::string& key, KeyStyle style);

// The shortest decimal that reads back as exactly v ("0.1", "1e-05", "100", "1e+300").
std::string shortest_number(double v);
// A number for a message: shortest_number, at most 6 significant digits ("0.333333", "1e+300").
std::string readable_number(double v);
// text for a message: at most 60 characters, control and non-ASCII bytes as \xNN, so a NUL or a
// stray byte neither cuts the message short nor breaks JSON.
std::string quoted(std::string_view text);

}  // namespace descent::settings
