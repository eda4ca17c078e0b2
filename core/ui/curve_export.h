// curve_export.h: the `export curves csv|json FILE [view=NAME]` command shared by the views that
// train (linear, network): each registers its curves as a source; the command saves those of the
// named view, or of the one trained most recently, through the platform (a file on the desktop, a
// download in the browser). Not a file writer: AppContext::request(SaveFile) does that.
// Usage: in register_commands: add_curve_source(registry, {"linear", [this] { return csv(); }, ...});
#pragma once
#include <functional>
#include <string>

#include "core/ui/app_context.h"
#include "core/ui/command.h"

namespace descent::ui {

struct CurveSource {
  std::string view;                           // "linear", "network"
  std::function<std::string()> csv;           // the curves as CSV
  std::function<std::string()> json;          // the curves as JSON text
  std::function<double()> last_active;        // when it last trained (AppContext::now()), -1 = never
  std::function<AppContext*()> context;       // the view's context (null before its first frame)
};

// Adds the source to `registry`'s export command (registering the command on first use).
void add_curve_source(CommandRegistry& registry, CurveSource source);
// Removes every source of `view` registered with `registry` (a view's destructor calls it).
void remove_curve_source(const CommandRegistry& registry, const std::string& view);
// Saves source's curves as `format` ("csv" | "json") to `file` through its view's context: what
// `export curves` and the views' own `export` sub-commands do. Usage errors, prefixed with
// `command`: another format; the view has not run yet (no context).
Status save_curves(const CurveSource& source, const std::string& format, const std::string& file,
                   const std::string& command);

}  // namespace descent::ui
