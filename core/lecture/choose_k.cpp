// choose_k.cpp: cross-validation on the training set, then one test evaluation (choose_k.h).
#include "core/lecture/choose_k.h"

#include <string>

namespace descent::lecture {

Result<ChooseK> choose_k(const DataSplits& d, const ChooseKInputs& in) {
  if (in.ks.empty() || in.metrics.empty()) return make_error(ErrorCode::Usage, "cv: give at least one k and one metric");
  for (int k : in.ks)
    if (k < 1 || k > 100000) return make_error(ErrorCode::Usage, "cv: each k must be 1..100000");
  if (in.folds < 2 || in.folds > 20) return make_error(ErrorCode::Usage, "cv: folds must be 2..20");
  if (d.train.size() < in.folds)
    return make_error(ErrorCode::Usage, "cv: " + std::to_string(in.folds) + " folds need at least that many training rows");
  if (d.test.size() == 0) return make_error(ErrorCode::Usage, "cv: the data set has no test images");
  ChooseK r;
  r.in = in;
  r.train_size = d.train.size();
  r.test_size = d.test.size();
  Result<std::vector<CvCell>> table = cross_validate_knn(d.train, in.ks, in.metrics, in.folds, in.seed);
  if (!table) return table.status();
  r.table = std::move(*table);
  const CvCell& best = best_cell(r.table);
  r.best_k = best.k;
  r.best_metric = best.metric;
  r.best_cv_accuracy = best.mean;
  // The end: the test set, once, for the chosen setting.
  KNearestNeighbor knn;
  if (Status s = knn.train(d.train.X, d.train.y, d.train.num_classes); !s) return s;
  const std::vector<int> pred = knn.predict(d.test.X, r.best_k, r.best_metric);
  int correct = 0;
  for (int i = 0; i < d.test.size(); ++i) correct += pred[size_t(i)] == d.test.y[size_t(i)];
  r.test_accuracy = double(correct) / double(d.test.size());
  return r;
}

}  // namespace descent::lecture
