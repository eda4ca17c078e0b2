// compute_devices.h: the app's compute devices (core/compute) for the views with a device choice
// (the kNN view's final test, the loss landscape's grid): cpu always; gl where the platform gives
// an opener (the desktop window with OpenGL 4.3: native/gpu on the window's context), else the one
// line saying why not ("WebGL2 has no compute shaders: ...", "OpenGL 3.3 (renderer X): compute
// shaders need 4.3"). A device opens on first use and stays. DeviceTimes keeps each device's time
// of a view's last run, shown beside the choice. The state reports availability and the renderer.
// Usage: ctx.devices.set_gl(opener, renderer);  Result<ComputeDevice*> d = ctx.devices.get(DeviceKind::GL);
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/compute/compute_device.h"
#include "core/compute/device_settings.h"
#include "core/status.h"

namespace descent::ui {

class ComputeDevices {
 public:
  using Opener = std::function<Result<compute::DevicePtr>()>;
  ComputeDevices();
  // The platform's GL device: an opener (called on first use, on the thread that draws), or why
  // there is none. `renderer` is the window's GL_RENDERER, reported either way.
  void set_gl(Opener open, std::string renderer);
  void set_gl_unavailable(std::string why, std::string renderer = "");

  bool available(compute::DeviceKind kind) const;
  const std::string& gl_note() const { return gl_note_; }  // why gl is not there ("" when it is)
  // Ok, or the error a view shows when this device is chosen where it is not there.
  Status check(compute::DeviceKind kind) const;
  // A view's device choice (`who`: its command word) in `devices` (null: a model driven without an
  // app, cpu alone): ok, or the Usage error "WHO: device=gl: why".
  static Status check_choice(const ComputeDevices* devices, compute::DeviceKind kind, const std::string& who);
  // The device, opened on first use; an error naming why (no GL 4.3, the opener failed: then gl
  // stays unavailable with that reason).
  Result<compute::ComputeDevice*> get(compute::DeviceKind kind);

  // {"gl_available", "gl_note" (why not, or ""), "renderer" (the window's), "gl_device" (the opened
  // device's renderer, or null until it is opened)}
  void state(nlohmann::json& out) const;

 private:
  Opener gl_open_;
  std::string gl_note_, renderer_;
  compute::DevicePtr cpu_, gl_;
};

// The seconds of one view's last run on each device (absent until it ran there).
class DeviceTimes {
 public:
  void record(compute::DeviceKind kind, double seconds) { last_[kind] = seconds; }
  // "last run: cpu 3.41 s, gl 0.16 s" ("" before any run).
  std::string label() const;
  // {"cpu": seconds, "gl": seconds} of the devices that ran.
  nlohmann::json json() const;

 private:
  std::map<compute::DeviceKind, double> last_;
};

}  // namespace descent::ui
