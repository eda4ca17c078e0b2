// url_state.h: the app's settings as a URL query, as TensorFlow Playground keeps its settings in its
// link, so a lecturer's link reproduces the exact figure: the view; the lab's surface (and the
// quadratic's a, b, rotation), start point, speed and optimizers with their hyper-parameters; the
// data set, model, optimizer, learning rate, batch, regulariser and seed of the classifier views.
// Written from App::state_json(); read back as command lines (command.h) that App::run applies, so
// each setting keeps one source of truth. Not the browser's side (web/ reads and writes location).
// Usage: std::string q = url_query_from_state(state_json);   // "view=lab&surface=quadratic&a=1&..."
//        Result<std::vector<std::string>> cmds = commands_from_url_query(q);  // "surface quadratic a=1 ..."
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace descent::ui {

// The query (no leading '?') for an App::state_json() object, by groups: the view, the lab, and the
// data, linear and network views (each only once it holds data, or is the current view). With
// `defaults` (the state of an untouched App), a group equal to its default is left out, so an
// untouched App has the empty query; a group is always written whole, so reading it back is exact.
//   view=lab & surface=quadratic & a=1 & b=100 & rotation=0 & start=-2.5,1.5 & speed=20
//   & opt=sgd:lr=0.0095 & opt=momentum:lr=0.0095:mu=0.9            (one opt per optimizer, in order)
//   & linear.data=fashion-mnist & linear.model=softmax & linear.optimizer=sgd & linear.lr=0.1 & ...
//   & network.hidden=64,64 & network.activation=relu & ...   & data.set=spiral & data.k=5 & ...
std::string url_query_from_state(const nlohmann::json& state, const nlohmann::json* defaults = nullptr);

// The command lines a query stands for, in an order that restores it (the lab first, `view` last).
// A leading '?' or '#' is skipped; an empty query gives no commands. Errors (Usage, naming the
// setting): an unknown key, a value that is not a number where one is needed, characters outside
// [A-Za-z0-9._,:+-], a malformed opt= or start=, more than 8 optimizers or 64 settings.
Result<std::vector<std::string>> commands_from_url_query(const std::string& query);

// The shortest decimal that reads back as exactly v ("0.1", "1e-05"), for links and commands.
std::string shortest_number(double v);

}  // namespace descent::ui
