// knn.h: the lecture's k-nearest-neighbour classifier. train memorises (X, y); predict computes
// every query's distance to every training row (core/kernels/distance.h), keeps the k nearest and
// takes a majority vote. Not an index structure (no k-d tree): the whole cost is the distances.
// Rules: equal distances rank the smaller training index first; a tied vote goes to the smallest
// class index (scikit-learn's / scipy.stats.mode's rule); k is clamped to [1, N].
// Speed: when every value is a byte image's b/255 (as the image loaders make them), train keeps
// a byte copy and predict computes exact integer distances on bytes (kernels/distance.h); query
// blocks run on the thread pool (core/parallel). Results do not depend on the thread count.
// Usage: KNearestNeighbor knn; knn.train(s.train.X, s.train.y, s.train.num_classes);
//        std::vector<int> pred = knn.predict(s.val.X, 5, Metric::L1);
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"

namespace descent {

enum class Metric { L1, L2 };

const char* metric_name(Metric m);                   // "L1", "L2"
Result<Metric> parse_metric(std::string_view name);  // l1/manhattan, l2/euclidean, any case

class KNearestNeighbor {
 public:
  // X is (N, D), y has N labels in [0, num_classes). Copies them (the lecture's "memorise"), and
  // keeps a byte copy of byte images. TooLarge (and nothing kept) when the copies would not fit the
  // memory limit (memory_budget.h).
  Status train(const Matrix<float>& X, const std::vector<int>& y, int num_classes);
  Status train(Matrix<float>&& X, std::vector<int>&& y, int num_classes);
  // TooLarge when predict_many_k for `queries` rows and these ks would not fit the memory limit
  // (neighbour lists of the largest k for every query being worked on, the predictions).
  Status check_predict(int queries, const std::vector<int>& ks) const;

  // Q is (nq, D); one predicted label per row. Before train, or when Q's width is not D, every
  // prediction is -1.
  std::vector<int> predict(const Matrix<float>& Q, int k, Metric m) const;

  // One distance pass, then the vote for every k: result[i][q] is the prediction with ks[i].
  // Queries run in blocks (at most 64 rows, at most 4M distances), so memory stays bounded.
  // progress, when set, is called after each block with the fraction of queries done.
  std::vector<std::vector<int>> predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks, Metric m,
                                               const std::function<void(double)>& progress = {}) const;

  // The k nearest training rows to one query q (D floats), nearest first: their indices and
  // distances (L1: sum |q - x|; L2: the Euclidean distance, square-rooted for display).
  void nearest(const float* q, int k, Metric m, std::vector<int>* idx, std::vector<float>* dist) const;

  int size() const { return X_.rows; }
  int dim() const { return X_.cols; }
  int num_classes() const { return num_classes_; }
  const Matrix<float>& train_X() const { return X_; }
  const std::vector<int>& train_y() const { return y_; }

 private:
  void keep_bytes();

  Matrix<float> X_;  // (N, D)
  std::vector<int> y_;
  int num_classes_ = 0;
  std::vector<uint8_t> bytes_;  // (N, D) X_ * 255 when every value of X_ is a byte over 255; else empty
};

}  // namespace descent
