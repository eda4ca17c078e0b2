// gl_device.h: the GL device, core/compute's ComputeDevice on OpenGL 4.3 compute shaders
// (native/gpu/shaders: GLSL 4.30, shader storage buffers). Either on a headless EGL context of its
// own (the CLI, the tests, the benchmarks) or on the caller's current context (the desktop app's
// window, when it got 4.3). Buffers are shader storage buffers; kernels are dispatched in order with
// a memory barrier after each; download() and finish() wait and report the first error, GL errors
// included. Use a device from one thread (its context is current there).
// Usage: gpu::register_gl_device(); ... compute::open_device(compute::DeviceKind::GL)
#pragma once
#include "core/compute/compute_device.h"

namespace descent::gpu {

// A GL device on a headless OpenGL 4.3 core context of its own (egl_context.h). Errors: "OpenGL 3.3
// (renderer X): compute shaders need 4.3", or why no context could be made and what to install.
Result<compute::DevicePtr> open_gl_device();
// A GL device on the OpenGL context current on this thread, which must be current whenever the
// device is used and outlive it; an error naming version and renderer when it is below 4.3.
Result<compute::DevicePtr> open_gl_device_on_current_context();
// Makes compute::open_device(DeviceKind::GL) call open_gl_device() (call once, at start-up).
void register_gl_device();

}  // namespace descent::gpu
