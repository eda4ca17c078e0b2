// file_bytes.cpp: reading a data file whole (regular files only, one allocation of its size), and
// gunzip with zlib's streaming inflate under an output cap. Messages name the file, say what was
// wrong and what to do.
#include "core/data/file_bytes.h"

#include <fcntl.h>     // open (POSIX; Emscripten's libc has it too)
#include <sys/stat.h>  // fstat, lstat
#include <unistd.h>    // read, close

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef DESCENT_HAVE_ZLIB
#include <zlib.h>
#endif

namespace descent {
namespace {

std::string mib(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

bool file_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;  // the link itself: a loop or a dangling link is "there"
}

namespace {

// What is at `mode` when it is not a regular file, for messages ("a folder").
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

// Why open() failed, as a Status naming the path: each cause its own message and what to do.
Status open_error(const std::string& path, int err) {
  switch (err) {
    case ENOENT: {
      struct stat st;
      if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
        return make_error(ErrorCode::NotFound, path + ": a symbolic link to a file that does not exist; fix the link");
      return make_error(ErrorCode::NotFound, path + ": not found; check the path");
    }
    case ENOTDIR:
      return make_error(ErrorCode::NotFound, path + ": not found (a part of the path is not a folder); check the path");
    case EACCES:
    case EPERM:
      return make_error(ErrorCode::Unreadable, path + ": permission denied; make the file readable (chmod a+r) "
                                                      "or copy it somewhere you can read");
    case ELOOP:
      return make_error(ErrorCode::Unreadable, path + ": a loop of symbolic links (too many levels); point the "
                                                      "link at the real file");
    default:
      return make_error(ErrorCode::Unreadable, path + ": cannot open (" + std::string(std::strerror(err)) +
                                                      "); check that it is a readable file");
  }
}

}  // namespace

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path, size_t max_bytes) {
  // O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting forever;
  // fstat then refuses it (only regular files are read).
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return open_error(path, errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return open_error(path, errno);
  if (!S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::Unreadable, path + ": is " + kind_of(st.st_mode) +
                                                 ", not a regular file; pass the data file itself");
  }
  const uint64_t size = st.st_size > 0 ? uint64_t(st.st_size) : 0;
  const std::string too_large = path + ": larger than " + mib(max_bytes) +
                                ", the most the engine reads from one file; pass a smaller file";
  if (size > uint64_t(max_bytes)) return make_error(ErrorCode::TooLarge, too_large);
  // Exactly the size fstat reports; a file that grows meanwhile (or a /proc file that reports 0)
  // is read on in chunks, still under the cap.
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  size_t have = 0;
  for (;;) {
    if (have == bytes.size()) {
      uint8_t probe = 0;  // at the end? one byte more tells
      ssize_t got = ::read(fd, &probe, 1);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return make_error(ErrorCode::Unreadable, path + ": cannot read (" + std::strerror(errno) + ")");
      if (got == 0) return bytes;
      if (have >= max_bytes) return make_error(ErrorCode::TooLarge, too_large);
      bytes.resize(std::min(max_bytes, have + (size_t(1) << 20)));
      bytes[have++] = probe;
      continue;
    }
    const ssize_t got = ::read(fd, bytes.data() + have, std::min(bytes.size() - have, size_t(1) << 30));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return make_error(ErrorCode::Unreadable, path + ": cannot read (" + std::strerror(errno) + ")");
    if (got == 0) {  // shorter than fstat said (truncated meanwhile): what is there
      bytes.resize(have);
      return bytes;
    }
    have += size_t(got);
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
