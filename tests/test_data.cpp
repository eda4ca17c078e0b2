// test_data.cpp: the data layer against hand-computed values: the spiral formula, IDX and CIFAR
// files written byte by byte into a temp folder (raw, and gzipped with zlib when the build has
// it), every bad-input case with its error code and the file named in the message, splits, folds,
// normalisation and the registry. Runs natively and under node (NODERAWFS reaches /tmp).
#include <doctest/doctest.h>

#include <stdlib.h>    // mkdtemp (POSIX; Emscripten's libc has it too)
#include <sys/stat.h>  // mkdir, mkfifo, chmod
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // rmdir, symlink, fork, setuid

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "core/data/cifar.h"
#include "core/data/file_bytes.h"
#include "core/data/idx.h"
#include "core/data/normalize.h"
#include "core/data/registry.h"
#include "core/data/split.h"
#include "core/data/toy2d.h"

#ifdef DESCENT_HAVE_ZLIB
#include <zlib.h>
#endif

using namespace descent;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr double kPi = 3.14159265358979323846;

// A fresh folder under /tmp, emptied and removed at the end of the test.
struct TempDir {
  std::string path;
  std::vector<std::string> files;
  std::vector<std::string> dirs;
  TempDir() {
    char tmpl[] = "/tmp/descent_test_data_XXXXXX";  // mkdtemp replaces the six X's
    const char* p = mkdtemp(tmpl);
    REQUIRE(p != nullptr);
    path = p;
  }
  ~TempDir() {
    for (const std::string& f : files) std::remove(f.c_str());
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) rmdir(it->c_str());
    rmdir(path.c_str());
  }
  std::string write(const std::string& name, const Bytes& bytes) {
    const std::string p = path + "/" + name;
    std::FILE* f = std::fopen(p.c_str(), "wb");
    REQUIRE(f != nullptr);
    if (!bytes.empty()) REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
    std::fclose(f);
    files.push_back(p);
    return p;
  }
  std::string subdir(const std::string& name) {
    const std::string p = path + "/" + name;
    REQUIRE(mkdir(p.c_str(), 0700) == 0);
    dirs.push_back(p);
    return p;
  }
};

void put_be32(Bytes& b, uint32_t v) {
  b.push_back(uint8_t(v >> 24));
  b.push_back(uint8_t(v >> 16));
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}

// An IDX images file of n images (rows x cols), pixel (i, p) = (7 i + 3 p) mod 256.
Bytes idx_images(uint32_t n, uint32_t rows, uint32_t cols) {
  Bytes b;
  put_be32(b, 0x00000803);
  put_be32(b, n);
  put_be32(b, rows);
  put_be32(b, cols);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t p = 0; p < rows * cols; ++p) b.push_back(uint8_t((7 * i + 3 * p) % 256));
  return b;
}

// An IDX labels file with label i = (i * 3) mod 10.
Bytes idx_labels(uint32_t n) {
  Bytes b;
  put_be32(b, 0x00000801);
  put_be32(b, n);
  for (uint32_t i = 0; i < n; ++i) b.push_back(uint8_t((i * 3) % 10));
  return b;
}

// n CIFAR records: label (i + 1) mod 10, plane byte (c, p) = (i + 5 c + 11 p) mod 256.
Bytes cifar_records(int n, int first = 0) {
  Bytes b;
  for (int i = first; i < first + n; ++i) {
    b.push_back(uint8_t((i + 1) % 10));
    for (int c = 0; c < 3; ++c)
      for (int p = 0; p < 1024; ++p) b.push_back(uint8_t((i + 5 * c + 11 * p) % 256));
  }
  return b;
}

bool mentions(const Status& s, const std::string& text) { return s.message.find(text) != std::string::npos; }

// r failed with `code`, and its message names each of `parts` (the file, the bad value, the way out).
template <class T>
void check_error(const Result<T>& r, ErrorCode code, std::initializer_list<std::string> parts = {}) {
  REQUIRE(!r.ok());
  CHECK(r.status().code == code);
  for (const std::string& part : parts) {
    INFO("message: ", r.status().message);
    CHECK(mentions(r.status(), part));
  }
}

#ifdef DESCENT_HAVE_ZLIB
Bytes gzip_bytes(const Bytes& raw) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  Bytes out(deflateBound(&zs, uLong(raw.size())) + 32);
  zs.next_in = const_cast<Bytef*>(raw.data());
  zs.avail_in = uInt(raw.size());
  zs.next_out = out.data();
  zs.avail_out = uInt(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
#endif

}  // namespace

// ---- toy 2-D generators ------------------------------------------------------------------------

