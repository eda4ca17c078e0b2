// url_state.cpp: settings <-> URL query (url_state.h). Values are single words of a safe alphabet,
// so a link can only set what a command option could, never inject a second command.
#include "core/ui/url_state.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/ui/app.h"  // AppConfig: the opening view
#include "core/ui/upload.h"  // kUploadPrefix

namespace descent::ui {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxSettings = 64;
constexpr size_t kMaxOptimizers = 8;

// The settings of each classifier view, in the order they are written; the command option of
// the same name takes each one (data.set is the data view's NAME word).
const std::vector<std::string> kLinearKeys = {"data",  "model", "reg",   "lambda", "optimizer", "lr",
                                              "momentum", "batch", "seed", "points", "noise", "classes",
                                              "limit", "limit_test"};
const std::vector<std::string> kNetworkKeys = {"data",      "hidden", "activation", "dropout", "reg",
                                               "lambda",    "optimizer", "lr",      "momentum", "batch",
                                               "seed",      "points", "noise",      "classes", "limit",
                                               "limit_test"};
const std::vector<std::string> kDataKeys = {"set", "seed", "points", "noise", "classes", "limit", "limit_test",
                                            "k",   "metric"};
const std::set<std::string> kNumberKeys = {"a",     "b",     "rotation", "speed", "lambda", "lr",
                                           "momentum", "batch", "seed",   "points", "noise", "classes",
                                           "limit", "limit_test", "dropout", "k"};
const std::set<std::string> kOptimizerKeys = {"lr", "mu", "momentum", "beta1", "beta2", "alpha", "eps"};

Status link_error(const std::string& what) { return make_error(ErrorCode::Usage, "link: " + what); }

bool safe_char(char c, bool allow_equals) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ',' || c == ':' || c == '+' || c == '-' || (allow_equals && c == '=');
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
      if (hi < 0 || lo < 0) return link_error("a '%' not followed by two hex digits in '" + s + "'");
      out += char(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];  // '+' stays '+' (not a space as in forms): exponents like 1e+20 keep working
    }
  }
  return out;
}

Result<double> parse_number(const std::string& key, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    return link_error(key + "=" + text + " is not a number");
  return v;
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

// "momentum:lr=0.01:mu=0.9" -> "optimizer add momentum lr=0.01 mu=0.9"
Result<std::string> optimizer_command(const std::string& value) {
  const std::vector<std::string> parts = split(value, ':');
  if (parts[0].empty()) return link_error("opt=" + value + ": give KIND[:key=value...], e.g. opt=momentum:lr=0.01:mu=0.9");
  std::string cmd = "optimizer add " + parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    const size_t eq = parts[i].find('=');
    const std::string key = eq == std::string::npos ? parts[i] : parts[i].substr(0, eq);
    if (eq == std::string::npos || !kOptimizerKeys.count(key))
      return link_error("opt=" + value + ": '" + parts[i] + "' is not lr=, mu=, beta1=, beta2=, alpha= or eps=");
    Result<double> v = parse_number("opt " + key, parts[i].substr(eq + 1));
    if (!v) return v.status();
    cmd += " " + key + "=" + shortest_number(*v);
  }
  return cmd;
}

// Numbers written as numbers, strings as they are, arrays as "a,b"; null for anything else.
std::string text_of(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return shortest_number(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_array()) {
    std::string s;
    for (const json& e : v) {
      if (!s.empty()) s += ',';
      s += text_of(e);
    }
    return s;
  }
  return "";
}

bool is_toy_name(const std::string& n) {
  return n == "spiral" || n == "circles" || n == "xor" || n == "blobs" || n == "moons";
}

void add(std::string& q, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  // A student's upload exists only in their tab: a link names no such set (the view's default stands).
  if ((key == "data.set" || key.find(".data") != std::string::npos) && value.rfind(kUploadPrefix, 0) == 0) return;
  for (char c : value)
    if (!safe_char(c, key == "opt")) return;  // not representable (an upload's odd name): left out
  if (!q.empty()) q += '&';
  q += key + "=" + value;
}

// The data options a view's state reports (data_picker.h DataSlot::state).
void add_data(std::string& q, const std::string& prefix, const json& v) {
  const std::string name = v.value("data", std::string());
  if (is_toy_name(name)) {
    if (v.contains("points")) add(q, prefix + "points", text_of(v["points"]));
    if (v.contains("noise")) add(q, prefix + "noise", text_of(v["noise"]));
    if (name != "xor" && name != "moons" && v.contains("classes")) add(q, prefix + "classes", text_of(v["classes"]));
  }
}

