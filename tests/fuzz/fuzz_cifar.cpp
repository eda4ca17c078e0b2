// fuzz_cifar.cpp: libFuzzer target for the CIFAR-10 reader (core/data/cifar.h): byte 0 is a
// limit, the rest one batch file (raw, or inflated when it starts 1f 8b). Every error must be a
// Status with a message; the records that parse must hold values in [0, 1] and labels 0..9.
// Run: scripts/fuzz.sh (seeds in tests/fuzz/corpus/cifar).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/data/cifar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int limit = data[0] % 4;
  const descent::Result<descent::Dataset> r =
      descent::parse_cifar10(std::span<const uint8_t>(data + 1, size - 1), "fuzz.bin", limit, size_t(4) << 20);
  if (r) {
    const descent::Dataset& d = *r;
    if (d.dim() != 3072 || d.y.size() != size_t(d.size()) || (limit > 0 && d.size() > limit)) std::abort();
    for (float v : d.X.data)
      if (!(v >= 0.f && v <= 1.f)) std::abort();
    for (int y : d.y)
      if (y < 0 || y > 9) std::abort();
  } else if (r.status().message.empty()) {
    std::abort();
  }
  return 0;
}
