// test_session.cpp: the steppable training session: fair comparisons (identical start and batches),
// determinism, divergence handling, and that it actually learns.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "core/data/toy2d.h"
#include "core/train/session.h"

using namespace descent;

namespace {
std::shared_ptr<DataSplits> blobs() {
  auto d = std::make_shared<DataSplits>();
  Toy2dDesc t;
  t.kind = Toy2d::Blobs;
  t.classes = 3;
  t.points_per_class = 60;
  t.noise = 0.5;
  t.seed = 1;
  d->train = make_toy2d(t);
  t.seed = 2;
  d->val = make_toy2d(t);
  t.seed = 3;
  d->test = make_toy2d(t);
  return d;
}

TrainDesc desc_with(OptimizerKind k, double lr) {
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {16};
  d.optimizer = optimizer_defaults(k);
  d.optimizer.lr = lr;
  d.batch = 32;
  d.seed = 5;
  d.trajectory_every = 1;
  return d;
}
}  // namespace

TEST_CASE("session: SGD and momentum start identically and see the same batches") {
  auto data = blobs();
  TrainingSession sgd(data, desc_with(OptimizerKind::SGD, 0.1));
  TrainingSession mom(data, desc_with(OptimizerKind::Momentum, 0.1));
  CHECK(sgd.network().params().value == mom.network().params().value);
  REQUIRE(sgd.step().is_ok());
  REQUIRE(mom.step().is_ok());
  // torch's momentum: buf = g on the first step, so step 1 is exactly an SGD step.
  CHECK(sgd.network().params().value == mom.network().params().value);
  CHECK(sgd.step_losses()[0] == mom.step_losses()[0]);
  REQUIRE(sgd.step().is_ok());
  REQUIRE(mom.step().is_ok());
  // Step 2's loss is measured before step 2's update, on the same batch from the same weights.
  CHECK(sgd.step_losses()[1] == mom.step_losses()[1]);
  CHECK(sgd.network().params().value != mom.network().params().value);
  CHECK(sgd.trajectory().size() == 3);
}

TEST_CASE("session: a run is reproducible from its seed") {
  auto data = blobs();
  TrainDesc d = desc_with(OptimizerKind::Adam, 0.01);
  d.model.dropout = 0.2;
  TrainingSession a(data, d), b(data, d);
  for (int i = 0; i < 20; ++i) {
    REQUIRE(a.step().is_ok());
    REQUIRE(b.step().is_ok());
  }
  CHECK(a.step_losses() == b.step_losses());
  CHECK(a.network().params().value == b.network().params().value);
  d.seed = 6;
  TrainingSession c(data, d);
  CHECK(c.network().params().value != a.trajectory()[0]);
}

TEST_CASE("session: epochs count batches, the last one partial") {
  auto data = blobs();  // 180 training points, batch 32 -> 6 batches (the last of 20)
  TrainingSession s(data, desc_with(OptimizerKind::SGD, 0.1));
  CHECK(s.batches_per_epoch() == 6);
  REQUIRE(s.run_epoch().is_ok());
  CHECK(s.epoch() == 1);
  CHECK(s.steps() == 6);
  REQUIRE(s.epochs().size() == 1);
  double mean = 0;
  for (float l : s.step_losses()) mean += l;
  CHECK(s.epochs()[0].loss == doctest::Approx(mean / 6).epsilon(1e-6));
}

TEST_CASE("session: full-batch gradient descent equals forward_backward plus a manual update") {
  auto data = blobs();
  TrainDesc d = desc_with(OptimizerKind::SGD, 0.5);
  d.batch = 0;
  d.shuffle = false;
  TrainingSession s(data, d);
  Network<float> net = s.network();
  for (int i = 0; i < 3; ++i) {
    REQUIRE(s.step().is_ok());
    const Dataset& t = data->train;
    net.forward_backward(t.X.ptr(), t.y.data(), t.size());
    for (size_t j = 0; j < net.params().size(); ++j) net.params().value[j] -= 0.5f * net.params().grad[j];
  }
  for (size_t j = 0; j < net.params().size(); ++j)
    CHECK(s.network().params().value[j] == doctest::Approx(net.params().value[j]).epsilon(1e-6));
}

TEST_CASE("session: a too-large learning rate is reported as divergence and nothing else changes") {
  auto data = blobs();
  TrainDesc d = desc_with(OptimizerKind::SGD, 1e30);
  TrainingSession s(data, d);
  Status st = Status::ok();
  int guard = 0;
  while (st.is_ok() && ++guard < 100) st = s.step();
  REQUIRE(!st.is_ok());
  CHECK(st.code == ErrorCode::Diverged);
  CHECK(st.message.find("learning rate") != std::string::npos);
  CHECK(s.diverged());
  const long steps = s.steps();
  CHECK(s.step().code == ErrorCode::Diverged);
  CHECK(s.steps() == steps);
}

TEST_CASE("session: an MLP learns the blobs") {
  auto data = blobs();
  TrainingSession s(data, desc_with(OptimizerKind::Momentum, 0.05));
  for (int e = 0; e < 30; ++e) REQUIRE(s.run_epoch().is_ok());
  CHECK(s.epochs().back().train_acc > 0.9);
  CHECK(s.accuracy(data->test) > 0.85);
  CHECK(s.step_losses().back() < s.step_losses().front());
}
