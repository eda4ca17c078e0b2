// test_knn_model.cpp: the data & kNN view's model without ImGui or GL (knn_model.h): the query's
// neighbours, the decision regions, cross-validation and the final test against brute-force scalar
// kNN written here; refused commands that leave the state as it was; the settings through state().
// The references: every distance in double, equal distances ranked by training index, a tied vote
// to the smallest class (knn.h's rules).
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "core/data/split.h"
#include "core/ui/command.h"
#include "core/ui/knn_model.h"
#include "tests/app/model_fixture.h"

using namespace descent;
using namespace descent::ui;

namespace {

using KnnFixture = testing::ModelFixture<KnnModel>;

// The k nearest rows of X (rows `rows` of it, in that order; indices are positions in `rows`) to q.
struct Nearest {
  std::vector<int> idx;
  std::vector<double> dist;
};
Nearest brute_nearest(const Matrix<float>& X, const std::vector<int>& rows, const float* q, int k, Metric m) {
  std::vector<std::pair<double, int>> all;
  for (size_t r = 0; r < rows.size(); ++r) {
    double s = 0;
    for (int j = 0; j < X.cols; ++j) {
      const double d = double(q[j]) - double(X(rows[r], j));
      s += m == Metric::L1 ? std::abs(d) : d * d;
    }
    all.push_back({m == Metric::L2 ? std::sqrt(s) : s, int(r)});
  }
  std::sort(all.begin(), all.end());  // by distance, then index
  Nearest out;
  for (int i = 0; i < k && i < int(all.size()); ++i) {
    out.idx.push_back(all[size_t(i)].second);
    out.dist.push_back(all[size_t(i)].first);
  }
  return out;
}
std::vector<int> all_rows(int n) {
  std::vector<int> r(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) r[size_t(i)] = i;
  return r;
}
// The majority label of `labels`; *tied when two or more classes share the most votes (the
// smallest of them is returned).
int brute_vote(const std::vector<int>& labels, int classes, bool* tied) {
  std::vector<int> votes(static_cast<size_t>(classes), 0);
  for (int l : labels) ++votes[size_t(l)];
  const int top = *std::max_element(votes.begin(), votes.end());
  int best = -1, winners = 0;
  for (int c = 0; c < classes; ++c)
    if (votes[size_t(c)] == top) {
      if (best < 0) best = c;
      ++winners;
    }
  *tied = winners > 1;
  return best;
}

// The query's neighbours, distances and vote, from the model and from state(), against brute force.
void check_query(const KnnFixture& f, const float* q, int k, Metric metric) {
  const DataSplits* d = f.m.data();
  REQUIRE(d != nullptr);
  const KnnQuery* query = f.m.query();
  REQUIRE(query != nullptr);
  const Nearest ref = brute_nearest(d->train.X, all_rows(d->train.size()), q, k, metric);
  CHECK(query->neighbors == ref.idx);
  REQUIRE(query->distances.size() == ref.dist.size());
  std::vector<int> labels;
  for (size_t i = 0; i < ref.idx.size(); ++i) {
    CHECK(std::abs(query->distances[i] - ref.dist[i]) <= 1e-5 * std::max(1.0, ref.dist[i]));
    labels.push_back(d->train.y[size_t(ref.idx[i])]);
  }
  bool tied = false;
  CHECK(query->predicted == brute_vote(labels, d->train.num_classes, &tied));
  CHECK(query->tied == tied);
  const nlohmann::json s = f.state();
  REQUIRE(s.contains("query"));
  CHECK(s["query"]["index"] == query->index);
  CHECK(s["query"]["predicted"] == query->predicted);
  REQUIRE(s["query"]["neighbors"].size() == ref.idx.size());
  for (size_t i = 0; i < ref.idx.size(); ++i) {
    CHECK(s["query"]["neighbors"][i]["index"] == ref.idx[i]);
    CHECK(s["query"]["neighbors"][i]["label"] == labels[i]);
  }
}

// A small grey image set (6 x 5 pixels, 3 classes, bytes / 255 as the image loaders make them),
// registered in ctx under `name` as an upload would be.
void put_image_set(AppContext& ctx, const std::string& name) {
  std::mt19937 rng(11);
  auto make = [&](int n) {
    Dataset d;
    d.name = name;
    d.height = 6;
    d.width = 5;
    d.channels = 1;
    d.num_classes = 3;
    d.X = Matrix<float>(n, 30);
    for (int i = 0; i < n; ++i) {
      d.y.push_back(i % 3);
      for (int j = 0; j < 30; ++j) d.X(i, j) = float(rng() % 256) / 255.0f;
    }
    return d;
  };
  auto s = std::make_shared<DataSplits>();
  s->train = make(40);
  s->val = make(6);
  s->test = make(12);
  ctx.put_data({.name = name}, s);
}

}  // namespace

