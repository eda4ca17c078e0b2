// torch_linear.cpp: nn.Linear(1, 2) + cross-entropy, differenced and backpropagated (torch_linear.h).
#include "core/lecture/torch_linear.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/kernels/softmax.h"
#include "core/nn/gradcheck.h"
#include "core/nn/network.h"

namespace descent::lecture {

namespace {
constexpr double kLectureX = 0.1854;
constexpr double kSlideLoss = 0.7858;  // the slide's printed e1
constexpr double kSlideDiff = 0.0646;  // the slide's printed finite differences, +-

ModelDesc linear_model() {
  ModelDesc d;  // softmax: one Linear layer, cross-entropy (nn.Linear + nn.CrossEntropyCriterion)
  d.init = InitKind::Torch;
  return d;
}
}  // namespace

TorchLinearInputs torch_linear_inputs(uint32_t seed) {
  Network<double> net(linear_model(), 1, 2);
  net.init(seed);
  TorchLinearInputs in;
  in.seed = seed;
  in.weight.assign(net.layer(0).weight, net.layer(0).weight + 2);
  in.bias.assign(net.layer(0).bias, net.layer(0).bias + 2);
  return in;
}

Result<TorchLinear> torch_linear(const TorchLinearInputs& in) {
  if (in.weight.size() != 2 || in.bias.size() != 2)
    return make_error(ErrorCode::Usage, "torch: nn.Linear(1, 2) has two weights and two biases");
  for (double v : {in.x, in.weight[0], in.weight[1], in.bias[0], in.bias[1]})
    if (!std::isfinite(v)) return make_error(ErrorCode::Usage, "torch: x, the weights and the biases must be finite");
  if (in.target != 1 && in.target != 2)
    return make_error(ErrorCode::Usage, "torch: the target class is 1 or 2 (Torch counts classes from 1)");
  if (!(in.h > 0 && in.h <= 1)) return make_error(ErrorCode::Usage, "torch: h must be in (0, 1]");
  Network<double> net(linear_model(), 1, 2);
  std::copy(in.weight.begin(), in.weight.end(), net.params().value_of(0));
  std::copy(in.bias.begin(), in.bias.end(), net.params().value_of(1));
  const Matrix<double> X(1, 1, in.x);
  const std::vector<int> y{in.target - 1};

  TorchLinear r;
  r.in = in;
  const Matrix<double>& o = net.forward(X.ptr(), 1);
  r.scores.assign(o.ptr(), o.ptr() + 2);
  r.probabilities.assign(2, 0.0);
  kernels::softmax_rows(1, 2, r.scores.data(), r.probabilities.data());
  // criterion:forward, then criterion:backward + model:backward: gradWeight, gradBias.
  r.loss = net.forward_backward(X.ptr(), y.data(), 1).total();
  r.grad_weight.assign(net.params().grad_of(0), net.params().grad_of(0) + 2);
  r.grad_bias.assign(net.params().grad_of(1), net.params().grad_of(1) + 2);
  for (int j = 0; j < 2; ++j) {
    double* w = net.params().value_of(0) + j;
    const double w0 = *w;
    *w = w0 + in.h;
    const double plus = net.loss(X.ptr(), y.data(), 1).total();
    *w = w0 - in.h;
    const double minus = net.loss(X.ptr(), y.data(), 1).total();
    *w = w0;
    const double n = (plus - minus) / (2 * in.h);
    r.numeric.push_back(n);
    const double a = r.grad_weight[size_t(j)];
    r.rel_error.push_back(std::fabs(a - n) / std::max({std::fabs(a), std::fabs(n), 1e-300}));
  }
  const GradCheckDesc check;
  const std::vector<GradCheckRow> rows = gradient_check(net, X, y, check);
  r.check_passed = true;
  for (const GradCheckRow& row : rows) {
    r.check_max_rel_error = std::max(r.check_max_rel_error, row.max_rel_error);
    r.check_passed = r.check_passed && row.passed;
  }
  r.grad_from_loss = (1 - std::exp(-r.loss)) * std::fabs(in.x);

  if (in.x == kLectureX) {
    const double implied_grad = (1 - std::exp(-kSlideLoss)) * std::fabs(in.x);
    const double implied_loss = -std::log(1 - kSlideDiff / std::fabs(in.x));
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "the slide's numbers cannot all come from one run: with two classes every weight's gradient is "
                  "+-(1 - e^-L) x, so its loss e1 = %.4f gives +-%.4f at x = %.4f, and its differences +-%.4f need "
                  "L = -ln(1 - %.4f / %.4f) = %.3f",
                  kSlideLoss, implied_grad, in.x, kSlideDiff, kSlideDiff, in.x, implied_loss);
    r.slide.push_back({"finite differences +-", kSlideDiff, implied_grad, buf});
    r.slide.push_back({"loss e1", kSlideLoss, implied_loss, ""});
  }
  return r;
}

}  // namespace descent::lecture
