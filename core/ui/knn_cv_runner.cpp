// knn_cv_runner.cpp: incremental kNN cross-validation (knn_cv_runner.h), mirroring
// cross_validate_knn's folds, cell order and statistics.
#include "core/ui/knn_cv_runner.h"

#include <algorithm>
#include <cmath>

#include "core/data/split.h"

namespace descent::ui {

Status KnnCvRunner::start(const Dataset& train, const std::vector<int>& ks, const std::vector<Metric>& metrics,
                          int folds, uint32_t seed) {
  running_ = false;
  cells_.clear();
  parts_.clear();
  if (train.size() < 2 || folds < 2 || ks.empty() || metrics.empty()) return Status::ok();
  if (Status s = cross_validation_check(train.size(), train.dim(), ks, folds); !s) return s;
  data_ = train;
  ks_ = ks;
  metrics_ = metrics;
  parts_ = kfold_indices(data_.size(), folds, seed);
  const int nf = static_cast<int>(parts_.size());
  for (Metric m : metrics_)
    for (int k : ks_) cells_.push_back(CvCell{.k = k, .metric = m, .fold_acc = std::vector<double>(size_t(nf), 0.0)});
  fold_ = 0;
  metric_ = 0;
  row_ = 0;
  running_ = true;
  begin_fold();
  return Status::ok();
}

void KnnCvRunner::begin_fold() {
  const int nf = static_cast<int>(parts_.size());
  std::vector<int> rest;
  rest.reserve(static_cast<size_t>(data_.size()));
  for (int g = 0; g < nf; ++g)
    if (g != fold_) rest.insert(rest.end(), parts_[size_t(g)].begin(), parts_[size_t(g)].end());
  Dataset fold_train = take_rows(data_, rest);
  val_ = take_rows(data_, parts_[size_t(fold_)]);
  if (!knn_.train(std::move(fold_train.X), std::move(fold_train.y), data_.num_classes)) running_ = false;  // checked in start()
  correct_.assign(metrics_.size(), std::vector<int>(ks_.size(), 0));
  metric_ = 0;
  row_ = 0;
}

void KnnCvRunner::advance(int rows) {
  if (!running_) return;
  const int n = std::min(std::max(1, rows), val_.size() - row_);
  if (n > 0) {
    Matrix<float> q(n, val_.dim());
    std::copy(val_.X.row(row_), val_.X.row(row_) + size_t(n) * size_t(val_.dim()), q.ptr());
    const std::vector<std::vector<int>> pred = knn_.predict_many_k(q, ks_, metrics_[size_t(metric_)]);
    for (size_t ki = 0; ki < ks_.size(); ++ki)
      for (int i = 0; i < n; ++i)
        correct_[size_t(metric_)][ki] += pred[ki][size_t(i)] == val_.y[size_t(row_ + i)];
    row_ += n;
  }
  if (row_ < val_.size()) return;
  // This (fold, metric) pass is complete.
  for (size_t ki = 0; ki < ks_.size(); ++ki) {
    const double acc = val_.size() > 0 ? double(correct_[size_t(metric_)][ki]) / double(val_.size()) : 0.0;
    cells_[size_t(metric_) * ks_.size() + ki].fold_acc[size_t(fold_)] = acc;
  }
  row_ = 0;
  if (++metric_ < static_cast<int>(metrics_.size())) return;
  if (++fold_ < static_cast<int>(parts_.size())) {
    begin_fold();
    return;
  }
  finish();
}

void KnnCvRunner::finish() {
  const double nf = static_cast<double>(parts_.size());
  for (CvCell& c : cells_) {
    double sum = 0.0;
    for (double a : c.fold_acc) sum += a;
    c.mean = sum / nf;
    double ss = 0.0;
    for (double a : c.fold_acc) ss += (a - c.mean) * (a - c.mean);
    c.stddev = std::sqrt(ss / nf);
  }
  running_ = false;
  knn_ = KNearestNeighbor();
  val_ = Dataset();
}

double KnnCvRunner::progress() const {
  if (!running_) return done() ? 1.0 : 0.0;
  const double passes = double(parts_.size()) * double(metrics_.size());
  const double within = val_.size() > 0 ? double(row_) / double(val_.size()) : 0.0;
  return (double(fold_) * double(metrics_.size()) + double(metric_) + within) / passes;
}

}  // namespace descent::ui
