// linear_scores.cpp: W x + b through the engine's Linear layer, and the slide's ship score (linear_scores.h).
#include "core/lecture/linear_scores.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/nn/linear.h"

namespace descent::lecture {

LinearInputs lecture_linear_inputs() {
  return {{56, 231, 24, 2},
          {0.2, -0.5, 0.1, 2.0, 1.5, 1.3, 2.1, 0.0, 0, 0.25, 0.2, -0.3},
          {1.1, 3.2, -1.2},
          {"cat", "dog", "ship"}};
}

namespace {
bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double a) { return std::isfinite(a); });
}
}  // namespace

Result<LinearScores> linear_scores(const LinearInputs& in) {
  const int D = int(in.x.size()), C = int(in.b.size());
  if (D < 1 || D > 64 || C < 1 || C > 64)
    return make_error(ErrorCode::Usage, "linear: x needs 1..64 values and b 1..64 (one per class)");
  if (in.W.size() != size_t(C) * size_t(D))
    return make_error(ErrorCode::Usage, "linear: W must be (" + std::to_string(C) + ", " + std::to_string(D) +
                                            "): " + std::to_string(C * D) + " values, got " + std::to_string(in.W.size()));
  if (!all_finite(in.x) || !all_finite(in.W) || !all_finite(in.b))
    return make_error(ErrorCode::Usage, "linear: every value of x, W and b must be a finite number");
  if (!in.classes.empty() && int(in.classes.size()) != C)
    return make_error(ErrorCode::Usage, "linear: give one class name per row of W");
  LinearScores r;
  r.in = in;
  r.classes = C;
  r.dims = D;
  if (r.in.classes.empty())
    for (int c = 0; c < C; ++c) r.in.classes.push_back("class " + std::to_string(c));
  // The engine's layer: Y (1, C) = X (1, D) W^T + b. Once with b = 0 for W x alone.
  std::vector<double> W = in.W, b = in.b, zero(size_t(C), 0.0);
  Linear<double> layer;
  layer.in = D;
  layer.out = C;
  layer.weight = W.data();
  layer.bias = zero.data();
  r.wx.assign(size_t(C), 0.0);
  layer.forward(in.x.data(), 1, r.wx.data());
  layer.bias = b.data();
  r.scores.assign(size_t(C), 0.0);
  layer.forward(in.x.data(), 1, r.scores.data());
  r.predicted = int(std::max_element(r.scores.begin(), r.scores.end()) - r.scores.begin());

  const LinearInputs lecture = lecture_linear_inputs();
  if (in.x == lecture.x && in.W == lecture.W && in.b == lecture.b) {
    SlideCheck s{"ship score", 61.95, r.scores[2], ""};
    char buf[256];
    if (std::fabs(r.wx[2] - s.printed) < 0.005) {
      std::snprintf(buf, sizeof buf,
                    "the widely copied slide prints %.2f for ship: that is W x = %.2f without ship's bias "
                    "b = %.1f; W x + b = %.2f",
                    s.printed, r.wx[2], in.b[2], r.scores[2]);
      s.note = buf;
    }
    r.slide.push_back(s);
  }
  return r;
}

}  // namespace descent::lecture
