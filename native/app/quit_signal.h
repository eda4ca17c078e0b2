// quit_signal.h: SIGTERM and SIGINT end the desktop app within a second, even while a frame is
// busy. SDL would turn them into an SDL_QUIT event that only the next frame reads; instead a
// handler of our own records the signal (read by Shell::frame, which then ends the loop as a
// window close does), and a watchdog thread ends the process with 128 + the signal's number when
// the loop has not finished within kQuitGraceSeconds (a frame stuck in long work).
// Once the loop has ended, descent-app skips the orderly teardown (main.cpp: _exit once
// --print-state is out): freeing a big model and the GL context could take longer than a second.
// Not for the web build (no signals there). Usage: install_quit_signals(); ... if (quit_signal()) stop;
#pragma once

namespace descent::app {

// The watchdog's wait: with the kernel's teardown of a large process (a 2 GB model takes a few
// hundred milliseconds to unmap), the app is gone within about a second.
constexpr double kQuitGraceSeconds = 0.5;

// Installs the handlers (once; later calls do nothing) and tells SDL not to install its own.
// Call before SDL_Init.
void install_quit_signals();
// The signal received (SIGTERM, SIGINT), or 0.
int quit_signal();

}  // namespace descent::app