TEST_CASE("knn model: the query's neighbours and vote equal brute-force L1 and L2 kNN") {
  KnnFixture f;
  REQUIRE(f.run("data spiral points=40 noise=0.3 seed=4").is_ok());
  const DataSplits* d = f.m.data();
  REQUIRE(d != nullptr);
  CHECK(f.m.is_2d());
  CHECK(f.m.query() == nullptr);  // 2-D data: no query until one is clicked or asked for
  for (const Metric metric : {Metric::L1, Metric::L2}) {
    for (const int k : {1, 4, 7}) {
      CAPTURE(k);
      CAPTURE(metric_name(metric));
      REQUIRE(f.run("knn k=" + std::to_string(k) + " metric=" + (metric == Metric::L1 ? "l1" : "l2")).is_ok());
      REQUIRE(f.run("knn query 9").is_ok());
      check_query(f, d->test.X.row(9), k, metric);
      // A clicked point of the plane.
      f.m.query_point(0.31f, -0.42f);
      const float p[2] = {0.31f, -0.42f};
      CHECK(f.m.query()->index == -1);
      check_query(f, p, k, metric);
    }
  }
  // New settings search again from the same query.
  REQUIRE(f.run("knn k=3 metric=l1").is_ok());
  const float p[2] = {0.31f, -0.42f};
  check_query(f, p, 3, Metric::L1);
}

TEST_CASE("knn model: images: examples per class, the first test image as the query, its neighbours") {
  KnnFixture f;
  put_image_set(f.ctx, "tiny-images");
  REQUIRE(f.run("data tiny-images k=5 metric=l2").is_ok());
  const DataSplits* d = f.m.data();
  REQUIRE(d != nullptr);
  CHECK_FALSE(f.m.is_2d());
  // kKnnExamplesPerClass of each class, the first in order: labels cycle 0, 1, 2.
  REQUIRE(f.m.example_rows().size() == 3);
  for (int c = 0; c < 3; ++c) {
    std::vector<int> want;
    for (int i = c; i < 40 && int(want.size()) < kKnnExamplesPerClass; i += 3) want.push_back(i);
    CHECK(f.m.example_rows()[size_t(c)] == want);
  }
  CHECK(f.state()["examples_shown"] == 3 * kKnnExamplesPerClass);
  REQUIRE(f.m.query() != nullptr);
  CHECK(f.m.query()->index == 0);
  check_query(f, d->test.X.row(0), 5, Metric::L2);
  REQUIRE(f.run("knn metric=l1").is_ok());
  check_query(f, d->test.X.row(0), 5, Metric::L1);
  // The keys walk through the test set, wrapping at both ends.
  CHECK(f.m.step_query(-1));
  CHECK(f.m.query()->index == 11);
  check_query(f, d->test.X.row(11), 5, Metric::L1);
  CHECK(f.m.step_query(+1));
  CHECK(f.m.query()->index == 0);
  CHECK(f.m.step_query(+1));
  CHECK(f.m.query()->index == 1);
}

