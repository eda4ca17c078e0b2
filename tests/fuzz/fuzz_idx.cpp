// fuzz_idx.cpp: libFuzzer target for the IDX reader (core/data/idx.h), raw and gzip. The input is
// an images file and a labels file: byte 0 chooses the mode (bit 0: gzip the images part, bit 1:
// gzip the labels part, so the parser is reached through zlib too; otherwise the bytes go in as
// they are, and a part that starts 1f 8b is inflated as fuzzed gzip), bytes 1-2 the split point,
// byte 3 a limit. Every error must be a Status with a message; any crash, leak or undefined
// behaviour is a finding. Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/idx).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/data/idx.h"
#include "tests/fuzz/gzip_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint8_t mode = data[0];
  const size_t split = std::min<size_t>(size - 4, size_t(data[1]) << 8 | data[2]);
  const int limit = data[3] % 8;  // 0 = all, else the first few
  std::span<const uint8_t> body(data + 4, size - 4);
  std::vector<uint8_t> images(body.begin(), body.begin() + long(split));
  std::vector<uint8_t> labels(body.begin() + long(split), body.end());
  if (mode & 1) images = descent::fuzz::gzip_bytes(images.data(), images.size());
  if (mode & 2) labels = descent::fuzz::gzip_bytes(labels.data(), labels.size());
  // The inflate cap of an upload, scaled down: a bomb is stopped there, not at 1 GiB.
  const descent::Result<descent::Dataset> r = descent::parse_idx(images, labels, "fuzz", limit, size_t(4) << 20);
  if (r) {
    // What the parser promises (idx.h): values in [0, 1], labels in 0..9, the shape of the header.
    const descent::Dataset& d = *r;
    if (d.dim() != d.height * d.width || d.y.size() != size_t(d.size())) std::abort();
    for (float v : d.X.data)
      if (!(v >= 0.f && v <= 1.f)) std::abort();
    for (int y : d.y)
      if (y < 0 || y > 9) std::abort();
  } else if (r.status().message.empty()) {
    std::abort();  // an error must say what is wrong
  }
  return 0;
}
