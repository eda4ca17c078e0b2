// model_fixture.h: a view's model (KnnModel, LandscapeModel, ...) driven as the app drives it, with
// no window: an AppContext, the commands it registers, and frames of update() with a stated budget.
// Usage: ModelFixture<KnnModel> f; f.run("data spiral"); f.frames_while([&] { return f.m.busy(); });
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui::testing {

template <class Model>
struct ModelFixture {
  AppContext ctx;
  CommandRegistry reg;
  Model m;
  ModelFixture() {
    m.attach(&ctx);
    m.register_commands(reg);
  }
  Status run(const std::string& line) { return reg.run(line); }
  nlohmann::json state() const {
    nlohmann::json s;
    m.state(s);
    return s;
  }
  // Frames of update() with `budget` seconds each while `more()` holds (at most `frames`); how many.
  template <class F>
  int frames_while(F more, double budget = 0.02, int frames = 200000) {
    ctx.frame_budget = budget;
    int n = 0;
    for (; n < frames && more(); ++n) {
      ctx.start_frame_budget();
      m.update(ctx);
    }
    return n;
  }
};

}  // namespace descent::ui::testing
