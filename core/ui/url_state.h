// url_state.h: the app's settings as a URL query, as TensorFlow Playground keeps its settings in its
// link, so a lecturer's link reproduces the exact figure. Every key is a settings table's key
// (core/settings/schema.h), read from the state's "settings" objects, so a link carries every setting
// of every view and nothing else:
//   view=lab                                   the opening view
//   notation=pytorch ...                       the app's own settings (App: state "settings")
//   surface=quadratic & a=1 & b=100 & rotation=0 & start=-2.5,1.5 & speed=20
//   & opt=sgd:lr=0.0095 & opt=momentum:lr=0.0095:momentum=0.9      the lab (one opt= per optimizer)
//   & chapter=5                                the Lecture view
//   & linear.data=fashion-mnist & linear.lr=0.1 & network.hidden=64,64 & data.k=5 & landscape.plane=pca ...
// Read back as command lines (`lab key=value`, `optimizer add KIND key=value`, `linear key=value`,
// `app key=value`, `view NAME`) that App::run applies, so each setting keeps one source of truth
// and one set of checks. Not the browser's side (web/ reads and writes location).
// Usage: std::string q = url_query_from_state(state, &defaults);
//        Result<std::vector<LinkCommand>> cmds = commands_from_url_query(q, defaults);
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace descent::ui {

// The query (no leading '?') for an App::state_json() object, by groups: the view, the app, the lab,
// then every other view with settings. With `defaults` (the state of an untouched App), a group
// equal to its default is left out, so an untouched App has the empty query; a group is always
// written whole, so reading it back is exact. Values outside the link alphabet (a user's upload's
// name) leave their group's data set out: the view's default stands.
std::string url_query_from_state(const nlohmann::json& state, const nlohmann::json* defaults = nullptr);

// One command a link stands for, with the part of the link it came from (for messages).
struct LinkCommand {
  std::string command;  // "linear lr=0.1 batch=32"
  std::string from;     // "linear.lr=0.1&linear.batch=32"
};

// The commands a query stands for, in an order that restores it (the app, the lab, the views,
// `view` last). `defaults` (an untouched App's state) tells which groups and top-level keys exist.
// A leading '?' or '#' is skipped; an empty query gives no commands. Errors (Usage, "link: ...",
// naming the part of the link): an unknown key or group, characters outside [A-Za-z0-9._,:+-], a
// malformed opt=, more than kMaxComparedOptimizers optimizers or 512 settings. Values are checked by
// the commands themselves (the settings tables).
Result<std::vector<LinkCommand>> commands_from_url_query(const std::string& query, const nlohmann::json& defaults);

}  // namespace descent::ui
