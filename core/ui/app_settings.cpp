// app_settings.cpp: the app's settings table (app_settings.h).
#include "core/ui/app_settings.h"

namespace descent::ui {

const settings::Schema<AppSettings>& app_schema() {
  static const settings::Schema<AppSettings> schema(
      "app", {settings::choice_field(
                 settings::Spec{.key = "notation", .choices = {"lecture", "pytorch"},
                                .help = "how labels and help name things: the lecture's (λ the learning rate, α the "
                                        "momentum coefficient, Torch7's nn names) or PyTorch's (lr, momentum, "
                                        "torch.nn names)"},
                 &AppSettings::notation, std::vector<Notation>{Notation::Lecture, Notation::PyTorch},
                 Notation::Lecture)});
  return schema;
}

}  // namespace descent::ui
