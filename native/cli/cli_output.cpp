// cli_output.cpp: JSON/human output, error reporting and the terminal progress bar.
#include "native/cli/cli_output.h"

#include <unistd.h>

#include <cstdio>

namespace descent::cli {

void Output::emit(const nlohmann::json& j, const std::string& human) const {
  if (json) {
    // A string holding a user's bytes (a path) is replaced, never thrown on (type_error 316).
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("%s\n", human.c_str());
  }
  std::fflush(stdout);
}

int report(const Status& s) {
  std::fprintf(stderr, "descent: %s\n", s.message.c_str());
  return s.code == ErrorCode::Usage ? kExitUsage : kExitRuntime;
}

int usage_error(const std::string& message) { return report(make_error(ErrorCode::Usage, message)); }

Progress::Progress() : enabled_(isatty(STDERR_FILENO) == 1) {}
Progress::~Progress() { finish(); }

void Progress::update(double fraction, const std::string& label) {
  if (!enabled_) return;
  const int permille = int(fraction * 1000.0);
  if (permille == last_permille_ && label == last_label_) return;
  last_permille_ = permille;
  last_label_ = label;
  constexpr int kWidth = 30;
  const int filled = int(fraction * kWidth + 0.5);
  std::string bar(size_t(kWidth), '.');
  for (int i = 0; i < filled && i < kWidth; ++i) bar[size_t(i)] = '#';
  std::fprintf(stderr, "\r[%s] %5.1f%% %s\033[K", bar.c_str(), fraction * 100.0, label.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace descent::cli