TEST_CASE("knn model: the decision regions are the brute-force vote at every cell centre") {
  KnnFixture f;
  REQUIRE(f.run("data xor points=30 noise=0.5 seed=2").is_ok());
  REQUIRE(f.run("knn k=2 metric=l2").is_ok());  // an even k on two classes: 1-1 votes tie
  f.frames_while([&] { return f.m.regions().busy(); });
  const RegionGrid& g = f.m.regions();
  REQUIRE_FALSE(g.busy());
  REQUIRE(g.version() > 0);
  const DataSplits* d = f.m.data();
  const int res = g.res();
  REQUIRE(res > 0);
  int ties = 0, mismatches = 0;
  const std::vector<int> rows = all_rows(d->train.size());
  for (int r = 0; r < res; ++r)
    for (int c = 0; c < res; ++c) {
      float p[2];
      RegionGrid::cell_center(g.box(), res, r, c, &p[0], &p[1]);
      const Nearest n = brute_nearest(d->train.X, rows, p, 2, Metric::L2);
      std::vector<int> labels;
      for (int j : n.idx) labels.push_back(d->train.y[size_t(j)]);
      bool tied = false;
      const int want = brute_vote(labels, d->train.num_classes, &tied);
      const int got = g.labels()[size_t(r) * size_t(res) + size_t(c)];
      ties += tied;
      mismatches += got != (tied ? -1 : want);
    }
  CHECK(mismatches == 0);
  CHECK(ties > 0);
  const nlohmann::json s = f.state();
  CHECK(s["regions"]["ties"] == ties);
  CHECK(s["regions"]["busy"] == false);
  CHECK(s["regions"]["res"] == res);
}

TEST_CASE("knn model: refused commands name the key and leave the state as it was") {
  KnnFixture f;
  REQUIRE(f.run("data spiral points=30 seed=1").is_ok());
  REQUIRE(f.run("knn k=3 metric=l1 folds=3 ks=1,3").is_ok());
  REQUIRE(f.run("knn query 4").is_ok());
  REQUIRE(f.run("knn cv sync=1").is_ok());
  f.frames_while([&] { return f.m.busy() || f.m.regions().busy(); });
  REQUIRE(f.m.cv().done());
  const std::string before = f.state().dump();
  // The state after a refusal and a frame (the frame would show what the command left behind).
  auto after = [&f] {
    f.ctx.start_frame_budget();
    f.m.update(f.ctx);
    return f.state().dump();
  };
  const int train = f.m.data()->train.size();
  const struct {
    const char* line;
    const char* names;  // what the message must name
  } bad[] = {
      {"knn foo=1", "'foo'"},
      {"knn seed=3", "'seed'"},
      {"knn cv seed=3", "'seed'"},
      {"knn k=0", "knn: k must"},
      {"knn k=100001", "knn: k must"},
      {"knn metric=l3", "metric must"},
      {"knn folds=99", "folds must"},
      {"knn ks=1,x", "ks must"},
      {"knn query 100000", "INDEX (a test example) must"},
      {"knn test bogus=1", "'bogus'"},
      {"knn test limit=-1", "limit must"},
      {"knn frobnicate", "'frobnicate'"},
      {"data foo=1", "'foo'"},
      {"data no-such-set", "no-such-set"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.line);
    const Status s = f.run(b.line);
    CHECK_FALSE(s.is_ok());
    INFO(s.message);
    CHECK(s.message.find(b.names) != std::string::npos);
    CHECK(after() == before);
  }
  // k above the training set: refused with the number of training examples, here and with new data.
  const std::string k_big = "knn k=" + std::to_string(train + 1);
  Status s = f.run(k_big);
  CHECK(s.message == "knn: k = " + std::to_string(train + 1) + " is more than the " + std::to_string(train) +
                         " training examples; give k up to " + std::to_string(train));
  CHECK(after() == before);
  s = f.run("data blobs points=3 k=40");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message.find("k = 40") != std::string::npos);
  CHECK(after() == before);  // the old data, its query and cross-validation stay
}

