// softmax_example.cpp: the softmax loss of one score vector through the engine's kernels (softmax_example.h).
#include "core/lecture/softmax_example.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/kernels/softmax.h"
#include "core/nn/softmax_loss.h"

namespace descent::lecture {

const std::vector<double> kLectureSoftmaxScores = {3.2, 5.1, -1.7};
const std::vector<std::string> kLectureLossClasses = {"cat", "car", "frog"};

Result<SoftmaxExample> softmax_example(const std::vector<double>& scores, int label,
                                       const std::vector<std::string>& classes) {
  const int C = int(scores.size());
  if (C < 2 || C > 64) return make_error(ErrorCode::Usage, "softmax: give 2..64 scores");
  for (double s : scores)
    if (!std::isfinite(s)) return make_error(ErrorCode::Usage, "softmax: every score must be a finite number");
  if (label < 0 || label >= C)
    return make_error(ErrorCode::Usage, "softmax: the true class must be 0.." + std::to_string(C - 1));
  if (!classes.empty() && int(classes.size()) != C)
    return make_error(ErrorCode::Usage, "softmax: give one class name per score");
  SoftmaxExample r;
  r.scores = scores;
  r.label = label;
  r.classes = classes;
  if (r.classes.empty())
    for (int c = 0; c < C; ++c) r.classes.push_back("class " + std::to_string(c));
  for (double s : scores) r.exp.push_back(std::exp(s));
  for (double e : r.exp) r.sum_exp += e;
  r.probabilities.assign(size_t(C), 0.0);
  kernels::softmax_rows(1, C, scores.data(), r.probabilities.data());
  r.grad.assign(size_t(C), 0.0);
  r.loss_ln = SoftmaxCrossEntropy::forward_backward(scores.data(), &label, 1, C, r.grad.data());
  r.loss_log10 = r.loss_ln / std::log(10.0);
  const std::vector<double> equal(size_t(C), 0.0);
  r.loss_uniform = SoftmaxCrossEntropy::forward_backward<double>(equal.data(), &label, 1, C, nullptr);

  if (scores == kLectureSoftmaxScores && label == 0) {
    // The slide rounds p_cat to 0.13 and prints -log(0.13) = 0.89.
    const double p = 0.13;
    SlideCheck s{"-log(0.13)", 0.89, -std::log(p), ""};
    char buf[320];
    if (std::fabs(-std::log10(p) - s.printed) < 0.005) {
      std::snprintf(buf, sizeof buf,
                    "the slide's -log(0.13) = 0.89 is the base-10 logarithm (-log10 0.13 = %.4f); the softmax loss "
                    "uses the natural log, as Descent, Torch's nn.CrossEntropyCriterion and PyTorch do: "
                    "-ln 0.13 = %.4f (unrounded p = %.4f: %.4f)",
                    -std::log10(p), -std::log(p), r.probabilities[0], r.loss_ln);
      s.note = buf;
    }
    r.slide.push_back(s);
  }
  return r;
}

}  // namespace descent::lecture
