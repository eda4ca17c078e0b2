// cifar.h: CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin): records of one label
// byte then 3072 pixel bytes as three 32x32 planes (R, G, B). Raw or gzip (1f 8b magic).
// Not a registry (registry.h finds the files). Bad input gives a message, never a crash.
// Usage: Result<Dataset> d = read_cifar10({dir + "/data_batch_1.bin", dir + "/data_batch_2.bin"}, 1000);
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/file_bytes.h"  // kMaxDataFileBytes
#include "core/status.h"

namespace descent {

constexpr int kCifarRecordBytes = 1 + 32 * 32 * 3;  // 3073

// The Dataset: X is (n, 3072) row-major HWC (pixel (h, w) channel c at (h*32 + w)*3 + c, the
// layout of an RGB image in memory), x = byte / 255, y in 0..9, num_classes = 10,
// height = width = 32, channels = 3, class_names = cifar10_class_names(), name "cifar10".
// `what` names the source in messages. limit = 0 reads all, else the first `limit` records.
// Errors: Corrupt (empty, size not a multiple of 3073, label > 9, bad gzip), TooLarge, Usage
// (limit < 0, or gzip input without zlib).
// A gzip input inflates to at most max_inflated bytes (TooLarge beyond; see parse_idx).
Result<Dataset> parse_cifar10(std::span<const uint8_t> bytes, const std::string& what, int limit = 0,
                              size_t max_inflated = kMaxDataFileBytes);

// Reads the files in order and concatenates them; stops reading once `limit` records are in.
// A missing file is NotFound; messages name the file.
Result<Dataset> read_cifar10(const std::vector<std::string>& paths, int limit = 0);

// airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.
const std::vector<std::string>& cifar10_class_names();

}  // namespace descent
