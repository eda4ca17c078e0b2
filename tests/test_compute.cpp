// test_compute.cpp: the ComputeDevice interface on the CPU device (core/compute): every kernel
// against its scalar reference (tests/compute_checks.h, the same checks tests/gpu runs on OpenGL),
// and the paths built on it against the engine's own: a TrainingSession stepped on a device equals the host's
// bit for bit, DeviceKnn predicts exactly what KNearestNeighbor does, PlaneLosses gives LossGrid's
// values to rounding. Also the device setting's names and the registry's answer for GL here.
#include <doctest/doctest.h>

#include "core/compute/cpu_device.h"
#include "core/kernels/simd_target.h"
#include "core/data/registry.h"
#include "tests/compute_checks.h"

namespace {

using namespace descent;
using namespace descent::compute;

std::shared_ptr<DataSplits> spiral(uint32_t seed) {
  Result<DataSplits> d = load_dataset({.name = "spiral", .seed = seed, .points_per_class = 80});
  REQUIRE(d.ok());
  return std::make_shared<DataSplits>(std::move(*d));
}

// Byte images: every value b/255 (the image loaders' form), random, in 4 classes.
Dataset byte_images(int n, int D, uint32_t seed) {
  Dataset d;
  d.X = Matrix<float>(n, D);
  d.y.resize(size_t(n));
  d.num_classes = 4;
  Rng rng(seed);
  for (float& v : d.X.data) v = float(rng.below(8) * 32) / 255.f;  // few levels: many equal distances
  for (int& y : d.y) y = int(rng.below(4));
  return d;
}

TEST_CASE("compute: device names parse both ways, and unknown names say what to use") {
  CHECK(*parse_device("cpu") == DeviceKind::CPU);
  CHECK(*parse_device("GL") == DeviceKind::GL);
  CHECK(std::string(device_name(DeviceKind::GL)) == "gl");
  Result<DeviceKind> bad = parse_device("cuda");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message.find("device must be one of cpu, gl (got 'cuda')") != std::string::npos);
}

TEST_CASE("compute: the cpu device always opens; gl without a registered backend is a clear error") {
  Result<DevicePtr> cpu = open_device(DeviceKind::CPU);
  REQUIRE(cpu.ok());
  CHECK((*cpu)->info().kind == DeviceKind::CPU);
  CHECK((*cpu)->info().renderer.rfind("cpu (", 0) == 0);
  Result<DevicePtr> gl = open_device(DeviceKind::GL);  // the unit suite links no GL backend
  REQUIRE_FALSE(gl.ok());
  CHECK(gl.status().message.find("not part of this build") != std::string::npos);
}

TEST_CASE("compute: cpu device kernels match their scalar references") {
  CpuDevice dev;
  SUBCASE("gemm") { checks::check_gemm(dev); }
  SUBCASE("activations, column sums, multiply") { checks::check_activations(dev); }
  SUBCASE("softmax cross-entropy and hinge") { checks::check_criteria(dev); }
  SUBCASE("penalty and argmax") { checks::check_penalty_and_argmax(dev); }
  // The float kernels fuse fma on the AVX2 and AVX-512 targets; SSE4 and WASM SIMD128 round twice.
  SUBCASE("optimizer updates") { checks::check_updates(dev, std::string(kernels::simd_target_name()).rfind("AVX", 0) == 0); }
  SUBCASE("distances, nearest k, vote") { checks::check_knn_kernels(dev); }
  SUBCASE("plane points") { checks::check_plane_combine(dev); }
  SUBCASE("spans out of bounds are reported") { checks::check_bounds(dev); }
}

