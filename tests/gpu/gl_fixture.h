// gl_fixture.h: the one GL device the GPU tests share (opened on first use: a headless EGL context,
// Mesa's llvmpipe where there is no GPU). A machine that cannot make one fails every test that
// needs it, with the reason; nothing is skipped.
#pragma once
#include <doctest/doctest.h>

#include "core/compute/compute_device.h"

namespace descent::gpu::testing {

// The shared device; REQUIREs that it opened (the failure carries the driver's or EGL's reason).
compute::ComputeDevice& gl_device();

}  // namespace descent::gpu::testing
