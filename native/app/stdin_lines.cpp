// stdin_lines.cpp: the reader thread of stdin_lines.h. The thread blocks in getline; at exit it is
// detached if stdin is still open (a blocking read cannot be interrupted portably).
#include "native/app/stdin_lines.h"

#include <iostream>

namespace descent::app {

StdinLines::~StdinLines() {
  if (!reader_.joinable()) return;
  bool finished = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished = eof_;
  }
  if (finished) reader_.join();
  else reader_.detach();
}

void StdinLines::start() {
  reader_ = std::thread([this] {
    std::string line;
    while (std::getline(std::cin, line)) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.push_back(line);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    eof_ = true;
  });
}

std::vector<std::string> StdinLines::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out(lines_.begin(), lines_.end());
  lines_.clear();
  return out;
}

bool StdinLines::done() {
  std::lock_guard<std::mutex> lock(mutex_);
  return eof_ && lines_.empty();
}

}  // namespace descent::app
