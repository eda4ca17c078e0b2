// test_gl_app_models.cpp: the app's device choice on a real GL device (compute_devices.h; Mesa's
// llvmpipe in CI): the kNN view's final test on gl gives the cpu's correct count exactly (kNN
// predictions are identical on both), the landscape's grid on gl within 1e-5 relative of the cpu's
// (plane_losses.h's bound), each device's time recorded. tests/app runs the same with the CPU
// device standing in for gl.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/ui/app.h"
#include "core/ui/command.h"
#include "core/ui/knn_model.h"
#include "core/ui/landscape_model.h"
#include "native/gpu/gl_device.h"
#include "tests/app/model_fixture.h"

namespace {

using namespace descent;
using namespace descent::ui;

template <class Model>
struct GlAppFixture : testing::ModelFixture<Model> {
  GlAppFixture() { this->ctx.devices.set_gl([] { return gpu::open_gl_device(); }, "headless EGL"); }
  template <class F>
  void frames_while(F more) {
    testing::ModelFixture<Model>::frames_while(more, 0.05, 100000);
  }
};


TEST_CASE("gl app: the kNN view's final test on gl counts what the cpu counts") {
  GlAppFixture<KnnModel> f;
  REQUIRE(f.run("data spiral points=80 classes=3 seed=2 k=5").is_ok());
  REQUIRE(f.run("knn test").is_ok());
  f.frames_while([&] { return f.m.test().done < f.m.test().rows; });
  const KnnTestRun cpu = f.m.test();
  REQUIRE(cpu.done == cpu.rows);
  REQUIRE(f.run("data device=gl").is_ok());
  REQUIRE(f.run("knn test").is_ok());
  f.frames_while([&] { return f.m.test().done < f.m.test().rows; });
  const KnnTestRun gl = f.m.test();
  REQUIRE(gl.done == gl.rows);
  CHECK(gl.device == compute::DeviceKind::GL);
  CHECK(gl.correct == cpu.correct);
  nlohmann::json s;
  f.m.state(s);
  CHECK(s["test_seconds"].contains("gl"));
  CHECK(f.ctx.messages().empty());
}

TEST_CASE("gl app: the landscape grid on gl is the cpu's within 1e-5 relative") {
  GlAppFixture<LandscapeModel> f;
  REQUIRE(f.run("landscape data=spiral points=60 model=mlp hidden=8 optimizers=sgd,momentum lr=0.1 batch=16 seed=3")
              .is_ok());
  REQUIRE(f.run("landscape-train 30").is_ok());
  f.frames_while([&] { return f.m.busy() || (f.m.grid() && !f.m.grid()->done()); });
  REQUIRE(f.m.grid());
  const std::vector<double> cpu = f.m.grid()->values();
  REQUIRE(f.run("landscape device=gl").is_ok());
  f.frames_while([&] { return f.m.grid() && !f.m.grid()->done(); });
  REQUIRE(f.m.grid());
  REQUIRE(f.m.grid()->done());
  double worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i)
    worst = std::max(worst, std::fabs(f.m.grid()->values()[i] - cpu[i]) / std::fabs(cpu[i]));
  MESSAGE("largest relative difference: " << worst);
  CHECK(worst <= 1e-5);
  nlohmann::json s;
  f.m.state(s);
  CHECK(s["grid_seconds"].contains("gl"));
  CHECK(f.ctx.messages().empty());
}

}  // namespace

namespace {

// The network view's per-step losses after `steps` single steps, on `device` ("cpu" or "gl").
std::vector<double> gl_network_losses(const std::string& device, int steps) {
  descent::ui::App a(descent::ui::AppConfig{});
  a.context().devices.set_gl([] { return descent::gpu::open_gl_device(); }, "headless EGL");
  REQUIRE(a.run("view network").is_ok());
  REQUIRE(a.run("network data=spiral points=60 hidden=16 optimizer=momentum lr=0.1 batch=16 dropout=0.2 seed=4 device=" +
                device)
              .is_ok());
  std::vector<double> losses;
  for (int i = 0; i < steps; ++i) {
    REQUIRE(a.run("network step 1").is_ok());
    const nlohmann::json s = nlohmann::json::parse(a.state_json());
    losses.push_back(s["views"]["network"]["training"]["last_loss"].get<double>());
  }
  return losses;
}

TEST_CASE("gl app: the network view trains on gl with the cpu's losses within 1e-4 relative") {
  const std::vector<double> cpu = gl_network_losses("cpu", 30), gl = gl_network_losses("gl", 30);
  REQUIRE(gl.size() == cpu.size());
  double worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i) worst = std::max(worst, std::fabs(gl[i] - cpu[i]) / std::fabs(cpu[i]));
  MESSAGE("largest relative difference over 30 steps: " << worst);
  CHECK(worst <= 1e-4);  // the bound of the GPU training checks (compute_checks.h's check_training)
}

}  // namespace
