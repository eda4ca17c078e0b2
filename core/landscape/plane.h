// plane.h: a 2-D slice through a model's weight space, theta(a, b) = center + a*d1 + b*d2, the
// picture of Li et al., "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018). Directions:
//  - pca:     the top two principal directions of a trajectory's snapshots minus the final point,
//             so the path itself lies as close to the plane as any plane allows;
//  - random:  two gaussian directions, filter-normalised (each weight row scaled to its row's norm
//             in theta, bias entries zero), Li et al.'s recipe for comparable pictures;
//  - weights: two chosen coordinates (unit vectors).
// Projection gives a path's (a, b) coordinates and how far each point lies off the plane.
// Not a renderer and not a loss evaluator (see loss_grid.h).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/nn/parameters.h"
#include "core/status.h"

namespace descent {

struct Plane {
  std::vector<float> center;   // (P) the origin of the (a, b) coordinates
  std::vector<float> d1, d2;   // (P) orthonormal for pca and weights planes; filter-normalised for random
  double explained[2] = {0, 0};  // pca: share of the trajectory's variance along d1, d2
};

struct PlanePoint {
  double a = 0, b = 0;   // coordinates in the plane (least squares)
  double off = 0;        // distance from the point to the plane, in weight space
};

// snapshots: at least 3 flat parameter vectors of equal length P; the plane's center is the last.
Result<Plane> pca_plane(const std::vector<std::vector<float>>& snapshots);
// One plane through `center` shared by several trajectories (e.g. SGD and momentum): the PCA of all
// their snapshots, each minus `center`.
Result<Plane> pca_plane(const std::vector<const std::vector<std::vector<float>>*>& trajectories,
                        const std::vector<float>& center);
// Filter-normalised random directions for the model whose tensor layout is `layout`.
Plane random_plane(const std::vector<float>& center, const std::vector<ParamTensor>& layout, uint32_t seed);
// Unit vectors along coordinates i and j (flat indices into the parameters).
Result<Plane> weights_plane(const std::vector<float>& center, size_t i, size_t j);

// Least-squares (a, b) of `theta` in the plane and its distance off it.
PlanePoint project(const Plane& plane, const std::vector<float>& theta);
// theta(a, b) into `out` (resized to P).
void plane_point(const Plane& plane, double a, double b, std::vector<float>& out);

}  // namespace descent
