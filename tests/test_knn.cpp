// test_knn.cpp: kNN against a brute-force scalar reference (double distances, full sort by
// (distance, index), counted vote), the two tie rules on constructed ties, and cross-validation
// against a leave-one-out table computed by hand. Integer-valued data keeps every float distance
// exact, so the comparisons are exact (no tolerance) and ties are plentiful.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/data/split.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "core/rng.h"

using namespace descent;

namespace {

// (n, D) with integer values in [0, 4]: distances are small integers, exact in float.
Matrix<float> integer_matrix(int n, int D, Rng& rng) {
  Matrix<float> m(n, D);
  for (float& v : m.data) v = float(rng.below(5));
  return m;
}

double ref_distance(const float* a, const float* b, int D, Metric m) {
  double s = 0;
  for (int j = 0; j < D; ++j) {
    const double d = double(a[j]) - double(b[j]);
    s += m == Metric::L1 ? std::fabs(d) : d * d;
  }
  return s;
}

// All training indices sorted by (distance, index).
std::vector<int> ref_order(const Matrix<float>& X, const float* q, Metric m) {
  std::vector<double> d(static_cast<size_t>(X.rows));
  for (int j = 0; j < X.rows; ++j) d[size_t(j)] = ref_distance(q, X.row(j), X.cols, m);
  std::vector<int> order(static_cast<size_t>(X.rows));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d[size_t(a)] < d[size_t(b)]; });
  return order;
}

int ref_predict(const Matrix<float>& X, const std::vector<int>& y, int C, const float* q, int k, Metric m) {
  const std::vector<int> order = ref_order(X, q, m);
  k = std::clamp(k, 1, X.rows);
  std::vector<int> count(static_cast<size_t>(C), 0);
  for (int i = 0; i < k; ++i) ++count[size_t(y[size_t(order[size_t(i)])])];
  int best = 0;
  for (int c = 0; c < C; ++c)
    if (count[size_t(c)] > count[size_t(best)]) best = c;
  return best;
}

}  // namespace

TEST_CASE("knn: predictions match a brute-force reference for both metrics and several k") {
  Rng rng(2024);
  const int N = 230, D = 6, C = 4, NQ = 150;  // 150 queries span three blocks of 64
  const Matrix<float> X = integer_matrix(N, D, rng);
  const Matrix<float> Q = integer_matrix(NQ, D, rng);
  std::vector<int> y(static_cast<size_t>(N));
  for (int& c : y) c = int(rng.below(C));
  KNearestNeighbor knn;
  knn.train(X, y, C);
  CHECK(knn.size() == N);
  CHECK(knn.dim() == D);
  const std::vector<int> ks = {1, 2, 3, 5, 8, 20, N, N + 50};
  for (Metric m : {Metric::L1, Metric::L2}) {
    CAPTURE(metric_name(m));
    const std::vector<std::vector<int>> many = knn.predict_many_k(Q, ks, m);
    REQUIRE(many.size() == ks.size());
    int mismatches = 0;
    for (size_t ki = 0; ki < ks.size(); ++ki) {
      const std::vector<int> one = knn.predict(Q, ks[ki], m);
      CHECK(one == many[ki]);
      for (int q = 0; q < NQ; ++q) mismatches += one[size_t(q)] != ref_predict(X, y, C, Q.row(q), ks[ki], m);
    }
    CHECK(mismatches == 0);
    // k = N and k > N both vote over every training row: the majority class of y.
    CHECK(many[6] == many[7]);
  }
}

