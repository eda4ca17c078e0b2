// test_nn.cpp: the classifier's pieces against independent references: closed-form losses, naive
// loops, the WORKLOADS.md initialisation values, and central differences (the gradient check).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/nn/gradcheck.h"
#include "core/nn/network.h"
#include "core/nn/softmax_loss.h"
#include "core/nn/svm_loss.h"
#include "core/rng.h"

using namespace descent;

namespace {
// Random (N, D) inputs and labels in [0, C).
void random_batch(int N, int D, int C, uint32_t seed, Matrix<double>& X, std::vector<int>& y) {
  Rng rng(seed);
  X = Matrix<double>(N, D);
  for (double& v : X.data) v = rng.uniform(-1.0, 1.0);
  y.resize(size_t(N));
  for (int& c : y) c = int(rng.below(uint32_t(C)));
}

double max_error(const std::vector<GradCheckRow>& rows) {
  double e = 0;
  for (const GradCheckRow& r : rows) e = std::max(e, r.max_rel_error);
  return e;
}
}  // namespace

TEST_CASE("nn: mulberry32 matches the WORKLOADS.md sequence for seed 42") {
  Rng rng(42);
  const uint32_t expected[] = {2581720956u, 1925393290u, 3661312704u, 2876485805u, 750819978u};
  for (uint32_t e : expected) CHECK(rng.next_u32() == e);
}

TEST_CASE("nn: Xavier init reproduces the W1 cross-check weights") {
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {128};
  d.init = InitKind::Xavier;
  Network<float> net(d, 784, 10);
  net.init(42);
  // WORKLOADS.md: W0[0][0..3] over the (in, out) matrix; Descent stores (out, in).
  const float* W = net.layer(0).weight;
  const float expected[] = {0.01640119f, -0.00838838f, 0.0571775f, 0.02753449f};
  for (int j = 0; j < 4; ++j) CHECK(W[j * 784] == doctest::Approx(expected[j]).epsilon(1e-6));
  CHECK(net.params().size() == size_t(784 * 128 + 128 + 128 * 10 + 10));
  CHECK(net.params().tensors[2].name == "W2");
}

TEST_CASE("nn: He init bound is sqrt(6/fan_in) and biases start at zero") {
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {50};
  Network<float> net(d, 20, 3);
  net.init(7);
  const float bound = std::sqrt(6.0f / 20.0f);
  float maxabs = 0;
  for (int i = 0; i < 50 * 20; ++i) maxabs = std::max(maxabs, std::fabs(net.layer(0).weight[i]));
  CHECK(maxabs <= bound);
  CHECK(maxabs > 0.9f * bound);  // 1000 uniform draws reach the edge
  for (int i = 0; i < 50; ++i) CHECK(net.layer(0).bias[i] == 0.0f);
}

TEST_CASE("nn: torch init is nn.Linear's reset: W and b from U(-1/sqrt(in), 1/sqrt(in)), W then b per layer") {
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {40};
  d.init = InitKind::Torch;
  Network<double> net(d, 25, 3);
  net.init(11);
  // Bounds and moments: 1000 weights of layer 1 (in 25: stdv 0.2), 40 biases; 120 + 3 in layer 2
  // (in 40: stdv 0.158). A uniform on (-s, s) has mean 0 and variance s^2/3.
  const double s1 = 1.0 / std::sqrt(25.0), s2 = 1.0 / std::sqrt(40.0);
  double maxabs = 0, sum = 0, sq = 0;
  for (int i = 0; i < 40 * 25; ++i) {
    const double w = net.layer(0).weight[i];
    maxabs = std::max(maxabs, std::fabs(w));
    sum += w;
    sq += w * w;
  }
  CHECK(maxabs <= s1);
  CHECK(maxabs > 0.99 * s1);                                   // 1000 draws reach within 1% of the edge
  CHECK(std::fabs(sum / 1000) < 4 * s1 / std::sqrt(3.0 * 1000));  // 4 standard errors of the mean
  CHECK(sq / 1000 == doctest::Approx(s1 * s1 / 3).epsilon(0.1));
  int nonzero_bias = 0;
  for (int j = 0; j < 40; ++j) {
    CHECK(std::fabs(net.layer(0).bias[j]) <= s1);
    nonzero_bias += net.layer(0).bias[j] != 0.0;
  }
  CHECK(nonzero_bias == 40);  // unlike He/Xavier, the biases are drawn too
  for (int i = 0; i < 3 * 40; ++i) CHECK(std::fabs(net.layer(1).weight[i]) <= s2);
  for (int j = 0; j < 3; ++j) CHECK(std::fabs(net.layer(1).bias[j]) <= s2);
  // Draw order: one stream, W1 in its stored (out, in) order, b1, W2, b2; each value rounded to
  // float first (so float and double networks start equal).
  Rng rng(11);
  auto draw = [&](double stdv) { return double(float(rng.uniform(-stdv, stdv))); };
  for (int i = 0; i < 40 * 25; ++i) REQUIRE(net.layer(0).weight[i] == draw(s1));
  for (int j = 0; j < 40; ++j) REQUIRE(net.layer(0).bias[j] == draw(s1));
  for (int i = 0; i < 3 * 40; ++i) REQUIRE(net.layer(1).weight[i] == draw(s2));
  for (int j = 0; j < 3; ++j) REQUIRE(net.layer(1).bias[j] == draw(s2));
  CHECK(parse_init("torch").value() == InitKind::Torch);
  CHECK(std::string(init_name(InitKind::Torch)) == "torch");
}

