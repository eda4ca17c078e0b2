// lab_view.cpp: the optimisation lab, the app's opening view. Several optimizers walk the same 2-D
// surface from the same start: a contour map (log-loss heat map and contour lines, click to move the
// start) and a 3-D mesh side by side, a loss-per-step plot, and for the quadratic Goh's theory
// (Distill 2017) beside the measured rates. The state lives in LabModel (lab_model.h, GL-free); this
// file only draws it and turns clicks into model calls. Textures and meshes rebuild on change only.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/optim/optimizer_settings.h"
#include "core/ui/colormap.h"
#include "core/ui/gfx.h"
#include "core/ui/lab_contour.h"
#include "core/ui/lab_model.h"
#include "core/ui/lab_paths.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

constexpr int kGrid = 192;          // heat map and contour grid points per side
constexpr int kMeshGrid = 72;       // 3-D mesh vertices per side
constexpr int kContourLevels = 14;  // equal loss ratios on the log scale
constexpr int kTailPoints = 64;     // screen points per path reported in state()
constexpr float kPathWidth = 2.5f;      // px, the path's colour
constexpr float kOutlineWidth = 5.0f;   // px, the dark outline under it
constexpr float kDotRadius = 5.5f;      // px, the current point
constexpr float kCrossSize = 7.0f;      // px, half the red X of a diverged path
constexpr float kLift3D = 0.012f;       // normalised height the 3-D paths float above the mesh
constexpr uint32_t kDivergedColor = IM_COL32(255, 45, 45, 255);

// ---- the lecture's words, one click away ------------------------------------------------------
const char* kHelpMomentum =
    "Momentum as a heavy ball (Polyak 1964): the update keeps a velocity, z = mu*z + grad, and moves "
    "x -= lr*z. Gradients that keep pointing the same way add up (the ball picks up speed along the "
    "valley floor), while gradients that flip sign from step to step cancel (the zig-zag across the "
    "valley is damped). mu = 0 is plain gradient descent; mu = 0.9 remembers about 10 steps.";
const char* kHelpFair =
    "A fair comparison: by default SGD and momentum use the SAME learning rate, so the only "
    "difference is the momentum term. Note that momentum then takes effectively larger steps "
    "(about lr/(1-mu) on a steady slope). Where that same lr makes momentum diverge from the start, "
    "the lab halves its lr until it does not.";
const char* kHelpCondition =
    "The condition number kappa = lmax / lmin is the ratio of the steepest to the flattest curvature "
    "(the Hessian's eigenvalues a and b). A round bowl has kappa = 1 and gradient descent walks "
    "straight to the minimum. A long narrow valley has a large kappa: the step size must stay below "
    "2/lmax to be stable in the steep direction, so progress along the flat direction is slow, "
    "about (kappa-1)/(kappa+1) per step at best.";
const char* kHelpZigZag =
    "Why gradient descent zig-zags: the gradient is perpendicular to the contour lines, not pointed "
    "at the minimum. In a narrow valley it points mostly ACROSS the valley, so each step overshoots "
    "the valley floor and the next one comes back. With lr*lmax > 1 the steep coordinate flips sign "
    "every step; with lr*lmax > 2 it grows: divergence.";
const char* kHelpSaddle =
    "Saddle points: f = x^2 - y^2 has zero gradient at the origin, yet it is a minimum along x and a "
    "maximum along y. Started almost on the x-axis, gradient descent slides towards the saddle, "
    "slows down where the gradient vanishes, and only escapes along y because of the tiny initial "
    "offset. In high dimensions most critical points are saddles, and plateaus around them, not "
    "bad local minima, slow training down.";
const char* kHelpAdam =
    "Adam's per-coordinate scaling (Kingma & Ba 2015): it keeps running averages of the gradient "
    "(m, beta1) and of its square (v, beta2) and steps by lr * m / (sqrt(v) + eps), separately for "
    "every coordinate. A steep coordinate and a flat one then move by about the same amount, lr, "
    "so the step no longer depends on the gradient's scale. AdaGrad (the sum of all squared "
    "gradients) and RMSProp (a running average, alpha) scale the same way.";
const char* kHelpTheory =
    "On a quadratic the iteration is linear, so its convergence rate (the factor by which the "
    "distance to the minimum shrinks per step) has a closed form (Goh, 'Why Momentum Really Works', "
    "Distill 2017). GD at its best step 2/(lmin+lmax) shrinks the error by (kappa-1)/(kappa+1); "
    "momentum at its best (lr, mu) by (sqrt(kappa)-1)/(sqrt(kappa)+1), a square-root improvement. "
    "'measured' fits the rate to the run's own path (second half of the steps).";
const char* kHelpMap =
    "Colour: the loss on a logarithmic scale (dark = low), so equal colour steps are equal loss "
    "RATIOS and the valley floor stays visible. Thin lines: contours, at equal loss ratios. Click or "
    "drag on the map to move the start (with a finger: drag; a tap steps); every optimizer restarts "
    "there. White + marks the minima.";
const char* kHelpHistory =
    "Keys: Space plays or pauses, Right steps, Left steps back, R resets, ] and [ change the surface "
    "(? lists them). On a touch screen, a tap on the map steps. "
    "Every step stores the optimizer's full state (velocity, moments, step count), so Back rewinds "
    "exactly, and stepping forward again retraces the same path. Changes to the hyper-parameters "
    "apply from the next step.";

const char* surface_blurb(SurfaceKind k) {
  switch (k) {
    case SurfaceKind::Quadratic: return "";
    case SurfaceKind::Rosenbrock:
      return "Rosenbrock: a curved valley with a nearly flat floor. The gradient points across the valley, "
             "not along it; momentum builds up speed along the floor.";
    case SurfaceKind::Beale:
      return "Beale: steep walls and flat plateaus, gradients differing by orders of magnitude. A step size "
             "safe on the walls crawls on the plateau; adaptive methods rescale each coordinate.";
    case SurfaceKind::Himmelblau:
      return "Himmelblau: four minima of equal value. Which one an optimizer reaches depends on the start "
             "and on its momentum: click elsewhere on the map to try.";
    case SurfaceKind::Saddle:
      return "Saddle x^2 - y^2: zero gradient at the origin, but no minimum (unbounded below). Watch the paths "
             "slow down near the saddle, then escape along y.";
  }
  return "";
}

