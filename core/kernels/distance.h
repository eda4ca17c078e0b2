// distance.h: all-pairs distances between query rows and training rows, the whole cost of kNN.
// out (nq, nx): out[i][j] = distance(Q row i, X row j); Q is (nq, D), X is (nx, D).
// L2 is the *squared* Euclidean distance (same ranking, no sqrt). Float kernels are SIMD;
// *_ref are the scalar references.
#pragma once

namespace descent::kernels {

void l2_squared_distances(int nq, int nx, int D, const float* Q, const float* X, float* out);
void l1_distances(int nq, int nx, int D, const float* Q, const float* X, float* out);

void l2_squared_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out);
void l1_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out);

}  // namespace descent::kernels
