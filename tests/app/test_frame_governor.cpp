// test_frame_governor.cpp: the web page's training-budget controller (core/ui/frame_governor.h),
// driven by a model of a browser frame: interval = fixed cost (compositing, other work) + budget.
#include <doctest/doctest.h>

#include "core/ui/frame_governor.h"

using descent::ui::FrameGovernor;

namespace {

// Runs `frames` frames of interval = overhead + budget (seconds); returns the last budget.
double settle(FrameGovernor& g, double overhead, double ceiling, int frames, double* last_interval) {
  double budget = ceiling, interval = overhead + budget;
  for (int i = 0; i < frames; ++i) {
    budget = g.next_budget(interval, ceiling);
    interval = overhead + budget;
  }
  *last_interval = interval;
  return budget;
}

}  // namespace

TEST_CASE("frame governor: a fast browser keeps the whole budget") {
  FrameGovernor g(0.026, 0.002);
  double interval = 0;
  const double b = settle(g, 0.008, 0.010, 200, &interval);  // 18 ms frames: under the target
  CHECK(b == doctest::Approx(0.010).epsilon(1e-12));
  CHECK(interval == doctest::Approx(0.018).epsilon(1e-12));
}

TEST_CASE("frame governor: a slow compositor shrinks the budget until frames meet the target") {
  FrameGovernor g(0.026, 0.002);
  double interval = 0;
  // 22 ms outside the callback: 10 ms of training would make 32 ms frames; the fixed point is 4 ms.
  const double b = settle(g, 0.022, 0.010, 400, &interval);
  CHECK(b == doctest::Approx(0.004).epsilon(0.02));
  CHECK(interval <= 0.026 + 1e-4);
  CHECK(interval >= 0.025);  // not starved below the target either
}

TEST_CASE("frame governor: never below the minimum, never above the user's budget") {
  FrameGovernor g(0.026, 0.002);
  double interval = 0;
  CHECK(settle(g, 0.050, 0.010, 100, &interval) == doctest::Approx(0.002));  // hopelessly slow: 2 ms
  CHECK(settle(g, 0.001, 0.010, 300, &interval) == doctest::Approx(0.010));  // then fast again: back to 10 ms
  FrameGovernor small(0.026, 0.002);
  CHECK(small.next_budget(0.040, 0.001) == doctest::Approx(0.001));  // a user budget under the minimum wins
  // A stall (a hidden tab, a garbage collection) or nonsense is not taken as the frame rate.
  FrameGovernor h(0.026, 0.002);
  h.next_budget(0.020, 0.010);
  const double before = h.smoothed_interval();
  h.next_budget(5.0, 0.010);
  h.next_budget(-1.0, 0.010);
  CHECK(h.smoothed_interval() == doctest::Approx(before));
}
