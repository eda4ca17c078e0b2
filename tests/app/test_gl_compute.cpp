// test_gl_compute.cpp: the desktop window's context and the GL compute device together: the
// window asks for OpenGL 4.3 core (llvmpipe gives it), says compute is available and names the
// renderer; the GL device opened on that context (as the app's views will) computes correctly;
// and ImGui still draws the App afterwards (the device's buffer and program bindings do not leak
// into the renderer's state).
#include "core/compute/device_knn.h"
#include "native/gpu/gl_device.h"
#include "tests/app/app_harness.h"
#include "tests/compute_checks.h"

namespace {

using namespace descent;

TEST_CASE("window: a 4.3 context offers compute; the GL device on it computes; ImGui still draws") {
  REQUIRE_SHELL();
  auto& w = harness::shell().window();
  CHECK(w.compute_available());
  CHECK(w.compute_note().empty());
  CHECK_FALSE(w.renderer().empty());
  Result<compute::DevicePtr> dev = gpu::open_gl_device_on_current_context();
  REQUIRE_MESSAGE(dev.ok(), dev.status().message);
  CHECK((*dev)->info().renderer == w.renderer());
  compute::checks::check_knn_kernels(**dev);
  compute::checks::check_plane_combine(**dev);
  harness::fresh_app("data");
  const harness::Image im = harness::render(3);
  CHECK(harness::distinct_colors(im) > 20);
  dev = make_error(ErrorCode::Internal, "closed");  // the device goes while its context is current
}

}  // namespace
