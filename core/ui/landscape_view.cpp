// landscape_view.cpp: the loss surface of a real classifier, drawn. Two or more optimizers train the
// same model from identical weights on identical mini-batches (landscape_model.h: the runs, the plane,
// the grid, the commands); here their weight-space paths are drawn on the loss over the plane
// (Li et al. 2018) as a colour map with contours, with each path's distance from the plane, so the
// picture does not mislead, and the training losses.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include <imgui.h>

#include "core/ui/colormap.h"
#include "core/ui/data_picker.h"
#include "core/ui/gfx.h"
#include "core/ui/lab_contour.h"
#include "core/ui/landscape_model.h"
#include "core/ui/layout.h"
#include "core/ui/plot.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/views.h"

namespace descent::ui {

namespace {

class LandscapeView : public View {
 public:
  const char* name() const override { return "landscape"; }
  const char* title() const override { return "Loss landscape"; }
  void attach(AppContext& ctx) override { model_.attach(&ctx); }

  void register_commands(CommandRegistry& r) override { model_.register_commands(r); }
  bool busy() const override { return model_.busy(); }
  void update(AppContext& ctx) override { model_.update(ctx); }

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

  bool on_key(KeyAction a, AppContext&) override {
    switch (a) {
      case KeyAction::PlayPause: model_.play_pause(); return true;
      case KeyAction::Step: model_.step_once(); return true;
      case KeyAction::Reset: model_.restart(); return true;
      default: return false;
    }
  }

  // The model's state, and where the view drew each path (its last 64 points) in what colour.
  void state(nlohmann::json& out) const override {
    model_.state(out);
    nlohmann::json& runs = out["optimizers"];
    for (size_t i = 0; i < runs.size(); ++i) {
      nlohmann::json sp = nlohmann::json::array();
      if (i < screen_.size())
        for (const auto& p : screen_[i]) sp.push_back({p[0], p[1]});
      runs[i]["screen_path"] = sp;
      char hex[16];
      std::snprintf(hex, sizeof hex, "#%08x", unsigned(series_color(int(i))));
      runs[i]["color"] = hex;
    }
  }

 private:
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
    LandscapeSettings n = model_.settings();
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
    if (changed) ctx.check(model_.use_settings(n));
    // The steps and the plane keep the trained paths: more steps train on, a new plane only redraws.
    LandscapeSettings p = model_.settings();
    if (settings_row(ctx, landscape_schema(), p, {"steps"}, w)) model_.set_steps(p.steps);
    if (settings_row(ctx, landscape_schema(), p, {"plane", "i", "j"}, w)) ctx.check(model_.set_plane(p.plane, p.i, p.j));
    // Where the grid is evaluated, and how long each device's last whole grid took.
    if (settings_row(ctx, landscape_schema(), p, {"device"}, w)) ctx.check(model_.use_settings(p));
    const std::string times = model_.grid_times().label();
    if (!ctx.devices.available(compute::DeviceKind::GL))
      ImGui::TextDisabled("%s%s(%s)", times.c_str(), times.empty() ? "" : "  ", ctx.devices.gl_note().c_str());
    else if (!times.empty())
      ImGui::TextDisabled("grid %s", times.c_str());
    if (ImGui::Button(model_.playing() ? "Pause" : "Train")) model_.play_pause();
    ImGui::SameLine();
    if (ImGui::Button("Restart")) model_.restart();
    ImGui::Separator();
    const std::vector<LandscapeRun>& runs = model_.runs();
    const Plane* plane = model_.plane();
    const LossGrid* grid = model_.grid();
    for (size_t i = 0; i < runs.size(); ++i) {
      const LandscapeRun& r = runs[i];
      ImGui::PushStyleColor(ImGuiCol_Text, series_color(int(i)));
      ImGui::Text("%s (lr %.3g)", optimizer_name(r.opt.kind), r.opt.lr);
      ImGui::PopStyleColor();
      if (r.session->step_losses().empty())
        ImGui::Text("  step 0  loss -");  // no mini-batch yet
      else
        ImGui::Text("  step %ld  loss %.4f", r.session->steps(), r.session->step_losses().back());
      if (plane) {
        const double len = r.path_length();
        const double end_off = r.projected.empty() ? 0.0 : r.projected.back().off;
        ImGui::Text("  off the plane: max %.3g, end %.3g", r.max_off_plane(), end_off);
        ImGui::Text("  (path length %.3g in weight space)", len);
      }
      if (!r.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "  diverged");
    }
    if (plane && model_.settings().plane == PlaneMode::PCA)
      ImGui::Text("PCA explains %.1f%% + %.1f%% of the paths", 100 * plane->explained[0], 100 * plane->explained[1]);
    if (grid && !grid->done()) ImGui::ProgressBar(float(grid->progress()), ImVec2(-1, 0), "evaluating the surface");
    ImGui::EndChild();
  }

