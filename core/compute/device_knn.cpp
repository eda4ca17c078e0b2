// device_knn.cpp: kNN prediction on a device (device_knn.h): per block of queries, the distances to
// every training part, the kmax nearest, then one vote per k.
#include "core/compute/device_knn.h"

#include <algorithm>
#include <atomic>
#include <string>

#include "core/kernels/distance.h"
#include "core/parallel/thread_pool.h"

namespace descent::compute {

namespace {
constexpr size_t kDistanceBudget = size_t(256) << 20;  // bytes of one block's distance matrix
int padded(int D) { return (D + 3) / 4 * 4; }
}  // namespace

Status DeviceKnn::train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) {
  if (int(y.size()) != X.rows)
    return make_error(ErrorCode::Mismatch, "kNN: " + std::to_string(X.rows) + " training rows but " +
                                               std::to_string(y.size()) + " labels");
  rows_ = X.rows;
  cols_ = X.cols;
  X_ = Matrix<float>();
  y_ = y;
  num_classes_ = num_classes;
  byte_parts_.clear();
  float_parts_.clear();
  byte_images_ = false;
  Result<BufferPtr> labels = upload_new(dev_, y_.data(), y_.size());
  if (!labels) return labels.status();
  labels_ = std::move(*labels);
  Result<bool> bytes = upload_byte_parts(X);
  if (!bytes) return bytes.status();
  byte_images_ = *bytes;
  if (byte_images_) return Status::ok();
  X_ = X;
  return upload_parts(false, &float_parts_);
}

namespace {
// Training parts: rows per device buffer for rows of row_bytes.
int rows_per_part(const ComputeDevice& dev, size_t row_bytes, int rows) {
  return int(std::clamp<size_t>(dev.info().max_buffer_bytes / std::max<size_t>(row_bytes, 1), 1,
                                size_t(std::max(rows, 1))));
}
constexpr int kStageRows = 4096;  // rows converted (in parallel) and uploaded at a time
}  // namespace

Result<bool> DeviceKnn::upload_byte_parts(const Matrix<float>& X) {
  if (X.rows == 0) return false;
  const int Dp = padded(X.cols);
  const int per_part = rows_per_part(dev_, size_t(Dp), X.rows);
  std::vector<uint8_t> stage(size_t(std::min(kStageRows, X.rows)) * size_t(Dp));
  std::vector<Part> parts;
  for (int first = 0; first < X.rows; first += per_part) {
    Part p;
    p.first = first;
    p.rows = std::min(per_part, X.rows - first);
    Result<BufferPtr> b = dev_.alloc(size_t(p.rows) * size_t(Dp));
    if (!b) return b.status();
    p.buffer = std::move(*b);
    for (int r0 = 0; r0 < p.rows; r0 += kStageRows) {
      const int rows = std::min(kStageRows, p.rows - r0);
      // Blocks of 256 rows in parallel; one row that is not bytes makes the whole set floats.
      std::atomic<bool> all_bytes{true};
      parallel::parallel_for((rows + 255) / 256, [&](int blk) {
        for (int i = blk * 256; i < std::min(rows, blk * 256 + 256) && all_bytes.load(std::memory_order_relaxed); ++i) {
          uint8_t* out = stage.data() + size_t(i) * size_t(Dp);
          std::fill(out + X.cols, out + Dp, uint8_t(0));
          if (!kernels::unit_floats_to_bytes(X.cols, X.row(first + r0 + i), out))
            all_bytes.store(false, std::memory_order_relaxed);
        }
      });
      if (!all_bytes.load()) return false;
      if (Status s = dev_.upload(*p.buffer, size_t(r0) * size_t(Dp), stage.data(), size_t(rows) * size_t(Dp)); !s)
        return s;
    }
    parts.push_back(std::move(p));
  }
  byte_parts_ = std::move(parts);
  return true;
}

Status DeviceKnn::upload_parts(bool bytes, std::vector<Part>* parts) {
  parts->clear();
  const int Dp = padded(cols_);
  const size_t row_bytes = bytes ? size_t(Dp) : size_t(cols_) * sizeof(float);
  const int per_part = rows_per_part(dev_, row_bytes, rows_);
  std::vector<uint8_t> got;    // byte rows read back from the device (byte images: no host copy is kept)
  std::vector<float> rebuilt;  // float rows made from them (exact: each value was b / 255)
  for (int first = 0; first < rows_; first += per_part) {
    Part p;
    p.first = first;
    p.rows = std::min(per_part, rows_ - first);
    const void* src = X_.rows ? static_cast<const void*>(X_.row(first)) : nullptr;
    if (byte_images_) {
      got.resize(size_t(p.rows) * size_t(Dp));
      rebuilt.resize(size_t(p.rows) * size_t(cols_));
      for (int i = 0; i < p.rows;) {  // the rows of each byte part this float part overlaps, at once
        const int row = first + i;
        const Part& bp = *std::find_if(byte_parts_.begin(), byte_parts_.end(),
                                       [&](const Part& q) { return row >= q.first && row < q.first + q.rows; });
        const int n = std::min(p.rows - i, bp.first + bp.rows - row);
        if (Status s = dev_.download(*bp.buffer, size_t(row - bp.first) * size_t(Dp), got.data() + size_t(i) * size_t(Dp),
                                     size_t(n) * size_t(Dp));
            !s)
          return s;
        i += n;
      }
      for (int i = 0; i < p.rows; ++i)
        for (int j = 0; j < cols_; ++j)
          rebuilt[size_t(i) * size_t(cols_) + size_t(j)] = float(got[size_t(i) * size_t(Dp) + size_t(j)]) / 255.f;
      src = rebuilt.data();
    }
    Result<BufferPtr> b = dev_.alloc(size_t(p.rows) * row_bytes);
    if (!b) return b.status();
    if (Status s = dev_.upload(**b, 0, src, size_t(p.rows) * row_bytes); !s) return s;
    p.buffer = std::move(*b);
    parts->push_back(std::move(p));
  }
  return Status::ok();
}