TEST_CASE("data: spiral with 2 classes x 250, no noise, is exactly the benchmark formula") {
  const Dataset d = make_toy2d({.kind = Toy2d::Spiral, .classes = 2, .points_per_class = 250, .noise = 0});
  REQUIRE(d.size() == 500);
  REQUIRE(d.dim() == 2);
  CHECK(d.name == "spiral");
  CHECK(d.num_classes == 2);
  CHECK(d.height == 0);
  CHECK(d.width == 0);
  for (int c = 0; c < 2; ++c) {
    for (int i : {0, 1, 7, 100, 249}) {
      const double r = double(i) / 250.0 * 5.0;
      const double t = 1.75 * double(i) / 250.0 * 2.0 * kPi + double(c) * kPi;
      const int row = c * 250 + i;
      CHECK(d.X(row, 0) == float(r * std::sin(t)));  // bit-exact: same double formula, one rounding
      CHECK(d.X(row, 1) == float(r * std::cos(t)));
      CHECK(d.y[size_t(row)] == c);
    }
  }
  // Hand values: i = 125 is r = 2.5, t = 1.75 pi: (2.5 sin(1.75 pi), 2.5 cos(1.75 pi)).
  CHECK(d.X(125, 0) == doctest::Approx(-2.5 * std::sqrt(0.5)).epsilon(1e-6));
  CHECK(d.X(125, 1) == doctest::Approx(2.5 * std::sqrt(0.5)).epsilon(1e-6));
  CHECK(d.X(250 + 125, 0) == doctest::Approx(2.5 * std::sqrt(0.5)).epsilon(1e-6));
}

TEST_CASE("data: every toy kind has its default class count, class order and documented range") {
  struct Want {
    Toy2d kind;
    int classes;
    float range;
  };
  for (const Want& w : {Want{Toy2d::Spiral, 3, 5.0f}, Want{Toy2d::Circles, 2, 4.0f}, Want{Toy2d::Xor, 2, 5.0f},
                        Want{Toy2d::Blobs, 3, 3.5f + 6.0f}, Want{Toy2d::Moons, 2, 3.75f}}) {
    CAPTURE(toy2d_name(w.kind));
    const Dataset d = make_toy2d({.kind = w.kind, .seed = 5});
    CHECK(d.num_classes == w.classes);
    REQUIRE(d.size() == w.classes * 100);
    CHECK(d.name == toy2d_name(w.kind));
    for (int i = 0; i < d.size(); ++i) {
      CHECK(d.y[size_t(i)] == i / 100);  // class-ordered
      CHECK(std::fabs(d.X(i, 0)) <= w.range + 1e-5f);
      CHECK(std::fabs(d.X(i, 1)) <= w.range + 1e-5f);
    }
  }
  CHECK(make_toy2d({.kind = Toy2d::Spiral, .classes = 5, .points_per_class = 7}).size() == 35);
  CHECK(make_toy2d({.kind = Toy2d::Xor, .classes = 4}).num_classes == 2);  // xor is always 2 classes
}

TEST_CASE("data: toy shapes: xor by sign product, circles on their radii, moons on their arcs") {
  const Dataset x = make_toy2d({.kind = Toy2d::Xor, .points_per_class = 50, .seed = 3});
  for (int i = 0; i < x.size(); ++i) {
    const float p = x.X(i, 0) * x.X(i, 1);
    CHECK((x.y[size_t(i)] == 0 ? p > 0.2f : p < -0.2f));
    CHECK(std::fabs(x.X(i, 0)) >= 0.5f);
  }
  const Dataset c = make_toy2d({.kind = Toy2d::Circles, .classes = 3, .points_per_class = 40, .seed = 3});
  for (int i = 0; i < c.size(); ++i) {
    const double r = std::hypot(double(c.X(i, 0)), double(c.X(i, 1)));
    CHECK(r == doctest::Approx(4.0 * (c.y[size_t(i)] + 1) / 3.0).epsilon(1e-6));
  }
  const Dataset m = make_toy2d({.kind = Toy2d::Moons, .points_per_class = 11});
  // First point of the outer moon: t = 0 -> (1, 0) -> 2.5 * (0.5, -0.25); last of the inner: t = pi -> (2, 0.5).
  CHECK(m.X(0, 0) == doctest::Approx(1.25));
  CHECK(m.X(0, 1) == doctest::Approx(-0.625));
  CHECK(m.X(21, 0) == doctest::Approx(2.5 * 1.5));
  CHECK(m.X(21, 1) == doctest::Approx(2.5 * 0.25));
}

TEST_CASE("data: toy data is deterministic per seed and differs between seeds") {
  for (Toy2d k : {Toy2d::Spiral, Toy2d::Circles, Toy2d::Xor, Toy2d::Blobs, Toy2d::Moons}) {
    CAPTURE(toy2d_name(k));
    const Dataset a = make_toy2d({.kind = k, .noise = 0.2, .seed = 11});
    const Dataset b = make_toy2d({.kind = k, .noise = 0.2, .seed = 11});
    const Dataset c = make_toy2d({.kind = k, .noise = 0.2, .seed = 12});
    CHECK(a.X.data == b.X.data);
    CHECK(a.X.data != c.X.data);
    CHECK(a.y == c.y);
    // Noise moves points: the clean and noisy spiral differ at nearly every coordinate.
  }
  const Dataset clean = make_toy2d({.kind = Toy2d::Spiral});
  const Dataset noisy = make_toy2d({.kind = Toy2d::Spiral, .noise = 0.1});
  int moved = 0;
  for (size_t i = 0; i < clean.X.size(); ++i) moved += clean.X.data[i] != noisy.X.data[i];
  CHECK(moved == int(clean.X.size()));
}

