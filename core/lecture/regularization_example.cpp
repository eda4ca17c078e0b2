// regularization_example.cpp: R(W) of two weight vectors by the engine's regularizer (regularization_example.h).
#include "core/lecture/regularization_example.h"

#include <algorithm>
#include <cmath>

#include "core/nn/regularizer.h"

namespace descent::lecture {

RegularizationInputs lecture_regularization_inputs() {
  return {{1, 1, 1, 1}, {1, 0, 0, 0}, {0.25, 0.25, 0.25, 0.25}, 0.5};
}

namespace {
double penalty(Regularizer kind, double beta, const std::vector<double>& w) {
  const RegularizerDesc reg{kind, 1.0, beta};  // lambda = 1: R itself
  return regularize<double>(reg, w.data(), nullptr, w.size());
}
std::string prefers(double r1, double r2) {
  if (std::fabs(r1 - r2) <= 1e-12 * std::max(1.0, std::fabs(r1))) return "tie";
  return r1 < r2 ? "w1" : "w2";
}
}  // namespace

Result<RegularizationExample> regularization_example(const RegularizationInputs& in) {
  const size_t D = in.x.size();
  if (D < 1 || D > 64 || in.w1.size() != D || in.w2.size() != D)
    return make_error(ErrorCode::Usage, "reg: x, w1 and w2 need the same number of values (1..64)");
  for (const std::vector<double>* v : {&in.x, &in.w1, &in.w2})
    for (double a : *v)
      if (!std::isfinite(a)) return make_error(ErrorCode::Usage, "reg: every value must be a finite number");
  if (!(in.beta >= 0) || !std::isfinite(in.beta)) return make_error(ErrorCode::Usage, "reg: beta must be 0 or more");
  RegularizationExample r;
  r.in = in;
  for (size_t i = 0; i < D; ++i) {
    r.score1 += in.w1[i] * in.x[i];
    r.score2 += in.w2[i] * in.x[i];
  }
  r.l2_1 = penalty(Regularizer::L2, in.beta, in.w1);
  r.l2_2 = penalty(Regularizer::L2, in.beta, in.w2);
  r.l1_1 = penalty(Regularizer::L1, in.beta, in.w1);
  r.l1_2 = penalty(Regularizer::L1, in.beta, in.w2);
  r.elastic_1 = penalty(Regularizer::Elastic, in.beta, in.w1);
  r.elastic_2 = penalty(Regularizer::Elastic, in.beta, in.w2);
  r.l2_prefers = prefers(r.l2_1, r.l2_2);
  r.l1_prefers = prefers(r.l1_1, r.l1_2);
  r.elastic_prefers = prefers(r.elastic_1, r.elastic_2);
  return r;
}

}  // namespace descent::lecture
