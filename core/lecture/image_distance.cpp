// image_distance.cpp: the L1 / L2 worked example through the byte kernels of kNN (image_distance.h).
#include "core/lecture/image_distance.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/kernels/distance.h"

namespace descent::lecture {

const std::vector<int> kLectureTestImage = {56, 32, 10, 18, 90, 23, 128, 133, 24, 26, 178, 200, 2, 0, 255, 220};
const std::vector<int> kLectureTrainImage = {10, 20, 24, 17, 8, 10, 89, 100, 12, 16, 178, 170, 4, 32, 233, 112};

Result<ImageDistance> image_distance(int rows, int cols, const std::vector<int>& test, const std::vector<int>& train) {
  if (rows < 1 || rows > 64 || cols < 1 || cols > 64)
    return make_error(ErrorCode::Usage, "l1: the images must be 1..64 pixels on each side");
  const size_t n = size_t(rows) * size_t(cols);
  if (test.size() != n || train.size() != n)
    return make_error(ErrorCode::Usage, "l1: give " + std::to_string(n) + " pixel values for each image (got " +
                                            std::to_string(test.size()) + " and " + std::to_string(train.size()) + ")");
  std::vector<uint8_t> q(n), x(n);
  for (size_t i = 0; i < n; ++i) {
    if (test[i] < 0 || test[i] > 255 || train[i] < 0 || train[i] > 255)
      return make_error(ErrorCode::Usage, "l1: pixel values are 0..255 (pixel " + std::to_string(i) + ")");
    q[i] = uint8_t(test[i]);
    x[i] = uint8_t(train[i]);
  }
  ImageDistance r;
  r.rows = rows;
  r.cols = cols;
  r.test = test;
  r.train = train;
  r.abs_diff.resize(n);
  for (size_t i = 0; i < n; ++i) r.abs_diff[i] = std::abs(test[i] - train[i]);
  // One query against one training image: the kernels kNN runs on byte images.
  uint32_t l1 = 0, l2 = 0;
  kernels::l1_distances_u8(1, 1, int(n), q.data(), x.data(), &l1);
  kernels::l2_squared_distances_u8(1, 1, int(n), q.data(), x.data(), &l2);
  r.l1 = long(l1);
  r.l2_squared = long(l2);
  r.l2 = std::sqrt(double(l2));
  return r;
}

}  // namespace descent::lecture
