// stdin_lines.h: command lines from standard input without blocking the frame loop: a reader thread
// fills a mutex-protected queue that the loop drains once per frame. Desktop only (the browser
// sends commands through descent.run instead).
// Usage: StdinLines in; in.start(); each frame: for (auto& l : in.take()) runner.add_line(l);
#pragma once
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace descent::app {

class StdinLines {
 public:
  ~StdinLines();
  void start();
  // The lines read since the last call, in order.
  std::vector<std::string> take();
  // True once stdin reached its end and every line was taken.
  bool done();

 private:
  std::mutex mutex_;
  std::deque<std::string> lines_;
  bool eof_ = false;
  std::thread reader_;
};

}  // namespace descent::app
