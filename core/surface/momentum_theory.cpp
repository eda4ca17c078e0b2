// momentum_theory.cpp: the rate formulas of momentum_theory.h (Goh, Distill 2017), and the
// least-squares rate measurement.
#include "core/surface/momentum_theory.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace descent {

double gd_rate(double alpha, double lmin, double lmax) {
  return std::max(std::fabs(1 - alpha * lmin), std::fabs(1 - alpha * lmax));
}

double gd_best_step(double lmin, double lmax) { return 2 / (lmin + lmax); }

double gd_best_rate(double lmin, double lmax) {
  const double kappa = lmax / lmin;
  return (kappa - 1) / (kappa + 1);
}

double spectral_radius_2x2(double a, double b, double c, double d) {
  // Eigenvalues: t/2 +- sqrt(t^2/4 - det), t the trace; complex when the root's argument is negative.
  const double half_trace = 0.5 * (a + d);
  const double det = a * d - b * c;
  const std::complex<double> root = std::sqrt(std::complex<double>(half_trace * half_trace - det, 0.0));
  return std::max(std::abs(half_trace + root), std::abs(half_trace - root));
}

double momentum_rate(double alpha, double beta, double lmin, double lmax) {
  auto radius = [&](double l) { return spectral_radius_2x2(beta, l, -alpha * beta, 1 - alpha * l); };
  return std::max(radius(lmin), radius(lmax));
}

MomentumParams momentum_best_params(double lmin, double lmax) {
  const double sa = std::sqrt(lmin), sb = std::sqrt(lmax);
  const double alpha = (2 / (sa + sb)) * (2 / (sa + sb));
  const double r = (sb - sa) / (sb + sa);  // (sqrt(kappa) - 1) / (sqrt(kappa) + 1)
  return {alpha, r * r};
}

double momentum_best_rate(double lmin, double lmax) {
  const double sa = std::sqrt(lmin), sb = std::sqrt(lmax);
  return (sb - sa) / (sb + sa);
}

double nesterov_rate(double alpha, double beta, double lmin, double lmax) {
  auto radius = [&](double l) {
    return spectral_radius_2x2(beta, l, -alpha * beta * beta, 1 - alpha * l * (1 + beta));
  };
  return std::max(radius(lmin), radius(lmax));
}

double predicted_rate(const OptimizerDesc& desc, double lmin, double lmax) {
  const OptimizerDesc& d = desc;
  switch (d.kind) {
    case OptimizerKind::SGD: return gd_rate(d.lr, lmin, lmax);
    case OptimizerKind::Momentum: return momentum_rate(d.lr, d.momentum, lmin, lmax);
    case OptimizerKind::Nesterov: return nesterov_rate(d.lr, d.momentum, lmin, lmax);
    default: return std::nan("");
  }
}

double measured_rate(const Trajectory& trajectory, double x_star, double y_star, int first, int last) {
  const int n = int(trajectory.points.size());
  if (first < 0) first = n / 2;
  if (last < 0 || last >= n) last = n - 1;
  // Least squares of ln d_k = c + k ln(rate), centred sums for accuracy.
  double sk = 0, sl = 0;
  int count = 0;
  for (int k = first; k <= last; ++k) {
    const TrajectoryPoint& p = trajectory.points[size_t(k)];
    const double d = std::hypot(p.x - x_star, p.y - y_star);
    if (d > 0) sk += k, sl += std::log(d), ++count;
  }
  if (count < 2) return 0;
  const double km = sk / count, lm = sl / count;
  double skl = 0, skk = 0;
  for (int k = first; k <= last; ++k) {
    const TrajectoryPoint& p = trajectory.points[size_t(k)];
    const double d = std::hypot(p.x - x_star, p.y - y_star);
    if (d > 0) skl += (k - km) * (std::log(d) - lm), skk += (k - km) * (k - km);
  }
  return std::exp(skl / skk);
}

}  // namespace descent
