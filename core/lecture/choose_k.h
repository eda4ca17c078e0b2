// choose_k.h: chapter 3's worked example, choosing the nearest-neighbour classifier's k and
// distance by k-fold cross-validation on the training set alone (core/knn/cross_validation.h),
// then using the test set once, at the end, for the chosen setting only.
// Usage: Result<ChooseK> r = choose_k(splits, {});  r->best_k, r->test_accuracy
#pragma once
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/knn/cross_validation.h"
#include "core/status.h"

namespace descent::lecture {

struct ChooseKInputs {
  std::vector<int> ks{1, 3, 5, 7, 9, 15, 25};
  std::vector<Metric> metrics{Metric::L1, Metric::L2};
  int folds = 5;
  uint32_t seed = 0;
};

struct ChooseK {
  ChooseKInputs in;
  int train_size = 0, test_size = 0;
  std::vector<CvCell> table;  // metric-major, as cross_validate_knn returns it
  int best_k = 1;
  Metric best_metric = Metric::L1;
  double best_cv_accuracy = 0;
  double test_accuracy = 0;   // the chosen (k, metric) on the test set: measured once, here
};

// Errors (Usage): no ks or metrics, a k < 1, folds not in 2..20 or more than the training rows,
// an empty test set.
Result<ChooseK> choose_k(const DataSplits& d, const ChooseKInputs& in);

}  // namespace descent::lecture
