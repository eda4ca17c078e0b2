// test_optim.cpp: the optimizers (core/optim/) against hand-computed first steps on a 1-D
// quadratic, float against double, reset, names and defaults; and run_trajectory against
// torch.optim's float64 trajectories (tests/data/torch_trajectories.json, written by
// tests/torch/optim_reference.py). Run: descent_tests -tc='optim*'
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/optim/optimizer.h"
#include "core/rng.h"
#include "core/surface/trajectory.h"

using namespace descent;

namespace {

// Three steps of Optimizer<double> on f(p) = p^2 (gradient 2p) from p = 1.
std::vector<double> three_steps(const OptimizerDesc& desc) {
  Optimizer<double> opt(desc, 1);
  double p = 1;
  std::vector<double> out;
  for (int k = 0; k < 3; ++k) {
    const double g = 2 * p;
    opt.step(&p, &g);
    out.push_back(p);
  }
  return out;
}

void check_close(const std::vector<double>& got, const std::vector<double>& want, double tol) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(got[i] - want[i]) <= tol);
  }
}

}  // namespace

// Expected values are the update rules evaluated by hand for f = p^2, g = 2p, p0 = 1; tolerance 1e-14
// absolute on values of order 1 (only the order of rounding differs).
TEST_CASE("optim: sgd first steps by hand") {
  check_close(three_steps({.kind = OptimizerKind::SGD, .lr = 0.1}), {0.8, 0.64, 0.512}, 1e-14);
}

TEST_CASE("optim: momentum first steps by hand (torch form buf = mu*buf + g; p -= lr*buf)") {
  // buf 2 -> p .8; buf 1.8+1.6 = 3.4 -> p .46; buf 3.06+.92 = 3.98 -> p .062
  check_close(three_steps({.kind = OptimizerKind::Momentum, .lr = 0.1, .momentum = 0.9}), {0.8, 0.46, 0.062}, 1e-14);
}

TEST_CASE("optim: nesterov first steps by hand (p -= lr*(g + mu*buf))") {
  // buf 2, p = 1 - .1*(2 + 1.8) = .62; g 1.24, buf 3.04, p = .62 - .1*(1.24 + 2.736) = .2224;
  // g .4448, buf 3.1808, p = .2224 - .1*(.4448 + 2.86272) = -.108352
  check_close(three_steps({.kind = OptimizerKind::Nesterov, .lr = 0.1, .momentum = 0.9}), {0.62, 0.2224, -0.108352},
              1e-14);
}

TEST_CASE("optim: adagrad first steps by hand") {
  const double lr = 0.5, eps = 1e-10;
  const double p1 = 1 - lr * 2 / (std::sqrt(4.0) + eps);  // sum 4
  const double g1 = 2 * p1, s1 = 4 + g1 * g1;
  const double p2 = p1 - lr * g1 / (std::sqrt(s1) + eps);
  const double g2 = 2 * p2, s2 = s1 + g2 * g2;
  const double p3 = p2 - lr * g2 / (std::sqrt(s2) + eps);
  CHECK(std::fabs(p1 - 0.5) < 1e-9);  // the first AdaGrad step is lr * sign(g)
  check_close(three_steps({.kind = OptimizerKind::AdaGrad, .lr = lr, .eps = eps}), {p1, p2, p3}, 1e-14);
}

TEST_CASE("optim: rmsprop first steps by hand") {
  const double lr = 0.01, a = 0.9, eps = 1e-8;
  const double q0 = 0.1 * 4;  // (1-a) g^2
  const double p1 = 1 - lr * 2 / (std::sqrt(q0) + eps);
  const double g1 = 2 * p1, q1 = a * q0 + 0.1 * g1 * g1;
  const double p2 = p1 - lr * g1 / (std::sqrt(q1) + eps);
  const double g2 = 2 * p2, q2 = a * q1 + 0.1 * g2 * g2;
  const double p3 = p2 - lr * g2 / (std::sqrt(q2) + eps);
  check_close(three_steps({.kind = OptimizerKind::RMSProp, .lr = lr, .alpha = a, .eps = eps}), {p1, p2, p3}, 1e-14);
}

