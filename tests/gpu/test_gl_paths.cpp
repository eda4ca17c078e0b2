// test_gl_paths.cpp: what the GL device is for, against the CPU path: an MLP trained 100 steps on
// the GPU and on the CPU from the same seed (every loss within 1e-4 relative), kNN predictions and
// accuracies identical on Fashion-MNIST images, the loss-landscape grid within 1e-5 relative.
// Data: the first images of Debian's dataset-fashion-mnist (scripts/setup.sh installs it).
#include <doctest/doctest.h>

#include <memory>

#include "core/data/registry.h"
#include "tests/compute_checks.h"
#include "tests/gpu/gl_fixture.h"

namespace {

using namespace descent;
using namespace descent::compute;
using descent::gpu::testing::gl_device;

std::shared_ptr<DataSplits> fashion(int train, int test) {
  Result<DataSplits> d = load_dataset({.name = "fashion-mnist", .limit_train = train, .limit_test = test, .val_fraction = 0.1});
  REQUIRE_MESSAGE(d.ok(), d.status().message);
  return std::make_shared<DataSplits>(std::move(*d));
}

std::shared_ptr<DataSplits> spiral(uint32_t seed) {
  Result<DataSplits> d = load_dataset({.name = "spiral", .seed = seed, .points_per_class = 80});
  REQUIRE(d.ok());
  return std::make_shared<DataSplits>(std::move(*d));
}

// Bound for training: 1e-4 relative on every step's loss. Each step's GEMMs and sums round in
// another order than the CPU's (a few u = 6e-8 per value); the differences grow slowly through
// 100 updates of a stable run (measured on llvmpipe: see the MESSAGE lines).
constexpr double kTrainTol = 1e-4;

TEST_CASE("gl: an MLP trained 100 steps on the GPU and the CPU agrees on every loss") {
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {32};
  d.optimizer = {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9};
  d.batch = 32;
  d.seed = 1;
  const double worst = checks::check_training(gl_device(), fashion(2000, 200), d, 100, kTrainTol);
  MESSAGE("784-32-10 MLP, 100 steps of 32 images: largest relative loss difference " << worst);
}

TEST_CASE("gl: training with tanh, dropout, L2 and Adam; the SVM with elastic net and Nesterov") {
  MESSAGE("tanh/dropout/Adam: " << checks::check_training(gl_device(), spiral(2), checks::tanh_dropout_adam(), 40, kTrainTol));
  MESSAGE("svm/elastic/Nesterov: "
          << checks::check_training(gl_device(), spiral(3), checks::svm_elastic(OptimizerKind::Nesterov), 40, kTrainTol));
}

TEST_CASE("gl: kNN predictions on Fashion-MNIST images are identical to the CPU path") {
  auto d = fashion(1500, 100);  // byte images: exact integer distances on both sides
  checks::check_knn(gl_device(), d->train, d->test, {1, 3, 5, 8, 25});
}

TEST_CASE("gl: kNN cross-validation on the device gives the CPU's table") {
  checks::check_knn_cross_validation(gl_device(), fashion(300, 10)->train);
}

TEST_CASE("gl: kNN predictions on 2-D float data are identical to the CPU path") {
  auto d = spiral(5);
  checks::check_knn(gl_device(), d->train, d->test, {1, 5, 9});
}

TEST_CASE("gl: the loss-landscape grid agrees with LossGrid on the CPU") {
  // Bound: 1e-5 relative (the first layer's product regrouped, float sums in another order).
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {32};
  d.model.reg = {Regularizer::L2, 1e-4, 0.5};
  d.batch = 64;
  MESSAGE("784-32-10 MLP, 7x7 grid over 200 images: " << checks::check_plane_losses(gl_device(), fashion(600, 10), d, 200, 7, 1e-5));
  TrainDesc s;
  s.model.kind = ModelKind::SVM;
  s.model.reg = {Regularizer::L1, 1e-3, 0.5};
  s.batch = 32;
  MESSAGE("svm on the spiral, 7x7: " << checks::check_plane_losses(gl_device(), spiral(7), s, 150, 7, 1e-5));
}

}  // namespace
