// momentum_theory.h: closed-form convergence rates on a quadratic with Hessian eigenvalues
// lmin <= lmax (condition number kappa = lmax/lmin), after Goh, "Why Momentum Really Works",
// Distill 2017; and the rate measured on a trajectory, to hold the theory beside the picture.
// Not for non-quadratic surfaces or adaptive optimizers (their iteration is not linear).
// Usage: double r = momentum_rate(alpha, beta, 1, 10);  measured_rate(run_trajectory(...), 0, 0)
#pragma once
#include "core/optim/optimizer.h"
#include "core/surface/trajectory.h"

namespace descent {

// Gradient descent, x_{k+1} = x_k - alpha*grad: on eigen-coordinate i the error is multiplied by
// (1 - alpha*l_i) each step, so the rate (error ratio per step, asymptotically) is max_i |1 - alpha*l_i|.
double gd_rate(double alpha, double lmin, double lmax);
double gd_best_step(double lmin, double lmax);  // 2 / (lmin + lmax)
double gd_best_rate(double lmin, double lmax);  // (kappa - 1) / (kappa + 1)

// Heavy-ball momentum in torch's form (Goh's form too): z = beta*z + grad; x -= alpha*z. On an
// eigen-coordinate with eigenvalue l, the state (z, x) maps linearly:
//   z_{k+1} = beta*z_k + l*x_k
//   x_{k+1} = x_k - alpha*z_{k+1} = -alpha*beta*z_k + (1 - alpha*l)*x_k
// i.e. by R = [[beta, l], [-alpha*beta, 1 - alpha*l]], with trace 1 + beta - alpha*l and det beta.
// The rate is R's spectral radius, the largest over the eigenvalues; it is sqrt(beta) wherever the
// eigenvalues of R are complex, and grows away from that band, so over an interval [lmin, lmax] the
// maximum sits at an end.
double momentum_rate(double alpha, double beta, double lmin, double lmax);
struct MomentumParams {
  double alpha, beta;
};
// alpha = (2 / (sqrt(lmin) + sqrt(lmax)))^2, beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2.
MomentumParams momentum_best_params(double lmin, double lmax);
double momentum_best_rate(double lmin, double lmax);  // sqrt(beta) = (sqrt(kappa) - 1) / (sqrt(kappa) + 1)

// Nesterov in torch's form: z = beta*z + grad; x -= alpha*(grad + beta*z). Per eigen-coordinate
//   R = [[beta, l], [-alpha*beta^2, 1 - alpha*l*(1 + beta)]].
double nesterov_rate(double alpha, double beta, double lmin, double lmax);

// The spectral radius (largest |eigenvalue|, eigenvalues possibly complex) of [[a, b], [c, d]].
double spectral_radius_2x2(double a, double b, double c, double d);

// The predicted rate of an SGD, Momentum or Nesterov description (defaults resolved) on the
// quadratic; NaN for the adaptive kinds, whose iteration is not linear.
double predicted_rate(const OptimizerDesc& desc, double lmin, double lmax);

// The rate measured on a trajectory: exp of the least-squares slope of ln |p_k - p*| against k over
// points [first, last] (default: the second half). A least-squares fit, not the ratio of the two
// ends, because momentum's error spirals: |p_k - p*| oscillates under its rate^k envelope, and the
// fit averages the oscillation out (~1e-5 relative after 2000 steps, where the end ratio gives 1e-4..1e-3).
// Points exactly at p* are skipped; returns 0 if fewer than two remain.
double measured_rate(const Trajectory& trajectory, double x_star, double y_star, int first = -1, int last = -1);

}  // namespace descent
