// app_context.h: what every view of the app shares: messages to the user (errors stay visible
// until dismissed, and never stop the app), the data sets (loaded once, shared between views), the
// frame's compute budget (so training and grid evaluation never stall a frame), and requests to
// the platform (screenshots, saved files). Owned by App; views receive it in update() and draw().
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/data/registry.h"
#include "core/status.h"

namespace descent::ui {

struct Message {
  bool error = false;
  std::string text;
  double time = 0;  // AppContext::now() when posted
};

// What the app asks of its platform after the frame is rendered.
struct PlatformRequest {
  enum class Kind { Screenshot, SaveFile, Quit } kind = Kind::Screenshot;
  std::string path;      // Screenshot: PNG path; SaveFile: file name
  std::string contents;  // SaveFile: the bytes
  ImVec4 rect{0, 0, 0, 0};  // Screenshot: (x, y, w, h) in window pixels; w == 0 means the whole window
};

class AppContext {
 public:
  bool web = false;            // running in the browser (no file system: saves become downloads)
  std::string data_dir;        // default folder for mnist/cifar10 (native)
  double frame_budget = 0.010; // seconds of compute per frame for background work (training, grids)

  // Messages: shown in the status bar; errors also in a banner until dismissed.
  void info(const std::string& text);
  void error(const std::string& text);
  // Posts s.message as an error if s is not ok; returns s.is_ok().
  bool check(const Status& s);
  const std::vector<Message>& messages() const { return messages_; }
  void dismiss_errors();
  bool has_error() const;

  // Data sets by request (name, limits, seed, toy settings), cached: the same request returns the
  // same shared splits. Errors (a missing file, a corrupt one) come back as Status, nothing cached.
  Result<std::shared_ptr<const DataSplits>> data(const DataRequest& request);
  // Adds a data set loaded by other means (a user's upload in the browser) under request.name.
  void put_data(const DataRequest& request, std::shared_ptr<const DataSplits> splits);

  // The frame's compute budget: App sets the deadline before update(); views loop while time_left().
  double now() const;
  void start_frame_budget() { deadline_ = now() + frame_budget; }
  bool time_left() const { return now() < deadline_; }

  void request(PlatformRequest r) { requests_.push_back(std::move(r)); }
  std::vector<PlatformRequest> take_requests() { return std::exchange(requests_, {}); }

 private:
  static std::string key(const DataRequest& r);
  std::vector<Message> messages_;
  std::map<std::string, std::shared_ptr<const DataSplits>> data_cache_;
  std::vector<PlatformRequest> requests_;
  double deadline_ = 0;
  std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
};

}  // namespace descent::ui
