// device_knn.h: KNearestNeighbor's predictions (core/knn/knn.h) on a ComputeDevice: the distance
// matrix of a block of queries, the k nearest of each row, the vote, all on the device, with knn.h's
// rules (equal distances: the smaller training index; a tied vote: the smallest class). Byte
// images (every value b/255) are compared as bytes with exact integer distances, as the CPU path
// does, so predictions are identical to it; other data use float distances, which round
// differently from the CPU's SIMD sums (two rows tied within rounding may then swap).
// Not an index: the cost is the distances. k is at most ComputeDevice::kMaxDeviceK (128).
// Usage: DeviceKnn knn(dev); knn.train(X, y, classes); Result<std::vector<int>> p = knn.predict(Q, 5, Metric::L2);
//        cross_validate_knn(knn, train, ks, metrics, folds, seed);  // the CV of core/knn on the device
#pragma once
#include <functional>
#include <vector>

#include "core/compute/compute_device.h"
#include "core/knn/cross_validation.h"
#include "core/knn/knn.h"
#include "core/tensor.h"

namespace descent::compute {

class DeviceKnn final : public KnnPredictor {
 public:
  explicit DeviceKnn(ComputeDevice& dev) : dev_(dev) {}

  // X (N, D), y (N) labels in [0, num_classes): copied to the device in parts that fit its largest
  // buffer, as bytes when every value is a byte over 255 (then nothing is kept on the host; floats
  // are made from them again, exactly, if a query needs the float kernels), else as floats (kept).
  Status train(const Matrix<float>& X, const std::vector<int>& y, int num_classes) override;
  // One label per row of Q (nq, D); a Usage error when Q's width is not D or k is out of range.
  Result<std::vector<int>> predict(const Matrix<float>& Q, int k, Metric m);
  // One distance pass, the vote for every k: result[i][q] is the prediction with ks[i] (each k
  // clamped to [1, N] as KNearestNeighbor does). progress(fraction of queries done) after each block.
  Result<std::vector<std::vector<int>>> predict_many_k(const Matrix<float>& Q, const std::vector<int>& ks, Metric m,
                                                       const std::function<void(double)>& progress = {}) override;

  int size() const { return rows_; }
  bool byte_images() const { return byte_images_; }

 private:
  struct Part {          // training rows [first, first + rows) in one device buffer
    int first = 0, rows = 0;
    BufferPtr buffer;
  };
  Status upload_parts(bool bytes, std::vector<Part>* parts);
  // X as byte rows (padded to Dp) into byte_parts_, converted and sent a block at a time: false
  // (nothing kept) as soon as a value is not a byte over 255.
  Result<bool> upload_byte_parts(const Matrix<float>& X);

  ComputeDevice& dev_;
  int rows_ = 0, cols_ = 0;
  Matrix<float> X_;  // (N, D) when not byte images; empty otherwise
  std::vector<int> y_;
  int num_classes_ = 0;
  bool byte_images_ = false;  // byte_parts_ hold the rows as bytes, padded with zeros to Dp = D rounded up to 4
  std::vector<Part> byte_parts_, float_parts_;  // float_parts_ made on the first query that needs them
  BufferPtr labels_;
};

}  // namespace descent::compute
