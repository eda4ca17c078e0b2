// split.cpp: train/val split and k-fold partitions (split.h), all randomness through Rng.
#include "core/data/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/rng.h"

namespace descent {

DataSplits split_train_val(Dataset train_file, Dataset test_file, double val_fraction, uint32_t seed) {
  const int n = train_file.size();
  double f = std::isfinite(val_fraction) ? val_fraction : 0.0;
  f = std::clamp(f, 0.0, 1.0);
  int nval = int(std::llround(double(n) * f));
  nval = std::clamp(nval, 0, std::max(0, n - 1));

  DataSplits s;
  s.test = std::move(test_file);
  if (nval == 0) {
    s.val = take_rows(train_file, {});
    s.train = std::move(train_file);
    return s;
  }
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  shuffle(order, rng);
  std::vector<char> is_val(static_cast<size_t>(n), 0);
  for (int i = 0; i < nval; ++i) is_val[size_t(order[size_t(i)])] = 1;
  std::vector<int> val_rows, train_rows;
  val_rows.reserve(size_t(nval));
  train_rows.reserve(size_t(n - nval));
  for (int i = 0; i < n; ++i) (is_val[size_t(i)] ? val_rows : train_rows).push_back(i);
  s.val = take_rows(train_file, val_rows);
  s.train = take_rows(train_file, train_rows);
  return s;
}

std::vector<std::vector<int>> kfold_indices(int n, int folds, uint32_t seed) {
  if (n <= 0) return {};
  folds = std::clamp(folds, 1, n);
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  shuffle(order, rng);
  std::vector<std::vector<int>> out(static_cast<size_t>(folds));
  size_t at = 0;
  for (int f = 0; f < folds; ++f) {
    const size_t size = size_t(n / folds + (f < n % folds ? 1 : 0));
    out[size_t(f)].assign(order.begin() + long(at), order.begin() + long(at + size));
    std::sort(out[size_t(f)].begin(), out[size_t(f)].end());
    at += size;
  }
  return out;
}

}  // namespace descent
