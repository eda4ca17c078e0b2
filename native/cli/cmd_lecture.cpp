// cmd_lecture.cpp: `descent lecture [--chapter N] [--json]`: every chapter's worked example,
// computed by the same engine code as the app's Lecture view (core/lecture), one JSON object per
// example with --json ({"example": "softmax", "chapter": 5, "loss_ln": 2.0404, ...}), readable
// key: value lines otherwise. Chapters 1, 2 and 8 read Fashion-MNIST (--data-dir); chapter 1 adds
// the CIFAR-10 arithmetic for a batch file given with --cifar. An example that cannot be computed
// (a missing data file) is reported on stderr and the others still print; the exit code is then 1.
// Its flags live here (LectureFlags) so they can move into the settings schema later.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/data/cifar.h"
#include "core/data/registry.h"
#include "core/lecture/chapters.h"
#include "core/lecture/examples_json.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"

namespace descent::cli {

namespace {
using nlohmann::json;
using namespace descent::lecture;

struct LectureFlags {
  int chapter = 0;           // 0 = all
  std::string data_dir;      // Fashion-MNIST's folder ("" = Debian's)
  std::string cifar;         // a CIFAR-10 batch file for chapter 1
  std::vector<int> knn_sizes;  // empty = knn_time_sizes(training set)
  int knn_queries = 100;
  int epochs = 10;           // chapter 8
};

// ---- the readable form: key: value lines, numbers to 6 significant digits ----
std::string scalar_text(const json& v) {
  if (v.is_number_float()) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  return v.dump();
}

std::string inline_text(const json& v) {
  if (!v.is_array()) return scalar_text(v);
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + inline_text(v[i]);
  return s + "]";
}

std::string join(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }

// Objects flatten to dotted keys (fit.r2, table[0].k); arrays of arrays and long lists of text
// print one element per line.
void print_text(const std::string& key, const json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key() != "example" && it.key() != "chapter") print_text(join(key, it.key()), it.value());
    return;
  }
  if (v.is_array() && !v.empty() && v[0].is_object()) {
    for (size_t i = 0; i < v.size(); ++i) print_text(key + "[" + std::to_string(i) + "]", v[i]);
    return;
  }
  const std::string line = inline_text(v);
  const bool rows = v.is_array() && !v.empty() && (v[0].is_array() || (v[0].is_string() && line.size() > 100));
  if (!rows) {
    std::printf("  %s: %s\n", key.c_str(), line.c_str());
    return;
  }
  std::printf("  %s:\n", key.c_str());
  for (const json& e : v) std::printf("    %s\n", inline_text(e).c_str());
}

class Printer {
 public:
  explicit Printer(bool json) : json_(json) {}
  void chapter(const Chapter& c) const {
    if (!json_) std::printf("\n== Chapter %d: %s ==\n", c.number, c.title);
  }
  void example(const json& j) const {
    if (json_) {
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s\n", j["example"].get<std::string>().c_str());
      print_text("", j);
    }
    std::fflush(stdout);
  }
  // A failed example: stderr, and the run's exit code becomes 1 (2 for a usage error).
  void failed(const char* example, const Status& s) {
    std::fprintf(stderr, "descent: lecture %s: %s\n", example, s.message.c_str());
    code_ = std::max(code_, s.code == ErrorCode::Usage ? kExitUsage : kExitRuntime);
  }
  int code() const { return code_; }

 private:
  bool json_;
  int code_ = kExitOk;
};

// Fashion-MNIST as the lecture uses it: all of it (chapter 2's timing: 54,000 training images) or
// the app's subset (10,000 / 2,000: chapter 8, so its numbers equal the app's).
Result<std::shared_ptr<const DataSplits>> fashion_mnist(const LectureFlags& f, bool subset) {
  DataRequest r;
  r.name = "fashion-mnist";
  r.dir = f.data_dir;
  if (subset) {
    r.limit_train = 10000;
    r.limit_test = 2000;
  }
  Result<DataSplits> d = load_dataset(r);
  if (!d) return d.status();
  return std::shared_ptr<const DataSplits>(std::make_shared<DataSplits>(std::move(*d)));
}

void pixels(const LectureFlags& f, Printer& out) {
  Result<std::shared_ptr<const DataSplits>> d = fashion_mnist(f, true);
  if (!d) return out.failed("pixels", d.status());
  Result<PixelsExample> p = pixels_example((*d)->train, 0);
  if (!p) return out.failed("pixels", p.status());
  json j = example_json(*p);
  if (!f.cifar.empty()) {
    Result<Dataset> c = read_cifar10({f.cifar}, 1);
    if (!c) return out.failed("pixels", c.status());
    Result<PixelsExample> q = pixels_example(*c, 0);
    if (!q) return out.failed("pixels", q.status());
    j["cifar10"] = example_json(*q, false);
    j["cifar10"].erase("example");
    j["cifar10"].erase("chapter");
    j["cifar10"]["file"] = f.cifar;
  } else {
    j["cifar10"] = nullptr;
    j["cifar10_note"] = "no CIFAR-10 file given: --cifar data_batch_1.bin adds its 32 x 32 x 3 arithmetic";
  }
  out.example(j);
}

