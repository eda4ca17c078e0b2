// test_gfx.cpp: core/ui/gfx.h on a real GL context: a texture shows upright with plain
// ImGui::Image, the 3-D surface view draws a shaded mesh, its end marker lands where project()
// says (so the image is not upside down), and the GL state ImGui relies on is restored.
#include <cmath>

#include <imgui.h>

#include "core/ui/gfx.h"
#include "core/ui/gl.h"
#include "tests/app/app_harness.h"

using descent::ui::HeightField;
using descent::ui::OrbitCamera;
using descent::ui::Polyline3D;
using descent::ui::SurfaceView3D;
using descent::ui::Texture;

namespace {

// Frames with only our own ImGui window at (x, y), no App (harness::render_without_app).
template <typename Fn>
harness::Image custom_frame(float x, float y, Fn body) {
  return harness::render_without_app([&] {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(800, 500));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("gfx test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    body();
    ImGui::End();
    ImGui::PopStyleVar(2);
  });
}

}  // namespace

TEST_CASE("gfx: a texture's first row shows at the top with plain ImGui::Image (nearest filtering)") {
  REQUIRE_SHELL();
  // 2x2: top-left red, top-right green, bottom-left blue, bottom-right white.
  const uint8_t rgba[16] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255};
  Texture t;
  t.upload(2, 2, rgba, true);
  REQUIRE(t.valid());
  CHECK(t.width() == 2);
  const harness::Image im = custom_frame(100, 100, [&] { ImGui::Image(t.id(), ImVec2(64, 64)); });
  CHECK(harness::color_distance(im.at(100 + 16, 100 + 16), IM_COL32(255, 0, 0, 255)) <= 2);
  CHECK(harness::color_distance(im.at(100 + 48, 100 + 16), IM_COL32(0, 255, 0, 255)) <= 2);
  CHECK(harness::color_distance(im.at(100 + 16, 100 + 48), IM_COL32(0, 0, 255, 255)) <= 2);
  CHECK(harness::color_distance(im.at(100 + 48, 100 + 48), IM_COL32(255, 255, 255, 255)) <= 2);
  // Re-upload of the same size (glTexSubImage2D path) replaces the pixels.
  const uint8_t yellow[16] = {255, 255, 0, 255, 255, 255, 0, 255, 255, 255, 0, 255, 255, 255, 0, 255};
  t.upload(2, 2, yellow, true);
  const harness::Image im2 = custom_frame(100, 100, [&] { ImGui::Image(t.id(), ImVec2(64, 64)); });
  CHECK(harness::color_distance(im2.at(100 + 16, 100 + 48), IM_COL32(255, 255, 0, 255)) <= 2);
}

TEST_CASE("gfx: the 3-D surface view draws a lit mesh, lines and an end marker where project() says") {
  REQUIRE_SHELL();
  // A bowl y = (x^2 + z^2) / 2, coloured by height from blue (low) to orange (high).
  HeightField f;
  f.nx = 48;
  f.nz = 40;
  for (int j = 0; j < f.nz; ++j)
    for (int i = 0; i < f.nx; ++i) {
      const float x = -1.0f + 2.0f * i / (f.nx - 1), z = -1.0f + 2.0f * j / (f.nz - 1);
      const float y = 0.5f * (x * x + z * z);
      f.height.push_back(y);
      f.color.push_back(IM_COL32((int)(60 + 180 * y), 90, (int)(220 - 160 * y), 255));
    }
  SurfaceView3D view;
  view.set_mesh(f);
  CHECK_FALSE(view.valid());  // nothing rendered yet
  OrbitCamera cam;
  // A magenta path down the bowl ending at (0.5, 0.25, -0.5)... marker at its end.
  Polyline3D line;
  line.color = IM_COL32(255, 0, 255, 255);
  line.width = 3.0f;
  for (int k = 0; k <= 20; ++k) {
    const float t = k / 20.0f;
    const float x = -0.9f + 1.4f * t, z = 0.8f - 1.3f * t;
    line.xyz.insert(line.xyz.end(), {x, 0.5f * (x * x + z * z), z});
  }
  const int W = 400, H = 300;
  GLint vp_before[4];
  glGetIntegerv(GL_VIEWPORT, vp_before);
  view.render(W, H, cam, {line});
  INFO("gfx error: ", view.error());
  REQUIRE(view.valid());
  CHECK(std::string(view.error()).empty());
  GLint vp_after[4], fbo_after = -1;
  glGetIntegerv(GL_VIEWPORT, vp_after);
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo_after);
  CHECK(fbo_after == 0);
  for (int k = 0; k < 4; ++k) CHECK(vp_after[k] == vp_before[k]);

  float mx = 0, my = 0;
  const float* e = line.xyz.data() + line.xyz.size() - 3;
  REQUIRE(view.project(e[0], e[1], e[2], &mx, &my));
  CHECK(mx > 0);
  CHECK(mx < W);
  CHECK(my > 0);
  CHECK(my < H);
  // The bowl's rim (y = 1 at a corner) projects above its bottom (y = 0 at the centre).
  float cx = 0, cy = 0, rx = 0, ry = 0;
  REQUIRE(view.project(0, 0, 0, &cx, &cy));
  REQUIRE(view.project(0, 1, 0, &rx, &ry));
  CHECK(ry < cy);

  const float ox = 200, oy = 150;
  const harness::Image im = custom_frame(ox, oy, [&] { ImGui::Image(view.id(), ImVec2((float)W, (float)H)); });
  harness::save(im, "gfx_surface3d");
  // The marker (magenta) at the projected end point; were the image upside down it would be at H - my.
  int best = 0;
  CHECK_MESSAGE(harness::color_near(im, ox + mx, oy + my, line.color, 40, 2, &best), "best distance ", best);
  CHECK_FALSE(harness::color_near(im, ox + mx, oy + (H - my), line.color, 40, 2));
  // The mesh is shaded: many colours in the image, and the bowl's centre is bluish (low).
  CHECK(harness::distinct_colors(im, (int)ox, (int)oy, W, H) > 300);
  const uint8_t* centre = im.at((int)(ox + cx), (int)(oy + cy));
  CHECK(centre[2] > centre[0]);
  // Outside the image: the App's background, untouched by the offscreen pass.
  CHECK(harness::color_distance(im.at(50, 50), IM_COL32(15, 15, 18, 255)) <= 3);
}
