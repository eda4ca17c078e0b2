// knn_cv_runner.h: kNN cross-validation spread over frames: the same folds, grid and results as
// cross_validate_knn (core/knn/cross_validation.h), but advanced one block of held-out rows of one
// (fold, metric) pass at a time, so the app keeps drawing while it runs. Not a new algorithm: the
// tests check that its table equals cross_validate_knn's.
// Usage: r.start(subset, {1, 3, 5, 7}, {Metric::L1, Metric::L2}, 5, seed);
//        each frame: while (!r.done() && ctx.time_left()) r.advance(64);  then r.cells()
#pragma once
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"

namespace descent::ui {

class KnnCvRunner {
 public:
  // Copies `train`; folds < 2, fewer than 2 rows, no ks or no metrics: done at once, no cells.
  // TooLarge (nothing started) when the run would not fit the memory limit (cross_validation_check).
  Status start(const Dataset& train, const std::vector<int>& ks, const std::vector<Metric>& metrics, int folds,
               uint32_t seed);
  // Classifies up to `rows` held-out rows of the current (fold, metric) pass for every k.
  void advance(int rows);
  bool running() const { return running_; }
  bool done() const { return !running_ && !cells_.empty(); }
  void cancel() { running_ = false; }
  double progress() const;  // 0..1
  int folds() const { return static_cast<int>(parts_.size()); }
  int rows() const { return data_.size(); }
  // Complete once done() (means and stddevs filled in); during a run, finished folds only.
  const std::vector<CvCell>& cells() const { return cells_; }

 private:
  void begin_fold();
  void finish();

  Dataset data_;
  std::vector<int> ks_;
  std::vector<Metric> metrics_;
  std::vector<std::vector<int>> parts_;
  std::vector<CvCell> cells_;
  KNearestNeighbor knn_;
  Dataset val_;
  std::vector<std::vector<int>> correct_;  // per metric, per k: correct held-out rows so far
  int fold_ = 0, metric_ = 0, row_ = 0;
  bool running_ = false;
};

}  // namespace descent::ui
