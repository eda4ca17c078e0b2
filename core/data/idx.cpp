// idx.cpp: IDX (MNIST-format) parsing with every header field checked against the real length
// before a float is allocated; gzip inputs are inflated first (file_bytes.h).
#include "core/data/idx.h"

#include <cstdio>

#include "core/data/file_bytes.h"
#include "core/memory_budget.h"

namespace descent {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;
constexpr uint32_t kLabelsMagic = 0x00000801;
constexpr int kMnistClasses = 10;

uint32_t read_be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%08x", v);
  return buf;
}

// A checked view of an images file: n images of rows x cols bytes at `pixels`.
struct ImagesView {
  uint32_t n = 0, rows = 0, cols = 0;
  const uint8_t* pixels = nullptr;
};
struct LabelsView {
  uint32_t n = 0;
  const uint8_t* labels = nullptr;
};

Status check_magic(std::span<const uint8_t> b, const std::string& what, uint32_t want, size_t header,
                   const char* kind) {
  if (b.empty()) {
    return make_error(ErrorCode::Corrupt, what + ": empty file (0 bytes), expected an IDX " + kind +
                                              " file; download it again");
  }
  const std::string truncated = what + ": truncated IDX header (" + std::to_string(b.size()) + " of " +
                                std::to_string(header) + " bytes); download the file again";
  if (b.size() < 4) return make_error(ErrorCode::Corrupt, truncated);
  // The magic first, so a short file of the wrong kind is named for what it is.
  const uint32_t magic = read_be32(b.data());
  if (magic == want) {
    if (b.size() < header) return make_error(ErrorCode::Corrupt, truncated);
    return Status::ok();
  }
  if (magic == kImagesMagic || magic == kLabelsMagic) {
    return make_error(ErrorCode::Corrupt, what + ": is an IDX " + (magic == kImagesMagic ? "images" : "labels") +
                                              " file, expected " + kind + "; check the file order (images, then labels)");
  }
  return make_error(ErrorCode::Corrupt, what + ": not an IDX " + kind + " file (magic " + hex32(magic) +
                                            ", expected " + hex32(want) + "); pass an MNIST-format file");
}

Result<ImagesView> check_images(std::span<const uint8_t> b, const std::string& what) {
  if (Status s = check_magic(b, what, kImagesMagic, 16, "images"); !s) return s;
  ImagesView v;
  v.n = read_be32(b.data() + 4);
  v.rows = read_be32(b.data() + 8);
  v.cols = read_be32(b.data() + 12);
  const std::string shape = std::to_string(v.n) + " images of " + std::to_string(v.rows) + "x" + std::to_string(v.cols);
  if (v.n == 0 || v.rows == 0 || v.cols == 0) {
    return make_error(ErrorCode::Corrupt, what + ": IDX header says " + shape + ", an empty set; pass a file with images");
  }
  // Products in 64 bits: each factor < 2^32 and rows*cols is checked first, so nothing overflows.
  const uint64_t per_image = uint64_t(v.rows) * uint64_t(v.cols);
  if (per_image > (uint64_t(1) << 24)) {
    return make_error(ErrorCode::Corrupt, what + ": IDX header says " + shape + ", absurd image size; the file is corrupt");
  }
  const uint64_t want = 16 + uint64_t(v.n) * per_image;
  if (want != b.size()) {
    return make_error(ErrorCode::Corrupt, what + ": IDX header says " + shape + " (" + std::to_string(want) +
                                              " bytes with the header) but the data has " + std::to_string(b.size()) +
                                              " bytes; the file is " + (want > b.size() ? "truncated" : "corrupt") +
                                              ", download it again");
  }
  v.pixels = b.data() + 16;
  return v;
}

