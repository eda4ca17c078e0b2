// idx.h: the IDX format of MNIST and Fashion-MNIST: an images file (big-endian magic 0x00000803,
// then N, rows, cols, then N*rows*cols unsigned bytes) and a labels file (magic 0x00000801, N,
// then N bytes). Either may be raw or gzip (detected by the 1f 8b magic, not by the name).
// Not a registry of datasets (registry.h names the files). Bad input never crashes: every check
// runs against the real byte length before anything is allocated.
// Usage: Result<Dataset> d = read_idx(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz");
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/file_bytes.h"  // kMaxDataFileBytes
#include "core/status.h"

namespace descent {

// The most values (N * rows * cols) one IDX or CIFAR load turns into floats: 2^28 (1 GiB of float).
constexpr uint64_t kMaxDatasetValues = uint64_t(1) << 28;

// Parses an images/labels pair already in memory. The Dataset: X is (n, rows*cols) with
// x = byte / 255, y in 0..9, num_classes = 10, height = rows, width = cols, channels = 1,
// name "idx", no class names (registry.h adds them). `what` names the source in messages
// ("<what> images: ...", "<what> labels: ..."). limit = 0 reads all, else the first `limit`.
// Errors: Corrupt (empty, wrong magic, truncated header or data, trailing bytes, label >= 10,
// bad gzip), Mismatch (image and label counts differ), TooLarge (over kMaxDatasetValues or the
// gzip cap), Usage (limit < 0, or gzip input in a build without zlib).
// A gzip input inflates to at most max_inflated bytes (TooLarge beyond): the caller's own limit
// (an upload's kMaxUploadBytes), so a small bomb is stopped there, not at the file cap.
Result<Dataset> parse_idx(std::span<const uint8_t> images, std::span<const uint8_t> labels,
                          const std::string& what, int limit = 0, size_t max_inflated = kMaxDataFileBytes);

// Reads both files (NotFound when missing), then parses as above; messages name each file's path.
Result<Dataset> read_idx(const std::string& images_path, const std::string& labels_path, int limit = 0);

// T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
const std::vector<std::string>& fashion_mnist_class_names();

}  // namespace descent
