// lab_model.h: what the optimisation lab shows, without any drawing: the surface, the start, the
// optimizers walking it side by side (each a TrajectoryRunner with its colour), play/step/back, the
// momentum theory for the quadratic, exports, the lab's script commands and its state as JSON.
// Not the view: no ImGui, no GL (lab_view.cpp draws it; tests drive it directly, GL-free).
// Usage: LabModel lab; lab.register_commands(registry, save); lab.advance(dt); lab.state(json);
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/settings/schema.h"
#include "core/status.h"
#include "core/surface/trajectory.h"
#include "core/ui/command.h"

namespace descent::ui {

// The lab's settings, described once by lab_schema(): the surface's (surface_settings.h: surface,
// a, b, rotation), the start point (its default: the surface's start) and the play speed. The
// optimizers are a list of OptimizerDesc, each described by optimizer_settings.h.
struct LabSettings {
  SurfaceDesc surface{.kind = SurfaceKind::Quadratic, .eigen_a = 1.0, .eigen_b = 100.0};
  std::vector<double> start;  // x, y
  double speed = 20;          // steps per second while playing
};
const settings::Schema<LabSettings>& lab_schema();

// One optimizer of the comparison. Its colour follows its kind (SGD = series_color(0), momentum =
// series_color(1), ...) unless another run already has that colour.
struct LabRun {
  TrajectoryRunner runner;
  int color_index = 0;
  uint32_t color = 0;  // series_color(color_index), ImU32 layout
  bool announced = false;  // its divergence was already reported (take_events)
};

// Goh's closed forms beside the measured rates, for the quadratic only.
struct LabTheory {
  bool valid = false;  // false unless the surface is the quadratic with positive eigenvalues
  double lmin = 0, lmax = 0, kappa = 0;
  double gd_best_lr = 0, gd_best_rate = 0;
  double momentum_best_lr = 0, momentum_best_mu = 0, momentum_best_rate = 0;
  struct Row {
    int index;              // into runs()
    double predicted = 0;   // NaN for the adaptive kinds
    double measured = 0;    // 0 until enough steps (see measure_rate)
    double steps_to_1e6 = 0;  // predicted steps to shrink the error a millionfold (0 if rate >= 1)
  };
  std::vector<Row> rows;
};

// The rate measured on a run towards p*: the least-squares fit of measured_rate over the second
// half of the steps whose error is still above 1e-10 of the start's (below that, rounding takes
// over). 0 when fewer than 40 points are left to fit (about 80 steps).
double measure_rate(const Trajectory& t, double x_star, double y_star);


class LabModel {
 public:
  static constexpr int kMaxRuns = kMaxComparedOptimizers;
  static constexpr int kMaxSteps = 20000;  // per run; playing pauses there (memory: history per step)

  LabModel();  // quadratic a=1 b=100, SGD and momentum 0.9 at the same lr from surface_info's start

  // ---- settings (every one validated; on error nothing changes) ----
  LabSettings settings() const;
  // Applies `lab key=value ...` (lab_schema()): a new surface kind restarts from its start (unless
  // start= is given) with suggested lrs; new quadratic curvatures or rotation keep the lrs.
  Status apply_settings(const settings::Given& given, const std::string& who);
  // The optimizer table with lr's default the suggested rate for the lab's surface and start.
  settings::Schema<OptimizerDesc> optimizer_table() const;
  Status set_surface(SurfaceKind kind);            // new view box and start; lrs become suggested_lr
  Status set_quadratic(double a, double b, double rotation_deg);  // keeps the lrs
  Status set_start(double x, double y);            // every run restarts there
  // desc's fields as given (optimizer_table().defaults() and apply for defaults; a zero is a zero).
  // The new run catches up to steps().
  Status add_optimizer(const OptimizerDesc& desc);
  // Run index's hyper-parameters as given (its kind stays); applies from the next step.
  Status set_hyper(int index, const OptimizerDesc& desc);
  Status remove_optimizer(int index);
  void clear_optimizers();

  // ---- running ----
  // n more steps for every run (diverged runs stay stopped); returns false at kMaxSteps.
  bool step(int n = 1);
  // n steps back in time for every run (a run that diverged later than that comes back to life).
  void back(int n = 1);
  void reset();                                   // every run back to the start
  void play() { playing_ = true; }
  void pause() { playing_ = false; step_debt_ = 0; }
  Status set_speed(double steps_per_second);      // 0.5 .. 1000
  // While playing: speed*dt steps (fractions carried over; dt clamped to 0.25 s), at most
  // max_steps now. Returns the steps taken. Pauses at kMaxSteps or when every run has diverged.
  int advance(double dt, int max_steps = 2000);

  // ---- reading ----
  const SurfaceDesc& surface() const { return surface_; }
  double rotation_deg() const;
  double start_x() const { return start_x_; }
  double start_y() const { return start_y_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  int steps() const { return step_; }  // steps taken by the lab (every live run is at this step)
  const std::vector<LabRun>& runs() const { return runs_; }
  // Run i's hyper-parameters (resolved); i must be a valid index.
  const OptimizerDesc& hyper(int i) const;
  // Bumped by every change of any trajectory or setting (caches key on it).
  uint64_t version() const { return version_; }
  // Bumped only when the surface or its parameters change (grids, textures, meshes key on it).
  uint64_t surface_version() const { return surface_version_; }
  LabTheory theory() const;
  // Messages about runs that diverged since the last call ("momentum (#1) diverged at step 37: ...").
  std::vector<std::string> take_events();
  // Why run i diverged, in the lecture's words, or "" if it has not.
  std::string divergence_message(int index) const;

  // ---- output ----
  std::string export_csv() const;   // header line, then index,kind,step,x,y,loss per point
  std::string export_json() const;  // surface, start, runs with hyper-parameters and points
  // surface, start, playing, speed, step, optimizers (no screen coordinates: the view adds them),
  // theory (quadratic).
  void state(nlohmann::json& out) const;

  // The lab's commands: surface, eigen, rotation, optimizer, and lab (step, back, reset, play, pause,
  // speed, start, export and key=value settings), with the old words step, back, ... as aliases.
  // `save(name, contents)` receives exports.
  using SaveFn = std::function<void(const std::string& name, const std::string& contents)>;
  void register_commands(CommandRegistry& registry, SaveFn save);
  Status run_optimizer_command(const CommandArgs& args);
  Status run_lab_command(const CommandArgs& args, const SaveFn& save);

 private:
  void touch() { ++version_; }
  void touch_surface() { ++surface_version_; ++version_; }
  int free_color(OptimizerKind kind) const;
  void note_divergences();

  SurfaceDesc surface_;
  double start_x_ = 0, start_y_ = 0;
  std::vector<LabRun> runs_;
  std::vector<std::string> events_;
  int step_ = 0;
  bool playing_ = false;
  double speed_ = 20;
  double step_debt_ = 0;
  uint64_t version_ = 1, surface_version_ = 1;
};

// "#rrggbb" of an ImU32 (R in the low byte).
std::string color_hex(uint32_t color);

}  // namespace descent::ui
