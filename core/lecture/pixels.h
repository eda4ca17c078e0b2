// pixels.h: chapter 1 of the lecture, "images are arrays of numbers": one image of a data set as
// the numbers a classifier sees (its pixel bytes 0..255, row by row, channels last) and the count
// height x width x channels (28 x 28 x 1 = 784 for Fashion-MNIST, 32 x 32 x 3 = 3072 for CIFAR-10),
// read from the loaded data set's own shape. Not a loader (core/data) and not a drawing.
// Usage: Result<PixelsExample> p = pixels_example(splits.train, 0);  p->numbers, p->bytes
#pragma once
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/status.h"

namespace descent::lecture {

struct PixelsExample {
  std::string set;         // the data set's name ("fashion-mnist", "cifar10", an upload)
  int index = 0;           // the training image shown
  int label = 0;
  std::string class_name;  // the label's name when the set has names, else its number
  int height = 0, width = 0, channels = 0;
  int numbers = 0;         // height * width * channels: the length of the vector x
  std::vector<int> bytes;  // (height, width, channels) row-major: the pixel values 0..255
  int min = 0, max = 0;
  double mean = 0;
};

// Image `index` of the image set d. Errors (Usage): d is not an image set, the index is out of
// range, or its values are not bytes over 255 (a centred set), each saying what to do.
Result<PixelsExample> pixels_example(const Dataset& d, int index);

}  // namespace descent::lecture
