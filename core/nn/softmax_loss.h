// softmax_loss.h: the softmax cross-entropy criterion, L = mean_n( log sum_j e^{s_nj} - s_n,y_n ),
// the lecture's "softmax classifier" loss. dL/ds_nj = (softmax(s_n)_j - [j == y_n]) / N.
// The work is the fused kernel in core/kernels/softmax.h. Not a regulariser: see regularizer.h.
#pragma once
#include "core/kernels/softmax.h"

namespace descent {

struct SoftmaxCrossEntropy {
  // S (N, C) scores; y (N) labels in [0, C). Returns the mean loss; if dS is not null writes
  // dL/dS (N, C) there (dS may alias S).
  template <typename T>
  static double forward_backward(const T* S, const int* y, int N, int C, T* dS) {
    if (N == 0) return 0.0;
    return kernels::softmax_cross_entropy(N, C, S, y, T(1) / T(N), dS) / double(N);
  }
};

}  // namespace descent