void add_classifier(std::string& q, const std::string& view, const json& v, bool network) {
  const std::string p = view + ".";
  add(q, p + "data", v.value("data", std::string()));
  if (!network && v.contains("model")) add(q, p + "model", text_of(v["model"]));
  if (network) {
    if (v.contains("hidden")) add(q, p + "hidden", text_of(v["hidden"]));
    if (v.contains("activation")) add(q, p + "activation", text_of(v["activation"]));
    if (v.contains("dropout")) add(q, p + "dropout", text_of(v["dropout"]));
  }
  if (v.contains("reg")) add(q, p + "reg", text_of(v["reg"]));
  if (v.contains("lambda")) add(q, p + "lambda", text_of(v["lambda"]));
  const json t = v.value("training", json::object());
  if (t.contains("optimizer")) add(q, p + "optimizer", text_of(t["optimizer"]));
  if (t.contains("lr")) add(q, p + "lr", text_of(t["lr"]));
  if (t.contains("batch")) add(q, p + "batch", text_of(t["batch"]));
  if (t.contains("seed")) add(q, p + "seed", text_of(t["seed"]));
  add_data(q, p, v);
}

}  // namespace

std::string shortest_number(double v) {
  if (!std::isfinite(v)) return "0";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string((long long)v);  // 100, not 1e+02
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

namespace {

// The query's pairs of one group of settings ("view", "lab", "data", "linear", "network").
std::string group_query(const json& state, const std::string& group) {
  std::string q;
  const std::string view = state.value("view", std::string("lab"));
  const json views = state.value("views", json::object());
  if (group == "view") {
    add(q, "view", view);
  } else if (group == "lab") {
    const json lab = views.value("lab", json::object());
    if (lab.contains("surface")) {
      const json& s = lab["surface"];
      const std::string name = s.value("name", std::string());
      add(q, "surface", name);
      if (name == "quadratic") {
        add(q, "a", text_of(s.value("a", json())));
        add(q, "b", text_of(s.value("b", json())));
        add(q, "rotation", text_of(s.value("rotation", json())));
      }
    }
    if (lab.contains("start")) add(q, "start", text_of(lab["start"]));
    if (lab.contains("speed")) add(q, "speed", text_of(lab["speed"]));
    for (const json& o : lab.value("optimizers", json::array())) {
      std::string opt = o.value("kind", std::string("sgd"));
      static const std::vector<std::pair<const char*, const char*>> kHyper = {
          {"lr", "lr"}, {"momentum", "mu"}, {"beta1", "beta1"}, {"beta2", "beta2"}, {"alpha", "alpha"}, {"eps", "eps"}};
      for (const auto& [field, key] : kHyper)
        if (o.contains(field) && o[field].is_number()) opt += std::string(":") + key + "=" + text_of(o[field]);
      add(q, "opt", opt);
    }
  } else if (group == "data") {
    const json data = views.value("data", json::object());
    if (data.value("loaded", false) || view == "data") {
      add(q, "data.set", data.value("data", std::string()));
      if (data.contains("seed")) add(q, "data.seed", text_of(data["seed"]));
      add_data(q, "data.", data);
      const json knn = data.value("knn", json::object());
      if (knn.contains("k")) add(q, "data.k", text_of(knn["k"]));
      if (knn.contains("metric")) add(q, "data.metric", text_of(knn["metric"]));
    }
  } else if (group == "linear" || group == "network") {
    const json v = views.value(group, json::object());
    const bool ready = v.value("training", json::object()).value("ready", false);
    if (ready || view == group) add_classifier(q, group, v, group == "network");
  }
  return q;
}

}  // namespace

std::string url_query_from_state(const json& state, const json* defaults) {
  std::string q;
  const std::string opening_view = "view=" + AppConfig().initial_view;
  for (const char* group : {"view", "lab", "data", "linear", "network"}) {
    const std::string g = group_query(state, group);
    // The view's default is the opening view, whatever tab the defaults' state was taken on.
    const std::string d = !defaults ? "" : std::string(group) == "view" ? opening_view : group_query(*defaults, group);
    if (g.empty() || (defaults && g == d)) continue;
    if (!q.empty()) q += '&';
    q += g;
  }
  return q;
}

Result<std::vector<std::string>> commands_from_url_query(const std::string& query) {
  std::string q = query;
  if (!q.empty() && (q[0] == '?' || q[0] == '#')) q.erase(0, 1);
  std::vector<std::string> commands;
  if (q.empty()) return commands;

  std::map<std::string, std::string> lab;                   // key -> value (once each)
  std::vector<std::string> opts;                             // opt=, in order
  std::map<std::string, std::map<std::string, std::string>> views;  // "linear" -> key -> value
  const std::vector<std::string> pairs = split(q, '&');
  if (pairs.size() > kMaxSettings) return link_error("more than " + std::to_string(kMaxSettings) + " settings");
  for (const std::string& pair : pairs) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return link_error("'" + pair + "' is not key=value");
    Result<std::string> key = percent_decode(pair.substr(0, eq));
    if (!key) return key.status();
    Result<std::string> value = percent_decode(pair.substr(eq + 1));
    if (!value) return value.status();
    if (value->empty()) return link_error(*key + " has no value");
    for (char c : *value)
      if (!safe_char(c, *key == "opt"))
        return link_error(*key + "=" + *value + ": only letters, digits and . _ , : + - are allowed");

    const size_t dot = key->find('.');
    const std::string group = dot == std::string::npos ? "" : key->substr(0, dot);
    const std::string name = dot == std::string::npos ? *key : key->substr(dot + 1);
    const std::vector<std::string>* allowed = group == "linear"    ? &kLinearKeys
                                              : group == "network" ? &kNetworkKeys
                                              : group == "data"    ? &kDataKeys
                                                                   : nullptr;
    if (!group.empty()) {
      if (!allowed || std::find(allowed->begin(), allowed->end(), name) == allowed->end())
        return link_error("unknown setting '" + *key + "'");
    } else if (name == "opt") {
      if (opts.size() == kMaxOptimizers) return link_error("more than " + std::to_string(kMaxOptimizers) + " optimizers");
      opts.push_back(*value);
      continue;
    } else if (name != "view" && name != "surface" && name != "start" && !kNumberKeys.count(name)) {
      return link_error("unknown setting '" + *key + "'");
    } else if (name != "view" && name != "surface" && name != "start" && name != "a" && name != "b" &&
               name != "rotation" && name != "speed") {
      return link_error("unknown setting '" + *key + "' (did you mean linear." + name + "?)");
    }
    std::string text = *value;
    if (kNumberKeys.count(name)) {
      Result<double> v = parse_number(*key, text);
      if (!v) return v.status();
      text = shortest_number(*v);
    }
    (group.empty() ? lab[name] : views[group][name]) = text;
  }

  // The lab: surface (its start and suggested lrs), then the start, then the optimizers.
  if (lab.count("surface") || lab.count("a") || lab.count("b") || lab.count("rotation")) {
    std::string cmd = "surface " + (lab.count("surface") ? lab["surface"] : std::string("quadratic"));
    for (const char* k : {"a", "b", "rotation"})
      if (lab.count(k)) cmd += std::string(" ") + k + "=" + lab[k];
    commands.push_back(cmd);
  }
  if (lab.count("start")) {
    const std::vector<std::string> xy = split(lab["start"], ',');
    if (xy.size() != 2) return link_error("start=" + lab["start"] + ": give x,y");
    Result<double> x = parse_number("start x", xy[0]), y = parse_number("start y", xy[1]);
    if (!x) return x.status();
    if (!y) return y.status();
    commands.push_back("start " + shortest_number(*x) + " " + shortest_number(*y));
  }
  if (!opts.empty()) {
    commands.push_back("optimizer clear");
    for (const std::string& o : opts) {
      Result<std::string> cmd = optimizer_command(o);
      if (!cmd) return cmd.status();
      commands.push_back(*cmd);
    }
  }
  if (lab.count("speed")) commands.push_back("speed " + lab["speed"]);

  // The data view: its NAME word, then kNN's settings.
  if (views.count("data")) {
    auto& d = views["data"];
    if (d.count("set")) {
      std::string cmd = "data " + d["set"];
      for (const std::string& k : kDataKeys)
        if (k != "set" && k != "k" && k != "metric" && d.count(k)) cmd += " " + k + "=" + d[k];
      commands.push_back(cmd);
    }
    if (d.count("k") || d.count("metric")) {
      std::string cmd = "knn";
      if (d.count("k")) cmd += " k=" + d["k"];
      if (d.count("metric")) cmd += " metric=" + d["metric"];
      commands.push_back(cmd);
    }
  }
  for (const auto& [view, keys] : {std::pair<std::string, const std::vector<std::string>*>{"linear", &kLinearKeys},
                                   {"network", &kNetworkKeys}}) {
    if (!views.count(view)) continue;
    std::string cmd = view;
    for (const std::string& k : *keys)
      if (views[view].count(k)) cmd += " " + k + "=" + views[view][k];
    commands.push_back(cmd);
  }
  if (lab.count("view")) commands.push_back("view " + lab["view"]);
  return commands;
}

}  // namespace descent::ui
