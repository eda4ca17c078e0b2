// app_settings.cpp: the app's settings table (app_settings.h).
#include "core/ui/app_settings.h"

#include "core/ui/presenter.h"

namespace descent::ui {

const settings::Schema<AppSettings>& app_schema() {
  static const settings::Schema<AppSettings> schema(
      "app", {settings::choice_field(
                 settings::Spec{.key = "notation", .choices = {"lecture", "pytorch"},
                                .help = "how labels and help name things: the lecture's (λ the learning rate, α the "
                                        "momentum coefficient, Torch7's nn names) or PyTorch's (lr, momentum, "
                                        "torch.nn names)"},
                 &AppSettings::notation, std::vector<Notation>{Notation::Lecture, Notation::PyTorch},
                 Notation::Lecture),
             settings::number_field(
                 settings::Spec{.key = "scale", .type = settings::Type::Real, .lo = kMinUiScale, .hi = kMaxUiScale,
                                .help = "the UI scale for a projector or the back row: text is re-rasterised, lines "
                                        "and panels grow with it (the + and - keys step it by 0.25)",
                                .slider_lo = kMinUiScale, .slider_hi = kMaxUiScale},
                 &AppSettings::scale, 1.0)});
  return schema;
}

}  // namespace descent::ui
