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
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kGrid = 41;          // cells per side of the loss grid
constexpr int kEvalRows = 512;     // training examples the grid's loss is measured on
constexpr int kSnapshotEvery = 2;  // steps between recorded weights

enum class PlaneMode { PCA, Random, Weights };
const char* plane_mode_name(PlaneMode m) {
  return m == PlaneMode::PCA ? "pca" : m == PlaneMode::Random ? "random" : "weights";
}

struct Run {
  OptimizerDesc opt;
  std::unique_ptr<TrainingSession> session;
  std::vector<PlanePoint> projected;
  std::vector<std::array<float, 2>> screen;  // last drawn points, window pixels
  std::string error;
};

class LandscapeView : public View {
 public:
  LandscapeView() {
    data_.name = "moons";
    data_.noise = 0.2;
    model_.kind = ModelKind::MLP;
    model_.hidden = {8};
    model_.activation = kernels::Activation::Tanh;
    OptimizerDesc sgd;
    sgd.kind = OptimizerKind::SGD;
    sgd.lr = 0.1;
    OptimizerDesc mom = sgd;
    mom.kind = OptimizerKind::Momentum;
    mom.momentum = 0.9;
    optimizers_ = {resolve_defaults(sgd), resolve_defaults(mom)};
  }

  const char* name() const override { return "landscape"; }
  const char* title() const override { return "Loss landscape"; }
  void attach(AppContext& ctx) override { ctx_ = &ctx; }

  void register_commands(CommandRegistry& r) override {
    r.add("landscape",
          "landscape [data=NAME] [model=softmax|svm|mlp] [hidden=8,8] [activation=tanh] [lr=F] [batch=N] [steps=N] "
          "[plane=pca|random|weights] [i=N j=N] [seed=N] [optimizers=sgd,momentum,adam]: set up the "
          "loss-landscape view (restarts training; every optimizer gets the same lr, momentum 0.9)",
          [this](const CommandArgs& a) { return configure(a); });
    r.add("landscape-train", "landscape-train [STEPS]: train every optimizer STEPS more steps now, then recompute the surface",
          [this](const CommandArgs& a) -> Status {
            Result<int> n = a.words.empty() ? Result<int>(steps_target_) : a.word_integer(0, "steps");
            if (!n) return n.status();
            if (*n < 0 || *n > 100000) return make_error(ErrorCode::Usage, "landscape-train: 0..100000 steps");
            if (!ensure_sessions()) return make_error(ErrorCode::Usage, last_error_);
            for (Run& run : runs_)
              for (int k = 0; k < *n && run.error.empty(); ++k) step_run(run);
            playing_ = false;
            return rebuild_plane();
          });
    r.add("landscape-compute", "landscape-compute: evaluate the whole loss grid now (synchronously)",
          [this](const CommandArgs&) -> Status {
            if (!grid_) return make_error(ErrorCode::Usage, "landscape-compute: train first (landscape-train N)");
            while (!grid_->done()) grid_->advance(1 << 20);
            texture_dirty_ = true;
            return Status::ok();
          });
  }

