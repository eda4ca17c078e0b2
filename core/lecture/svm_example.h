// svm_example.h: chapter 5's second worked example, the multiclass SVM (hinge) loss of the slide's
// three images, beside their softmax losses: scores for cat, car and frog of a cat, a car and a
// frog image; L_i = sum_{j != y} max(0, s_j - s_y + 1), giving 2.9, 0 and 12.9, mean 5.27. Both
// losses come from the engine's criteria (core/nn/svm_loss.h, core/nn/softmax_loss.h).
// Usage: Result<SvmExample> r = svm_example(lecture_svm_inputs());  r->svm_loss, r->mean_svm
#pragma once
#include <string>
#include <vector>

#include "core/status.h"

namespace descent::lecture {

struct SvmInputs {
  std::vector<std::vector<double>> scores;  // scores[i] (C): example i's class scores (a slide column)
  std::vector<int> labels;                  // (N) each example's true class, 0-based
  std::vector<std::string> classes;         // C names
};

// Columns 3.2/5.1/-1.7 (a cat), 1.3/4.9/2.0 (a car), 2.2/2.5/-3.1 (a frog).
SvmInputs lecture_svm_inputs();

struct SvmExample {
  SvmInputs in;
  double margin = 1.0;  // delta
  std::vector<std::vector<double>> terms;  // terms[i][j] = max(0, s_j - s_y + delta), 0 for j = y
  std::vector<double> svm_loss;            // (N) per example
  std::vector<double> softmax_loss;        // (N) per example, natural log
  double mean_svm = 0, mean_softmax = 0;   // over the N examples (the criteria's mean)
};

// Errors (Usage): 1..16 examples of 2..64 finite scores each, equal lengths, labels in range.
Result<SvmExample> svm_example(const SvmInputs& in);

}  // namespace descent::lecture
