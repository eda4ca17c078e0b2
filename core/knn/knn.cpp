// knn.cpp: blocked distance computation, top-k by a bounded max-heap (ties by index), and the
// vote for several k from one neighbour list.
#include "core/knn/knn.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/kernels/distance.h"

namespace descent {
namespace {

constexpr int kMaxBlockRows = 64;
constexpr size_t kMaxBlockDistances = size_t(1) << 22;  // 4M floats = 16 MiB per block

// (distance, index), ordered by distance then index: the max of this order is evicted first.
struct Neighbor {
  float d;
  int i;
};
bool nearer(const Neighbor& a, const Neighbor& b) { return a.d < b.d || (a.d == b.d && a.i < b.i); }

void distances(Metric m, int nq, int nx, int D, const float* Q, const float* X, float* out) {
  if (m == Metric::L1) {
    kernels::l1_distances(nq, nx, D, Q, X, out);
  } else {
    kernels::l2_squared_distances(nq, nx, D, Q, X, out);
  }
}

// The k nearest of one row of distances `d` (nx), sorted nearest first into `heap`.
// Indices arrive in increasing order, so an equal distance never evicts an earlier index.
void select_k(const float* d, int nx, int k, std::vector<Neighbor>* heap) {
  heap->clear();
  for (int j = 0; j < nx; ++j) {
    const float dj = d[j];
    if (int(heap->size()) < k) {
      heap->push_back({dj, j});
      std::push_heap(heap->begin(), heap->end(), nearer);
    } else if (dj < heap->front().d) {
      std::pop_heap(heap->begin(), heap->end(), nearer);
      heap->back() = {dj, j};
      std::push_heap(heap->begin(), heap->end(), nearer);
    }
  }
  std::sort_heap(heap->begin(), heap->end(), nearer);
}

// Majority label; ties go to the smallest class index.
int vote(const std::vector<int>& counts) {
  int best = 0;
  for (int c = 1; c < int(counts.size()); ++c) {
    if (counts[size_t(c)] > counts[size_t(best)]) best = c;
  }
  return best;
}

}  // namespace

const char* metric_name(Metric m) { return m == Metric::L1 ? "l1" : "l2"; }  // the CLI and URL spelling

Result<Metric> parse_metric(std::string_view name) {
  std::string s(name);
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (s == "l1" || s == "manhattan") return Metric::L1;
  if (s == "l2" || s == "euclidean") return Metric::L2;
  return make_error(ErrorCode::Usage, "unknown distance metric '" + std::string(name) + "'; choose L1 or L2");
}

void KNearestNeighbor::train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) {
  X_ = X;
  y_ = y;
  num_classes_ = num_classes;
}

void KNearestNeighbor::train(Matrix<float>&& X, std::vector<int>&& y, int num_classes) {
  X_ = std::move(X);
  y_ = std::move(y);
  num_classes_ = num_classes;
}

std::vector<int> KNearestNeighbor::predict(const Matrix<float>& Q, int k, Metric m) const {
  std::vector<std::vector<int>> all = predict_many_k(Q, {k}, m);
  return std::move(all.front());
}

std::vector<std::vector<int>> KNearestNeighbor::predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks,
                                                               Metric m,
                                                               const std::function<void(double)>& progress) const {
  const int nq = Q.rows, nx = X_.rows, D = X_.cols;
  std::vector<std::vector<int>> out(ks.size(), std::vector<int>(size_t(nq), -1));
  if (ks.empty() || nx == 0 || num_classes_ <= 0 || Q.cols != D || int(y_.size()) != nx) return out;

  // Each k clamped to [1, nx]; the neighbour list is as long as the largest.
  std::vector<int> kc(ks.size());
  int kmax = 1;
  for (size_t i = 0; i < ks.size(); ++i) {
    kc[i] = std::clamp(ks[i], 1, nx);
    kmax = std::max(kmax, kc[i]);
  }
  // Visit the ks in increasing order while walking the sorted neighbour list once.
  std::vector<size_t> by_k(ks.size());
  for (size_t i = 0; i < by_k.size(); ++i) by_k[i] = i;
  std::sort(by_k.begin(), by_k.end(), [&](size_t a, size_t b) { return kc[a] < kc[b]; });

  const int block = int(std::clamp<size_t>(kMaxBlockDistances / size_t(nx), 1, kMaxBlockRows));
  std::vector<float> dist(size_t(block) * size_t(nx));  // (block, nx)
  std::vector<Neighbor> heap;
  heap.reserve(size_t(kmax));
  std::vector<int> counts(static_cast<size_t>(num_classes_));
  for (int q0 = 0; q0 < nq; q0 += block) {
    const int rows = std::min(block, nq - q0);
    distances(m, rows, nx, D, Q.row(q0), X_.ptr(), dist.data());
    for (int r = 0; r < rows; ++r) {
      select_k(dist.data() + size_t(r) * size_t(nx), nx, kmax, &heap);
      std::fill(counts.begin(), counts.end(), 0);
      size_t next = 0;  // position in by_k
      for (int j = 0; j < kmax && next < by_k.size(); ++j) {
        const int label = y_[size_t(heap[size_t(j)].i)];
        if (label >= 0 && label < num_classes_) ++counts[size_t(label)];
        while (next < by_k.size() && kc[by_k[next]] == j + 1) {
          out[by_k[next]][size_t(q0 + r)] = vote(counts);
          ++next;
        }
      }
    }
    if (progress) progress(double(q0 + rows) / double(nq));
  }
  return out;
}

void KNearestNeighbor::nearest(const float* q, int k, Metric m, std::vector<int>* idx, std::vector<float>* dist) const {
  const int nx = X_.rows, D = X_.cols;
  if (idx) idx->clear();
  if (dist) dist->clear();
  if (nx == 0 || q == nullptr) return;
  k = std::clamp(k, 1, nx);
  std::vector<float> d(static_cast<size_t>(nx));
  distances(m, 1, nx, D, q, X_.ptr(), d.data());
  std::vector<Neighbor> heap;
  heap.reserve(size_t(k));
  select_k(d.data(), nx, k, &heap);
  for (const Neighbor& n : heap) {
    if (idx) idx->push_back(n.i);
    if (dist) dist->push_back(m == Metric::L2 ? std::sqrt(std::max(n.d, 0.0f)) : n.d);
  }
}

}  // namespace descent
