// device_flags.h: what the CLI does with the `device` setting (core/compute/device_settings.h) of
// `descent train`, `knn` and `bench`: opens the chosen device (gl: OpenGL 4.3 compute shaders,
// native/gpu, on a headless context of its own; without GL 4.3 one line naming what was found,
// "OpenGL 3.3 (renderer X): compute shaders need 4.3", and exit 1) and adds it to JSON lines.
// Usage: Result<compute::DevicePtr> d = open_cli_device(choice.device); add_device_fields(j, **d);
#pragma once
#include <nlohmann/json.hpp>

#include "core/compute/compute_device.h"

namespace descent::cli {

// The chosen device, opened (the GL one registered first, where this build has it).
Result<compute::DevicePtr> open_cli_device(compute::DeviceKind kind);

// Adds {"device": "gl", "renderer": ...} to a JSON line from a run on `dev`.
void add_device_fields(nlohmann::json& j, const compute::ComputeDevice& dev);

}  // namespace descent::cli
