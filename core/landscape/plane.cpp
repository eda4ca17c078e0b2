// plane.cpp: PCA, filter-normalised and coordinate planes, and projection onto them (plane.h).
#include "core/landscape/plane.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace descent {

namespace {

constexpr size_t kMaxPcaRows = 256;  // snapshots beyond this are subsampled evenly

double dot(const std::vector<float>& x, const std::vector<float>& y) {
  double s = 0;
  for (size_t i = 0; i < x.size(); ++i) s += double(x[i]) * double(y[i]);
  return s;
}

// Eigen-decomposition of the symmetric n x n matrix A (row-major, destroyed) by cyclic Jacobi
// rotations: evals (n), evecs (n x n, column k is the k-th eigenvector).
void jacobi_eigen(int n, std::vector<double>& A, std::vector<double>& evals, std::vector<double>& evecs) {
  evecs.assign(size_t(n) * size_t(n), 0.0);
  for (int i = 0; i < n; ++i) evecs[size_t(i) * size_t(n) + size_t(i)] = 1.0;
  auto a = [&](int i, int j) -> double& { return A[size_t(i) * size_t(n) + size_t(j)]; };
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0, diag = 0;
    for (int i = 0; i < n; ++i) {
      diag += a(i, i) * a(i, i);
      for (int j = i + 1; j < n; ++j) off += a(i, j) * a(i, j);
    }
    if (off <= 1e-30 * (diag + 1e-300)) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        if (a(p, q) == 0.0) continue;
        const double theta = (a(q, q) - a(p, p)) / (2.0 * a(p, q));
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < n; ++k) {  // A <- A J (columns p, q)
          const double akp = a(k, p), akq = a(k, q);
          a(k, p) = c * akp - s * akq;
          a(k, q) = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {  // A <- J^T A (rows p, q)
          const double apk = a(p, k), aqk = a(q, k);
          a(p, k) = c * apk - s * aqk;
          a(q, k) = s * apk + c * aqk;
        }
        for (int k = 0; k < n; ++k) {
          double& vp = evecs[size_t(k) * size_t(n) + size_t(p)];
          double& vq = evecs[size_t(k) * size_t(n) + size_t(q)];
          const double x = vp, y = vq;
          vp = c * x - s * y;
          vq = s * x + c * y;
        }
      }
  }
  evals.resize(size_t(n));
  for (int i = 0; i < n; ++i) evals[size_t(i)] = a(i, i);
}

// The plane through `center` that best fits the rows (least squares, uncentred: the plane must pass
// through the center), from the top two eigenvectors of the rows' Gram matrix.
Result<Plane> plane_from_rows(const std::vector<std::vector<float>>& rows, const std::vector<float>& center) {
  const int n = int(rows.size());
  const size_t P = center.size();
  std::vector<double> G(size_t(n) * size_t(n));
  for (int i = 0; i < n; ++i)
    for (int j = i; j < n; ++j) G[size_t(i) * size_t(n) + size_t(j)] = G[size_t(j) * size_t(n) + size_t(i)] = dot(rows[size_t(i)], rows[size_t(j)]);
  double trace = 0;
  for (int i = 0; i < n; ++i) trace += G[size_t(i) * size_t(n) + size_t(i)];
  if (!(trace > 0))
    return make_error(ErrorCode::Usage, "the trajectory has not moved from its end point yet: take a few steps first");
  std::vector<double> evals, evecs;
  jacobi_eigen(n, G, evals, evecs);
  std::vector<int> order(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) order[size_t(i)] = i;
  std::sort(order.begin(), order.end(), [&](int x, int y) { return evals[size_t(x)] > evals[size_t(y)]; });
  Plane plane;
  plane.center = center;
  for (int k = 0; k < 2; ++k) {
    std::vector<float>& d = k == 0 ? plane.d1 : plane.d2;
    std::vector<double> acc(P, 0.0);
    const int col = order[size_t(std::min(k, n - 1))];
    for (int i = 0; i < n; ++i) {
      const double u = evecs[size_t(i) * size_t(n) + size_t(col)];
      for (size_t p = 0; p < P; ++p) acc[p] += u * double(rows[size_t(i)][p]);
    }
    double norm = 0;
    for (double v : acc) norm += v * v;
    norm = std::sqrt(norm);
    d.assign(P, 0.0f);
    const bool degenerate = k == 1 && (n < 2 || evals[size_t(col)] <= 1e-12 * trace);
    if (!degenerate && norm > 0) {
      for (size_t p = 0; p < P; ++p) d[p] = float(acc[p] / norm);
      plane.explained[k] = std::max(0.0, evals[size_t(col)]) / trace;
    }
  }
  if (plane.explained[1] == 0.0) {
    // The path is a straight line: complete the plane with any unit vector orthogonal to d1.
    std::vector<float>& d2 = plane.d2;
    size_t best = 0;
    for (size_t p = 0; p < P; ++p)
      if (std::fabs(plane.d1[p]) < std::fabs(plane.d1[best])) best = p;
    d2.assign(P, 0.0f);
    d2[best] = 1.0f;
    const double c = dot(d2, plane.d1);
    double norm = 0;
    for (size_t p = 0; p < P; ++p) {
      d2[p] = float(double(d2[p]) - c * double(plane.d1[p]));
      norm += double(d2[p]) * double(d2[p]);
    }
    norm = std::sqrt(norm);
    if (norm > 0)
      for (float& v : d2) v = float(double(v) / norm);
  }
  return plane;
}