TEST_CASE("data: toy names parse both ways and an unknown name lists the valid ones") {
  for (Toy2d k : {Toy2d::Spiral, Toy2d::Circles, Toy2d::Xor, Toy2d::Blobs, Toy2d::Moons}) {
    Result<Toy2d> r = parse_toy2d(toy2d_name(k));
    REQUIRE(r.ok());
    CHECK(*r == k);
  }
  CHECK(parse_toy2d("Moons").ok());
  Result<Toy2d> bad = parse_toy2d("swirl");
  check_error(bad, ErrorCode::Usage, {"swirl", "spiral"});
}

// ---- IDX -------------------------------------------------------------------------------------

TEST_CASE("data: IDX round trip through raw files, with and without a limit") {
  TempDir dir;
  const std::string im = dir.write("im-idx3-ubyte", idx_images(5, 3, 4));
  const std::string lb = dir.write("lb-idx1-ubyte", idx_labels(5));
  Result<Dataset> r = read_idx(im, lb);
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  const Dataset& d = *r;
  CHECK(d.size() == 5);
  CHECK(d.dim() == 12);
  CHECK(d.height == 3);
  CHECK(d.width == 4);
  CHECK(d.channels == 1);
  CHECK(d.num_classes == 10);
  for (int i = 0; i < 5; ++i) {
    CHECK(d.y[size_t(i)] == (i * 3) % 10);
    for (int p = 0; p < 12; ++p) CHECK(d.X(i, p) == float((7 * i + 3 * p) % 256) / 255.0f);
  }
  Result<Dataset> two = read_idx(im, lb, 2);
  REQUIRE(two.ok());
  CHECK(two->size() == 2);
  CHECK(std::equal(two->X.data.begin(), two->X.data.end(), d.X.data.begin()));
  Result<Dataset> more = read_idx(im, lb, 50);  // a limit past the end reads all
  REQUIRE(more.ok());
  CHECK(more->size() == 5);
}

#ifdef DESCENT_HAVE_ZLIB
TEST_CASE("data: IDX round trip through gzip files and gzip spans") {
  TempDir dir;
  const Bytes im = idx_images(4, 2, 2), lb = idx_labels(4);
  // The names end without .gz on purpose: the magic decides, not the name.
  const std::string im_gz = dir.write("im-idx3", gzip_bytes(im));
  const std::string lb_gz = dir.write("lb-idx1.gz", gzip_bytes(lb));
  Result<Dataset> file = read_idx(im_gz, lb_gz);
  REQUIRE_MESSAGE(file.ok(), file.status().message);
  Result<Dataset> raw = parse_idx(im, lb, "raw");
  REQUIRE(raw.ok());
  CHECK(file->X.data == raw->X.data);
  CHECK(file->y == raw->y);
  const Bytes im_z = gzip_bytes(im), lb_z = gzip_bytes(lb);
  Result<Dataset> span = parse_idx(im_z, lb_z, "mem", 3);
  REQUIRE(span.ok());
  CHECK(span->size() == 3);
  // Two gzip members back to back inflate to their concatenation.
  const Bytes half1(lb.begin(), lb.begin() + 6), half2(lb.begin() + 6, lb.end());
  Bytes two = gzip_bytes(half1);
  const Bytes g2 = gzip_bytes(half2);
  two.insert(two.end(), g2.begin(), g2.end());
  Result<Bytes> cat = gunzip(two, "two members");
  REQUIRE(cat.ok());
  CHECK(*cat == lb);
}

TEST_CASE("data: IDX corrupt gzip is a Corrupt error naming the file") {
  TempDir dir;
  Bytes gz = gzip_bytes(idx_images(20, 8, 8));
  for (size_t i = 12; i < gz.size() - 8; i += 3) gz[i] ^= 0x5a;  // damage the deflate data
  const std::string im = dir.write("bad-images.gz", gz);
  const std::string lb = dir.write("labels", idx_labels(20));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im});
}

TEST_CASE("data: IDX truncated gzip is a Corrupt error naming the file") {
  TempDir dir;
  Bytes gz = gzip_bytes(idx_images(20, 8, 8));
  gz.resize(gz.size() / 2);
  const std::string im = dir.write("cut-images.gz", gz);
  const std::string lb = dir.write("labels", idx_labels(20));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "ends early"});
}

TEST_CASE("data: gunzip stops at its output cap (a gzip bomb is TooLarge, not an allocation)") {
  const Bytes zeros(200000, 0);
  const Bytes gz = gzip_bytes(zeros);
  CHECK(gz.size() < 1000);
  Result<Bytes> r = gunzip(gz, "bomb.gz", 50000);
  check_error(r, ErrorCode::TooLarge, {"bomb.gz"});
  Result<Bytes> ok = gunzip(gz, "bomb.gz", 200000);
  REQUIRE(ok.ok());
  CHECK(ok->size() == 200000);
}
#else
TEST_CASE("data: without zlib a gzip input is a clear Usage error") {
  const Bytes fake = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  Result<Dataset> r = parse_idx(fake, idx_labels(1), "web upload");
  check_error(r, ErrorCode::Usage, {"web upload images", "zlib"});
}
#endif

TEST_CASE("data: IDX missing file is NotFound naming the path") {
  TempDir dir;
  const std::string lb = dir.write("labels", idx_labels(2));
  const std::string missing = dir.path + "/no-such-images";
  Result<Dataset> r = read_idx(missing, lb);
  check_error(r, ErrorCode::NotFound, {missing});
}

