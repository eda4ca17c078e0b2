// optimizer_settings.h: the settings table of OptimizerDesc (settings/schema.h): the kind, lr,
// momentum, alpha, beta1, beta2, eps, each with torch.optim's name, its default per kind, its range,
// the kinds it applies to and a line of help. The CLI's --optimizer/--lr/..., the app's optimizer=
// and lr= options, the lab's opt=KIND:key=value links and the panels' optimizer widgets all come
// from it. Not the update rules (momentum.h, adam.h, ...).
// Usage: OptimizerDesc d = optimizer_defaults(OptimizerKind::SGD);
//        Status s = optimizer_schema().apply(d, {{"optimizer", "momentum"}, {"momentum", "0"}}, "train");
#pragma once
#include "core/optim/optimizer.h"
#include "core/settings/schema.h"

namespace descent {

const settings::Schema<OptimizerDesc>& optimizer_schema();

}  // namespace descent
