// quit_signal.h: SIGTERM and SIGINT end the desktop app within a second, even while a frame is
// busy. SDL would turn them into an SDL_QUIT event that only the next frame reads; instead a
// handler of our own records the signal (read by Shell::frame, which then ends the loop as a
// window close does), and a watchdog thread ends the process with 128 + the signal's number when
// the loop has not finished within kQuitGraceSeconds (a frame stuck in long work).
// Not for the web build (no signals there). Usage: install_quit_signals(); ... if (quit_signal()) stop;
#pragma once

namespace descent::app {

constexpr double kQuitGraceSeconds = 0.75;

// Installs the handlers (once; later calls do nothing) and tells SDL not to install its own.
// Call before SDL_Init.
void install_quit_signals();
// The signal received (SIGTERM, SIGINT), or 0.
int quit_signal();

}  // namespace descent::app