TEST_CASE("data: IDX empty file is Corrupt naming the file") {
  TempDir dir;
  const std::string im = dir.write("empty-images", {});
  const std::string lb = dir.write("labels", idx_labels(2));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "empty"});
}

TEST_CASE("data: IDX wrong magic is Corrupt naming the file and the magic") {
  TempDir dir;
  Bytes b = idx_images(2, 2, 2);
  b[2] = 0x12;
  b[3] = 0x34;
  const std::string im = dir.write("images", b);
  const std::string lb = dir.write("labels", idx_labels(2));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "0x00001234"});
}

TEST_CASE("data: IDX images and labels swapped is Corrupt saying so") {
  TempDir dir;
  const std::string im = dir.write("images", idx_images(2, 2, 2));
  const std::string lb = dir.write("labels", idx_labels(2));
  Result<Dataset> r = read_idx(lb, im);
  check_error(r, ErrorCode::Corrupt, {lb, "labels file, expected images"});
}

TEST_CASE("data: IDX truncated header is Corrupt naming the file") {
  TempDir dir;
  Bytes b = idx_images(2, 2, 2);
  b.resize(10);
  const std::string im = dir.write("images", b);
  const std::string lb = dir.write("labels", idx_labels(2));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "truncated IDX header"});
  Bytes l = idx_labels(2);
  l.resize(5);
  const std::string lb_cut = dir.write("labels-cut", l);
  const std::string im_ok = dir.write("images-ok", idx_images(2, 2, 2));
  Result<Dataset> r3 = read_idx(im_ok, lb_cut);
  check_error(r3, ErrorCode::Corrupt, {lb_cut});
}

TEST_CASE("data: IDX truncated pixel data is Corrupt naming the file") {
  TempDir dir;
  Bytes b = idx_images(5, 4, 4);
  b.resize(b.size() - 9);
  const std::string im = dir.write("images", b);
  const std::string lb = dir.write("labels", idx_labels(5));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "truncated"});
}

TEST_CASE("data: IDX trailing bytes after the last image are Corrupt") {
  TempDir dir;
  Bytes b = idx_images(2, 2, 2);
  b.push_back(0);
  const std::string im = dir.write("images", b);
  const std::string lb = dir.write("labels", idx_labels(2));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im});
}

TEST_CASE("data: IDX header claiming 2^31 images is rejected against the byte length, not allocated") {
  TempDir dir;
  Bytes b;
  put_be32(b, 0x00000803);
  put_be32(b, 0x80000000u);  // 2^31 images
  put_be32(b, 28);
  put_be32(b, 28);
  for (int i = 0; i < 784; ++i) b.push_back(1);
  const std::string im = dir.write("huge-images", b);
  Bytes l;
  put_be32(l, 0x00000801);
  put_be32(l, 0xFFFFFFFFu);
  l.push_back(1);
  const std::string lb = dir.write("huge-labels", l);
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {im, "2147483648 images"});
  // Absurd image shape too (2^20 x 2^20 pixels each).
  Bytes s;
  put_be32(s, 0x00000803);
  put_be32(s, 1);
  put_be32(s, 1u << 20);
  put_be32(s, 1u << 20);
  Result<Dataset> r2 = parse_idx(s, idx_labels(1), "shape");
  check_error(r2, ErrorCode::Corrupt, {"shape images"});
  // And a labels file claiming 2^32 - 1 labels.
  const std::string im_ok = dir.write("images-ok", idx_images(1, 2, 2));
  Result<Dataset> r3 = read_idx(im_ok, lb);
  check_error(r3, ErrorCode::Corrupt, {lb});
}

TEST_CASE("data: IDX header with zero images is Corrupt") {
  Result<Dataset> r = parse_idx(idx_images(0, 28, 28), idx_labels(0), "zero");
  check_error(r, ErrorCode::Corrupt, {"zero images"});
}

TEST_CASE("data: IDX label out of range is Corrupt naming the file and the index") {
  TempDir dir;
  Bytes l = idx_labels(6);
  l[8 + 4] = 10;
  const std::string im = dir.write("images", idx_images(6, 2, 2));
  const std::string lb = dir.write("labels", l);
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Corrupt, {lb, "label 10 at index 4"});
}

TEST_CASE("data: IDX image and label counts that differ are a Mismatch naming both files") {
  TempDir dir;
  const std::string im = dir.write("images", idx_images(6, 2, 2));
  const std::string lb = dir.write("labels", idx_labels(5));
  Result<Dataset> r = read_idx(im, lb);
  check_error(r, ErrorCode::Mismatch, {im, lb});
}

TEST_CASE("data: IDX negative limit is a Usage error") {
  Result<Dataset> r = parse_idx(idx_images(2, 2, 2), idx_labels(2), "neg", -1);
  check_error(r, ErrorCode::Usage);
}

TEST_CASE("data: reading a folder as a file is an error, not a crash") {
  TempDir dir;
  Result<Bytes> r = read_file_bytes(dir.path);
  REQUIRE(!r.ok());
  CHECK(mentions(r.status(), dir.path));
  Result<Bytes> big = read_file_bytes(dir.write("ten", Bytes(10, 1)), 4);
  check_error(big, ErrorCode::TooLarge);
  Result<Bytes> exact = read_file_bytes(dir.path + "/ten", 10);
  REQUIRE(exact.ok());
  CHECK(exact->size() == 10);
}

