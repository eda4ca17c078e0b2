// test_main.cpp: the GPU test binary (descent_gpu_tests): the GL device's kernels against their
// scalar references, and its training, kNN and loss-landscape paths against the CPU's, on
// whatever OpenGL 4.3 the machine has (Mesa's llvmpipe in CI). Prints the renderer first.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <memory>

#include "native/gpu/gl_device.h"
#include "tests/gpu/gl_fixture.h"

namespace descent::gpu::testing {

namespace {
Result<compute::DevicePtr>& shared_device() {
  static Result<compute::DevicePtr> dev = open_gl_device();
  return dev;
}
}  // namespace

compute::ComputeDevice& gl_device() {
  Result<compute::DevicePtr>& dev = shared_device();
  REQUIRE_MESSAGE(dev.ok(), "no GL device: " << dev.status().message);
  return **dev;
}

}  // namespace descent::gpu::testing

int main(int argc, char** argv) {
  auto& dev = descent::gpu::testing::shared_device();
  if (dev.ok())
    std::fprintf(stderr, "GL device: %s | %s\n", (*dev)->info().renderer.c_str(), (*dev)->info().version.c_str());
  else
    std::fprintf(stderr, "GL device: none: %s\n", dev.status().message.c_str());
  doctest::Context context(argc, argv);
  const int rc = context.run();
  dev = descent::make_error(descent::ErrorCode::Internal, "closed");  // the device goes before static teardown
  return rc;
}
