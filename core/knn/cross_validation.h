// cross_validation.h: k-fold cross-validation of kNN over a grid of k and metric, the lecture's
// way to choose hyper-parameters without touching the test set. One distance pass per fold and
// metric serves every k. Not a general CV framework (kNN only).
// Usage: auto cells = cross_validate_knn(s.train, {1, 3, 5, 10}, {Metric::L1, Metric::L2}, 5, seed);
//        const CvCell& best = best_cell(cells);
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/data/dataset.h"
#include "core/knn/knn.h"
#include "core/status.h"

namespace descent {

// One (k, metric) setting: its accuracy on each held-out fold, their mean and population standard
// deviation (divides by the number of folds, like numpy.std).
struct CvCell {
  int k = 1;
  Metric metric = Metric::L1;
  std::vector<double> fold_acc = {};
  double mean = 0, stddev = 0;
};

// Folds from kfold_indices(train.size(), folds, seed) (split.h); fold f is validated against a
// kNN trained on the other folds. Cells come metric-major, in the order given: for each metric,
// for each k. k is used as given (predict clamps it to the training size). progress, when set,
// receives the fraction of the work done (0..1). Fewer than 2 rows or folds < 2: no cells.
// TooLarge, before any work, when a fold's copies and predictions would not fit the memory limit
// (cross_validation_check).
Result<std::vector<CvCell>> cross_validate_knn(const Dataset& train, const std::vector<int>& ks,
                                               const std::vector<Metric>& metrics, int folds, uint32_t seed,
                                               const std::function<void(double fraction)>& progress = {});

// The memory check of one cross-validation of `rows` rows of `dim` values (memory_budget.h).
Status cross_validation_check(int rows, int dim, const std::vector<int>& ks, int folds);

// Where cross-validation's kNN runs: KNearestNeighbor on the CPU, or a ComputeDevice
// (core/compute/device_knn.h), both with knn.h's rules.
class KnnPredictor {
 public:
  virtual ~KnnPredictor() = default;
  virtual Status train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) = 0;
  // result[i][q]: the prediction for query q with ks[i].
  virtual Result<std::vector<std::vector<int>>> predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks,
                                                               Metric m, const std::function<void(double)>& progress) = 0;
};
// The same, with the kNN of `knn` (trained once per fold); an error from it stops the run.
Result<std::vector<CvCell>> cross_validate_knn(KnnPredictor& knn, const Dataset& train, const std::vector<int>& ks,
                                               const std::vector<Metric>& metrics, int folds, uint32_t seed,
                                               const std::function<void(double fraction)>& progress = {});

// The cell with the highest mean accuracy; ties go to the smaller k, then L1 before L2.
// `cells` must not be empty (an empty list returns a default cell).
const CvCell& best_cell(const std::vector<CvCell>& cells);

}  // namespace descent
