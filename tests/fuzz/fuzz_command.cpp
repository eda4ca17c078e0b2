// fuzz_command.cpp: libFuzzer target for the app's command language (core/ui/command.h) applied
// to a real App: the input's lines (at most 16) are parsed (parse_command) and run (App::run) on
// a fresh App, as a script or descent.run() would, without frames. Every failure must be a
// Status with a message; the App's state must stay valid JSON (App::state_json).
// Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/command, dictionary commands.dict).
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/ui/command.h"
#include "tests/fuzz/headless_app.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  descent::fuzz::HeadlessApp h;
  std::istringstream text(std::string(reinterpret_cast<const char*>(data), size));
  std::string line;
  for (int n = 0; n < 16 && std::getline(text, line); ++n) {
    const descent::Result<descent::ui::CommandArgs> parsed = descent::ui::parse_command(line);
    if (!parsed && parsed.status().message.empty()) std::abort();
    const descent::Status s = h.app().run(line);
    if (!s && s.message.empty()) std::abort();
  }
  // The state reaches JSON (the web page, --print-state): it must be valid UTF-8 JSON.
  if (nlohmann::json::parse(h.app().state_json(), nullptr, false).is_discarded()) std::abort();
  return 0;
}
