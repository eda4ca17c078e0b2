// lab_model.cpp: the optimisation lab's state, stepping, theory, exports and commands (lab_model.h).
// The lab keeps one clock, step_: every live run sits at that step; a diverged run stays at the
// step that failed, so stepping back past it brings it back to life.
#include "core/ui/lab_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/optim/optimizer_settings.h"
#include "core/surface/momentum_theory.h"
#include "core/surface/surface_settings.h"
#include "core/ui/colormap.h"
#include "core/ui/settings_json.h"

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

double normalised_degrees(double deg) {
  deg = std::fmod(deg, 360.0);
  return deg < 0 ? deg + 360.0 : deg;
}

const OptimizerDesc& desc_of(const LabRun& r) { return r.runner.hyper(); }

bool plain_gradient(OptimizerKind k) {
  return k == OptimizerKind::SGD || k == OptimizerKind::Momentum || k == OptimizerKind::Nesterov;
}

// The run's hyper-parameters as the state reports them: the optimizer table's applicable settings,
// the kind under "kind".
nlohmann::json hyper_json(const OptimizerDesc& d) {
  nlohmann::json j = settings_json(optimizer_schema(), d);
  j["kind"] = j["optimizer"];
  j.erase("optimizer");
  return j;
}

settings::Schema<LabSettings> make_lab_schema() {
  using settings::Setting;
  using settings::Spec;
  using settings::Type;
  using settings::Value;
  settings::Schema<LabSettings> schema("lab", {});
  const settings::Schema<SurfaceDesc> surface = surface_schema()
      .without({"eigen"})
      .with_default("b", [](const SurfaceDesc&) { return Value::of(100.0); });
  schema.add(surface, &LabSettings::surface);
  Setting<LabSettings> start = settings::list_field(
      Spec{.key = "start", .type = Type::RealList, .lo = -1e6, .hi = 1e6, .min_items = 2, .max_items = 2,
           .help = "where every optimizer starts, x,y (also: click the contour map)"},
      &LabSettings::start, std::vector<double>{});
  start.fallback = [](const LabSettings& l) {
    const SurfaceInfo info = surface_info(l.surface);
    return Value::of_list({info.start_x, info.start_y});
  };
  start.group = "surface";  // a new surface kind moves the start to the surface's own
  start.dependent = true;
  start.default_text = "the surface's start";
  schema.add(start);
  schema.add(settings::number_field(Spec{.key = "speed", .type = Type::Real, .lo = 0.5, .hi = 1000,
                                         .unit = "steps per second", .help = "how fast play runs",
                                         .slider_lo = 1, .slider_hi = 200, .log_scale = true},
                                    &LabSettings::speed, 20.0));
  return schema;
}

}  // namespace

const settings::Schema<LabSettings>& lab_schema() {
  static const settings::Schema<LabSettings> schema = make_lab_schema();
  return schema;
}

