// view_model.h: what a view's model (the part without drawing, tested without GL: KnnModel,
// LandscapeModel) offers the view that draws it: its commands, its work within a frame's budget,
// whether a script must wait for it, and its state as JSON. The view holds one and draws it.
// Usage: class KnnModel : public ViewModel { ... };  model.attach(&ctx); model.register_commands(reg);
#pragma once
#include <nlohmann/json.hpp>

#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui {

class ViewModel {
 public:
  virtual ~ViewModel() = default;
  void attach(AppContext* ctx) { ctx_ = ctx; }
  virtual void register_commands(CommandRegistry& r) = 0;
  // The heavy work, a slice within ctx's budget (ctx.time_left()).
  virtual void update(AppContext& ctx) = 0;
  // Work a command asked to finish (sync=1, landscape-compute) is still running: scripts wait.
  virtual bool busy() const = 0;
  virtual void state(nlohmann::json& out) const = 0;

 protected:
  AppContext* ctx_ = nullptr;  // null until attached (tests may drive a model without one)
};

}  // namespace descent::ui