Result<std::vector<int>> DeviceKnn::predict(const Matrix<float>& Q, int k, Metric m) {
  Result<std::vector<std::vector<int>>> all = predict_many_k(Q, {k}, m);
  if (!all) return all.status();
  return std::move(all->front());
}

Result<std::vector<std::vector<int>>> DeviceKnn::predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks,
                                                                Metric m, const std::function<void(double)>& progress) {
  const int nq = Q.rows, nx = rows_, D = cols_, Dp = padded(D);
  if (nx == 0 || !labels_ || num_classes_ < 1)
    return make_error(ErrorCode::Usage, "kNN: train on at least one labelled example before predicting");
  if (Q.cols != D)
    return make_error(ErrorCode::Mismatch, "kNN: the queries have " + std::to_string(Q.cols) +
                                               " features, the training rows " + std::to_string(D));
  if (ks.empty()) return make_error(ErrorCode::Usage, "kNN: no k to predict with");
  std::vector<int> kc(ks.size());
  int kmax = 1;
  for (size_t i = 0; i < ks.size(); ++i) {
    kc[i] = std::clamp(ks[i], 1, nx);
    kmax = std::max(kmax, kc[i]);
  }
  if (kmax > ComputeDevice::kMaxDeviceK)
    return make_error(ErrorCode::Usage, "kNN: k = " + std::to_string(kmax) + " on the " +
                                            device_name(dev_.info().kind) + " device: it selects at most " +
                                            std::to_string(ComputeDevice::kMaxDeviceK) +
                                            " neighbours; use a smaller k or the cpu device");
  std::vector<std::vector<int>> out(ks.size(), std::vector<int>(size_t(nq), -1));
  if (nq == 0) return out;

  // Byte images on both sides: exact integer distances, as KNearestNeighbor::predict_many_k.
  std::vector<uint8_t> qbytes;
  bool use_bytes = byte_images_ && (m == Metric::L1 || Dp <= kernels::kMaxDimU8L2);
  if (use_bytes) {
    qbytes.assign(size_t(nq) * size_t(Dp), 0);
    for (int i = 0; i < nq && use_bytes; ++i)
      use_bytes = kernels::unit_floats_to_bytes(D, Q.row(i), qbytes.data() + size_t(i) * size_t(Dp));
  }
  if (!use_bytes && float_parts_.empty())
    if (Status s = upload_parts(false, &float_parts_); !s) return s;
  const std::vector<Part>& parts = use_bytes ? byte_parts_ : float_parts_;

  const size_t budget = std::min(dev_.info().max_buffer_bytes, kDistanceBudget);
  const int qb = int(std::clamp<size_t>(budget / (size_t(nx) * 4), 1, size_t(nq)));
  const size_t qrow_bytes = use_bytes ? size_t(Dp) : size_t(D) * sizeof(float);
  Result<BufferPtr> qbuf = dev_.alloc(size_t(qb) * qrow_bytes), dist = dev_.alloc(size_t(qb) * size_t(nx) * 4),
                    idx = dev_.alloc(size_t(qb) * size_t(kmax) * sizeof(int32_t)),
                    pred = dev_.alloc(size_t(qb) * sizeof(int32_t));
  for (Result<BufferPtr>* r : {&qbuf, &dist, &idx, &pred})
    if (!*r) return r->status();
  for (int q0 = 0; q0 < nq; q0 += qb) {
    const int rows = std::min(qb, nq - q0);
    const void* src = use_bytes ? static_cast<const void*>(qbytes.data() + size_t(q0) * qrow_bytes)
                                : static_cast<const void*>(Q.row(q0));
    if (Status s = dev_.upload(**qbuf, 0, src, size_t(rows) * qrow_bytes); !s) return s;
    for (const Part& p : parts) {
      if (use_bytes)
        dev_.distances_u8(m, rows, p.rows, Dp, span_of<uint8_t>(**qbuf), span_of<uint8_t>(*p.buffer),
                          span_of<uint32_t>(**dist, size_t(p.first)), nx);
      else
        dev_.distances(m, rows, p.rows, D, span_of<float>(**qbuf), span_of<float>(*p.buffer),
                       span_of<float>(**dist, size_t(p.first)), nx);
    }
    if (use_bytes)
      dev_.nearest_k(rows, nx, kmax, span_of<uint32_t>(**dist), nx, span_of<int32_t>(**idx));
    else
      dev_.nearest_k(rows, nx, kmax, span_of<float>(**dist), nx, span_of<int32_t>(**idx));
    for (size_t i = 0; i < ks.size(); ++i) {
      dev_.vote(rows, kc[i], span_of<int32_t>(**idx), kmax, nx, span_of<int32_t>(*labels_), num_classes_,
                span_of<int32_t>(**pred));
      if (Status s = dev_.download(**pred, 0, out[i].data() + q0, size_t(rows) * sizeof(int32_t)); !s) return s;
    }
    if (progress) progress(double(q0 + rows) / double(nq));
  }
  return out;
}

}  // namespace descent::compute
