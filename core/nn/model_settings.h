// model_settings.h: the settings table of ModelDesc (settings/schema.h): model, hidden, activation,
// dropout, init, reg, lambda, beta, each with its default, range, the models it applies to and a line
// of help. The CLI's --model/--hidden/..., the app's model= hidden= ... options, the links and the
// panels' model widgets come from it. Not the network (network.h).
// Usage: ModelDesc m = model_schema().defaults();  model_schema().apply(m, {{"model", "mlp"}}, "train");
#pragma once
#include "core/nn/model_desc.h"
#include "core/settings/schema.h"

namespace descent {

const settings::Schema<ModelDesc>& model_schema();

}  // namespace descent
