// registry.h: every dataset Descent knows, by name, loaded into train / val / test. The one place
// that maps a name (CLI --dataset, the UI's combo, the URL) to generator settings or files.
// Not a parser (toy2d.h, idx.h, cifar.h) and no preprocessing (normalize.h).
// Usage: Result<DataSplits> s = load_dataset({.name = "fashion-mnist", .limit_train = 5000});
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/status.h"

namespace descent {

constexpr const char* kDefaultFashionMnistDir = "/usr/share/datasets/fashion-mnist";
constexpr double kDefaultToyNoise = 0.2;

// The settings' defaults, ranges and help are in data_settings.h. "" means the default folder for
// dir; 0 means "all" for the limits and "the kind's default" for classes.
struct DataRequest {
  std::string name = {};            // one of dataset_names()
  std::string dir = {};             // "" = kDefaultFashionMnistDir for fashion-mnist; required for mnist, cifar10
  int limit_train = 0;              // files: 0 = all, else the first N rows of the training file (file order)
  int limit_test = 0;               // files: 0 = all, else the first N rows of the test file; toy data ignores both
  double val_fraction = 0.1;        // share of the (limited) training file held out as val, in [0, 0.9]
  uint32_t seed = 0;                // toy data and the val split
  int points_per_class = 100;       // toy data: per class (train; the test set has as many, from another seed)
  double noise = kDefaultToyNoise;  // toy data: std of the gaussian on each coordinate, in [0, 10]
  int classes = 0;                  // toy data: 0 = the kind's default (toy2d.h); xor and moons allow only 2
};

// "spiral", "circles", "xor", "blobs", "moons" (generated), "fashion-mnist", "mnist", "cifar10".
// load_dataset matches them case-insensitively.
std::vector<std::string> dataset_names();

// Toy data: train = make_toy2d(seed), test = make_toy2d(toy_test_seed(seed)), val split from train
// (split.h). fashion-mnist / mnist: {train,t10k}-{images-idx3,labels-idx1}-ubyte, each as .gz or raw
// (also the "train-images.idx3-ubyte" spelling), in dir; class names set (digits "0".."9" for mnist).
// cifar10: data_batch_1..5.bin and test_batch.bin in dir or dir/cifar-10-batches-bin.
// Errors: Usage (unknown name, listing the valid ones; a setting out of range; no dir for mnist or
// cifar10, saying to pass --data-dir), NotFound (a missing file, naming it and --data-dir), and any
// parser error (idx.h, cifar.h).
Result<DataSplits> load_dataset(const DataRequest& request);

// The seed of a toy dataset's test set, derived from the request's seed (never equal to it).
uint32_t toy_test_seed(uint32_t seed);

}  // namespace descent
