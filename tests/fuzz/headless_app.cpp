// headless_app.cpp: the App in a fresh ImGui context per fuzz input, frames without a window, and
// the reader of ImGui's draw data (headless_app.h).
#include "tests/fuzz/headless_app.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/memory_budget.h"
#include "tests/fuzz/gl_reader.h"

namespace descent::fuzz {
namespace {

uint64_t g_sum = 0;

void read(const void* p, size_t n) {
  const uint8_t* b = static_cast<const uint8_t*>(p);
  for (size_t i = 0; i < n; ++i) g_sum = g_sum * 131 + b[i];
}

[[noreturn]] void draw_misuse(const char* what) {
  std::fprintf(stderr, "headless_app: %s\n", what);
  std::abort();
}

// The font atlas, baked once per process and shared by every input's context.
ImFontAtlas* shared_fonts() {
  static ImFontAtlas* atlas = [] {
    install_gl_reader();
    set_memory_limit(kFuzzMemoryLimit);
    ImFontAtlas* a = new ImFontAtlas();
    a->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    a->GetTexDataAsRGBA32(&pixels, &w, &h);
    read(pixels, size_t(w) * size_t(h) * 4);
    a->SetTexID(reinterpret_cast<ImTextureID>(intptr_t(1)));
    return a;
  }();
  return atlas;
}

}  // namespace

uint64_t read_draw_data(const ImDrawData* dd) {
  if (!dd || !dd->Valid) draw_misuse("no valid draw data after ImGui::Render");
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* list = dd->CmdLists[l];
    read(list->VtxBuffer.Data, size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    read(list->IdxBuffer.Data, size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      if (size_t(cmd.IdxOffset) + cmd.ElemCount > size_t(list->IdxBuffer.Size))
        draw_misuse("a draw command past its index buffer");
      for (unsigned i = 0; i < cmd.ElemCount; ++i) {
        const size_t v = size_t(list->IdxBuffer.Data[cmd.IdxOffset + i]) + cmd.VtxOffset;
        if (v >= size_t(list->VtxBuffer.Size)) draw_misuse("an index past its vertex buffer");
      }
      read(&cmd.TextureId, sizeof cmd.TextureId);
      read(&cmd.ClipRect, sizeof cmd.ClipRect);
    }
  }
  return g_sum;
}

HeadlessApp::HeadlessApp() {
  imgui_ = ImGui::CreateContext(shared_fonts());
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 720);
  io.DeltaTime = 1.0f / 60.0f;
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // as imgui_impl_opengl3 does
  app_ = std::make_unique<ui::App>(ui::AppConfig{});
  app_->context().set_fetchable({"fashion-mnist"}, "");
}

HeadlessApp::~HeadlessApp() {
  app_.reset();  // its textures go before the context
  ImGui::DestroyContext(imgui_);
}

void HeadlessApp::frame() {
  app_->context().budget_limit = kFrameWorkSeconds;  // whatever `budget` says, as the web page caps it
  ImGui::NewFrame();
  app_->frame();
  ImGui::Render();
  read_draw_data(ImGui::GetDrawData());
  app_->take_requests();  // no platform: screenshots and saves are dropped
}

}  // namespace descent::fuzz
