// setting.cpp: parsing, checking and formatting of setting values (setting.h).
#include "core/settings/setting.h"

#include "core/settings/schema.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace descent::settings {

namespace {

Status usage(const std::string& text) { return make_error(ErrorCode::Usage, text); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A whole finite number written in full: strtod over the whole text (no trailing junk).
bool to_double(std::string_view text, double* out) {
  const std::string s(text);
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool in_range(const Spec& s, double v) {
  if (!std::isfinite(v)) return false;
  if (s.lo_open ? !(v > s.lo) : !(v >= s.lo)) return false;
  if (s.hi_open ? !(v < s.hi) : !(v <= s.hi)) return false;
  return s.type != Type::Integer && s.type != Type::IntList ? true : v == std::floor(v);
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong forms, no
// surrogates, at most U+10FFFF), or 0 where the bytes are not one.
int utf8_length(std::string_view text, size_t i) {
  const auto at = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  const unsigned c = at(0);
  if (c < 0x80) return 1;
  const auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

bool integral(Type t) { return t == Type::Integer || t == Type::IntList; }

// "> 0", "in [0, 1)", "in 0..100000", "" (any finite number).
std::string bounds_text(const Spec& s) {
  const bool has_lo = std::isfinite(s.lo), has_hi = std::isfinite(s.hi);
  const std::string lo = readable_number(s.lo), hi = readable_number(s.hi);
  if (!has_lo && !has_hi) return "";
  if (integral(s.type)) {
    const double l = s.lo_open ? s.lo + 1 : s.lo, h = s.hi_open ? s.hi - 1 : s.hi;
    if (has_lo && has_hi) return " in " + readable_number(l) + ".." + readable_number(h);
    return has_lo ? " >= " + readable_number(l) : " <= " + readable_number(h);
  }
  if (has_lo && has_hi)
    return std::string(" in ") + (s.lo_open ? "(" : "[") + lo + ", " + hi + (s.hi_open ? ")" : "]");
  if (has_lo) return (s.lo_open ? " > " : " >= ") + lo;
  return (s.hi_open ? " < " : " <= ") + hi;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

Status bad_value(const Spec& s, std::string_view text) {
  return usage(s.key + " must be " + describe_range(s) + " (got " + quoted(text) + ")");
}

}  // namespace

std::string describe_range(const Spec& s) {
  switch (s.type) {
    case Type::Real: return "a number" + bounds_text(s);
    case Type::Integer: return "a whole number" + bounds_text(s);
    case Type::Flag: return "0 or 1";
    case Type::Choice: return "one of " + join(s.choices, ", ");
    case Type::ChoiceList:
      return std::to_string(s.min_items) + " to " + std::to_string(s.max_items) + " of " + join(s.choices, ", ") +
             ", comma-separated";
    case Type::Text: return "a word";
    case Type::IntList:
    case Type::RealList: {
      const std::string what = s.type == Type::IntList ? "whole numbers" : "numbers";
      const std::string count = s.min_items == s.max_items
                                    ? std::to_string(s.min_items)
                                    : std::to_string(s.min_items) + " to " + std::to_string(s.max_items);
      return count + " " + what + bounds_text(s) + ", comma-separated";
    }
  }
  return "";
}

bool same_value(const Spec& spec, const Value& a, const Value& b) {
  switch (spec.type) {
    case Type::Choice:
    case Type::ChoiceList:
    case Type::Text: return a.text == b.text;
    case Type::IntList:
    case Type::RealList: return a.list == b.list;
    default: return a.number == b.number;
  }
}

Status check_value(const Spec& s, const Value& v) {
  switch (s.type) {
    case Type::Real:
    case Type::Integer:
      return in_range(s, v.number) ? Status::ok() : bad_value(s, readable_number(v.number));
    case Type::Flag: return v.number == 0 || v.number == 1 ? Status::ok() : bad_value(s, readable_number(v.number));
    case Type::Choice:
      for (const std::string& c : s.choices)
        if (c == v.text) return Status::ok();
      return bad_value(s, v.text);
    case Type::Text: return Status::ok();
    case Type::ChoiceList: {
      int n = 0;
      bool ok = true;
      size_t start = 0;
      while (ok && start <= v.text.size()) {
        const size_t comma = v.text.find(',', start);
        const std::string item = v.text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool known = false;
        for (const std::string& c : s.choices) known = known || c == item;
        ok = known;
        ++n;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return ok && n >= s.min_items && n <= s.max_items ? Status::ok() : bad_value(s, v.text);
    }
    case Type::IntList:
    case Type::RealList: {
      const int n = int(v.list.size());
      bool ok = n >= s.min_items && n <= s.max_items;
      for (double x : v.list) ok = ok && in_range(s, x);
      return ok ? Status::ok() : bad_value(s, format_value(s, v));
    }
  }
  return Status::ok();
}

Result<Value> parse_value(const Spec& s, std::string_view text) {
  Value v;
  switch (s.type) {
    case Type::Real:
    case Type::Integer:
      if (!to_double(text, &v.number)) return bad_value(s, text);
      break;
    case Type::Flag: {
      const std::string t = lower(text);
      if (t == "1" || t == "true" || t == "on" || t == "yes") v.number = 1;
      else if (t == "0" || t == "false" || t == "off" || t == "no") v.number = 0;
      else return bad_value(s, text);
      break;
    }
    case Type::Choice: {
      const std::string t = lower(text);
      for (const std::string& c : s.choices)
        if (t == c) v.text = c;
      if (v.text.empty()) return bad_value(s, text);
      break;
    }
    case Type::Text:
      if (text.empty()) return bad_value(s, text);
      v.text = std::string(text);
      break;
    case Type::ChoiceList: v.text = lower(text); break;
    case Type::IntList:
    case Type::RealList: {
      size_t start = 0;
      while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        double x = 0;
        if (!to_double(item, &x)) return bad_value(s, text);
        v.list.push_back(x);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      break;
    }
  }
  if (Status st = check_value(s, v); !st) return bad_value(s, text);
  return v;
}

std::string format_value(const Spec& s, const Value& v) {
  switch (s.type) {
    case Type::Choice:
    case Type::ChoiceList:
    case Type::Text: return v.text;
    case Type::IntList:
    case Type::RealList: {
      std::string out;
      for (double x : v.list) out += (out.empty() ? "" : ",") + shortest_number(x);
      return out;
    }
    default: return shortest_number(v.number);
  }
}

Spec seed_spec(std::string help) {
  return Spec{.key = "seed", .type = Type::Integer, .lo = 0, .hi = 4294967295.0, .help = std::move(help)};
}

std::string key_label(const std::string& key, KeyStyle style) {
  if (style == KeyStyle::Option) return key;
  std::string flag = "--" + key;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

std::string restyle(const std::string& message, const std::string& key, KeyStyle style) {
  if (style == KeyStyle::Option || message.compare(0, key.size(), key) != 0) return message;
  return key_label(key, style) + message.substr(key.size());
}

std::string shortest_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;  // 100, not 1e+02
  }
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string readable_number(double v) {
  if (!std::isfinite(v) || (v == std::floor(v) && std::fabs(v) < 1e15)) return shortest_number(v);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  size_t i = 0, shown = 0;
  while (i < text.size() && shown < 60) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // A complete UTF-8 sequence is kept as it is; anything else is shown as \xNN.
    int len = utf8_length(text, i);
    if (len == 1 && c >= 0x20 && c != 0x7F) {
      out += char(c);
    } else if (len > 1) {
      out.append(text.substr(i, size_t(len)));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      len = 1;
    }
    i += size_t(len);
    ++shown;
  }
  if (i < text.size()) out += "...";
  return out + "'";
}

}  // namespace descent::settings
