// softmax_example.h: chapter 5's worked example, the softmax classifier's loss for one image:
// scores -> exp -> normalise -> probabilities -> L_i = -ln p_y. The lecture's scores (cat 3.2,
// car 5.1, frog -1.7, true class cat) give p = 0.13, 0.87, 0.00 and L_i = -ln 0.13 = 2.04 in the
// natural log that Descent, Torch's nn.CrossEntropyCriterion and PyTorch use; the slide's
// "-log(0.13) = 0.89" is the base-10 logarithm, and slide_check says so from the computed values.
// Probabilities and loss come from the engine's softmax kernels (core/nn/softmax_loss.h).
// Usage: Result<SoftmaxExample> r = softmax_example({3.2, 5.1, -1.7}, 0, {"cat", "car", "frog"});
#pragma once
#include <string>
#include <vector>

#include "core/lecture/linear_scores.h"
#include "core/status.h"

namespace descent::lecture {

extern const std::vector<double> kLectureSoftmaxScores;     // 3.2, 5.1, -1.7
extern const std::vector<std::string> kLectureLossClasses;  // cat, car, frog

struct SoftmaxExample {
  std::vector<double> scores;  // (C) s
  int label = 0;               // y, 0-based
  std::vector<std::string> classes;
  std::vector<double> exp;            // (C) e^{s_j}, unnormalised
  double sum_exp = 0;
  std::vector<double> probabilities;  // (C) e^{s_j} / sum_k e^{s_k}
  std::vector<double> grad;           // (C) dL_i/ds_j = p_j - [j == y] (the criterion's backward)
  double loss_ln = 0;     // -ln p_y: the loss
  double loss_log10 = 0;  // -log10 p_y = loss_ln / ln 10 (what the slide printed)
  double loss_uniform = 0;  // the loss when every score is equal: ln C (a first-step sanity check)
  // The possible range: L_i >= 0, approached as p_y -> 1 (never reached with finite scores), and
  // unbounded above as p_y -> 0.
  double loss_min = 0;
  std::vector<SlideCheck> slide;  // only for the lecture's scores
};

// Errors (Usage): 2..64 scores, all finite, a label in 0..C-1, names (if given) one per score.
Result<SoftmaxExample> softmax_example(const std::vector<double>& scores, int label,
                                       const std::vector<std::string>& classes);

}  // namespace descent::lecture
