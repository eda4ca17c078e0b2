// momentum_forms.cpp: the lecture's and torch's momentum, and a = 0 against plain descent (momentum_forms.h).
#include "core/lecture/momentum_forms.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/optim/momentum.h"
#include "core/optim/sgd.h"

namespace descent::lecture {

MomentumFormsInputs lecture_momentum_inputs() {
  MomentumFormsInputs in;
  in.surface = SurfaceDesc{.kind = SurfaceKind::Quadratic, .eigen_a = 1.0, .eigen_b = 100.0};
  const SurfaceInfo info = surface_info(in.surface);
  in.x0 = info.start_x;
  in.y0 = info.start_y;
  in.lr = info.default_lr;
  in.a = 0.9;
  in.steps = 100;
  return in;
}

namespace {
using Point = std::array<double, 2>;

Point gradient(const SurfaceDesc& s, const Point& w) {
  const SurfaceEval e = evaluate(s, w[0], w[1]);
  return {e.dx, e.dy};
}

// The lecture's form, as written on the slide (each product rounded, no fused multiply-add).
std::vector<Point> lecture_walk(const MomentumFormsInputs& in, double a, std::vector<Point>* ms) {
  Point w{in.x0, in.y0}, m{0, 0};
  std::vector<Point> path{w};
  for (int t = 0; t < in.steps; ++t) {
    const Point g = gradient(in.surface, w);
    for (int i = 0; i < 2; ++i) {
      m[size_t(i)] = a * m[size_t(i)] + in.lr * g[size_t(i)];
      w[size_t(i)] = w[size_t(i)] - m[size_t(i)];
    }
    path.push_back(w);
    if (ms) ms->push_back(m);
  }
  return path;
}

// The lecture's plain gradient descent, W = W - lr dL/dW.
std::vector<Point> lecture_gd(const MomentumFormsInputs& in) {
  Point w{in.x0, in.y0};
  std::vector<Point> path{w};
  for (int t = 0; t < in.steps; ++t) {
    const Point g = gradient(in.surface, w);
    for (int i = 0; i < 2; ++i) w[size_t(i)] = w[size_t(i)] - in.lr * g[size_t(i)];
    path.push_back(w);
  }
  return path;
}

// torch's form through the engine's update (core/optim/momentum.h); velocities into vs if given.
std::vector<Point> torch_walk(const MomentumFormsInputs& in, double mu, std::vector<Point>* vs) {
  const Momentum<double> rule{.lr = in.lr, .mu = mu};
  Point w{in.x0, in.y0}, v{0, 0};
  std::vector<Point> path{w};
  for (int t = 0; t < in.steps; ++t) {
    const Point g = gradient(in.surface, w);
    rule.update(2, w.data(), g.data(), v.data());
    path.push_back(w);
    if (vs) vs->push_back(v);
  }
  return path;
}

std::vector<Point> engine_sgd(const MomentumFormsInputs& in) {
  const Sgd<double> rule{.lr = in.lr};
  Point w{in.x0, in.y0};
  std::vector<Point> path{w};
  for (int t = 0; t < in.steps; ++t) {
    const Point g = gradient(in.surface, w);
    rule.update(2, w.data(), g.data());
    path.push_back(w);
  }
  return path;
}

bool same_bits(const std::vector<Point>& a, const std::vector<Point>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Point)) == 0;
}
}  // namespace

Result<MomentumForms> momentum_forms(const MomentumFormsInputs& in) {
  if (!(in.lr > 0) || !std::isfinite(in.lr)) return make_error(ErrorCode::Usage, "momentum: lr must be positive");
  if (!(in.a >= 0 && in.a < 1)) return make_error(ErrorCode::Usage, "momentum: a (mu) must be in [0, 1)");
  if (in.steps < 1 || in.steps > 10000) return make_error(ErrorCode::Usage, "momentum: steps must be 1..10000");
  if (!std::isfinite(in.x0) || !std::isfinite(in.y0))
    return make_error(ErrorCode::Usage, "momentum: the start must be finite");
  MomentumForms r;
  r.in = in;
  std::vector<Point> ms, vs;
  r.lecture = lecture_walk(in, in.a, &ms);
  r.torch = torch_walk(in, in.a, &vs);
  for (size_t k = 0; k < r.lecture.size(); ++k) {
    r.lecture_loss.push_back(evaluate(in.surface, r.lecture[k][0], r.lecture[k][1]).value);
    r.torch_loss.push_back(evaluate(in.surface, r.torch[k][0], r.torch[k][1]).value);
    for (size_t i = 0; i < 2; ++i) r.max_difference = std::max(r.max_difference, std::fabs(r.lecture[k][i] - r.torch[k][i]));
  }
  for (size_t k = 0; k < ms.size(); ++k)
    for (size_t i = 0; i < 2; ++i)
      r.max_m_minus_lr_v = std::max(r.max_m_minus_lr_v, std::fabs(ms[k][i] - in.lr * vs[k][i]));
  r.lecture_a0_is_gd = same_bits(lecture_walk(in, 0.0, nullptr), lecture_gd(in));
  r.torch_mu0_is_sgd = same_bits(torch_walk(in, 0.0, nullptr), engine_sgd(in));
  return r;
}

}  // namespace descent::lecture
