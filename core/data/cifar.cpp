// cifar.cpp: CIFAR-10 binary batches, checked record by record; planes (CHW) become HWC rows.
#include "core/data/cifar.h"

#include "core/data/file_bytes.h"
#include "core/data/idx.h"  // kMaxDatasetValues
#include "core/memory_budget.h"

namespace descent {
namespace {

constexpr int kSide = 32;
constexpr int kPlane = kSide * kSide;
constexpr int kDim = kPlane * 3;
constexpr int kClasses = 10;

// Checks a raw (inflated) batch and returns how many records it holds.
Result<int> check_batch(std::span<const uint8_t> b, const std::string& what) {
  if (b.empty()) {
    return make_error(ErrorCode::Corrupt, what + ": empty file (0 bytes), expected a CIFAR-10 binary batch; "
                                                 "download it again");
  }
  if (b.size() % kCifarRecordBytes != 0) {
    return make_error(ErrorCode::Corrupt, what + ": " + std::to_string(b.size()) +
                                              " bytes is not a whole number of 3073-byte records (1 label + 32x32x3 "
                                              "pixels); the file is truncated or not a CIFAR-10 binary batch");
  }
  const size_t n = b.size() / kCifarRecordBytes;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t label = b[i * kCifarRecordBytes];
    if (label >= kClasses) {
      return make_error(ErrorCode::Corrupt, what + ": label " + std::to_string(label) + " of record " + std::to_string(i) +
                                                " is outside 0..9; pass a CIFAR-10 (not CIFAR-100) binary batch");
    }
  }
  return int(n);
}

Dataset empty_cifar() {
  Dataset d;
  d.name = "cifar10";
  d.num_classes = kClasses;
  d.height = d.width = kSide;
  d.channels = 3;
  d.class_names = cifar10_class_names();
  d.X = Matrix<float>(0, kDim);
  return d;
}

// Appends the first `take` records of a checked batch to d.
void append_records(Dataset* d, std::span<const uint8_t> b, int take) {
  const int start = d->X.rows;
  d->X.resize(start + take, kDim);
  d->y.resize(size_t(start + take));
  for (int i = 0; i < take; ++i) {
    const uint8_t* rec = b.data() + size_t(i) * kCifarRecordBytes;
    d->y[size_t(start + i)] = int(rec[0]);
    const uint8_t* planes = rec + 1;
    float* row = d->X.row(start + i);
    for (int p = 0; p < kPlane; ++p) {
      for (int c = 0; c < 3; ++c) row[p * 3 + c] = float(planes[c * kPlane + p]) / 255.0f;
    }
  }
}

Status check_limit(int limit, const std::string& what) {
  if (limit < 0) {
    return make_error(ErrorCode::Usage, what + ": limit " + std::to_string(limit) + " is negative; pass 0 (all) or a count");
  }
  return Status::ok();
}

// n images of 3072 values: under the engine's value cap, and, as floats with the train/val split's
// copy while `held` file bytes are still in memory, under the memory limit (memory_budget.h).
Status check_total(uint64_t n, const std::string& what, uint64_t held) {
  if (n * uint64_t(kDim) > kMaxDatasetValues) {
    return make_error(ErrorCode::TooLarge, what + ": " + std::to_string(n) + " images exceed the engine's " +
                                               std::to_string(kMaxDatasetValues >> 20) + "M-value limit; load fewer (a limit)");
  }
  return check_memory(what, dataset_memory(n, kDim, 2, held), "load fewer images (a limit)");
}

}  // namespace

Result<Dataset> parse_cifar10(std::span<const uint8_t> bytes, const std::string& what, int limit, size_t max_inflated) {
  if (Status s = check_limit(limit, what); !s) return s;
  std::vector<uint8_t> inflated;
  if (is_gzip(bytes)) {
    Result<std::vector<uint8_t>> r = gunzip(bytes, what, max_inflated);
    if (!r) return r.status();
    inflated = std::move(r.value());
    bytes = inflated;
  }
  Result<int> n = check_batch(bytes, what);
  if (!n) return n.status();
  const int take = limit > 0 && limit < *n ? limit : *n;
  if (Status s = check_total(uint64_t(take), what, bytes.size()); !s) return s;
  Dataset d = empty_cifar();
  append_records(&d, bytes, take);
  return d;
}

Result<Dataset> read_cifar10(const std::vector<std::string>& paths, int limit) {
  const std::string first = paths.empty() ? std::string("cifar10") : paths.front();
  if (Status s = check_limit(limit, first); !s) return s;
  if (paths.empty()) {
    return make_error(ErrorCode::Usage, "cifar10: no batch files given; pass data_batch_1.bin ... or test_batch.bin");
  }
  // First pass checks every needed file and counts records, so the floats are allocated once.
  std::vector<std::vector<uint8_t>> batches;
  std::vector<int> takes;
  int total = 0;
  uint64_t held = 0;
  for (const std::string& path : paths) {
    if (limit > 0 && total >= limit) break;
    Result<std::vector<uint8_t>> bytes = read_data_file(path);
    if (!bytes) return bytes.status();
    Result<int> n = check_batch(*bytes, path);
    if (!n) return n.status();
    const int take = limit > 0 && limit - total < *n ? limit - total : *n;
    held += bytes->size();
    if (Status s = check_total(uint64_t(total) + uint64_t(take), path, held); !s) return s;
    total += take;
    takes.push_back(take);
    batches.push_back(std::move(bytes.value()));
  }
  Dataset d = empty_cifar();
  d.X.data.reserve(size_t(total) * kDim);
  d.y.reserve(size_t(total));
  for (size_t i = 0; i < batches.size(); ++i) append_records(&d, batches[i], takes[i]);
  return d;
}

const std::vector<std::string>& cifar10_class_names() {
  static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                 "dog",      "frog",       "horse", "ship", "truck"};
  return names;
}

}  // namespace descent
