// train_settings.h: the settings table of TrainDesc (settings/schema.h): batch, seed, shuffle and
// lr_decay, plus the model's (model_settings.h) and the optimizer's (optimizer_settings.h) settings
// reached through TrainDesc::model and TrainDesc::optimizer: everything `descent train` and the
// app's classifier views accept, described once.
// Usage: TrainDesc d = train_schema().defaults();  train_schema().apply(d, given, "linear");
#pragma once
#include "core/settings/schema.h"
#include "core/train/session.h"

namespace descent {

const settings::Schema<TrainDesc>& train_schema();
// Only batch, seed, shuffle and lr_decay (the reference prints the model's and optimizer's apart).
const settings::Schema<TrainDesc>& train_own_schema();

}  // namespace descent
