// web_shell.cpp: the browser's frame loop, requests, uploads and timing (web_shell.h). The page's
// side of each request is a function of Module.descentPage (page.js), called through EM_JS.
#include "web/web_shell.h"

#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/ui/data_picker.h"
#include "core/ui/fonts.h"
#include "core/ui/url_state.h"
#include "web/widget_locator.h"

#ifdef DESCENT_UI_FONT_EMBEDDED  // cmake/ui_font.cmake: the subset DejaVu Sans, compiled in
extern const unsigned char descent_ui_font_ttf[];
extern const unsigned long descent_ui_font_size;
#endif

// ---- the page's side (page.js) ------------------------------------------------------------------------
// clang-format off
EM_JS(void, page_download, (const char* name, const uint8_t* data, int size), {
  Module.descentPage.download(UTF8ToString(name), HEAPU8.slice(data, data + size));
});
EM_JS(void, page_screenshot, (const char* name), { Module.descentPage.screenshot(UTF8ToString(name)); });
EM_JS(void, page_fetch_data, (const char* name), { Module.descentPage.fetchData(UTF8ToString(name)); });
EM_JS(void, page_copy_link, (const char* query), { Module.descentPage.copyLink(UTF8ToString(query)); });
EM_JS(void, page_set_query, (const char* query), { Module.descentPage.setQuery(UTF8ToString(query)); });
EM_JS(void, page_first_frame, (), { Module.descentPage.firstFrame(); });
EM_JS(void, page_open_file, (), { Module.descentPage.openFile(); });
EM_JS(void, page_fullscreen, (), { Module.descentPage.fullscreen(); });
// clang-format on

