// fuzz_link.cpp: libFuzzer target for the app's links (core/ui/url_state.h) applied to a real App,
// as the web page does: the input is a query string; App::apply_link turns it into command lines
// (url_state.h) and applies them to a fresh App. When every command applied, the link of
// the resulting state (url_query_from_state) must read back without error and reproduce itself:
// applied to another fresh App, it gives the same link. Every failure must be a Status with a
// message.
// Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/link, dictionary link.dict).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/ui/url_state.h"
#include "tests/fuzz/headless_app.h"

namespace {

// The link of an App's state, with the settings of an untouched App left out (as the page does).
std::string link_of(descent::ui::App& app, const nlohmann::json& defaults) {
  return descent::ui::url_query_from_state(nlohmann::json::parse(app.state_json()), &defaults);
}

[[noreturn]] void broken(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "fuzz_link: %s\n  %s\n  %s\n", what, a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string query(reinterpret_cast<const char*>(data), size);
  nlohmann::json defaults;
  {
    descent::fuzz::HeadlessApp fresh;
    defaults = nlohmann::json::parse(fresh.app().state_json());
  }
  descent::fuzz::HeadlessApp h;
  const descent::Status s = h.app().apply_link(query, defaults);
  if (!s && s.message.empty()) std::abort();
  // A link that cannot be applied opens the defaults on the page (web_shell.cpp): nothing to
  // round-trip. One that applied: the state's own link reads back and reproduces itself.
  if (!s) return 0;
  const std::string link = link_of(h.app(), defaults);
  descent::fuzz::HeadlessApp h2;
  if (const descent::Status again = h2.app().apply_link(link, defaults); !again)
    broken("the app's own link does not apply", link, again.message);
  const std::string link2 = link_of(h2.app(), defaults);
  if (link2 != link) broken("the app's own link does not reproduce itself", link, link2);
  return 0;
}
