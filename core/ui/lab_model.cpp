// lab_model.cpp: the optimisation lab's state, stepping, theory, exports and commands (lab_model.h).
// The lab keeps one clock, step_: every live run sits at that step; a diverged run stays at the
// step that failed, so stepping back past it brings it back to life.
#include "core/ui/lab_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/surface/momentum_theory.h"
#include "core/ui/colormap.h"

namespace descent::ui {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The step a run has reached on the lab's clock: a diverged run is "at" the step that failed.
int run_clock(const LabRun& r) {
  const Trajectory& t = r.runner.trajectory();
  return t.diverged ? t.diverged_step : t.points.back().step;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// The quadratic's settings: eigenvalues in (0, 1000] (a convex bowl), a finite angle.
Status check_quadratic(double a, double b, double rotation_deg) {
  auto eigen_ok = [](double v) { return std::isfinite(v) && v > 0 && v <= 1000; };
  if (!eigen_ok(a) || !eigen_ok(b))
    return make_error(ErrorCode::Usage, "eigen: eigenvalues must be in (0, 1000] (a convex bowl; got " +
                                            fmt("%g", a) + ", " + fmt("%g", b) + ")");
  if (!std::isfinite(rotation_deg) || std::fabs(rotation_deg) > 1e6)
    return make_error(ErrorCode::Usage, "rotation: give an angle in degrees");
  return Status::ok();
}

double normalised_degrees(double deg) {
  deg = std::fmod(deg, 360.0);
  return deg < 0 ? deg + 360.0 : deg;
}

const OptimizerDesc& desc_of(const LabRun& r) { return r.runner.hyper(); }

Status only_options(const CommandArgs& a, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : a.options) {
    bool ok = false;
    for (const char* k : allowed) ok = ok || key == k;
    if (!ok) {
      std::string list;
      for (const char* k : allowed) list += std::string(list.empty() ? "" : ", ") + k + "=";
      return make_error(ErrorCode::Usage, a.command + ": unknown option '" + key + "'" +
                                              (list.empty() ? " (it takes none)" : "; use " + list));
    }
  }
  return Status::ok();
}

Status expect_words(const CommandArgs& a, size_t lo, size_t hi, const char* usage) {
  if (a.words.size() < lo || a.words.size() > hi)
    return make_error(ErrorCode::Usage, a.command + ": usage: " + usage);
  return Status::ok();
}

bool plain_gradient(OptimizerKind k) {
  return k == OptimizerKind::SGD || k == OptimizerKind::Momentum || k == OptimizerKind::Nesterov;
}

nlohmann::json hyper_json(const OptimizerDesc& d) {
  nlohmann::json j;
  j["kind"] = optimizer_name(d.kind);
  j["lr"] = d.lr;
  switch (d.kind) {
    case OptimizerKind::SGD: break;
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: j["momentum"] = d.momentum; break;
    case OptimizerKind::AdaGrad: j["eps"] = d.eps; break;
    case OptimizerKind::RMSProp:
      j["alpha"] = d.alpha;
      j["eps"] = d.eps;
      break;
    case OptimizerKind::Adam:
      j["beta1"] = d.beta1;
      j["beta2"] = d.beta2;
      j["eps"] = d.eps;
      break;
  }
  return j;
}

}  // namespace

std::string color_hex(uint32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", unsigned(c & 0xff), unsigned((c >> 8) & 0xff),
                unsigned((c >> 16) & 0xff));
  return buf;
}

double measure_rate(const Trajectory& t, double x_star, double y_star) {
  if (t.points.empty()) return 0;
  const double e0 = std::hypot(t.points[0].x - x_star, t.points[0].y - y_star);
  if (!(e0 > 0)) return 0;
  int last = -1;
  for (int k = int(t.points.size()) - 1; k >= 0; --k) {
    const TrajectoryPoint& p = t.points[size_t(k)];
    if (std::hypot(p.x - x_star, p.y - y_star) > 1e-10 * e0) {
      last = k;
      break;
    }
  }
  const int first = last / 2;
  if (last - first + 1 < 40) return 0;
  return measured_rate(t, x_star, y_star, first, last);
}