TEST_CASE("knn: nearest returns the reference order and true distances") {
  Rng rng(7);
  const Matrix<float> X = integer_matrix(90, 5, rng);
  const Matrix<float> Q = integer_matrix(3, 5, rng);
  KNearestNeighbor knn;
  knn.train(X, std::vector<int>(90, 0), 1);
  for (Metric m : {Metric::L1, Metric::L2}) {
    for (int q = 0; q < 3; ++q) {
      std::vector<int> idx;
      std::vector<float> dist;
      knn.nearest(Q.row(q), 7, m, &idx, &dist);
      const std::vector<int> order = ref_order(X, Q.row(q), m);
      REQUIRE(idx.size() == 7);
      REQUIRE(dist.size() == 7);
      for (int i = 0; i < 7; ++i) {
        CHECK(idx[size_t(i)] == order[size_t(i)]);
        const double d = ref_distance(Q.row(q), X.row(idx[size_t(i)]), 5, m);
        CHECK(dist[size_t(i)] == doctest::Approx(m == Metric::L2 ? std::sqrt(d) : d).epsilon(1e-6));
      }
    }
  }
  std::vector<int> idx;
  knn.nearest(Q.row(0), 1000, Metric::L1, &idx, nullptr);  // k > N clamps to N
  CHECK(idx.size() == 90);
}

TEST_CASE("knn: equal distances rank the smaller training index first") {
  // Query 0 sits between x = -1 (index 0, class 2) and x = +1 (index 1, class 1).
  Matrix<float> X(3, 1);
  X(0, 0) = -1;
  X(1, 0) = 1;
  X(2, 0) = 5;
  KNearestNeighbor knn;
  knn.train(X, {2, 1, 0}, 3);
  Matrix<float> Q(1, 1, 0.0f);
  CHECK(knn.predict(Q, 1, Metric::L1) == std::vector<int>{2});
  CHECK(knn.predict(Q, 1, Metric::L2) == std::vector<int>{2});
  std::vector<int> idx;
  knn.nearest(Q.row(0), 3, Metric::L2, &idx, nullptr);
  CHECK(idx == std::vector<int>{0, 1, 2});
  // Swap the two tied rows: now index 0 is class 1.
  X(0, 0) = 1;
  X(1, 0) = -1;
  knn.train(X, {1, 2, 0}, 3);
  CHECK(knn.predict(Q, 1, Metric::L1) == std::vector<int>{1});
}

TEST_CASE("knn: a tied vote goes to the smallest class index") {
  // Four neighbours, two of class 3 (nearer) and two of class 1: a 2-2 tie -> class 1.
  Matrix<float> X(5, 1);
  const float xs[5] = {1, 2, 3, 4, 100};
  std::copy(xs, xs + 5, X.data.begin());
  KNearestNeighbor knn;
  knn.train(X, {3, 3, 1, 1, 0}, 4);
  Matrix<float> Q(1, 1, 0.0f);
  CHECK(knn.predict(Q, 4, Metric::L1) == std::vector<int>{1});
  CHECK(knn.predict(Q, 3, Metric::L1) == std::vector<int>{3});
  // A three-way 1-1-1 tie among classes 3, 2 and 1 -> 1.
  knn.train(X, {3, 2, 1, 0, 0}, 4);
  CHECK(knn.predict(Q, 3, Metric::L2) == std::vector<int>{1});
  CHECK(knn.predict(Q, 2, Metric::L2) == std::vector<int>{2});
}

TEST_CASE("knn: k below 1 counts as 1, and untrained or mis-shaped queries give -1") {
  Rng rng(1);
  const Matrix<float> X = integer_matrix(20, 3, rng);
  std::vector<int> y(20);
  for (int i = 0; i < 20; ++i) y[size_t(i)] = i % 2;
  KNearestNeighbor knn;
  const Matrix<float> Q = integer_matrix(4, 3, rng);
  CHECK(knn.predict(Q, 1, Metric::L1) == std::vector<int>(4, -1));
  knn.train(X, y, 2);
  CHECK(knn.predict(Q, 0, Metric::L1) == knn.predict(Q, 1, Metric::L1));
  CHECK(knn.predict(Q, -3, Metric::L2) == knn.predict(Q, 1, Metric::L2));
  CHECK(knn.predict(Matrix<float>(2, 4), 1, Metric::L1) == std::vector<int>(2, -1));
  CHECK(knn.predict(Matrix<float>(0, 3), 1, Metric::L1).empty());
}

