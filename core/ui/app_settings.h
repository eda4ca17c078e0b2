// app_settings.h: the app's own settings (not a view's), described once: the notation of labels and
// help (the lecture's λ, α and Torch7 names, or PyTorch's lr, momentum and torch.nn) and the UI scale
// of presenter mode (presenter.h). The `app` command, the links' top-level keys (?scale=2) and the
// state's "settings" come from this table.
// Usage: AppSettings s = app_schema().defaults();  app_schema().apply(s, {{"notation", "pytorch"}}, "app");
#pragma once
#include "core/settings/schema.h"
#include "core/ui/app_context.h"

namespace descent::ui {

struct AppSettings {
  Notation notation = Notation::Lecture;
  double scale = 1.0;  // points per CSS pixel (web) or window pixel (desktop), kMinUiScale..kMaxUiScale
};

const settings::Schema<AppSettings>& app_schema();

}  // namespace descent::ui