double suggested_lr(const OptimizerDesc& desc, const SurfaceDesc& surface, double x0, double y0) {
  const SurfaceInfo info = surface_info(surface);
  const double box = std::min(info.xmax - info.xmin, info.ymax - info.ymin);
  OptimizerDesc d = desc;
  switch (d.kind) {
    case OptimizerKind::SGD:
    case OptimizerKind::Momentum:
    case OptimizerKind::Nesterov: d.lr = info.default_lr; break;
    case OptimizerKind::AdaGrad: d.lr = 0.1 * box; break;   // steps shrink like 1/sqrt(t): start big
    case OptimizerKind::RMSProp: d.lr = 0.002 * box; break;  // first steps ~ lr / sqrt(1 - alpha) = 10 lr
    case OptimizerKind::Adam: d.lr = 0.01 * box; break;      // steps ~ lr in every coordinate
  }
  if (surface.kind == SurfaceKind::Saddle) return d.lr;
  for (int k = 0; k < 12 && run_trajectory(surface, d, x0, y0, 300).diverged; ++k) d.lr *= 0.5;
  return d.lr;
}

LabModel::LabModel() {
  // Quadratic a=1, b=100 (kappa 100): GD zig-zags across the valley and then crawls along it
  // (rate 0.98 per step at 0.9 x its best step), while momentum 0.9 at the same lr rolls through
  // it (0.95): the heavy ball wins clearly. At kappa < 34 momentum 0.9 would lose to plain GD.
  surface_ = SurfaceDesc{.kind = SurfaceKind::Quadratic, .eigen_a = 1.0, .eigen_b = 100.0};
  const SurfaceInfo info = surface_info(surface_);
  start_x_ = info.start_x;
  start_y_ = info.start_y;
  // The same lr for both, so the only difference is the momentum term (a fair comparison).
  const OptimizerDesc sgd{.kind = OptimizerKind::SGD, .lr = info.default_lr};
  const OptimizerDesc mom{.kind = OptimizerKind::Momentum, .lr = info.default_lr, .momentum = 0.9};
  add_optimizer(sgd);
  add_optimizer(mom);
}

const OptimizerDesc& LabModel::hyper(int i) const { return desc_of(runs_[size_t(i)]); }

double LabModel::rotation_deg() const { return surface_.rotation * 180.0 / kPi; }

int LabModel::free_color(OptimizerKind kind) const {
  std::set<int> used;
  for (const LabRun& r : runs_) used.insert(r.color_index);
  const int preferred = int(kind);
  if (!used.count(preferred)) return preferred;
  for (int i : {6, 7, 0, 1, 2, 3, 4, 5})
    if (!used.count(i)) return i;
  return preferred;
}

Status LabModel::set_surface(SurfaceKind kind) {
  surface_.kind = kind;
  const SurfaceInfo info = surface_info(surface_);
  start_x_ = info.start_x;
  start_y_ = info.start_y;
  for (LabRun& r : runs_) {
    r.runner.hyper().lr = suggested_lr(r.runner.hyper(), surface_, start_x_, start_y_);
    r.runner.set_surface(surface_);
    r.runner.reset(start_x_, start_y_);
    r.announced = false;
  }
  step_ = 0;
  touch_surface();
  return Status::ok();
}

Status LabModel::set_quadratic(double a, double b, double rotation_deg) {
  if (Status s = check_quadratic(a, b, rotation_deg); !s) return s;
  const double deg = normalised_degrees(rotation_deg);
  const bool was_quadratic = surface_.kind == SurfaceKind::Quadratic;
  if (!was_quadratic) {
    surface_.kind = SurfaceKind::Quadratic;
    const SurfaceInfo info = surface_info(surface_);
    start_x_ = info.start_x;
    start_y_ = info.start_y;
  }
  surface_.eigen_a = a;
  surface_.eigen_b = b;
  surface_.rotation = deg * kPi / 180.0;
  for (LabRun& r : runs_) {
    if (!was_quadratic) r.runner.hyper().lr = suggested_lr(r.runner.hyper(), surface_, start_x_, start_y_);
    r.runner.set_surface(surface_);
    r.runner.reset(start_x_, start_y_);
    r.announced = false;
  }
  step_ = 0;
  touch_surface();
  return Status::ok();
}

