// test_compute_devices.cpp: the app's device choice without GL (compute_devices.h): gl refused with
// the platform's reason where there is none (the state unchanged); an opener that fails makes gl
// unavailable with its message; the kNN view's final test and the landscape's grid through the
// device path give the cpu path's results (with the CPU device standing in for gl: DeviceKnn on it
// is exact, PlaneLosses within 1e-5 relative, as tests/test_compute.cpp states); each device's time
// is recorded; links leave the device out. tests/gpu runs the same paths on a real GL device.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "core/ui/app.h"
#include "core/ui/command.h"
#include "core/ui/knn_model.h"
#include "core/ui/landscape_model.h"
#include "core/ui/url_state.h"
#include "tests/app/model_fixture.h"

using namespace descent;
using namespace descent::ui;

namespace {

template <class Model>
struct Fixture : testing::ModelFixture<Model> {
  template <class F>
  void frames_while(F more) {
    testing::ModelFixture<Model>::frames_while(more, 0.05, 100000);
  }
};


// The CPU device standing in for gl: the views' device path without a GPU.
ComputeDevices::Opener cpu_standing_in() {
  return [] { return compute::open_device(compute::DeviceKind::CPU); };
}

const char* kData = "data spiral points=80 classes=3 seed=2 k=5";

}  // namespace

TEST_CASE("compute devices: gl is refused with the platform's reason where there is none") {
  ComputeDevices d;
  CHECK(d.available(compute::DeviceKind::CPU));
  CHECK_FALSE(d.available(compute::DeviceKind::GL));
  CHECK(d.check(compute::DeviceKind::GL).message.find("OpenGL 4.3") != std::string::npos);
  REQUIRE(d.get(compute::DeviceKind::CPU).ok());
  CHECK_FALSE(d.get(compute::DeviceKind::GL).ok());

  d.set_gl_unavailable("WebGL2 has no compute shaders: the browser runs the SIMD path", "WebKit WebGL");
  CHECK(d.check(compute::DeviceKind::GL).message == "device=gl: WebGL2 has no compute shaders: the browser runs the SIMD path");
  nlohmann::json s;
  d.state(s);
  CHECK(s["gl_available"] == false);
  CHECK(s["renderer"] == "WebKit WebGL");
  CHECK(s["gl_device"].is_null());

  // An opener that fails once makes gl unavailable from then on, with its message.
  d.set_gl([] { return Result<compute::DevicePtr>(make_error(ErrorCode::NotFound, "OpenGL 3.3 (renderer X): compute shaders need 4.3")); },
           "X");
  CHECK(d.available(compute::DeviceKind::GL));
  Result<compute::ComputeDevice*> g = d.get(compute::DeviceKind::GL);
  REQUIRE_FALSE(g.ok());
  CHECK(g.status().message == "device=gl: OpenGL 3.3 (renderer X): compute shaders need 4.3");
  CHECK_FALSE(d.available(compute::DeviceKind::GL));
  CHECK(d.check(compute::DeviceKind::GL).message == "device=gl: OpenGL 3.3 (renderer X): compute shaders need 4.3");
}

TEST_CASE("compute devices: the kNN view refuses gl without one and keeps its state") {
  Fixture<KnnModel> f;
  REQUIRE(f.run(kData).is_ok());
  f.frames_while([&] { return f.m.regions().busy(); });
  const nlohmann::json before = f.state();
  const Status s = f.run("data device=gl");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("device=gl") != std::string::npos);
  CHECK(s.message.find("OpenGL 4.3") != std::string::npos);
  f.frames_while([&] { return f.m.regions().busy(); });
  CHECK(f.state() == before);
  CHECK(f.state()["settings"]["device"] == "cpu");
}

TEST_CASE("compute devices: the kNN view's final test on the device path equals the cpu's, each timed") {
  Fixture<KnnModel> f;
  f.ctx.devices.set_gl(cpu_standing_in(), "stand-in");
  REQUIRE(f.run(kData).is_ok());
  REQUIRE(f.run("knn test").is_ok());
  f.frames_while([&] { return f.m.test().done < f.m.test().rows; });
  const KnnTestRun cpu = f.m.test();
  REQUIRE(cpu.rows > 0);
  REQUIRE(cpu.done == cpu.rows);
  CHECK(cpu.device == compute::DeviceKind::CPU);

  REQUIRE(f.run("data device=gl").is_ok());
  CHECK(f.state()["settings"]["device"] == "gl");
  REQUIRE(f.run("knn test").is_ok());
  f.frames_while([&] { return f.m.test().done < f.m.test().rows; });
  const KnnTestRun gl = f.m.test();
  CHECK(gl.device == compute::DeviceKind::GL);
  CHECK(gl.done == cpu.done);
  CHECK(gl.correct == cpu.correct);
  CHECK(f.m.test_uses() == 2);
  const nlohmann::json times = f.state()["test_seconds"];
  CHECK(times.contains("cpu"));
  CHECK(times.contains("gl"));
  CHECK(f.m.test_times().label().rfind("last run: cpu ", 0) == 0);

  // Links leave the device out: it names the machine, not the lesson.
  App a(AppConfig{});
  a.context().devices.set_gl(cpu_standing_in(), "stand-in");
  REQUIRE(a.run("view data").is_ok());
  REQUIRE(a.run("data spiral device=gl").is_ok());
  const nlohmann::json st = nlohmann::json::parse(a.state_json());
  CHECK(st["views"]["data"]["settings"]["device"] == "gl");
  CHECK(st["compute"]["gl_available"] == true);
  const std::string link = url_query_from_state(st, nullptr);
  CHECK(link.find("data.data=spiral") != std::string::npos);
  CHECK(link.find("device") == std::string::npos);
}

