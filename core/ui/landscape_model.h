// landscape_model.h: what the loss-landscape view shows, without any drawing: its settings
// (landscape_settings.h), one training session per optimizer (the same model from the same weights
// on the same mini-batches), each session's weight-space path, the plane through weight space (PCA
// of the paths, filter-normalised random directions, or two chosen weights), the paths projected
// onto it with their distance from it, and the loss over the plane (a LossGrid, evaluated a slice
// at a time). The commands `landscape`, `landscape-train`, `landscape-compute`, busy(), update()
// (training and the grid within the frame's budget) and the state as JSON live here; the view
// (landscape_view.cpp) draws it and adds where it drew the paths. No ImGui, no GL: tests drive it.
// Usage: LandscapeModel m; m.attach(&ctx); m.register_commands(registry);
//        each frame: m.update(ctx);  m.state(json);  m.grid()->values();
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compute/plane_losses.h"
#include "core/landscape/loss_grid.h"
#include "core/landscape/plane.h"
#include "core/nn/network.h"
#include "core/train/session.h"
#include "core/ui/app_context.h"
#include "core/ui/command.h"
#include "core/ui/landscape_settings.h"
#include "core/ui/view_model.h"

namespace descent::ui {

// One optimizer's run: its session (weights, losses, the path: a snapshot every
// kLandscapeSnapshotEvery steps) and the path projected onto the current plane.
struct LandscapeRun {
  OptimizerDesc opt;
  std::unique_ptr<TrainingSession> session;
  std::vector<PlanePoint> projected;
  std::string error;  // the step that failed (a NaN loss: "diverged"); the run stops there

  double max_off_plane() const;  // the largest distance of a path point from the plane
  double path_length() const;    // the path's length in weight space (sum of its segments)
};

constexpr int kLandscapeGrid = 41;          // cells per side of the loss grid
constexpr int kLandscapeEvalRows = 512;     // training examples the grid's loss is measured on
constexpr int kLandscapeSnapshotEvery = 2;  // steps between recorded weights

class LandscapeModel final : public ViewModel {
 public:
  void register_commands(CommandRegistry& r) override;
  // Training asked for by landscape-train, then the plane; training while playing; the grid.
  void update(AppContext& ctx) override;
  bool busy() const override;
  void state(nlohmann::json& out) const override;

  const LandscapeSettings& settings() const { return settings_; }
  // New settings: a fresh start (sessions from the same seed); on an error (the data, the memory
  // budget) the old settings stay and the error is returned.
  Status use_settings(const LandscapeSettings& n);
  // The settings that keep the trained paths: the steps target (more steps train on) and the plane
  // (only redrawn).
  void set_steps(int steps) { settings_.steps = steps; }
  Status set_plane(PlaneMode plane, int i, int j);

  // The view's buttons and keys.
  void play_pause();  // train every optimizer up to the steps target, or pause (the plane follows)
  void step_once();   // one step of every optimizer, then the plane
  void restart();     // forget the runs; training starts them again from the same weights

  bool playing() const { return playing_; }
  // Each device's time for the last whole loss grid it evaluated.
  const DeviceTimes& grid_times() const { return grid_times_; }
  const std::vector<LandscapeRun>& runs() const { return runs_; }
  const Plane* plane() const { return plane_.get(); }
  const LossGrid* grid() const { return grid_.get(); }
  // Bumped whenever the grid changes (a new grid, more cells evaluated): the view redraws its
  // texture when this differs from what it drew.
  int grid_version() const { return grid_version_; }

 private:
  Status configure(const CommandArgs& a);
  Status train_command(const CommandArgs& a);
  Status compute_command(const CommandArgs& a);
  Status advance_training(double deadline);
  bool ensure_sessions();
  TrainDesc train_desc(const OptimizerDesc& o) const;
  Status check_memory_needed() const;
  bool fail(const Status& s);
  void step_run(LandscapeRun& run);
  Status rebuild_plane();
  // The grid's next cells on the settings' device until `deadline` (AppContext::now() seconds).
  void advance_grid(AppContext& ctx, double deadline);
  Status advance_grid_on_device(AppContext& ctx, double deadline);

  LandscapeSettings settings_ = landscape_schema().defaults();
  int train_left_ = 0;         // landscape-train's steps still to take (over frames)
  bool compute_sync_ = false;  // landscape-compute asked for the whole grid: scripts wait for it
  bool playing_ = false;
  int frames_since_plane_ = 0;
  std::string last_error_;
  std::shared_ptr<const DataSplits> splits_;
  std::vector<LandscapeRun> runs_;
  std::unique_ptr<Plane> plane_;
  std::unique_ptr<LossGrid> grid_;
  int grid_version_ = 0;
  std::unique_ptr<Network<float>> eval_net_;
  int eval_rows_ = 0;
  std::unique_ptr<compute::PlaneLosses> plane_losses_;  // the evaluation rows on the grid's device (not cpu)
  double grid_seconds_ = 0;                             // spent on the current grid so far
  DeviceTimes grid_times_;
};

}  // namespace descent::ui