Status LabModel::set_start(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > 1e6 || std::fabs(y) > 1e6)
    return make_error(ErrorCode::Usage, "start: x and y must be finite numbers within +-1e6");
  start_x_ = x;
  start_y_ = y;
  reset();
  return Status::ok();
}

Status LabModel::add_optimizer(const OptimizerDesc& desc) {
  if (int(runs_.size()) >= kMaxRuns)
    return make_error(ErrorCode::Usage, "optimizer add: at most " + std::to_string(kMaxRuns) +
                                            " optimizers; remove one first (optimizer remove INDEX)");
  // Fields are taken as given (an explicit mu = 0 stays 0); only lr 0 means "suggested".
  OptimizerDesc d = desc;
  if (d.lr == 0) d.lr = suggested_lr(d, surface_, start_x_, start_y_);
  if (Status s = validate_optimizer(d); !s) return s;
  LabRun run{TrajectoryRunner(surface_, d, start_x_, start_y_)};
  run.runner.hyper() = d;  // the runner's Optimizer resolved zeros to defaults; keep them zeros
  run.color_index = free_color(d.kind);
  run.color = series_color(run.color_index);
  run.runner.step(step_);  // join the comparison at the lab's current step
  runs_.push_back(std::move(run));
  note_divergences();
  touch();
  return Status::ok();
}

Status LabModel::set_hyper(int index, const OptimizerDesc& desc) {
  if (index < 0 || index >= int(runs_.size()))
    return make_error(ErrorCode::Usage, "optimizer set: no optimizer #" + std::to_string(index) + " (there are " +
                                            std::to_string(runs_.size()) + ", counted from 0)");
  OptimizerDesc d = desc;  // as given: here a zero is a zero (mu = 0 is plain SGD), not "the default"
  d.kind = runs_[size_t(index)].runner.hyper().kind;
  if (Status s = validate_optimizer(d); !s) return s;
  runs_[size_t(index)].runner.hyper() = d;
  touch();
  return Status::ok();
}

Status LabModel::remove_optimizer(int index) {
  if (index < 0 || index >= int(runs_.size()))
    return make_error(ErrorCode::Usage, "optimizer remove: no optimizer #" + std::to_string(index) +
                                            " (there are " + std::to_string(runs_.size()) + ", counted from 0)");
  runs_.erase(runs_.begin() + index);
  touch();
  return Status::ok();
}

void LabModel::clear_optimizers() {
  runs_.clear();
  touch();
}

Status LabModel::apply_options(const CommandArgs& a, OptimizerDesc* d) {
  for (const auto& [key, value] : a.options) {
    Result<double> v = a.number(key, 0);
    if (!v) return v.status();
    if (key == "lr") d->lr = *v;
    else if (key == "mu" || key == "momentum") d->momentum = *v;
    else if (key == "beta1") d->beta1 = *v;
    else if (key == "beta2") d->beta2 = *v;
    else if (key == "alpha") d->alpha = *v;
    else if (key == "eps") d->eps = *v;
    else
      return make_error(ErrorCode::Usage, a.command + ": unknown option '" + key +
                                              "'; use lr=, mu=, beta1=, beta2=, alpha=, eps=");
    if (key == "lr" && !(*v > 0)) return make_error(ErrorCode::Usage, a.command + ": lr must be positive");
  }
  return Status::ok();
}

bool LabModel::step(int n) {
  const int m = std::min(n, kMaxSteps - step_);
  if (m <= 0) return false;
  for (LabRun& r : runs_) r.runner.step(m);
  step_ += m;
  note_divergences();
  touch();
  return m == n;
}

void LabModel::back(int n) {
  const int target = std::max(0, step_ - std::max(0, n));
  for (LabRun& r : runs_) {
    while (run_clock(r) > target)
      if (!r.runner.back()) break;
    if (!r.runner.trajectory().diverged) r.announced = false;
  }
  step_ = target;
  touch();
}

void LabModel::reset() {
  for (LabRun& r : runs_) {
    r.runner.reset(start_x_, start_y_);
    r.announced = false;
  }
  step_ = 0;
  step_debt_ = 0;
  touch();
}