TEST_CASE("optim: adam first steps by hand") {
  // Kingma & Ba's Algorithm 1 with its bias-corrected m-hat and v-hat (torch's arrangement is the
  // same expression, rounded in another order).
  const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  double p = 1, m = 0, v = 0;
  std::vector<double> want;
  for (int t = 1; t <= 3; ++t) {
    const double g = 2 * p;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const double mhat = m / (1 - std::pow(b1, t)), vhat = v / (1 - std::pow(b2, t));
    p -= lr * mhat / (std::sqrt(vhat) + eps);
    want.push_back(p);
  }
  CHECK(std::fabs(want[0] - 0.9) < 1e-8);  // the first Adam step is lr * sign(g)
  check_close(three_steps({.kind = OptimizerKind::Adam, .lr = lr, .beta1 = b1, .beta2 = b2, .eps = eps}), want, 1e-14);
}

TEST_CASE("optim: float and double agree (SIMD float path vs scalar double)") {
  // 37 parameters (not a multiple of any vector width) on f = sum_i l_i p_i^2 / 2, l_i in [0.5, 2].
  const size_t n = 37;
  Rng rng(7);
  std::vector<double> l(n), p0(n);
  for (size_t i = 0; i < n; ++i) l[i] = rng.uniform(0.5, 2.0), p0[i] = rng.uniform(-1, 1);
  for (OptimizerKind kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Nesterov,
                             OptimizerKind::AdaGrad, OptimizerKind::RMSProp, OptimizerKind::Adam}) {
    CAPTURE(optimizer_name(kind));
    const OptimizerDesc desc{.kind = kind, .lr = kind == OptimizerKind::AdaGrad ? 0.1 : 0.05};
    Optimizer<float> of(desc, n);
    Optimizer<double> od(desc, n);
    std::vector<float> pf(p0.begin(), p0.end()), gf(n);
    std::vector<double> pd = p0, gd(n);
    for (int k = 0; k < 50; ++k) {
      for (size_t i = 0; i < n; ++i) gf[i] = float(l[i]) * pf[i], gd[i] = l[i] * pd[i];
      of.step(pf.data(), gf.data());
      od.step(pd.data(), gd.data());
    }
    double worst = 0;
    for (size_t i = 0; i < n; ++i) worst = std::max(worst, std::fabs(double(pf[i]) - pd[i]));
    CHECK(worst < 1e-5);  // float rounding accumulated over 50 steps on values of order 1
    CHECK(of.steps() == 50);
  }
}

TEST_CASE("optim: reset zeroes the state and keeps the hyper-parameters") {
  for (OptimizerKind kind : {OptimizerKind::Momentum, OptimizerKind::Nesterov, OptimizerKind::AdaGrad,
                             OptimizerKind::RMSProp, OptimizerKind::Adam}) {
    CAPTURE(optimizer_name(kind));
    Optimizer<double> used({.kind = kind, .lr = 0.05}, 2);
    used.hyper().lr = 0.03;
    double p[2] = {1, -2};
    for (int k = 0; k < 5; ++k) {
      const double g[2] = {2 * p[0], 3 * p[1]};
      used.step(p, g);
    }
    used.reset();
    CHECK(used.steps() == 0);
    CHECK(used.hyper().lr == 0.03);
    Optimizer<double> fresh({.kind = kind, .lr = 0.03}, 2);
    double a[2] = {0.5, 0.25}, b[2] = {0.5, 0.25};
    for (int k = 0; k < 4; ++k) {
      const double ga[2] = {2 * a[0], 3 * a[1]}, gb[2] = {2 * b[0], 3 * b[1]};
      used.step(a, ga);
      fresh.step(b, gb);
    }
    CHECK(a[0] == b[0]);  // bit-identical: same state, same arithmetic
    CHECK(a[1] == b[1]);
  }
}