// A section heading in the controls column, optionally with its help marker.
void section(const char* label, const char* help = nullptr) {
  ImGui::Spacing();
  ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", label);
  if (help) {
    ImGui::SameLine();
    help_marker(help);
  }
  ImGui::Separator();
}

ImVec4 to_vec4(uint32_t c) { return ImGui::ColorConvertU32ToFloat4(c); }

std::string run_label(const LabModel& lab, int i) {
  return std::string(optimizer_name(lab.hyper(i).kind)) + " #" + std::to_string(i);
}

// Per run, what the last frame drew (window pixels), for state() and the 3-D lines.
struct DrawnRun {
  std::vector<ScreenPoint> path;     // contour map polyline
  std::vector<ScreenPoint> path_3d;  // the 3-D polyline's last points projected (image pixels)
  ScreenPoint marker{0, 0};          // current dot, or the X of a diverged run
  bool has_marker = false;
  bool cut = false;  // the drawn path stops where it left the map for good
};

class LabView : public View {
 public:
  const char* name() const override { return "lab"; }
  const char* title() const override { return "Optimisation lab"; }

  void register_commands(CommandRegistry& registry) override {
    model_.register_commands(registry, [this](const std::string& name, const std::string& contents) {
      pending_saves_.push_back({name, contents});
    });
  }

  void update(AppContext& ctx) override {
    for (auto& [name, contents] : pending_saves_) {
      PlatformRequest r;
      r.kind = PlatformRequest::Kind::SaveFile;
      r.path = name;
      r.contents = contents;
      ctx.request(std::move(r));
      ctx.info("lab: saved " + name);
    }
    pending_saves_.clear();
    const double now = ctx.now();
    const double dt = last_update_ > 0 ? now - last_update_ : 0;
    last_update_ = now;
    if (model_.playing()) {
      // Steps are cheap (a 2-D gradient); the cap only guards a frame after a long stall.
      model_.advance(dt, 5000);
    }
    for (const std::string& e : model_.take_events()) ctx.info("lab: " + e);
    ensure_field();
  }

  void draw(AppContext& ctx) override {
    // What this frame does not draw (a phone shows one panel) reports no rectangle in state().
    map_.left = map_.top = map_.right = map_.bottom = 0;
    std::fill(std::begin(rect3d_), std::end(rect3d_), 0.0f);
    plot_rect_ = ImVec4(0, 0, 0, 0);
    if (layout::compact()) {
      draw_compact(ctx);
      return;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float controls_w = std::clamp(avail.x * 0.26f, 280.0f, 380.0f);
    {
      layout::Panel panel("controls");
      ImGui::BeginChild("lab_controls", ImVec2(controls_w, avail.y), false);
      draw_playback(ctx);
      draw_settings(ctx);
      ImGui::EndChild();
    }
    ImGui::SameLine();

    ImGui::BeginGroup();
    const float w = std::max(200.0f, avail.x - controls_w - style.ItemSpacing.x);
    const float h = avail.y;
    const float title_h = ImGui::GetTextLineHeightWithSpacing();
    const float min_bottom = std::max(170.0f, h * 0.30f);
    const float sq = std::max(120.0f, std::min((w - style.ItemSpacing.x) * 0.5f, h - min_bottom - title_h));
    {
      layout::Panel panel("contour map");
      draw_map_title(ctx);
      draw_contour(ctx, sq);
    }
    ImGui::SameLine();
    {
      layout::Panel panel("surface 3-D");
      draw_3d_title(ctx);
      draw_3d(ctx, sq);
    }

    const float bottom_h = std::max(80.0f, h - sq - title_h - style.ItemSpacing.y);
    const float side_w = std::clamp(w * 0.46f, 300.0f, 520.0f);
    {
      layout::Panel panel("loss plot");
      draw_loss_plot(ImVec2(w - side_w - style.ItemSpacing.x, bottom_h));
    }
    ImGui::SameLine();
    {
      layout::Panel panel(model_.surface().kind == SurfaceKind::Quadratic ? "theory" : "where");
      ImGui::BeginChild("lab_side", ImVec2(side_w, bottom_h), false);
      draw_side_table();
      ImGui::EndChild();
    }
    ImGui::EndGroup();
  }

  // A phone (layout.h): the contour map first, square and full width, the playback buttons and the
  // folded settings under it; the 3-D view, the loss plot and the theory table behind tabs. On its
  // side, the map takes the height and the controls scroll beside it.
  void draw_compact(AppContext& ctx) {
    const bool quadratic = model_.surface().kind == SurfaceKind::Quadratic;
    const char* tabs[] = {"Map", "3-D", "Loss", quadratic ? "Theory" : "Where"};
    const int tab = layout::panel_tabs("lab_tabs", tabs, 4, &compact_tab_);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float title_h = ImGui::GetTextLineHeightWithSpacing();
    if (tab == 0) {
      // Portrait: the map full width, the controls scrolling under it (at least three rows of them);
      // on its side: the map as high as the screen, the controls beside it.
      const float rows = 3 * ImGui::GetFrameHeightWithSpacing();
      const bool beside = layout::landscape();
      const float side = beside ? std::min(avail.y - title_h, avail.x * 0.55f)
                                : layout::square_side(avail, title_h + rows, 160.0f);
      {
        layout::Panel panel("contour map");
        draw_map_title(ctx);
        draw_contour(ctx, side);
      }
      if (beside) ImGui::SameLine();
      layout::Panel panel("controls");
      layout::begin_scroll("lab_controls_page");
      draw_playback(ctx);
      draw_folded_settings(ctx);
      layout::end_scroll();
    } else if (tab == 1) {
      layout::Panel panel("surface 3-D");
      draw_3d_title(ctx);
      draw_3d(ctx, layout::square_side(ImGui::GetContentRegionAvail(), 0.0f, 120.0f));
    } else if (tab == 2) {
      layout::Panel panel("loss plot");
      draw_loss_plot(ImGui::GetContentRegionAvail());
    } else {
      layout::Panel panel(quadratic ? "theory" : "where");
      ImGui::BeginChild("lab_side", ImGui::GetContentRegionAvail(), false);
      draw_side_table();
      ImGui::EndChild();
    }
  }

  void draw_folded_settings(AppContext& ctx) {
    if (ImGui::CollapsingHeader("Surface, optimizers, export")) draw_settings(ctx);
  }

  void draw_side_table() {
    if (model_.surface().kind == SurfaceKind::Quadratic)
      draw_theory();
    else
      draw_readout();
  }

  // (Compact: the title alone, as narrow as a phone's map; the help says the rest.)
  void draw_map_title(const AppContext& ctx) {
    ImGui::TextUnformatted("Contour map");
    const char* hint = ctx.touch ? "(tap: step; drag: move the start)"
                       : field_.scale.log ? "(log loss; click to set the start)" : "(loss; click to set the start)";
    if (layout::compact()) hint = ctx.touch ? "(tap: step)" : nullptr;
    if (hint) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", hint);
    }
    ImGui::SameLine();
    help_marker(kHelpMap);
  }

