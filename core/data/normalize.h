// normalize.h: the lecture's preprocessing: subtract the training set's mean image (computed on
// train only, applied to train, val and test alike), and for 2-D toy data optional
// standardisation (zero mean, unit std per coordinate). Not a data augmenter.
// Usage: std::vector<float> mu = mean_image(s.train); subtract_mean(s.train, mu); subtract_mean(s.val, mu);
#pragma once
#include <vector>

#include "core/data/dataset.h"

namespace descent {

// The mean over rows of X, (D); accumulated in double. Empty dataset: D zeros.
std::vector<float> mean_image(const Dataset& d);

// X[i] -= mean for every row. mean must have D entries (otherwise nothing changes).
void subtract_mean(Dataset& d, const std::vector<float>& mean);

// The per-column standard deviation about `mean` (population, divides by N), (D).
std::vector<float> feature_stddev(const Dataset& d, const std::vector<float>& mean);

// X[i][j] = (X[i][j] - mean[j]) / stddev[j]; a zero (or non-finite) stddev counts as 1.
// Both vectors must have D entries (otherwise nothing changes).
void standardize(Dataset& d, const std::vector<float>& mean, const std::vector<float>& stddev);

}  // namespace descent
