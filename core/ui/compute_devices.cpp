// compute_devices.cpp: the app's compute devices and each view's last run times (compute_devices.h).
#include "core/ui/compute_devices.h"

#include <cstdio>

namespace descent::ui {

ComputeDevices::ComputeDevices()
    : gl_note_("the gl device needs the desktop app's window with OpenGL 4.3 (this app has no such window): "
               "the cpu device runs the SIMD kernels") {}

void ComputeDevices::set_gl(Opener open, std::string renderer) {
  gl_open_ = std::move(open);
  gl_note_.clear();
  renderer_ = std::move(renderer);
}

void ComputeDevices::set_gl_unavailable(std::string why, std::string renderer) {
  gl_open_ = nullptr;
  gl_.reset();
  gl_note_ = std::move(why);
  renderer_ = std::move(renderer);
}

bool ComputeDevices::available(compute::DeviceKind kind) const {
  return kind == compute::DeviceKind::CPU || gl_ != nullptr || gl_open_ != nullptr;
}

Status ComputeDevices::check(compute::DeviceKind kind) const {
  if (available(kind)) return Status::ok();
  return make_error(ErrorCode::Usage, std::string("device=") + compute::device_name(kind) + ": " + gl_note_);
}

Status ComputeDevices::check_choice(const ComputeDevices* devices, compute::DeviceKind kind, const std::string& who) {
  if (kind == compute::DeviceKind::CPU) return Status::ok();
  if (!devices)
    return make_error(ErrorCode::Usage, who + ": device=" + compute::device_name(kind) + ": no app to run a device in");
  if (Status s = devices->check(kind); !s) return make_error(ErrorCode::Usage, who + ": " + s.message);
  return Status::ok();
}

Result<compute::ComputeDevice*> ComputeDevices::get(compute::DeviceKind kind) {
  if (kind == compute::DeviceKind::CPU) {
    if (!cpu_) {
      Result<compute::DevicePtr> d = compute::open_device(compute::DeviceKind::CPU);
      if (!d) return d.status();
      cpu_ = std::move(*d);
    }
    return cpu_.get();
  }
  if (gl_) return gl_.get();
  if (Status s = check(kind); !s) return s;
  Result<compute::DevicePtr> d = gl_open_();
  if (!d) {  // it will not work later either: say why from now on
    gl_open_ = nullptr;
    gl_note_ = d.status().message;
    return make_error(d.status().code, "device=gl: " + d.status().message);
  }
  gl_ = std::move(*d);
  return gl_.get();
}

void ComputeDevices::state(nlohmann::json& out) const {
  out["gl_available"] = available(compute::DeviceKind::GL);
  out["gl_note"] = gl_note_;
  out["renderer"] = renderer_;
  out["gl_device"] = gl_ ? nlohmann::json(gl_->info().renderer + " | " + gl_->info().version) : nlohmann::json(nullptr);
}

std::string DeviceTimes::label() const {
  std::string s;
  for (const auto& [kind, seconds] : last_) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %.3g s", s.empty() ? "last run:" : ",", compute::device_name(kind), seconds);
    s += buf;
  }
  return s;
}

nlohmann::json DeviceTimes::json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [kind, seconds] : last_) j[compute::device_name(kind)] = seconds;
  return j;
}

}  // namespace descent::ui