void append_differences(const std::vector<std::vector<float>>& snaps, const std::vector<float>& center,
                        size_t budget, std::vector<std::vector<float>>& rows) {
  const size_t n = snaps.size();
  const size_t take = std::min(n, budget);
  for (size_t t = 0; t < take; ++t) {
    const size_t i = take > 1 ? t * (n - 1) / (take - 1) : 0;
    std::vector<float> r(center.size());
    for (size_t p = 0; p < center.size(); ++p) r[p] = snaps[i][p] - center[p];
    rows.push_back(std::move(r));
  }
}

}  // namespace

Result<Plane> pca_plane(const std::vector<std::vector<float>>& snapshots) {
  if (snapshots.size() < 3) return make_error(ErrorCode::Usage, "a PCA plane needs at least 3 trajectory snapshots");
  const std::vector<const std::vector<std::vector<float>>*> one{&snapshots};
  return pca_plane(one, snapshots.back());
}

Result<Plane> pca_plane(const std::vector<const std::vector<std::vector<float>>*>& trajectories,
                        const std::vector<float>& center) {
  std::vector<std::vector<float>> rows;
  size_t total = 0;
  for (const auto* t : trajectories) {
    for (const auto& s : *t)
      if (s.size() != center.size()) return make_error(ErrorCode::Mismatch, "trajectory snapshots differ in size");
    total += t->size();
  }
  if (total < 2) return make_error(ErrorCode::Usage, "a PCA plane needs at least 2 snapshots");
  for (const auto* t : trajectories)
    append_differences(*t, center, std::max<size_t>(2, kMaxPcaRows * t->size() / total), rows);
  return plane_from_rows(rows, center);
}

Plane random_plane(const std::vector<float>& center, const std::vector<ParamTensor>& layout, uint32_t seed) {
  Plane plane;
  plane.center = center;
  Rng rng(seed);
  for (std::vector<float>* d : {&plane.d1, &plane.d2}) {
    d->assign(center.size(), 0.0f);
    for (const ParamTensor& t : layout) {
      if (!t.is_weight) continue;  // biases stay 0 (Li et al. leave them out)
      for (int r = 0; r < t.rows; ++r) {
        const size_t off = t.offset + size_t(r) * size_t(t.cols);
        double dn = 0, wn = 0;
        for (int c = 0; c < t.cols; ++c) {
          const double g = rng.normal();
          (*d)[off + size_t(c)] = float(g);
          dn += g * g;
          wn += double(center[off + size_t(c)]) * double(center[off + size_t(c)]);
        }
        const double scale = dn > 0 ? std::sqrt(wn / dn) : 0.0;  // the filter's norm in theta
        for (int c = 0; c < t.cols; ++c) (*d)[off + size_t(c)] = float((*d)[off + size_t(c)] * scale);
      }
    }
  }
  return plane;
}

Result<Plane> weights_plane(const std::vector<float>& center, size_t i, size_t j) {
  if (i >= center.size() || j >= center.size() || i == j)
    return make_error(ErrorCode::Usage, "choose two different weights among the model's " + std::to_string(center.size()));
  Plane plane;
  plane.center = center;
  plane.d1.assign(center.size(), 0.0f);
  plane.d2.assign(center.size(), 0.0f);
  plane.d1[i] = 1.0f;
  plane.d2[j] = 1.0f;
  return plane;
}

PlanePoint project(const Plane& plane, const std::vector<float>& theta) {
  const size_t P = plane.center.size();
  double g11 = 0, g12 = 0, g22 = 0, r1 = 0, r2 = 0, vv = 0;
  for (size_t p = 0; p < P; ++p) {
    const double v = double(theta[p]) - double(plane.center[p]);
    const double a = plane.d1[p], b = plane.d2[p];
    g11 += a * a;
    g12 += a * b;
    g22 += b * b;
    r1 += a * v;
    r2 += b * v;
    vv += v * v;
  }
  PlanePoint out;
  const double det = g11 * g22 - g12 * g12;
  if (det > 0) {
    out.a = (g22 * r1 - g12 * r2) / det;
    out.b = (g11 * r2 - g12 * r1) / det;
  }
  // |v - a d1 - b d2|^2 = |v|^2 - (a r1 + b r2) at the least-squares solution.
  out.off = std::sqrt(std::max(0.0, vv - (out.a * r1 + out.b * r2)));
  return out;
}

void plane_point(const Plane& plane, double a, double b, std::vector<float>& out) {
  const size_t P = plane.center.size();
  out.resize(P);
  for (size_t p = 0; p < P; ++p)
    out[p] = float(double(plane.center[p]) + a * double(plane.d1[p]) + b * double(plane.d2[p]));
}

}  // namespace descent