TEST_CASE("knn: metric names parse both ways") {
  CHECK(std::string(metric_name(Metric::L1)) == "l1");
  CHECK(*parse_metric("l2") == Metric::L2);
  CHECK(*parse_metric("Euclidean") == Metric::L2);
  CHECK(*parse_metric("L1") == Metric::L1);
  CHECK(*parse_metric("manhattan") == Metric::L1);
  Result<Metric> bad = parse_metric("cosine");
  REQUIRE(!bad.ok());
  CHECK(bad.status().code == ErrorCode::Usage);
  CHECK(bad.status().message.find("cosine") != std::string::npos);
}

namespace {
// 1-D points 0, 1, 2 (class 0), 10, 11 (class 1), and 3.5 (class 1, an outlier among class 0).
Dataset hand_set() {
  Dataset d;
  d.num_classes = 2;
  d.X = Matrix<float>(6, 1);
  const float xs[6] = {0, 1, 2, 10, 11, 3.5f};
  std::copy(xs, xs + 6, d.X.data.begin());
  d.y = {0, 0, 0, 1, 1, 1};
  return d;
}
}  // namespace

TEST_CASE("knn: leave-one-out cross-validation reproduces the table computed by hand") {
  // Leave-one-out (folds = n) makes every fold one point, whatever the shuffle. By hand:
  // k=1: only 3.5 is wrong (nearest is 2)                               -> 5/6
  // k=3: only 3.5 is wrong (2, 1, 0)                                     -> 5/6
  // k=4: 0, 1, 2 win 2-2 ties for class 0; 10, 11 lose theirs; 3.5 wrong -> 3/6
  // k=5: every point is outvoted by the other class's majority           -> 0
  // 1-D, so L1 and L2 rank identically and give the same table.
  const Dataset d = hand_set();
  const std::vector<int> ks = {1, 3, 4, 5};
  const Result<std::vector<CvCell>> cv = cross_validate_knn(d, ks, {Metric::L2, Metric::L1}, 6, 99);
  REQUIRE(cv.ok());
  const std::vector<CvCell>& cells = *cv;
  REQUIRE(cells.size() == 8);
  const double want[4] = {5.0 / 6.0, 5.0 / 6.0, 0.5, 0.0};
  for (size_t i = 0; i < cells.size(); ++i) {
    const CvCell& c = cells[i];
    CHECK(c.metric == (i < 4 ? Metric::L2 : Metric::L1));  // metric-major, in the order given
    CHECK(c.k == ks[i % 4]);
    REQUIRE(c.fold_acc.size() == 6);
    for (double a : c.fold_acc) CHECK((a == 0.0 || a == 1.0));
    CHECK(c.mean == doctest::Approx(want[i % 4]).epsilon(1e-12));
    // Population std of Bernoulli(p) over the six folds: sqrt(p (1 - p)).
    CHECK(c.stddev == doctest::Approx(std::sqrt(want[i % 4] * (1.0 - want[i % 4]))).epsilon(1e-12));
  }
  // k = 1 and k = 3 tie at 5/6 for both metrics: the smaller k, then L1, wins.
  const CvCell& best = best_cell(cells);
  CHECK(best.k == 1);
  CHECK(best.metric == Metric::L1);
}

