// knn_time.cpp: timed kNN predictions at growing training sizes, and the least-squares line (knn_time.h).
#include "core/lecture/knn_time.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace descent::lecture {

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  LineFit f;
  const size_t n = std::min(x.size(), y.size());
  f.points = int(n);
  if (n == 0) return f;
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= double(n);
  my /= double(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  f.intercept = my;
  if (sxx == 0) return f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double ss_res = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = y[i] - (f.slope * x[i] + f.intercept);
    ss_res += r * r;
  }
  f.r2 = syy > 0 ? 1.0 - ss_res / syy : (ss_res == 0 ? 1.0 : 0.0);
  return f;
}

std::vector<int> knn_time_sizes(int available) {
  if (available <= 0) return {};
  if (available <= 1000) return {available};
  const int step = std::max(1000, int(std::lround((available - 1000) / 5.0 / 1000.0)) * 1000);
  std::vector<int> sizes;
  for (int n = 1000; n < available; n += step) sizes.push_back(n);
  sizes.push_back(available);
  return sizes;
}

double KnnTimer::steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

KnnTimer::KnnTimer(std::shared_ptr<const DataSplits> data, KnnTimeDesc desc, Clock clock)
    : data_(std::move(data)), desc_(std::move(desc)), clock_(std::move(clock)) {
  if (!data_ || data_->train.size() == 0) {
    status_ = make_error(ErrorCode::Usage, "knn-time: no training data loaded");
    return;
  }
  if (desc_.sizes.empty()) {
    status_ = make_error(ErrorCode::Usage, "knn-time: give at least one training-set size");
    return;
  }
  for (int n : desc_.sizes)
    if (n < 1 || n > data_->train.size()) {
      status_ = make_error(ErrorCode::Usage, "knn-time: training-set size " + std::to_string(n) + " is outside 1.." +
                                                 std::to_string(data_->train.size()));
      return;
    }
  if (desc_.queries < 1 || desc_.k < 1) {
    status_ = make_error(ErrorCode::Usage, "knn-time: queries and k must be at least 1");
    return;
  }
  // Queries: validation images (the test set is for the end); the test set only when there is no
  // validation set.
  const Dataset& qs = data_->val.size() > 0 ? data_->val : data_->test;
  const int nq = std::min(desc_.queries, qs.size());
  if (nq < 1) {
    status_ = make_error(ErrorCode::Usage, "knn-time: no validation or test images to classify");
    return;
  }
  desc_.queries = nq;
  Q_ = Matrix<float>(nq, qs.dim());
  std::copy(qs.X.ptr(), qs.X.ptr() + Q_.size(), Q_.ptr());
}

double KnnTimer::progress() const {
  if (!status_ || desc_.sizes.empty()) return 1.0;
  return (double(next_) + double(done_queries_) / double(std::max(1, Q_.rows))) / double(desc_.sizes.size());
}

bool KnnTimer::advance(int max_queries) {
  if (done()) return false;
  const int n = desc_.sizes[next_];
  const Dataset& train = data_->train;
  if (!built_) {  // memorise the first n training images (not timed: the lecture times predict)
    Matrix<float> X(n, train.dim());
    std::copy(train.X.ptr(), train.X.ptr() + X.size(), X.ptr());
    std::vector<int> y(train.y.begin(), train.y.begin() + n);
    status_ = knn_.train(std::move(X), std::move(y), train.num_classes);  // too large: done, saying why
    if (!status_) return false;
    // Before the first timed size: one untimed query starts the thread pool and warms the caches.
    if (points_.empty()) knn_.predict(Matrix<float>(1, Q_.cols), desc_.k, desc_.metric);
    built_ = true;
    done_queries_ = 0;
    seconds_ = 0;
    labels_.clear();
  }
  const int m = std::max(1, std::min(max_queries, Q_.rows - done_queries_));
  Matrix<float> chunk(m, Q_.cols);
  std::copy(Q_.row(done_queries_), Q_.row(done_queries_) + chunk.size(), chunk.ptr());
  const double t0 = clock_();
  std::vector<int> labels = knn_.predict(chunk, desc_.k, desc_.metric);
  seconds_ += clock_() - t0;
  labels_.insert(labels_.end(), labels.begin(), labels.end());
  done_queries_ += m;
  if (done_queries_ >= Q_.rows) {
    points_.push_back({n, Q_.rows, seconds_, 1000.0 * seconds_ / Q_.rows, labels_});
    knn_ = KNearestNeighbor();  // frees this size's copy before the next one
    built_ = false;
    done_queries_ = 0;
    ++next_;
  }
  return !done();
}

LineFit KnnTimer::fit() const {
  std::vector<double> x, y;
  for (const KnnTimePoint& p : points_) {
    x.push_back(p.train_size);
    y.push_back(p.ms_per_query);
  }
  return fit_line(x, y);
}

}  // namespace descent::lecture
