// regularization_example.h: chapter 6's worked example: two weight vectors that score the input
// x = [1, 1, 1, 1] equally (w1 = [1, 0, 0, 0], w2 = [0.25, 0.25, 0.25, 0.25]: both 1), told apart
// only by the penalty R(W): L2 (sum w^2) prefers the spread-out w2 (0.25 against 1), L1 (sum |w|)
// ties them (1 and 1), elastic net (sum beta w^2 + |w|) lies between. R comes from the engine's
// regularizer (core/nn/regularizer.h) at lambda = 1.
// Usage: Result<RegularizationExample> r = regularization_example(lecture_regularization_inputs());
#pragma once
#include <string>
#include <vector>

#include "core/status.h"

namespace descent::lecture {

struct RegularizationInputs {
  std::vector<double> x, w1, w2;  // (D) each
  double beta = 0.5;              // elastic net's weight on the squared term
};

RegularizationInputs lecture_regularization_inputs();

struct RegularizationExample {
  RegularizationInputs in;
  double score1 = 0, score2 = 0;      // w . x
  double l2_1 = 0, l2_2 = 0;          // sum w^2
  double l1_1 = 0, l1_2 = 0;          // sum |w|
  double elastic_1 = 0, elastic_2 = 0;  // sum beta w^2 + |w|
  // Which vector each penalty prefers (the smaller R): "w1", "w2" or "tie" (equal to 1e-12).
  std::string l2_prefers, l1_prefers, elastic_prefers;
};

// Errors (Usage): x, w1 and w2 of equal length 1..64, finite values, beta >= 0.
Result<RegularizationExample> regularization_example(const RegularizationInputs& in);

}  // namespace descent::lecture