Status LabModel::set_speed(double s) {
  if (!std::isfinite(s) || s < 0.5 || s > 1000)
    return make_error(ErrorCode::Usage, "speed: give 0.5 .. 1000 steps per second (got " + fmt("%g", s) + ")");
  speed_ = s;
  return Status::ok();
}

int LabModel::advance(double dt, int max_steps) {
  if (!playing_) return 0;
  if (!(dt > 0)) return 0;
  dt = std::min(dt, 0.25);
  step_debt_ += speed_ * dt;
  int n = int(std::floor(step_debt_));
  step_debt_ -= n;
  n = std::min(n, std::max(0, max_steps));
  if (n > 0 && !step(n)) {
    playing_ = false;
    events_.push_back("paused at " + std::to_string(kMaxSteps) + " steps, the lab's limit: step back or reset");
  }
  bool all_diverged = !runs_.empty();
  for (const LabRun& r : runs_) all_diverged = all_diverged && r.runner.trajectory().diverged;
  if (all_diverged && playing_) {
    playing_ = false;
    events_.push_back("paused: every optimizer has diverged (lower lr, then reset)");
  }
  return n;
}

LabTheory LabModel::theory() const {
  LabTheory t;
  if (surface_.kind != SurfaceKind::Quadratic || !(surface_.eigen_a > 0) || !(surface_.eigen_b > 0)) return t;
  t.valid = true;
  t.lmin = std::min(surface_.eigen_a, surface_.eigen_b);
  t.lmax = std::max(surface_.eigen_a, surface_.eigen_b);
  t.kappa = t.lmax / t.lmin;
  t.gd_best_lr = gd_best_step(t.lmin, t.lmax);
  t.gd_best_rate = gd_best_rate(t.lmin, t.lmax);
  const MomentumParams best = momentum_best_params(t.lmin, t.lmax);
  t.momentum_best_lr = best.alpha;
  t.momentum_best_mu = best.beta;
  t.momentum_best_rate = momentum_best_rate(t.lmin, t.lmax);
  for (size_t i = 0; i < runs_.size(); ++i) {
    LabTheory::Row row{int(i)};
    const OptimizerDesc& d = desc_of(runs_[i]);
    // Not predicted_rate(): it resolves zeros to defaults, and here mu = 0 means 0.
    switch (d.kind) {
      case OptimizerKind::SGD: row.predicted = gd_rate(d.lr, t.lmin, t.lmax); break;
      case OptimizerKind::Momentum: row.predicted = momentum_rate(d.lr, d.momentum, t.lmin, t.lmax); break;
      case OptimizerKind::Nesterov: row.predicted = nesterov_rate(d.lr, d.momentum, t.lmin, t.lmax); break;
      default: row.predicted = std::nan(""); break;  // adaptive: not a linear iteration
    }
    row.measured = measure_rate(runs_[i].runner.trajectory(), 0, 0);
    if (row.predicted > 0 && row.predicted < 1) row.steps_to_1e6 = std::log(1e-6) / std::log(row.predicted);
    t.rows.push_back(row);
  }
  return t;
}

void LabModel::note_divergences() {
  for (size_t i = 0; i < runs_.size(); ++i) {
    LabRun& r = runs_[i];
    if (r.runner.trajectory().diverged && !r.announced) {
      r.announced = true;
      events_.push_back(divergence_message(int(i)));
    }
  }
}

std::vector<std::string> LabModel::take_events() { return std::exchange(events_, {}); }

std::string LabModel::divergence_message(int index) const {
  if (index < 0 || index >= int(runs_.size())) return "";
  const LabRun& r = runs_[size_t(index)];
  const Trajectory& t = r.runner.trajectory();
  if (!t.diverged) return "";
  const OptimizerDesc& d = desc_of(r);
  std::string who = std::string(optimizer_name(d.kind)) + " (#" + std::to_string(index) + ") diverged at step " +
                    std::to_string(t.diverged_step);
  if (surface_.kind == SurfaceKind::Saddle)
    return who + ": it escaped to infinity (the saddle has no minimum; its loss is unbounded below)";
  if (surface_.kind == SurfaceKind::Quadratic && plain_gradient(d.kind)) {
    const double lmax = std::max(surface_.eigen_a, surface_.eigen_b);
    const double al = d.lr * lmax;
    if (d.kind == OptimizerKind::SGD)
      return who + ": lr*lmax = " + fmt("%.3g", al) +
             " > 2, so every step overshoots the steep direction further (lower lr below " +
             fmt("%.3g", 2 / lmax) + ")";
    return who + ": lr*lmax = " + fmt("%.3g", al) + " against the limit 2(1+mu) = " + fmt("%.3g", 2 * (1 + d.momentum)) +
           " (lower lr or mu)";
  }
  return who + ": the step grew without bound (lower lr)";
}

