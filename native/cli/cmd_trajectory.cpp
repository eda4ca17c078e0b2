// cmd_trajectory.cpp: `descent trajectory`: an optimizer's path on a 2-parameter surface, one line
// {"step","x","y","loss"} per step from 0 (the start) to --steps. A path that diverges ends with a
// message naming the step (exit 1), after the finite points.
#include <cstdio>
#include <memory>

#include "core/optim/optimizer_settings.h"
#include "core/surface/surface_settings.h"
#include "core/surface/trajectory.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/options.h"
#include "native/cli/schema_flags.h"

namespace descent::cli {

namespace {
// The optimizer's learning rate defaults to the rate the lab suggests for the surface and start.
const char* kSuggested = "the surface's suggested rate (the lab's: the surface's default, halved while a "
                         "300-step run diverges)";

const settings::Schema<OptimizerDesc>& help_optimizer_schema() {
  static const settings::Schema<OptimizerDesc> s = optimizer_schema().with_default(
      "lr", [](const OptimizerDesc& d) { return settings::Value::of(optimizer_defaults(d.kind).lr); }, kSuggested);
  return s;
}

struct TrajectoryFlags {
  FlagTexts texts;
};

int run_trajectory(const TrajectoryFlags& f, bool json) {
  Output out{json};
  SurfaceDesc s = surface_schema().defaults();
  TrajectoryRun run = trajectory_run_schema().defaults();
  for (Status st : {apply_flags(surface_schema(), f.texts, s), apply_flags(trajectory_run_schema(), f.texts, run)})
    if (!st) return report(st);
  const SurfaceInfo info = surface_info(s);
  const double x0 = run.start.empty() ? info.start_x : run.start[0];
  const double y0 = run.start.empty() ? info.start_y : run.start[1];
  // Now that the surface and the start are known, lr's default is their suggested rate.
  const settings::Schema<OptimizerDesc> schema = optimizer_schema().with_default(
      "lr", [&](const OptimizerDesc& d) { return settings::Value::of(suggested_lr(d, s, x0, y0)); }, kSuggested);
  OptimizerDesc opt = schema.defaults();
  if (Status st = apply_flags(schema, f.texts, opt); !st) return report(st);
  const int steps = run.steps;
  const Trajectory t = run_trajectory(s, opt, x0, y0, steps);
  for (const TrajectoryPoint& p : t.points) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "step %5d  x % .10f  y % .10f  loss %.10g", p.step, p.x, p.y, p.loss);
    out.emit({{"step", p.step}, {"x", p.x}, {"y", p.y}, {"loss", p.loss}}, buf);
  }
  if (t.diverged)
    return report(make_error(ErrorCode::Diverged, "the " + std::string(optimizer_name(opt.kind)) + " path on " +
                                                      info.name + " diverged at step " + std::to_string(t.diverged_step) +
                                                      ": try a smaller --lr than " + settings::readable_number(opt.lr)));
  return kExitOk;
}
}  // namespace

Runner add_trajectory_command(CLI::App& app) {
  auto flags = std::make_shared<TrajectoryFlags>();
  CLI::App* sub = app.add_subcommand("trajectory", "an optimizer's path on a 2-D loss surface");
  add_flags(*sub, surface_schema(), surface_schema().defaults(), flags->texts);
  add_flags(*sub, help_optimizer_schema(), help_optimizer_schema().defaults(), flags->texts);
  add_flags(*sub, trajectory_run_schema(), trajectory_run_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_trajectory(*flags, json); };
}

}  // namespace descent::cli
