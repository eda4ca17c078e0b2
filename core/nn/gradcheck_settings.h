// gradcheck_settings.h: the gradient check's settings, described once (settings/schema.h): h,
// coords (coordinates sampled per tensor), threshold and examples, as `descent gradcheck` and the
// app's `gradcheck` command take them. Not the check itself (gradcheck.h).
// Usage: GradCheckDesc d = gradcheck_schema().defaults();  gradcheck_schema().apply(d, given, "gradcheck");
#pragma once
#include "core/nn/gradcheck.h"
#include "core/settings/schema.h"

namespace descent {

const settings::Schema<GradCheckDesc>& gradcheck_schema();

}  // namespace descent