  void draw_3d_title(const AppContext& ctx) {
    ImGui::TextUnformatted("Surface in 3-D");
    ImGui::SameLine();
    ImGui::TextDisabled(ctx.touch ? "(drag: rotate; pinch: zoom)" : "(drag to rotate, wheel to zoom)");
  }

  // ---- the keyboard (presenter.h) ------------------------------------------------------------------
  const char* key_meaning(KeyAction a) const override {
    switch (a) {
      case KeyAction::PlayPause: return "play or pause every optimizer";
      case KeyAction::Step: return "one step of every optimizer";
      case KeyAction::StepBack: return "one step back (exactly: the optimizers' state is stored)";
      case KeyAction::Reset: return "every optimizer back to the start";
      case KeyAction::NextChapter: return "the next surface (quadratic, Rosenbrock, Beale, Himmelblau, saddle)";
      case KeyAction::PrevChapter: return "the previous surface";
    }
    return nullptr;
  }

  bool on_key(KeyAction a, AppContext& ctx) override {
    switch (a) {
      case KeyAction::PlayPause:
        if (model_.playing()) model_.pause(); else model_.play();
        return true;
      case KeyAction::Step: model_.step(1); return true;
      case KeyAction::StepBack:
        model_.pause();
        model_.back(1);
        return true;
      case KeyAction::Reset: model_.reset(); return true;
      case KeyAction::NextChapter:
      case KeyAction::PrevChapter: {
        constexpr int kSurfaces = 5;  // SurfaceKind's values, in the combo's order
        const int d = a == KeyAction::NextChapter ? 1 : kSurfaces - 1;
        ctx.check(model_.set_surface(SurfaceKind((int(model_.surface().kind) + d) % kSurfaces)));
        return true;
      }
    }
    return false;
  }

  std::vector<settings::Spec> setting_specs() const override { return specs_of(lab_schema()); }

  void state(nlohmann::json& out) const override {
    model_.state(out);
    out["contour_rect"] = {map_.left, map_.top, map_.right, map_.bottom};
    out["surface3d_rect"] = {rect3d_[0], rect3d_[1], rect3d_[2], rect3d_[3]};
    out["loss_plot_rect"] = {plot_rect_.x, plot_rect_.y, plot_rect_.z, plot_rect_.w};
    out["camera"] = {{"yaw", camera_.yaw}, {"pitch", camera_.pitch}, {"distance", camera_.distance}};
    out["contour_box"] = {field_.xmin, field_.xmax, field_.ymin, field_.ymax};  // what contour_rect shows
    out["compact_tab"] = compact_tab_;
    nlohmann::json& opts = out["optimizers"];
    for (size_t i = 0; i < opts.size() && i < drawn_.size(); ++i) {
      const DrawnRun& d = drawn_[i];
      nlohmann::json path = nlohmann::json::array(), visible = nlohmann::json::array();
      const size_t first = d.path.size() > size_t(kTailPoints) ? d.path.size() - kTailPoints : 0;
      for (size_t k = first; k < d.path.size(); ++k) {
        const ScreenPoint q = d.path[k];
        path.push_back({q.x, q.y});
        if (point_shows_run(q, i)) visible.push_back({q.x, q.y});
      }
      opts[i]["screen_path"] = std::move(path);
      // The subset of screen_path where nothing drawn later (another path, a marker) covers it.
      opts[i]["screen_path_visible"] = std::move(visible);
      nlohmann::json p3 = nlohmann::json::array();
      const size_t f3 = d.path_3d.size() > size_t(kTailPoints) ? d.path_3d.size() - kTailPoints : 0;
      for (size_t k = f3; k < d.path_3d.size(); ++k)  // (the image has px_per_point_3d_ pixels per point)
        p3.push_back({rect3d_[0] + d.path_3d[k].x / px_per_point_3d_, rect3d_[1] + d.path_3d[k].y / px_per_point_3d_});
      opts[i]["screen_path_3d"] = std::move(p3);
      if (d.has_marker) opts[i]["screen_marker"] = {d.marker.x, d.marker.y};
      opts[i]["marker"] = model_.runs()[i].runner.trajectory().diverged ? "x" : "dot";
      opts[i]["left_map"] = d.cut;  // its drawing stops where it left the map for good
    }
  }

