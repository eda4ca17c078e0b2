// file_bytes.cpp: reading a data file whole, and gunzip with zlib's streaming inflate under an
// output cap. Messages name the file, say what was wrong and what to do.
#include "core/data/file_bytes.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#ifdef DESCENT_HAVE_ZLIB
#include <zlib.h>
#endif

namespace descent {
namespace {

std::string mib(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

bool file_exists(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  std::fclose(f);
  return true;
}

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path, size_t max_bytes) {
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    return make_error(ErrorCode::NotFound, path + ": cannot open (" +
                                               (err ? std::string(std::strerror(err)) : "unknown error") +
                                               "); check the path");
  }
  std::vector<uint8_t> bytes;
  // The size, when the stream can seek, only to reserve; the read below decides.
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long end = std::ftell(f);
    if (end > 0 && uint64_t(end) <= uint64_t(max_bytes)) bytes.reserve(size_t(end));
    std::fseek(f, 0, SEEK_SET);
  }
  const size_t chunk = size_t(1) << 20;
  for (;;) {
    const size_t have = bytes.size();
    if (have >= max_bytes) {
      // One byte past the cap tells "exactly max_bytes" from "more".
      uint8_t probe = 0;
      const bool more = std::fread(&probe, 1, 1, f) == 1;
      std::fclose(f);
      if (more) {
        return make_error(ErrorCode::TooLarge, path + ": larger than " + mib(max_bytes) +
                                                   ", the most the engine reads from one file; pass a smaller file");
      }
      return bytes;
    }
    const size_t want = std::min(chunk, max_bytes - have);
    bytes.resize(have + want);
    const size_t got = std::fread(bytes.data() + have, 1, want, f);
    bytes.resize(have + got);
    if (got < want) {
      const bool failed = std::ferror(f) != 0;
      const int err = errno;
      std::fclose(f);
      if (failed) {
        return make_error(ErrorCode::NotFound, path + ": cannot read (" +
                                                   (err ? std::string(std::strerror(err)) : "read error") +
                                                   "); check that it is a readable file, not a folder");
      }
      return bytes;
    }
  }
}

bool is_gzip(std::span<const uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

#ifdef DESCENT_HAVE_ZLIB

Result<std::vector<uint8_t>> gunzip(std::span<const uint8_t> gz, const std::string& what, size_t max_bytes) {
  if (!is_gzip(gz)) {
    return make_error(ErrorCode::Corrupt, what + ": not a gzip stream (no 1f 8b magic)");
  }
  if (gz.size() > size_t(UINT32_MAX)) {
    return make_error(ErrorCode::TooLarge, what + ": compressed stream too large");
  }
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {  // 15-bit window, gzip wrapper only
    return make_error(ErrorCode::Internal, what + ": zlib failed to initialise");
  }
  // First guess at the output size: the gzip trailer's ISIZE (size mod 2^32), bounded by deflate's
  // best ratio (about 1032:1) and the cap, so a lying trailer cannot force a huge reservation.
  size_t guess = size_t(1) << 16;
  if (gz.size() >= 18) {
    const uint8_t* t = gz.data() + gz.size() - 4;
    const uint64_t isize = uint64_t(t[0]) | uint64_t(t[1]) << 8 | uint64_t(t[2]) << 16 | uint64_t(t[3]) << 24;
    const uint64_t bound = uint64_t(gz.size()) * 1032u + 1024u;
    guess = size_t(std::min<uint64_t>({isize + 1, bound, uint64_t(max_bytes)}));
    guess = std::max<size_t>(guess, 1);
  }
  std::vector<uint8_t> out(guess);
  size_t produced = 0;
  zs.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(gz.data()));
  zs.avail_in = uInt(gz.size());
  Status error;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= max_bytes) {
        error = make_error(ErrorCode::TooLarge, what + ": inflates to more than " + mib(max_bytes) +
                                                    ", the most the engine decompresses; pass a smaller file");
        break;
      }
      out.resize(std::min(max_bytes, std::max(out.size() * 2, size_t(1) << 20)));
    }
    const size_t room = std::min(out.size() - produced, size_t(1) << 30);
    zs.next_out = out.data() + produced;
    zs.avail_out = uInt(room);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced += room - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Another member follows (gzip -c a b > c makes these): inflate it too; other trailing bytes
      // are ignored, as gzip itself does.
      if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // needs more room: grown above
    if (rc == Z_BUF_ERROR) {
      error = make_error(ErrorCode::Corrupt, what + ": gzip stream ends early (the file is cut short); "
                                                    "download it again");
    } else {
      error = make_error(ErrorCode::Corrupt, what + ": corrupt gzip data (" +
                                                 (zs.msg ? std::string(zs.msg) : "zlib error " + std::to_string(rc)) +
                                                 "); download the file again");
    }
    break;
  }
  inflateEnd(&zs);
  if (!error.is_ok()) return error;
  out.resize(produced);
  return out;
}

#else

Result<std::vector<uint8_t>> gunzip(std::span<const uint8_t>, const std::string& what, size_t) {
  return make_error(ErrorCode::Usage, what + ": gzip-compressed, and this build has no zlib; "
                                             "decompress it first (gunzip -k) and pass the raw file");
}

#endif

Result<std::vector<uint8_t>> maybe_gunzip(std::vector<uint8_t> bytes, const std::string& what, size_t max_bytes) {
  if (!is_gzip(bytes)) return bytes;
  return gunzip(bytes, what, max_bytes);
}

Result<std::vector<uint8_t>> read_data_file(const std::string& path, size_t max_bytes) {
  Result<std::vector<uint8_t>> raw = read_file_bytes(path, max_bytes);
  if (!raw) return raw.status();
  return maybe_gunzip(std::move(raw.value()), path, max_bytes);
}

}  // namespace descent