namespace {
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

LabModel::LabModel() {
  // Quadratic a=1, b=100 (kappa 100): GD zig-zags across the valley and then crawls along it
  // (rate 0.98 per step at 0.9 x its best step), while momentum 0.9 at the same lr rolls through
  // it (0.95): the heavy ball wins clearly. At kappa < 34 momentum 0.9 would lose to plain GD.
  const LabSettings defaults = lab_schema().defaults();
  surface_ = defaults.surface;
  start_x_ = defaults.start.at(0);
  start_y_ = defaults.start.at(1);
  speed_ = defaults.speed;
  // The same lr for both, so the only difference is the momentum term (a fair comparison).
  const double lr = surface_info(surface_).default_lr;
  OptimizerDesc sgd = optimizer_defaults(OptimizerKind::SGD), mom = optimizer_defaults(OptimizerKind::Momentum);
  sgd.lr = mom.lr = lr;
  add_optimizer(sgd);
  add_optimizer(mom);
}

LabSettings LabModel::settings() const {
  LabSettings l;
  l.surface = surface_;
  l.surface.rotation = normalised_degrees(rotation_deg()) * kPi / 180.0;
  l.start = {start_x_, start_y_};
  l.speed = speed_;
  return l;
}

Status LabModel::apply_settings(const settings::Given& given, const std::string& who) {
  const LabSettings old = settings();
  LabSettings n = old;
  if (Status s = lab_schema().apply(n, given, who); !s) return s;
  const bool new_kind = n.surface.kind != old.surface.kind;
  const bool new_surface = new_kind || n.surface.eigen_a != old.surface.eigen_a ||
                           n.surface.eigen_b != old.surface.eigen_b || n.surface.rotation != old.surface.rotation;
  if (new_surface) {
    surface_ = n.surface;
    surface_.rotation = normalised_degrees(n.surface.rotation * 180.0 / kPi) * kPi / 180.0;
  }
  start_x_ = n.start.at(0);
  start_y_ = n.start.at(1);
  speed_ = n.speed;
  if (new_surface || n.start != old.start) {
    for (LabRun& r : runs_) {
      if (new_kind) r.runner.hyper().lr = suggested_lr(r.runner.hyper(), surface_, start_x_, start_y_);
      r.runner.set_surface(surface_);
    }
    new_surface ? touch_surface() : touch();
    reset();
  }
  return Status::ok();
}

settings::Schema<OptimizerDesc> LabModel::optimizer_table() const {
  const SurfaceDesc surface = surface_;
  const double x0 = start_x_, y0 = start_y_;
  return optimizer_schema().with_default(
      "lr", [=](const OptimizerDesc& d) { return settings::Value::of(suggested_lr(d, surface, x0, y0)); },
      "suggested for the surface and start");
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
  return apply_settings({{"surface", "quadratic"},
                         {"a", settings::shortest_number(a)},
                         {"b", settings::shortest_number(b)},
                         {"rotation", settings::shortest_number(rotation_deg)}},
                        "surface");
}

Status LabModel::set_start(double x, double y) {
  return apply_settings({{"start", settings::shortest_number(x) + "," + settings::shortest_number(y)}}, "start");
}

Status LabModel::add_optimizer(const OptimizerDesc& desc) {
  if (int(runs_.size()) >= kMaxRuns)
    return make_error(ErrorCode::Usage, "optimizer add: at most " + std::to_string(kMaxRuns) +
                                            " optimizers; remove one first (optimizer remove INDEX)");
  const OptimizerDesc& d = desc;  // as given: an explicit momentum 0 stays 0 (plain gradient descent)
  if (Status s = validate_optimizer(d); !s) return s;
  LabRun run{TrajectoryRunner(surface_, d, start_x_, start_y_)};
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

Status LabModel::set_speed(double s) { return apply_settings({{"speed", settings::shortest_number(s)}}, "speed"); }

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
    row.predicted = predicted_rate(d, t.lmin, t.lmax);  // NaN for the adaptive kinds
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
  out["settings"] = settings_json(lab_schema(), settings());
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
    o["settings"] = settings_json(optimizer_schema(), desc_of(r));
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
    if (Status s = a.expect(2, 2, "optimizer add KIND [key=value ...]", true); !s) return s;
    if (a.has("optimizer")) return make_error(ErrorCode::Usage, "optimizer add: give the kind as a word, not optimizer=");
    const settings::Schema<OptimizerDesc> table = optimizer_table();
    OptimizerDesc d = table.defaults();
    settings::Given given = a.given();
    given.insert(given.begin(), {"optimizer", a.words[1]});
    if (Status s = table.apply(d, given, "optimizer add"); !s) return s;
    return add_optimizer(d);
  }
  if (sub == "set") {
    if (a.options.empty() || a.words.size() != 2)
      return make_error(ErrorCode::Usage, "optimizer set: usage: optimizer set INDEX key=value ...");
    Result<int> i = a.word_integer(1, "INDEX", 0, kMaxRuns - 1);
    if (!i) return i.status();
    if (*i >= int(runs_.size())) return set_hyper(*i, {});
    if (a.has("optimizer"))
      return make_error(ErrorCode::Usage, "optimizer set: the kind of #" + std::to_string(*i) +
                                              " stays; remove it and add another (optimizer remove, optimizer add)");
    OptimizerDesc d = runs_[size_t(*i)].runner.hyper();
    if (Status s = optimizer_schema().apply(d, a.given(), "optimizer set"); !s) return s;
    return set_hyper(*i, d);
  }
  if (sub == "remove") {
    if (Status s = a.expect(2, 2, "optimizer remove INDEX"); !s) return s;
    Result<int> i = a.word_integer(1, "INDEX", 0, kMaxRuns - 1);
    if (!i) return i.status();
    return remove_optimizer(*i);
  }
  if (sub == "clear") {
    if (Status s = a.expect(1, 1, "optimizer clear"); !s) return s;
    clear_optimizers();
    return Status::ok();
  }
  return make_error(ErrorCode::Usage, "optimizer: use 'optimizer add KIND', 'optimizer set INDEX key=value', "
                                      "'optimizer remove INDEX' or 'optimizer clear'");
}

