// image_distance.h: chapter 2's worked example, the L1 and L2 distances between a test image and a
// training image, pixel by pixel, as the nearest-neighbour classifier computes them: the grid of
// absolute differences and its sum (the lecture's pair of 4x4 images gives 456), and the Euclidean
// distance beside it. The sums come from the kNN distance kernels (core/kernels/distance.h).
// Usage: Result<ImageDistance> r = image_distance(4, 4, kLectureTestImage, kLectureTrainImage);
#pragma once
#include <vector>

#include "core/status.h"

namespace descent::lecture {

// The lecture's pair, row by row.
extern const std::vector<int> kLectureTestImage;   // 56 32 10 18 / 90 23 128 133 / 24 26 178 200 / 2 0 255 220
extern const std::vector<int> kLectureTrainImage;  // 10 20 24 17 / 8 10 89 100 / 12 16 178 170 / 4 32 233 112

struct ImageDistance {
  int rows = 0, cols = 0;
  std::vector<int> test, train;  // (rows, cols) pixel values 0..255
  std::vector<int> abs_diff;     // (rows, cols) |test - train|
  long l1 = 0;                   // sum of abs_diff
  long l2_squared = 0;           // sum of squared differences
  double l2 = 0;                 // sqrt(l2_squared)
};

// Errors (Usage): sizes that do not match rows * cols (1..64 each), or a value outside 0..255.
Result<ImageDistance> image_distance(int rows, int cols, const std::vector<int>& test, const std::vector<int>& train);

}  // namespace descent::lecture
