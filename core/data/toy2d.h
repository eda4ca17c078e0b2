// toy2d.h: the lecture's 2-D toy problems (spiral, circles, xor, blobs, moons), generated from a
// seed, so a classifier's decision regions can be drawn over the plane. Not a loader of files.
// X is (classes * points_per_class, 2), class-ordered (all of class 0, then class 1, ...);
// height = width = 0. Every kind lies within about [-6.5, 6.5] x [-6.5, 6.5] before noise (ranges below).
// Usage: Dataset d = make_toy2d({.kind = Toy2d::Spiral, .classes = 3, .noise = 0.2, .seed = 1});
#pragma once
#include <cstdint>
#include <string_view>

#include "core/data/dataset.h"
#include "core/status.h"

namespace descent {

enum class Toy2d { Spiral, Circles, Xor, Blobs, Moons };

// Zero means "the kind's default" for classes and points_per_class. noise is the standard deviation
// of the gaussian added to each coordinate (Rng(seed).normal()); 0 = exactly the clean shape.
struct Toy2dDesc {
  Toy2d kind = Toy2d::Spiral;
  int classes = 0;           // 0 = default: 2 for circles/xor/moons, 3 for spiral/blobs
  int points_per_class = 0;  // 0 = 100
  double noise = 0;          // std of the gaussian added to x and y, in coordinate units
  uint32_t seed = 0;
};

// Limits applied by make_toy2d (registry.h rejects requests beyond them with a Usage error).
constexpr int kToy2dMaxClasses = 16;
constexpr int kToy2dMaxPointsPerClass = 100000;

// The kinds, each textbook, all class-ordered:
// - spiral: class c, i = 0..n-1: r = 5 i/n, t = 1.75 (i/n) 2 pi + c 2 pi/classes,
//   x = (r sin t, r cos t), computed in double. Deterministic when noise = 0. Range [-5, 5].
// - circles: concentric rings, class c on radius 4 (c + 1) / classes, angles evenly spaced with a
//   seeded phase per class. Range [-4, 4].
// - xor: always 2 classes, 4 quadrant clusters, each point uniform in 0.5 <= |x|, |y| <= 5;
//   label 0 where x y > 0, label 1 where x y < 0 (the two quadrants of a class alternate).
// - blobs: gaussian clusters (std 1) centred on a circle of radius 3.5 (the linearly separable
//   case). Range about [-6.5, 6.5].
// - moons: always 2 classes, scikit-learn's two interleaving half circles scaled by 2.5 and
//   centred, points evenly spaced on each arc. Range [-3.75, 3.75] x [-1.9, 1.9].
// Out-of-range settings are clamped: classes to [1, 16], points to [1, 100000], noise < 0 to 0.
Dataset make_toy2d(const Toy2dDesc& desc);

// The number of classes a kind has when none is asked for (2 for circles, xor, moons; 3 otherwise).
int toy2d_default_classes(Toy2d kind);
// Whether the kind allows only 2 classes (xor, moons).
bool toy2d_two_classes_only(Toy2d kind);

const char* toy2d_name(Toy2d kind);  // "spiral", "circles", "xor", "blobs", "moons"
Result<Toy2d> parse_toy2d(std::string_view name);  // case-insensitive; Usage error lists names

}  // namespace descent