Status LabModel::run_lab_command(const CommandArgs& a, const SaveFn& save) {
  if (a.words.empty()) {
    if (a.options.empty())
      return make_error(ErrorCode::Usage, "lab: give a verb (step, back, reset, play, pause, speed, start, export) "
                                          "or settings: " + lab_schema().usage());
    return apply_settings(a.given(), "lab");
  }
  const std::string& verb = a.words[0];
  if (verb == "step") {
    if (Status s = a.expect(1, 2, "lab step [N]"); !s) return s;
    Result<int> n = a.optional_word_integer(1, "N", 1, 1, kMaxSteps);
    if (!n) return n.status();
    if (!step(*n))
      return make_error(ErrorCode::TooLarge, "lab step: stopped at the lab's limit of " + std::to_string(kMaxSteps) +
                                                 " steps (lab back N or lab reset)");
    return Status::ok();
  }
  if (verb == "back") {
    if (Status s = a.expect(1, 2, "lab back [N]"); !s) return s;
    Result<int> n = a.optional_word_integer(1, "N", 1, 1, kMaxSteps);
    if (!n) return n.status();
    pause();
    back(*n);
    return Status::ok();
  }
  if (verb == "reset" || verb == "play" || verb == "pause") {
    if (Status s = a.expect(1, 1, "lab " + verb); !s) return s;
    if (verb == "reset") reset();
    if (verb == "play") play();
    if (verb == "pause") pause();
    return Status::ok();
  }
  if (verb == "speed") {
    if (Status s = a.expect(2, 2, "lab speed STEPS_PER_SECOND"); !s) return s;
    return apply_settings({{"speed", a.words[1]}}, "lab speed");
  }
  if (verb == "start") {
    if (Status s = a.expect(3, 3, "lab start X Y"); !s) return s;
    return apply_settings({{"start", a.words[1] + "," + a.words[2]}}, "lab start");
  }
  if (verb == "export") {
    if (a.words.size() != 3 || (a.words[1] != "csv" && a.words[1] != "json") || !a.options.empty())
      return make_error(ErrorCode::Usage, "lab export: usage: lab export csv|json FILE");
    if (save) save(a.words[2], a.words[1] == "csv" ? export_csv() : export_json());
    return Status::ok();
  }
  return make_error(ErrorCode::Usage, "lab: unknown verb " + settings::quoted(verb) +
                                          "; use step, back, reset, play, pause, speed, start, export or key=value");
}

void LabModel::register_commands(CommandRegistry& reg, SaveFn save) {
  reg.add("surface",
          "surface NAME [a=A b=B rotation=DEG]: the lab's loss surface: quadratic (a, b: the Hessian's eigenvalues, "
          "rotation: of its axes in degrees), rosenbrock, beale, himmelblau or saddle. Restarts every optimizer "
          "from the surface's default start with a suggested lr",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(1, 1, "surface NAME [a=.. b=.. rotation=DEG]", true); !s) return s;
            for (const auto& [key, value] : a.options)
              if (key != "a" && key != "b" && key != "rotation")
                return make_error(ErrorCode::Usage, "surface: unknown option " + settings::quoted(key) +
                                                        "; use a=, b=, rotation= (the quadratic's)");
            settings::Given given = a.given();
            given.insert(given.begin(), {"surface", a.words[0]});
            const SurfaceKind before = surface_.kind;
            if (Status s = apply_settings(given, "surface"); !s) return s;
            // A fresh start even on the same kind: the surface's own start, suggested lrs.
            return surface_.kind == before ? set_surface(surface_.kind) : Status::ok();
          });
  reg.add("eigen",
          "eigen A B: the quadratic's Hessian eigenvalues (0 < A, B <= 1000; condition number max/min). Switches "
          "to the quadratic; keeps the optimizers' lr (too large an lr for the steep axis diverges)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(2, 2, "eigen A B"); !s) return s;
            return apply_settings({{"surface", "quadratic"}, {"a", a.words[0]}, {"b", a.words[1]}}, "eigen");
          });
  reg.add("rotation", "rotation DEG: turn the quadratic's axes by DEG degrees (switches to the quadratic)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(1, 1, "rotation DEG"); !s) return s;
            return apply_settings({{"surface", "quadratic"}, {"rotation", a.words[0]}}, "rotation");
          });
  reg.add("optimizer",
          "optimizer add KIND [" + optimizer_schema().without({"optimizer"}).usage() +
              "] | optimizer set INDEX key=value... | optimizer remove INDEX | optimizer clear: the lab's optimizers "
              "(KIND: sgd, momentum, nesterov, adagrad, rmsprop, adam; INDEX counts from 0 in the list; omitted lr: "
              "suggested for the surface; set applies from the next step)",
          [this](const CommandArgs& a) { return run_optimizer_command(a); });
  reg.add("lab",
          "lab step [N] | lab back [N] | lab reset | lab play | lab pause | lab speed STEPS_PER_SECOND | lab start X Y "
          "| lab export csv|json FILE | lab [" + lab_schema().usage() +
              "]: step every optimizer N steps now (the lab stops at " + std::to_string(kMaxSteps) +
              "), rewind N steps, back to the start, play continuously, pause, the play speed (0.5..1000), the "
              "start of every optimizer, save the trajectories, or change the lab's settings",
          [this, save](const CommandArgs& a) { return run_lab_command(a, save); });
  for (const char* verb : {"step", "back", "reset", "play", "pause", "speed", "start"})
    reg.alias(verb, std::string("lab ") + verb);
}

}  // namespace descent::ui
