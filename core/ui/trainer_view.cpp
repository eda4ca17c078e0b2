// trainer_view.cpp: the training views' keys and panel arrangement (trainer_view.h).
#include "core/ui/trainer_view.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "core/ui/layout.h"

namespace descent::ui {

const char* trainer_key_meaning(KeyAction a) {
  switch (a) {
    case KeyAction::PlayPause: return "train or pause (epoch after epoch)";
    case KeyAction::Step: return "one mini-batch step";
    case KeyAction::Reset: return "start again from fresh weights (same seed)";
    default: return nullptr;  // a step cannot be undone; no chapters here
  }
}

bool trainer_on_key(ClassifierTrainer& trainer, KeyAction a, AppContext& ctx,
                    const std::function<Status()>& ensure_ready, const std::function<Status()>& restart) {
  if (!trainer_key_meaning(a)) return false;
  if (!ctx.check(ensure_ready())) return true;  // (the key meant something; why it could not act is posted)
  switch (a) {
    case KeyAction::PlayPause:
      if (trainer.playing()) trainer.pause(); else trainer.play();
      return true;
    case KeyAction::Step: ctx.check(trainer.step(1)); return true;
    case KeyAction::Reset: ctx.check(restart()); return true;
    default: return false;
  }
}

void draw_trainer_panels(const TrainerPanels& p, int* compact_tab) {
  if (layout::compact()) {
    std::vector<const char*> tabs = {"Setup", "Train"};
    for (const TrainerPanel& s : p.side) tabs.push_back(s.name);
    const int tab = layout::panel_tabs("trainer_tabs", tabs.data(), int(tabs.size()), compact_tab);
    layout::Panel panel(tab == 0 ? "setup" : tab == 1 ? p.picture.name : p.side[size_t(tab - 2)].name);
    layout::begin_scroll("trainer_page");
    if (tab == 0) {
      p.setup();
    } else if (tab == 1) {
      p.controls();
      if (p.ready) p.picture.draw();
    } else if (p.ready) {
      p.side[size_t(tab - 2)].draw();
    }
    layout::end_scroll();
    return;
  }
  p.setup();
  p.controls();
  if (!p.ready) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float left_w = std::min(avail.x * 0.45f, avail.y);
  {
    layout::Panel panel(p.picture.name);
    ImGui::BeginChild("left", ImVec2(left_w, 0), false);
    p.picture.draw();
    ImGui::EndChild();
  }
  ImGui::SameLine();
  std::string names;
  for (const TrainerPanel& s : p.side) names += std::string(names.empty() ? "" : " and ") + s.name;
  layout::Panel panel(names.c_str());
  ImGui::BeginChild("right", ImVec2(0, 0), false);
  for (const TrainerPanel& s : p.side) s.draw();
  ImGui::EndChild();
}

}  // namespace descent::ui
