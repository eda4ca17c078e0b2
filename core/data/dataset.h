// dataset.h: a labelled set of examples, the input of every lecture step. X is (N, D) float32,
// one flattened example per row (an image row-major, channels last for colour); y holds N labels
// in [0, num_classes). Images remember their shape so the UI can draw them and W's rows.
// Not a loader: see toy2d.h, idx.h, cifar.h. Splits and normalisation: split.h, normalize.h.
#pragma once
#include <string>
#include <vector>

#include "core/tensor.h"

namespace descent {

struct Dataset {
  std::string name;                  // "spiral", "fashion-mnist", ...
  Matrix<float> X;                   // (N, D)
  std::vector<int> y;                // (N), labels in [0, num_classes)
  int num_classes = 0;
  int height = 0, width = 0, channels = 0;  // image shape, 0 for non-image (2-D) data
  std::vector<std::string> class_names;     // optional, num_classes entries when present

  int size() const { return X.rows; }
  int dim() const { return X.cols; }
  bool is_image() const { return height > 0; }
};

// Train / validation / test, the lecture's three-way split.
struct DataSplits {
  Dataset train, val, test;
};

// Rows `indices` of `d`, in that order (shape, classes and names copied).
Dataset take_rows(const Dataset& d, const std::vector<int>& indices);

}  // namespace descent
