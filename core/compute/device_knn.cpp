// device_knn.cpp: kNN prediction on a device (device_knn.h): per block of queries, the distances to
// every training part, the kmax nearest, then one vote per k.
#include "core/compute/device_knn.h"

#include <algorithm>
#include <string>

#include "core/kernels/distance.h"

namespace descent::compute {

namespace {
constexpr size_t kDistanceBudget = size_t(256) << 20;  // bytes of one block's distance matrix
int padded(int D) { return (D + 3) / 4 * 4; }
}  // namespace

Status DeviceKnn::train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) {
  if (int(y.size()) != X.rows)
    return make_error(ErrorCode::Mismatch, "kNN: " + std::to_string(X.rows) + " training rows but " +
                                               std::to_string(y.size()) + " labels");
  X_ = X;
  y_ = y;
  num_classes_ = num_classes;
  byte_parts_.clear();
  float_parts_.clear();
  bytes_.clear();
  const int Dp = padded(X.cols);
  bytes_.assign(size_t(X.rows) * size_t(Dp), 0);
  for (int i = 0; i < X.rows && !bytes_.empty(); ++i)
    if (!kernels::unit_floats_to_bytes(X.cols, X.row(i), bytes_.data() + size_t(i) * size_t(Dp))) bytes_.clear();
  if (X.rows == 0) bytes_.clear();
  Result<BufferPtr> labels = upload_new(dev_, y_.data(), y_.size());
  if (!labels) return labels.status();
  labels_ = std::move(*labels);
  return bytes_.empty() ? upload_parts(false, &float_parts_) : upload_parts(true, &byte_parts_);
}

Status DeviceKnn::upload_parts(bool bytes, std::vector<Part>* parts) {
  parts->clear();
  const size_t row_bytes = bytes ? size_t(padded(X_.cols)) : size_t(X_.cols) * sizeof(float);
  const int per_part = int(std::clamp<size_t>(dev_.info().max_buffer_bytes / std::max<size_t>(row_bytes, 1), 1,
                                              size_t(std::max(X_.rows, 1))));
  for (int first = 0; first < X_.rows; first += per_part) {
    Part p;
    p.first = first;
    p.rows = std::min(per_part, X_.rows - first);
    const void* src = bytes ? static_cast<const void*>(bytes_.data() + size_t(first) * row_bytes)
                            : static_cast<const void*>(X_.row(first));
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
  const int nq = Q.rows, nx = X_.rows, D = X_.cols, Dp = padded(D);
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
  bool use_bytes = !bytes_.empty() && (m == Metric::L1 || Dp <= kernels::kMaxDimU8L2);
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
