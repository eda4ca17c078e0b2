// notation.h: the app's two notations (AppContext::notation, the `app notation=` setting) for text:
// the lecture's, with Torch7's nn names (nn.CrossEntropyCriterion, gradWeight), or PyTorch's
// (nn.CrossEntropyLoss, weight.grad). One table of the names that differ; the settings' own labels
// (λ for lr, α for momentum) come from their Spec (settings_widgets.h). Not a translation layer.
// Usage: ImGui::TextUnformatted(notated("gradWeight after backward", ctx.notation).c_str());
#pragma once
#include <string>

#include "core/ui/app_context.h"

namespace descent::ui {

// `text` (written in the lecture's notation) with Torch7's names replaced by PyTorch's when n is
// Notation::PyTorch; unchanged otherwise.
std::string notated(const std::string& text, Notation n);

}  // namespace descent::ui
