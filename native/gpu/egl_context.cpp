// egl_context.cpp: display selection and context creation for the headless GL device (egl_context.h).
// EGL displays are process-wide and may be shared (an SDL window on the same platform), so a
// display is never terminated here; contexts are destroyed.
#include "native/gpu/egl_context.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace descent::gpu {

namespace {

bool has_extension(const char* list, const char* name) {
  if (!list) return false;
  const size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}

std::string hex(EGLint e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", unsigned(e));
  return buf;
}

struct Candidate {
  EGLDisplay display;
  std::string name;
};

// Displays in order of preference: hardware EGL devices, Mesa's surfaceless platform, the default.
std::vector<Candidate> candidates() {
  std::vector<Candidate> out;
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (has_extension(client, "EGL_EXT_platform_device") && has_extension(client, "EGL_EXT_device_enumeration")) {
    EGLint count = 0;
    if (eglQueryDevicesEXT(0, nullptr, &count) && count > 0) {
      std::vector<EGLDeviceEXT> devices(static_cast<size_t>(count));
      eglQueryDevicesEXT(count, devices.data(), &count);
      for (EGLint i = 0; i < count; ++i) {
        const char* ext = eglQueryDeviceStringEXT(devices[size_t(i)], EGL_EXTENSIONS);
        if (has_extension(ext, "EGL_MESA_device_software")) continue;  // llvmpipe comes via surfaceless
        EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[size_t(i)], nullptr);
        if (d != EGL_NO_DISPLAY) out.push_back({d, "EGL device " + std::to_string(i)});
      }
    }
  }
  if (has_extension(client, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (d != EGL_NO_DISPLAY) out.push_back({d, "surfaceless"});
  }
  EGLDisplay d = eglGetDisplay(EGL_DEFAULT_DISPLAY);
  if (d != EGL_NO_DISPLAY) out.push_back({d, "default display"});
  return out;
}

// A context on `d` with these attributes (none: whatever the driver gives), or EGL_NO_CONTEXT.
EGLContext make_context(EGLDisplay d, const EGLint* attribs) {
  EGLConfig config = EGL_NO_CONFIG_KHR;
  if (!has_extension(eglQueryString(d, EGL_EXTENSIONS), "EGL_KHR_no_config_context")) {
    const EGLint want[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE};
    EGLint n = 0;
    if (!eglChooseConfig(d, want, &config, 1, &n) || n < 1) return EGL_NO_CONTEXT;
  }
  return eglCreateContext(d, config, EGL_NO_CONTEXT, attribs);
}

std::string gl_string(GLenum what) {
  const GLubyte* s = glGetString(what);
  return s ? reinterpret_cast<const char*>(s) : "?";
}

}  // namespace

Result<std::unique_ptr<EglContext>> EglContext::create() {
  std::string tried;
  std::string found;  // "OpenGL 3.3 (renderer X)" of a context below 4.3
  for (const Candidate& c : candidates()) {
    EGLint major = 0, minor = 0;
    if (!eglInitialize(c.display, &major, &minor)) {
      tried += (tried.empty() ? "" : "; ") + c.name + ": eglInitialize failed (" + hex(eglGetError()) + ")";
      continue;
    }
    if (!has_extension(eglQueryString(c.display, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context")) {
      tried += (tried.empty() ? "" : "; ") + c.name + ": no EGL_KHR_surfaceless_context";
      continue;
    }
    if (!eglBindAPI(EGL_OPENGL_API)) {
      tried += (tried.empty() ? "" : "; ") + c.name + ": no desktop OpenGL";
      continue;
    }
    const EGLint core43[] = {EGL_CONTEXT_MAJOR_VERSION,
                             4,
                             EGL_CONTEXT_MINOR_VERSION,
                             3,
                             EGL_CONTEXT_OPENGL_PROFILE_MASK,
                             EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                             EGL_NONE};
    EGLContext ctx = make_context(c.display, core43);
    if (ctx != EGL_NO_CONTEXT && eglMakeCurrent(c.display, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx) &&
        epoxy_gl_version() >= 43) {
      std::unique_ptr<EglContext> out(new EglContext());
      out->display_ = c.display;
      out->context_ = ctx;
      out->platform_ = c.name;
      return out;
    }
    if (ctx != EGL_NO_CONTEXT) {
      eglMakeCurrent(c.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(c.display, ctx);
    }
    // No 4.3: learn what this display does offer, for the message.
    EGLContext any = make_context(c.display, nullptr);
    if (any != EGL_NO_CONTEXT && eglMakeCurrent(c.display, EGL_NO_SURFACE, EGL_NO_SURFACE, any)) {
      const int v = epoxy_gl_version();
      if (found.empty())
        found = "OpenGL " + std::to_string(v / 10) + "." + std::to_string(v % 10) + " (renderer " +
                gl_string(GL_RENDERER) + ")";
      eglMakeCurrent(c.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    }
    if (any != EGL_NO_CONTEXT) eglDestroyContext(c.display, any);
    tried += (tried.empty() ? "" : "; ") + c.name + ": no OpenGL 4.3 core context";
  }
  if (!found.empty()) return make_error(ErrorCode::NotFound, found + ": compute shaders need 4.3");
  return make_error(ErrorCode::NotFound,
                    "no OpenGL context through EGL (" + (tried.empty() ? std::string("no EGL display") : tried) +
                        "); install a GPU driver's EGL, or Mesa's (apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)");
}

EglContext::~EglContext() {
  if (!context_) return;
  if (eglGetCurrentContext() == context_) eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(display_, context_);
}

bool EglContext::make_current() const {
  return is_current() || eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_);
}

bool EglContext::is_current() const { return eglGetCurrentContext() == context_; }

}  // namespace descent::gpu