 private:
  // ---- cached pictures of the surface --------------------------------------------------------
  void ensure_field() {
    if (field_version_ == model_.surface_version()) return;
    field_version_ = model_.surface_version();
    field_ = compute_surface_field(model_.surface(), kGrid);
    contour_segments(field_, kContourLevels, &segments_);
    chain_contours(segments_, &contours_);
    field_rgba(field_, &rgba_);
    texture_dirty_ = true;
    // The mesh: its own coarser grid on the same level scale; mesh row j is z = -1 + 2j/(n-1),
    // and z grows towards the viewer, so row j holds y = ymax - j*(ymax-ymin)/(n-1).
    SurfaceField coarse = compute_surface_field(model_.surface(), kMeshGrid);
    mesh_.nx = mesh_.nz = kMeshGrid;
    mesh_.height.resize(size_t(kMeshGrid) * kMeshGrid);
    mesh_.color.resize(mesh_.height.size());
    for (int j = 0; j < kMeshGrid; ++j)
      for (int i = 0; i < kMeshGrid; ++i) {
        const float t = field_.scale.level(coarse.value[size_t(kMeshGrid - 1 - j) * kMeshGrid + size_t(i)]);
        mesh_.height[size_t(j) * kMeshGrid + size_t(i)] = t;
        mesh_.color[size_t(j) * kMeshGrid + size_t(i)] = colormap(t);
      }
    mesh_dirty_ = true;
  }

  // Normalised 3-D coordinates of a surface point (x right, z towards the viewer = -y, height t).
  void to_3d(double x, double y, double loss, float* out) const {
    out[0] = float(-1 + 2 * (x - field_.xmin) / (field_.xmax - field_.xmin));
    out[2] = float(1 - 2 * (y - field_.ymin) / (field_.ymax - field_.ymin));
    out[1] = field_.scale.level(loss) + kLift3D;
  }

