// device_flags.cpp: the --device flag (device_flags.h).
#include "native/cli/device_flags.h"

#ifdef DESCENT_HAVE_GPU
#include "native/gpu/gl_device.h"
#endif

namespace descent::cli {

void DeviceFlags::add_to(CLI::App& sub) {
  sub.add_option("--device", device, "where the kernels run: cpu (SIMD) or gl (OpenGL 4.3 compute shaders)")
      ->check(CLI::IsMember({"cpu", "gl"}, CLI::ignore_case))
      ->capture_default_str();
}

bool DeviceFlags::is_gl() const {
  Result<compute::DeviceKind> k = compute::parse_device(device);
  return k && *k == compute::DeviceKind::GL;
}

Result<compute::DevicePtr> DeviceFlags::open() const {
  Result<compute::DeviceKind> kind = compute::parse_device(device);
  if (!kind) return kind.status();
#ifdef DESCENT_HAVE_GPU
  gpu::register_gl_device();
#endif
  return compute::open_device(*kind);
}

void add_device_fields(nlohmann::json& j, const compute::ComputeDevice& dev) {
  j["device"] = compute::device_name(dev.info().kind);
  j["renderer"] = dev.info().renderer;
}

}  // namespace descent::cli