Result<LabelsView> check_labels(std::span<const uint8_t> b, const std::string& what) {
  if (Status s = check_magic(b, what, kLabelsMagic, 8, "labels"); !s) return s;
  LabelsView v;
  v.n = read_be32(b.data() + 4);
  if (v.n == 0) {
    return make_error(ErrorCode::Corrupt, what + ": IDX header says 0 labels, an empty set; pass a file with labels");
  }
  const uint64_t want = 8 + uint64_t(v.n);
  if (want != b.size()) {
    return make_error(ErrorCode::Corrupt, what + ": IDX header says " + std::to_string(v.n) + " labels (" +
                                              std::to_string(want) + " bytes with the header) but the data has " +
                                              std::to_string(b.size()) + " bytes; the file is " +
                                              (want > b.size() ? "truncated" : "corrupt") + ", download it again");
  }
  for (uint32_t i = 0; i < v.n; ++i) {
    const uint8_t label = b[8 + size_t(i)];
    if (label >= kMnistClasses) {
      return make_error(ErrorCode::Corrupt, what + ": label " + std::to_string(label) + " at index " + std::to_string(i) +
                                                " is outside 0..9; pass an MNIST-format labels file");
    }
  }
  v.labels = b.data() + 8;
  return v;
}

// Both views checked, gzip already inflated; builds the Dataset.
Result<Dataset> parse_raw_pair(std::span<const uint8_t> images, std::span<const uint8_t> labels,
                               const std::string& what_images, const std::string& what_labels, int limit) {
  if (limit < 0) {
    return make_error(ErrorCode::Usage, what_images + ": limit " + std::to_string(limit) + " is negative; pass 0 (all) or a count");
  }
  Result<ImagesView> im = check_images(images, what_images);
  if (!im) return im.status();
  Result<LabelsView> lb = check_labels(labels, what_labels);
  if (!lb) return lb.status();
  if (im->n != lb->n) {
    return make_error(ErrorCode::Mismatch, what_images + " has " + std::to_string(im->n) + " images but " +
                                               what_labels + " has " + std::to_string(lb->n) +
                                               " labels; pass the matching pair of files");
  }
  const uint32_t n = (limit > 0 && uint32_t(limit) < im->n) ? uint32_t(limit) : im->n;
  const uint64_t D = uint64_t(im->rows) * im->cols;
  if (uint64_t(n) * D > kMaxDatasetValues) {
    return make_error(ErrorCode::TooLarge, what_images + ": " + std::to_string(n) + " images of " + std::to_string(D) +
                                               " pixels exceed the engine's " + std::to_string(kMaxDatasetValues >> 20) +
                                               "M-value limit; load fewer (a limit)");
  }
  // The floats, and the train/val split's copy of them, while the file bytes are still held.
  if (Status s = check_memory(what_images, dataset_memory(n, D, 2, images.size() + labels.size()),
                              "load fewer images (a limit)");
      !s)
    return s;
  Dataset d;
  d.name = "idx";
  d.num_classes = kMnistClasses;
  d.height = int(im->rows);
  d.width = int(im->cols);
  d.channels = 1;
  d.X = Matrix<float>(int(n), int(D));
  d.y.resize(n);
  const uint8_t* px = im->pixels;
  float* out = d.X.ptr();
  const size_t values = size_t(n) * size_t(D);
  for (size_t i = 0; i < values; ++i) out[i] = float(px[i]) / 255.0f;
  for (uint32_t i = 0; i < n; ++i) d.y[i] = int(lb->labels[i]);
  return d;
}

}  // namespace

Result<Dataset> parse_idx(std::span<const uint8_t> images, std::span<const uint8_t> labels, const std::string& what,
                          int limit, size_t max_inflated) {
  const std::string what_images = what + " images";
  const std::string what_labels = what + " labels";
  std::vector<uint8_t> inflated_images, inflated_labels;
  if (is_gzip(images)) {
    Result<std::vector<uint8_t>> r = gunzip(images, what_images, max_inflated);
    if (!r) return r.status();
    inflated_images = std::move(r.value());
    images = inflated_images;
  }
  if (is_gzip(labels)) {
    Result<std::vector<uint8_t>> r = gunzip(labels, what_labels, max_inflated);
    if (!r) return r.status();
    inflated_labels = std::move(r.value());
    labels = inflated_labels;
  }
  return parse_raw_pair(images, labels, what_images, what_labels, limit);
}

Result<Dataset> read_idx(const std::string& images_path, const std::string& labels_path, int limit) {
  Result<std::vector<uint8_t>> images = read_data_file(images_path);
  if (!images) return images.status();
  Result<std::vector<uint8_t>> labels = read_data_file(labels_path);
  if (!labels) return labels.status();
  return parse_raw_pair(*images, *labels, images_path, labels_path, limit);
}

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

}  // namespace descent
