// headless_app.h: the real App for one fuzz input, without a window: its own Dear ImGui context
// (the font atlas built once and shared), GL through gl_reader.h, fashion-mnist "downloadable" as
// on the web page (so no input loads 60,000 images), and a small memory limit, so the engine's
// budget checks (core/memory_budget.h) refuse what would make the fuzzer run out of memory.
// frame() runs one whole frame: ImGui::NewFrame, App::frame, ImGui::Render, and then reads every
// vertex, index and command of ImGui's draw data as a renderer would, checking every index.
// Not a platform: no events, no screenshots, no files written (PlatformRequests are dropped).
// Usage: HeadlessApp h; h.app().run("view data"); h.frame();
#pragma once
#include <cstdint>
#include <memory>

#include "core/ui/app.h"

struct ImGuiContext;
struct ImDrawData;

namespace descent::fuzz {

constexpr uint64_t kFuzzMemoryLimit = uint64_t(256) << 20;
constexpr double kFrameWorkSeconds = 0.003;  // the views' work per frame (training, grids)

class HeadlessApp {
 public:
  HeadlessApp();
  ~HeadlessApp();
  HeadlessApp(const HeadlessApp&) = delete;
  HeadlessApp& operator=(const HeadlessApp&) = delete;

  ui::App& app() { return *app_; }
  void frame();

 private:
  ImGuiContext* imgui_ = nullptr;
  std::unique_ptr<ui::App> app_;
};

// Reads every vertex, index and command of `dd`; aborts (a finding) on an index or a command range
// outside its buffers. Returns a checksum.
uint64_t read_draw_data(const ImDrawData* dd);

}  // namespace descent::fuzz
