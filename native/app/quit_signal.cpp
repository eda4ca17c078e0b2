// quit_signal.cpp: the signal handler and the watchdog of quit_signal.h. The handler only does
// what is async-signal-safe: it stores the signal number and writes one byte to a pipe, which
// wakes the watchdog thread; everything else happens on that thread.
#include "native/app/quit_signal.h"

#include <SDL.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <thread>

namespace descent::app {
namespace {

std::atomic<int> g_signal{0};  // trivially destructible: safe to touch from the handler and at exit
int g_pipe[2] = {-1, -1};

void on_signal(int sig) {
  const int saved = errno;
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  const char byte = 1;
  (void)!::write(g_pipe[1], &byte, 1);
  errno = saved;
}

// Waits for a signal, gives the frame loop kQuitGraceSeconds to end the process the normal way
// (printing --print-state, closing the window), then ends it without that.
void watchdog() {
  char byte = 0;
  while (::read(g_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  timespec grace{0, long(kQuitGraceSeconds * 1e9)};
  while (nanosleep(&grace, &grace) != 0 && errno == EINTR) {
  }
  const int sig = g_signal.load();
  char msg[160];
  const int n = std::snprintf(msg, sizeof msg,
                              "descent-app: %s: the current frame is still busy after %.2f s; exiting now\n",
                              sig == SIGINT ? "SIGINT" : "SIGTERM", kQuitGraceSeconds);
  if (n > 0) (void)!::write(STDERR_FILENO, msg, size_t(n));
  _exit(128 + (sig > 0 ? sig : SIGTERM));
}

}  // namespace

void install_quit_signals() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (::pipe(g_pipe) != 0) return;  // no watchdog: the flag alone still ends the loop
  ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
  ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
  std::thread(watchdog).detach();
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

int quit_signal() { return g_signal.load(); }

}  // namespace descent::app