  // What the map's marks mean, drawn with the same marks.
  void draw_legend() {
    section("On the map");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = ImGui::GetTextLineHeight();
    auto row = [&](auto mark, const char* text) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      mark(dl, ImVec2(p.x + h * 0.6f, p.y + h * 0.5f));
      ImGui::Dummy(ImVec2(h * 1.4f, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(text);
    };
    const uint32_t white = IM_COL32(255, 255, 255, 230);
    row([&](ImDrawList* d, ImVec2 c) { d->AddCircle(c, 6.0f, white, 20, 2.0f); }, "start (click the map to move it)");
    row([&](ImDrawList* d, ImVec2 c) {
          d->AddLine(ImVec2(c.x - 6, c.y), ImVec2(c.x + 6, c.y), white, 2.0f);
          d->AddLine(ImVec2(c.x, c.y - 6), ImVec2(c.x, c.y + 6), white, 2.0f);
        }, "minimum");
    row([&](ImDrawList* d, ImVec2 c) {
          d->AddCircleFilled(c, kDotRadius + 1.5f, IM_COL32(0, 0, 0, 220), 16);
          d->AddCircleFilled(c, kDotRadius, IM_COL32(220, 220, 220, 255), 16);
        }, "an optimizer's current point");
    row([&](ImDrawList* d, ImVec2 c) {
          const float r = 5.0f;
          d->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), kDivergedColor, 3.0f);
          d->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), kDivergedColor, 3.0f);
        }, "diverged: the path stops there");
  }

  // ---- the controls (left column) --------------------------------------------------------------
  void draw_playback(AppContext& ctx) {
    // (On a phone beside the map the row is narrow: the buttons wrap.)
    if (ImGui::Button("Step")) model_.step(1);
    const float play_w = ImGui::CalcTextSize("Pause").x + 16;
    layout::same_line_if_fits(play_w);
    if (ImGui::Button(model_.playing() ? "Pause" : "Play ", ImVec2(play_w, 0))) {
      if (model_.playing()) model_.pause(); else model_.play();
    }
    layout::same_line_if_fits(layout::button_width("Back"));
    if (ImGui::Button("Back")) {
      model_.pause();
      model_.back(1);
    }
    layout::same_line_if_fits(layout::button_width("Reset"));
    if (ImGui::Button("Reset")) model_.reset();
    ImGui::SameLine();
    help_marker(kHelpHistory);
    lab_widget(ctx, "speed", ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("speed").x - 8);
    ImGui::Text("step %d", model_.steps());
    if (model_.steps() >= LabModel::kMaxSteps) {
      ImGui::SameLine();
      ImGui::TextDisabled("(limit)");
    }
  }

  void draw_settings(AppContext& ctx) {
    // Surface.
    section("Surface");
    const float label_w = ImGui::CalcTextSize("rotation").x + 8;
    lab_widget(ctx, "surface", ImGui::GetContentRegionAvail().x - label_w);
    if (model_.surface().kind == SurfaceKind::Quadratic) {
      for (const char* key : {"a", "b", "rotation"}) lab_widget(ctx, key, ImGui::GetContentRegionAvail().x - label_w);
      const double a = model_.surface().eigen_a, b = model_.surface().eigen_b;
      ImGui::Text("condition number kappa = %.3g", std::max(a, b) / std::min(a, b));
      ImGui::SameLine();
      help_marker(kHelpCondition);
      ImGui::TextDisabled("why does GD zig-zag?");
      ImGui::SameLine();
      help_marker(kHelpZigZag);
    } else {
      ImGui::PushTextWrapPos(layout::text_wrap_pos());
      ImGui::TextDisabled("%s", surface_blurb(model_.surface().kind));
      ImGui::PopTextWrapPos();
      if (model_.surface().kind == SurfaceKind::Saddle) {
        ImGui::TextDisabled("saddle points");
        ImGui::SameLine();
        help_marker(kHelpSaddle);
      }
    }
    double start[2] = {model_.start_x(), model_.start_y()};
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("start").x - 8);
    if (ImGui::DragScalarN("start", ImGuiDataType_Double, start, 2, 0.01f, nullptr, nullptr, "%.3f"))
      ctx.check(model_.set_start(start[0], start[1]));

    // Optimizers.
    section("Optimizers", kHelpFair);
    int remove = -1;
    for (size_t i = 0; i < model_.runs().size(); ++i)
      if (draw_run_controls(ctx, int(i))) remove = int(i);
    if (remove >= 0) ctx.check(model_.remove_optimizer(remove));
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("momentum").x + ImGui::GetFrameHeight() * 2);
    const settings::Spec& kinds = optimizer_schema().find("optimizer")->spec;
    if (ImGui::BeginCombo("##addkind", kinds.choices.at(size_t(add_kind_)).c_str())) {
      for (size_t k = 0; k < kinds.choices.size(); ++k)
        if (ImGui::Selectable(kinds.choices[k].c_str(), int(k) == add_kind_)) add_kind_ = int(k);
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(int(model_.runs().size()) >= LabModel::kMaxRuns);
    if (ImGui::Button("Add")) ctx.check(model_.run_optimizer_command(*parse_command("optimizer add " + kinds.choices.at(size_t(add_kind_)))));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("momentum");
    ImGui::SameLine();
    help_marker(kHelpMomentum);
    ImGui::SameLine();
    ImGui::TextDisabled("Adam");
    ImGui::SameLine();
    help_marker(kHelpAdam);

    // Export.
    section("Export");
    if (ImGui::Button("CSV")) pending_saves_.push_back({"lab_trajectories.csv", model_.export_csv()});
    ImGui::SameLine();
    if (ImGui::Button("JSON")) pending_saves_.push_back({"lab_trajectories.json", model_.export_json()});
    ImGui::SameLine();
    ImGui::TextDisabled("every point of every path");
    draw_legend();
  }

  // The widget of one of the lab's settings (lab_schema()); a change goes to the model as `lab key=value`.
  void lab_widget(AppContext& ctx, const char* key, float width) {
    LabSettings l = model_.settings();
    if (!setting_widget(ctx, lab_schema(), key, l, width)) return;
    for (const auto& [k, v] : lab_schema().values(l))
      if (k == key) ctx.check(model_.apply_settings({{k, v}}, "lab"));
  }

  // One optimizer's row: colour, name, live read-out, hyper-parameter sliders. True = remove it.
  bool draw_run_controls(AppContext& ctx, int i) {
    const LabRun& run = model_.runs()[size_t(i)];
    const Trajectory& t = run.runner.trajectory();
    OptimizerDesc d = model_.hyper(i);
    ImGui::PushID(i);
    const float fh = ImGui::GetFrameHeight();
    ImGui::ColorButton("##color", to_vec4(run.color), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker,
                       ImVec2(fh, fh));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(to_vec4(run.color), "%s", run_label(model_, i).c_str());
    ImGui::SameLine();
    const TrajectoryPoint& p = t.points.back();
    if (t.diverged)
      ImGui::TextColored(to_vec4(kDivergedColor), "diverged at %d", t.diverged_step);
    else
      ImGui::TextDisabled("loss %.3g", p.loss);
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - fh);
    const bool remove = ImGui::Button("x", ImVec2(fh, fh));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove %s", run_label(model_, i).c_str());

    bool changed = false;
    const float label_w = ImGui::CalcTextSize("momentum").x + 8;
    ImGui::Indent(fh * 0.5f);
    for (const char* key : {"lr", "momentum", "alpha", "beta1", "beta2"})
      changed |= setting_widget(ctx, optimizer_schema(), key, d, ImGui::GetContentRegionAvail().x - label_w);
    if (changed) ctx.check(model_.set_hyper(i, d));
    if (t.diverged) {
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(kDivergedColor));
      ImGui::PushTextWrapPos(layout::text_wrap_pos());
      ImGui::TextUnformatted(model_.divergence_message(i).c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
    }
    ImGui::Unindent(fh * 0.5f);
    ImGui::PopID();
    return remove;
  }

  // ---- the contour map -------------------------------------------------------------------------
  void draw_contour(AppContext& ctx, float size) {
    ensure_field();  // a slider in the controls may have changed the surface this frame
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // Tick labels take a margin on the left and at the bottom; the map is square.
    const float text_h = ImGui::GetTextLineHeight();
    const float margin_l = ImGui::CalcTextSize("-4.5").x + 6, margin_b = text_h + 4;
    const float side = std::max(60.0f, std::min(size - margin_l, size - margin_b));
    const ImVec2 p0(origin.x + margin_l, origin.y), p1(p0.x + side, p0.y + side);
    ImGui::InvisibleButton("##map", ImVec2(size, size));
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();

    map_.xmin = field_.xmin, map_.xmax = field_.xmax, map_.ymin = field_.ymin, map_.ymax = field_.ymax;
    map_.left = p0.x, map_.top = p0.y, map_.right = p1.x, map_.bottom = p1.y;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool in_map = mouse.x >= p0.x && mouse.x <= p1.x && mouse.y >= p0.y && mouse.y <= p1.y;
    // Mouse: a click places the start, a drag moves it. Finger: a tap steps (a phone has no keys),
    // a drag moves the start; a finger that moved is a drag from its first move on.
    if (ImGui::IsItemActivated()) map_dragged_ = false;
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) map_dragged_ = true;
    if (active && ImGui::IsMouseDown(ImGuiMouseButton_Left) && in_map && (!ctx.touch || map_dragged_)) {
      double x, y;
      map_.to_box(mouse.x, mouse.y, &x, &y);
      if (x != model_.start_x() || y != model_.start_y()) ctx.check(model_.set_start(x, y));
    }
    if (ctx.touch && ImGui::IsItemDeactivated() && !map_dragged_) model_.step(1);

    if (texture_dirty_ && !rgba_.empty()) {
      texture_.upload(field_.n, field_.n, rgba_.data());
      texture_dirty_ = false;
    }
    dl->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
    if (texture_.valid()) dl->AddImage(texture_.id(), p0, p1);
    dl->PushClipRect(p0, p1, true);
    for (const ContourLine& line : contours_) {
      scratch_.resize(line.uv.size() / 2);
      for (size_t k = 0; k < scratch_.size(); ++k)
        scratch_[k] = ImVec2(p0.x + line.uv[2 * k] * side, p1.y - line.uv[2 * k + 1] * side);
      dl->AddPolyline(scratch_.data(), int(scratch_.size()), IM_COL32(255, 255, 255, 70),
                      line.closed ? ImDrawFlags_Closed : 0, 1.0f);
    }
    // The minima (+) and the start (ring).
    for (const auto& m : surface_info(model_.surface()).minima) {
      const ScreenPoint q = map_.to_screen(m[0], m[1]);
      dl->AddLine(ImVec2(q.x - 6, q.y), ImVec2(q.x + 6, q.y), IM_COL32(255, 255, 255, 230), 2.0f);
      dl->AddLine(ImVec2(q.x, q.y - 6), ImVec2(q.x, q.y + 6), IM_COL32(255, 255, 255, 230), 2.0f);
    }
    const ScreenPoint s0 = map_.to_screen(model_.start_x(), model_.start_y());
    dl->AddCircle(ImVec2(s0.x, s0.y), 7.0f, IM_COL32(255, 255, 255, 230), 20, 2.0f);

    // The paths, on top of everything: dark outline, then the colour; then the markers.
    const auto& runs = model_.runs();
    drawn_.resize(runs.size());
    for (size_t i = 0; i < runs.size(); ++i) {
      screen_polyline(runs[i].runner.trajectory(), map_, 1.0f, &drawn_[i].path, &drawn_[i].cut);
      const auto& pts = drawn_[i].path;
      // Segment by segment: ImGui's thick polyline mitres its joins, and a path that reverses
      // (a zig-zag, a spiral into the minimum) would grow long spikes.
      for (size_t k = 0; k + 1 < pts.size(); ++k)
        dl->AddLine(ImVec2(pts[k].x, pts[k].y), ImVec2(pts[k + 1].x, pts[k + 1].y), IM_COL32(10, 10, 14, 150),
                    kOutlineWidth);
      for (size_t k = 0; k + 1 < pts.size(); ++k)
        dl->AddLine(ImVec2(pts[k].x, pts[k].y), ImVec2(pts[k + 1].x, pts[k + 1].y), runs[i].color, kPathWidth);
    }
    for (size_t i = 0; i < runs.size(); ++i) {
      const Trajectory& t = runs[i].runner.trajectory();
      DrawnRun& d = drawn_[i];
      d.has_marker = !d.path.empty();
      if (!d.has_marker) continue;
      // A path that left the map ends on its border (the X still shows where it went).
      d.marker = {std::clamp(d.path.back().x, p0.x, p1.x), std::clamp(d.path.back().y, p0.y, p1.y)};
      const ImVec2 c(d.marker.x, d.marker.y);
      if (t.diverged) {
        const float r = kCrossSize;
        dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), IM_COL32(0, 0, 0, 220), 5.0f);
        dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), IM_COL32(0, 0, 0, 220), 5.0f);
        dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), kDivergedColor, 3.0f);
        dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), kDivergedColor, 3.0f);
        const std::string label = run_label(model_, int(i)) + " diverged";
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        ImVec2 tp(c.x + r + 4, c.y - ts.y * 0.5f);
        tp.x = std::clamp(tp.x, p0.x + 2, p1.x - ts.x - 2);
        tp.y = std::clamp(tp.y, p0.y + 2, p1.y - ts.y - 2);
        dl->AddRectFilled(ImVec2(tp.x - 2, tp.y - 1), ImVec2(tp.x + ts.x + 2, tp.y + ts.y + 1), IM_COL32(0, 0, 0, 170),
                          3.0f);
        dl->AddText(tp, kDivergedColor, label.c_str());
      } else {
        dl->AddCircleFilled(c, kDotRadius + 1.5f, IM_COL32(0, 0, 0, 220), 16);
        dl->AddCircleFilled(c, kDotRadius, runs[i].color, 16);
      }
    }
    dl->PopClipRect();
    dl->AddRect(p0, p1, IM_COL32(150, 150, 160, 255));

    // Tick labels: the box's ends and 0 where it lies inside.
    const uint32_t tick = IM_COL32(210, 210, 215, 255);
    char buf[32];
    for (double x : {field_.xmin, 0.5 * (field_.xmin + field_.xmax), field_.xmax}) {
      std::snprintf(buf, sizeof buf, "%g", x);
      const float px = map_.to_screen(x, field_.ymin).x, tw = ImGui::CalcTextSize(buf).x;
      dl->AddText(ImVec2(std::clamp(px - tw * 0.5f, p0.x, p1.x - tw), p1.y + 2), tick, buf);
    }
    for (double y : {field_.ymin, 0.5 * (field_.ymin + field_.ymax), field_.ymax}) {
      std::snprintf(buf, sizeof buf, "%g", y);
      const float py = map_.to_screen(field_.xmin, y).y, tw = ImGui::CalcTextSize(buf).x;
      dl->AddText(ImVec2(p0.x - tw - 4, std::clamp(py - text_h * 0.5f, p0.y, p1.y - text_h)), tick, buf);
    }
    if (hovered && in_map && !active && !ctx.touch) {  // (a finger leaves no hover to explain)
      double x, y;
      map_.to_box(mouse.x, mouse.y, &x, &y);
      ImGui::SetTooltip("x %.3f, y %.3f\nloss %.4g\nclick: start here", x, y, evaluate(model_.surface(), x, y).value);
    }
  }

  // Whether the pixel at q (a point of run i's drawn path) shows run i's colour: not under a later
  // run's path (with its outline), nor under any marker.
  bool point_shows_run(ScreenPoint q, size_t i) const {
    for (size_t j = 0; j < drawn_.size(); ++j) {
      if (j > i && covered_by_polyline(q, drawn_[j].path, kOutlineWidth * 0.5f + 1.5f)) return false;
      if (drawn_[j].has_marker) {
        const bool x = model_.runs()[j].runner.trajectory().diverged;
        const float r = x ? kCrossSize * 1.5f + 3 : kDotRadius + 3;
        if (j != i || x) {
          if (covered_by_disc(q, drawn_[j].marker, r)) return false;
        }
      }
    }
    return true;
  }

  // ---- the 3-D mesh ------------------------------------------------------------------------------
  void draw_3d(AppContext& ctx, float size) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##surface3d", ImVec2(size, size));
    camera_.handle_input();
    // As many pixels as the screen has under it (a phone's 3x, a projector's UI scale), within reason.
    const float density = std::clamp(ImGui::GetIO().DisplayFramebufferScale.x, 1.0f, 2.0f);
    const int px = std::clamp(int(size * density), 16, 1024), py = px;
    px_per_point_3d_ = float(px) / std::max(1.0f, size);
    rect3d_[0] = p0.x, rect3d_[1] = p0.y, rect3d_[2] = p0.x + size, rect3d_[3] = p0.y + size;
    const bool camera_moved =
        camera_.yaw != last_cam_.yaw || camera_.pitch != last_cam_.pitch || camera_.distance != last_cam_.distance;
    if (mesh_dirty_) {
      view3d_.set_mesh(mesh_);
      mesh_dirty_ = false;
      render_version_ = 0;
    }
    // While playing, new path points alone re-render at most ~15 times a second (the mesh pass is
    // the costly part under a software GL); anything else (a step, the camera, the size, a new
    // surface) re-renders at once, so a paused picture is always current.
    const double now = ctx.now();
    const bool paths_due = render_version_ != model_.version() &&
                           (!model_.playing() || render_version_ == 0 || now - last_render_ > 0.066);
    if (paths_due || camera_moved || px != last_px_ || (!view3d_.valid() && !reported_3d_error_)) {
      last_render_ = now;
      build_lines_3d();
      view3d_.render(px, py, camera_, lines3d_);
      render_version_ = model_.version();
      last_cam_ = camera_;
      last_px_ = px;
      if (view3d_.error()[0] && !reported_3d_error_) {
        ctx.error(std::string("lab: the 3-D view cannot render: ") + view3d_.error());
        reported_3d_error_ = true;
      }
      // Where the paths landed in the image (image pixels; state() adds the image's origin).
      for (size_t i = 0; i < drawn_.size() && i < tails3d_.size(); ++i) {
        drawn_[i].path_3d.clear();
        for (const auto& q : tails3d_[i]) {
          float sx, sy;
          if (view3d_.project(q[0], q[1], q[2], &sx, &sy)) drawn_[i].path_3d.push_back({sx, sy});
        }
      }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (view3d_.valid())
      dl->AddImage(view3d_.id(), p0, ImVec2(p0.x + size, p0.y + size));
    else
      dl->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(20, 22, 28, 255));
    dl->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(150, 150, 160, 255));
  }

  // The paths in the mesh's coordinates, split where they leave the box (a path escaping the box
  // would float beside the mesh); a diverged path ends in a red disc.
  void build_lines_3d() {
    lines3d_.clear();
    const auto& runs = model_.runs();
    tails3d_.assign(runs.size(), {});
    for (size_t i = 0; i < runs.size(); ++i) {
      const Trajectory& t = runs[i].runner.trajectory();
      Polyline3D cur;
      cur.color = runs[i].color;
      cur.width = kPathWidth * px_per_point_3d_;  // (image pixels: as wide as on the map)
      cur.marker_at_end = false;
      float last[3] = {0, 0, 0};
      bool have_last = false;
      for (size_t k = 0; k < t.points.size(); ++k) {
        float q[3];
        to_3d(t.points[k].x, t.points[k].y, t.points[k].loss, q);
        const bool inside = std::fabs(q[0]) <= 1 && std::fabs(q[2]) <= 1;
        if (!inside) {
          if (cur.xyz.size() >= 6) lines3d_.push_back(cur);
          cur.xyz.clear();
          have_last = false;
          continue;
        }
        const bool is_last = k + 1 == t.points.size();
        if (have_last && !is_last) {
          const float dx = q[0] - last[0], dz = q[2] - last[2], dy = q[1] - last[1];
          if (dx * dx + dy * dy + dz * dz < 0.004f * 0.004f) continue;
        }
        cur.xyz.insert(cur.xyz.end(), q, q + 3);
        tails3d_[i].push_back({q[0], q[1], q[2]});
        std::copy(q, q + 3, last);
        have_last = true;
        if (is_last) cur.marker_at_end = !t.diverged;
      }
      if (!cur.xyz.empty()) lines3d_.push_back(cur);
      if (t.diverged && have_last) {
        Polyline3D x;
        x.xyz = {last[0], last[1], last[2]};
        x.color = kDivergedColor;
        x.width = 3.0f * px_per_point_3d_;
        x.marker_at_end = true;
        lines3d_.push_back(x);
      }
      if (tails3d_[i].size() > size_t(kTailPoints))
        tails3d_[i].erase(tails3d_[i].begin(), tails3d_[i].end() - kTailPoints);
    }
  }

  // ---- loss per step ------------------------------------------------------------------------------
  void draw_loss_plot(ImVec2 size) {
    const bool log_y = model_.surface().kind != SurfaceKind::Saddle;
    if (plot_version_ != model_.version()) {
      plot_version_ = model_.version();
      const auto& runs = model_.runs();
      series_.resize(runs.size());
      for (size_t i = 0; i < runs.size(); ++i) {
        PlotSeries& s = series_[i];
        const auto& pts = runs[i].runner.trajectory().points;
        s.x.resize(pts.size());
        s.y.resize(pts.size());
        for (size_t k = 0; k < pts.size(); ++k) {
          s.x[k] = float(pts[k].step);
          // Floats end near 1e-38; a converged quadratic reaches 1e-300.
          s.y[k] = log_y ? float(std::max(pts[k].loss, 1e-30)) : float(pts[k].loss);
        }
        s.color = runs[i].color;
        s.label = run_label(model_, int(i));
        s.thickness = 2.0f;
      }
    }
    PlotAxes axes;
    axes.title = "loss per step";
    axes.xlabel = "step";
    axes.ylabel = log_y ? "loss (log)" : "loss";
    axes.log_y = log_y;
    if (!log_y) {  // the saddle: the escape runs to -infinity; keep the plateau near 0 readable
      axes.ymin = -10;
      axes.ymax = 4;
    }
    plot_rect_ = line_plot("lab_loss", size, axes, series_);
  }

  // ---- theory (quadratic) or read-out (other surfaces) ---------------------------------------------
  void draw_theory() {
    const LabTheory th = model_.theory();
    if (!th.valid) return;
    ImGui::Text("Theory vs. run  (kappa = %.3g)", th.kappa);
    ImGui::SameLine();
    help_marker(kHelpTheory);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("theory", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("lr");
    ImGui::TableSetupColumn("mu");
    ImGui::TableSetupColumn("rate");
    ImGui::TableSetupColumn("measured");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    auto optimum_row = [&](const char* label, double lr, double mu, double rate, OptimizerKind kind) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(label);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", lr);
      ImGui::TableNextColumn();
      if (mu >= 0) ImGui::Text("%.3f", mu); else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::Text("%.4f", rate);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::PushID(label);
      if (ImGui::SmallButton("use")) {
        for (size_t i = 0; i < model_.runs().size(); ++i) {
          OptimizerDesc d = model_.hyper(int(i));
          if (d.kind != kind) continue;
          d.lr = lr;
          if (mu >= 0) d.momentum = mu;
          model_.set_hyper(int(i), d);
        }
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("set every %s run to these values (from the next step)", optimizer_name(kind));
      ImGui::PopID();
    };
    optimum_row("GD, best step", th.gd_best_lr, -1, th.gd_best_rate, OptimizerKind::SGD);
    optimum_row("momentum, best", th.momentum_best_lr, th.momentum_best_mu, th.momentum_best_rate,
                OptimizerKind::Momentum);
    for (const LabTheory::Row& row : th.rows) {
      const LabRun& run = model_.runs()[size_t(row.index)];
      const OptimizerDesc& d = model_.hyper(row.index);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(to_vec4(run.color), "%s", run_label(model_, row.index).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", d.lr);
      ImGui::TableNextColumn();
      if (d.kind == OptimizerKind::Momentum || d.kind == OptimizerKind::Nesterov)
        ImGui::Text("%.3f", d.momentum);
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (std::isfinite(row.predicted)) {
        if (row.predicted >= 1)
          ImGui::TextColored(to_vec4(kDivergedColor), "%.4f", row.predicted);
        else
          ImGui::Text("%.4f", row.predicted);
        if (ImGui::IsItemHovered()) {
          if (row.predicted >= 1)
            ImGui::SetTooltip("rate >= 1: the error grows every step (diverges)");
          else
            ImGui::SetTooltip("about %.0f steps to shrink the error a millionfold", row.steps_to_1e6);
        }
      } else {
        ImGui::TextDisabled("n/a");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("adaptive methods are not linear: no closed form");
      }
      ImGui::TableNextColumn();
      if (row.measured > 0)
        ImGui::Text("%.4f", row.measured);
      else
        ImGui::TextDisabled("(more steps)");
      ImGui::TableNextColumn();
    }
    ImGui::EndTable();
  }

  void draw_readout() {
    ImGui::TextUnformatted("Where each optimizer is");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("readout", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("step");
    ImGui::TableSetupColumn("loss");
    ImGui::TableSetupColumn("x");
    ImGui::TableSetupColumn("y");
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < model_.runs().size(); ++i) {
      const LabRun& run = model_.runs()[i];
      const Trajectory& t = run.runner.trajectory();
      const TrajectoryPoint& p = t.points.back();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(to_vec4(run.color), "%s", run_label(model_, int(i)).c_str());
      ImGui::TableNextColumn();
      if (t.diverged)
        ImGui::TextColored(to_vec4(kDivergedColor), "X %d", t.diverged_step);
      else
        ImGui::Text("%d", p.step);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", p.loss);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", p.x);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", p.y);
    }
    ImGui::EndTable();
  }

  struct PendingSave {
    std::string name, contents;
  };

  LabModel model_;
  std::vector<PendingSave> pending_saves_;
  double last_update_ = 0;
  int add_kind_ = int(OptimizerKind::Adam);
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)
  bool map_dragged_ = false;  // the finger on the map moved: it places the start, no step on release

  // Surface pictures, rebuilt when model_.surface_version() changes.
  uint64_t field_version_ = 0;
  SurfaceField field_;
  std::vector<ContourSegment> segments_;
  std::vector<ContourLine> contours_;
  std::vector<ImVec2> scratch_;  // one contour in screen coordinates
  std::vector<uint8_t> rgba_;
  Texture texture_;
  bool texture_dirty_ = false;
  HeightField mesh_;
  bool mesh_dirty_ = false;

  // The 3-D view, re-rendered when the paths, camera or size change.
  SurfaceView3D view3d_;
  OrbitCamera camera_, last_cam_;
  std::vector<Polyline3D> lines3d_;
  std::vector<std::vector<std::array<float, 3>>> tails3d_;
  uint64_t render_version_ = 0;
  double last_render_ = 0;
  int last_px_ = 0;
  bool reported_3d_error_ = false;

  // What the last frame drew, for state().
  ScreenMap map_;
  std::vector<DrawnRun> drawn_;
  float rect3d_[4] = {0, 0, 0, 0};
  float px_per_point_3d_ = 1.0f;  // the 3-D image's pixels per point (state() reports points)
  ImVec4 plot_rect_{0, 0, 0, 0};
  std::vector<PlotSeries> series_;
  uint64_t plot_version_ = 0;
};

}  // namespace

std::unique_ptr<View> make_lab_view() { return std::make_unique<LabView>(); }

}  // namespace descent::ui
