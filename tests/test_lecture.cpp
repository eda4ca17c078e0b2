// test_lecture.cpp: the lecture's worked examples (core/lecture) against independent computations:
// the lecture's own hand-computed numbers, closed forms, and scalar re-implementations written
// here in plain loops. Tolerances are stated per check. The kNN timing is checked through an
// injected clock (the machinery: sizes, slices, predictions, the fit), never through real times.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "core/data/cifar.h"
#include "core/data/registry.h"
#include "core/lecture/chapters.h"
#include "core/lecture/examples_json.h"
#include "core/nn/network.h"
#include "core/train/session.h"

using namespace descent;
using namespace descent::lecture;

namespace {

// A tiny image set: n images of (h, w, c) with byte values v = (i * 37 + p * 11) % 256, stored as
// the loaders store them, v / 255.f.
Dataset byte_images(int n, int h, int w, int c) {
  Dataset d;
  d.name = "tiny";
  d.height = h;
  d.width = w;
  d.channels = c;
  d.num_classes = 2;
  d.X = Matrix<float>(n, h * w * c);
  for (int i = 0; i < n; ++i) {
    d.y.push_back(i % 2);
    for (int p = 0; p < h * w * c; ++p) d.X(i, p) = float((i * 37 + p * 11) % 256) / 255.f;
  }
  return d;
}

std::shared_ptr<const DataSplits> toy(const char* name, int points, uint32_t seed = 3) {
  DataRequest r;
  r.name = name;
  r.points_per_class = points;
  r.seed = seed;
  Result<DataSplits> s = load_dataset(r);
  REQUIRE(s.ok());
  return std::make_shared<const DataSplits>(std::move(*s));
}

// Brute-force 1-NN with L1 on float rows, ties to the smaller index.
int nearest_label(const Dataset& train, int n, const float* q) {
  double best = 1e300;
  int label = -1;
  for (int i = 0; i < n; ++i) {
    double d = 0;
    for (int j = 0; j < train.dim(); ++j) d += std::fabs(double(q[j]) - double(train.X(i, j)));
    if (d < best) {
      best = d;
      label = train.y[size_t(i)];
    }
  }
  return label;
}

double round_to(double v, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(v * s) / s;
}

}  // namespace

TEST_CASE("lecture: the ten chapters come in the lecture's order, each naming its examples") {
  const auto& chapters = lecture_chapters();
  REQUIRE(chapters.size() == 10);
  for (int i = 0; i < 10; ++i) {
    CHECK(chapters[size_t(i)].number == i + 1);
    CHECK(std::string(chapters[size_t(i)].title).size() > 5);
    CHECK(std::string(chapters[size_t(i)].text).size() > 100);
    CHECK(!chapters[size_t(i)].examples.empty());
    CHECK(lecture_chapter(i + 1) == &chapters[size_t(i)]);
  }
  CHECK(lecture_chapter(0) == nullptr);
  CHECK(lecture_chapter(11) == nullptr);
  CHECK(std::string(lecture_chapter(5)->text).find("natural") != std::string::npos);  // the log's base is named
}