TEST_CASE("optim: defaults, names and validation") {
  const OptimizerDesc adam = optimizer_defaults(OptimizerKind::Adam);
  CHECK(adam.lr == 1e-3);
  CHECK(adam.beta1 == 0.9);
  CHECK(adam.beta2 == 0.999);
  CHECK(adam.eps == 1e-8);
  const OptimizerDesc rms = optimizer_defaults(OptimizerKind::RMSProp);
  CHECK(rms.lr == 0.01);
  CHECK(rms.alpha == 0.99);
  CHECK(rms.eps == 1e-8);
  const OptimizerDesc ada = optimizer_defaults(OptimizerKind::AdaGrad);
  CHECK(ada.lr == 0.01);
  CHECK(ada.eps == 1e-10);
  const OptimizerDesc mom = optimizer_defaults(OptimizerKind::Nesterov);
  CHECK(mom.lr == 0.01);
  CHECK(mom.momentum == 0.9);
  CHECK(OptimizerDesc{}.lr == 0.01);
  // A value given is kept, zero included: an Optimizer never replaces a zero by a default.
  CHECK(Optimizer<float>({.kind = OptimizerKind::Momentum, .momentum = 0}, 3).hyper().momentum == 0.0);
  CHECK(Optimizer<float>({.kind = OptimizerKind::Adam, .beta1 = 0}, 3).hyper().beta1 == 0.0);

  for (OptimizerKind kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Nesterov,
                             OptimizerKind::AdaGrad, OptimizerKind::RMSProp, OptimizerKind::Adam}) {
    Result<OptimizerKind> r = parse_optimizer(optimizer_name(kind));
    REQUIRE(r.ok());
    CHECK(*r == kind);
  }
  CHECK(parse_optimizer("ADAM").ok());
  const Result<OptimizerKind> bad = parse_optimizer("adamw");
  REQUIRE(!bad.ok());
  CHECK(bad.status().code == ErrorCode::Usage);
  CHECK(bad.status().message.find("adamw") != std::string::npos);

  CHECK(validate_optimizer({.kind = OptimizerKind::Adam}).is_ok());
  CHECK(validate_optimizer({.kind = OptimizerKind::SGD, .lr = -1}).code == ErrorCode::Usage);
  CHECK(validate_optimizer({.kind = OptimizerKind::Momentum, .momentum = 1.0}).code == ErrorCode::Usage);
  CHECK(validate_optimizer({.kind = OptimizerKind::RMSProp, .alpha = 1.5}).code == ErrorCode::Usage);
  CHECK(validate_optimizer({.kind = OptimizerKind::Adam, .beta2 = -0.1}).code == ErrorCode::Usage);
  CHECK(validate_optimizer({.kind = OptimizerKind::Adam, .lr = NAN}).code == ErrorCode::Usage);
}

namespace {

Result<nlohmann::json> load_json(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error(ErrorCode::NotFound, path + ": cannot open (run tests/torch/optim_reference.py)");
  std::string text;
  char buf[65536];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  std::fclose(f);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(ErrorCode::Corrupt, path + ": not valid JSON");
  return j;
}

double get_or_zero(const nlohmann::json& obj, const char* key) {
  return obj.contains(key) ? obj[key].get<double>() : 0.0;
}

}  // namespace

