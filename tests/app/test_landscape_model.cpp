// test_landscape_model.cpp: the loss-landscape view's model without ImGui or GL (landscape_model.h):
// identical starts, the path's projection, the grid against the loss evaluated directly at the
// plane's points, momentum 0 as plain SGD, errors that leave the state as it was, work over frames.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/ui/command.h"
#include "core/ui/landscape_model.h"
#include "tests/app/model_fixture.h"

using namespace descent;
using namespace descent::ui;

namespace {

struct LandscapeFixture : testing::ModelFixture<LandscapeModel> {
  // Frames of update() with a generous budget until the model is idle and its grid complete.
  void settle(int frames = 5000) {
    frames_while([&] { return m.busy() || (m.grid() && !m.grid()->done()) || m.playing(); }, 0.05, frames);
  }
};


const char* kSmall = "landscape data=spiral points=60 model=mlp hidden=8 optimizers=sgd,momentum lr=0.1 batch=16 seed=3";

}  // namespace

TEST_CASE("landscape model: every optimizer starts from the same weights; the grid is the loss at the plane's points") {
  LandscapeFixture f;
  CHECK(f.m.runs().empty());
  CHECK(f.run("landscape-compute").message == "landscape-compute: train first (landscape-train N)");
  REQUIRE(f.run(kSmall).is_ok());
  REQUIRE(f.run("landscape-train 40").is_ok());
  f.settle();
  REQUIRE_FALSE(f.m.busy());
  const std::vector<LandscapeRun>& runs = f.m.runs();
  REQUIRE(runs.size() == 2);
  for (const LandscapeRun& r : runs) {
    CHECK(r.error.empty());
    CHECK(r.session->steps() == 40);
    // A snapshot every kLandscapeSnapshotEvery steps, the start included.
    CHECK(r.session->trajectory().size() == size_t(40 / kLandscapeSnapshotEvery + 1));
  }
  CHECK(runs[0].session->trajectory().front() == runs[1].session->trajectory().front());  // bit for bit
  CHECK(runs[0].session->step_losses().front() == runs[1].session->step_losses().front());  // same first batch
  CHECK(runs[0].session->step_losses().back() != runs[1].session->step_losses().back());    // different rules

  // The PCA plane is centred on the first run's last weights: its path ends at (0, 0), on the plane.
  REQUIRE(f.m.plane() != nullptr);
  const PlanePoint end = runs[0].projected.back();
  CHECK(std::abs(end.a) < 1e-9);
  CHECK(std::abs(end.b) < 1e-9);
  CHECK(end.off < 1e-9);
  CHECK(runs[0].path_length() > 0.0);

  // The grid, complete, against the loss evaluated directly at theta = center + a d1 + b d2 on the same
  // first rows of the training set (relative 1e-6: float sums in a different order).
  const LossGrid* grid = f.m.grid();
  REQUIRE(grid != nullptr);
  REQUIRE(grid->done());
  CHECK(grid->nx() == kLandscapeGrid);
  const LandscapeSettings& s = f.m.settings();
  DataRequest req = s.data;
  req.seed = s.seed;
  Result<std::shared_ptr<const DataSplits>> d = f.ctx.data(req);
  REQUIRE(d);
  const Dataset& train = (*d)->train;
  const int rows = std::min(kLandscapeEvalRows, train.size());
  Result<Network<float>> net = Network<float>::create(s.model, train.dim(), train.num_classes, rows);
  REQUIRE(net);
  const Plane& p = *f.m.plane();
  for (const std::pair<int, int> cell : {std::pair{0, 0}, {20, 20}, {40, 3}, {7, 33}}) {
    const int i = cell.first, j = cell.second;  // (not a structured binding: clang 14's CAPTURE cannot take one)
    CAPTURE(i);
    CAPTURE(j);
    const double a = grid->a_at(i), b = grid->b_at(j);
    std::vector<float> theta(p.center.size());
    for (size_t k = 0; k < theta.size(); ++k) theta[k] = float(p.center[k] + a * p.d1[k] + b * p.d2[k]);
    net->params().value = theta;
    const double want = net->loss(train.X.ptr(), train.y.data(), rows).total();
    const double got = grid->values()[size_t(j) * size_t(grid->nx()) + size_t(i)];
    CHECK(std::abs(got - want) <= 1e-6 * std::abs(want));
  }
}

TEST_CASE("landscape model: momentum 0 is plain SGD, bit for bit") {
  LandscapeFixture f;
  REQUIRE(f.run(std::string(kSmall) + " momentum=0").is_ok());
  REQUIRE(f.run("landscape-train 30").is_ok());
  f.settle();
  const std::vector<LandscapeRun>& runs = f.m.runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[1].opt.kind == OptimizerKind::Momentum);
  CHECK(runs[1].opt.momentum == 0.0);
  CHECK(runs[0].session->step_losses() == runs[1].session->step_losses());
  CHECK(runs[0].session->network().params().value == runs[1].session->network().params().value);
}

TEST_CASE("landscape model: refused settings leave the runs and the settings as they were") {
  LandscapeFixture f;
  REQUIRE(f.run(kSmall).is_ok());
  REQUIRE(f.run("landscape-train 10").is_ok());
  f.settle();
  const LandscapeSettings before = f.m.settings();
  const float loss = f.m.runs()[0].session->step_losses().back();
  for (const char* bad : {"landscape foo=1", "landscape lr=-1", "landscape optimizers=sgd,bogus", "landscape extra"}) {
    CAPTURE(bad);
    CHECK_FALSE(f.run(bad).is_ok());
    CHECK(f.m.settings().lr == before.lr);
    REQUIRE(f.m.runs().size() == 2);
    CHECK(f.m.runs()[0].session->steps() == 10);
    CHECK(f.m.runs()[0].session->step_losses().back() == loss);
  }
  // A model over the memory budget: refused, with the old settings and the trained runs kept.
  CHECK_FALSE(f.run("landscape hidden=4096,4096,4096,4096,4096,4096,4096,4096 steps=100000").is_ok());
  CHECK(f.m.settings().model.hidden == before.model.hidden);
  REQUIRE(f.m.runs().size() == 2);
  CHECK(f.m.runs()[0].session->steps() == 10);
  CHECK(f.m.runs()[0].session->step_losses().back() == loss);
  CHECK(f.m.grid() != nullptr);
}

TEST_CASE("landscape model: play trains up to the steps target over frames; the plane and the keys") {
  LandscapeFixture f;
  REQUIRE(f.run(std::string(kSmall) + " steps=24").is_ok());
  f.m.play_pause();
  CHECK(f.m.playing());
  f.settle();
  CHECK_FALSE(f.m.playing());
  for (const LandscapeRun& r : f.m.runs()) CHECK(r.session->steps() == 24);
  REQUIRE(f.m.grid() != nullptr);
  const int version = f.m.grid_version();
  f.m.step_once();  // one more step of each, then a new plane and grid
  for (const LandscapeRun& r : f.m.runs()) CHECK(r.session->steps() == 25);
  CHECK(f.m.grid_version() != version);
  // A new plane keeps the trained paths.
  REQUIRE(f.m.set_plane(PlaneMode::Random, 0, 1).is_ok());
  CHECK(f.m.runs()[0].session->steps() == 25);
  CHECK(f.m.settings().plane == PlaneMode::Random);
  nlohmann::json st;
  f.m.state(st);
  CHECK(st["plane"] == "random");
  CHECK(st["optimizers"].size() == 2);
  CHECK(st["optimizers"][0]["step"] == 25);
  f.m.restart();
  CHECK(f.m.runs().empty());
  CHECK(f.m.grid() == nullptr);
}
