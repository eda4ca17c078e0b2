// test_main.cpp: doctest's main for descent_app_tests (the app rendered headless; see app_harness.h).
// The shared shell is closed before main returns: the App's views, their GL objects and the GL
// context go down in order, before any static of the UI library is destroyed.
// Run: build/<dir>/tests/descent_app_tests [-tc='*lab*']; PNGs land in tests/app/screenshots/.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/app/app_harness.h"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int code = context.run();
  harness::shutdown();
  return code;
}