  void update(AppContext& ctx) override {
    if (playing_ && !runs_.empty()) {
      bool any = false;
      while (ctx.time_left()) {
        any = false;
        for (Run& run : runs_)
          if (run.error.empty() && run.session->steps() < steps_target_) {
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
      case KeyAction::Reset: forget_runs(); return true;
      default: return false;
    }
  }

  void state(nlohmann::json& out) const override {
    out["data"] = data_.name;
    out["model"] = model_name(model_.kind);
    out["plane"] = plane_mode_name(mode_);
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
    DataRequest d = data_;
    ModelDesc m = model_;
    auto it = a.options.find("data");
    if (it != a.options.end()) d.name = it->second;
    if ((it = a.options.find("model")) != a.options.end()) {
      Result<ModelKind> k = parse_model(it->second);
      if (!k) return k.status();
      m.kind = *k;
    }
    if ((it = a.options.find("activation")) != a.options.end()) {
      Result<kernels::Activation> act = parse_activation(it->second);
      if (!act) return act.status();
      m.activation = *act;
    }
    if ((it = a.options.find("hidden")) != a.options.end() && !parse_widths(it->second, &m.hidden))
      return make_error(ErrorCode::Usage, "landscape: hidden must be 1 to 8 widths like 8,8 (each 1..4096)");
    Result<double> lr = a.number("lr", optimizers_[0].lr);
    Result<int> batch = a.integer("batch", batch_);
    Result<int> steps = a.integer("steps", steps_target_);
    Result<int> seed = a.integer("seed", int(seed_));
    Result<int> wi = a.integer("i", int(weight_i_));
    Result<int> wj = a.integer("j", int(weight_j_));
    for (const Status& s : {lr.status(), batch.status(), steps.status(), seed.status(), wi.status(), wj.status()})
      if (!s) return s;
    if (!(*lr > 0)) return make_error(ErrorCode::Usage, "landscape: lr must be positive");
    if (*batch < 0 || *steps < 1 || *steps > 100000 || *wi < 0 || *wj < 0)
      return make_error(ErrorCode::Usage, "landscape: batch >= 0, steps in 1..100000, i, j >= 0");
    std::vector<OptimizerDesc> opts = optimizers_;
    if ((it = a.options.find("optimizers")) != a.options.end()) {
      opts.clear();
      std::stringstream ss(it->second);
      std::string item;
      while (std::getline(ss, item, ',')) {
        Result<OptimizerKind> k = parse_optimizer(item);
        if (!k) return k.status();
        OptimizerDesc o;
        o.kind = *k;
        o.lr = *lr;
        opts.push_back(resolve_defaults(o));
      }
      if (opts.empty() || opts.size() > 6) return make_error(ErrorCode::Usage, "landscape: 1..6 optimizers");
    }
    if ((it = a.options.find("plane")) != a.options.end()) {
      if (it->second == "pca") mode_ = PlaneMode::PCA;
      else if (it->second == "random") mode_ = PlaneMode::Random;
      else if (it->second == "weights") mode_ = PlaneMode::Weights;
      else return make_error(ErrorCode::Usage, "landscape: plane must be pca, random or weights");
    }
    data_ = d;
    model_ = m;
    optimizers_ = opts;
    for (OptimizerDesc& o : optimizers_) o.lr = *lr;
    batch_ = *batch;
    steps_target_ = *steps;
    seed_ = uint32_t(*seed);
    weight_i_ = size_t(*wi);
    weight_j_ = size_t(*wj);
    runs_.clear();
    grid_.reset();
    plane_.reset();
    if (!ensure_sessions()) return make_error(ErrorCode::Usage, last_error_);
    return Status::ok();
  }

  // (Re)creates the sessions when there are none: identical seed, so identical start and batches.
  bool ensure_sessions() {
    if (!runs_.empty()) return true;
    if (!ctx_) {
      last_error_ = "landscape: the view is not ready yet";
      return false;
    }
    DataRequest req = data_;
    req.seed = seed_;
    if (req.name == "fashion-mnist" && req.limit_train == 0) {
      req.limit_train = 5000;
      req.limit_test = 1000;
    }
    Result<std::shared_ptr<const DataSplits>> d = ctx_->data(req);
    if (!d) {
      last_error_ = d.status().message;
      ctx_->error(last_error_);
      return false;
    }
    splits_ = *d;
    for (const OptimizerDesc& o : optimizers_) {
      Run run;
      run.opt = o;
      TrainDesc td;
      td.model = model_;
      td.optimizer = o;
      td.batch = batch_;
      td.seed = seed_;
      td.trajectory_every = kSnapshotEvery;
      td.evaluate_epochs = false;
      run.session = std::make_unique<TrainingSession>(std::const_pointer_cast<DataSplits>(splits_), td);
      runs_.push_back(std::move(run));
    }
    // The grid's loss: the model on a fixed slice of the training set.
    const Dataset& train = splits_->train;
    eval_rows_ = std::min(kEvalRows, train.size());
    eval_net_ = std::make_unique<Network<float>>(model_, train.dim(), train.num_classes);
    return true;
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
    if (mode_ == PlaneMode::PCA) {
      std::vector<const std::vector<std::vector<float>>*> trajs;
      for (const Run& r : runs_) trajs.push_back(&r.session->trajectory());
      p = pca_plane(trajs, center);
    } else if (mode_ == PlaneMode::Random) {
      p = random_plane(center, runs_[0].session->network().params().tensors, seed_ + 17);
    } else {
      p = weights_plane(center, weight_i_, weight_j_);
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
    if (mode_ == PlaneMode::Random) {  // random directions have the weights' scale: show +-1 around the center
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
    grid_ = std::make_unique<LossGrid>(*plane_, rect, kGrid, kGrid, [train, net, rows](const std::vector<float>& th) {
      net->params().value = th;
      return net->loss(train->X.ptr(), train->y.data(), rows).total();
    });
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

  void forget_runs() {
    runs_.clear();
    grid_.reset();
    plane_.reset();
    playing_ = false;
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
    static const char* datasets[] = {"moons", "spiral", "circles", "xor", "blobs", "fashion-mnist"};
    int di = 0;
    for (int i = 0; i < 6; ++i)
      if (data_.name == datasets[i]) di = i;
    bool changed = false;
    if (ImGui::Combo("data", &di, datasets, 6)) {
      data_.name = datasets[di];
      changed = true;
    }
    int mk = int(model_.kind);
    if (ImGui::Combo("model", &mk, "softmax\0svm\0mlp\0")) {
      model_.kind = ModelKind(mk);
      changed = true;
    }
    if (model_.kind == ModelKind::MLP) {
      int width = model_.hidden.empty() ? 8 : model_.hidden[0];
      if (ImGui::SliderInt("hidden", &width, 2, 64)) {
        model_.hidden = {width};
        changed = true;
      }
      int act = int(model_.activation) - 1;
      if (ImGui::Combo("activation", &act, "relu\0tanh\0sigmoid\0")) {
        model_.activation = kernels::Activation(act + 1);
        changed = true;
      }
    }
    float lr = float(optimizers_[0].lr);
    if (ImGui::SliderFloat("lr", &lr, 1e-3f, 1.0f, "%.3f", ImGuiSliderFlags_Logarithmic)) {
      for (OptimizerDesc& o : optimizers_) o.lr = lr;
      changed = true;
    }
    static const char* kinds[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
    ImGui::SetNextItemWidth(120);
    ImGui::Combo("##add-kind", &add_kind_, kinds, 6);
    ImGui::SameLine();
    if (ImGui::Button("Add optimizer") && optimizers_.size() < 6) {
      OptimizerDesc o;
      o.kind = OptimizerKind(add_kind_);
      o.lr = optimizers_.empty() ? 0.1 : optimizers_[0].lr;
      optimizers_.push_back(resolve_defaults(o));
      changed = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Remove last") && optimizers_.size() > 1) {
      optimizers_.pop_back();
      changed = true;
    }
    if (ImGui::SliderInt("batch", &batch_, 0, 256)) changed = true;
    ImGui::SameLine();
    help_marker("0 = the full training set every step (gradient descent); otherwise mini-batch SGD.");
    ImGui::SliderInt("steps", &steps_target_, 10, 2000);
    if (changed) {
      runs_.clear();
      grid_.reset();
      plane_.reset();
      playing_ = false;
    }
    int mode = int(mode_);
    if (ImGui::Combo("plane", &mode, "PCA of the paths\0random (filter-normalised)\0two weights\0")) {
      mode_ = PlaneMode(mode);
      ctx.check(rebuild_plane());
    }
    if (mode_ == PlaneMode::Weights) {
      int i = int(weight_i_), j = int(weight_j_);
      const int maxp = runs_.empty() ? 100 : int(runs_[0].session->network().params().size()) - 1;
      const bool moved_i = ImGui::SliderInt("weight i", &i, 0, maxp);
      const bool moved_j = ImGui::SliderInt("weight j", &j, 0, maxp);
      if (moved_i || moved_j) {
        weight_i_ = size_t(i);
        weight_j_ = size_t(j);
        ctx.check(rebuild_plane());
      }
    }
    if (ImGui::Button(playing_ ? "Pause" : "Train")) {
      playing_ = !playing_ && ensure_sessions();
      if (!playing_ && !runs_.empty()) ctx.check(rebuild_plane());
    }
    ImGui::SameLine();
    if (ImGui::Button("Restart")) forget_runs();
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
    if (plane_ && mode_ == PlaneMode::PCA)
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
  DataRequest data_;
  ModelDesc model_;
  std::vector<OptimizerDesc> optimizers_;
  int batch_ = 32;
  int steps_target_ = 300;
  uint32_t seed_ = 1;
  PlaneMode mode_ = PlaneMode::PCA;
  size_t weight_i_ = 0, weight_j_ = 1;
  bool playing_ = false;
  int add_kind_ = 5;  // adam
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
