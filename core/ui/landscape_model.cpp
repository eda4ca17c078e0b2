// landscape_model.cpp: the loss-landscape view's runs, plane and grid (landscape_model.h).
#include "core/ui/landscape_model.h"

#include <algorithm>
#include <cmath>

#include "core/memory_budget.h"
#include "core/ui/settings_json.h"

namespace descent::ui {

double LandscapeRun::max_off_plane() const {
  double m = 0;
  for (const PlanePoint& p : projected) m = std::max(m, p.off);
  return m;
}

double LandscapeRun::path_length() const {
  if (!session) return 0.0;
  const std::vector<std::vector<float>>& t = session->trajectory();
  double len = 0;
  for (size_t k = 1; k < t.size(); ++k) {
    double s = 0;
    for (size_t p = 0; p < t[k].size(); ++p) s += double(t[k][p] - t[k - 1][p]) * double(t[k][p] - t[k - 1][p]);
    len += std::sqrt(s);
  }
  return len;
}

void LandscapeModel::register_commands(CommandRegistry& r) {
  r.add("landscape",
        "landscape [" + landscape_schema().usage() + "]: set up the loss-landscape view (restarts training; every "
        "optimizer gets the same lr, and momentum and nesterov the same momentum)",
        [this](const CommandArgs& a) { return configure(a); });
  r.add("landscape-train",
        "landscape-train [STEPS]: train every optimizer STEPS more steps, then recompute the surface (what does "
        "not fit in the command goes on over frames; scripts wait for it)",
        [this](const CommandArgs& a) { return train_command(a); });
  r.add("landscape-compute",
        "landscape-compute: evaluate the whole loss grid (what does not fit in the command goes on over frames; "
        "scripts wait for it)",
        [this](const CommandArgs& a) { return compute_command(a); });
}

Status LandscapeModel::configure(const CommandArgs& a) {
  if (Status s = a.expect(0, 0, "landscape [key=value ...]", true); !s) return s;
  LandscapeSettings n = settings_;
  if (Status s = apply_options(landscape_schema(), n, a); !s) return s;
  return use_settings(n);
}

Status LandscapeModel::train_command(const CommandArgs& a) {
  if (Status s = a.expect(0, 1, "landscape-train [STEPS]"); !s) return s;
  Result<int> n = a.optional_word_integer(0, "STEPS", settings_.steps, 0, 100000);
  if (!n) return n.status();
  if (!ensure_sessions()) return make_error(ErrorCode::Usage, last_error_);
  playing_ = false;
  train_left_ = *n;
  return advance_training(ctx_ ? ctx_->command_deadline() : 1e300);
}

Status LandscapeModel::compute_command(const CommandArgs& a) {
  if (Status s = a.expect(0, 0, "landscape-compute"); !s) return s;
  if (!grid_) return make_error(ErrorCode::Usage, "landscape-compute: train first (landscape-train N)");
  compute_sync_ = true;
  if (!ctx_) {  // no app: the whole grid now, on the cpu
    while (!grid_->done()) grid_->advance(8);
    ++grid_version_;
    return Status::ok();
  }
  advance_grid(*ctx_, ctx_->command_deadline());
  return Status::ok();
}

bool LandscapeModel::busy() const { return train_left_ > 0 || (compute_sync_ && grid_ && !grid_->done()); }

// The steps landscape-train asked for, until the deadline (ctx time); the surface when they are done.
Status LandscapeModel::advance_training(double deadline) {
  while (train_left_ > 0 && (!ctx_ || ctx_->now() < deadline)) {
    for (LandscapeRun& run : runs_)
      if (run.error.empty()) step_run(run);
    --train_left_;
  }
  return train_left_ == 0 ? rebuild_plane() : Status::ok();
}

void LandscapeModel::update(AppContext& ctx) {
  if (train_left_ > 0) {
    ctx.check(advance_training(ctx.now() + std::min(ctx.frame_budget, ctx.budget_limit)));
    return;
  }
  if (playing_ && !runs_.empty()) {
    bool any = false;
    while (ctx.time_left()) {
      any = false;
      for (LandscapeRun& run : runs_)
        if (run.error.empty() && run.session->steps() < settings_.steps) {
          step_run(run);
          any = true;
        }
      if (!any) break;
    }
    if (!any) {
      playing_ = false;
      ctx.check(rebuild_plane());
    } else if (++frames_since_plane_ >= 30) {
      frames_since_plane_ = 0;
      ctx.check(rebuild_plane());  // keep the picture roughly current while training
    }
  }
  advance_grid(ctx, ctx.now() + ctx.seconds_left());
}

void LandscapeModel::advance_grid(AppContext& ctx, double deadline) {
  if (!grid_ || grid_->done()) return;
  const double t0 = ctx.now();
  if (settings_.device.device == compute::DeviceKind::CPU) {
    while (!grid_->done() && ctx.now() < deadline) grid_->advance(8);
  } else if (Status s = advance_grid_on_device(ctx, deadline); !s) {  // a device error: shown, the grid stops there
    ctx.error("landscape grid on the " + std::string(compute::device_name(settings_.device.device)) +
              " device: " + s.message);
    grid_.reset();
    plane_losses_.reset();
  }
  grid_seconds_ += ctx.now() - t0;
  if (grid_ && grid_->done()) grid_times_.record(settings_.device.device, grid_seconds_);
  ++grid_version_;
}

// A row of the grid per call (every point of it in one batched evaluation, plane_losses.h), while
// the frame's budget lasts.
Status LandscapeModel::advance_grid_on_device(AppContext& ctx, double deadline) {
  if (!plane_losses_) {
    Result<compute::ComputeDevice*> dev = ctx.devices.get(settings_.device.device);
    if (!dev) return dev.status();
    Result<std::unique_ptr<compute::PlaneLosses>> pl = compute::PlaneLosses::create(
        **dev, *eval_net_, splits_->train.X.ptr(), splits_->train.y.data(), eval_rows_);
    if (!pl) return pl.status();
    plane_losses_ = std::move(*pl);
  }
  while (!grid_->done() && ctx.now() < deadline) {
    const size_t at = grid_->next(), nx = size_t(grid_->nx());
    const int j = int(at / nx);
    std::vector<double> ab;
    for (size_t c = at % nx; c < nx; ++c) {
      ab.push_back(grid_->a_at(int(c)));
      ab.push_back(grid_->b_at(j));
    }
    Result<std::vector<double>> v = plane_losses_->evaluate(grid_->plane(), ab);
    if (!v) return v.status();
    grid_->assign_next(*v);
  }
  return Status::ok();
}


Status LandscapeModel::use_settings(const LandscapeSettings& n) {
  if (n.device.device != settings_.device.device)  // gl where there is none: refused, nothing changes
    if (Status s = ComputeDevices::check_choice(ctx_ ? &ctx_->devices : nullptr, n.device.device, "landscape"); !s)
      return s;
  // Only the device: the trained paths stay, the grid is evaluated again there.
  LandscapeSettings same = n;
  same.device = settings_.device;
  if (settings_json(landscape_schema(), same) == settings_json(landscape_schema(), settings_)) {
    settings_.device = n.device;
    return plane_ ? rebuild_plane() : Status::ok();
  }
  // Kept aside until the new sessions exist: a refused setting leaves the trained runs as they were.
  const LandscapeSettings old = settings_;
  std::vector<LandscapeRun> old_runs = std::move(runs_);
  std::unique_ptr<Plane> old_plane = std::move(plane_);
  std::unique_ptr<LossGrid> old_grid = std::move(grid_);
  std::unique_ptr<Network<float>> old_net = std::move(eval_net_);
  std::shared_ptr<const DataSplits> old_splits = splits_;
  const int old_rows = eval_rows_, old_left = train_left_;
  const bool old_playing = playing_;
  settings_ = n;
  restart();
  if (!ensure_sessions()) {
    settings_ = old;
    runs_ = std::move(old_runs);
    plane_ = std::move(old_plane);
    grid_ = std::move(old_grid);
    eval_net_ = std::move(old_net);
    splits_ = std::move(old_splits);
    eval_rows_ = old_rows;
    train_left_ = old_left;
    playing_ = old_playing;
    ++grid_version_;
    return make_error(ErrorCode::Usage, last_error_);
  }
  return Status::ok();
}

Status LandscapeModel::set_plane(PlaneMode plane, int i, int j) {
  settings_.plane = plane;
  settings_.i = i;
  settings_.j = j;
  return rebuild_plane();
}

void LandscapeModel::play_pause() {
  playing_ = !playing_ && ensure_sessions();
  if (!playing_ && !runs_.empty() && ctx_) ctx_->check(rebuild_plane());
}

void LandscapeModel::step_once() {
  if (!ensure_sessions()) return;  // (ensure_sessions posted why)
  playing_ = false;
  for (LandscapeRun& run : runs_)
    if (run.error.empty()) step_run(run);
  if (ctx_) ctx_->check(rebuild_plane());
}

void LandscapeModel::restart() {
  train_left_ = 0;
  runs_.clear();
  grid_.reset();
  plane_.reset();
  playing_ = false;
  ++grid_version_;
}

// (Re)creates the sessions when there are none: identical seed, so identical start and batches.
bool LandscapeModel::ensure_sessions() {
  if (!runs_.empty()) return true;
  if (!ctx_) {
    last_error_ = "landscape: the view is not ready yet";
    return false;
  }
  DataRequest req = settings_.data;
  req.seed = settings_.seed;
  Result<std::shared_ptr<const DataSplits>> d = ctx_->data(req);
  if (!d) {
    last_error_ = d.status().message;
    ctx_->error(last_error_);
    return false;
  }
  splits_ = *d;
  if (Status s = check_memory_needed(); !s) return fail(s);
  for (const OptimizerDesc& o : settings_.optimizer_descs()) {
    LandscapeRun run;
    run.opt = o;
    Result<std::unique_ptr<TrainingSession>> session =
        TrainingSession::create(std::const_pointer_cast<DataSplits>(splits_), train_desc(o));
    if (!session) return fail(session.status());
    run.session = std::move(*session);
    runs_.push_back(std::move(run));
  }
  // The grid's loss: the model on a fixed slice of the training set.
  const Dataset& train = splits_->train;
  eval_rows_ = std::min(kLandscapeEvalRows, train.size());
  Result<Network<float>> net = Network<float>::create(settings_.model, train.dim(), train.num_classes, eval_rows_);
  if (!net) return fail(net.status());
  eval_net_ = std::make_unique<Network<float>>(std::move(*net));
  return true;
}

TrainDesc LandscapeModel::train_desc(const OptimizerDesc& o) const {
  TrainDesc td;
  td.model = settings_.model;
  td.optimizer = o;
  td.batch = settings_.batch;
  td.seed = settings_.seed;
  td.trajectory_every = kLandscapeSnapshotEvery;
  td.evaluate_epochs = false;
  return td;
}

// Every optimizer's session with its trajectory (a snapshot of the weights every
// kLandscapeSnapshotEvery steps, up to the steps target) and the grid's network, together
// (memory_budget.h).
Status LandscapeModel::check_memory_needed() const {
  const Dataset& train = splits_->train;
  const uint64_t P = parameter_count(settings_.model, train.dim(), train.num_classes);
  const uint64_t snapshots = uint64_t(std::max(settings_.steps, 0) / kLandscapeSnapshotEvery + 1);
  uint64_t bytes =
      network_memory(settings_.model, train.dim(), train.num_classes, kLandscapeEvalRows, sizeof(float)).bytes;
  for (const OptimizerDesc& o : settings_.optimizer_descs())
    bytes += training_session_memory(*splits_, train_desc(o)).bytes + snapshots * P * sizeof(float);
  const MemoryEstimate need{bytes, std::to_string(settings_.optimizers.size()) + " training runs of " + format_count(P) +
                                       " parameters with " + format_count(snapshots) +
                                       " snapshots each (the paths), and the grid's network"};
  return check_memory("landscape: " + model_subject(settings_.model, train.dim(), train.num_classes) + ", " +
                          std::to_string(settings_.steps) + " steps",
                      need, "choose a smaller model or fewer steps");
}

bool LandscapeModel::fail(const Status& s) {
  runs_.clear();
  last_error_ = s.message;
  if (ctx_) ctx_->error(last_error_);
  return false;
}

void LandscapeModel::step_run(LandscapeRun& run) {
  Status s = run.session->step();
  if (!s) {
    run.error = s.message;
    if (ctx_) ctx_->error(std::string(optimizer_name(run.opt.kind)) + ": " + s.message);
  }
}

Status LandscapeModel::rebuild_plane() {
  if (runs_.empty()) return Status::ok();
  const std::vector<float>& center = runs_[0].session->network().params().value;
  Result<Plane> p = make_error(ErrorCode::Internal, "no plane");
  if (settings_.plane == PlaneMode::PCA) {
    std::vector<const std::vector<std::vector<float>>*> trajs;
    for (const LandscapeRun& r : runs_) trajs.push_back(&r.session->trajectory());
    p = pca_plane(trajs, center);
  } else if (settings_.plane == PlaneMode::Random) {
    p = random_plane(center, runs_[0].session->network().params().tensors, settings_.seed + 17);
  } else {
    p = weights_plane(center, size_t(settings_.i), size_t(settings_.j));
  }
  if (!p) return p.status();
  plane_ = std::make_unique<Plane>(std::move(*p));
  std::vector<PlanePoint> all;
  for (LandscapeRun& r : runs_) {
    r.projected.clear();
    for (const std::vector<float>& th : r.session->trajectory()) r.projected.push_back(project(*plane_, th));
    all.insert(all.end(), r.projected.begin(), r.projected.end());
  }
  GridRect rect = rect_around(all, 0.3);
  if (settings_.plane == PlaneMode::Random) {  // random directions have the weights' scale: show +-1 around the center
    rect = {-1, 1, -1, 1};
    for (const PlanePoint& q : all) {
      rect.amin = std::min(rect.amin, q.a - 0.2);
      rect.amax = std::max(rect.amax, q.a + 0.2);
      rect.bmin = std::min(rect.bmin, q.b - 0.2);
      rect.bmax = std::max(rect.bmax, q.b + 0.2);
    }
  }
  const Dataset* train = &splits_->train;
  Network<float>* net = eval_net_.get();
  const int rows = eval_rows_;
  Result<LossGrid> grid =
      LossGrid::create(*plane_, rect, kLandscapeGrid, kLandscapeGrid, [train, net, rows](const std::vector<float>& th) {
        net->params().value = th;
        return net->loss(train->X.ptr(), train->y.data(), rows).total();
      });
  if (!grid) return grid.status();
  grid_ = std::make_unique<LossGrid>(std::move(*grid));
  plane_losses_.reset();  // the evaluation network may be new
  grid_seconds_ = 0;
  ++grid_version_;
  return Status::ok();
}

void LandscapeModel::state(nlohmann::json& out) const {
  out["settings"] = settings_json(landscape_schema(), settings_);
  out["active"] = !runs_.empty();
  out["data"] = settings_.data.name;
  out["model"] = model_name(settings_.model.kind);
  out["plane"] = plane_mode_name(settings_.plane);
  out["playing"] = playing_;
  out["explained"] = {plane_ ? plane_->explained[0] : 0.0, plane_ ? plane_->explained[1] : 0.0};
  out["grid_progress"] = grid_ ? grid_->progress() : 0.0;
  out["grid_seconds"] = grid_times_.json();  // each device's last whole grid
  nlohmann::json runs = nlohmann::json::array();
  for (const LandscapeRun& r : runs_) {
    nlohmann::json j;
    j["optimizer"] = optimizer_name(r.opt.kind);
    j["lr"] = r.opt.lr;
    j["step"] = r.session ? r.session->steps() : 0;
    j["loss"] = r.session && !r.session->step_losses().empty() ? r.session->step_losses().back() : 0.0f;
    j["max_off_plane"] = r.max_off_plane();
    j["path_length"] = r.path_length();
    j["error"] = r.error;
    runs.push_back(j);
  }
  out["optimizers"] = runs;
}

}  // namespace descent::ui