std::string LabModel::export_csv() const {
  std::string out = "index,kind,step,x,y,loss\n";
  char buf[160];
  for (size_t i = 0; i < runs_.size(); ++i) {
    const char* kind = optimizer_name(desc_of(runs_[i]).kind);
    for (const TrajectoryPoint& p : runs_[i].runner.trajectory().points) {
      std::snprintf(buf, sizeof buf, "%zu,%s,%d,%.12g,%.12g,%.12g\n", i, kind, p.step, p.x, p.y, p.loss);
      out += buf;
    }
  }
  return out;
}

std::string LabModel::export_json() const {
  nlohmann::json j;
  j["surface"] = {{"name", surface_name(surface_.kind)},
                  {"a", surface_.eigen_a},
                  {"b", surface_.eigen_b},
                  {"rotation", rotation_deg()}};
  j["start"] = {start_x_, start_y_};
  j["optimizers"] = nlohmann::json::array();
  for (const LabRun& r : runs_) {
    const Trajectory& t = r.runner.trajectory();
    nlohmann::json o = hyper_json(desc_of(r));
    o["color"] = color_hex(r.color);
    o["diverged"] = t.diverged;
    o["diverged_step"] = t.diverged_step;
    nlohmann::json pts = nlohmann::json::array();
    for (const TrajectoryPoint& p : t.points) pts.push_back({p.step, p.x, p.y, p.loss});
    o["points"] = std::move(pts);  // [step, x, y, loss]
    j["optimizers"].push_back(std::move(o));
  }
  return j.dump(1);
}

void LabModel::state(nlohmann::json& out) const {
  out["surface"] = {{"name", surface_name(surface_.kind)},
                    {"a", surface_.eigen_a},
                    {"b", surface_.eigen_b},
                    {"rotation", rotation_deg()}};
  out["start"] = {start_x_, start_y_};
  out["playing"] = playing_;
  out["speed"] = speed_;
  out["step"] = step_;
  out["max_steps"] = kMaxSteps;
  nlohmann::json opts = nlohmann::json::array();
  for (size_t i = 0; i < runs_.size(); ++i) {
    const LabRun& r = runs_[i];
    const Trajectory& t = r.runner.trajectory();
    const TrajectoryPoint& p = t.points.back();
    nlohmann::json o = hyper_json(desc_of(r));
    o["index"] = i;
    o["step"] = p.step;
    o["x"] = p.x;
    o["y"] = p.y;
    o["loss"] = p.loss;
    o["diverged"] = t.diverged;
    o["diverged_step"] = t.diverged_step;
    o["message"] = divergence_message(int(i));
    o["color"] = color_hex(r.color);
    o["color_index"] = r.color_index;
    opts.push_back(std::move(o));
  }
  out["optimizers"] = std::move(opts);
  const LabTheory th = theory();
  if (th.valid) {
    nlohmann::json j;
    j["lmin"] = th.lmin;
    j["lmax"] = th.lmax;
    j["kappa"] = th.kappa;
    j["gd_best_lr"] = th.gd_best_lr;
    j["gd_best_rate"] = th.gd_best_rate;
    j["momentum_best_lr"] = th.momentum_best_lr;
    j["momentum_best_mu"] = th.momentum_best_mu;
    j["momentum_best_rate"] = th.momentum_best_rate;
    // The first SGD and first momentum run's rates at their current hyper-parameters.
    nlohmann::json rows = nlohmann::json::array();
    for (const LabTheory::Row& row : th.rows) {
      const OptimizerKind k = desc_of(runs_[size_t(row.index)]).kind;
      nlohmann::json jr = {{"index", row.index}, {"kind", optimizer_name(k)}, {"measured", row.measured}};
      jr["predicted"] = std::isfinite(row.predicted) ? nlohmann::json(row.predicted) : nlohmann::json(nullptr);
      rows.push_back(jr);
      if (k == OptimizerKind::SGD && !j.contains("gd_rate")) {
        j["gd_rate"] = row.predicted;
        j["gd_measured"] = row.measured;
      }
      if (k == OptimizerKind::Momentum && !j.contains("momentum_rate")) {
        j["momentum_rate"] = row.predicted;
        j["momentum_measured"] = row.measured;
      }
    }
    j["optimizers"] = std::move(rows);
    out["theory"] = std::move(j);
  }
}

