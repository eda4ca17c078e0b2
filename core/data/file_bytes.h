// file_bytes.h: the bytes of a data file, read whole, and gunzipped when they start with the gzip
// magic (1f 8b, whatever the file's name). Hard caps keep a bad or hostile file from making the
// engine allocate gigabytes. Not a format parser (idx.h, cifar.h parse what this returns).
// Usage: Result<std::vector<uint8_t>> b = read_data_file(path); if (!b) return b.status();
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace descent {

// The most bytes read from one file or inflated from one gzip stream: 1 GiB.
constexpr size_t kMaxDataFileBytes = size_t(1) << 30;

// Something is at `path`: a file, a folder, a pipe, a link even when it dangles or loops (lstat).
// Never opens it (opening a named pipe would wait for a writer); read_file_bytes says what is wrong.
bool file_exists(const std::string& path);

// The bytes of a regular file, read into one buffer of its size. Errors, naming the path: NotFound
// (no such file), Unreadable (permission denied, a loop of symbolic links, a folder, a named pipe,
// a device: only regular files are opened, and never in a way that blocks), TooLarge (beyond
// max_bytes, refused before reading).
Result<std::vector<uint8_t>> read_file_bytes(const std::string& path, size_t max_bytes = kMaxDataFileBytes);

bool is_gzip(std::span<const uint8_t> bytes);  // starts with 1f 8b

// Inflates a gzip stream (several concatenated members allowed). `what` names the source in
// messages. Corrupt for a damaged or cut-short stream, TooLarge past max_bytes of output. Without
// zlib (DESCENT_HAVE_ZLIB undefined, e.g. a web build without it) every call is a Usage error
// that says to decompress the file first.
Result<std::vector<uint8_t>> gunzip(std::span<const uint8_t> gz, const std::string& what,
                                    size_t max_bytes = kMaxDataFileBytes);

// `bytes` itself when not gzip, else its inflated contents (moved, not copied, when raw).
Result<std::vector<uint8_t>> maybe_gunzip(std::vector<uint8_t> bytes, const std::string& what,
                                          size_t max_bytes = kMaxDataFileBytes);

// read_file_bytes then maybe_gunzip.
Result<std::vector<uint8_t>> read_data_file(const std::string& path, size_t max_bytes = kMaxDataFileBytes);

}  // namespace descent
