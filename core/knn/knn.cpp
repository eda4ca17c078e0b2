// knn.cpp: distances in blocks (queries x training rows that stay in cache), each block's rows
// pushed at once into every query's bounded max-heap (ties by index), and the vote for several k
// from one neighbour list. Query blocks are independent tasks on the thread pool; byte images
// take the exact integer kernels.
#include "core/knn/knn.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/kernels/distance.h"
#include "core/memory_budget.h"
#include "core/parallel/thread_pool.h"

namespace descent {
namespace {

constexpr int kMaxBlockRows = 64;               // queries per task
constexpr size_t kTrainBlockBytes = size_t(256) << 10;  // training rows per distance call: ~256 KiB

// (distance, index), ordered by distance then index: the max of this order is evicted first.
template <typename Dist>
struct Neighbor {
  Dist d;
  int i;
};
template <typename Dist>
bool nearer(const Neighbor<Dist>& a, const Neighbor<Dist>& b) {
  return a.d < b.d || (a.d == b.d && a.i < b.i);
}

void distances(Metric m, int nq, int nx, int D, const float* Q, const float* X, float* out) {
  if (m == Metric::L1) {
    kernels::l1_distances(nq, nx, D, Q, X, out);
  } else {
    kernels::l2_squared_distances(nq, nx, D, Q, X, out);
  }
}
void distances(Metric m, int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out) {
  if (m == Metric::L1) {
    kernels::l1_distances_u8(nq, nx, D, Q, X, out);
  } else {
    kernels::l2_squared_distances_u8(nq, nx, D, Q, X, out);
  }
}

// Offers training rows base, base+1, ... with distances d[0..n) to a heap of the k nearest so far.
// Indices arrive in increasing order, so an equal distance never evicts an earlier index.
template <typename Dist>
void offer(const Dist* d, int n, int base, int k, std::vector<Neighbor<Dist>>* heap) {
  for (int j = 0; j < n; ++j) {
    const Dist dj = d[j];
    if (int(heap->size()) < k) {
      heap->push_back({dj, base + j});
      std::push_heap(heap->begin(), heap->end(), nearer<Dist>);
    } else if (dj < heap->front().d) {
      std::pop_heap(heap->begin(), heap->end(), nearer<Dist>);
      heap->back() = {dj, base + j};
      std::push_heap(heap->begin(), heap->end(), nearer<Dist>);
    }
  }
}

// The k nearest of one row of distances `d` (nx), sorted nearest first into `heap`.
void select_k(const float* d, int nx, int k, std::vector<Neighbor<float>>* heap) {
  heap->clear();
  offer(d, nx, 0, k, heap);
  std::sort_heap(heap->begin(), heap->end(), nearer<float>);
}

// Majority label; ties go to the smallest class index.
int vote(const std::vector<int>& counts) {
  int best = 0;
  for (int c = 1; c < int(counts.size()); ++c) {
    if (counts[size_t(c)] > counts[size_t(best)]) best = c;
  }
  return best;
}

// Everything one query block needs, sized once per task.
template <typename T, typename Dist>
struct BlockWork {
  std::vector<Dist> dist;                        // (rows, train block)
  std::vector<std::vector<Neighbor<Dist>>> heaps;  // one per query row
};

// The k nearest (kmax) of queries Q (rows x D, type T) among X (nx x D), sorted nearest first.
template <typename T, typename Dist>
void nearest_block(Metric m, const T* Q, int rows, const T* X, int nx, int D, int kmax, BlockWork<T, Dist>* w) {
  const int tb = int(std::clamp<size_t>(kTrainBlockBytes / (sizeof(T) * size_t(std::max(D, 1))), 16, 4096));
  w->dist.resize(size_t(rows) * size_t(tb));
  w->heaps.resize(size_t(rows));
  for (auto& h : w->heaps) {
    h.clear();
    h.reserve(size_t(kmax));
  }
  for (int j0 = 0; j0 < nx; j0 += tb) {
    const int n = std::min(tb, nx - j0);
    distances(m, rows, n, D, Q, X + size_t(j0) * size_t(D), w->dist.data());
    for (int r = 0; r < rows; ++r) offer(w->dist.data() + size_t(r) * size_t(n), n, j0, kmax, &w->heaps[size_t(r)]);
  }
  for (auto& h : w->heaps) std::sort_heap(h.begin(), h.end(), nearer<Dist>);
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

Status KNearestNeighbor::train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) {
  if (Status s = check_memory("kNN on " + format_count(uint64_t(X.rows)) + " training rows",
                              knn_train_memory(uint64_t(X.rows), uint64_t(X.cols)), "use fewer training rows");
      !s)
    return s;
  X_ = X;
  y_ = y;
  num_classes_ = num_classes;
  keep_bytes();
  return Status::ok();
}

Status KNearestNeighbor::train(Matrix<float>&& X, std::vector<int>&& y, int num_classes) {
  // The rows are moved in: only the byte copy is new.
  const MemoryEstimate bytes{uint64_t(X.rows) * uint64_t(X.cols),
                             "kNN's byte copy of " + format_count(uint64_t(X.rows)) + " training rows"};
  if (Status s = check_memory("kNN on " + format_count(uint64_t(X.rows)) + " training rows", bytes,
                              "use fewer training rows");
      !s)
    return s;
  X_ = std::move(X);
  y_ = std::move(y);
  num_classes_ = num_classes;
  keep_bytes();
  return Status::ok();
}

Status KNearestNeighbor::check_predict(int queries, const std::vector<int>& ks) const {
  int kmax = 1;
  for (int k : ks) kmax = std::max(kmax, std::clamp(k, 1, std::max(1, X_.rows)));
  const MemoryEstimate need = knn_predict_memory(uint64_t(std::max(queries, 0)), uint64_t(X_.cols), ks.size(),
                                                 uint64_t(kmax), parallel::num_threads());
  return check_memory("kNN with k = " + std::to_string(kmax), need, "choose a smaller k");
}

void KNearestNeighbor::keep_bytes() {
  bytes_.resize(X_.size());
  if (X_.size() == 0 || !kernels::unit_floats_to_bytes(long(X_.size()), X_.ptr(), bytes_.data())) {
    bytes_.clear();
    bytes_.shrink_to_fit();
  }
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

  // Byte images on both sides: exact integer distances (same ranking as exact real arithmetic).
  std::vector<uint8_t> qbytes;
  bool use_bytes = !bytes_.empty() && (m == Metric::L1 || D <= kernels::kMaxDimU8L2);
  if (use_bytes) {
    qbytes.resize(Q.size());
    use_bytes = kernels::unit_floats_to_bytes(long(Q.size()), Q.ptr(), qbytes.data());
  }

  auto vote_block = [&](int q0, int rows, auto& heaps) {
    std::vector<int> counts(static_cast<size_t>(num_classes_));
    for (int r = 0; r < rows; ++r) {
      const auto& heap = heaps[size_t(r)];
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
  };
  auto run_block = [&](int b) {
    const int q0 = b * kMaxBlockRows, rows = std::min(kMaxBlockRows, nq - q0);
    if (use_bytes) {
      BlockWork<uint8_t, uint32_t> w;
      nearest_block(m, qbytes.data() + size_t(q0) * size_t(D), rows, bytes_.data(), nx, D, kmax, &w);
      vote_block(q0, rows, w.heaps);
    } else {
      BlockWork<float, float> w;
      nearest_block(m, Q.row(q0), rows, X_.ptr(), nx, D, kmax, &w);
      vote_block(q0, rows, w.heaps);
    }
  };
  const int blocks = (nq + kMaxBlockRows - 1) / kMaxBlockRows;
  // With a progress callback, blocks go in rounds (the callback runs on this thread after each).
  const int round = progress ? std::max(1, 2 * parallel::num_threads()) : blocks;
  for (int b0 = 0; b0 < blocks; b0 += round) {
    const int n = std::min(round, blocks - b0);
    parallel::parallel_for(n, [&](int t) { run_block(b0 + t); });
    if (progress) progress(double(std::min(nq, (b0 + n) * kMaxBlockRows)) / double(nq));
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
  std::vector<Neighbor<float>> heap;
  heap.reserve(size_t(k));
  select_k(d.data(), nx, k, &heap);
  for (const Neighbor<float>& n : heap) {
    if (idx) idx->push_back(n.i);
    if (dist) dist->push_back(m == Metric::L2 ? std::sqrt(std::max(n.d, 0.0f)) : n.d);
  }
}

}  // namespace descent
