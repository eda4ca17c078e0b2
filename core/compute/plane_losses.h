// plane_losses.h: a model's loss at many points of a plane through its weight space at once, on a
// ComputeDevice: the loss-landscape grid of core/landscape/loss_grid.h in one call. Every point
// gets a full forward pass (evaluation mode) over the evaluation rows plus its weight penalty,
// i.e. Network<float>::loss(X, y, N).total() at theta = center + a d1 + b d2.
// How: the first layer is linear in theta, so X·W1(a,b)^T = X·C^T + a X·D^T + b X·E^T (C, D, E the
// plane's center and directions restricted to W1): three products per block of rows, shared by
// all points, combined per point; every later layer, the criterion and the penalty run per point,
// batched over a block of points. The values agree with LossGrid's to float rounding (the sums
// are grouped differently); tests/test_compute.cpp and tests/gpu state how closely.
// Usage: auto pl = PlaneLosses::create(dev, net, X, y, N); Result<std::vector<double>> v = (*pl)->grid(plane, rect, 51, 51);
#pragma once
#include <memory>
#include <vector>

#include "core/compute/compute_device.h"
#include "core/landscape/loss_grid.h"
#include "core/nn/network.h"

namespace descent::compute {

class PlaneLosses {
 public:
  // net: the model (its desc and layout; its weights are not used); X (N, D), y (N): the
  // evaluation rows, copied to the device once (the labels stay on the host).
  static Result<std::unique_ptr<PlaneLosses>> create(ComputeDevice& dev, const Network<float>& net, const float* X,
                                                     const int* y, int N);

  // losses[i] = loss at theta = plane.center + ab[2i] d1 + ab[2i+1] d2.
  Result<std::vector<double>> evaluate(const Plane& plane, const std::vector<double>& ab);
  // LossGrid's values (ny, nx) over rect: row j is b = b_at(j), column i is a = a_at(i).
  Result<std::vector<double>> grid(const Plane& plane, const GridRect& rect, int nx, int ny);

 private:
  PlaneLosses(ComputeDevice& dev, const Network<float>& net) : dev_(dev), net_(net) {}

  ComputeDevice& dev_;
  Network<float> net_;
  int N_ = 0;
  BufferPtr X_;          // (N, D) on the device
  std::vector<int> y_;   // (N) on the host: repeated once per point for the criterion
};

}  // namespace descent::compute