TEST_CASE("knn: 5-fold cross-validation equals kNN trained and scored fold by fold") {
  Rng rng(5);
  Dataset d;
  d.num_classes = 3;
  d.X = integer_matrix(53, 4, rng);
  d.y.resize(53);
  for (int& c : d.y) c = int(rng.below(3));
  const std::vector<int> ks = {1, 4, 9};
  std::vector<double> seen;
  const Result<std::vector<CvCell>> cv =
      cross_validate_knn(d, ks, {Metric::L1, Metric::L2}, 5, 17, [&](double f) { seen.push_back(f); });
  REQUIRE(cv.ok());
  const std::vector<CvCell>& cells = *cv;
  REQUIRE(cells.size() == 6);
  const std::vector<std::vector<int>> folds = kfold_indices(53, 5, 17);
  for (const CvCell& c : cells) {
    REQUIRE(c.fold_acc.size() == 5);
    for (int f = 0; f < 5; ++f) {
      std::vector<int> rest;
      for (int g = 0; g < 5; ++g)
        if (g != f) rest.insert(rest.end(), folds[size_t(g)].begin(), folds[size_t(g)].end());
      const Dataset tr = take_rows(d, rest);
      int correct = 0;
      for (int i : folds[size_t(f)]) correct += ref_predict(tr.X, tr.y, 3, d.X.row(i), c.k, c.metric) == d.y[size_t(i)];
      CHECK(c.fold_acc[size_t(f)] == doctest::Approx(double(correct) / double(folds[size_t(f)].size())).epsilon(1e-12));
    }
  }
  REQUIRE(!seen.empty());
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() == doctest::Approx(1.0));
  CHECK(cross_validate_knn(d, ks, {Metric::L1}, 1, 0)->empty());
}

TEST_CASE("knn: best_cell prefers the higher mean, then the smaller k, then L1") {
  std::vector<CvCell> cells = {
      {.k = 5, .metric = Metric::L2, .mean = 0.8},
      {.k = 3, .metric = Metric::L2, .mean = 0.8},
      {.k = 3, .metric = Metric::L1, .mean = 0.8},
      {.k = 9, .metric = Metric::L1, .mean = 0.7},
  };
  CHECK(best_cell(cells).k == 3);
  CHECK(best_cell(cells).metric == Metric::L1);
  cells[3].mean = 0.81;
  CHECK(best_cell(cells).k == 9);
}

TEST_CASE("knn: byte images (b/255) take the exact integer path and match an integer reference") {
  // Pixel values b/255 with b in a few levels, so integer distances tie often; the reference ranks
  // by exact integer distance, then index. 150 queries span three blocks; 700 training rows span
  // several training blocks of the kernels.
  Rng rng(31337);
  const int N = 700, D = 40, C = 5, NQ = 150;
  std::vector<int> xb(size_t(N) * D), qb(size_t(NQ) * D);
  for (int& v : xb) v = int(rng.below(4)) * 85;  // 0, 85, 170, 255
  for (int& v : qb) v = int(rng.below(4)) * 85;
  Matrix<float> X(N, D), Q(NQ, D);
  for (size_t i = 0; i < xb.size(); ++i) X.data[i] = float(xb[i]) / 255.0f;
  for (size_t i = 0; i < qb.size(); ++i) Q.data[i] = float(qb[i]) / 255.0f;
  std::vector<int> y(static_cast<size_t>(N));
  for (int& c : y) c = int(rng.below(C));
  KNearestNeighbor knn;
  knn.train(X, y, C);
  const std::vector<int> ks = {1, 4, 5, 9, 30};
  for (Metric m : {Metric::L1, Metric::L2}) {
    CAPTURE(metric_name(m));
    const std::vector<std::vector<int>> many = knn.predict_many_k(Q, ks, m);
    int mismatches = 0;
    for (int q = 0; q < NQ; ++q) {
      std::vector<long> d(static_cast<size_t>(N));
      for (int j = 0; j < N; ++j) {
        long s = 0;
        for (int k = 0; k < D; ++k) {
          const long diff = qb[size_t(q) * D + size_t(k)] - xb[size_t(j) * D + size_t(k)];
          s += m == Metric::L1 ? std::labs(diff) : diff * diff;
        }
        d[size_t(j)] = s;
      }
      std::vector<int> order(static_cast<size_t>(N));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d[size_t(a)] < d[size_t(b)]; });
      for (size_t ki = 0; ki < ks.size(); ++ki) {
        std::vector<int> count(static_cast<size_t>(C), 0);
        for (int i = 0; i < ks[ki]; ++i) ++count[size_t(y[size_t(order[size_t(i)])])];
        int best = 0;
        for (int c = 1; c < C; ++c)
          if (count[size_t(c)] > count[size_t(best)]) best = c;
        mismatches += many[ki][size_t(q)] != best;
      }
    }
    CHECK(mismatches == 0);
  }
}
