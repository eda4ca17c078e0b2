// app_context.h: what every view of the app shares: messages to the user (errors stay visible
// until dismissed, and never stop the app), the data sets (loaded once, shared between views), the
// frame's compute budget (so training and grid evaluation never stall a frame), and requests to
// the platform (screenshots, saved files). Owned by App; views receive it in update() and draw().
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/data/registry.h"
#include "core/ui/compute_devices.h"
#include "core/status.h"

namespace descent::ui {

// How the panels name settings: the lecture's symbols (λ the learning rate, α the momentum
// coefficient) and Torch7's names, or PyTorch's (lr, momentum, torch.nn). Links use neither: their
// keys are the settings tables' (lr, momentum).
enum class Notation { Lecture, PyTorch };

struct Message {
  bool error = false;
  std::string text;
  double time = 0;  // AppContext::now() when posted
};

// What the app asks of its platform after the frame is rendered.
struct PlatformRequest {
  // FetchData: download a data set's asset (path = its name; the web page), then App::data_arrived.
  // CopyLink: put a link to the current settings (url_state.h) on the clipboard (the web page).
  // OpenFile: let the user pick data files (the web page's file picker; see upload.h).
  // Fullscreen: full screen on, or off again (presenter mode).
  enum class Kind { Screenshot, SaveFile, Quit, FetchData, CopyLink, OpenFile, Fullscreen } kind = Kind::Screenshot;
  std::string path;      // Screenshot: PNG path; SaveFile: file name; FetchData: data set name
  std::string contents;  // SaveFile: the bytes
  ImVec4 rect{0, 0, 0, 0};  // Screenshot: (x, y, w, h) in window pixels; w == 0 means the whole window
};

class AppContext {
 public:
  bool web = false;            // running in the browser (no file system: saves become downloads)
  std::string data_dir;        // default folder for mnist/cifar10 (native)
  double frame_budget = 0.010; // seconds of compute per frame for background work (training, grids)
  double budget_limit = 1e9;   // the platform's cap on it this frame (the web page's FrameGovernor)
  Notation notation = Notation::Lecture;
  bool touch = false;          // the platform: the pointer is a finger (a tap on the lab's map steps)
  ComputeDevices devices;      // cpu, and gl where the platform has OpenGL 4.3 (the desktop window)

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
  void start_frame_budget() { deadline_ = now() + (budget_limit < frame_budget ? budget_limit : frame_budget); }
  bool time_left() const { return now() < deadline_; }
  // A command's own work (`network step 1000`, `knn cv ... sync=1`) runs for at most this long before
  // the command returns; the rest goes on in the frames' budgets, the view reports busy() meanwhile
  // and scripts wait for it. So no command freezes the window, however large.
  static constexpr double kCommandSeconds = 0.05;
  double command_deadline() const { return now() + kCommandSeconds; }
  double seconds_left() const { return deadline_ - now(); }  // negative once the budget is spent

  void request(PlatformRequest r) { requests_.push_back(std::move(r)); }
  std::vector<PlatformRequest> take_requests() { return std::exchange(requests_, {}); }

  // Data sets the platform downloads on first use (the web page: fashion-mnist, whose files it
  // writes where load_dataset looks). Until one has arrived, data() answers NotFound "downloading"
  // and asks for it once (a FetchData request); `origin` (set by App: the command line, or
  // "ui:VIEW" while a view draws) is remembered, so App::data_arrived can repeat what asked.
  void set_fetchable(const std::vector<std::string>& names, const std::string& size_note);
  bool fetching(const std::string& name) const { return fetching_.count(name) > 0; }
  bool any_fetching() const { return !fetching_.empty(); }
  // The download ended: ok (the files are in place) or failed (the next use asks again). Returns
  // the origins that waited for it, oldest first, and clears the "downloading" banners.
  std::vector<std::string> finish_fetch(const std::string& name, bool ok);
  std::string origin;

 private:
  static std::string key(const DataRequest& r);
  std::vector<Message> messages_;
  std::map<std::string, std::shared_ptr<const DataSplits>> data_cache_;
  std::vector<PlatformRequest> requests_;
  std::set<std::string> fetchable_, fetching_;
  std::vector<std::pair<std::string, std::string>> waiting_;  // (data set, origin)
  std::string fetch_note_;
  double deadline_ = 0;
  std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
};

}  // namespace descent::ui
