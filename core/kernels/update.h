// update.h: the element-wise parameter updates of the optimizers, over flat arrays of n values,
// written to give torch.optim's iterates exactly (see core/optim/ for the formulas and the
// lecture's forms). Float overloads are SIMD kernels; double ones and *_ref are scalar.
// p: parameters, g: gradient, state buffers as named; all of length n. Weight decay lives in the
// loss (core/nn/regularizer.h), not here.
#pragma once

namespace descent::kernels {

// p -= lr * g
void sgd_update(int n, float* p, const float* g, float lr);
void sgd_update(int n, double* p, const double* g, double lr);
// buf = mu*buf + g;  p -= lr * (nesterov ? g + mu*buf : buf)   (torch.optim.SGD, dampening 0)
void momentum_update(int n, float* p, const float* g, float* buf, float lr, float mu, bool nesterov);
void momentum_update(int n, double* p, const double* g, double* buf, double lr, double mu, bool nesterov);
// sum += g^2;  p -= lr * g / (sqrt(sum) + eps)   (torch.optim.Adagrad; lr already decayed)
void adagrad_update(int n, float* p, const float* g, float* sum, float lr, float eps);
void adagrad_update(int n, double* p, const double* g, double* sum, double lr, double eps);
// sq = alpha*sq + (1-alpha)*g^2;  p -= lr * g / (sqrt(sq) + eps)   (torch.optim.RMSprop)
void rmsprop_update(int n, float* p, const float* g, float* sq, float lr, float alpha, float eps);
void rmsprop_update(int n, double* p, const double* g, double* sq, double lr, double alpha, double eps);
// m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;
// p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps),  bc1 = 1-b1^t, bc2 = 1-b2^t  (torch.optim.Adam)
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