TEST_CASE("knn model: cross-validation runs over frames; its accuracies equal brute-force kNN on the same folds") {
  KnnFixture f;
  REQUIRE(f.run("data spiral points=40 noise=0.4 seed=6").is_ok());
  REQUIRE(f.run("knn cv folds=4 ks=1,2,5,9 metrics=l1,l2 cv_limit=90").is_ok());  // no sync: over frames
  CHECK_FALSE(f.m.busy());  // only sync=1 makes scripts wait
  CHECK((f.m.cv().running() || f.m.cv().done()));
  const int frames = f.frames_while([&] { return f.m.cv().running(); }, 0.0005);
  MESSAGE("cross-validation took ", frames, " frames");
  REQUIRE(f.m.cv().done());
  const DataSplits* d = f.m.data();
  const int n = std::min(90, d->train.size());
  CHECK(f.m.cv_rows() == n);
  CHECK(f.m.cv().rows() == n);
  const std::vector<int> ks = {1, 2, 5, 9};
  const std::vector<std::vector<int>> parts = kfold_indices(n, 4, 6);  // the folds of the view's seed
  const std::vector<CvCell>& cells = f.m.cv().cells();
  REQUIRE(cells.size() == 8);
  const nlohmann::json st = f.state();
  REQUIRE(st["cv"]["cells"].size() == 8);
  size_t cell = 0;
  for (const Metric metric : {Metric::L1, Metric::L2}) {
    // acc[k][f]: held-out rows of fold f classified right by the brute-force kNN of the other folds.
    std::vector<std::vector<double>> acc(ks.size());
    for (size_t fold = 0; fold < parts.size(); ++fold) {
      std::vector<int> rest;
      for (size_t g = 0; g < parts.size(); ++g)
        if (g != fold) rest.insert(rest.end(), parts[g].begin(), parts[g].end());
      std::vector<int> correct(ks.size(), 0);
      for (int row : parts[fold]) {
        const Nearest nn = brute_nearest(d->train.X, rest, d->train.X.row(row), 9, metric);
        for (size_t ki = 0; ki < ks.size(); ++ki) {
          std::vector<int> labels;
          for (int i = 0; i < ks[ki]; ++i) labels.push_back(d->train.y[size_t(rest[size_t(nn.idx[size_t(i)])])]);
          bool tied = false;
          correct[ki] += brute_vote(labels, d->train.num_classes, &tied) == d->train.y[size_t(row)];
        }
      }
      for (size_t ki = 0; ki < ks.size(); ++ki) acc[ki].push_back(double(correct[ki]) / double(parts[fold].size()));
    }
    for (size_t ki = 0; ki < ks.size(); ++ki, ++cell) {
      CAPTURE(ks[ki]);
      CAPTURE(metric_name(metric));
      double mean = 0;
      for (double a : acc[ki]) mean += a / double(acc[ki].size());
      double var = 0;
      for (double a : acc[ki]) var += (a - mean) * (a - mean) / double(acc[ki].size());
      const CvCell& c = cells[cell];
      CHECK(c.k == ks[ki]);
      CHECK(c.metric == metric);
      REQUIRE(c.fold_acc.size() == acc[ki].size());
      for (size_t fi = 0; fi < acc[ki].size(); ++fi) CHECK(c.fold_acc[fi] == doctest::Approx(acc[ki][fi]).epsilon(1e-12));
      CHECK(std::abs(c.mean - mean) <= 1e-12);
      CHECK(std::abs(c.stddev - std::sqrt(var)) <= 1e-12);
      CHECK(std::abs(st["cv"]["cells"][cell]["mean"].get<double>() - mean) <= 1e-12);
    }
  }
  CHECK(st["cv"]["best"]["k"] == best_cell(cells).k);
  CHECK(st["cv"]["rows"] == n);
}

