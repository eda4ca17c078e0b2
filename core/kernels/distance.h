// distance.h: all-pairs distances between query rows and training rows, the whole cost of kNN.
// out (nq, nx): out[i][j] = distance(Q row i, X row j); Q is (nq, D), X is (nx, D).
// L2 is the *squared* Euclidean distance (same ranking, no sqrt). Float kernels are SIMD;
// *_ref are the scalar references. The *_u8 kernels take byte images (pixels 0..255, as in
// MNIST/CIFAR files) and give exact integer distances: sum-of-absolute-differences for L1,
// 16-bit multiply-adds for L2 (D at most 66052, so D * 255^2 fits in 32 bits).
#pragma once
#include <cstdint>

namespace descent::kernels {

void l2_squared_distances(int nq, int nx, int D, const float* Q, const float* X, float* out);
void l1_distances(int nq, int nx, int D, const float* Q, const float* X, float* out);

void l2_squared_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out);
void l1_distances_ref(int nq, int nx, int D, const float* Q, const float* X, float* out);

constexpr int kMaxDimU8L2 = 66052;  // 66052 * 255^2 < 2^32

// out[i] = b where x[i] == float(b) / 255.f for a byte b (the image loaders' pixel values), for
// all n values; returns false (out then unspecified) as soon as one value is not of that form.
bool unit_floats_to_bytes(long n, const float* x, uint8_t* out);
bool unit_floats_to_bytes_ref(long n, const float* x, uint8_t* out);

void l2_squared_distances_u8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out);
void l1_distances_u8(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out);

void l2_squared_distances_u8_ref(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out);
void l1_distances_u8_ref(int nq, int nx, int D, const uint8_t* Q, const uint8_t* X, uint32_t* out);

}  // namespace descent::kernels
