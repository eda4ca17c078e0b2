// split.h: the lecture's data splits: a seeded random validation subset of the training file
// (never the test set), and the k folds of cross-validation. Not a batcher or a shuffler of the
// training order (training code owns that).
// Usage: DataSplits s = split_train_val(std::move(train), std::move(test), 0.1, seed);
#pragma once
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"

namespace descent {

// val = round(N * val_fraction) rows of train_file chosen by Rng(seed) + shuffle (rng.h), kept in
// file order; train = the other rows, in file order; test = test_file unchanged. val_fraction is
// clamped to [0, 1]; the val count to [0, N - 1] so train keeps at least one row (when N > 0).
DataSplits split_train_val(Dataset train_file, Dataset test_file, double val_fraction, uint32_t seed);

// Partitions 0..n-1 into `folds` groups after an Rng(seed) shuffle: fold f gets n / folds indices,
// plus one for the first n % folds folds; each fold is sorted ascending. Every index appears in
// exactly one fold. folds is clamped to [1, n]; n <= 0 gives no folds.
std::vector<std::vector<int>> kfold_indices(int n, int folds, uint32_t seed);

}  // namespace descent
