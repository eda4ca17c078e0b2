// frame_governor.h: keeps a frame under a target interval while background work (training, grid
// evaluation) runs, by shrinking the per-frame compute budget when frames come too slowly and
// growing it back, up to the user's budget (AppContext::frame_budget, the `budget` command), when
// they come quickly. For the web page, where the time outside the frame callback (the browser
// compositing a software-rendered WebGL canvas, other tabs, a loaded machine) is large and varies;
// the desktop app does not need it. A proportional controller on a smoothed frame interval.
// Usage: FrameGovernor g;  each frame: ctx.budget_limit = g.next_budget(interval_s, ctx.frame_budget);
#pragma once

namespace descent::ui {

class FrameGovernor {
 public:
  // target_s: the frame interval to stay under; min_budget_s: the least work per frame (training
  // must still move on a slow machine).
  explicit FrameGovernor(double target_s = 0.026, double min_budget_s = 0.002)
      : target_(target_s), min_budget_(min_budget_s) {}

  // After a frame: interval_s = the time since the previous frame started (what the student sees).
  // Returns the budget for the next frame, in [min(min_budget, ceiling), ceiling].
  double next_budget(double interval_s, double ceiling_s) {
    if (!(interval_s > 0) || interval_s > 1.0) interval_s = smoothed_ > 0 ? smoothed_ : target_;  // a stall or a hidden tab
    smoothed_ = smoothed_ > 0 ? smoothed_ + kSmoothing * (interval_s - smoothed_) : interval_s;
    if (budget_ < 0) budget_ = ceiling_s;
    // Too slow: give back the excess at once (gain 1); fast enough: grow gently (gain 1/4).
    const double error = target_ - smoothed_;
    budget_ += error < 0 ? error : 0.25 * error;
    const double lo = min_budget_ < ceiling_s ? min_budget_ : ceiling_s;
    budget_ = budget_ < lo ? lo : budget_ > ceiling_s ? ceiling_s : budget_;
    return budget_;
  }

  double smoothed_interval() const { return smoothed_; }
  double target() const { return target_; }

 private:
  static constexpr double kSmoothing = 0.2;  // weight of the newest interval
  double target_, min_budget_;
  double smoothed_ = 0;
  double budget_ = -1;  // -1: not started (the first frame gets the ceiling)
};

}  // namespace descent::ui
