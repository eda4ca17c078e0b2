// svm_loss.h: the multiclass SVM (Weston-Watkins hinge) criterion with margin delta = 1,
// L = mean_n sum_{j != y_n} max(0, s_nj - s_n,y_n + delta). Its subgradient at the hinge's kink is
// taken as 0 (the margin term counts only when strictly positive); active_set_hash() lets the
// gradient check see when a finite difference straddles such a kink.
#pragma once
#include <cstdint>

namespace descent {

struct MulticlassSvmLoss {
  double margin = 1.0;

  // S (N, C) scores; y (N) labels. Returns the mean loss; if dS is not null writes dL/dS (N, C)
  // (dS may alias S: each row is read fully before it is written).
  template <typename T>
  double forward_backward(const T* S, const int* y, int N, int C, T* dS) const {
    double total = 0.0;
    for (int n = 0; n < N; ++n) {
      const T* s = S + size_t(n) * size_t(C);
      const double correct = double(s[y[n]]);
      int active = 0;
      for (int j = 0; j < C; ++j) {
        if (j == y[n]) continue;
        double m = double(s[j]) - correct + margin;
        if (m > 0) total += m;
      }
      if (!dS) continue;
      T* d = dS + size_t(n) * size_t(C);
      const T inv_n = T(1) / T(N);
      for (int j = 0; j < C; ++j) {
        if (j == y[n]) continue;
        bool on = double(s[j]) - correct + margin > 0;
        active += on;
        d[j] = on ? inv_n : T(0);
      }
      d[y[n]] = -T(active) * inv_n;
    }
    return N > 0 ? total / double(N) : 0.0;
  }

  // A hash of which margin terms are positive: equal hashes at w+h and w-h mean no hinge kink was
  // crossed between them.
  template <typename T>
  uint64_t active_set_hash(const T* S, const int* y, int N, int C) const {
    uint64_t h = 1469598103934665603ull;
    for (int n = 0; n < N; ++n) {
      const T* s = S + size_t(n) * size_t(C);
      for (int j = 0; j < C; ++j) {
        bool on = j != y[n] && double(s[j]) - double(s[y[n]]) + margin > 0;
        h = (h ^ uint64_t(on)) * 1099511628211ull;
      }
    }
    return h;
  }
};

}  // namespace descent
