// normalize.cpp: mean image, mean subtraction and standardisation (normalize.h).
#include "core/data/normalize.h"

#include <cmath>

namespace descent {

std::vector<float> mean_image(const Dataset& d) {
  const int n = d.size(), D = d.dim();
  std::vector<double> sum(static_cast<size_t>(D), 0.0);
  for (int i = 0; i < n; ++i) {
    const float* row = d.X.row(i);
    for (int j = 0; j < D; ++j) sum[size_t(j)] += double(row[j]);
  }
  std::vector<float> mean(static_cast<size_t>(D), 0.0f);
  if (n > 0) {
    for (int j = 0; j < D; ++j) mean[size_t(j)] = float(sum[size_t(j)] / double(n));
  }
  return mean;
}

void subtract_mean(Dataset& d, const std::vector<float>& mean) {
  const int n = d.size(), D = d.dim();
  if (int(mean.size()) != D) return;
  for (int i = 0; i < n; ++i) {
    float* row = d.X.row(i);
    for (int j = 0; j < D; ++j) row[j] -= mean[size_t(j)];
  }
}

std::vector<float> feature_stddev(const Dataset& d, const std::vector<float>& mean) {
  const int n = d.size(), D = d.dim();
  std::vector<float> sd(static_cast<size_t>(D), 0.0f);
  if (int(mean.size()) != D || n == 0) return sd;
  std::vector<double> ss(static_cast<size_t>(D), 0.0);
  for (int i = 0; i < n; ++i) {
    const float* row = d.X.row(i);
    for (int j = 0; j < D; ++j) {
      const double c = double(row[j]) - double(mean[size_t(j)]);
      ss[size_t(j)] += c * c;
    }
  }
  for (int j = 0; j < D; ++j) sd[size_t(j)] = float(std::sqrt(ss[size_t(j)] / double(n)));
  return sd;
}

void standardize(Dataset& d, const std::vector<float>& mean, const std::vector<float>& stddev) {
  const int n = d.size(), D = d.dim();
  if (int(mean.size()) != D || int(stddev.size()) != D) return;
  std::vector<float> inv(static_cast<size_t>(D));
  for (int j = 0; j < D; ++j) {
    const float s = stddev[size_t(j)];
    inv[size_t(j)] = (s > 0.0f && std::isfinite(s)) ? 1.0f / s : 1.0f;
  }
  for (int i = 0; i < n; ++i) {
    float* row = d.X.row(i);
    for (int j = 0; j < D; ++j) row[j] = (row[j] - mean[size_t(j)]) * inv[size_t(j)];
  }
}

}  // namespace descent
