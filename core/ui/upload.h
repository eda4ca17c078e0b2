// upload.h: a student's own data files, handed over as bytes by the platform (the web page's file
// picker or drag and drop): an IDX pair (MNIST-style images + labels, raw or .gz; train and t10k
// pairs together, or one pair that is split) or CIFAR-10 binary batches (data_batch_N.bin,
// test_batch.bin), validated by the core's parsers (idx.h, cifar.h) and split into train / val / test.
// Not a file reader, not a registry entry: the caller registers the result (AppContext::put_data).
// Usage: Result<DataSplits> s = splits_from_uploads(files, {.name = "upload-1"});
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/status.h"

namespace descent::ui {

// The most bytes one uploaded file may have (the page checks before reading it, this again).
constexpr size_t kMaxUploadBytes = size_t(200) << 20;
// Uploaded sets are named kUploadPrefix + a count ("upload-1"); links leave them out (url_state.h).
constexpr const char* kUploadPrefix = "upload-";

struct UploadFile {
  std::string name;            // the file's name as the user had it (roles are read from it)
  std::vector<uint8_t> bytes;  // its contents, raw or gzip
};

struct UploadDesc {
  std::string name = "upload";  // the data set's name (Dataset::name)
  int limit_train = 10000;      // first N training records (the app's default for files)
  int limit_test = 2000;        // first N test records
  double test_fraction = 1.0 / 6.0;  // held out as test when no test file was given
  double val_fraction = 0.1;    // of the training rows, as everywhere in the app
  uint32_t seed = 0;
};

// A file's role: read from its first bytes (IDX magic 00 00 08 03 / 00 00 08 01) or, for gzip,
// from its name (images / idx3, labels / idx1, .bin / batch); t10k or test in the name = test.
// Errors, each naming the file and what to do: no files; a file over kMaxUploadBytes (TooLarge);
// a file that is neither IDX nor CIFAR-10 (Corrupt); IDX images without their labels or the other
// way round, or IDX mixed with CIFAR-10 (Usage); and any parser error (Corrupt, Mismatch, TooLarge).
Result<DataSplits> splits_from_uploads(const std::vector<UploadFile>& files, const UploadDesc& desc);

}  // namespace descent::ui
