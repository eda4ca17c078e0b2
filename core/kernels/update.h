// update.h: the element-wise parameter updates of the optimizers, over flat arrays of n values,
// in torch.optim's exact evaluation order (core/optim/ has the lecture's forms). Float overloads
// are SIMD kernels; double ones and *_ref are scalar. p: parameters, g: gradient, state buffers as
// named, all of length n. Weight decay lives in the loss (core/nn/regularizer.h), not here.
// Below, fma(a,b,c) = a*b+c rounded once (torch 1.13 fuses there on AVX2/AVX-512 CPUs, and so do
// the references and the AVX2/AVX3 targets; SSE4 and WASM SIMD128 round twice: a last-bit
// difference). Scalar coefficients (1-b1, lr/bc1, sqrt(bc2), ...) are computed in double from the
// arguments and rounded to T once.
#pragma once

namespace descent::kernels {

// p = fma(g, -lr, p)
void sgd_update(int n, float* p, const float* g, float lr);
void sgd_update(int n, double* p, const double* g, double lr);
// buf = buf*mu + g;  d = nesterov ? fma(buf, mu, g) : buf;  p = fma(d, -lr, p)
//   (torch.optim.SGD, dampening 0)
void momentum_update(int n, float* p, const float* g, float* buf, float lr, float mu, bool nesterov);
void momentum_update(int n, double* p, const double* g, double* buf, double lr, double mu, bool nesterov);
// sum = fma(g, g, sum);  p = p + ((-lr)*g) / (sqrt(sum) + eps)   (torch.optim.Adagrad; lr already
//   decayed)
void adagrad_update(int n, float* p, const float* g, float* sum, float lr, float eps);
void adagrad_update(int n, double* p, const double* g, double* sum, double lr, double eps);
// sq = fma((1-alpha)*g, g, sq*alpha);  p = p + ((-lr)*g) / (sqrt(sq) + eps)   (torch.optim.RMSprop)
void rmsprop_update(int n, float* p, const float* g, float* sq, float lr, float alpha, float eps);
void rmsprop_update(int n, double* p, const double* g, double* sq, double lr, double alpha, double eps);
// m = fma(g, 1-b1, m*b1);  v = fma((1-b2)*g, g, v*b2);
// p = p + ((-lr/bc1)*m) / (sqrt(v)/sqrt(bc2) + eps),  bc1 = 1-b1^t, bc2 = 1-b2^t  (torch.optim.Adam)
void adam_update(int n, float* p, const float* g, float* m, float* v, float lr, float b1, float b2,
                 float eps, float bc1, float bc2);
void adam_update(int n, double* p, const double* g, double* m, double* v, double lr, double b1, double b2,
                 double eps, double bc1, double bc2);

template <typename T> void sgd_update_ref(int n, T* p, const T* g, T lr);
template <typename T> void momentum_update_ref(int n, T* p, const T* g, T* buf, T lr, T mu, bool nesterov);
template <typename T> void adagrad_update_ref(int n, T* p, const T* g, T* sum, T lr, T eps);
template <typename T> void rmsprop_update_ref(int n, T* p, const T* g, T* sq, T lr, T alpha, T eps);
template <typename T>
void adam_update_ref(int n, T* p, const T* g, T* m, T* v, T lr, T b1, T b2, T eps, T bc1, T bc2);

}  // namespace descent::kernels
