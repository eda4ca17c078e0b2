// linear_scores.h: chapter 4's worked example, the linear classifier f(x) = W x + b on one tiny
// image: 4 pixels x, W (3, 4), b (3) for cat, dog and ship, computed by the engine's Linear layer
// (core/nn/linear.h). The lecture's numbers give scores -96.8, 437.9, 60.75; the widely copied
// slide prints 61.95 for ship, which is W x without ship's bias (-1.2): slide_check says so from
// the computed values. Not training: W is given.
// Usage: Result<LinearScores> r = linear_scores(lecture_linear_inputs());  r->scores
#pragma once
#include <string>
#include <vector>

#include "core/status.h"

namespace descent::lecture {

struct LinearInputs {
  std::vector<double> x;  // (D) pixel values
  std::vector<double> W;  // (C, D) row-major: row c is class c's template
  std::vector<double> b;  // (C)
  std::vector<std::string> classes;  // C names
};

// x = [56, 231, 24, 2]; W rows [0.2, -0.5, 0.1, 2.0], [1.5, 1.3, 2.1, 0.0], [0, 0.25, 0.2, -0.3];
// b = [1.1, 3.2, -1.2]; cat, dog, ship.
LinearInputs lecture_linear_inputs();

// A number the slide prints, beside the one computed from the same inputs, and why they differ.
struct SlideCheck {
  std::string what;     // "ship score"
  double printed = 0;   // on the slide
  double computed = 0;  // from the inputs
  std::string note;     // the explanation, from the computed values ("" if none applies)
};

struct LinearScores {
  LinearInputs in;
  int classes = 0, dims = 0;
  std::vector<double> wx;      // (C) W x, before the bias
  std::vector<double> scores;  // (C) W x + b
  int predicted = 0;           // argmax of the scores
  std::vector<SlideCheck> slide;  // only for the lecture's inputs
};

// Errors (Usage): W is not (C, D) for D = x's length and C = b's length, C or D outside 1..64, a
// non-finite value, or class names that do not match C (empty names become "class c").
Result<LinearScores> linear_scores(const LinearInputs& in);

}  // namespace descent::lecture
