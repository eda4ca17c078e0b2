// url_state.cpp: settings <-> URL query (url_state.h). Values are single words of a safe alphabet,
// so a link can only set what a command option could, never inject a second command.
#include "core/ui/url_state.h"

#include <algorithm>
#include <map>

#include "core/optim/optimizer.h"
#include "core/compute/device_settings.h"
#include "core/optim/optimizer_settings.h"
#include "core/settings/setting.h"
#include "core/ui/app.h"  // AppConfig: the opening view
#include "core/ui/upload.h"  // kUploadPrefix

namespace descent::ui {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxSettings = 512;  // every view's group written whole is about 120
const char* const kLabGroup = "lab";          // written without a prefix (surface=..., opt=...)
const char* const kLectureGroup = "lecture";  // written without a prefix (chapter=5)

Status link_error(const std::string& what) { return make_error(ErrorCode::Usage, "link: " + what); }

bool safe_char(char c, bool allow_equals) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ',' || c == ':' || c == '+' || c == '-' || (allow_equals && c == '=');
}
bool safe(const std::string& v, bool allow_equals) {
  if (v.empty()) return false;
  for (char c : v)
    if (!safe_char(c, allow_equals)) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1, lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return link_error("a '%' not followed by two hex digits in " + settings::quoted(s));
      out += char(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];  // '+' stays '+' (not a space as in forms): exponents like 1e+20 keep working
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// A settings value as the link writes it: numbers shortest, arrays "a,b", booleans 1/0.
std::string text_of(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return settings::shortest_number(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string s;
    for (const json& e : v) s += (s.empty() ? "" : ",") + text_of(e);
    return s;
  }
  return "";
}

// "key=value&..." of a settings object, each key with `prefix`; an upload (its files are only in
// this tab) or a value outside the link alphabet is left out, so the view keeps its default for it.
// So is the compute device (device_settings.h): it names the machine, not the lesson; a link made
// on a desktop with a GPU opens on the cpu device on a phone.
std::string pairs(const json& settings_obj, const std::string& prefix) {
  static const std::string device_key = compute::device_schema().settings().front().spec.key;
  std::string q;
  for (const auto& [key, value] : settings_obj.items()) {
    const std::string text = text_of(value);
    if (!safe(text, false) || (key == "data" && text.rfind(kUploadPrefix, 0) == 0) || key == device_key) continue;
    q += (q.empty() ? "" : "&") + prefix + key + "=" + text;
  }
  return q;
}

json views_of(const json& state) { return state.value("views", json::object()); }

// The lab's optimizers as opt=KIND:key=value:... pairs, from each one's settings, in the table's
// order (opt=adam:lr=0.05:beta1=0.8:...).
std::string optimizer_pairs(const json& lab) {
  std::string q;
  for (const json& o : lab.value("optimizers", json::array())) {
    const json hyper = o.value("settings", json::object());
    std::string opt = hyper.value("optimizer", std::string());
    for (const auto& setting : optimizer_schema().settings())
      if (setting.spec.key != "optimizer" && hyper.contains(setting.spec.key))
        opt += ":" + setting.spec.key + "=" + text_of(hyper[setting.spec.key]);
    q += (q.empty() ? "" : "&") + std::string("opt=") + opt;
  }
  return q;
}

// The query of one group: "view", "app", "lab", or a view's name.
std::string group_query(const json& state, const std::string& group) {
  const json views = views_of(state);
  if (group == "view") return "view=" + state.value("view", std::string("lab"));
  if (group == "app") return pairs(state.value("settings", json::object()), "");
  if (group == kLectureGroup) return pairs(views.value(group, json::object()).value("settings", json::object()), "");
  if (group == kLabGroup) {
    const json lab = views.value(kLabGroup, json::object());
    std::string q = pairs(lab.value("settings", json::object()), "");
    const std::string opts = optimizer_pairs(lab);
    if (!opts.empty()) q += (q.empty() ? "" : "&") + opts;
    return q;
  }
  return pairs(views.value(group, json::object()).value("settings", json::object()), group + ".");
}

// The groups of a state: view, app, lab, then the other views with settings, in the app's order.
std::vector<std::string> groups_of(const json& state) {
  std::vector<std::string> groups = {"view", "app", kLabGroup, kLectureGroup};
  const json views = views_of(state);  // (a temporary's items() would outlive it in the loop)
  for (const auto& [name, v] : views.items())
    if (name != kLabGroup && name != kLectureGroup && v.is_object() && v.contains("settings")) groups.push_back(name);
  return groups;
}

}  // namespace

