// schema.h: one table per settings struct: each field's Spec (setting.h) bound to the field, with its
// default (per kind where it differs: Adam's lr is not SGD's) and the kinds it applies to. The CLI's
// flags, the app's command options, the links, the JSON state and the panels' widgets are all made
// from these tables, so adding or renaming a setting is one edit (docs/architecture.md, "Settings").
// Rules every client gets for free from apply():
//   - absent is not zero: a setting not given keeps its value (or takes its default when its kind
//     changes); a setting given, zero included, is that value; a setting that does not apply (the
//     momentum of sgd) holds its default, so nothing hidden comes back with its kind;
//   - nothing is silently ignored: an unknown key, a key that does not apply to the chosen kind and a
//     value out of range are errors that name the key and list what is valid.
// Not a parser of command lines (command.h, the CLI) and not a UI.
// Usage: Schema<OptimizerDesc> s = optimizer_schema();  OptimizerDesc d = s.defaults();
//        Status st = s.apply(d, {{"optimizer", "momentum"}, {"momentum", "0"}}, "optimizer");
#pragma once
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/settings/setting.h"

namespace descent::settings {

// The key=value pairs given by a user, in the order given.
using Given = std::vector<std::pair<std::string, std::string>>;

template <class D>
struct Setting {
  Spec spec;
  std::function<Value(const D&)> get;
  std::function<void(D&, const Value&)> set;
  std::function<Value(const D&)> fallback;  // the default, given the rest of d (its kind)
  std::function<bool(const D&)> applies;    // null: always applies
  std::string applies_to;                   // for messages: "optimizer momentum, nesterov"
  std::string group;                        // the struct it came from (a kind resets only its group)
  bool selects = false;    // a kind: a change resets the dependent settings of its group not given
  bool dependent = false;  // its default depends on the group's kind
  std::string default_text;  // help's default when it is not one value ("the surface's suggested rate")
  bool derived = false;      // another way to set settings of the table (--eigen a,b): read, never written

  bool applies_in(const D& d) const { return !applies || applies(d); }
};

template <class D>
class Schema {
 public:
  Schema() = default;
  Schema(std::string name, std::vector<Setting<D>> settings) : name_(std::move(name)), settings_(std::move(settings)) {
    for (Setting<D>& s : settings_)
      if (s.group.empty()) s.group = name_;
  }

  const std::string& name() const { return name_; }
  const std::vector<Setting<D>>& settings() const { return settings_; }
  const std::vector<std::function<Status(const D&)>>& checks() const { return checks_; }

  // The setting of this key or alias, or null.
  const Setting<D>* find(const std::string& key) const {
    for (const Setting<D>& s : settings_) {
      if (s.spec.key == key) return &s;
      for (const std::string& a : s.spec.aliases)
        if (a == key) return &s;
    }
    return nullptr;
  }
  Setting<D>* find_mutable(const std::string& key) { return const_cast<Setting<D>*>(find(key)); }

  // A copy with other defaults for one setting (a view's own learning rate).
  Schema with_default(const std::string& key, std::function<Value(const D&)> fallback, std::string text = "") const {
    Schema s = *this;
    if (Setting<D>* st = s.find_mutable(key)) {
      st->fallback = std::move(fallback);
      if (!st->selects) st->dependent = true;
      if (!text.empty()) st->default_text = std::move(text);
    }
    return s;
  }
  // A copy without these keys (the linear view has no `hidden`).
  Schema without(const std::set<std::string>& keys) const {
    Schema s = *this;
    std::vector<Setting<D>> kept;
    for (const Setting<D>& st : settings_)
      if (!keys.count(st.spec.key)) kept.push_back(st);
    s.settings_ = std::move(kept);
    return s;
  }
  // A copy with one setting's valid values narrowed (the linear view: model softmax or svm).
  Schema with_choices(const std::string& key, std::vector<std::string> choices) const {
    Schema s = *this;
    if (Setting<D>* st = s.find_mutable(key)) st->spec.choices = std::move(choices);
    return s;
  }
  Schema& add(Setting<D> s) {
    if (s.group.empty()) s.group = name_;
    settings_.push_back(std::move(s));
    return *this;
  }
  // A check of the whole struct that apply() runs last (xor has 2 classes; beta2 > 0 ...).
  Schema& add_check(std::function<Status(const D&)> check) {
    checks_.push_back(std::move(check));
    return *this;
  }
  Status check_all(const D& d) const {
    for (const auto& c : checks_)
      if (Status s = c(d); !s) return s;
    return Status::ok();
  }
  // Every setting of `inner`, reached through outer.*member.
  template <class Inner>
  Schema& add(const Schema<Inner>& inner, Inner D::*member);

  // Ok, or an Internal error naming a key or alias that two settings share.
  Status check() const {
    std::set<std::string> seen;
    for (const Setting<D>& s : settings_) {
      std::vector<std::string> keys = s.spec.aliases;
      keys.push_back(s.spec.key);
      for (const std::string& k : keys)
        if (!seen.insert(k).second)
          return make_error(ErrorCode::Internal, name_ + ": the setting '" + k + "' is described twice");
    }
    return Status::ok();
  }

