// main.cpp: the Descent app as a web page: the one WebShell, run by emscripten_set_main_loop (one
// frame per requestAnimationFrame), and the C functions behind the page's JavaScript bridge
// (page.js: window.descent.run / state / script / widgets, uploads, downloads that arrived).
// Not the desktop app (native/app/main.cpp). Strings returned to JavaScript stay valid until the
// next call of the same function.
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "web/web_shell.h"
#include "web/widget_locator.h"

namespace {

descent::web::WebShell* g_shell = nullptr;
std::string g_upload_error;  // why the last descent_upload_begin() gave no buffer

void frame(void*) { g_shell->frame(); }

const char* keep(std::string& slot, std::string value) {
  slot = std::move(value);
  return slot.c_str();
}

}  // namespace

extern "C" {

// Starts the app: query = the link's settings (location.search), note = the Fashion-MNIST asset's
// size for the "downloading" message. 0 ok; 1 no WebGL2 context (the page shows why).
EMSCRIPTEN_KEEPALIVE int descent_start(const char* query, const char* note) {
  static descent::web::WebShell shell;
  if (g_shell) return 0;
  if (descent::Status s = shell.open(query ? query : "", note ? note : ""); !s) {
    std::fprintf(stderr, "descent: %s\n", s.message.c_str());
    return 1;
  }
  g_shell = &shell;
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
  return 0;
}

EMSCRIPTEN_KEEPALIVE const char* descent_run(const char* line) {
  static std::string out;
  if (!g_shell) return keep(out, "{\"ok\":false,\"error\":\"the app has not started\"}");
  return keep(out, g_shell->run(line ? line : ""));
}

EMSCRIPTEN_KEEPALIVE void descent_script(const char* text) {
  if (g_shell && text) g_shell->script(text);
}

EMSCRIPTEN_KEEPALIVE const char* descent_state() {
  static std::string out;
  return keep(out, g_shell ? g_shell->state() : "{}");
}

EMSCRIPTEN_KEEPALIVE const char* descent_url_query() {
  static std::string out;
  return keep(out, g_shell ? g_shell->url_query() : "");
}

EMSCRIPTEN_KEEPALIVE const char* descent_widgets() {
  static std::string out;
  return keep(out, descent::web::widget_locator_json(g_shell ? g_shell->ui_scale() : 1.0f));
}

EMSCRIPTEN_KEEPALIVE void descent_data_arrived(const char* name, int ok, const char* message) {
  if (g_shell) g_shell->data_arrived(name ? name : "", ok != 0, message ? message : "");
}

// Uploads: begin() per file (a buffer to fill, or 0 with descent_upload_error()), then finish().
EMSCRIPTEN_KEEPALIVE uint8_t* descent_upload_begin(const char* name, double size) {
  g_upload_error.clear();
  if (!g_shell) return nullptr;
  return g_shell->upload_begin(name ? name : "", size, &g_upload_error);
}

EMSCRIPTEN_KEEPALIVE const char* descent_upload_error() { return g_upload_error.c_str(); }

EMSCRIPTEN_KEEPALIVE const char* descent_upload_finish() {
  static std::string out;
  return keep(out, g_shell ? g_shell->upload_finish() : "{\"ok\":false}");
}

}  // extern "C"

// The page calls descent_start() once the runtime is ready (page.js), after reading the link.
int main() { return 0; }
