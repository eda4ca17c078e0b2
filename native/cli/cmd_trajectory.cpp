// cmd_trajectory.cpp: `descent trajectory`: an optimizer's path on a 2-parameter surface, one line
// {"step","x","y","loss"} per step from 0 (the start) to --steps. A path that diverges ends with a
// message naming the step (exit 1), after the finite points.
#include <cstdio>
#include <memory>

#include "core/surface/trajectory.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/options.h"

namespace descent::cli {

namespace {
struct TrajectoryFlags {
  std::string surface = "quadratic";
  std::string eigen;   // "a,b"
  double rotation = 0; // degrees
  std::string start;   // "x,y"
  OptimizerFlags optimizer;
  int steps = 100;
};

int run_trajectory(const TrajectoryFlags& f, bool json) {
  Output out{json};
  Result<SurfaceKind> kind = parse_surface(f.surface);
  if (!kind) return usage_error("--surface: " + kind.status().message);
  SurfaceDesc s;
  s.kind = *kind;
  if (!f.eigen.empty()) {
    if (s.kind != SurfaceKind::Quadratic) return usage_error("--eigen applies to --surface quadratic only");
    Result<std::vector<double>> e = parse_doubles("--eigen", f.eigen, 2);
    if (!e) return report(e.status());
    if ((*e)[0] <= 0 || (*e)[1] <= 0) return usage_error("--eigen values must be positive (got '" + f.eigen + "')");
    s.eigen_a = (*e)[0];
    s.eigen_b = (*e)[1];
  }
  s.rotation = f.rotation * 3.14159265358979323846 / 180.0;
  const SurfaceInfo info = surface_info(s);
  double x0 = info.start_x, y0 = info.start_y;
  if (!f.start.empty()) {
    Result<std::vector<double>> p = parse_doubles("--start", f.start, 2);
    if (!p) return report(p.status());
    x0 = (*p)[0];
    y0 = (*p)[1];
  }
  OptimizerFlags of = f.optimizer;
  if (of.lr == 0) of.lr = info.default_lr;
  Result<OptimizerDesc> opt = of.desc();
  if (!opt) return report(opt.status());
  if (f.steps < 0 || f.steps > 10000000) return usage_error("--steps must be in 0..10000000");
  const Trajectory t = run_trajectory(s, *opt, x0, y0, f.steps);
  for (const TrajectoryPoint& p : t.points) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "step %5d  x % .10f  y % .10f  loss %.10g", p.step, p.x, p.y, p.loss);
    out.emit({{"step", p.step}, {"x", p.x}, {"y", p.y}, {"loss", p.loss}}, buf);
  }
  if (t.diverged)
    return report(make_error(ErrorCode::Diverged, "the " + std::string(optimizer_name(opt->kind)) + " path on " +
                                                      info.name + " diverged at step " + std::to_string(t.diverged_step) +
                                                      ": try a smaller --lr than " + std::to_string(opt->lr)));
  return kExitOk;
}
}  // namespace

Runner add_trajectory_command(CLI::App& app) {
  auto flags = std::make_shared<TrajectoryFlags>();
  CLI::App* sub = app.add_subcommand("trajectory", "an optimizer's path on a 2-D loss surface");
  sub->add_option("--surface", flags->surface, "quadratic | rosenbrock | beale | himmelblau | saddle")->capture_default_str();
  sub->add_option("--eigen", flags->eigen, "quadratic eigenvalues a,b (default 1,10)");
  sub->add_option("--rotation", flags->rotation, "quadratic: rotation of the eigenvectors in degrees")->capture_default_str();
  sub->add_option("--start", flags->start, "start point x,y (default: the surface's)");
  flags->optimizer.add_to(*sub, "sgd");
  sub->add_option("--steps", flags->steps, "number of steps")->capture_default_str();
  return [flags](bool json) { return run_trajectory(*flags, json); };
}

}  // namespace descent::cli
