// knn_settings.h: the k-nearest-neighbour settings, described once (settings/schema.h): the
// classifier's k and distance, and what cross-validation tries (ks, metrics, folds, cv_limit). The
// CLI's `descent knn` flags, the app's `knn` command options, the data view's links and widgets come
// from this table. Not the classifier (knn.h) or the cross-validation itself (cross_validation.h).
// Usage: KnnDesc d = knn_schema().defaults();  knn_schema().apply(d, {{"k", "3"}}, "knn");
#pragma once
#include <vector>

#include "core/knn/knn.h"
#include "core/settings/schema.h"

namespace descent {

enum class MetricChoice { L1, L2, Both };

struct KnnDesc {
  int k = 5;                         // the classifier's k (clamped to the training set's size, and said so)
  Metric metric = Metric::L1;        // the classifier's distance
  std::vector<int> ks = {1, 3, 5, 7};   // the values of k cross-validation tries
  MetricChoice metrics = MetricChoice::Both;  // the distances cross-validation tries
  int folds = 5;                     // cross-validation folds (0: none; the CLI then uses k and metric)
  int cv_limit = 5000;               // cross-validate on the first N training examples (0 = all)
};

// The distances of a MetricChoice, L1 first.
std::vector<Metric> metrics_of(MetricChoice c);

const settings::Schema<KnnDesc>& knn_schema();

}  // namespace descent