  void update_texture() {
    const LossGrid* grid = model_.grid();
    if (!grid || drawn_grid_version_ == model_.grid_version()) return;
    drawn_grid_version_ = model_.grid_version();
    const std::vector<double>& v = grid->values();
    double lo = 1e300, hi = -1e300;
    for (double x : v)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    lo_ = lo;
    hi_ = hi;
    const int n = grid->nx(), m = grid->ny();
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
    if (grid->done() && hi > lo) {
      std::vector<float> level(v.size());
      for (size_t k = 0; k < v.size(); ++k) level[k] = float(std::log1p(v[k] - lo) / std::log1p(hi - lo));
      std::vector<ContourSegment> segs;
      for (int l = 0; l < 12; ++l) marching_squares(level.data(), n, m, (l + 0.5f) / 12.0f, l, &segs);
      chain_contours(segs, &contours_);
    }
  }

  // The loss over the plane with the paths, `side` points square; false (and a hint) before training.
  bool draw_surface_map(float side) {
    const std::vector<LandscapeRun>& runs = model_.runs();
    const LossGrid* grid = model_.grid();
    screen_.assign(runs.size(), {});
    if (runs.empty() || !model_.plane() || !grid) {
      ImGui::TextWrapped("Press Train: SGD and SGD with momentum will train the model from the same start; the loss "
                         "surface around their paths appears here.");
      return false;
    }
    update_texture();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Image(texture_.id(), ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const GridRect& r = grid->rect();
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
    for (size_t i = 0; i < runs.size(); ++i) {
      const LandscapeRun& run = runs[i];
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
      const size_t first = pts.size() > 64 ? pts.size() - 64 : 0;
      for (size_t k = first; k < pts.size(); ++k) screen_[i].push_back({pts[k].x, pts[k].y});
    }
    return true;
  }

  void draw_surface_notes() {
    ImGui::TextWrapped("Loss over the plane, from %.3g (dark) to %.3g (bright) on a log scale; white lines are "
                       "contours, the white dot is the common start, each coloured dot an optimizer's last step.",
                       lo_, hi_);
  }

  void draw_loss_plot(ImVec2 size) {
    const std::vector<LandscapeRun>& runs = model_.runs();
    if (runs.empty()) {
      ImGui::TextWrapped("No training yet: press Train.");
      return;
    }
    std::vector<PlotSeries> series;
    for (size_t i = 0; i < runs.size(); ++i) {
      PlotSeries s;
      s.y = runs[i].session->step_losses();
      s.color = series_color(int(i));
      s.label = optimizer_name(runs[i].opt.kind);
      series.push_back(std::move(s));
    }
    PlotAxes axes;
    axes.title = "training loss per step";
    axes.xlabel = "step";
    axes.log_y = true;
    line_plot("landscape-loss", size, axes, series);
  }

  LandscapeModel model_;
  int compact_tab_ = 0;  // the panel shown on a phone (layout.h)
  // Where each run's path was drawn (its last 64 points, window pixels), for state() and the tests.
  std::vector<std::vector<std::array<float, 2>>> screen_;
  Texture texture_;
  std::vector<uint8_t> pixels_;
  std::vector<ContourLine> contours_;
  int drawn_grid_version_ = -1;  // the model's grid_version() the texture shows
  double lo_ = 0, hi_ = 0;
};

}  // namespace

std::unique_ptr<View> make_landscape_view() { return std::make_unique<LandscapeView>(); }

}  // namespace descent::ui
