// view.h: one lecture step as one view of the app (a tab): the optimisation lab, the loss landscape,
// data and kNN, the linear classifier, the neural network, the gradient check. A view owns its
// state, registers its script commands, spends the frame's budget in update() and draws itself in
// draw(), placing its panels with layout.h; on_key() takes the keyboard's actions (presenter.h).
// state() reports what it shows (including where on screen it drew key things) as JSON, for
// descent.state() in the browser and for the rendering tests.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "core/settings/schema.h"
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
  // True while work a command asked to finish (`network step N`, `sync=1`) is still going on in
  // the frames' budgets: scripts wait for it before their next line.
  virtual bool busy() const { return false; }
  // Draws the view's content into the current ImGui window region.
  virtual void draw(AppContext& ctx) = 0;
  // The state: what the view shows, and under "settings" its settings table's values
  // (settings_json.h), which links carry (url_state.h); "active": true once the view holds data or
  // a run, so a link brings that back even at the default settings.
  virtual void state(nlohmann::json& out) const { (void)out; }
  // The specs (key, type, range, help) of the settings `NAME key=value` takes, in table order; none
  // for a view without settings. For the reference and the tests.
  virtual std::vector<settings::Spec> setting_specs() const { return {}; }
  // The shared keyboard (presenter.h): what `action` does in this view, for the help overlay
  // (nullptr: nothing), and doing it; on_key returns false where the key means nothing here.
  virtual const char* key_meaning(KeyAction action) const { (void)action; return nullptr; }
  virtual bool on_key(KeyAction action, AppContext& ctx) { (void)action; (void)ctx; return false; }
};

// The specs of a settings table, for View::setting_specs (derived settings left out).
template <class D>
std::vector<settings::Spec> specs_of(const settings::Schema<D>& schema) {
  std::vector<settings::Spec> out;
  for (const settings::Setting<D>& s : schema.settings())
    if (!s.derived) out.push_back(s.spec);
  return out;
}

}  // namespace descent::ui
