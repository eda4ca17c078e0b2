// toy2d.cpp: the 2-D toy generators of toy2d.h. Every random draw goes through one Rng(seed) in a
// fixed order (class by class, point by point, x before y), so a seed gives the same data on every
// platform. Not a file loader.
#include "core/data/toy2d.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/rng.h"

namespace descent {
namespace {

constexpr double kPi = 3.14159265358979323846;


// (x, y) of point i of class c before noise; `rng` serves the kinds with random shapes and
// `phase` is the class's random rotation (circles only).
void point(Toy2d kind, int c, int classes, int i, int n, double phase, Rng& rng, double* x, double* y) {
  switch (kind) {
    case Toy2d::Spiral: {
      const double r = double(i) / double(n) * 5.0;
      const double t = 1.75 * double(i) / double(n) * 2.0 * kPi + double(c) * 2.0 * kPi / double(classes);
      *x = r * std::sin(t);
      *y = r * std::cos(t);
      return;
    }
    case Toy2d::Circles: {
      const double r = 4.0 * double(c + 1) / double(classes);
      const double t = phase + 2.0 * kPi * double(i) / double(n);
      *x = r * std::cos(t);
      *y = r * std::sin(t);
      return;
    }
    case Toy2d::Xor: {
      // Class 0 alternates quadrants (+,+) and (-,-); class 1 alternates (+,-) and (-,+).
      const double sx = (i % 2 == 0) ? 1.0 : -1.0;
      const double sy = (c == 0) ? sx : -sx;
      *x = sx * rng.uniform(0.5, 5.0);
      *y = sy * rng.uniform(0.5, 5.0);
      return;
    }
    case Toy2d::Blobs: {
      const double a = 2.0 * kPi * double(c) / double(classes) + 0.5 * kPi;
      *x = 3.5 * std::cos(a) + rng.normal();
      *y = 3.5 * std::sin(a) + rng.normal();
      return;
    }
    case Toy2d::Moons: {
      // scikit-learn's make_moons: outer (cos t, sin t), inner (1 - cos t, 0.5 - sin t), t in [0, pi],
      // then centred on (0.5, 0.25) and scaled by 2.5.
      const double t = n > 1 ? kPi * double(i) / double(n - 1) : 0.0;
      const double ux = (c == 0) ? std::cos(t) : 1.0 - std::cos(t);
      const double uy = (c == 0) ? std::sin(t) : 0.5 - std::sin(t);
      *x = 2.5 * (ux - 0.5);
      *y = 2.5 * (uy - 0.25);
      return;
    }
  }
  *x = *y = 0.0;
}

}  // namespace

int toy2d_default_classes(Toy2d kind) { return (kind == Toy2d::Spiral || kind == Toy2d::Blobs) ? 3 : 2; }

bool toy2d_two_classes_only(Toy2d kind) { return kind == Toy2d::Xor || kind == Toy2d::Moons; }

Dataset make_toy2d(const Toy2dDesc& desc) {
  const Toy2d kind = desc.kind;
  int classes = desc.classes <= 0 ? toy2d_default_classes(kind) : std::min(desc.classes, kToy2dMaxClasses);
  if (kind == Toy2d::Xor || kind == Toy2d::Moons) classes = 2;
  const int n = desc.points_per_class <= 0 ? 100 : std::min(desc.points_per_class, kToy2dMaxPointsPerClass);
  const double noise = (desc.noise > 0.0 && std::isfinite(desc.noise)) ? desc.noise : 0.0;

  Dataset d;
  d.name = toy2d_name(kind);
  d.num_classes = classes;
  d.X = Matrix<float>(classes * n, 2);
  d.y.resize(size_t(classes) * size_t(n));
  Rng rng(desc.seed);
  for (int c = 0; c < classes; ++c) {
    const double phase = kind == Toy2d::Circles ? rng.uniform() * 2.0 * kPi : 0.0;
    for (int i = 0; i < n; ++i) {
      double x = 0.0, y = 0.0;
      point(kind, c, classes, i, n, phase, rng, &x, &y);
      if (noise > 0.0) {
        x += noise * rng.normal();
        y += noise * rng.normal();
      }
      const int row = c * n + i;
      d.X(row, 0) = float(x);
      d.X(row, 1) = float(y);
      d.y[size_t(row)] = c;
    }
  }
  return d;
}

const char* toy2d_name(Toy2d kind) {
  switch (kind) {
    case Toy2d::Spiral: return "spiral";
    case Toy2d::Circles: return "circles";
    case Toy2d::Xor: return "xor";
    case Toy2d::Blobs: return "blobs";
    case Toy2d::Moons: return "moons";
  }
  return "unknown";
}

Result<Toy2d> parse_toy2d(std::string_view name) {
  std::string lower(name);
  for (char& ch : lower) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  for (Toy2d k : {Toy2d::Spiral, Toy2d::Circles, Toy2d::Xor, Toy2d::Blobs, Toy2d::Moons}) {
    if (lower == toy2d_name(k)) return k;
  }
  return make_error(ErrorCode::Usage, "unknown 2-D dataset '" + std::string(name) +
                                          "'; choose one of: spiral, circles, xor, blobs, moons");
}

}  // namespace descent
