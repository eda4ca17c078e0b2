// fuzz_app.cpp: libFuzzer target for the whole app without a window: the input is a script
// (ScriptRunner: commands, `wait N`, screenshots) run on a fresh App for at most kFrames frames,
// each frame whole (headless_app.h: ImGui::NewFrame, App::frame with the views' work and drawing,
// ImGui::Render, and every vertex, index and command of the draw data read as a renderer would;
// GL through gl_reader.h, which reads every byte it is given). The state must stay valid JSON.
// Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/app, dictionary commands.dict).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/ui/script_runner.h"
#include "tests/fuzz/headless_app.h"

namespace {
constexpr int kFrames = 24;     // per input: enough for a view switch, some training, a region pass slice
constexpr size_t kLines = 24;   // script lines per input
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  descent::fuzz::HeadlessApp h;
  descent::ui::ScriptRunner script;
  const std::string text(reinterpret_cast<const char*>(data), size);
  size_t start = 0, lines = 0;
  while (start <= text.size() && lines < kLines) {
    const size_t end = text.find('\n', start);
    script.add_line(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    ++lines;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  for (int f = 0; f < kFrames; ++f) {
    script.before_frame(h.app());
    h.frame();
    if (script.idle() && f >= 2) break;
  }
  if (nlohmann::json::parse(h.app().state_json(), nullptr, false).is_discarded()) std::abort();
  return 0;
}