// ---- CIFAR-10 --------------------------------------------------------------------------------

TEST_CASE("data: CIFAR-10 records become HWC rows with their labels") {
  const Bytes b = cifar_records(3);
  Result<Dataset> r = parse_cifar10(b, "batch");
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  const Dataset& d = *r;
  CHECK(d.size() == 3);
  CHECK(d.dim() == 3072);
  CHECK(d.height == 32);
  CHECK(d.width == 32);
  CHECK(d.channels == 3);
  CHECK(d.num_classes == 10);
  REQUIRE(d.class_names.size() == 10);
  CHECK(d.class_names[0] == "airplane");
  CHECK(d.class_names[9] == "truck");
  for (int i = 0; i < 3; ++i) {
    CHECK(d.y[size_t(i)] == (i + 1) % 10);
    for (int h : {0, 5, 31})
      for (int w : {0, 17, 31})
        for (int c = 0; c < 3; ++c) {
          const int p = h * 32 + w;
          CHECK(d.X(i, p * 3 + c) == float((i + 5 * c + 11 * p) % 256) / 255.0f);
        }
  }
  Result<Dataset> one = parse_cifar10(b, "batch", 1);
  REQUIRE(one.ok());
  CHECK(one->size() == 1);
}

TEST_CASE("data: CIFAR-10 files concatenate in order and a limit stops reading early") {
  TempDir dir;
  const std::string a = dir.write("data_batch_1.bin", cifar_records(2, 0));
  const std::string b = dir.write("data_batch_2.bin", cifar_records(3, 2));
  Result<Dataset> all = read_cifar10({a, b});
  REQUIRE(all.ok());
  CHECK(all->size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(all->y[size_t(i)] == (i + 1) % 10);
  CHECK(all->X(4, 0) == float(4 % 256) / 255.0f);
  Result<Dataset> three = read_cifar10({a, b}, 3);
  REQUIRE(three.ok());
  CHECK(three->size() == 3);
  CHECK(three->X.data == std::vector<float>(all->X.data.begin(), all->X.data.begin() + 3 * 3072));
  // The second file is never opened when the first one satisfies the limit.
  Result<Dataset> early = read_cifar10({a, dir.path + "/missing.bin"}, 2);
  CHECK(early.ok());
#ifdef DESCENT_HAVE_ZLIB
  const std::string gz = dir.write("gz_batch.bin", gzip_bytes(cifar_records(2, 0)));
  Result<Dataset> z = read_cifar10({gz});
  REQUIRE(z.ok());
  CHECK(z->X.data == std::vector<float>(all->X.data.begin(), all->X.data.begin() + 2 * 3072));
#endif
}

TEST_CASE("data: CIFAR-10 missing file is NotFound naming it") {
  TempDir dir;
  const std::string a = dir.write("data_batch_1.bin", cifar_records(1));
  const std::string missing = dir.path + "/data_batch_2.bin";
  Result<Dataset> r = read_cifar10({a, missing});
  check_error(r, ErrorCode::NotFound, {missing});
}

TEST_CASE("data: CIFAR-10 size not a multiple of 3073 is Corrupt naming the file") {
  TempDir dir;
  Bytes b = cifar_records(2);
  b.pop_back();
  const std::string p = dir.write("data_batch_1.bin", b);
  Result<Dataset> r = read_cifar10({p});
  check_error(r, ErrorCode::Corrupt, {p, "3073"});
}

TEST_CASE("data: CIFAR-10 label above 9 is Corrupt naming the file and the record") {
  TempDir dir;
  Bytes b = cifar_records(3);
  b[size_t(2) * 3073] = 57;  // record 2
  const std::string p = dir.write("data_batch_1.bin", b);
  Result<Dataset> r = read_cifar10({p});
  check_error(r, ErrorCode::Corrupt, {p, "label 57 of record 2"});
}

TEST_CASE("data: CIFAR-10 empty file is Corrupt naming it") {
  TempDir dir;
  const std::string p = dir.write("test_batch.bin", {});
  Result<Dataset> r = read_cifar10({p});
  check_error(r, ErrorCode::Corrupt, {p, "empty"});
  CHECK(parse_cifar10(cifar_records(1), "x", -3).status().code == ErrorCode::Usage);
}

// ---- rows, splits, folds, normalisation -------------------------------------------------------

namespace {
// n rows, D = 2, row i = (i, -i), label i % 3.
Dataset numbered(int n) {
  Dataset d;
  d.name = "numbered";
  d.num_classes = 3;
  d.X = Matrix<float>(n, 2);
  d.y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    d.X(i, 0) = float(i);
    d.X(i, 1) = float(-i);
    d.y[size_t(i)] = i % 3;
  }
  return d;
}
}  // namespace