std::string url_query_from_state(const json& state, const json* defaults) {
  std::string q;
  for (const std::string& group : groups_of(state)) {
    const std::string g = group_query(state, group);
    // The view's default is the opening view, whatever tab the defaults' state was taken on.
    const std::string d = !defaults             ? ""
                          : group == "view" ? "view=" + AppConfig().initial_view
                                            : group_query(*defaults, group);
    // A view that holds data or a run is written even at its defaults: the link brings it back.
    const bool active = views_of(state).value(group, json::object()).value("active", false);
    if (g.empty() || (defaults && g == d && !active)) continue;
    q += (q.empty() ? "" : "&") + g;
  }
  return q;
}

Result<std::vector<LinkCommand>> commands_from_url_query(const std::string& query, const json& defaults) {
  std::string q = query;
  if (!q.empty() && (q[0] == '?' || q[0] == '#')) q.erase(0, 1);
  std::vector<LinkCommand> commands;
  if (q.empty()) return commands;

  const json views = views_of(defaults);
  const json lab_keys = views.value(kLabGroup, json::object()).value("settings", json::object());
  const json lecture_keys = views.value(kLectureGroup, json::object()).value("settings", json::object());
  const json app_keys = defaults.value("settings", json::object());
  std::vector<std::string> groups = groups_of(defaults);

  std::string view;
  std::vector<std::string> opts;                                     // opt=, in order
  std::map<std::string, std::pair<std::string, std::string>> by_group;  // group -> (options, link text)
  const std::vector<std::string> items = split(q, '&');
  if (items.size() > kMaxSettings) return link_error("more than " + std::to_string(kMaxSettings) + " settings");
  for (const std::string& item : items) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) return link_error(settings::quoted(item) + " is not key=value");
    Result<std::string> key = percent_decode(item.substr(0, eq));
    if (!key) return key.status();
    Result<std::string> value = percent_decode(item.substr(eq + 1));
    if (!value) return value.status();
    const std::string shown = *key + "=" + *value;
    if (value->empty()) return link_error(settings::quoted(*key) + " has no value");
    if (!safe(*key, false)) return link_error("unknown setting " + settings::quoted(*key));
    if (!safe(*value, *key == "opt"))
      return link_error(settings::quoted(shown) + ": only letters, digits and . _ , : + - are allowed");

    const size_t dot = key->find('.');
    std::string group = dot == std::string::npos ? "" : key->substr(0, dot);
    const std::string name = dot == std::string::npos ? *key : key->substr(dot + 1);
    if (group.empty()) {
      if (name == "view") {
        view = *value;
        continue;
      }
      if (name == "opt") {
        if (int(opts.size()) == kMaxComparedOptimizers)
          return link_error("more than " + std::to_string(kMaxComparedOptimizers) + " optimizers (opt=)");
        opts.push_back(*value);
        continue;
      }
      if (lab_keys.contains(name)) group = kLabGroup;
      else if (lecture_keys.contains(name)) group = kLectureGroup;
      else if (app_keys.contains(name)) group = "app";
      else return link_error("unknown setting " + settings::quoted(*key));
    } else if (group == kLabGroup || group == kLectureGroup || group == "app" || group == "view" ||
               std::find(groups.begin(), groups.end(), group) == groups.end()) {
      return link_error("unknown setting " + settings::quoted(*key) + " (no view named " + settings::quoted(group) + ")");
    }
    auto& [options, from] = by_group[group];
    options += " " + name + "=" + *value;
    from += (from.empty() ? "" : "&") + (dot == std::string::npos ? name : group + "." + name) + "=" + *value;
  }

  // The app first (notation ...), then the lab's settings, then its optimizers, then the views.
  if (by_group.count("app")) commands.push_back({"app" + by_group["app"].first, by_group["app"].second});
  for (const char* top : {kLabGroup, kLectureGroup})
    if (by_group.count(top)) commands.push_back({std::string(top) + by_group[top].first, by_group[top].second});
  if (!opts.empty()) {
    commands.push_back({"optimizer clear", "opt="});
    for (const std::string& o : opts) {
      const std::vector<std::string> parts = split(o, ':');
      std::string cmd = "optimizer add " + parts[0];
      if (parts[0].empty() || !safe(parts[0], false))
        return link_error("opt=" + o + ": give KIND[:key=value...], e.g. opt=momentum:lr=0.01:momentum=0.9");
      for (size_t i = 1; i < parts.size(); ++i) {
        const size_t eq = parts[i].find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == parts[i].size() ||
            parts[i].find('=', eq + 1) != std::string::npos)
          return link_error("opt=" + o + ": " + settings::quoted(parts[i]) + " is not key=value");
        cmd += " " + parts[i];
      }
      commands.push_back({cmd, "opt=" + o});
    }
  }
  for (const std::string& g : groups)
    if (g != "app" && g != kLabGroup && g != kLectureGroup && by_group.count(g))
      commands.push_back({g + by_group[g].first, by_group[g].second});
  if (!view.empty()) commands.push_back({"view " + view, "view=" + view});
  return commands;
}

}  // namespace descent::ui