TEST_CASE("compute devices: the landscape grid on the device path equals the cpu's; the paths stay") {
  Fixture<LandscapeModel> f;
  f.ctx.devices.set_gl(cpu_standing_in(), "stand-in");
  REQUIRE(f.run("landscape data=spiral points=60 model=mlp hidden=8 optimizers=sgd,momentum lr=0.1 batch=16 seed=3")
              .is_ok());
  REQUIRE(f.run("landscape-train 30").is_ok());
  f.frames_while([&] { return f.m.busy() || (f.m.grid() && !f.m.grid()->done()); });
  REQUIRE(f.m.grid());
  REQUIRE(f.m.grid()->done());
  const std::vector<double> cpu = f.m.grid()->values();
  const long steps = f.m.runs()[0].session->steps();

  REQUIRE(f.run("landscape device=gl").is_ok());
  CHECK(f.m.runs()[0].session->steps() == steps);  // only the grid is evaluated again
  f.frames_while([&] { return f.m.grid() && !f.m.grid()->done(); });
  REQUIRE(f.m.grid()->done());
  const std::vector<double>& gl = f.m.grid()->values();
  REQUIRE(gl.size() == cpu.size());
  double worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i) worst = std::max(worst, std::fabs(gl[i] - cpu[i]) / std::fabs(cpu[i]));
  CHECK(worst <= 1e-5);
  const nlohmann::json times = f.state()["grid_seconds"];
  CHECK(times.contains("cpu"));
  CHECK(times.contains("gl"));

  // And gl refused where there is none: nothing changes.
  Fixture<LandscapeModel> g;
  REQUIRE(g.run("landscape data=spiral points=60 model=mlp hidden=8 seed=3").is_ok());
  const Status s = g.run("landscape device=gl lr=0.2");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("device=gl") != std::string::npos);
  CHECK(g.state()["settings"]["lr"] == 0.1);
}

namespace {
// The network view's per-step losses after `steps` steps on `device` (the CPU device stands in for gl).
std::vector<float> network_losses(const std::string& device, int steps, nlohmann::json* state = nullptr) {
  App a(AppConfig{});
  a.context().devices.set_gl(cpu_standing_in(), "stand-in");
  REQUIRE(a.run("view network").is_ok());
  REQUIRE(a.run("network data=spiral points=60 hidden=16 optimizer=momentum lr=0.1 batch=16 dropout=0.2 seed=4 device=" +
                device)
              .is_ok());
  std::vector<float> losses;
  for (int i = 0; i < steps; ++i) {  // one step per command: each step's loss from the state
    REQUIRE(a.run("network step 1").is_ok());
    REQUIRE_FALSE(a.busy());
    const nlohmann::json s = nlohmann::json::parse(a.state_json());
    REQUIRE(s["views"]["network"]["training"]["step"] == i + 1);
    losses.push_back(s["views"]["network"]["training"]["last_loss"].get<float>());
    if (state) *state = s;
  }
  return losses;
}
}  // namespace

TEST_CASE("compute devices: the network view's training on the device path equals the host's, step for step") {
  nlohmann::json st;
  const std::vector<float> cpu = network_losses("cpu", 25);
  const std::vector<float> dev = network_losses("gl", 25, &st);
  REQUIRE(cpu.size() == 25);
  CHECK(dev == cpu);  // the CPU device runs the host's kernels: bit for bit, dropout masks included
  CHECK(st["views"]["network"]["settings"]["device"] == "gl");
  CHECK(st["views"]["network"]["seconds_per_step"].contains("gl"));

  // Without a gl device: refused, nothing changes.
  App b(AppConfig{});
  REQUIRE(b.run("view network").is_ok());
  REQUIRE(b.run("network data=spiral points=60 hidden=16").is_ok());
  const nlohmann::json before = nlohmann::json::parse(b.state_json())["views"]["network"]["settings"];
  const Status s = b.run("network device=gl hidden=8");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("device=gl") != std::string::npos);
  CHECK(nlohmann::json::parse(b.state_json())["views"]["network"]["settings"] == before);
}