TEST_CASE("nn: linear forward equals the naive loop f(x) = Wx + b") {
  ModelDesc d;  // softmax: one linear layer
  Network<double> net(d, 5, 3);
  net.init(3);
  for (int c = 0; c < 3; ++c) net.params().value_of(1)[c] = 0.1 * (c + 1);
  Matrix<double> X;
  std::vector<int> y;
  random_batch(4, 5, 3, 11, X, y);
  const Matrix<double>& S = net.forward(X.ptr(), 4);
  for (int n = 0; n < 4; ++n)
    for (int c = 0; c < 3; ++c) {
      double s = net.layer(0).bias[c];
      for (int j = 0; j < 5; ++j) s += net.layer(0).weight[c * 5 + j] * X(n, j);
      CHECK(S(n, c) == doctest::Approx(s).epsilon(1e-14));
    }
}

TEST_CASE("nn: softmax cross-entropy closed forms") {
  const double S[] = {1, 2, 3, 0, 0, 0};
  const int y[] = {2, 1};
  double dS[6];
  const double loss = SoftmaxCrossEntropy::forward_backward(S, y, 2, 3, dS);
  const double l0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3.0;
  CHECK(loss == doctest::Approx((l0 + std::log(3.0)) / 2).epsilon(1e-14));
  CHECK(dS[3] == doctest::Approx(1.0 / 6).epsilon(1e-14));   // (1/3 - 0) / N
  CHECK(dS[4] == doctest::Approx(-1.0 / 3).epsilon(1e-14));  // (1/3 - 1) / N
}

TEST_CASE("nn: multiclass SVM loss on the lecture's three examples is (2.9 + 0 + 12.9) / 3") {
  // cat, car, frog scores for classes (cat, car, frog); the lecture's worked example.
  const double S[] = {3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1};
  const int y[] = {0, 1, 2};
  double dS[9];
  MulticlassSvmLoss svm;
  CHECK(svm.forward_backward(S, y, 3, 3, dS) == doctest::Approx((2.9 + 0.0 + 12.9) / 3.0).epsilon(1e-12));
  // Cat: only the car margin is active: d = (-1, 1, 0) / 3. Frog: both wrong classes active.
  CHECK(dS[0] == doctest::Approx(-1.0 / 3));
  CHECK(dS[1] == doctest::Approx(1.0 / 3));
  CHECK(dS[2] == 0.0);
  CHECK(dS[8] == doctest::Approx(-2.0 / 3));
}

TEST_CASE("nn: regularisers equal their closed forms") {
  const double W[] = {1.0, -2.0, 0.0, 0.5};
  double g[4] = {0, 0, 0, 0};
  RegularizerDesc l2{Regularizer::L2, 0.1, 0.5};
  CHECK(regularize(l2, W, g, 4) == doctest::Approx(0.1 * 5.25));
  CHECK(g[1] == doctest::Approx(0.1 * 2 * -2.0));
  double g1[4] = {0, 0, 0, 0};
  RegularizerDesc l1{Regularizer::L1, 0.1, 0.5};
  CHECK(regularize(l1, W, g1, 4) == doctest::Approx(0.1 * 3.5));
  CHECK(g1[1] == doctest::Approx(-0.1));
  CHECK(g1[2] == 0.0);  // subgradient 0 at the kink
  double g2[4] = {0, 0, 0, 0};
  RegularizerDesc el{Regularizer::Elastic, 0.1, 0.5};
  CHECK(regularize(el, W, g2, 4) == doctest::Approx(0.1 * (0.5 * 5.25 + 3.5)));
  CHECK(g2[0] == doctest::Approx(0.1 * (0.5 * 2 * 1.0 + 1.0)));
}

