// surface_settings.cpp: the settings table of SurfaceDesc (surface_settings.h).
#include "core/surface/surface_settings.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;
using settings::Value;

constexpr double kPi = 3.14159265358979323846;

bool is_quadratic(const SurfaceDesc& s) { return s.kind == SurfaceKind::Quadratic; }

settings::Schema<SurfaceDesc> make_schema() {
  std::vector<std::string> names;
  for (SurfaceKind k : surface_kinds()) names.push_back(surface_name(k));
  Setting<SurfaceDesc> surface = settings::choice_field(
      Spec{.key = "surface", .choices = names,
           .help = "the loss surface: quadratic (a x'² + b y'²)/2, rosenbrock, beale, himmelblau or saddle x² - y²"},
      &SurfaceDesc::kind, surface_kinds(), SurfaceKind::Quadratic);
  surface.selects = true;

  const Spec eigen_spec{.key = "a", .type = Type::Real, .lo = 0, .hi = 1000, .lo_open = true,
                        .help = "the quadratic's curvature (Hessian eigenvalue) along its first axis",
                        .slider_lo = 0.1, .slider_hi = 1000, .log_scale = true};
  Setting<SurfaceDesc> a = settings::number_field(eigen_spec, &SurfaceDesc::eigen_a, 1.0);
  Spec b_spec = eigen_spec;
  b_spec.key = "b";
  b_spec.help = "the quadratic's curvature along its second axis (condition number: max(a, b)/min(a, b))";
  Setting<SurfaceDesc> b = settings::number_field(b_spec, &SurfaceDesc::eigen_b, 10.0);

  Setting<SurfaceDesc> rotation;
  rotation.spec = Spec{.key = "rotation", .type = Type::Real, .lo = -360, .hi = 360, .unit = "degrees",
                       .help = "the quadratic's axes turned by this angle", .slider_lo = 0, .slider_hi = 180};
  rotation.get = [](const SurfaceDesc& s) { return Value::of(s.rotation * 180.0 / kPi); };
  rotation.set = [](SurfaceDesc& s, const Value& v) { s.rotation = v.number * kPi / 180.0; };
  rotation.fallback = [](const SurfaceDesc&) { return Value::of(0.0); };

  Setting<SurfaceDesc> eigen;
  eigen.spec = Spec{.key = "eigen", .type = Type::RealList, .lo = 0, .hi = 1000, .lo_open = true, .min_items = 2,
                    .max_items = 2, .help = "a,b in one value: the quadratic's two curvatures"};
  eigen.get = [](const SurfaceDesc& s) { return Value::of_list({s.eigen_a, s.eigen_b}); };
  eigen.set = [](SurfaceDesc& s, const Value& v) {
    s.eigen_a = v.list.at(0);
    s.eigen_b = v.list.at(1);
  };
  eigen.derived = true;

  for (Setting<SurfaceDesc>* s : {&a, &b, &rotation, &eigen}) {
    s->applies = is_quadratic;
    s->applies_to = "surface quadratic";
    s->dependent = true;  // another surface and back: the quadratic's defaults again, nothing hidden
  }
  return settings::Schema<SurfaceDesc>("surface", {surface, a, b, rotation, eigen});
}

}  // namespace

const std::vector<SurfaceKind>& surface_kinds() {
  static const std::vector<SurfaceKind> kinds = {SurfaceKind::Quadratic, SurfaceKind::Rosenbrock,
                                                 SurfaceKind::Beale, SurfaceKind::Himmelblau, SurfaceKind::Saddle};
  return kinds;
}

const settings::Schema<SurfaceDesc>& surface_schema() {
  static const settings::Schema<SurfaceDesc> schema = make_schema();
  return schema;
}

}  // namespace descent
