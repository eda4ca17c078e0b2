// fuzz_upload.cpp: libFuzzer target for the validation of a student's uploaded files
// (core/ui/upload.h): one to four files, each with a name (one a user might have, or fuzzed
// bytes) and contents (fuzzed, optionally gzipped first so the parsers are reached through zlib).
// Every error must be a Status with a message; a result must hold a non-empty training set whose
// splits agree in shape. Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/upload).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/memory_budget.h"
#include "core/ui/upload.h"
#include "tests/fuzz/gzip_bytes.h"

namespace {

const char* kNames[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz", "data_batch_1.bin", "test_batch.bin", "mystery.dat", ""};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool limited = (descent::set_memory_limit(uint64_t(256) << 20), true);
  (void)limited;
  FuzzedDataProvider in(data, size);
  std::vector<descent::ui::UploadFile> files(in.ConsumeIntegralInRange<size_t>(1, 4));
  for (descent::ui::UploadFile& f : files) {
    f.name = in.ConsumeBool() ? std::string(kNames[in.ConsumeIntegralInRange<size_t>(0, 7)])
                              : in.ConsumeRandomLengthString(40);
    const bool zip = in.ConsumeBool();
    const std::string body = in.ConsumeRandomLengthString(1 << 16);
    if (zip) f.bytes = descent::fuzz::gzip_bytes(reinterpret_cast<const uint8_t*>(body.data()), body.size());
    else f.bytes.assign(body.begin(), body.end());
  }
  descent::ui::UploadDesc desc;
  desc.limit_train = in.ConsumeIntegralInRange(1, 50);
  desc.limit_test = in.ConsumeIntegralInRange(1, 20);
  const descent::Result<descent::DataSplits> r = descent::ui::splits_from_uploads(files, desc);
  if (r) {
    const descent::DataSplits& s = *r;
    if (s.train.size() == 0) std::abort();
    for (const descent::Dataset* d : {&s.train, &s.val, &s.test})
      if (d->size() > 0 && (d->dim() != s.train.dim() || d->y.size() != size_t(d->size()))) std::abort();
  } else if (r.status().message.empty()) {
    std::abort();
  }
  return 0;
}
