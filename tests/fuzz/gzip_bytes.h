// gzip_bytes.h: zlib's gzip of some bytes, for the fuzz targets that reach a parser through a
// valid gzip stream (fuzz_idx, fuzz_upload). Not the engine's inflate (core/data/file_bytes.h).
// Usage: std::vector<uint8_t> gz = gzip_bytes(raw.data(), raw.size());
#pragma once
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace descent::fuzz {

inline std::vector<uint8_t> gzip_bytes(const uint8_t* raw, size_t n) {
  z_stream zs{};
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<uint8_t> out(deflateBound(&zs, uLong(n)) + 32);
  zs.next_in = const_cast<Bytef*>(raw);
  zs.avail_in = uInt(n);
  zs.next_out = out.data();
  zs.avail_out = uInt(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace descent::fuzz
