// view.h: one lecture step as one view of the app (a tab): the optimisation lab, the loss landscape,
// data and kNN, the linear classifier, the neural network, the gradient check. A view owns its
// state, registers its script commands, spends the frame's budget in update() and draws itself in
// draw(), placing its panels with layout.h; on_key() takes the keyboard's actions (presenter.h).
// state() reports what it shows (including where on screen it drew key things) as JSON, for
// descent.state() in the browser and for the rendering tests.
#pragma once
#include <nlohmann/json.hpp>

#include "core/ui/app_context.h"
#include "core/ui/command.h"
#include "core/ui/presenter.h"

namespace descent::ui {

class View {
 public:
  virtual ~View() = default;
  virtual const char* name() const = 0;   // the script's name: "lab", "landscape", "data", ...
  virtual const char* title() const = 0;  // the tab's label
  // Called once, before register_commands, so commands run before the first frame can load data
  // and post messages. The context outlives the view.
  virtual void attach(AppContext& ctx) { (void)ctx; }
  virtual void register_commands(CommandRegistry& registry) { (void)registry; }
  // Every frame, visible or not (a view that is training keeps training): do background work
  // while ctx.time_left().
  virtual void update(AppContext& ctx) { (void)ctx; }
  // Draws the view's content into the current ImGui window region.
  virtual void draw(AppContext& ctx) = 0;
  virtual void state(nlohmann::json& out) const { (void)out; }
  // The shared keyboard (presenter.h): what `action` does in this view, for the help overlay
  // (nullptr: nothing), and doing it; on_key returns false where the key means nothing here.
  virtual const char* key_meaning(KeyAction action) const { (void)action; return nullptr; }
  virtual bool on_key(KeyAction action, AppContext& ctx) { (void)action; (void)ctx; return false; }
};

}  // namespace descent::ui
