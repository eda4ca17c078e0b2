// trainer_view.h: what the two views that train a classifier with a ClassifierTrainer share
// (linear_view.cpp, network_view.cpp): the keyboard (presenter.h: Space plays or pauses training, Right
// takes one mini-batch step, R starts again from fresh weights; training has no step back and no
// chapters) and where their panels go (layout.h): wide, the settings and the trainer's buttons on top,
// the picture left and the other panels stacked right; compact, one tab each. Not the panels' drawing.
// Usage: key_meaning(a) { return trainer_key_meaning(a); }
//        on_key(a, ctx) { return trainer_on_key(trainer_, a, ctx, [&] { return ensure_ready(); }, [&] { return restart(); }); }
//        draw(ctx) { draw_trainer_panels({...}, &tab_); }
#pragma once
#include <functional>
#include <vector>

#include "core/status.h"
#include "core/ui/app_context.h"
#include "core/ui/classifier_trainer.h"
#include "core/ui/presenter.h"

namespace descent::ui {

const char* trainer_key_meaning(KeyAction a);
// False for a key that means nothing to a trainer. ensure_ready: the view's data loaded and a session
// started (an error is posted and the key does nothing more); restart: the view's own reset (it
// rebuilds its settings into the trainer, then calls reset()).
bool trainer_on_key(ClassifierTrainer& trainer, KeyAction a, AppContext& ctx, const std::function<Status()>& ensure_ready,
                    const std::function<Status()>& restart);

struct TrainerPanel {
  const char* name;            // the compact tab's label and the recorded panel's name
  std::function<void()> draw;  // draws into the space it is given (the rest of the column or tab)
};

struct TrainerPanels {
  std::function<void()> setup;     // the data picker, its description, the model's settings
  std::function<void()> controls;  // the trainer's play / step / reset row
  bool ready = false;              // data and a session: the picture and side panels can draw
  TrainerPanel picture;            // decision regions, templates or a confusion matrix
  std::vector<TrainerPanel> side;  // wide: stacked in the right column, the last one taking the rest
};
// compact_tab: the view's remembered tab (0 setup, 1 picture + controls, then one per side panel).
void draw_trainer_panels(const TrainerPanels& p, int* compact_tab);

}  // namespace descent::ui
