// device_settings.h: the one setting every caller chooses a compute device with, described once
// (settings/schema.h): `device`, cpu (the SIMD kernels, the default) or gl (OpenGL 4.3 compute
// shaders, native/gpu). The CLI's --device and the app's device= come from this table.
// Usage: DeviceChoice c = device_schema().defaults();  device_schema().apply(c, {{"device", "gl"}}, "knn");
#pragma once
#include "core/compute/compute_device.h"
#include "core/settings/schema.h"

namespace descent::compute {

struct DeviceChoice {
  DeviceKind device = DeviceKind::CPU;
};

const settings::Schema<DeviceChoice>& device_schema();

}  // namespace descent::compute
