// egl_context.h: a headless OpenGL 4.3 core context through EGL, no window and no display server:
// a GPU's EGL device (the NVIDIA driver's EGL_EXT_platform_device), else Mesa's surfaceless
// platform (EGL_PLATFORM_SURFACELESS_MESA: llvmpipe without a GPU), else EGL's default display.
// Not a window system binding: nothing is drawn, no surface exists. The context is current on the
// thread that created it; make_current() moves it (one thread at a time).
// Usage: Result<std::unique_ptr<EglContext>> c = EglContext::create(); (*c)->renderer()
#pragma once
#include <memory>
#include <string>

#include "core/status.h"

namespace descent::gpu {

class EglContext {
 public:
  // A 4.3 core context, current on return. Errors name what was found: "OpenGL 3.3 (renderer X):
  // compute shaders need 4.3", or why no context could be made at all and what to install.
  static Result<std::unique_ptr<EglContext>> create();
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  bool make_current() const;
  bool is_current() const;
  const std::string& platform() const { return platform_; }  // "EGL device 0", "surfaceless", ...

 private:
  EglContext() = default;
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
  std::string platform_;
};

}  // namespace descent::gpu