TEST_CASE("knn model: the test accuracy is hidden until the final test, then counted once and exact") {
  KnnFixture f;
  REQUIRE(f.run("data moons points=40 noise=0.3 seed=5 k=3 metric=l1").is_ok());
  nlohmann::json s = f.state();
  CHECK_FALSE(s.contains("test"));
  CHECK(s["test_uses"] == 0);
  f.frames_while([&] { return f.m.regions().busy(); });  // frames alone never touch the test set
  s = f.state();
  CHECK_FALSE(s.contains("test"));
  CHECK(s["test_uses"] == 0);

  REQUIRE(f.run("knn test").is_ok());  // no sync: over frames
  f.frames_while([&] { return f.m.test().done < f.m.test().rows; });
  const DataSplits* d = f.m.data();
  const std::vector<int> rows = all_rows(d->train.size());
  int correct = 0;
  for (int i = 0; i < d->test.size(); ++i) {
    const Nearest nn = brute_nearest(d->train.X, rows, d->test.X.row(i), 3, Metric::L1);
    std::vector<int> labels;
    for (int j : nn.idx) labels.push_back(d->train.y[size_t(j)]);
    bool tied = false;
    correct += brute_vote(labels, d->train.num_classes, &tied) == d->test.y[size_t(i)];
  }
  s = f.state();
  REQUIRE(s.contains("test"));
  CHECK(s["test_uses"] == 1);  // however many frames it took
  CHECK(s["test"]["rows"] == d->test.size());
  CHECK(s["test"]["done"] == d->test.size());
  CHECK(s["test"]["k"] == 3);
  CHECK(s["test"]["metric"] == "l1");
  CHECK(std::abs(s["test"]["accuracy"].get<double>() - double(correct) / d->test.size()) <= 1e-15);

  // A limit and sync=1: the first rows, finished within the command; a second use, counted.
  REQUIRE(f.run("knn test limit=7 sync=1").is_ok());
  f.frames_while([&] { return f.m.busy(); });
  s = f.state();
  CHECK(s["test_uses"] == 2);
  CHECK(s["test"]["rows"] == 7);
  CHECK(s["test"]["done"] == 7);
  // Other k or metric: that accuracy was of the old setting, so it is hidden again; the count stays.
  REQUIRE(f.run("knn k=5").is_ok());
  s = f.state();
  CHECK_FALSE(s.contains("test"));
  CHECK(s["test_uses"] == 2);
  // Refused: the count does not move.
  CHECK_FALSE(f.run("knn test limit=x").is_ok());
  CHECK(f.state()["test_uses"] == 2);
}

TEST_CASE("knn model: the settings round-trip through state()") {
  KnnFixture f;
  REQUIRE(f.run("data moons points=60 noise=0.25 seed=7 k=4 metric=l1 ks=1,2,9 metrics=l2 folds=3 cv_limit=500").is_ok());
  const nlohmann::json settings = f.state()["settings"];
  CHECK(settings["data"] == "moons");
  CHECK(settings["seed"] == 7);
  CHECK(settings["k"] == 4);
  CHECK(settings["metric"] == "l1");
  CHECK(settings["ks"] == nlohmann::json::array({1, 2, 9}));
  CHECK(settings["metrics"] == "l2");
  CHECK(settings["folds"] == 3);
  CHECK(settings["cv_limit"] == 500);
  // The state's values as a command (what a link carries), applied to a fresh model.
  std::string line = "data";
  for (const auto& [key, value] : settings.items()) {
    std::string text;
    if (value.is_array()) {
      for (const auto& x : value) text += (text.empty() ? "" : ",") + x.dump();
    } else if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "1" : "0";
    } else {
      text = value.dump();
    }
    line += " " + key + "=" + text;
  }
  CAPTURE(line);
  KnnFixture g;
  REQUIRE(g.run(line).is_ok());
  CHECK(g.state()["settings"] == settings);
  CHECK(g.m.settings().knn.k == 4);
  CHECK(g.m.settings().knn.metric == Metric::L1);
  CHECK(g.m.settings().knn.ks == std::vector<int>{1, 2, 9});
  CHECK(g.m.settings().knn.metrics == MetricChoice::L2);
  CHECK(g.m.settings().seed == 7u);
  // The same data set: the same rows.
  REQUIRE(g.m.data() != nullptr);
  CHECK(g.m.data()->train.X.rows == f.m.data()->train.X.rows);
  CHECK(g.m.data()->train.y == f.m.data()->train.y);
}
