// upload.cpp: a student's own IDX / CIFAR-10 files -> train / val / test (upload.h).
#include "core/ui/upload.h"

#include <algorithm>
#include <cctype>
#include <span>

#include "core/data/cifar.h"
#include "core/data/idx.h"
#include "core/data/split.h"

namespace descent::ui {

namespace {

enum class Role { IdxImages, IdxLabels, Cifar, Unknown };

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

Role role_of(const UploadFile& f) {
  const std::vector<uint8_t>& b = f.bytes;
  const std::string n = lower(f.name);
  if (b.size() >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 8) {
    if (b[3] == 3) return Role::IdxImages;
    if (b[3] == 1) return Role::IdxLabels;
  }
  const bool gzip = b.size() >= 2 && b[0] == 0x1f && b[1] == 0x8b;
  if (gzip && (has(n, "idx3") || has(n, "images"))) return Role::IdxImages;
  if (gzip && (has(n, "idx1") || has(n, "labels"))) return Role::IdxLabels;
  if (has(n, ".bin") || has(n, "batch")) return Role::Cifar;
  if (!gzip && !b.empty() && b.size() % kCifarRecordBytes == 0) return Role::Cifar;
  return Role::Unknown;
}

bool is_test_file(const std::string& name) {
  const std::string n = lower(name);
  return has(n, "t10k") || has(n, "test");
}

std::string mib(size_t bytes) { return std::to_string((bytes + (size_t(1) << 19)) >> 20) + " MB"; }

// Train and test files -> the three splits; without a test file, test_fraction of train is held out.
DataSplits split_all(Dataset train, Dataset test, bool have_test, const UploadDesc& d) {
  if (!have_test) {
    DataSplits held = split_train_val(std::move(train), Dataset{}, d.test_fraction, d.seed);
    train = std::move(held.train);
    test = std::move(held.val);
  }
  DataSplits s = split_train_val(std::move(train), std::move(test), d.val_fraction, d.seed);
  for (Dataset* x : {&s.train, &s.val, &s.test}) x->name = d.name;
  return s;
}

// One IDX pair (images, labels) of the train or the test side.
struct IdxPair {
  const UploadFile* images = nullptr;
  const UploadFile* labels = nullptr;
};

Result<Dataset> parse_pair(const IdxPair& p, int limit) {
  const std::string what = p.images->name + " + " + p.labels->name;
  return parse_idx(std::span<const uint8_t>(p.images->bytes), std::span<const uint8_t>(p.labels->bytes), what, limit,
                   kMaxUploadBytes);
}

Result<DataSplits> from_idx(const std::vector<std::pair<const UploadFile*, Role>>& files, const UploadDesc& d) {
  IdxPair train, test;
  for (const auto& [f, role] : files) {
    IdxPair& side = is_test_file(f->name) ? test : train;
    const UploadFile*& slot = role == Role::IdxImages ? side.images : side.labels;
    if (slot)
      return make_error(ErrorCode::Usage, f->name + " and " + slot->name + ": two IDX " +
                                              (role == Role::IdxImages ? "images" : "labels") +
                                              " files for the same split; pick one train pair and at most one test pair");
    slot = f;
  }
  for (IdxPair* side : {&train, &test}) {
    if (side->images && !side->labels)
      return make_error(ErrorCode::Usage, side->images->name + ": IDX images need their labels file (e.g. "
                                          "train-labels-idx1-ubyte.gz): pick or drop both at once");
    if (side->labels && !side->images)
      return make_error(ErrorCode::Usage, side->labels->name + ": IDX labels need their images file (e.g. "
                                          "train-images-idx3-ubyte.gz): pick or drop both at once");
  }
  // Only a test pair: it is all there is, so it is split like a lone training pair.
  if (!train.images) std::swap(train, test);
  Result<Dataset> tr = parse_pair(train, d.limit_train);
  if (!tr) return tr.status();
  Dataset te;
  if (test.images) {
    Result<Dataset> r = parse_pair(test, d.limit_test);
    if (!r) return r.status();
    te = std::move(*r);
    if (te.dim() != tr->dim())
      return make_error(ErrorCode::Mismatch, test.images->name + ": images of " + std::to_string(te.height) + "x" +
                                                 std::to_string(te.width) + ", but " + train.images->name + " has " +
                                                 std::to_string(tr->height) + "x" + std::to_string(tr->width));
  }
  return split_all(std::move(*tr), std::move(te), test.images != nullptr, d);
}

// Appends b's rows to a (same shape).
void append_rows(Dataset& a, Dataset&& b) {
  if (a.size() == 0) {
    a = std::move(b);
    return;
  }
  Matrix<float> X(a.X.rows + b.X.rows, a.X.cols);
  std::copy(a.X.data.begin(), a.X.data.end(), X.data.begin());
  std::copy(b.X.data.begin(), b.X.data.end(), X.data.begin() + std::ptrdiff_t(a.X.data.size()));
  a.X = std::move(X);
  a.y.insert(a.y.end(), b.y.begin(), b.y.end());
}

Result<DataSplits> from_cifar(const std::vector<std::pair<const UploadFile*, Role>>& files, const UploadDesc& d) {
  Dataset train, test;
  bool have_test = false;
  for (const auto& [f, role] : files) {
    const bool t = is_test_file(f->name);
    Dataset& into = t ? test : train;
    const int limit = t ? d.limit_test : d.limit_train;
    if (into.size() >= limit) continue;
    Result<Dataset> r = parse_cifar10(std::span<const uint8_t>(f->bytes), f->name, limit - into.size(), kMaxUploadBytes);
    if (!r) return r.status();
    append_rows(into, std::move(*r));
    have_test = have_test || t;
  }
  if (train.size() == 0) {  // only test batches: split them like a training file
    std::swap(train, test);
    have_test = false;
  }
  return split_all(std::move(train), std::move(test), have_test, d);
}

}  // namespace

Result<DataSplits> splits_from_uploads(const std::vector<UploadFile>& files, const UploadDesc& desc) {
  if (files.empty()) return make_error(ErrorCode::Usage, "upload: no files were given");
  std::vector<std::pair<const UploadFile*, Role>> roles;
  bool idx = false, cifar = false;
  for (const UploadFile& f : files) {
    if (f.bytes.size() > kMaxUploadBytes)
      return make_error(ErrorCode::TooLarge, f.name + ": " + mib(f.bytes.size()) + " is over the limit of " +
                                                 mib(kMaxUploadBytes) + " per file; use a smaller subset");
    const Role r = role_of(f);
    if (r == Role::Unknown)
      return make_error(ErrorCode::Corrupt, f.name + ": neither an IDX file (MNIST-style, starting 00 00 08 03 for "
                                                     "images or 00 00 08 01 for labels; .gz allowed) nor a CIFAR-10 "
                                                     "binary batch (records of 3073 bytes)");
    idx = idx || r != Role::Cifar;
    cifar = cifar || r == Role::Cifar;
    roles.emplace_back(&f, r);
  }
  if (idx && cifar)
    return make_error(ErrorCode::Usage, "upload: IDX and CIFAR-10 files were mixed; give one kind at a time");
  return idx ? from_idx(roles, desc) : from_cifar(roles, desc);
}

}  // namespace descent::ui
