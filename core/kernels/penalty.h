// penalty.h: the L2 weight penalty of the lecture, lambda * sum W^2, and its gradient 2 lambda W
// added into gW, over a flat array of n weights: the SIMD form of regularize() (core/nn/regularizer.h)
// for the L2 case, which a training step calls once per weight matrix. The gradient term is
// computed in double and rounded once, exactly as regularize() does, so both give identical gW.
// Usage: double r = l2_penalty(n, W, gW, lambda);  // r = lambda * sum W^2; gW += 2 lambda W
#pragma once

namespace descent::kernels {

// Returns lambda * sum_i W_i^2 (accumulated in double); if gW is not null, gW_i += T(lambda * 2 W_i).
double l2_penalty(int n, const float* W, float* gW, double lambda);
double l2_penalty(int n, const double* W, double* gW, double lambda);

template <typename T> double l2_penalty_ref(int n, const T* W, T* gW, double lambda);

}  // namespace descent::kernels
