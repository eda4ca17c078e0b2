// gfx.h: the few GPU things the views need beyond ImGui's own drawing: RGBA textures (heat maps,
// decision regions, image grids, W's templates) and an offscreen 3-D renderer for a height-field
// surface with lines on it (the optimisation lab's mesh view), orbited by a GLM camera. Both end as
// an ImTextureID for ImGui::Image. Needs a current GL context (desktop GL 3.3 or WebGL2); not a
// general engine: one mesh, some line strips, some point markers.
// Usage: Texture t; t.upload(w, h, rgba); ImGui::Image(t.id(), size);
//        SurfaceView3D v; v.set_mesh(grid); v.render(w, h, camera, lines); ImGui::Image(v.id(), size);
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace descent::ui {

// An RGBA8 texture, linear or nearest filtering. Movable, not copyable; frees itself.
class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(Texture&& o) noexcept;
  Texture& operator=(Texture&& o) noexcept;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // rgba: (h, w, 4) bytes, row 0 is the TOP row of the image.
  void upload(int w, int h, const uint8_t* rgba, bool nearest = false);
  ImTextureID id() const { return (ImTextureID)(intptr_t)tex_; }
  bool valid() const { return tex_ != 0; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  unsigned tex_ = 0;
  int w_ = 0, h_ = 0;
};

// The orbit camera of the 3-D views: drag rotates (yaw, pitch), the wheel zooms (distance).
struct OrbitCamera {
  float yaw = 0.7f;       // radians about the vertical axis
  float pitch = 0.6f;     // radians above the horizon, clamped to (-1.5, 1.5)
  float distance = 3.0f;  // from the target, in the unit-cube coordinates of the mesh
  bool dragging = false;  // a left-button drag that started on the item is in progress
  // Applies ImGui mouse input to the last item: a left drag that starts on it rotates, the wheel
  // over it zooms. Works after a plain ImGui::Image; after an InvisibleButton (an item with an
  // id) the wheel also stops scrolling the window underneath.
  void handle_input();
};

// A height field over the unit square in normalised coordinates: x, z in [-1, 1], y = height in
// [0, 1] (callers normalise the loss, e.g. log-scaled), with a colour per vertex.
struct HeightField {
  int nx = 0, nz = 0;
  std::vector<float> height;    // (nz, nx), row j is z = -1 + 2j/(nz-1)
  std::vector<uint32_t> color;  // (nz, nx) as ImU32 (IM_COL32)
};

// A polyline in the same normalised coordinates (x, y, z per point), drawn on top of the mesh.
struct Polyline3D {
  std::vector<float> xyz;  // 3 floats per point
  uint32_t color = 0xffffffff;
  float width = 2.0f;
  bool marker_at_end = true;  // a small dot at the last point (the optimizer's current position)
};

class SurfaceView3D {
 public:
  SurfaceView3D() = default;
  ~SurfaceView3D();
  SurfaceView3D(const SurfaceView3D&) = delete;
  SurfaceView3D& operator=(const SurfaceView3D&) = delete;

  // Uploads a new mesh (call only when the surface changed).
  void set_mesh(const HeightField& field);
  // Renders the mesh (shaded, with a faint wireframe) and the lines into an offscreen w x h target.
  // The image is stored upright for ImGui: show it with plain ImGui::Image(id(), size) (default
  // uv0 = (0,0), uv1 = (1,1)). Lines hidden behind the surface are drawn faintly; end markers are
  // always on top. Restores the GL state ImGui's renderer relies on (framebuffer, viewport, ...).
  void render(int w, int h, const OrbitCamera& camera, const std::vector<Polyline3D>& lines);
  ImTextureID id() const;
  bool valid() const;
  // Empty, or why the last render drew nothing (a shader that did not compile, an incomplete
  // framebuffer): post it with ctx.error() once.
  const char* error() const;

  // Projects a normalised point to pixel coordinates of the last render (for tests and labels);
  // returns false if it is behind the camera.
  bool project(float x, float y, float z, float* px, float* py) const;

 private:
  struct Impl;
  Impl* impl_ = nullptr;
};

}  // namespace descent::ui