TEST_CASE("data: take_rows copies the chosen rows in order with the metadata") {
  Dataset d = numbered(10);
  d.height = 1;
  d.width = 2;
  d.channels = 1;
  d.class_names = {"a", "b", "c"};
  const Dataset t = take_rows(d, {7, 2, 2});
  REQUIRE(t.size() == 3);
  CHECK(t.X(0, 0) == 7.0f);
  CHECK(t.X(1, 1) == -2.0f);
  CHECK(t.X(2, 0) == 2.0f);
  CHECK(t.y == std::vector<int>{1, 2, 2});
  CHECK(t.name == "numbered");
  CHECK(t.num_classes == 3);
  CHECK(t.width == 2);
  CHECK(t.class_names == d.class_names);
  CHECK(take_rows(d, {}).dim() == 2);
}

TEST_CASE("data: train/val split sizes, disjointness, file order and determinism") {
  const DataSplits s = split_train_val(numbered(100), numbered(7), 0.1, 42);
  REQUIRE(s.val.size() == 10);
  REQUIRE(s.train.size() == 90);
  CHECK(s.test.size() == 7);
  std::set<int> seen;
  for (const Dataset* d : {&s.train, &s.val}) {
    for (int i = 0; i < d->size(); ++i) {
      const int id = int(d->X(i, 0));
      CHECK(d->X(i, 1) == float(-id));
      CHECK(d->y[size_t(i)] == id % 3);
      CHECK(seen.insert(id).second);  // disjoint
      if (i > 0) CHECK(d->X(i, 0) > d->X(i - 1, 0));  // file order kept
    }
  }
  CHECK(seen.size() == 100);
  const DataSplits again = split_train_val(numbered(100), numbered(7), 0.1, 42);
  CHECK(again.val.X.data == s.val.X.data);
  const DataSplits other = split_train_val(numbered(100), numbered(7), 0.1, 43);
  CHECK(other.val.X.data != s.val.X.data);
  // The validation rows are not just the first or last ten.
  CHECK(s.val.X(9, 0) - s.val.X(0, 0) > 10.0f);

  const DataSplits none = split_train_val(numbered(5), numbered(1), 0.0, 1);
  CHECK(none.val.size() == 0);
  CHECK(none.val.dim() == 2);
  CHECK(none.train.size() == 5);
  const DataSplits most = split_train_val(numbered(5), numbered(1), 1.0, 1);
  CHECK(most.train.size() == 1);
  CHECK(most.val.size() == 4);
}

TEST_CASE("data: k-fold indices cover every index exactly once in near-equal folds") {
  for (int n : {1, 10, 23, 100}) {
    for (int folds : {1, 3, 5, 200}) {
      const std::vector<std::vector<int>> f = kfold_indices(n, folds, 9);
      CHECK(int(f.size()) == std::min(folds, n));
      std::vector<int> count(static_cast<size_t>(n), 0);
      size_t lo = size_t(n), hi = 0;
      for (const std::vector<int>& fold : f) {
        lo = std::min(lo, fold.size());
        hi = std::max(hi, fold.size());
        CHECK(std::is_sorted(fold.begin(), fold.end()));
        for (int i : fold) ++count[size_t(i)];
      }
      CHECK(hi - lo <= 1);
      for (int c : count) CHECK(c == 1);
    }
  }
  CHECK(kfold_indices(20, 4, 1) == kfold_indices(20, 4, 1));
  CHECK(kfold_indices(20, 4, 1) != kfold_indices(20, 4, 2));
  CHECK(kfold_indices(0, 4, 1).empty());
}

TEST_CASE("data: mean image, mean subtraction and standardisation against hand values") {
  Dataset d;
  d.X = Matrix<float>(4, 2);
  const float v[8] = {1, 10, 2, 20, 3, 30, 6, 40};
  std::copy(v, v + 8, d.X.data.begin());
  const std::vector<float> mu = mean_image(d);
  REQUIRE(mu.size() == 2);
  CHECK(mu[0] == 3.0f);
  CHECK(mu[1] == 25.0f);
  const std::vector<float> sd = feature_stddev(d, mu);
  CHECK(sd[0] == doctest::Approx(std::sqrt(14.0 / 4.0)).epsilon(1e-6));  // (4 + 1 + 0 + 9) / 4
  CHECK(sd[1] == doctest::Approx(std::sqrt(500.0 / 4.0)).epsilon(1e-6));
  Dataset c = d;
  subtract_mean(c, mu);
  CHECK(c.X(0, 0) == -2.0f);
  CHECK(c.X(3, 1) == 15.0f);
  standardize(d, mu, sd);
  const std::vector<float> mu2 = mean_image(d);
  const std::vector<float> sd2 = feature_stddev(d, mu2);
  for (int j = 0; j < 2; ++j) {
    CHECK(std::fabs(mu2[size_t(j)]) < 1e-6f);
    CHECK(sd2[size_t(j)] == doctest::Approx(1.0).epsilon(1e-6));
  }
  Dataset flat = d;
  standardize(flat, {0, 0}, {0, 0});  // zero std counts as 1
  CHECK(flat.X.data == d.X.data);
}

// ---- registry --------------------------------------------------------------------------------

TEST_CASE("data: registry: an unknown name is a Usage error listing the valid names") {
  Result<DataSplits> r = load_dataset({.name = "imagenet"});
  check_error(r, ErrorCode::Usage);
  for (const std::string& n : dataset_names()) CHECK(mentions(r.status(), n));
  CHECK(dataset_names().size() == 8);
}

