// cross_validation.cpp: k-fold CV of kNN (cross_validation.h).
#include "core/knn/cross_validation.h"

#include <algorithm>
#include <cmath>

#include "core/data/split.h"
#include "core/memory_budget.h"
#include "core/parallel/thread_pool.h"

namespace descent {

namespace {
// KNearestNeighbor as a KnnPredictor (it cannot fail).
class CpuKnn final : public KnnPredictor {
 public:
  Status train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) override {
    return knn_.train(X, y, num_classes);
  }
  Result<std::vector<std::vector<int>>> predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks, Metric m,
                                                       const std::function<void(double)>& progress) override {
    return knn_.predict_many_k(Q, ks, m, progress);
  }

 private:
  KNearestNeighbor knn_;
};
}  // namespace

Result<std::vector<CvCell>> cross_validate_knn(const Dataset& train, const std::vector<int>& ks,
                                               const std::vector<Metric>& metrics, int folds, uint32_t seed,
                                               const std::function<void(double fraction)>& progress) {
  CpuKnn cpu;
  return cross_validate_knn(cpu, train, ks, metrics, folds, seed, progress);
}

Status cross_validation_check(int rows, int dim, const std::vector<int>& ks, int folds) {
  int kmax = 1;
  for (int k : ks) kmax = std::max(kmax, std::clamp(k, 1, std::max(1, rows)));
  const MemoryEstimate need = cross_validation_memory(uint64_t(std::max(rows, 0)), uint64_t(std::max(dim, 0)), folds,
                                                      ks.size(), uint64_t(kmax), parallel::num_threads());
  return check_memory("kNN cross-validation", need, "cross-validate fewer rows or a smaller k");
}

Result<std::vector<CvCell>> cross_validate_knn(KnnPredictor& knn, const Dataset& train, const std::vector<int>& ks,
                                               const std::vector<Metric>& metrics, int folds, uint32_t seed,
                                               const std::function<void(double fraction)>& progress) {
  const int n = train.size();
  if (n < 2 || folds < 2 || ks.empty() || metrics.empty()) return std::vector<CvCell>{};
  if (Status s = cross_validation_check(n, train.dim(), ks, folds); !s) return s;
  const std::vector<std::vector<int>> parts = kfold_indices(n, folds, seed);
  const int nf = int(parts.size());

  std::vector<CvCell> cells;
  for (Metric m : metrics) {
    for (int k : ks) cells.push_back(CvCell{.k = k, .metric = m, .fold_acc = std::vector<double>(size_t(nf), 0.0)});
  }
  const double passes = double(nf) * double(metrics.size());
  for (int f = 0; f < nf; ++f) {
    std::vector<int> rest;
    rest.reserve(size_t(n));
    for (int g = 0; g < nf; ++g) {
      if (g != f) rest.insert(rest.end(), parts[size_t(g)].begin(), parts[size_t(g)].end());
    }
    const Dataset fold_train = take_rows(train, rest);
    const Dataset fold_val = take_rows(train, parts[size_t(f)]);
    if (Status s = knn.train(fold_train.X, fold_train.y, train.num_classes); !s) return s;
    for (size_t mi = 0; mi < metrics.size(); ++mi) {
      const double done = double(f) * double(metrics.size()) + double(mi);
      std::function<void(double)> inner;
      if (progress) inner = [&](double frac) { progress((done + frac) / passes); };
      Result<std::vector<std::vector<int>>> got = knn.predict_many_k(fold_val.X, ks, metrics[mi], inner);
      if (!got) return got.status();
      const std::vector<std::vector<int>>& pred = *got;
      for (size_t ki = 0; ki < ks.size(); ++ki) {
        int correct = 0;
        for (int i = 0; i < fold_val.size(); ++i) correct += pred[ki][size_t(i)] == fold_val.y[size_t(i)];
        const double acc = fold_val.size() > 0 ? double(correct) / double(fold_val.size()) : 0.0;
        cells[mi * ks.size() + ki].fold_acc[size_t(f)] = acc;
      }
    }
  }
  for (CvCell& c : cells) {
    double sum = 0.0;
    for (double a : c.fold_acc) sum += a;
    c.mean = sum / double(nf);
    double ss = 0.0;
    for (double a : c.fold_acc) ss += (a - c.mean) * (a - c.mean);
    c.stddev = std::sqrt(ss / double(nf));
  }
  return cells;
}

const CvCell& best_cell(const std::vector<CvCell>& cells) {
  static const CvCell none;
  if (cells.empty()) return none;
  const CvCell* best = &cells.front();
  for (const CvCell& c : cells) {
    const bool better = c.mean > best->mean ||
                        (c.mean == best->mean && (c.k < best->k || (c.k == best->k && c.metric == Metric::L1 &&
                                                                    best->metric == Metric::L2)));
    if (better) best = &c;
  }
  return *best;
}

}  // namespace descent
