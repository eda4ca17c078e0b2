// svm_example.cpp: hinge and softmax losses of the slide's three images by the engine's criteria (svm_example.h).
#include "core/lecture/svm_example.h"

#include <algorithm>
#include <cmath>

#include "core/nn/softmax_loss.h"
#include "core/nn/svm_loss.h"

namespace descent::lecture {

SvmInputs lecture_svm_inputs() {
  return {{{3.2, 5.1, -1.7}, {1.3, 4.9, 2.0}, {2.2, 2.5, -3.1}}, {0, 1, 2}, {"cat", "car", "frog"}};
}

Result<SvmExample> svm_example(const SvmInputs& in) {
  const int N = int(in.scores.size());
  if (N < 1 || N > 16 || int(in.labels.size()) != N)
    return make_error(ErrorCode::Usage, "svm: give 1..16 examples, each with its scores and one label");
  const int C = int(in.scores[0].size());
  if (C < 2 || C > 64) return make_error(ErrorCode::Usage, "svm: give 2..64 scores per example");
  std::vector<double> S;  // (N, C) for the criteria
  for (int i = 0; i < N; ++i) {
    if (int(in.scores[size_t(i)].size()) != C)
      return make_error(ErrorCode::Usage, "svm: every example needs " + std::to_string(C) + " scores");
    for (double s : in.scores[size_t(i)])
      if (!std::isfinite(s)) return make_error(ErrorCode::Usage, "svm: every score must be a finite number");
    if (in.labels[size_t(i)] < 0 || in.labels[size_t(i)] >= C)
      return make_error(ErrorCode::Usage, "svm: labels must be 0.." + std::to_string(C - 1));
    S.insert(S.end(), in.scores[size_t(i)].begin(), in.scores[size_t(i)].end());
  }
  if (!in.classes.empty() && int(in.classes.size()) != C)
    return make_error(ErrorCode::Usage, "svm: give one class name per score");
  SvmExample r;
  r.in = in;
  if (r.in.classes.empty())
    for (int c = 0; c < C; ++c) r.in.classes.push_back("class " + std::to_string(c));
  const MulticlassSvmLoss svm;
  r.margin = svm.margin;
  for (int i = 0; i < N; ++i) {
    const double* s = S.data() + size_t(i) * size_t(C);
    const int y = in.labels[size_t(i)];
    std::vector<double> t(size_t(C), 0.0);
    for (int j = 0; j < C; ++j)
      if (j != y) t[size_t(j)] = std::max(0.0, s[j] - s[y] + svm.margin);
    r.terms.push_back(t);
    r.svm_loss.push_back(svm.forward_backward<double>(s, &y, 1, C, nullptr));
    r.softmax_loss.push_back(SoftmaxCrossEntropy::forward_backward<double>(s, &y, 1, C, nullptr));
  }
  r.mean_svm = svm.forward_backward<double>(S.data(), in.labels.data(), N, C, nullptr);
  r.mean_softmax = SoftmaxCrossEntropy::forward_backward<double>(S.data(), in.labels.data(), N, C, nullptr);
  return r;
}

}  // namespace descent::lecture
