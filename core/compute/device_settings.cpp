// device_settings.cpp: the device's settings table (device_settings.h).
#include "core/compute/device_settings.h"

namespace descent::compute {

const settings::Schema<DeviceChoice>& device_schema() {
  static const settings::Schema<DeviceChoice> schema(
      "device",
      {settings::choice_field(
          settings::Spec{.key = "device",
                         .choices = {device_name(DeviceKind::CPU), device_name(DeviceKind::GL)},
                         .help = "where the heavy kernels run: cpu (the SIMD kernels) or gl (OpenGL 4.3 compute "
                                 "shaders; needs a GPU or Mesa's llvmpipe, and is not in the browser)"},
          &DeviceChoice::device, std::vector<DeviceKind>{DeviceKind::CPU, DeviceKind::GL}, DeviceKind::CPU)});
  return schema;
}

}  // namespace descent::compute