TEST_CASE("nn: gradient check passes below 1e-6 on smooth models") {
  Matrix<double> X;
  std::vector<int> y;
  random_batch(8, 6, 4, 5, X, y);
  struct Case { const char* name; ModelDesc desc; };
  ModelDesc softmax_l2;
  softmax_l2.reg = {Regularizer::L2, 0.05, 0.5};
  ModelDesc tanh_mlp;
  tanh_mlp.kind = ModelKind::MLP;
  tanh_mlp.hidden = {7, 5};
  tanh_mlp.activation = kernels::Activation::Tanh;
  tanh_mlp.reg = {Regularizer::L2, 0.01, 0.5};
  ModelDesc sigmoid_mlp = tanh_mlp;
  sigmoid_mlp.activation = kernels::Activation::Sigmoid;
  ModelDesc tanh_dropout = tanh_mlp;
  tanh_dropout.dropout = 0.3;
  for (const Case& c : {Case{"softmax+l2", softmax_l2}, Case{"tanh mlp", tanh_mlp}, Case{"sigmoid mlp", sigmoid_mlp},
                        Case{"tanh mlp + dropout", tanh_dropout}}) {
    CAPTURE(c.name);
    Network<double> net(c.desc, 6, 4);
    net.init(9);
    const std::vector<double> before = net.params().value;
    const auto rows = gradient_check(net, X, y, {});
    CHECK(rows.size() == net.params().tensors.size());
    CHECK(max_error(rows) < 1e-6);
    for (const GradCheckRow& r : rows) {
      CHECK(r.kinks_skipped == 0);
      CHECK(r.checked == int(net.params().tensors[size_t(net.params().find(r.param))].size()));
    }
    CHECK(net.params().value == before);  // restored
  }
}

TEST_CASE("nn: gradient check with kinks (ReLU, hinge, L1) skips only straddling coordinates") {
  Matrix<double> X;
  std::vector<int> y;
  random_batch(10, 5, 3, 21, X, y);
  ModelDesc relu;
  relu.kind = ModelKind::MLP;
  relu.hidden = {8};
  relu.reg = {Regularizer::Elastic, 0.01, 0.5};
  ModelDesc svm;
  svm.kind = ModelKind::SVM;
  svm.reg = {Regularizer::L1, 0.02, 0.5};
  for (const ModelDesc& d : {relu, svm}) {
    Network<double> net(d, 5, 3);
    net.init(4);
    const auto rows = gradient_check(net, X, y, {});
    CHECK(max_error(rows) < 1e-6);
    int checked = 0;
    for (const GradCheckRow& r : rows) checked += r.checked;
    CHECK(checked > int(net.params().size()) / 2);  // most coordinates are away from kinks
  }
}

TEST_CASE("nn: gradient check fails when the difference quotient is not the derivative") {
  // A huge step makes the central difference wrong by O(h^2 times the third derivative), so the check must say so.
  Matrix<double> X;
  std::vector<int> y;
  random_batch(6, 4, 3, 2, X, y);
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {5};
  d.activation = kernels::Activation::Tanh;
  Network<double> net(d, 4, 3);
  net.init(1);
  GradCheckDesc coarse;
  coarse.h = 0.5;
  const auto rows = gradient_check(net, X, y, coarse);
  CHECK(max_error(rows) > 1e-4);
  bool any_failed = false;
  for (const GradCheckRow& r : rows) any_failed = any_failed || !r.passed;
  CHECK(any_failed);
}

TEST_CASE("nn: dropout is inverted, training-only and seeded") {
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {2000};
  d.activation = kernels::Activation::Sigmoid;
  d.dropout = 0.25;
  Network<float> net(d, 3, 2);
  net.init(5);
  std::vector<float> X = {0.5f, -0.25f, 1.0f};
  net.forward(X.data(), 1);
  const Matrix<float> clean = net.activation(0);
  Rng rng(77);
  net.forward(X.data(), 1, &rng);
  // activation(0) is before dropout; evaluation and training agree there.
  for (int j = 0; j < 2000; ++j) CHECK(net.activation(0)(0, j) == clean(0, j));
  // Scores differ between modes, and two runs with the same seed agree exactly.
  Rng a(3), b(3);
  const Matrix<float> s1 = net.forward(X.data(), 1, &a);
  const Matrix<float> s2 = net.forward(X.data(), 1, &b);
  CHECK(s1.data == s2.data);
  const Matrix<float> s0 = net.forward(X.data(), 1);
  CHECK(s0.data != s1.data);
}

TEST_CASE("nn: the incremental gradient checker equals the one-shot check and samples coordinates") {
  Matrix<double> X;
  std::vector<int> y;
  random_batch(5, 6, 3, 8, X, y);
  ModelDesc d;
  d.kind = ModelKind::MLP;
  d.hidden = {9};
  d.activation = kernels::Activation::Sigmoid;
  Network<double> net(d, 6, 3);
  net.init(2);
  GradCheckDesc desc;
  desc.max_per_tensor = 20;
  const auto whole = gradient_check(net, X, y, desc);
  GradientChecker checker(net, X, y, desc);
  CHECK(checker.total_coords() == size_t(20 + 9 + 20 + 3));
  int calls = 0;
  while (checker.advance(7)) ++calls;
  CHECK(calls == (52 + 6) / 7 - 1);
  CHECK(checker.progress() == 1.0);
  REQUIRE(checker.rows().size() == whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    CHECK(checker.rows()[i].max_rel_error == whole[i].max_rel_error);
    CHECK(checker.rows()[i].checked == whole[i].checked);
    CHECK(checker.rows()[i].passed);
  }
  CHECK(checker.samples()[0].size() == 12);
}