TEST_CASE("data: registry: toy data gets train, val and a test set from another seed") {
  Result<DataSplits> r = load_dataset({.name = "spiral", .seed = 4});
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  CHECK(r->train.size() == 270);
  CHECK(r->val.size() == 30);
  CHECK(r->test.size() == 300);
  CHECK(r->train.num_classes == 3);
  const Dataset train_file = make_toy2d({.kind = Toy2d::Spiral, .noise = kDefaultToyNoise, .seed = 4});
  const Dataset test_file = make_toy2d({.kind = Toy2d::Spiral, .noise = kDefaultToyNoise, .seed = toy_test_seed(4)});
  CHECK(r->test.X.data == test_file.X.data);
  CHECK(test_file.X.data != train_file.X.data);
  Result<DataSplits> m = load_dataset({.name = "MOONS", .val_fraction = 0.0, .points_per_class = 30, .noise = 0.0});
  REQUIRE(m.ok());
  CHECK(m->train.size() == 60);
  CHECK(m->val.size() == 0);
}

TEST_CASE("data: registry: out-of-range settings are Usage errors naming the setting") {
  const auto code = [](const DataRequest& r) { return load_dataset(r).status().code; };
  CHECK(code({.name = "xor", .classes = 3}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .classes = 1}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .classes = 17}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .noise = -1}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .noise = std::nan("")}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .points_per_class = -5}) == ErrorCode::Usage);
  CHECK(code({.name = "spiral", .val_fraction = 0.95}) == ErrorCode::Usage);
  CHECK(code({.name = "mnist", .limit_train = -1}) == ErrorCode::Usage);
  Result<DataSplits> r = load_dataset({.name = "blobs", .noise = 20});
  CHECK(mentions(r.status(), "noise"));
}

TEST_CASE("data: registry: mnist and cifar10 without a folder ask for --data-dir") {
  for (const char* name : {"mnist", "cifar10"}) {
    Result<DataSplits> r = load_dataset({.name = name});
    check_error(r, ErrorCode::Usage, {"--data-dir"});
  }
  TempDir dir;
  for (const char* name : {"mnist", "cifar10", "fashion-mnist"}) {
    Result<DataSplits> r = load_dataset({.name = name, .dir = dir.path});
    check_error(r, ErrorCode::NotFound, {"--data-dir", dir.path});
  }
}

TEST_CASE("data: registry: mnist from a folder of raw and gzip files, with limits") {
  TempDir dir;
  dir.write("train-images-idx3-ubyte", idx_images(20, 28, 28));
  dir.write("train-labels-idx1-ubyte", idx_labels(20));
  dir.write("t10k-images.idx3-ubyte", idx_images(6, 28, 28));  // the dotted spelling
#ifdef DESCENT_HAVE_ZLIB
  dir.write("t10k-labels-idx1-ubyte.gz", gzip_bytes(idx_labels(6)));
#else
  dir.write("t10k-labels-idx1-ubyte", idx_labels(6));
#endif
  Result<DataSplits> r = load_dataset({.name = "mnist", .dir = dir.path, .limit_train = 10, .limit_test = 4,
                                       .val_fraction = 0.2, .seed = 1});
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  CHECK(r->train.size() == 8);
  CHECK(r->val.size() == 2);
  CHECK(r->test.size() == 4);
  CHECK(r->train.name == "mnist");
  CHECK(r->test.height == 28);
  REQUIRE(r->test.class_names.size() == 10);
  CHECK(r->test.class_names[3] == "3");
  CHECK(r->test.y == std::vector<int>{0, 3, 6, 9});
}

TEST_CASE("data: registry: cifar10 from a cifar-10-batches-bin subfolder") {
  TempDir dir;
  const std::string sub = dir.subdir("cifar-10-batches-bin");
  for (int b = 1; b <= 5; ++b) {
    const std::string name = "cifar-10-batches-bin/data_batch_" + std::to_string(b) + ".bin";
    dir.write(name, cifar_records(2, 2 * (b - 1)));
  }
  dir.write("cifar-10-batches-bin/test_batch.bin", cifar_records(3));
  Result<DataSplits> r = load_dataset({.name = "cifar10", .dir = dir.path, .val_fraction = 0.1});
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  CHECK(r->train.size() + r->val.size() == 10);
  CHECK(r->val.size() == 1);
  CHECK(r->test.size() == 3);
  CHECK(r->test.channels == 3);
  Result<DataSplits> direct = load_dataset({.name = "cifar10", .dir = sub, .limit_train = 3, .val_fraction = 0});
  REQUIRE(direct.ok());
  CHECK(direct->train.y == std::vector<int>{1, 2, 3});
}