Status LabModel::run_optimizer_command(const CommandArgs& a) {
  const std::string sub = a.words.empty() ? "" : a.words[0];
  if (sub == "add") {
    if (a.words.size() != 2) return make_error(ErrorCode::Usage, "optimizer add: usage: optimizer add KIND [lr=..]");
    Result<OptimizerKind> kind = parse_optimizer(a.words[1]);
    if (!kind) return kind.status();
    OptimizerDesc d = resolve_defaults({.kind = *kind});  // every field explicit, so mu=0 means 0
    d.lr = 0;                                              // suggested_lr unless lr= is given
    if (Status s = apply_options(a, &d); !s) return s;
    return add_optimizer(d);
  }
  if (sub == "set") {
    if (a.words.size() != 2 || a.options.empty())
      return make_error(ErrorCode::Usage, "optimizer set: usage: optimizer set INDEX key=value ...");
    Result<int> i = a.word_integer(1, "index");
    if (!i) return i.status();
    if (*i < 0 || *i >= int(runs_.size())) return set_hyper(*i, {});
    OptimizerDesc d = runs_[size_t(*i)].runner.hyper();
    if (Status s = apply_options(a, &d); !s) return s;
    return set_hyper(*i, d);
  }
  if (sub == "remove") {
    if (a.words.size() != 2 || !a.options.empty())
      return make_error(ErrorCode::Usage, "optimizer remove: usage: optimizer remove INDEX");
    Result<int> i = a.word_integer(1, "index");
    if (!i) return i.status();
    return remove_optimizer(*i);
  }
  if (sub == "clear") {
    if (a.words.size() != 1 || !a.options.empty())
      return make_error(ErrorCode::Usage, "optimizer clear: takes no arguments");
    clear_optimizers();
    return Status::ok();
  }
  return make_error(ErrorCode::Usage, "optimizer: use 'optimizer add KIND', 'optimizer set INDEX key=value', "
                                      "'optimizer remove INDEX' or 'optimizer clear'");
}