  // Every setting at its default (kinds first, so the dependent defaults follow them).
  D defaults(D d = D()) const {
    for (int pass = 0; pass < 2; ++pass)
      for (const Setting<D>& s : settings_)
        if (s.selects == (pass == 0) && s.fallback && !s.derived) s.set(d, s.fallback(d));
    return d;
  }

  // Applies the given settings to d (see the rules above). `who` starts every message ("linear",
  // "--optimizer" style callers pass their command name). On error d is unchanged.
  Status apply(D& d, const Given& given, const std::string& who, KeyStyle style = KeyStyle::Option) const;

  // Ok, or a Usage error naming the first setting of d (made in code: a panel, a test) whose value is
  // out of its range, or the struct's own check.
  Status validate(const D& d, const std::string& who) const {
    const std::string prefix = who.empty() ? "" : who + ": ";
    for (const Setting<D>& s : settings_)
      if (!s.derived && s.applies_in(d))
        if (Status st = check_value(s.spec, s.get(d)); !st) return make_error(ErrorCode::Usage, prefix + st.message);
    if (Status st = check_all(d); !st) return make_error(ErrorCode::Usage, prefix + st.message);
    return Status::ok();
  }

  // The settings that apply to d, as key and text, in table order (derived ones left out).
  Given values(const D& d) const {
    Given out;
    for (const Setting<D>& s : settings_)
      if (!s.derived && s.applies_in(d)) out.emplace_back(s.spec.key, format_value(s.spec, s.get(d)));
    return out;
  }
  // The keys that apply to d, for messages ("lr, momentum").
  std::string applicable_keys(const D& d, KeyStyle style = KeyStyle::Option) const {
    std::string out;
    for (const Setting<D>& s : settings_)
      if (s.applies_in(d)) out += (out.empty() ? "" : ", ") + key_label(s.spec.key, style);
    return out;
  }
  std::string all_keys() const {
    std::string out;
    for (const Setting<D>& s : settings_) out += (out.empty() ? "" : ", ") + s.spec.key;
    return out;
  }

  // "key=VALUE" words for a command's usage line: "lr=F momentum=F optimizer=sgd|momentum|...".
  std::string usage() const;

 private:
  std::string name_;
  std::vector<Setting<D>> settings_;
  std::vector<std::function<Status(const D&)>> checks_;
};

// The Spec of a seed (a whole number in 0..2^32-1) with the given help.
Spec seed_spec(std::string help);

// ---- binding fields --------------------------------------------------------------------------------

// A Real or Integer setting stored in a numeric field.
template <class D, class F>
Setting<D> number_field(Spec spec, F D::*field, double def) {
  Setting<D> s;
  s.spec = std::move(spec);
  s.get = [field](const D& d) { return Value::of(static_cast<double>(d.*field)); };
  s.set = [field](D& d, const Value& v) { d.*field = static_cast<F>(v.number); };
  s.fallback = [def](const D&) { return Value::of(def); };
  return s;
}

// A Flag stored in a bool.
template <class D>
Setting<D> flag_field(Spec spec, bool D::*field, bool def) {
  spec.type = Type::Flag;
  Setting<D> s;
  s.spec = std::move(spec);
  s.get = [field](const D& d) { return Value::of(d.*field ? 1 : 0); };
  s.set = [field](D& d, const Value& v) { d.*field = v.number != 0; };
  s.fallback = [def](const D&) { return Value::of(def ? 1 : 0); };
  return s;
}

// A Choice stored in an enum: spec.choices[i] names values[i].
template <class D, class E>
Setting<D> choice_field(Spec spec, E D::*field, std::vector<E> values, E def) {
  spec.type = Type::Choice;
  Setting<D> s;
  const std::vector<std::string> names = spec.choices;
  const auto name_of = [names, values](E e) {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == e) return names.at(i);
    return std::string("?");
  };
  s.spec = std::move(spec);
  s.get = [field, name_of](const D& d) { return Value::of_text(name_of(d.*field)); };
  s.set = [field, names, values](D& d, const Value& v) {
    for (size_t i = 0; i < names.size() && i < values.size(); ++i)
      if (names[i] == v.text) d.*field = values[i];
  };
  s.fallback = [def, name_of](const D&) { return Value::of_text(name_of(def)); };
  return s;
}

// A Choice or Text stored in a std::string.
template <class D>
Setting<D> text_field(Spec spec, std::string D::*field, std::string def) {
  Setting<D> s;
  s.spec = std::move(spec);
  s.get = [field](const D& d) { return Value::of_text(d.*field); };
  s.set = [field](D& d, const Value& v) { d.*field = v.text; };
  s.fallback = [def](const D&) { return Value::of_text(def); };
  return s;
}

