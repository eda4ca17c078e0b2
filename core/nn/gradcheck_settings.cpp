// gradcheck_settings.cpp: the settings table of GradCheckDesc (gradcheck_settings.h).
#include "core/nn/gradcheck_settings.h"

namespace descent {

namespace {

using settings::Spec;
using settings::Type;

settings::Schema<GradCheckDesc> make_schema() {
  return settings::Schema<GradCheckDesc>(
      "gradcheck",
      {
          settings::number_field(Spec{.key = "h", .type = Type::Real, .lo = 0, .hi = 1, .lo_open = true,
                                      .hi_open = true,
                                      .help = "the finite-difference step of (L(w+h) - L(w-h)) / 2h (Richardson-"
                                              "extrapolated with h/2)"},
                                 &GradCheckDesc::h, 5e-3),
          settings::number_field(Spec{.key = "coords", .type = Type::Integer, .lo = 0, .hi = 1e6,
                                      .help = "coordinates checked per parameter tensor, a seeded sample (0 = all)",
                                      .aliases = {"sample"}},
                                 &GradCheckDesc::max_per_tensor, 200),
          settings::number_field(Spec{.key = "threshold", .type = Type::Real, .lo = 0, .hi = 1, .lo_open = true,
                                      .help = "a tensor passes when its largest relative error is below this"},
                                 &GradCheckDesc::threshold, 1e-6),
          settings::number_field(Spec{.key = "examples", .type = Type::Integer, .lo = 1, .hi = 1000,
                                      .help = "training examples in the checked batch"},
                                 &GradCheckDesc::examples, 16),
      });
}

}  // namespace

const settings::Schema<GradCheckDesc>& gradcheck_schema() {
  static const settings::Schema<GradCheckDesc> schema = make_schema();
  return schema;
}

}  // namespace descent
