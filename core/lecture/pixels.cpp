// pixels.cpp: an image's bytes recovered from the loader's b/255 floats (pixels.h).
#include "core/lecture/pixels.h"

#include <algorithm>
#include <cstdint>

#include "core/kernels/distance.h"

namespace descent::lecture {

Result<PixelsExample> pixels_example(const Dataset& d, int index) {
  if (!d.is_image())
    return make_error(ErrorCode::Usage, "pixels: '" + d.name + "' is not an image set; pick fashion-mnist, mnist or cifar10");
  if (index < 0 || index >= d.size())
    return make_error(ErrorCode::Usage, "pixels: image index " + std::to_string(index) + " is outside 0.." +
                                            std::to_string(d.size() - 1));
  PixelsExample p;
  p.set = d.name;
  p.index = index;
  p.label = d.y[size_t(index)];
  p.class_name = size_t(p.label) < d.class_names.size() ? d.class_names[size_t(p.label)] : std::to_string(p.label);
  p.height = d.height;
  p.width = d.width;
  p.channels = d.channels;
  p.numbers = d.height * d.width * d.channels;
  if (p.numbers != d.dim())
    return make_error(ErrorCode::Internal, "pixels: the image shape does not match the row length of '" + d.name + "'");
  // The loaders store byte b as b / 255.f; the kNN kernels recover the bytes the same way.
  std::vector<uint8_t> b(size_t(p.numbers));
  if (!kernels::unit_floats_to_bytes(p.numbers, d.X.row(index), b.data()))
    return make_error(ErrorCode::Usage, "pixels: image " + std::to_string(index) + " of '" + d.name +
                                            "' is not raw bytes / 255 (a centred set?); load it without centring");
  p.bytes.assign(b.begin(), b.end());
  p.min = *std::min_element(p.bytes.begin(), p.bytes.end());
  p.max = *std::max_element(p.bytes.begin(), p.bytes.end());
  long sum = 0;
  for (int v : p.bytes) sum += v;
  p.mean = double(sum) / double(p.numbers);
  return p;
}

}  // namespace descent::lecture
