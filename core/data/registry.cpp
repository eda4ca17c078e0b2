// registry.cpp: dataset names to generators and files (registry.h). Checks every request setting
// and returns Usage errors that name the setting and its valid range.
#include "core/data/registry.h"

#include <cctype>
#include <cmath>

#include "core/data/cifar.h"
#include "core/data/data_settings.h"
#include "core/data/file_bytes.h"
#include "core/data/idx.h"
#include "core/data/split.h"
#include "core/data/toy2d.h"
#include "core/memory_budget.h"
#include "core/rng.h"

namespace descent {
namespace {

std::string joined_names() {
  std::string s;
  for (const std::string& n : dataset_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

Status usage(std::string message) { return make_error(ErrorCode::Usage, std::move(message)); }

Result<DataSplits> load_toy(Toy2d kind, const DataRequest& r) {
  // The train and test files, and the train/val split's copy of the train file (memory_budget.h).
  const int classes = r.classes > 0 ? r.classes : toy2d_default_classes(kind);
  const uint64_t rows = uint64_t(classes) * uint64_t(r.points_per_class);
  if (Status s = check_memory(std::string(toy2d_name(kind)) + " with " + std::to_string(classes) + " classes of " +
                                  std::to_string(r.points_per_class) + " points",
                              dataset_memory(rows, 2, 3, 0), "ask for fewer points");
      !s)
    return s;
  Toy2dDesc desc{.kind = kind, .classes = r.classes, .points_per_class = r.points_per_class, .noise = r.noise, .seed = r.seed};
  Dataset train = make_toy2d(desc);
  desc.seed = toy_test_seed(r.seed);
  Dataset test = make_toy2d(desc);
  return split_train_val(std::move(train), std::move(test), r.val_fraction, r.seed);
}

// The first of `names` that exists in dir, or "".
std::string find_file(const std::string& dir, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    const std::string path = dir + "/" + n;
    if (file_exists(path)) return path;
  }
  return "";
}

// "train-images-idx3-ubyte" -> itself + ".gz", and the "train-images.idx3-ubyte" spelling.
std::vector<std::string> idx_spellings(const std::string& stem, const std::string& kind) {
  const std::string dotted = stem + "." + kind + "-ubyte";  // train-images.idx3-ubyte
  const std::string dashed = stem + "-" + kind + "-ubyte";  // train-images-idx3-ubyte
  return {dashed + ".gz", dashed, dotted + ".gz", dotted};
}

Result<std::string> locate(const std::string& dir, const std::string& stem, const std::string& kind,
                           const std::string& dataset) {
  const std::string path = find_file(dir, idx_spellings(stem, kind));
  if (path.empty()) {
    return make_error(ErrorCode::NotFound, dir + "/" + stem + "-" + kind + "-ubyte[.gz]: not found (" + dataset +
                                               "); pass --data-dir with the folder that holds the " + dataset + " files");
  }
  return path;
}

Result<DataSplits> load_idx_dataset(const DataRequest& r, const std::string& dir, bool fashion) {
  const std::string name = fashion ? "fashion-mnist" : "mnist";
  Result<std::string> train_images = locate(dir, "train-images", "idx3", name);
  if (!train_images) return train_images.status();
  Result<std::string> train_labels = locate(dir, "train-labels", "idx1", name);
  if (!train_labels) return train_labels.status();
  Result<std::string> test_images = locate(dir, "t10k-images", "idx3", name);
  if (!test_images) return test_images.status();
  Result<std::string> test_labels = locate(dir, "t10k-labels", "idx1", name);
  if (!test_labels) return test_labels.status();

  Result<Dataset> train = read_idx(*train_images, *train_labels, r.limit_train);
  if (!train) return train.status();
  Result<Dataset> test = read_idx(*test_images, *test_labels, r.limit_test);
  if (!test) return test.status();
  std::vector<std::string> names = fashion ? fashion_mnist_class_names() : std::vector<std::string>{};
  if (!fashion) {
    for (int c = 0; c < 10; ++c) names.push_back(std::to_string(c));
  }
  for (Dataset* d : {&train.value(), &test.value()}) {
    d->name = name;
    d->class_names = names;
  }
  return split_train_val(std::move(train.value()), std::move(test.value()), r.val_fraction, r.seed);
}

Result<DataSplits> load_cifar(const DataRequest& r) {
  // The archive unpacks to cifar-10-batches-bin/; accept the folder itself or its parent.
  std::string dir = r.dir;
  if (!file_exists(dir + "/data_batch_1.bin") && file_exists(dir + "/cifar-10-batches-bin/data_batch_1.bin")) {
    dir += "/cifar-10-batches-bin";
  }
  std::vector<std::string> train_paths;
  for (int b = 1; b <= 5; ++b) train_paths.push_back(dir + "/data_batch_" + std::to_string(b) + ".bin");
  const std::string test_path = dir + "/test_batch.bin";
  for (const std::string& p : {train_paths.front(), test_path}) {
    if (!file_exists(p)) {
      return make_error(ErrorCode::NotFound, p + ": not found (cifar10); pass --data-dir with the folder that holds "
                                                 "data_batch_1..5.bin and test_batch.bin (or cifar-10-batches-bin/)");
    }
  }
  Result<Dataset> train = read_cifar10(train_paths, r.limit_train);
  if (!train) {
    Status s = train.status();
    if (s.code == ErrorCode::NotFound) s.message += " (or pass --data-dir)";
    return s;
  }
  Result<Dataset> test = read_cifar10({test_path}, r.limit_test);
  if (!test) return test.status();
  return split_train_val(std::move(train.value()), std::move(test.value()), r.val_fraction, r.seed);
}

}  // namespace

std::vector<std::string> dataset_names() {
  return {"spiral", "circles", "xor", "blobs", "moons", "fashion-mnist", "mnist", "cifar10"};
}

uint32_t toy_test_seed(uint32_t seed) {
  Rng rng(seed ^ 0x7E57DA7Au);
  uint32_t s = rng.next_u32();
  return s == seed ? s + 1 : s;
}

Result<DataSplits> load_dataset(const DataRequest& request) {
  DataRequest r = request;
  for (char& ch : r.name) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (Status s = data_schema().validate(r, ""); !s) return s;
  const std::string& name = r.name;
  if (Result<Toy2d> kind = parse_toy2d(name); kind) return load_toy(*kind, r);
  if (name == "fashion-mnist") {
    return load_idx_dataset(r, r.dir.empty() ? std::string(kDefaultFashionMnistDir) : r.dir, true);
  }
  if (name == "mnist" || name == "cifar10") {
    if (r.dir.empty()) {
      return usage(name + ": no data folder given; pass --data-dir with the folder that holds its files");
    }
    if (name == "mnist") return load_idx_dataset(r, r.dir, false);
    return load_cifar(r);
  }
  return usage("unknown dataset '" + r.name + "'; choose one of: " + joined_names());  // not reached: validated
}

}  // namespace descent