TEST_CASE("compute: a session on the cpu device (its steps through a StepBackend) equals TrainingSession bit for bit") {
  CpuDevice dev;
  SUBCASE("MLP, ReLU, momentum, shuffled batches, across an epoch end") {
    TrainDesc d;
    d.model.kind = ModelKind::MLP;
    d.model.hidden = {16};
    d.optimizer = {.kind = OptimizerKind::Momentum, .lr = 0.05, .momentum = 0.9};
    d.batch = 20;
    d.seed = 3;
    checks::check_training(dev, spiral(1), d, 30, 0.0);
  }
  SUBCASE("MLP, tanh, dropout, L2, Adam, lr decay") { checks::check_training(dev, spiral(2), checks::tanh_dropout_adam(), 25, 0.0); }
  SUBCASE("SVM (hinge), elastic net, Nesterov, file order; RMSProp; AdaGrad; SGD") {
    for (OptimizerKind k : {OptimizerKind::Nesterov, OptimizerKind::RMSProp, OptimizerKind::AdaGrad, OptimizerKind::SGD})
      checks::check_training(dev, spiral(3), checks::svm_elastic(k), 20, 0.0);
  }
}

TEST_CASE("compute: a diverging device session stops with the same message as TrainingSession") {
  CpuDevice dev;
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {16};
  d.optimizer = {.kind = OptimizerKind::SGD, .lr = 1e30};
  d.batch = 8;
  auto data = spiral(4);
  TrainingSession cpu(data, d);
  auto gpu = device_session(dev, data, d);
  REQUIRE(gpu.ok());
  Status a, b;
  for (int i = 0; i < 50 && a.is_ok() && b.is_ok(); ++i) {
    a = cpu.step();
    b = (*gpu)->step();
  }
  CHECK(a.code == ErrorCode::Diverged);
  CHECK(b.code == ErrorCode::Diverged);
  CHECK(a.message == b.message);
}

TEST_CASE("compute: DeviceKnn on the cpu device predicts exactly what KNearestNeighbor does") {
  CpuDevice dev;
  SUBCASE("byte images (exact integer distances, many ties)") {
    checks::check_knn(dev, byte_images(500, 30, 1), byte_images(70, 30, 2), {1, 3, 4, 7, 20});
  }
  SUBCASE("byte images trained, queries that are not bytes (the float rows made again from the bytes)") {
    Dataset q = byte_images(40, 30, 9);
    for (int i = 0; i < q.X.rows; ++i) q.X.row(i)[i % 30] += 0.3f / 255.f;  // between two byte values
    checks::check_knn(dev, byte_images(500, 30, 1), q, {1, 3, 7});
  }
  SUBCASE("2-D float data") {
    auto d = spiral(5);
    checks::check_knn(dev, d->train, d->test, {1, 5, 9});
  }
  SUBCASE("cross-validation over the device gives the same table") {
    checks::check_knn_cross_validation(dev, byte_images(240, 16, 4));
  }
  SUBCASE("k beyond the device's limit is a usage error naming it") {
    DeviceKnn knn(dev);
    const Dataset d = byte_images(300, 8, 3);
    REQUIRE(knn.train(d.X, d.y, d.num_classes).is_ok());
    Result<std::vector<int>> r = knn.predict(d.X, 200, Metric::L2);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code == ErrorCode::Usage);
    CHECK(r.status().message.find("at most 128") != std::string::npos);
  }
}

TEST_CASE("compute: PlaneLosses on the cpu device gives LossGrid's values") {
  CpuDevice dev;
  // Bound: 1e-5 relative. The first layer's product is regrouped (X·C^T + a X·D^T + b X·E^T
  // instead of X·(C + aD + bE)^T), which moves each score by a few float roundings of the terms.
  TrainDesc d;
  d.model.kind = ModelKind::MLP;
  d.model.hidden = {10, 6};
  d.model.reg = {Regularizer::L2, 1e-3, 0.5};
  d.batch = 32;
  MESSAGE("largest relative difference: " << checks::check_plane_losses(dev, spiral(6), d, 150, 7, 1e-5));
  d.model.kind = ModelKind::SVM;
  d.model.reg = {Regularizer::L1, 1e-3, 0.5};
  MESSAGE("largest relative difference (svm): " << checks::check_plane_losses(dev, spiral(7), d, 150, 5, 1e-5));
}

}  // namespace
