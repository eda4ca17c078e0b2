// landscape_view.cpp: the loss surface of a real classifier. Two or more optimizers train the same
// model from identical weights on identical mini-batches; their weight-space paths are drawn on the
// loss over a plane (Li et al. 2018): the PCA plane of the paths, two filter-normalised random
// directions, or two chosen weights. The distance of each path from the plane is shown, so the
// picture does not mislead. Training and the grid both run a slice per frame.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include <imgui.h>

#include "core/landscape/loss_grid.h"
#include "core/landscape/plane.h"
#include "core/train/session.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/colormap.h"
#include "core/ui/gfx.h"
#include "core/ui/lab_contour.h"
#include "core/ui/landscape_settings.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_json.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kGrid = 41;          // cells per side of the loss grid
constexpr int kEvalRows = 512;     // training examples the grid's loss is measured on
constexpr int kSnapshotEvery = 2;  // steps between recorded weights


struct Run {
  OptimizerDesc opt;
  std::unique_ptr<TrainingSession> session;
  std::vector<PlanePoint> projected;
  std::vector<std::array<float, 2>> screen;  // last drawn points, window pixels
  std::string error;
};

class LandscapeView : public View {
 public:
  const char* name() const override { return "landscape"; }
  const char* title() const override { return "Loss landscape"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    r.add("landscape",
          "landscape [" + landscape_schema().usage() + "]: set up the loss-landscape view (restarts training; every "
          "optimizer gets the same lr, and momentum and nesterov the same momentum)",
          [this](const CommandArgs& a) { return configure(a); });
    r.add("landscape-train",
          "landscape-train [STEPS]: train every optimizer STEPS more steps, then recompute the surface (what does "
          "not fit in the command goes on over frames; scripts wait for it)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(0, 1, "landscape-train [STEPS]"); !s) return s;
            Result<int> n = a.optional_word_integer(0, "STEPS", settings_.steps, 0, 100000);
            if (!n) return n.status();
            if (!ensure_sessions()) return make_error(ErrorCode::Usage, last_error_);
            playing_ = false;
            train_left_ = *n;
            return advance_training(ctx_ ? ctx_->command_deadline() : 1e300);
          });
    r.add("landscape-compute",
          "landscape-compute: evaluate the whole loss grid (what does not fit in the command goes on over frames; "
          "scripts wait for it)",
          [this](const CommandArgs& a) -> Status {
            if (Status s = a.expect(0, 0, "landscape-compute"); !s) return s;
            if (!grid_) return make_error(ErrorCode::Usage, "landscape-compute: train first (landscape-train N)");
            compute_sync_ = true;
            for (const double end = ctx_ ? ctx_->command_deadline() : 1e300; !grid_->done() && (!ctx_ || ctx_->now() < end);)
              grid_->advance(8);
            texture_dirty_ = true;
            return Status::ok();
          });
  }

  bool busy() const override { return train_left_ > 0 || (compute_sync_ && grid_ && !grid_->done()); }

  // The steps landscape-train asked for, until the deadline (ctx time); the surface when they are done.
  Status advance_training(double deadline) {
    while (train_left_ > 0 && (!ctx_ || ctx_->now() < deadline)) {
      for (Run& run : runs_)
        if (run.error.empty()) step_run(run);
      --train_left_;
    }
    return train_left_ == 0 ? rebuild_plane() : Status::ok();
  }

  void update(AppContext& ctx) override {
    if (train_left_ > 0) {
      ctx.check(advance_training(ctx.now() + std::min(ctx.frame_budget, ctx.budget_limit)));
      return;
    }
    if (playing_ && !runs_.empty()) {
      bool any = false;
      while (ctx.time_left()) {
        any = false;
        for (Run& run : runs_)
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
    if (grid_ && !grid_->done()) {
      while (!grid_->done() && ctx.time_left()) grid_->advance(8);
      texture_dirty_ = true;
    }
  }

  void draw(AppContext& ctx) override {
    if (layout::compact()) {  // a phone (layout.h): the settings, the surface and the loss by tabs
      static const char* kTabs[] = {"Setup", "Surface", "Loss"};
      const int tab = layout::panel_tabs("landscape_tabs", kTabs, 3, &compact_tab_);
      if (tab == 0) {
        layout::Panel panel("setup");
        draw_controls(ctx);
        return;
      }
      layout::Panel panel(tab == 1 ? "surface" : "loss plot");
      layout::begin_scroll("landscape_page");
      if (tab == 1 && draw_surface_map(layout::square_side(ImGui::GetContentRegionAvail(), 0.0f, 120.0f)))
        draw_surface_notes();
      else if (tab == 2)
        draw_loss_plot(ImGui::GetContentRegionAvail());
      layout::end_scroll();
      return;
    }
    {
      layout::Panel panel("setup");
      draw_controls(ctx);
    }
    ImGui::SameLine();
    layout::Panel panel("surface and loss");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float side = std::max(100.0f, std::min(avail.x - 380.0f, avail.y - 8.0f));
    if (!draw_surface_map(side)) return;
    ImGui::SetCursorScreenPos(ImVec2(p0.x + side + 12.0f, p0.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 360.0f);
    draw_surface_notes();
    ImGui::PopTextWrapPos();
    draw_loss_plot(ImVec2(360, 260));
    ImGui::EndGroup();
  }

  std::vector<settings::Spec> setting_specs() const override { return specs_of(landscape_schema()); }
  // ---- the keyboard (presenter.h) ------------------------------------------------------------------
  const char* key_meaning(KeyAction a) const override {
    switch (a) {
      case KeyAction::PlayPause: return "train every optimizer, or pause";
      case KeyAction::Step: return "one step of every optimizer (the surface is recomputed)";
      case KeyAction::Reset: return "forget the runs; Train starts them again from the same weights";
      default: return nullptr;
    }
  }

  bool on_key(KeyAction a, AppContext& ctx) override {
    switch (a) {
      case KeyAction::PlayPause:
        playing_ = !playing_ && ensure_sessions();
        if (!playing_ && !runs_.empty()) ctx.check(rebuild_plane());
        return true;
      case KeyAction::Step:
        if (!ensure_sessions()) return true;  // (ensure_sessions posted why)
        playing_ = false;
        for (Run& run : runs_)
          if (run.error.empty()) step_run(run);
        ctx.check(rebuild_plane());
        return true;
      case KeyAction::Reset: restart(); return true;
      default: return false;
    }
  }

  void state(nlohmann::json& out) const override {
    out["settings"] = settings_json(landscape_schema(), settings_);
    out["active"] = !runs_.empty();
    out["data"] = settings_.data.name;
    out["model"] = model_name(settings_.model.kind);
    out["plane"] = plane_mode_name(settings_.plane);
    out["playing"] = playing_;
    out["explained"] = {plane_ ? plane_->explained[0] : 0.0, plane_ ? plane_->explained[1] : 0.0};
    out["grid_progress"] = grid_ ? grid_->progress() : 0.0;
    nlohmann::json runs = nlohmann::json::array();
    for (size_t i = 0; i < runs_.size(); ++i) {
      const Run& r = runs_[i];
      nlohmann::json j;
      j["optimizer"] = optimizer_name(r.opt.kind);
      j["lr"] = r.opt.lr;
      j["step"] = r.session ? r.session->steps() : 0;
      j["loss"] = r.session && !r.session->step_losses().empty() ? r.session->step_losses().back() : 0.0f;
      j["max_off_plane"] = max_off(r);
      j["path_length"] = path_length(r);
      j["error"] = r.error;
      nlohmann::json sp = nlohmann::json::array();
      for (const auto& p : r.screen) sp.push_back({p[0], p[1]});
      j["screen_path"] = sp;
      char hex[16];
      std::snprintf(hex, sizeof hex, "#%08x", unsigned(series_color(int(i))));
      j["color"] = hex;
      runs.push_back(j);
    }
    out["optimizers"] = runs;
  }

 private:
  Status configure(const CommandArgs& a) {
    if (Status s = a.expect(0, 0, "landscape [key=value ...]", true); !s) return s;
    LandscapeSettings n = settings_;
    if (Status s = apply_options(landscape_schema(), n, a); !s) return s;
    return use_settings(n);
  }

  // New settings: a fresh start (sessions from the same seed), training when asked.
  Status use_settings(const LandscapeSettings& n) {
    const LandscapeSettings old = settings_;
    settings_ = n;
    restart();
    if (!ensure_sessions()) {
      settings_ = old;
      restart();
      return make_error(ErrorCode::Usage, last_error_);
    }
    return Status::ok();
  }

  void restart() {
    train_left_ = 0;
    runs_.clear();
    grid_.reset();
    plane_.reset();
    playing_ = false;
  }

  // (Re)creates the sessions when there are none: identical seed, so identical start and batches.
  bool ensure_sessions() {
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
      Run run;
      run.opt = o;
      Result<std::unique_ptr<TrainingSession>> session =
          TrainingSession::create(std::const_pointer_cast<DataSplits>(splits_), train_desc(o));
      if (!session) return fail(session.status());
      run.session = std::move(*session);
      runs_.push_back(std::move(run));
    }
    // The grid's loss: the model on a fixed slice of the training set.
    const Dataset& train = splits_->train;
    eval_rows_ = std::min(kEvalRows, train.size());
    Result<Network<float>> net = Network<float>::create(settings_.model, train.dim(), train.num_classes, eval_rows_);
    if (!net) return fail(net.status());
    eval_net_ = std::make_unique<Network<float>>(std::move(*net));
    return true;
  }

  TrainDesc train_desc(const OptimizerDesc& o) const {
    TrainDesc td;
    td.model = settings_.model;
    td.optimizer = o;
    td.batch = settings_.batch;
    td.seed = settings_.seed;
    td.trajectory_every = kSnapshotEvery;
    td.evaluate_epochs = false;
    return td;
  }

  // Every optimizer's session with its trajectory (a snapshot of the weights every kSnapshotEvery
  // steps, up to the steps target) and the grid's network, together (memory_budget.h).
  Status check_memory_needed() const {
    const Dataset& train = splits_->train;
    const uint64_t P = parameter_count(settings_.model, train.dim(), train.num_classes);
    const uint64_t snapshots = uint64_t(std::max(settings_.steps, 0) / kSnapshotEvery + 1);
    uint64_t bytes = network_memory(settings_.model, train.dim(), train.num_classes, kEvalRows, sizeof(float)).bytes;
    for (const OptimizerDesc& o : settings_.optimizer_descs())
      bytes += training_session_memory(*splits_, train_desc(o)).bytes + snapshots * P * sizeof(float);
    const MemoryEstimate need{bytes, std::to_string(settings_.optimizers.size()) + " training runs of " + format_count(P) +
                                         " parameters with " + format_count(snapshots) +
                                         " snapshots each (the paths), and the grid's network"};
    return check_memory("landscape: " + model_subject(settings_.model, train.dim(), train.num_classes) + ", " +
                            std::to_string(settings_.steps) + " steps",
                        need, "choose a smaller model or fewer steps");
  }

  bool fail(const Status& s) {
    runs_.clear();
    last_error_ = s.message;
    ctx_->error(last_error_);
    return false;
  }

  void step_run(Run& run) {
    Status s = run.session->step();
    if (!s) {
      run.error = s.message;
      if (ctx_) ctx_->error(std::string(optimizer_name(run.opt.kind)) + ": " + s.message);
    }
  }

  Status rebuild_plane() {
    if (runs_.empty()) return Status::ok();
    const std::vector<float>& center = runs_[0].session->network().params().value;
    Result<Plane> p = make_error(ErrorCode::Internal, "no plane");
    if (settings_.plane == PlaneMode::PCA) {
      std::vector<const std::vector<std::vector<float>>*> trajs;
      for (const Run& r : runs_) trajs.push_back(&r.session->trajectory());
      p = pca_plane(trajs, center);
    } else if (settings_.plane == PlaneMode::Random) {
      p = random_plane(center, runs_[0].session->network().params().tensors, settings_.seed + 17);
    } else {
      p = weights_plane(center, size_t(settings_.i), size_t(settings_.j));
    }
    if (!p) return p.status();
    plane_ = std::make_unique<Plane>(std::move(*p));
    std::vector<PlanePoint> all;
    for (Run& r : runs_) {
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
    Result<LossGrid> grid = LossGrid::create(*plane_, rect, kGrid, kGrid, [train, net, rows](const std::vector<float>& th) {
      net->params().value = th;
      return net->loss(train->X.ptr(), train->y.data(), rows).total();
    });
    if (!grid) return grid.status();
    grid_ = std::make_unique<LossGrid>(std::move(*grid));
    texture_dirty_ = true;
    return Status::ok();
  }

  static double max_off(const Run& r) {
    double m = 0;
    for (const PlanePoint& p : r.projected) m = std::max(m, p.off);
    return m;
  }
  static double path_length(const Run& r) {
    const auto& t = r.session ? r.session->trajectory() : std::vector<std::vector<float>>{};
    double len = 0;
    for (size_t k = 1; k < t.size(); ++k) {
      double s = 0;
      for (size_t p = 0; p < t[k].size(); ++p) s += double(t[k][p] - t[k - 1][p]) * double(t[k][p] - t[k - 1][p]);
      len += std::sqrt(s);
    }
    return len;
  }

  void draw_controls(AppContext& ctx) {
    ImGui::BeginChild("landscape-controls", ImVec2(layout::compact() ? 0.0f : 330.0f, 0), true);
    ImGui::TextWrapped("Train one model with several optimizers from the same weights on the same mini-batches, "
                       "then look at the loss over a plane through weight space.");
    help_marker("A network has thousands of weights, so its loss surface cannot be drawn. We can draw a 2-D "
                "slice: theta(a, b) = center + a*d1 + b*d2. With PCA directions (Li et al. 2018) the plane is "
                "the one the optimizers' paths lie closest to; random directions are filter-normalised so "
                "that scale-invariant networks give comparable pictures. A path is projected onto the plane; "
                "where it lies far off the plane, the picture around it is not the loss it saw.");
    ImGui::Separator();
    const float w = ImGui::GetContentRegionAvail().x * 0.6f;
    LandscapeSettings n = settings_;
    int di = 0;
    const std::vector<std::string> datasets = offered_datasets(ctx);
    for (size_t i = 0; i < datasets.size(); ++i)
      if (n.data.name == datasets[i]) di = int(i);
    bool changed = false;
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("data", datasets[size_t(di)].c_str())) {
      for (const std::string& name : datasets)
        if (ImGui::Selectable(name.c_str(), name == n.data.name))
          changed = ctx.check(landscape_schema().apply(n, {{"data", name}}, "data")) || changed;
      ImGui::EndCombo();
    }
    for (const char* key : {"model", "hidden", "activation", "optimizers", "lr", "momentum", "batch"}) {
      changed = settings_row(ctx, landscape_schema(), n, {key}, w) || changed;
      if (std::string(key) == "batch") {
        ImGui::SameLine();
        help_marker("0 = the full training set every step (gradient descent); otherwise mini-batch SGD.");
      }
    }
    if (changed) ctx.check(use_settings(n));
    // The steps and the plane keep the trained paths: more steps train on, a new plane only redraws.
    LandscapeSettings p = settings_;
    if (settings_row(ctx, landscape_schema(), p, {"steps"}, w)) settings_.steps = p.steps;
    if (settings_row(ctx, landscape_schema(), p, {"plane", "i", "j"}, w)) {
      settings_.plane = p.plane;
      settings_.i = p.i;
      settings_.j = p.j;
      ctx.check(rebuild_plane());
    }
    if (ImGui::Button(playing_ ? "Pause" : "Train")) {
      playing_ = !playing_ && ensure_sessions();
      if (!playing_ && !runs_.empty()) ctx.check(rebuild_plane());
    }
    ImGui::SameLine();
    if (ImGui::Button("Restart")) restart();
    ImGui::Separator();
    for (size_t i = 0; i < runs_.size(); ++i) {
      const Run& r = runs_[i];
      ImGui::PushStyleColor(ImGuiCol_Text, series_color(int(i)));
      ImGui::Text("%s (lr %.3g)", optimizer_name(r.opt.kind), r.opt.lr);
      ImGui::PopStyleColor();
      if (r.session->step_losses().empty())
        ImGui::Text("  step 0  loss -");  // no mini-batch yet
      else
        ImGui::Text("  step %ld  loss %.4f", r.session->steps(), r.session->step_losses().back());
      if (plane_) {
        const double len = path_length(r);
        const double end_off = r.projected.empty() ? 0.0 : r.projected.back().off;
        ImGui::Text("  off the plane: max %.3g, end %.3g", max_off(r), end_off);
        ImGui::Text("  (path length %.3g in weight space)", len);
      }
      if (!r.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "  diverged");
    }
    if (plane_ && settings_.plane == PlaneMode::PCA)
      ImGui::Text("PCA explains %.1f%% + %.1f%% of the paths", 100 * plane_->explained[0], 100 * plane_->explained[1]);
    if (grid_ && !grid_->done()) ImGui::ProgressBar(float(grid_->progress()), ImVec2(-1, 0), "evaluating the surface");
    ImGui::EndChild();
  }

  void update_texture() {
    if (!grid_ || !texture_dirty_) return;
    texture_dirty_ = false;
    const std::vector<double>& v = grid_->values();
    double lo = 1e300, hi = -1e300;
    for (double x : v)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    lo_ = lo;
    hi_ = hi;
    const int n = grid_->nx(), m = grid_->ny();
    pixels_.assign(size_t(n) * size_t(m) * 4, 0);
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = v[size_t(j) * size_t(n) + size_t(i)];
        uint32_t c = IM_COL32(40, 40, 48, 255);
        if (std::isfinite(x) && hi > lo) c = colormap(float(std::log1p(x - lo) / std::log1p(hi - lo)));
        const size_t o = (size_t(m - 1 - j) * size_t(n) + size_t(i)) * 4;  // row 0 at the top: b increases upwards
        pixels_[o] = uint8_t(c & 0xff);
        pixels_[o + 1] = uint8_t((c >> 8) & 0xff);
        pixels_[o + 2] = uint8_t((c >> 16) & 0xff);
        pixels_[o + 3] = 255;
      }
    texture_.upload(n, m, pixels_.data(), false);
    // Contours once the grid is complete: 12 levels equally spaced on the same log scale.
    contours_.clear();
    if (grid_->done() && hi > lo) {
      std::vector<float> level(v.size());
      for (size_t k = 0; k < v.size(); ++k) level[k] = float(std::log1p(v[k] - lo) / std::log1p(hi - lo));
      std::vector<ContourSegment> segs;
      for (int l = 0; l < 12; ++l) marching_squares(level.data(), n, m, (l + 0.5f) / 12.0f, l, &segs);
      chain_contours(segs, &contours_);
    }
  }

  // The loss over the plane with the paths, `side` points square; false (and a hint) before training.
  bool draw_surface_map(float side) {
    if (runs_.empty() || !plane_ || !grid_) {
      ImGui::TextWrapped("Press Train: SGD and SGD with momentum will train the model from the same start; the loss "
                         "surface around their paths appears here.");
      return false;
    }
    update_texture();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Image(texture_.id(), ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const GridRect& r = grid_->rect();
    auto to_screen = [&](double a, double b) {
      return ImVec2(p0.x + float((a - r.amin) / (r.amax - r.amin)) * side,
                    p0.y + float(1.0 - (b - r.bmin) / (r.bmax - r.bmin)) * side);
    };
    std::vector<ImVec2> line;
    for (const ContourLine& c : contours_) {  // uv in box fractions, v up
      line.clear();
      for (size_t k = 0; k + 1 < c.uv.size(); k += 2)
        line.push_back(ImVec2(p0.x + c.uv[k] * side, p0.y + (1.0f - c.uv[k + 1]) * side));
      if (line.size() > 1)
        dl->AddPolyline(line.data(), int(line.size()), IM_COL32(255, 255, 255, 70), c.closed ? ImDrawFlags_Closed : 0, 1.0f);
    }
    for (size_t i = 0; i < runs_.size(); ++i) {
      Run& run = runs_[i];
      std::vector<ImVec2> pts;
      for (const PlanePoint& q : run.projected) pts.push_back(to_screen(q.a, q.b));
      const uint32_t col = series_color(int(i));
      dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
      if (pts.size() > 1) dl->AddPolyline(pts.data(), int(pts.size()), col, ImDrawFlags_None, 2.5f);
      if (!pts.empty()) {
        dl->AddCircleFilled(pts.front(), 4.0f, IM_COL32(255, 255, 255, 255));
        dl->AddCircleFilled(pts.back(), 5.0f, col);
      }
      dl->PopClipRect();
      run.screen.clear();
      const size_t first = pts.size() > 64 ? pts.size() - 64 : 0;
      for (size_t k = first; k < pts.size(); ++k) run.screen.push_back({pts[k].x, pts[k].y});
    }
    return true;
  }

  void draw_surface_notes() {
    ImGui::TextWrapped("Loss over the plane, from %.3g (dark) to %.3g (bright) on a log scale; white lines are "
                       "contours, the white dot is the common start, each coloured dot an optimizer's last step.",
                       lo_, hi_);
  }

  void draw_loss_plot(ImVec2 size) {
    if (runs_.empty()) {
      ImGui::TextWrapped("No training yet: press Train.");
      return;
    }
    std::vector<PlotSeries> series;
    for (size_t i = 0; i < runs_.size(); ++i) {
      PlotSeries s;
      s.y = runs_[i].session->step_losses();
      s.color = series_color(int(i));
      s.label = optimizer_name(runs_[i].opt.kind);
      series.push_back(std::move(s));
    }
    PlotAxes axes;
    axes.title = "training loss per step";
    axes.xlabel = "step";
    axes.log_y = true;
    line_plot("landscape-loss", size, axes, series);
  }

  AppContext* ctx_ = nullptr;
  LandscapeSettings settings_ = landscape_schema().defaults();
  int train_left_ = 0;         // landscape-train's steps still to take (over frames)
  bool compute_sync_ = false;  // landscape-compute asked for the whole grid: scripts wait for it
  bool playing_ = false;
  int frames_since_plane_ = 0;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)
  std::string last_error_;
  std::shared_ptr<const DataSplits> splits_;
  std::vector<Run> runs_;
  std::unique_ptr<Plane> plane_;
  std::unique_ptr<LossGrid> grid_;
  std::unique_ptr<Network<float>> eval_net_;
  int eval_rows_ = 0;
  Texture texture_;
  std::vector<uint8_t> pixels_;
  std::vector<ContourLine> contours_;
  bool texture_dirty_ = false;
  double lo_ = 0, hi_ = 0;
};

}  // namespace

std::unique_ptr<View> make_landscape_view() { return std::make_unique<LandscapeView>(); }

}  // namespace descent::ui