TEST_CASE("lecture: pixels are the loader's bytes, and the count is height x width x channels") {
  const Dataset d = byte_images(3, 4, 5, 1);
  Result<PixelsExample> p = pixels_example(d, 2);
  REQUIRE(p.ok());
  CHECK(p->numbers == 20);
  CHECK(p->label == 0);
  CHECK(p->class_name == "0");
  for (int k = 0; k < 20; ++k) CHECK(p->bytes[size_t(k)] == (2 * 37 + k * 11) % 256);  // exact
  CHECK(p->min == *std::min_element(p->bytes.begin(), p->bytes.end()));
  const double mean = std::accumulate(p->bytes.begin(), p->bytes.end(), 0.0) / 20;
  CHECK(p->mean == doctest::Approx(mean).epsilon(1e-15));
  CHECK(example_json(*p)["pixels"].size() == 4);  // rows
  CHECK(example_json(*p)["arithmetic"] == "4 x 5 x 1 = 20");
  // Errors: an index outside the set, a set of 2-D points, a centred (non-byte) image.
  CHECK(pixels_example(d, 3).status().code == ErrorCode::Usage);
  CHECK(pixels_example(toy("spiral", 10)->train, 0).status().code == ErrorCode::Usage);
  Dataset centred = d;
  centred.X(0, 0) = 0.1234f;
  CHECK(pixels_example(centred, 0).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: a CIFAR-10 record is 32 x 32 x 3 = 3072 numbers, its planes interleaved per pixel") {
  // One record as the format defines it: a label byte, then the R, G and B planes of 1024 bytes.
  std::vector<uint8_t> rec(kCifarRecordBytes);
  rec[0] = 3;
  for (int i = 1; i < kCifarRecordBytes; ++i) rec[size_t(i)] = uint8_t((i * 7) % 251);
  Result<Dataset> d = parse_cifar10(rec, "test record");
  REQUIRE(d.ok());
  Result<PixelsExample> p = pixels_example(*d, 0);
  REQUIRE(p.ok());
  CHECK(p->height == 32);
  CHECK(p->width == 32);
  CHECK(p->channels == 3);
  CHECK(p->numbers == 32 * 32 * 3);
  CHECK(p->numbers == 3072);
  CHECK(p->class_name == "cat");
  for (int h = 0; h < 32; h += 7)
    for (int w = 0; w < 32; w += 5)
      for (int c = 0; c < 3; ++c) CHECK(p->bytes[size_t((h * 32 + w) * 3 + c)] == rec[size_t(1 + c * 1024 + h * 32 + w)]);
}

TEST_CASE("lecture: L1 of the lecture's 4x4 pair is 456, L2 the root of the summed squares") {
  Result<ImageDistance> r = image_distance(4, 4, kLectureTestImage, kLectureTrainImage);
  REQUIRE(r.ok());
  CHECK(r->l1 == 456);  // the lecture's number
  // The grid by hand (the lecture's slide): rows 46 12 14 1 / 82 13 39 33 / 12 10 0 30 / 2 32 22 108.
  const std::vector<int> grid = {46, 12, 14, 1, 82, 13, 39, 33, 12, 10, 0, 30, 2, 32, 22, 108};
  CHECK(r->abs_diff == grid);
  long sq = 0;
  for (int v : grid) sq += long(v) * v;
  CHECK(sq == 26280);
  CHECK(r->l2_squared == 26280);
  CHECK(r->l2 == doctest::Approx(std::sqrt(26280.0)).epsilon(1e-15));
  CHECK(example_json(*r)["l1"] == 456);
  // Edited inputs: a scalar loop over random images of another size.
  std::vector<int> a(12), b(12);
  for (int i = 0; i < 12; ++i) {
    a[size_t(i)] = (i * 83) % 256;
    b[size_t(i)] = (i * 151 + 40) % 256;
  }
  Result<ImageDistance> s = image_distance(3, 4, a, b);
  REQUIRE(s.ok());
  long l1 = 0, l2 = 0;
  for (int i = 0; i < 12; ++i) {
    l1 += std::abs(a[size_t(i)] - b[size_t(i)]);
    l2 += long(a[size_t(i)] - b[size_t(i)]) * (a[size_t(i)] - b[size_t(i)]);
  }
  CHECK(s->l1 == l1);
  CHECK(s->l2_squared == l2);
  // Errors: a value outside 0..255, the wrong count.
  std::vector<int> bad = kLectureTestImage;
  bad[5] = 256;
  CHECK(image_distance(4, 4, bad, kLectureTrainImage).status().code == ErrorCode::Usage);
  CHECK(image_distance(4, 4, a, b).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: the least-squares line matches the closed form worked by hand") {
  // x 1 2 3 4, y 2 3 5 4: Sxy = 4, Sxx = 5: slope 0.8, intercept 3.5 - 0.8 * 2.5 = 1.5;
  // residuals -0.3 -0.1 1.1 -0.7: SSres = 1.8, SStot = 5: r^2 = 0.64.
  LineFit f = fit_line({1, 2, 3, 4}, {2, 3, 5, 4});
  CHECK(f.slope == doctest::Approx(0.8).epsilon(1e-14));
  CHECK(f.intercept == doctest::Approx(1.5).epsilon(1e-14));
  CHECK(f.r2 == doctest::Approx(0.64).epsilon(1e-14));
  CHECK(f.points == 4);
  f = fit_line({1000, 2000, 5000}, {0.5 + 3e-4 * 1000, 0.5 + 3e-4 * 2000, 0.5 + 3e-4 * 5000});
  CHECK(f.slope == doctest::Approx(3e-4).epsilon(1e-12));
  CHECK(f.intercept == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(f.r2 == doctest::Approx(1.0).epsilon(1e-12));
  f = fit_line({7, 7}, {1, 3});  // one distinct x: no slope
  CHECK(f.slope == 0);
  CHECK(f.intercept == 2);
  CHECK(knn_time_sizes(54000) == std::vector<int>{1000, 12000, 23000, 34000, 45000, 54000});
  CHECK(knn_time_sizes(9000) == std::vector<int>{1000, 3000, 5000, 7000, 9000});
  CHECK(knn_time_sizes(600) == std::vector<int>{600});
}

TEST_CASE("lecture: kNN timing classifies the queries at every size, in slices, on the given clock") {
  auto data = toy("blobs", 60);  // 180 points: 162 train, 18 val
  // A scripted clock: each predict slice is timed by two calls; per size the slices take 1.5, 3, 5 s.
  const std::vector<double> ticks = {0, 0.25, 1, 1.75, 2, 2.5,   // size 20: 0.25 + 0.75 + 0.5 = 1.5 s
                                     10, 11, 12, 13, 20, 21,     // size 80: 1 + 1 + 1 = 3 s
                                     30, 32, 40, 42, 50, 51};    // size 140: 2 + 2 + 1 = 5 s
  const int sizes[] = {20, 80, 140};
  size_t tick = 0;
  KnnTimer t(data, {.sizes = {20, 80, 140}, .queries = 7, .k = 1, .metric = Metric::L1},
             [&] { return ticks[tick++]; });
  REQUIRE(t.status().is_ok());
  CHECK(t.queries() == 7);
  int calls = 0;
  while (t.advance(3)) ++calls;
  CHECK(calls + 1 == 9);  // 3 slices (3 + 3 + 1 queries) per size
  CHECK(tick == ticks.size());
  REQUIRE(t.points().size() == 3);
  const double secs[] = {1.5, 3, 5};
  for (size_t i = 0; i < 3; ++i) {
    const KnnTimePoint& p = t.points()[i];
    CHECK(p.train_size == sizes[i]);
    CHECK(p.queries == 7);
    CHECK(p.seconds == doctest::Approx(secs[i]).epsilon(1e-15));
    CHECK(p.ms_per_query == doctest::Approx(1000 * secs[i] / 7).epsilon(1e-15));
    // What was timed is the real classification: 1-NN on the first n training rows.
    REQUIRE(p.labels.size() == 7);
    for (int q = 0; q < 7; ++q) CHECK(p.labels[size_t(q)] == nearest_label(data->train, p.train_size, data->val.X.row(q)));
  }
  // The fit is fit_line over (size, ms per query).
  const LineFit f = t.fit();
  const LineFit g = fit_line({20, 80, 140}, {1500.0 / 7, 3000.0 / 7, 5000.0 / 7});
  CHECK(f.slope == doctest::Approx(g.slope).epsilon(1e-14));
  CHECK(f.intercept == doctest::Approx(g.intercept).epsilon(1e-14));
  CHECK(t.done());
  CHECK(t.progress() == 1.0);
  const nlohmann::json j = example_json(t, "blobs");
  CHECK(j["measured_sizes"] == std::vector<int>{20, 80, 140});
  // Errors: a size beyond the training set, no sizes.
  CHECK(!KnnTimer(data, {.sizes = {500}}).status().is_ok());
  CHECK(!KnnTimer(data, {.sizes = {}}).status().is_ok());
  CHECK(!KnnTimer(nullptr, {.sizes = {10}}).status().is_ok());
}

TEST_CASE("lecture: cross-validation picks the best cell, and the test set is used once, by a plain kNN") {
  auto data = toy("moons", 40);
  Result<ChooseK> r = choose_k(*data, {.ks = {1, 3, 7}, .metrics = {Metric::L1, Metric::L2}, .folds = 4, .seed = 2});
  REQUIRE(r.ok());
  REQUIRE(r->table.size() == 6);
  double best = -1;
  for (const CvCell& c : r->table) best = std::max(best, c.mean);
  CHECK(r->best_cv_accuracy == best);
  // The test accuracy by brute force (k-NN vote, ties to the smaller class and the nearer index).
  const Dataset& tr = data->train;
  int correct = 0;
  for (int i = 0; i < data->test.size(); ++i) {
    const float* q = data->test.X.row(i);
    std::vector<std::pair<double, int>> d;
    for (int j = 0; j < tr.size(); ++j) {
      double s = 0;
      for (int c = 0; c < 2; ++c) {
        const double diff = double(q[c]) - double(tr.X(j, c));
        s += r->best_metric == Metric::L1 ? std::fabs(diff) : diff * diff;
      }
      d.push_back({s, j});
    }
    std::sort(d.begin(), d.end());
    std::vector<int> votes(2, 0);
    for (int k = 0; k < r->best_k; ++k) ++votes[size_t(tr.y[size_t(d[size_t(k)].second)])];
    correct += (votes[1] > votes[0] ? 1 : 0) == data->test.y[size_t(i)];
  }
  CHECK(r->test_accuracy == doctest::Approx(double(correct) / data->test.size()).epsilon(1e-15));
  CHECK(example_json(*r, "moons")["test_evaluations"] == 1);
  CHECK(choose_k(*data, {.ks = {}}).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: f(x) = Wx + b on the 4-pixel image gives -96.8, 437.9, 60.75; the slide's 61.95 is Wx") {
  Result<LinearScores> r = linear_scores(lecture_linear_inputs());
  REQUIRE(r.ok());
  // By hand: cat 11.2 - 115.5 + 2.4 + 4 + 1.1; dog 84 + 300.3 + 50.4 + 0 + 3.2; ship 0 + 57.75 + 4.8 - 0.6 - 1.2.
  CHECK(r->scores[0] == doctest::Approx(-96.8).epsilon(1e-13));
  CHECK(r->scores[1] == doctest::Approx(437.9).epsilon(1e-13));
  CHECK(r->scores[2] == doctest::Approx(60.75).epsilon(1e-13));
  CHECK(r->wx[2] == doctest::Approx(61.95).epsilon(1e-13));
  CHECK(r->predicted == 1);  // dog: the example's point, a bad W
  REQUIRE(r->slide.size() == 1);
  CHECK(r->slide[0].printed == 61.95);
  CHECK(r->slide[0].note.find("without ship's bias") != std::string::npos);
  // Any inputs: a scalar loop.
  LinearInputs in{{1.5, -2, 0.25}, {0.1, 0.2, 0.3, -1, 0.5, 2}, {0.5, -0.25}, {"a", "b"}};
  Result<LinearScores> s = linear_scores(in);
  REQUIRE(s.ok());
  for (int c = 0; c < 2; ++c) {
    double v = in.b[size_t(c)];
    for (int j = 0; j < 3; ++j) v += in.W[size_t(c * 3 + j)] * in.x[size_t(j)];
    CHECK(s->scores[size_t(c)] == doctest::Approx(v).epsilon(1e-15));
  }
  CHECK(s->slide.empty());  // the slide's note belongs to the lecture's inputs only
  in.W.pop_back();
  CHECK(linear_scores(in).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: softmax of 3.2, 5.1, -1.7 is 0.13, 0.87, 0.00 and L = -ln 0.13 = 2.04 (0.89 is log10)") {
  Result<SoftmaxExample> r = softmax_example(kLectureSoftmaxScores, 0, kLectureLossClasses);
  REQUIRE(r.ok());
  const double e[] = {std::exp(3.2), std::exp(5.1), std::exp(-1.7)};
  const double sum = e[0] + e[1] + e[2];
  for (int j = 0; j < 3; ++j) {
    CHECK(r->exp[size_t(j)] == doctest::Approx(e[j]).epsilon(1e-15));
    CHECK(r->probabilities[size_t(j)] == doctest::Approx(e[j] / sum).epsilon(1e-14));
    CHECK(r->grad[size_t(j)] == doctest::Approx(e[j] / sum - (j == 0)).epsilon(1e-14));
  }
  // The slide's rounded numbers.
  CHECK(round_to(r->probabilities[0], 2) == 0.13);
  CHECK(round_to(r->probabilities[1], 2) == 0.87);
  CHECK(round_to(r->probabilities[2], 2) == 0.00);
  CHECK(r->loss_ln == doctest::Approx(-std::log(e[0] / sum)).epsilon(1e-14));
  CHECK(round_to(r->loss_ln, 4) == 2.0404);
  CHECK(round_to(r->loss_log10, 4) == 0.8861);
  CHECK(r->loss_uniform == doctest::Approx(std::log(3.0)).epsilon(1e-15));
  CHECK(r->loss_min == 0);
  REQUIRE(r->slide.size() == 1);
  CHECK(r->slide[0].note.find("base-10") != std::string::npos);
  CHECK(r->slide[0].note.find("0.8861") != std::string::npos);  // -log10(0.13)
  const nlohmann::json j = example_json(*r);
  CHECK(j["log_base"] == "e");
  CHECK(j["loss_max"] == "infinity");
  CHECK(softmax_example({1, 2}, 2, {}).status().code == ErrorCode::Usage);
  CHECK(softmax_example({1}, 0, {}).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: the multiclass SVM losses of the slide's three images are 2.9, 0, 12.9, mean 5.27") {
  Result<SvmExample> r = svm_example(lecture_svm_inputs());
  REQUIRE(r.ok());
  // By hand: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1); max(0, 1.3 - 4.9 + 1) + max(0, 2 - 4.9 + 1);
  // max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1).
  CHECK(r->svm_loss[0] == doctest::Approx(2.9).epsilon(1e-14));
  CHECK(r->svm_loss[1] == 0);
  CHECK(r->svm_loss[2] == doctest::Approx(12.9).epsilon(1e-14));
  CHECK(r->mean_svm == doctest::Approx(15.8 / 3).epsilon(1e-14));
  CHECK(round_to(r->mean_svm, 2) == 5.27);
  CHECK(r->terms[2][0] == doctest::Approx(6.3).epsilon(1e-14));
  CHECK(r->terms[2][1] == doctest::Approx(6.6).epsilon(1e-14));
  double mean_softmax = 0;
  const SvmInputs in = lecture_svm_inputs();
  for (int i = 0; i < 3; ++i) {
    const std::vector<double>& s = in.scores[size_t(i)];
    const double z = std::exp(s[0]) + std::exp(s[1]) + std::exp(s[2]);
    const double l = -std::log(std::exp(s[size_t(i)]) / z);
    CHECK(r->softmax_loss[size_t(i)] == doctest::Approx(l).epsilon(1e-13));
    mean_softmax += l / 3;
  }
  CHECK(r->mean_softmax == doctest::Approx(mean_softmax).epsilon(1e-13));
}

TEST_CASE("lecture: L2 prefers w2 (1 vs 0.25), L1 ties (1 vs 1), for equal scores") {
  Result<RegularizationExample> r = regularization_example(lecture_regularization_inputs());
  REQUIRE(r.ok());
  CHECK(r->score1 == 1);
  CHECK(r->score2 == 1);
  CHECK(r->l2_1 == 1);
  CHECK(r->l2_2 == 0.25);  // 4 x 0.0625, exact in binary
  CHECK(r->l1_1 == 1);
  CHECK(r->l1_2 == 1);
  CHECK(r->elastic_1 == 1.5);    // 0.5 x 1 + 1
  CHECK(r->elastic_2 == 1.125);  // 0.5 x 0.25 + 1
  CHECK(r->l2_prefers == "w2");
  CHECK(r->l1_prefers == "tie");
  CHECK(r->elastic_prefers == "w2");
  RegularizationInputs in{{1, 2}, {3, -4}, {0.5, 0}, 2.0};
  Result<RegularizationExample> s = regularization_example(in);
  REQUIRE(s.ok());
  CHECK(s->elastic_1 == doctest::Approx(2 * 25 + 7).epsilon(1e-15));
  CHECK(s->l1_prefers == "w2");
  in.w2.pop_back();
  CHECK(regularization_example(in).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: d(W^2)/dW at 10: forward difference 20 + h, central 20, one step of 0.1 to 8") {
  Result<FiniteDifference> r = finite_difference({});
  REQUIRE(r.ok());
  CHECK(r->exact == 20);
  CHECK(r->forward == doctest::Approx(20.01).epsilon(1e-10));  // (100.2001 - 100) / 0.01, rounding ~1e-12
  CHECK(r->central == doctest::Approx(20).epsilon(1e-10));
  CHECK(r->w_next == 8);
  CHECK(r->w_next_forward == doctest::Approx(10 - 0.1 * 20.01).epsilon(1e-12));
  // The forward difference's error is exactly h for a parabola (up to rounding ~1e-16 * 100 / h).
  for (double h : {0.1, 0.01, 0.001}) {
    Result<FiniteDifference> s = finite_difference({.w = 10, .h = h, .lr = 0.1});
    REQUIRE(s.ok());
    CHECK(s->forward_error == doctest::Approx(h).epsilon(1e-8));
    CHECK(s->central_error < 1e-9);
  }
  CHECK(finite_difference({.w = 10, .h = 0, .lr = 0.1}).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: nn.Linear(1, 2) + cross-entropy: backward equals the closed form and the differences") {
  const TorchLinearInputs in = torch_linear_inputs(1);
  REQUIRE(in.weight.size() == 2);
  for (double v : {in.weight[0], in.weight[1], in.bias[0], in.bias[1]}) CHECK(std::fabs(v) <= 1.0);  // 1/sqrt(1)
  Result<TorchLinear> r = torch_linear(in);
  REQUIRE(r.ok());
  // Closed form: o_j = w_j x + b_j, p = softmax(o), L = -ln p_t, dL/dw_j = (p_j - [j = t]) x.
  const double o0 = in.weight[0] * in.x + in.bias[0], o1 = in.weight[1] * in.x + in.bias[1];
  const double m = std::max(o0, o1);
  const double p0 = std::exp(o0 - m) / (std::exp(o0 - m) + std::exp(o1 - m)), p1 = 1 - p0;
  CHECK(r->loss == doctest::Approx(-std::log(p0)).epsilon(1e-14));  // target 1 = the first class
  CHECK(r->grad_weight[0] == doctest::Approx((p0 - 1) * in.x).epsilon(1e-13));
  CHECK(r->grad_weight[1] == doctest::Approx(p1 * in.x).epsilon(1e-13));
  CHECK(r->grad_bias[0] == doctest::Approx(p0 - 1).epsilon(1e-13));
  // Central differences at h = 1e-4: truncation ~h^2 |L'''| ~ 1e-9 relative, rounding ~1e-12.
  for (int j = 0; j < 2; ++j) {
    CHECK(r->numeric[size_t(j)] == doctest::Approx(r->grad_weight[size_t(j)]).epsilon(1e-7));
    CHECK(r->rel_error[size_t(j)] < 1e-7);
  }
  CHECK(r->check_passed);
  CHECK(r->grad_from_loss == doctest::Approx(std::fabs(r->grad_weight[0])).epsilon(1e-12));
  // The slide's two printed numbers, each turned into what the other would need.
  REQUIRE(r->slide.size() == 2);
  CHECK(r->slide[0].computed == doctest::Approx((1 - std::exp(-0.7858)) * 0.1854).epsilon(1e-14));
  CHECK(round_to(r->slide[0].computed, 4) == 0.1009);
  CHECK(round_to(r->slide[1].computed, 3) == 0.428);
  CHECK(r->slide[0].note.find("cannot all come from one run") != std::string::npos);
  TorchLinearInputs bad = in;
  bad.target = 0;
  CHECK(torch_linear(bad).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: full batch vs mini-batch: the same start, and full batch's step is plain gradient descent") {
  auto data = toy("blobs", 30);  // 81 train rows, 3 classes, 2-D
  BatchComparisonDesc desc;
  desc.optimizer.lr = 0.05;
  desc.batch = 16;
  desc.epochs = 3;
  desc.seed = 4;
  BatchComparison c(data, desc);
  REQUIRE(c.status().is_ok());
  while (c.advance()) {
  }
  REQUIRE(c.status().is_ok());
  REQUIRE(c.full_curve().size() == 4);
  REQUIRE(c.mini_curve().size() == 4);
  CHECK(c.full_curve()[0] == c.mini_curve()[0]);  // identical initial weights
  CHECK(c.full()->steps() == 3);
  CHECK(c.mini()->steps() == 3 * 6);  // ceil(81 / 16) per epoch
  // Independently: the initial weights, one full-batch gradient step in double, the loss after it.
  const Dataset& tr = data->train;
  Network<float> net(desc.model, 2, 3);
  net.init(init_seed(desc.seed));
  std::vector<double> W(net.layer(0).weight, net.layer(0).weight + 6), b(net.layer(0).bias, net.layer(0).bias + 3);
  auto loss_and_grad = [&](std::vector<double>* gW, std::vector<double>* gb) {
    double L = 0;
    for (int n = 0; n < tr.size(); ++n) {
      double s[3], mx = -1e300, z = 0;
      for (int c2 = 0; c2 < 3; ++c2) {
        s[c2] = b[size_t(c2)] + W[size_t(c2 * 2)] * tr.X(n, 0) + W[size_t(c2 * 2 + 1)] * tr.X(n, 1);
        mx = std::max(mx, s[c2]);
      }
      for (double v : s) z += std::exp(v - mx);
      L += std::log(z) + mx - s[tr.y[size_t(n)]];
      if (gW)
        for (int c2 = 0; c2 < 3; ++c2) {
          const double d = (std::exp(s[c2] - mx) / z - (c2 == tr.y[size_t(n)])) / tr.size();
          (*gW)[size_t(c2 * 2)] += d * tr.X(n, 0);
          (*gW)[size_t(c2 * 2 + 1)] += d * tr.X(n, 1);
          (*gb)[size_t(c2)] += d;
        }
    }
    return L / tr.size();
  };
  const double L0 = loss_and_grad(nullptr, nullptr);
  CHECK(c.full_curve()[0] == doctest::Approx(L0).epsilon(1e-5));  // float training vs double
  std::vector<double> gW(6, 0.0), gb(3, 0.0);
  loss_and_grad(&gW, &gb);
  for (int i = 0; i < 6; ++i) W[size_t(i)] -= 0.05 * gW[size_t(i)];
  for (int i = 0; i < 3; ++i) b[size_t(i)] -= 0.05 * gb[size_t(i)];
  CHECK(c.full_curve()[1] == doctest::Approx(loss_and_grad(nullptr, nullptr)).epsilon(1e-5));
  CHECK(c.mini_curve()[3] < c.full_curve()[3]);  // 18 small steps beat 3 large ones here
  const nlohmann::json j = example_json(c, "blobs");
  CHECK(j["mini_steps"] == 18);
  desc.batch = 0;
  CHECK(!BatchComparison(data, desc).status().is_ok());
}

TEST_CASE("lecture: momentum as the lecture writes it and as torch does: the same iterates; a = 0 is descent") {
  const MomentumFormsInputs in = lecture_momentum_inputs();
  Result<MomentumForms> r = momentum_forms(in);
  REQUIRE(r.ok());
  REQUIRE(r->lecture.size() == size_t(in.steps) + 1);
  // A scalar loop of torch's form (v = mu v + g; W -= lr v) on the quadratic, written out here.
  double x = in.x0, y = in.y0, vx = 0, vy = 0, scale = 0;
  for (int t = 0; t < in.steps; ++t) {
    const SurfaceEval e = evaluate(in.surface, x, y);
    vx = in.a * vx + e.dx;
    vy = in.a * vy + e.dy;
    x -= in.lr * vx;
    y -= in.lr * vy;
    scale = std::max({scale, std::fabs(x), std::fabs(y)});
    CHECK(r->torch[size_t(t + 1)][0] == doctest::Approx(x).epsilon(1e-12));
    CHECK(r->torch[size_t(t + 1)][1] == doctest::Approx(y).epsilon(1e-12));
  }
  // The two forms agree to rounding (m = lr v): relative 1e-12 of the path's scale.
  CHECK(r->max_difference <= 1e-12 * std::max(1.0, scale));
  CHECK(r->max_m_minus_lr_v <= 1e-12 * std::max(1.0, scale));
  CHECK(std::isfinite(r->max_difference));
  CHECK(r->lecture_a0_is_gd);
  CHECK(r->torch_mu0_is_sgd);
  CHECK(r->torch_loss.back() < r->torch_loss.front());
  CHECK(momentum_forms({.lr = 0.01, .a = 1.0}).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: the network as composed functions equals a scalar forward and backward") {
  const LayersInputs in = lecture_layers_inputs();
  Result<LayersExample> r = layers_example(in);
  REQUIRE(r.ok());
  REQUIRE(r->steps.size() == 5);
  const char* formulas[] = {"a1 = F(x, W1)", "a2 = G(a1)", "a3 = H(a2, W3)", "a4 = J(a3)", "o = K(a4, W5)"};
  const char* modules[] = {"nn.Linear(2, 64)", "nn.ReLU()", "nn.Linear(64, 64)", "nn.ReLU()", "nn.Linear(64, 3)"};
  for (int i = 0; i < 5; ++i) {
    CHECK(r->steps[size_t(i)].formula == formulas[i]);
    CHECK(r->steps[size_t(i)].module == modules[i]);
    CHECK(r->steps[size_t(i)].module_index == i + 1);
  }
  CHECK(r->steps[0].params == "W1 (64, 2), b1 (64)");
  CHECK(r->steps[4].engine_tensor == "W3");
  CHECK(r->total_params == 2 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3);
  CHECK(r->max_step_error < 1e-12);
  // The same weights, a scalar forward and backward.
  Network<double> net(in.model, 2, 3);
  net.init(in.seed);
  std::vector<std::vector<double>> acts{in.x};  // x, z1, a2, z3, a4, o
  for (int l = 0; l < 3; ++l) {
    const Linear<double>& L = net.layer(l);
    std::vector<double> z(size_t(L.out));
    for (int j = 0; j < L.out; ++j) {
      z[size_t(j)] = L.bias[j];
      for (int i = 0; i < L.in; ++i) z[size_t(j)] += L.weight[j * L.in + i] * acts.back()[size_t(i)];
    }
    acts.push_back(z);
    if (l < 2) {
      for (double& v : z) v = std::max(0.0, v);
      acts.push_back(z);
    }
  }
  for (int i = 0; i < 5; ++i)
    for (size_t j = 0; j < acts[size_t(i + 1)].size(); ++j)
      CHECK(r->steps[size_t(i)].values[j] == doctest::Approx(acts[size_t(i + 1)][j]).epsilon(1e-12));
  const std::vector<double>& o = acts[5];
  const double mx = *std::max_element(o.begin(), o.end());
  double z = 0;
  for (double v : o) z += std::exp(v - mx);
  CHECK(r->loss == doctest::Approx(std::log(z) + mx - o[size_t(in.label)]).epsilon(1e-12));
  // Backward by hand: dz5 = p - onehot; dW5 = dz5 a4^T; da4 = W5^T dz5; dz3 = da4 [z3 > 0]; ...
  std::vector<double> dz(3);
  for (int c = 0; c < 3; ++c) dz[size_t(c)] = std::exp(o[size_t(c)] - mx) / z - (c == in.label);
  for (int l = 2; l >= 0; --l) {
    const Linear<double>& L = net.layer(l);
    const std::vector<double>& a_in = acts[size_t(2 * l)];
    double g2 = 0;
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) g2 += (dz[size_t(j)] * a_in[size_t(i)]) * (dz[size_t(j)] * a_in[size_t(i)]);
    CHECK(r->steps[size_t(2 * l)].grad_weight_norm == doctest::Approx(std::sqrt(g2)).epsilon(1e-12));
    if (l == 0) break;
    std::vector<double> da(size_t(L.in), 0.0);
    for (int j = 0; j < L.out; ++j)
      for (int i = 0; i < L.in; ++i) da[size_t(i)] += L.weight[j * L.in + i] * dz[size_t(j)];
    const std::vector<double>& z_prev = acts[size_t(2 * l - 1)];
    for (int i = 0; i < L.in; ++i) da[size_t(i)] *= z_prev[size_t(i)] > 0 ? 1.0 : 0.0;
    dz = da;
  }
  CHECK(r->torch_code.front() == "model = nn.Sequential()");
  LayersInputs bad = in;
  bad.model.kind = ModelKind::Softmax;
  CHECK(layers_example(bad).status().code == ErrorCode::Usage);
}

TEST_CASE("lecture: every example a chapter names has a JSON object of that name") {
  std::set<std::string> names;
  auto data = toy("blobs", 20);
  names.insert(example_json(*pixels_example(byte_images(1, 2, 2, 1), 0))["example"]);
  names.insert(example_json(*image_distance(4, 4, kLectureTestImage, kLectureTrainImage))["example"]);
  names.insert(example_json(KnnTimer(data, {.sizes = {10}}), "blobs")["example"]);
  names.insert(example_json(*choose_k(*data, {}), "blobs")["example"]);
  names.insert(example_json(*linear_scores(lecture_linear_inputs()))["example"]);
  names.insert(example_json(*softmax_example(kLectureSoftmaxScores, 0, kLectureLossClasses))["example"]);
  names.insert(example_json(*svm_example(lecture_svm_inputs()))["example"]);
  names.insert(example_json(*regularization_example(lecture_regularization_inputs()))["example"]);
  names.insert(example_json(*finite_difference({}))["example"]);
  names.insert(example_json(*torch_linear(torch_linear_inputs(1)))["example"]);
  names.insert(example_json(BatchComparison(data, {}), "blobs")["example"]);
  names.insert(example_json(*momentum_forms(lecture_momentum_inputs()))["example"]);
  names.insert(example_json(*layers_example(lecture_layers_inputs()))["example"]);
  size_t named = 0;
  for (const Chapter& c : lecture_chapters())
    for (const char* e : c.examples) {
      CAPTURE(e);
      CHECK(names.count(e) == 1);
      ++named;
    }
  CHECK(named == names.size());
}
