// knn_time.h: chapter 2's question "how does classification time grow with the training set?",
// answered by measurement: the nearest-neighbour classifier (core/knn) classifies the same query
// images against the first n training images for several n, each run timed, and a least-squares
// line through (n, ms per query). Memorising (train) is not timed; only predict is (after one
// untimed warm-up query that starts the thread pool). The queries
// are validation images (never the test set). Work comes in slices (advance), so a UI frame never
// waits for a whole size; the clock is a parameter, so tests check the machinery, never timings.
// Usage: KnnTimer t(data, {.sizes = knn_time_sizes(data->train.size())});
//        while (t.advance(10)) {}  t.points(), t.fit()
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/knn/knn.h"
#include "core/status.h"

namespace descent::lecture {

// The least-squares line y = slope x + intercept through the points, with r^2 (1 - SSres/SStot;
// 1 when every y is equal and fitted exactly). Fewer than two distinct x: slope 0, intercept the
// mean of y, r2 0.
struct LineFit {
  double slope = 0, intercept = 0, r2 = 0;
  int points = 0;
};
LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

// Six sizes from 1,000 to `available` (fewer when available is small): 1000 then equal steps
// rounded to thousands, the last exactly `available` (54,000 for the whole Fashion-MNIST training
// file minus its validation tenth).
std::vector<int> knn_time_sizes(int available);

struct KnnTimeDesc {
  std::vector<int> sizes;  // training-set sizes, each 1..train size
  int queries = 100;       // validation images classified at each size (clamped to what there is)
  int k = 1;
  Metric metric = Metric::L1;
};

struct KnnTimePoint {
  int train_size = 0;
  int queries = 0;
  double seconds = 0;        // predict only, summed over the slices
  double ms_per_query = 0;
  std::vector<int> labels;   // the predicted labels of the queries (what was computed)
};

class KnnTimer {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic
  static double steady_seconds();

  // Errors (status()): no data, no sizes, a size outside 1..train size, queries < 1.
  KnnTimer(std::shared_ptr<const DataSplits> data, KnnTimeDesc desc, Clock clock = steady_seconds);
  const Status& status() const { return status_; }

  // Classifies up to max_queries more queries at the current size (first building that size's
  // classifier); returns true while sizes remain.
  bool advance(int max_queries);
  bool done() const { return !status_ || next_ >= desc_.sizes.size(); }
  double progress() const;
  const KnnTimeDesc& desc() const { return desc_; }
  int queries() const { return Q_.rows; }
  const std::vector<KnnTimePoint>& points() const { return points_; }
  // ms per query against training size, over the points so far.
  LineFit fit() const;

 private:
  std::shared_ptr<const DataSplits> data_;
  KnnTimeDesc desc_;
  Clock clock_;
  Status status_;
  Matrix<float> Q_;  // (queries, D) the query images
  KNearestNeighbor knn_;
  bool built_ = false;
  size_t next_ = 0;  // index into desc_.sizes of the size being measured
  int done_queries_ = 0;
  double seconds_ = 0;
  std::vector<int> labels_;
  std::vector<KnnTimePoint> points_;
};

}  // namespace descent::lecture
