// device_flags.h: the --device flag of `descent train`, `knn` and `bench`: cpu (the SIMD kernels,
// the default) or gl (OpenGL 4.3 compute shaders, native/gpu, on a headless context). Kept in a
// file of its own so the settings schema can take it over. Without GL 4.3 the command stops with
// one line naming what was found ("OpenGL 3.3 (renderer X): compute shaders need 4.3"), exit 1.
// Usage: DeviceFlags device; device.add_to(*sub); ... if (device.is_gl()) { auto d = device.open(); ... }
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/compute/compute_device.h"

namespace descent::cli {

struct DeviceFlags {
  std::string device = "cpu";
  void add_to(CLI::App& sub);
  bool is_gl() const;
  // The chosen device, opened (the GL one on a headless EGL context of its own).
  Result<compute::DevicePtr> open() const;
};

// Adds {"device": "gl", "renderer": ...} to a JSON line from a run on `dev`.
void add_device_fields(nlohmann::json& j, const compute::ComputeDevice& dev);

}  // namespace descent::cli
