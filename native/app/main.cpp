// main.cpp: descent-app, the Descent app on the desktop (SDL2 + OpenGL 3.3 core + Dear ImGui).
//   descent-app                                  a window, opening on the optimisation lab
//   descent-app --headless --script demo.txt --exit-when-done     (no display needed; screenshots)
// Exit codes: 0 ok; 1 a script command or a platform request (screenshot, save) failed, each
// printed to stderr; 2 bad flags; 3 no window or OpenGL 3.3 context could be made.
#include <CLI/CLI.hpp>
#include <unistd.h>  // _exit

#include <cstdio>
#include <string>

#include "native/app/shell.h"

namespace {

bool parse_size(const std::string& s, int* w, int* h) {
  const size_t x = s.find_first_of("xX");
  if (x == std::string::npos) return false;
  char* end = nullptr;
  const long a = std::strtol(s.c_str(), &end, 10);
  if (end != s.c_str() + x) return false;
  const long b = std::strtol(s.c_str() + x + 1, &end, 10);
  if (*end != '\0' || a < 64 || b < 64 || a > 8192 || b > 8192) return false;
  *w = (int)a;
  *h = (int)b;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  descent::app::ShellOptions opt;
  std::string size = "1280x720";
  CLI::App cli{"descent-app: the Descent lab (kNN, linear classifiers, losses, gradient checks, optimizers, MLPs)"};
  cli.add_option("--script", opt.script_path, "run the commands of FILE, one per line (see the app's 'help')")
      ->check(CLI::ExistingFile);
  cli.add_flag("--stdin", opt.read_stdin, "also read commands from standard input, as they arrive");
  cli.add_flag("--headless", opt.headless, "no window: SDL's offscreen driver (EGL + Mesa llvmpipe), no display needed");
  cli.add_option("--size", size, "window size WxH in pixels")->default_val("1280x720");
  cli.add_flag("--exit-when-done", opt.exit_when_done, "quit once the script (and stdin) has run to its end");
  cli.add_option("--data-dir", opt.data_dir, "folder with the MNIST / CIFAR-10 files");
  cli.add_option("--view", opt.view, "the view to open: lecture, data, linear, gradcheck, lab, landscape, network")
      ->default_val("lab");
  cli.add_option("--frames", opt.max_frames, "quit after N frames");
  cli.add_flag("--print-state", opt.print_state, "print the app's state as JSON on stdout at exit");
  cli.add_flag("--frame-stats", opt.frame_stats, "print mean/p50/p95/max frame times as JSON on stdout at exit");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "descent-app: %s; see 'descent-app --help'\n", e.what());
    return 2;
  }
  if (!parse_size(size, &opt.width, &opt.height)) {
    std::fprintf(stderr, "descent-app: --size '%s': give WxH, e.g. 1280x720 (64..8192 each)\n", size.c_str());
    return 2;
  }
  descent::app::Shell shell;
  if (descent::Status s = shell.open(opt); !s) {
    std::fprintf(stderr, "descent-app: %s\n", s.message.c_str());
    return s.code == descent::ErrorCode::NotFound && !opt.script_path.empty() && s.message.rfind("--script", 0) == 0
               ? 2
               : 3;
  }
  const int code = shell.run();
  // The loop has ended (window closed, quit, SIGTERM): what was asked for is printed. Leave without
  // freeing a big model and the GL context piece by piece, which can take longer than the second
  // a window close or a SIGTERM is allowed (quit_signal.h); the system takes the memory back.
  // Only the output streams: fflush(nullptr) would also wait for stdin's lock, which the --stdin
  // reader thread holds while it waits for a line (the watchdog then ended the app, exit 143).
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(code);
}