void knn_time(const LectureFlags& f, Printer& out) {
  Result<std::shared_ptr<const DataSplits>> d = fashion_mnist(f, false);
  if (!d) return out.failed("knn-time", d.status());
  KnnTimeDesc desc;
  desc.sizes = f.knn_sizes.empty() ? knn_time_sizes((*d)->train.size()) : f.knn_sizes;
  desc.queries = f.knn_queries;
  KnnTimer t(*d, desc);
  if (!t.status()) return out.failed("knn-time", t.status());
  while (t.advance(desc.queries)) {
  }
  out.example(example_json(t, (*d)->train.name));
}

void batch_vs_minibatch(const LectureFlags& f, Printer& out) {
  Result<std::shared_ptr<const DataSplits>> d = fashion_mnist(f, true);
  if (!d) return out.failed("batch-vs-minibatch", d.status());
  BatchComparisonDesc desc;
  desc.epochs = f.epochs;
  BatchComparison c(*d, desc);
  while (c.advance()) {
  }
  if (!c.status()) return out.failed("batch-vs-minibatch", c.status());
  out.example(example_json(c, (*d)->train.name));
}

void cross_validation(Printer& out) {
  Result<DataSplits> d = load_dataset({.name = "spiral"});
  if (!d) return out.failed("cross-validation", d.status());
  Result<ChooseK> r = choose_k(*d, {});
  if (!r) return out.failed("cross-validation", r.status());
  out.example(example_json(*r, "spiral"));
}

// Prints a Result's example, or its error.
template <typename T>
void emit(const char* name, const Result<T>& r, Printer& out) {
  if (!r) return out.failed(name, r.status());
  out.example(example_json(*r));
}

int run_lecture(const LectureFlags& f, bool json_mode) {
  if (f.chapter < 0 || f.chapter > 10) return usage_error("--chapter must be 1..10 (or 0 for all)");
  if (f.knn_queries < 1 || f.knn_queries > 10000) return usage_error("--knn-queries must be 1..10000");
  if (f.epochs < 1 || f.epochs > 1000) return usage_error("--epochs must be 1..1000");
  for (int n : f.knn_sizes)
    if (n < 1) return usage_error("--knn-sizes must be positive training-set sizes, e.g. 1000,10000,54000");
  Printer out(json_mode);
  for (const Chapter& c : lecture_chapters()) {
    if (f.chapter != 0 && c.number != f.chapter) continue;
    out.chapter(c);
    switch (c.number) {
      case 1: pixels(f, out); break;
      case 2:
        emit("l1-distance", image_distance(4, 4, kLectureTestImage, kLectureTrainImage), out);
        knn_time(f, out);
        break;
      case 3: cross_validation(out); break;
      case 4: emit("linear-4-pixel", linear_scores(lecture_linear_inputs()), out); break;
      case 5:
        emit("softmax", softmax_example(kLectureSoftmaxScores, 0, kLectureLossClasses), out);
        emit("svm", svm_example(lecture_svm_inputs()), out);
        break;
      case 6: emit("regularization", regularization_example(lecture_regularization_inputs()), out); break;
      case 7:
        emit("finite-difference", finite_difference({}), out);
        emit("torch-linear", torch_linear(torch_linear_inputs(1)), out);
        break;
      case 8: batch_vs_minibatch(f, out); break;
      case 9: emit("momentum-forms", momentum_forms(lecture_momentum_inputs()), out); break;
      case 10: emit("layers", layers_example(lecture_layers_inputs()), out); break;
      default: break;
    }
  }
  return out.code();
}
}  // namespace

Runner add_lecture_command(CLI::App& app) {
  auto flags = std::make_shared<LectureFlags>();
  CLI::App* sub = app.add_subcommand("lecture", "the lecture's worked examples, chapter by chapter, computed live");
  sub->add_option("--chapter", flags->chapter, "print only chapter N (1..10)");
  sub->add_option("--data-dir", flags->data_dir,
                  "Fashion-MNIST's folder (chapters 1, 2 and 8; default /usr/share/datasets/fashion-mnist)");
  sub->add_option("--cifar", flags->cifar, "a CIFAR-10 batch file (data_batch_1.bin) for chapter 1's 32 x 32 x 3");
  sub->add_option("--knn-sizes", flags->knn_sizes, "chapter 2: training-set sizes to time, e.g. 1000,10000,54000")
      ->delimiter(',');
  sub->add_option("--knn-queries", flags->knn_queries, "chapter 2: validation images classified per size")
      ->capture_default_str();
  sub->add_option("--epochs", flags->epochs, "chapter 8: epochs of full-batch and mini-batch training")
      ->capture_default_str();
  return [flags](bool json) { return run_lecture(*flags, json); };
}

}  // namespace descent::cli