TEST_CASE("data: registry: the installed Fashion-MNIST loads with a limit") {
  const std::string dir = kDefaultFashionMnistDir;
  if (!file_exists(dir + "/train-images-idx3-ubyte.gz") && !file_exists(dir + "/train-images-idx3-ubyte")) {
    MESSAGE("skipped: no Fashion-MNIST in " << dir << " (apt-get install dataset-fashion-mnist)");
    return;
  }
#ifndef DESCENT_HAVE_ZLIB
  if (!file_exists(dir + "/train-images-idx3-ubyte")) {
    MESSAGE("skipped: Fashion-MNIST in " << dir << " is gzipped and this build has no zlib");
    return;
  }
#endif
  Result<DataSplits> r = load_dataset({.name = "fashion-mnist", .limit_train = 1000, .limit_test = 500, .seed = 3});
  REQUIRE_MESSAGE(r.ok(), r.status().message);
  CHECK(r->train.size() == 900);
  CHECK(r->val.size() == 100);
  CHECK(r->test.size() == 500);
  CHECK(r->train.dim() == 784);
  CHECK(r->train.height == 28);
  CHECK(r->train.width == 28);
  CHECK(r->train.channels == 1);
  CHECK(r->train.class_names[9] == "Ankle boot");
  std::vector<int> per_class(10, 0);
  for (int y : r->test.y) {
    REQUIRE((y >= 0 && y < 10));
    ++per_class[size_t(y)];
  }
  for (int c : per_class) CHECK(c > 20);  // all ten classes present in 500 test images
  float lo = 1, hi = 0;
  for (float x : r->train.X.data) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  CHECK(lo == 0.0f);
  CHECK(hi == 1.0f);
  // The file's first training image is an ankle boot (label 9).
  Result<Dataset> first = read_idx(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz", 1);
  if (first.ok()) CHECK(first->y[0] == 9);
}

// ---- what is at a data file's path (issue 13: only regular files, each failure its own message) --

#ifndef __EMSCRIPTEN__  // named pipes, symbolic links and users are POSIX-only here (node's MEMFS lacks them)

TEST_CASE("data: a named pipe is refused at once, never waited on (read_file_bytes and the registry)") {
  TempDir dir;
  const std::string fifo = dir.path + "/train-images-idx3-ubyte";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  dir.files.push_back(fifo);
  // Before: fopen blocked here forever waiting for a writer.
  Result<Bytes> r = read_file_bytes(fifo);
  check_error(r, ErrorCode::Unreadable, {fifo, "named pipe", "not a regular file"});
  dir.write("train-labels-idx1-ubyte", idx_labels(2));
  dir.write("t10k-images-idx3-ubyte", idx_images(2, 2, 2));
  dir.write("t10k-labels-idx1-ubyte", idx_labels(2));
  Result<DataSplits> s = load_dataset({.name = "mnist", .dir = dir.path});
  check_error(s, ErrorCode::Unreadable, {fifo, "named pipe"});
}

TEST_CASE("data: a link loop, a dangling link and a missing file each get their own message") {
  TempDir dir;
  const std::string a = dir.path + "/train-images-idx3-ubyte", b = dir.path + "/loop-b";
  REQUIRE(symlink(b.c_str(), a.c_str()) == 0);
  REQUIRE(symlink(a.c_str(), b.c_str()) == 0);
  dir.files.push_back(a);
  dir.files.push_back(b);
  check_error(read_file_bytes(a), ErrorCode::Unreadable, {a, "loop of symbolic links"});
  const std::string dangling = dir.path + "/dangling";
  REQUIRE(symlink((dir.path + "/nothing-here").c_str(), dangling.c_str()) == 0);
  dir.files.push_back(dangling);
  check_error(read_file_bytes(dangling), ErrorCode::NotFound, {dangling, "symbolic link to a file that does not exist"});
  check_error(read_file_bytes(dir.path + "/absent"), ErrorCode::NotFound, {dir.path + "/absent", "not found"});
  check_error(read_file_bytes(dir.path + "/absent/x"), ErrorCode::NotFound, {"not found"});
  // The registry passes the loop's own message on (it said "not found" before).
  dir.write("train-labels-idx1-ubyte", idx_labels(2));
  dir.write("t10k-images-idx3-ubyte", idx_images(2, 2, 2));
  dir.write("t10k-labels-idx1-ubyte", idx_labels(2));
  check_error(load_dataset({.name = "mnist", .dir = dir.path}), ErrorCode::Unreadable, {a, "loop"});
}

TEST_CASE("data: a file without read permission says so (run as another user when the test is root)") {
  TempDir dir;
  const std::string f = dir.write("secret", idx_labels(3));
  REQUIRE(chmod(f.c_str(), 0) == 0);
  REQUIRE(chmod(dir.path.c_str(), 0755) == 0);
  // Root reads anything: check in a child that has dropped to user nobody (65534).
  const bool root = geteuid() == 0;
  const pid_t pid = root ? fork() : 0;
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (root && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    const Result<Bytes> r = read_file_bytes(f);
    const bool good = !r.ok() && r.status().code == ErrorCode::Unreadable &&
                      r.status().message.find("permission denied") != std::string::npos &&
                      r.status().message.find(f) != std::string::npos;
    if (root) _exit(good ? 0 : 1);
    CHECK(good);
  } else {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  chmod(f.c_str(), 0600);
}

#endif  // __EMSCRIPTEN__

TEST_CASE("data: a file is read into one buffer of its size (no growth past it)") {
  TempDir dir;
  Bytes big(size_t(3) << 20, 0);
  big.push_back(5);  // 3 MiB + 1: the old loop grew past its reservation here and doubled it
  const std::string f = dir.write("big", big);
  Result<Bytes> r = read_file_bytes(f);
  REQUIRE(r.ok());
  CHECK(*r == big);
  CHECK(r->capacity() == big.size());
  Result<Bytes> empty = read_file_bytes(dir.write("empty", {}));
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}
