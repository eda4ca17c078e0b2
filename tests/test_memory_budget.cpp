// test_memory_budget.cpp: the engine's memory estimates against what the code really allocates
// (parameter counts against a built Network, the optimizer's buffers against the per-kind
// difference), the limit (set, environment, parsing), the refusals with their messages (issue
// 13's `--hidden 65536,65536` and `30000,30000,30000` under a 12 GB limit), and every checked
// factory: TrainingSession::create, Network::create, LossGrid::create, KNearestNeighbor::train,
// cross_validate_knn, load_dataset (toy), parse_idx, parse_cifar10.
#include <doctest/doctest.h>

#include <stdlib.h>  // setenv, unsetenv

#include <memory>
#include <string>
#include <vector>

#include "core/data/cifar.h"
#include "core/data/idx.h"
#include "core/data/registry.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "core/landscape/loss_grid.h"
#include "core/memory_budget.h"
#include "core/parallel/thread_pool.h"
#include "core/train/session.h"

using namespace descent;

namespace {

// Sets the limit for one test and puts the default back afterwards.
struct LimitGuard {
  explicit LimitGuard(uint64_t bytes) { set_memory_limit(bytes); }
  ~LimitGuard() { set_memory_limit(0); }
};

bool mentions(const Status& s, const std::string& text) { return s.message.find(text) != std::string::npos; }

ModelDesc mlp(std::vector<int> hidden) {
  ModelDesc m;
  m.kind = ModelKind::MLP;
  m.hidden = std::move(hidden);
  return m;
}

std::shared_ptr<const DataSplits> spiral() {
  Result<DataSplits> d = load_dataset({.name = "spiral", .seed = 1});
  REQUIRE(d.ok());
  return std::make_shared<const DataSplits>(std::move(*d));
}

}  // namespace

TEST_CASE("memory: parameter counts equal a hand count and the built network's") {
  // 2 -> 3 -> 4 -> 5: (2*3 + 3) + (3*4 + 4) + (4*5 + 5) = 9 + 16 + 25.
  CHECK(parameter_count(mlp({3, 4}), 2, 5) == 50);
  ModelDesc softmax;  // 784 -> 10: 7850
  CHECK(parameter_count(softmax, 784, 10) == 7850);
  CHECK(parameter_count(mlp({}), 2, 3) == 2 * 100 + 100 + 100 * 3 + 3);  // the default hidden layer of 100
  for (const ModelDesc& m : {mlp({7, 5}), mlp({1}), softmax}) {
    Network<float> net(m, 13, 4);
    CHECK(parameter_count(m, 13, 4) == net.params().size());
  }
  // 65536,65536 on the spiral: 4.3e9, no overflow.
  CHECK(parameter_count(mlp({65536, 65536}), 2, 3) == 2ull * 65536 + 65536 + 65536ull * 65536 + 65536 + 65536ull * 3 + 3);
}

TEST_CASE("memory: the optimizer's state is 0, 1 or 2 buffers of the parameters") {
  const ModelDesc m = mlp({16, 8});
  const uint64_t P = parameter_count(m, 10, 3);
  const auto bytes = [&](OptimizerKind k) { return training_memory(m, k, 10, 3, 32, 1000).bytes; };
  CHECK(bytes(OptimizerKind::Momentum) - bytes(OptimizerKind::SGD) == P * 4);
  CHECK(bytes(OptimizerKind::RMSProp) - bytes(OptimizerKind::SGD) == P * 4);
  CHECK(bytes(OptimizerKind::Adam) - bytes(OptimizerKind::SGD) == 2 * P * 4);
  // Parameters and gradients at least; activations grow with the batch.
  CHECK(bytes(OptimizerKind::SGD) >= 2 * P * 4);
  CHECK(training_memory(m, OptimizerKind::SGD, 10, 3, 5000, 5000).bytes > bytes(OptimizerKind::SGD));
  // A double network costs twice a float one.
  CHECK(network_memory(m, 10, 3, 64, 8).bytes == 2 * network_memory(m, 10, 3, 64, 4).bytes);
}