namespace descent::web {

namespace {

using json = nlohmann::json;
constexpr size_t kTimingWindow = 240;       // frames in the timing statistics (about 4 s at 60 fps)
constexpr size_t kMaxUploadTotal = size_t(400) << 20;  // all files of one pick or drop together
constexpr long kAddressBarEvery = 30;       // frames between updates of the link in the address bar

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Mean, 95th percentile and maximum of a window of times.
json summary(std::vector<double> t) {
  if (t.empty()) return {{"mean", 0}, {"p95", 0}, {"max", 0}};
  double sum = 0;
  for (double v : t) sum += v;
  std::sort(t.begin(), t.end());
  return {{"mean", sum / double(t.size())},
          {"p95", t[std::min(t.size() - 1, size_t(0.95 * double(t.size())))]},
          {"max", t.back()}};
}

}  // namespace

Status WebShell::open(const std::string& query, const std::string& asset_note) {
  asset_note_ = asset_note;
#ifdef DESCENT_UI_FONT_EMBEDDED
  ui::set_font_data(descent_ui_font_ttf, size_t(descent_ui_font_size));
#endif
  app::WindowDesc desc;  // resizable: SDL follows the canvas's CSS size (100% of the page)
  if (Status s = window_.open(desc); !s) return s;
  widget_locator_enable();
  make_app();
  // One frame before the link: every view loads its defaults (in update()); that state is what
  // links leave out (url_state.h), so an untouched page has a plain address.
  draw_frame();
  defaults_ = nlohmann::json::parse(app_->state_json(), nullptr, false);
  apply_link(query);
  return Status::ok();
}

void WebShell::draw_frame() {
  widget_locator_begin_frame();
  app_->context().touch = window_.touch_input();
  window_.begin_frame(float(app_->ui_scale()));
  app_->frame();
  window_.render();
  const ImDrawData* dd = ImGui::GetDrawData();
  vertices_ = dd ? dd->TotalVtxCount : 0;
}

void WebShell::make_app() {
  ui::AppConfig config;
  config.web = true;
  app_.reset();
  app_ = std::make_unique<ui::App>(config);
  app_->context().devices.set_gl_unavailable(window_.compute_note(), window_.renderer());  // WebGL2: no compute
  app_->context().set_fetchable({kFetchedDataSet}, asset_note_);
  if (!ui::has_font_data())
    app_->context().error("font: this build has no UI font (install fonts-dejavu-core python3-fonttools, rebuild); "
                          "drawing ImGui's built-in font (no Greek letters or math signs)");
  script_ = ui::ScriptRunner();
}

void WebShell::apply_link(const std::string& query) {
  Status s = app_->apply_link(query, defaults_);
  const bool waits = !s && s.code == ErrorCode::NotFound && app_->context().fetching(kFetchedDataSet);
  if (!s && !waits) {
    make_app();  // all or nothing: a half-applied link would show a figure nobody sent
    app_->context().error(s.message + "; showing the default settings");
  }
}

void WebShell::frame() {
  const double start = emscripten_get_now();
  // The browser's own part of a frame (compositing the software-rendered canvas) is large here and
  // varies with the machine's load: the training budget gives way so the page stays smooth.
  ui::AppContext& ctx = app_->context();
  if (last_start_ms_ > 0) ctx.budget_limit = governor_.next_budget((start - last_start_ms_) / 1000.0, ctx.frame_budget);
  budget_ms_ = std::min(ctx.budget_limit, ctx.frame_budget) * 1000.0;
  window_.poll_events();  // closing a tab ends the page, not the loop
  script_.before_frame(*app_);
  draw_frame();
  handle_requests();
  window_.present();
  ++frames_;
  if (frames_ == 1) {
    first_frame_ms_ = emscripten_get_now();
    page_first_frame();
  }
  record_timing(start);
  if (frames_ % kAddressBarEvery == 1) update_address_bar();
}

void WebShell::record_timing(double start_ms) {
  const double work = emscripten_get_now() - start_ms;
  const double interval = last_start_ms_ > 0 ? start_ms - last_start_ms_ : work;
  last_start_ms_ = start_ms;
  if (interval_ms_.size() < kTimingWindow) {
    interval_ms_.push_back(interval);
    work_ms_.push_back(work);
  } else {
    interval_ms_[timing_next_] = interval;
    work_ms_[timing_next_] = work;
  }
  timing_next_ = (timing_next_ + 1) % kTimingWindow;
}

void WebShell::handle_requests() {
  using Kind = ui::PlatformRequest::Kind;
  ui::AppContext& ctx = app_->context();
  for (const ui::PlatformRequest& r : app_->take_requests()) {
    switch (r.kind) {
      case Kind::Screenshot:  // the canvas as it is now, rendered, before the browser shows it
        page_screenshot(base_name(r.path).c_str());
        ctx.info("screenshot: downloading " + base_name(r.path));
        break;
      case Kind::SaveFile:
        page_download(base_name(r.path).c_str(), reinterpret_cast<const uint8_t*>(r.contents.data()),
                      int(r.contents.size()));
        ctx.info("downloading " + base_name(r.path));
        break;
      case Kind::FetchData: page_fetch_data(r.path.c_str()); break;
      case Kind::CopyLink: page_copy_link(url_query().c_str()); break;
      case Kind::OpenFile: page_open_file(); break;
      case Kind::Fullscreen: page_fullscreen(); break;
      case Kind::Quit: ctx.info("quit: close the browser tab to leave"); break;
    }
  }
}

void WebShell::update_address_bar() {
  // While a linked data set downloads, the address keeps the link (its view still shows the default).
  if (app_->context().fetching(kFetchedDataSet)) return;
  std::string q = url_query();
  if (q == last_query_) return;
  last_query_ = q;
  page_set_query(q.c_str());
}

std::string WebShell::run(const std::string& line) {
  Status s = app_->run(line);
  json j = {{"ok", s.is_ok()}};
  if (!s) {
    j["error"] = s.message;
    j["code"] = error_code_name(s.code);
    if (s.code == ErrorCode::NotFound && app_->context().fetching(kFetchedDataSet)) j["pending"] = true;
  }
  return dump(j);
}

std::string WebShell::url_query() const {
  const json state = json::parse(app_->state_json(), nullptr, false);
  if (state.is_discarded()) return std::string();
  return ui::url_query_from_state(state, defaults_.is_object() ? &defaults_ : nullptr);
}

std::string WebShell::state() const {
  json web;
  web["frames"] = frames_;
  web["first_frame_ms"] = first_frame_ms_;  // since the page's navigation started
  web["frame_interval_ms"] = summary(interval_ms_);  // between frames: what the student sees
  web["frame_work_ms"] = summary(work_ms_);          // inside the frame callback
  web["budget_ms"] = budget_ms_;                     // the last frame's training budget (FrameGovernor)
  web["frame_target_ms"] = governor_.target() * 1000.0;
  web["canvas"] = {window_.framebuffer_width(), window_.framebuffer_height()};
  web["vertices"] = vertices_;  // ImGui's vertices in the last frame (what the software GL rasterises)
  web["pixels_per_point"] = window_.pixels_per_point();  // device pixel ratio x UI scale
  web["touch"] = window_.touch_input();
  web["fetching"] = app_->context().fetching(kFetchedDataSet) ? json::array({kFetchedDataSet}) : json::array();
  web["query"] = last_query_;
  web["gl"] = window_.gl_description();
  // The App's object with "web" first: {"web":{...},"view":...}.
  const std::string app = app_->state_json();
  return "{\"web\":" + dump(web) + (app.size() > 2 ? "," + app.substr(1) : "}");
}

void WebShell::data_arrived(const std::string& name, bool ok, const std::string& message) {
  app_->data_arrived(name, ok ? Status::ok() : make_error(ErrorCode::NotFound, message));
}

uint8_t* WebShell::upload_begin(const std::string& name, double size, std::string* error) {
  size_t total = 0;
  for (const ui::UploadFile& f : uploads_) total += f.bytes.size();
  if (!(size >= 0) || size > double(ui::kMaxUploadBytes) || total + size_t(size) > kMaxUploadTotal) {
    *error = name + ": " + std::to_string(long(size / (1 << 20))) + " MB is over the page's limit of " +
             std::to_string(ui::kMaxUploadBytes >> 20) + " MB per file (" + std::to_string(kMaxUploadTotal >> 20) +
             " MB per upload); use a smaller subset";
    uploads_.clear();  // the whole pick is dropped
    app_->context().error(*error);
    return nullptr;
  }
  // Room for the file and for parsing it (the first 10000 images as floats), or a message: a failed
  // allocation would abort the page (no exceptions), so ask malloc first, which returns null.
  const size_t n = size_t(size);
  void* probe = std::malloc(n + (size_t(64) << 20));
  if (!probe) {
    *error = name + ": not enough memory in this tab for " + std::to_string(n >> 20) + " MB; use a smaller file";
    uploads_.clear();
    app_->context().error(*error);
    return nullptr;
  }
  std::free(probe);
  uploads_.push_back({name, std::vector<uint8_t>(n)});
  static uint8_t empty_file;  // an empty file still needs a non-null answer (the checks reject it)
  return n > 0 ? uploads_.back().bytes.data() : &empty_file;
}

std::string WebShell::upload_finish() {
  ui::UploadDesc desc;
  desc.name = ui::kUploadPrefix + std::to_string(upload_count_ + 1);
  Result<DataSplits> r = ui::splits_from_uploads(uploads_, desc);
  uploads_.clear();
  uploads_.shrink_to_fit();
  if (!r) {
    app_->context().error(r.status().message);
    return dump({{"ok", false}, {"error", r.status().message}});
  }
  ++upload_count_;
  const int train = r->train.size(), val = r->val.size(), test = r->test.size();
  DataRequest request;
  request.name = desc.name;
  app_->context().put_data(request, std::make_shared<const DataSplits>(std::move(*r)));
  app_->context().info(desc.name + ": " + std::to_string(train) + " train / " + std::to_string(val) + " val / " +
                       std::to_string(test) + " test examples from your files");
  Status s = app_->select_data(app_->current_view(), desc.name);
  json j = {{"ok", s.is_ok()}, {"name", desc.name}, {"train", train}, {"val", val}, {"test", test}};
  if (!s) j["error"] = s.message;
  return dump(j);
}

}  // namespace descent::web
