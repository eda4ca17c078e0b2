// device_flags.cpp: opening the CLI's device (device_flags.h).
#include "native/cli/device_flags.h"

#ifdef DESCENT_HAVE_GPU
#include "native/gpu/gl_device.h"
#endif

namespace descent::cli {

Result<compute::DevicePtr> open_cli_device(compute::DeviceKind kind) {
#ifdef DESCENT_HAVE_GPU
  gpu::register_gl_device();
#endif
  return compute::open_device(kind);
}

void add_device_fields(nlohmann::json& j, const compute::ComputeDevice& dev) {
  j["device"] = compute::device_name(dev.info().kind);
  j["renderer"] = dev.info().renderer;
}

}  // namespace descent::cli
