// notation.cpp: Torch7's names and PyTorch's (notation.h).
#include "core/ui/notation.h"

#include <utility>

namespace descent::ui {

namespace {
// Torch7 (the lecture's framework) -> PyTorch, longest first where one contains another.
const std::pair<const char*, const char*> kNames[] = {
    {"nn.CrossEntropyCriterion", "nn.CrossEntropyLoss"},
    {"nn.ClassNLLCriterion", "nn.NLLLoss"},
    {"nn.MSECriterion", "nn.MSELoss"},
    {"gradWeight", "weight.grad"},
    {"gradBias", "bias.grad"},
    {"Torch7's names", "PyTorch's names"},
    {"Torch7 module", "torch.nn module"},
    {"criterion", "loss function"},
};
}  // namespace

std::string notated(const std::string& text, Notation n) {
  if (n != Notation::PyTorch) return text;
  std::string out = text;
  for (const auto& [from, to] : kNames) {
    const std::string f = from, t = to;
    for (size_t at = out.find(f); at != std::string::npos; at = out.find(f, at + t.size())) out.replace(at, f.size(), t);
  }
  return out;
}

}  // namespace descent::ui
