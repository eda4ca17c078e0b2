// app_context.cpp: messages, the shared data cache and the frame budget (app_context.h).
#include "core/ui/app_context.h"

#include <algorithm>

#include "core/settings/setting.h"
#include "core/utf8.h"

namespace descent::ui {

namespace {
constexpr size_t kMaxMessages = 50;

std::string downloading_message(const std::string& name, const std::string& note) {
  std::string text = name + ": downloading";
  if (!note.empty()) text += " (" + note + ")";
  return text + "; it opens here when it has arrived";
}
}  // namespace

// Messages reach JSON (App::state_json, the web page) and ImGui: a script line or a file name may
// hold any bytes, so each text is made valid UTF-8 here (utf8.h).
void AppContext::info(const std::string& text) {
  messages_.push_back({false, valid_utf8(text), now()});
  if (messages_.size() > kMaxMessages) messages_.erase(messages_.begin());
}

void AppContext::error(const std::string& text) {
  messages_.push_back({true, valid_utf8(text), now()});
  if (messages_.size() > kMaxMessages) messages_.erase(messages_.begin());
}

bool AppContext::check(const Status& s) {
  if (!s.is_ok()) error(s.message);
  return s.is_ok();
}

void AppContext::dismiss_errors() {
  for (Message& m : messages_) m.error = false;
}

bool AppContext::has_error() const {
  return std::any_of(messages_.begin(), messages_.end(), [](const Message& m) { return m.error; });
}

std::string AppContext::key(const DataRequest& r) {
  return r.name + "|" + r.dir + "|" + std::to_string(r.limit_train) + "|" + std::to_string(r.limit_test) + "|" +
         settings::shortest_number(r.val_fraction) + "|" + std::to_string(r.seed) + "|" + std::to_string(r.points_per_class) +
         "|" + settings::shortest_number(r.noise) + "|" + std::to_string(r.classes);
}

Result<std::shared_ptr<const DataSplits>> AppContext::data(const DataRequest& request) {
  const std::string k = key(request);
  auto it = data_cache_.find(k);
  if (it != data_cache_.end()) return it->second;
  // Also reachable by name alone: a set put_data() registered (an upload) under its name.
  auto named = data_cache_.find(request.name);
  if (named != data_cache_.end()) return named->second;
  DataRequest r = request;
  if (r.dir.empty() && r.name != "fashion-mnist") r.dir = data_dir;
  if (fetchable_.count(r.name) && r.dir.empty()) {
    if (!fetching_.count(r.name)) {
      fetching_.insert(r.name);
      PlatformRequest fetch;
      fetch.kind = PlatformRequest::Kind::FetchData;
      fetch.path = r.name;
      this->request(std::move(fetch));  // (the parameter `request` hides the member)
    }
    if (!origin.empty()) waiting_.emplace_back(r.name, origin);
    return make_error(ErrorCode::NotFound, downloading_message(r.name, fetch_note_));
  }
  Result<DataSplits> loaded = load_dataset(r);
  if (!loaded) return loaded.status();
  auto splits = std::make_shared<const DataSplits>(std::move(*loaded));
  data_cache_[k] = splits;
  return splits;
}

void AppContext::put_data(const DataRequest& request, std::shared_ptr<const DataSplits> splits) {
  data_cache_[request.name] = std::move(splits);
}

void AppContext::set_fetchable(const std::vector<std::string>& names, const std::string& size_note) {
  fetchable_ = std::set<std::string>(names.begin(), names.end());
  fetch_note_ = size_note;
}

std::vector<std::string> AppContext::finish_fetch(const std::string& name, bool ok) {
  fetching_.erase(name);
  if (ok) fetchable_.erase(name);
  const std::string banner = downloading_message(name, fetch_note_);
  for (Message& m : messages_)
    if (m.error && m.text == banner) m.error = false;
  std::vector<std::string> origins;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->first == name) {
      if (ok && std::find(origins.begin(), origins.end(), it->second) == origins.end()) origins.push_back(it->second);
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  return origins;
}

double AppContext::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_).count();
}

}  // namespace descent::ui
