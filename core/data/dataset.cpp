// dataset.cpp: take_rows, the one operation every split, fold and batch is built from.
// Not a loader (toy2d.h, idx.h, cifar.h) and not a shuffler (split.h).
#include "core/data/dataset.h"

#include <cstring>

namespace descent {

// out.X is (indices.size(), D); indices must lie in [0, d.size()).
Dataset take_rows(const Dataset& d, const std::vector<int>& indices) {
  Dataset out;
  out.name = d.name;
  out.num_classes = d.num_classes;
  out.height = d.height;
  out.width = d.width;
  out.channels = d.channels;
  out.class_names = d.class_names;
  const int n = int(indices.size());
  const int D = d.dim();
  out.X = Matrix<float>(n, D);
  out.y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    const int src = indices[size_t(i)];
    if (D > 0) std::memcpy(out.X.row(i), d.X.row(src), sizeof(float) * size_t(D));
    out.y[size_t(i)] = src < int(d.y.size()) ? d.y[size_t(src)] : 0;
  }
  return out;
}

}  // namespace descent