// Every point (x, y and loss) of run_trajectory against torch.optim, float64, 100 steps each.
// Tolerance: |descent - torch| <= 1e-12 * max(1, |torch|) (the project's bar is 1e-6; what is
// reached is ~1e-13, the difference being only the rounding order of the gradient and updates).
TEST_CASE("optim: run_trajectory matches torch.optim on every surface and optimizer") {
  Result<nlohmann::json> loaded = load_json(std::string(DESCENT_TEST_DATA_DIR) + "/torch_trajectories.json");
  REQUIRE_MESSAGE(loaded.ok(), loaded.status().message);
  const nlohmann::json& doc = *loaded;
  const int steps = doc["steps"].get<int>();
  const nlohmann::json& cases = doc["cases"];
  REQUIRE(cases.size() >= 60);
  double worst = 0;
  std::string worst_case;
  int reported = 0;
  for (const nlohmann::json& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    Result<SurfaceKind> surface_kind = parse_surface(c["surface"].get<std::string>());
    Result<OptimizerKind> opt_kind = parse_optimizer(c["optimizer"].get<std::string>());
    REQUIRE(surface_kind.ok());
    REQUIRE(opt_kind.ok());
    SurfaceDesc surface{.kind = *surface_kind};
    if (c.contains("eigen")) {
      surface.eigen_a = c["eigen"][0].get<double>();
      surface.eigen_b = c["eigen"][1].get<double>();
      surface.rotation = c["rotation"].get<double>();
    }
    const nlohmann::json& h = c["hyper"];
    OptimizerDesc desc = optimizer_defaults(*opt_kind);
    if (!c["defaults"].get<bool>()) {
      desc.lr = get_or_zero(h, "lr");
      desc.momentum = get_or_zero(h, "momentum");
      desc.alpha = get_or_zero(h, "alpha");
      desc.beta1 = get_or_zero(h, "beta1");
      desc.beta2 = get_or_zero(h, "beta2");
      desc.eps = get_or_zero(h, "eps");
    } else {
      // Descent's defaults must be exactly the values torch used.
      const OptimizerDesc& r = desc;
      CHECK(r.lr == get_or_zero(h, "lr"));
      if (h.contains("momentum")) CHECK(r.momentum == h["momentum"].get<double>());
      if (h.contains("alpha")) CHECK(r.alpha == h["alpha"].get<double>());
      if (h.contains("beta1")) CHECK(r.beta1 == h["beta1"].get<double>());
      if (h.contains("beta2")) CHECK(r.beta2 == h["beta2"].get<double>());
      if (h.contains("eps")) CHECK(r.eps == h["eps"].get<double>());
    }
    const Trajectory t =
        run_trajectory(surface, desc, c["start"][0].get<double>(), c["start"][1].get<double>(), steps);
    CHECK(!t.diverged);
    REQUIRE(t.points.size() == size_t(steps) + 1);
    REQUIRE(c["x"].size() == t.points.size());
    for (size_t k = 0; k < t.points.size(); ++k) {
      const double want[3] = {c["x"][k].get<double>(), c["y"][k].get<double>(), c["loss"][k].get<double>()};
      const double got[3] = {t.points[k].x, t.points[k].y, t.points[k].loss};
      for (int i = 0; i < 3; ++i) {
        const double err = std::fabs(got[i] - want[i]) / std::max(1.0, std::fabs(want[i]));
        if (err > worst) worst = err, worst_case = name + " step " + std::to_string(k);
        if (!(err <= 1e-12) && ++reported <= 10) {
          static const char* const field[3] = {"x", "y", "loss"};
          char line[160];
          std::snprintf(line, sizeof line, "%s step %zu %s: descent %.17g, torch %.17g", name.c_str(), k, field[i],
                        got[i], want[i]);
          FAIL_CHECK(line);
        }
      }
    }
  }
  MESSAGE("worst mixed error against torch: " << worst << " (" << worst_case << ")");
  CHECK(worst <= 1e-12);
}

// The lecture's momentum m = a*m + lr*g; W -= m and torch's buf = mu*buf + g; W -= lr*buf give the
// same iterates while lr is constant (m = lr*buf) and part ways once lr changes (momentum.h).
TEST_CASE("optim: lecture momentum form equals torch form for constant lr only") {
  auto lecture = [](double lr_before, double lr_after, int switch_at) {
    double w = 1, m = 0;
    for (int k = 0; k < 20; ++k) {
      const double lr = k < switch_at ? lr_before : lr_after;
      m = 0.9 * m + lr * (2 * w);
      w -= m;
    }
    return w;
  };
  auto torch_form = [](double lr_before, double lr_after, int switch_at) {
    Optimizer<double> opt({.kind = OptimizerKind::Momentum, .lr = lr_before, .momentum = 0.9}, 1);
    double w = 1;
    for (int k = 0; k < 20; ++k) {
      opt.hyper().lr = k < switch_at ? lr_before : lr_after;
      const double g = 2 * w;
      opt.step(&w, &g);
    }
    return w;
  };
  CHECK(std::fabs(lecture(0.05, 0.05, 0) - torch_form(0.05, 0.05, 0)) < 1e-14);
  CHECK(std::fabs(lecture(0.05, 0.01, 10) - torch_form(0.05, 0.01, 10)) > 1e-4);
}