// An IntList or RealList stored in a std::vector.
template <class D, class T>
Setting<D> list_field(Spec spec, std::vector<T> D::*field, std::vector<T> def) {
  Setting<D> s;
  s.spec = std::move(spec);
  s.get = [field](const D& d) { return Value::of_list(std::vector<double>((d.*field).begin(), (d.*field).end())); };
  s.set = [field](D& d, const Value& v) {
    (d.*field).clear();
    for (double x : v.list) (d.*field).push_back(static_cast<T>(x));
  };
  s.fallback = [def](const D&) { return Value::of_list(std::vector<double>(def.begin(), def.end())); };
  return s;
}

// ---- implementation ---------------------------------------------------------------------------------

template <class D>
template <class Inner>
Schema<D>& Schema<D>::add(const Schema<Inner>& inner, Inner D::*member) {
  for (const Setting<Inner>& s : inner.settings()) {
    Setting<D> o;
    o.spec = s.spec;
    o.get = [g = s.get, member](const D& d) { return g(d.*member); };
    o.set = [f = s.set, member](D& d, const Value& v) { f(d.*member, v); };
    if (s.fallback) o.fallback = [f = s.fallback, member](const D& d) { return f(d.*member); };
    if (s.applies) o.applies = [a = s.applies, member](const D& d) { return a(d.*member); };
    o.applies_to = s.applies_to;
    o.group = s.group;
    o.selects = s.selects;
    o.dependent = s.dependent;
    o.default_text = s.default_text;
    o.derived = s.derived;
    settings_.push_back(std::move(o));
  }
  for (const auto& c : inner.checks())
    checks_.push_back([c, member](const D& d) { return c(d.*member); });
  return *this;
}

template <class D>
Status Schema<D>::apply(D& d, const Given& given, const std::string& who, KeyStyle style) const {
  const std::string prefix = who.empty() ? "" : who + ": ";
  const auto usage = [&](const std::string& text) { return make_error(ErrorCode::Usage, prefix + text); };
  // 1. Every key known, given once, and its value valid.
  std::vector<std::pair<const Setting<D>*, Value>> parsed;
  std::set<std::string> seen;
  for (const auto& [key, text] : given) {
    const Setting<D>* s = find(key);
    if (!s) return usage("unknown setting " + settings::quoted(key) + "; the settings are " + all_keys());
    const std::string label = key_label(s->spec.key, style);
    if (!seen.insert(s->spec.key).second) return usage(label + " is given twice");
    Result<Value> v = parse_value(s->spec, text);
    if (!v) return usage(restyle(v.status().message, s->spec.key, style));
    parsed.emplace_back(s, *v);
  }
  // 2. Kinds first; a kind that changes resets its group's dependent settings that were not given.
  D n = d;
  for (const auto& [s, v] : parsed) {
    if (!s->selects) continue;
    const bool changed = !same_value(s->spec, s->get(n), v);
    s->set(n, v);
    if (!changed) continue;
    for (const Setting<D>& dep : settings_)
      if (dep.dependent && dep.group == s->group && !seen.count(dep.spec.key) && dep.fallback && !dep.derived)
        dep.set(n, dep.fallback(n));
  }
  // 3. The rest, in the order given.
  for (const auto& [s, v] : parsed)
    if (!s->selects) s->set(n, v);
  // 4. Each given setting must apply to the result.
  for (const auto& [s, v] : parsed)
    if (!s->applies_in(n))
      return usage(key_label(s->spec.key, style) + " does not apply here (it applies to " + s->applies_to +
                   "); the settings that apply are " + applicable_keys(n, style));
  // 5. A setting that does not apply holds its default: no hidden value that a link could not carry
  //    comes back when its kind does.
  for (const Setting<D>& st : settings_)
    if (!st.derived && st.fallback && !st.applies_in(n)) st.set(n, st.fallback(n));
  // 6. The struct as a whole (a message that starts with a key names it in the caller's style).
  if (Status st = check_all(n); !st) {
    const std::string first = st.message.substr(0, st.message.find(' '));
    return usage(find(first) ? restyle(st.message, find(first)->spec.key, style) : st.message);
  }
  d = std::move(n);
  return Status::ok();
}

template <class D>
std::string Schema<D>::usage() const {
  std::string out;
  for (const Setting<D>& s : settings_) {
    std::string v;
    switch (s.spec.type) {
      case Type::Real: v = "F"; break;
      case Type::Integer: v = "N"; break;
      case Type::Flag: v = "0|1"; break;
      case Type::Text: v = "WORD"; break;
      case Type::IntList: v = "N,N"; break;
      case Type::RealList: v = "F,F"; break;
      case Type::Choice:
        for (const std::string& c : s.spec.choices) v += (v.empty() ? "" : "|") + c;
        break;
      case Type::ChoiceList: v = s.spec.choices.empty() ? "A,B" : s.spec.choices[0] + ",..."; break;
    }
    out += (out.empty() ? "" : " ") + s.spec.key + "=" + v;
  }
  return out;
}

}  // namespace descent::settings