void LabModel::register_commands(CommandRegistry& reg, SaveFn save) {
  reg.add("surface",
          "surface NAME [a=A b=B rotation=DEG]: the lab's loss surface: quadratic (a, b: the Hessian's eigenvalues, "
          "rotation: of its axes in degrees), rosenbrock, beale, himmelblau or saddle. Restarts every optimizer "
          "from the surface's default start with a suggested lr",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 1, 1, "surface NAME [a=.. b=.. rotation=DEG]"); !s) return s;
            if (Status s = only_options(a, {"a", "b", "rotation"}); !s) return s;
            Result<SurfaceKind> kind = parse_surface(a.words[0]);
            if (!kind) return kind.status();
            if (*kind != SurfaceKind::Quadratic && !a.options.empty())
              return make_error(ErrorCode::Usage, "surface: a=, b= and rotation= apply to the quadratic only");
            Result<double> ea = a.number("a", surface_.eigen_a), eb = a.number("b", surface_.eigen_b);
            Result<double> rot = a.number("rotation", rotation_deg());
            if (!ea) return ea.status();
            if (!eb) return eb.status();
            if (!rot) return rot.status();
            if (*kind == SurfaceKind::Quadratic) {
              if (Status st = check_quadratic(*ea, *eb, *rot); !st) return st;
              surface_.eigen_a = *ea;
              surface_.eigen_b = *eb;
              surface_.rotation = normalised_degrees(*rot) * kPi / 180.0;
            }
            return set_surface(*kind);
          });
  reg.add("eigen",
          "eigen A B: the quadratic's Hessian eigenvalues (0 < A, B <= 1000; condition number max/min). Switches "
          "to the quadratic; keeps the optimizers' lr (too large an lr for the steep axis diverges)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 2, 2, "eigen A B"); !s) return s;
            if (Status s = only_options(a, {}); !s) return s;
            Result<double> ea = a.word_number(0, "A"), eb = a.word_number(1, "B");
            if (!ea) return ea.status();
            if (!eb) return eb.status();
            return set_quadratic(*ea, *eb, rotation_deg());
          });
  reg.add("rotation", "rotation DEG: turn the quadratic's axes by DEG degrees (switches to the quadratic)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 1, 1, "rotation DEG"); !s) return s;
            if (Status s = only_options(a, {}); !s) return s;
            Result<double> r = a.word_number(0, "DEG");
            if (!r) return r.status();
            return set_quadratic(surface_.eigen_a, surface_.eigen_b, *r);
          });
  reg.add("start", "start X Y: the start point of every optimizer (all restart there; also: click the contour map)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 2, 2, "start X Y"); !s) return s;
            if (Status s = only_options(a, {}); !s) return s;
            Result<double> x = a.word_number(0, "X"), y = a.word_number(1, "Y");
            if (!x) return x.status();
            if (!y) return y.status();
            return set_start(*x, *y);
          });
  reg.add("optimizer",
          "optimizer add KIND [lr=.. mu=.. beta1=.. beta2=.. alpha=.. eps=..] | optimizer set INDEX key=value... | "
          "optimizer remove INDEX | optimizer clear: the lab's optimizers (KIND: sgd, momentum, nesterov, adagrad, "
          "rmsprop, adam; INDEX counts from 0 in the list; omitted lr: suggested for the surface; set applies "
          "from the next step)",
          [this](const CommandArgs& a) { return run_optimizer_command(a); });
  reg.add("step", "step [N]: advance every optimizer N steps now (default 1; the lab stops at 20000)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 0, 1, "step [N]"); !s) return s;
            if (Status s = only_options(a, {}); !s) return s;
            Result<int> n = a.optional_word_integer(0, "N", 1, 1, kMaxSteps);
            if (!n) return n.status();
            if (!step(*n))
              return make_error(ErrorCode::TooLarge, "step: stopped at the lab's limit of " +
                                                         std::to_string(kMaxSteps) + " steps (back N or reset)");
            return Status::ok();
          });
  reg.add("back", "back [N]: rewind every optimizer N steps (default 1), state and all; pauses playing",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 0, 1, "back [N]"); !s) return s;
            if (Status s = only_options(a, {}); !s) return s;
            Result<int> n = a.optional_word_integer(0, "N", 1, 1, kMaxSteps);
            if (!n) return n.status();
            pause();
            back(*n);
            return Status::ok();
          });
  reg.add("reset", "reset: every optimizer back to the start (step 0)", [this](const CommandArgs& a) -> Status {
    if (Status s = expect_words(a, 0, 0, "reset"); !s) return s;
    reset();
    return Status::ok();
  });
  reg.add("play", "play: run the lab's optimizers continuously (speed steps per second)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 0, 0, "play"); !s) return s;
            play();
            return Status::ok();
          });
  reg.add("pause", "pause: stop playing", [this](const CommandArgs& a) -> Status {
    if (Status s = expect_words(a, 0, 0, "pause"); !s) return s;
    pause();
    return Status::ok();
  });
  reg.add("speed", "speed STEPS_PER_SECOND: how fast play runs (0.5..1000, default 20)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = expect_words(a, 1, 1, "speed STEPS_PER_SECOND"); !s) return s;
            Result<double> v = a.word_number(0, "STEPS_PER_SECOND");
            if (!v) return v.status();
            return set_speed(*v);
          });
  reg.add("lab", "lab export csv|json FILE: save the lab's trajectories (every point of every optimizer)",
          [this, save](const CommandArgs& a) -> Status {
            if (a.words.size() != 3 || a.words[0] != "export" || (a.words[1] != "csv" && a.words[1] != "json"))
              return make_error(ErrorCode::Usage, "lab: usage: lab export csv|json FILE");
            if (save) save(a.words[2], a.words[1] == "csv" ? export_csv() : export_json());
            return Status::ok();
          });
}

}  // namespace descent::ui