TEST_CASE("memory: issue 13's models are refused with the setting, the estimate and the limit") {
  LimitGuard limit(12'000'000'000ull);
  const std::shared_ptr<const DataSplits> data = spiral();
  for (const std::vector<int>& hidden : {std::vector<int>{65536, 65536}, std::vector<int>{30000, 30000, 30000}}) {
    TrainDesc desc;
    desc.model = mlp(hidden);
    desc.optimizer.kind = OptimizerKind::Adam;
    Result<std::unique_ptr<TrainingSession>> s = TrainingSession::create(data, desc);
    REQUIRE_FALSE(s.ok());
    const Status st = s.status();
    INFO(st.message);
    CHECK(st.code == ErrorCode::TooLarge);
    CHECK(mentions(st, hidden.size() == 2 ? "65536,65536" : "30000,30000,30000"));
    CHECK(mentions(st, "needs"));
    CHECK(mentions(st, "Adam"));
    CHECK(mentions(st, "the limit is 12.0 GB"));
  }
  // 65536,65536 with Adam: 4 buffers of 4.295e9 floats, more than 68.7 GB.
  const MemoryEstimate e = training_memory(mlp({65536, 65536}), OptimizerKind::Adam, 2, 3, 64, 270);
  CHECK(e.bytes > 68'700'000'000ull);
  CHECK(e.detail.find("4.3e9 parameters") != std::string::npos);
  // A model that fits is built.
  TrainDesc small;
  small.model = mlp({32, 32});
  Result<std::unique_ptr<TrainingSession>> ok = TrainingSession::create(data, small);
  REQUIRE(ok.ok());
  CHECK((*ok)->step().is_ok());
}

TEST_CASE("memory: the checked factories refuse above the limit and build below it") {
  const std::shared_ptr<const DataSplits> data = spiral();
  {
    LimitGuard limit(1'000'000);  // 1 MB
    CHECK(Network<float>::create(mlp({512, 512}), 2, 3).status().code == ErrorCode::TooLarge);
    CHECK(Network<float>::create(mlp({8}), 2, 3).ok());
    Plane plane;
    plane.center.assign(10, 0.f);
    plane.d1 = plane.d2 = plane.center;
    const LossFn fn = [](const std::vector<float>&) { return 0.0; };
    const Result<LossGrid> big = LossGrid::create(plane, {}, 1000, 1000, fn);  // 8 MB of doubles
    CHECK(big.status().code == ErrorCode::TooLarge);
    CHECK(mentions(big.status(), "1000 x 1000"));
    Result<LossGrid> small = LossGrid::create(plane, {}, 11, 11, fn);
    REQUIRE(small.ok());
    small->advance(1000);
    CHECK(small->done());
    // kNN's copy of 6,000 rows of 784 values (23.5 MB) is far above 1 MB.
    Matrix<float> X(6000, 784);
    std::vector<int> y(6000, 0);
    KNearestNeighbor knn;
    const Status refused = knn.train(X, y, 10);
    CHECK(refused.code == ErrorCode::TooLarge);
    CHECK(knn.size() == 0);  // nothing kept
    CHECK(knn.train(data->train.X, data->train.y, 3).is_ok());
    // Toy data: 16 classes of 100,000 points (58 MB with the split's copy).
    CHECK(load_dataset({.name = "spiral", .points_per_class = 100000, .classes = 16}).status().code == ErrorCode::TooLarge);
    CHECK(load_dataset({.name = "spiral", .points_per_class = 100}).ok());
  }
  {
    // Predictions: per worker a distance block and heaps, and one label per query and k.
    KNearestNeighbor knn;
    REQUIRE(knn.train(data->train.X, data->train.y, 3).is_ok());
    LimitGuard limit(2 * knn_predict_memory(100, 2, 2, 5, parallel::num_threads()).bytes);
    CHECK(knn.check_predict(100, {1, 5}).is_ok());
    CHECK(knn.check_predict(100'000'000, {1, 5}).code == ErrorCode::TooLarge);  // 800 MB of predictions
  }
  {
    LimitGuard limit(200'000);
    Dataset d;
    d.num_classes = 2;
    d.X = Matrix<float>(2000, 4);
    d.y.assign(2000, 0);
    for (int i = 0; i < 2000; i += 2) d.y[size_t(i)] = 1;
    const Result<std::vector<CvCell>> cv = cross_validate_knn(d, {1, 3}, {Metric::L1}, 5, 0);
    CHECK(cv.status().code == ErrorCode::TooLarge);
    CHECK(mentions(cv.status(), "cross-validation"));
  }
}

TEST_CASE("memory: file parsers check the floats they would make against the limit") {
  // 100 images of 28x28: 313,600 bytes of floats, twice with the split's copy.
  std::vector<uint8_t> images = {0, 0, 8, 3, 0, 0, 0, 100, 0, 0, 0, 28, 0, 0, 0, 28};
  images.resize(16 + 100 * 784, 7);
  std::vector<uint8_t> labels = {0, 0, 8, 1, 0, 0, 0, 100};
  labels.resize(8 + 100, 3);
  {
    LimitGuard limit(300'000);
    const Result<Dataset> r = parse_idx(images, labels, "small");
    CHECK(r.status().code == ErrorCode::TooLarge);
    CHECK(mentions(r.status(), "small images"));
    CHECK(mentions(r.status(), "100 examples of 784 values"));
    std::vector<uint8_t> cifar(size_t(kCifarRecordBytes) * 20, 1);
    CHECK(parse_cifar10(cifar, "batch.bin").status().code == ErrorCode::TooLarge);
  }
  CHECK(parse_idx(images, labels, "small").ok());
}

TEST_CASE("memory: the limit comes from set_memory_limit, then DESCENT_MEMORY_LIMIT, then the machine") {
  unsetenv("DESCENT_MEMORY_LIMIT");
  const MemoryLimit def = memory_limit();
  CHECK(def.bytes > 0);
  CHECK(def.source.find("half of") != std::string::npos);
  CHECK(def.source.find("DESCENT_MEMORY_LIMIT") != std::string::npos);
  setenv("DESCENT_MEMORY_LIMIT", "2G", 1);
  CHECK(memory_limit().bytes == (uint64_t(2) << 30));
  CHECK(memory_limit().source == "DESCENT_MEMORY_LIMIT=2G");
  {
    LimitGuard limit(12345);
    CHECK(memory_limit().bytes == 12345);
  }
  setenv("DESCENT_MEMORY_LIMIT", "lots", 1);  // unreadable: the default, not a crash
  CHECK(memory_limit().bytes == def.bytes);
  unsetenv("DESCENT_MEMORY_LIMIT");
}

TEST_CASE("memory: byte sizes parse with binary units, and numbers print readably") {
  CHECK(*parse_byte_size("4G") == (uint64_t(4) << 30));
  CHECK(*parse_byte_size("512M") == (uint64_t(512) << 20));
  CHECK(*parse_byte_size("512 MiB") == (uint64_t(512) << 20));
  CHECK(*parse_byte_size("1.5GB") == (uint64_t(3) << 29));
  CHECK(*parse_byte_size("64k") == 65536);
  CHECK(*parse_byte_size("1000000") == 1000000);
  for (const char* bad : {"", "0", "-1G", "abc", "5X", "nan", "1e30T", "G"}) {
    CAPTURE(bad);
    CHECK(parse_byte_size(bad).status().code == ErrorCode::Usage);
  }
  CHECK(format_bytes(0) == "0 bytes");
  CHECK(format_bytes(1) == "1 byte");
  CHECK(format_bytes(999) == "999 bytes");
  CHECK(format_bytes(1000) == "1.00 kB");
  CHECK(format_bytes(12'000'000'000ull) == "12.0 GB");
  CHECK(format_bytes(68'719'476'736ull) == "68.7 GB");
  CHECK(format_bytes(999'600) == "1.00 MB");
  CHECK(format_bytes(250'000'000) == "250 MB");
  CHECK(format_count(12345) == "12345");
  CHECK(format_count(4'294'967'296ull) == "4.29e9");
  CHECK(format_count(1'000'000) == "1e6");
}

TEST_CASE("memory: estimates saturate instead of wrapping") {
  CHECK(dataset_memory(UINT64_MAX / 2, 1000, 2, 0).bytes == UINT64_MAX);
  CHECK(loss_grid_memory(2'000'000'000, 2'000'000'000, UINT64_MAX / 2).bytes == UINT64_MAX);
  LimitGuard limit(uint64_t(1) << 40);
  CHECK(check_memory("x", {UINT64_MAX, "everything"}, "").code == ErrorCode::TooLarge);
}
