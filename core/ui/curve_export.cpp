// curve_export.cpp: the shared `export curves` command (curve_export.h). Sources are kept per
// command registry (one per App), so two apps in one process (the tests) never see each other's.
#include "core/ui/curve_export.h"

#include <map>
#include <vector>

namespace descent::ui {

namespace {
std::map<const CommandRegistry*, std::vector<CurveSource>>& sources() {
  // Never destroyed: views unregister from their destructors, which may run during static
  // destruction (an App held in a static), after a function-local static would be gone.
  static auto* s = new std::map<const CommandRegistry*, std::vector<CurveSource>>();
  return *s;
}
}  // namespace

void add_curve_source(CommandRegistry& registry, CurveSource source) {
  std::vector<CurveSource>& list = sources()[&registry];
  list.push_back(std::move(source));
  if (list.size() > 1) return;
  const CommandRegistry* key = &registry;
  registry.add("export",
               "export curves csv|json FILE [view=linear|network]: save the training curves (per-step loss; per-epoch "
               "loss and train/val/test accuracy) of the view, default the one trained last",
               [key](const CommandArgs& a) -> Status {
                 if (a.words.size() != 3 || a.words[0] != "curves")
                   return make_error(ErrorCode::Usage, "export: usage: export curves csv|json FILE [view=linear|network]");
                 auto it = sources().find(key);
                 if (it == sources().end() || it->second.empty())
                   return make_error(ErrorCode::Usage, "export: no view has curves");
                 const CurveSource* pick = nullptr;
                 if (a.has("view")) {
                   for (const CurveSource& s : it->second)
                     if (s.view == a.options.at("view")) pick = &s;
                   if (!pick) return make_error(ErrorCode::Usage, "export: view= must be linear or network");
                 } else {
                   for (const CurveSource& s : it->second)
                     if (!pick || s.last_active() > pick->last_active()) pick = &s;
                 }
                 return save_curves(*pick, a.words[1], a.words[2], "export");
               });
}

Status save_curves(const CurveSource& source, const std::string& format, const std::string& file,
                   const std::string& command) {
  if (format != "csv" && format != "json")
    return make_error(ErrorCode::Usage, command + ": the format must be csv or json, not '" + format + "'");
  AppContext* ctx = source.context();
  if (!ctx) return make_error(ErrorCode::Usage, command + ": the " + source.view + " view has not run yet");
  ctx->request({PlatformRequest::Kind::SaveFile, file, format == "csv" ? source.csv() : source.json()});
  return Status::ok();
}

void remove_curve_source(const CommandRegistry& registry, const std::string& view) {
  auto it = sources().find(&registry);
  if (it == sources().end()) return;
  std::vector<CurveSource>& list = it->second;
  for (size_t i = list.size(); i-- > 0;)
    if (list[i].view == view) list.erase(list.begin() + static_cast<long>(i));
  if (list.empty()) sources().erase(it);
}

}  // namespace descent::ui
