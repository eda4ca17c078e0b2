// data_settings.h: the settings table of DataRequest (settings/schema.h): the data set's name, its
// folder, the file limits, the validation share and the 2-D generator's points, noise and classes,
// each with its default, range, the sets it applies to and a line of help. The CLI's --data/...,
// the app's data= points= ... options, the links and the data pickers come from it; load_dataset
// checks a request against it. The seed is not here: each client derives it from its own `seed`.
// Usage: DataRequest r = data_schema().defaults();  data_schema().apply(r, {{"data", "moons"}}, "data");
#pragma once
#include "core/data/registry.h"
#include "core/settings/schema.h"

namespace descent {

const settings::Schema<DataRequest>& data_schema();

// Whether `name` is one of the generated 2-D sets (spiral, circles, xor, blobs, moons).
bool is_toy_dataset(const std::string& name);

}  // namespace descent
