// regularizer.h: the lecture's weight penalties R(W), added to the data loss as lambda * R(W):
//   L2: sum W^2    L1: sum |W|    elastic net: sum (beta W^2 + |W|)
// applied to weight tensors only, never to biases. Note the lecture's L2 is lambda*sum W^2 (gradient
// 2 lambda W): torch's weight_decay=wd (gradient wd*W) equals Descent's L2 with lambda = wd/2.
// The subgradient of |w| at w = 0 is taken as 0.
#pragma once
#include <cmath>
#include <string_view>

#include "core/status.h"

namespace descent {

enum class Regularizer { None, L2, L1, Elastic };

struct RegularizerDesc {
  Regularizer kind = Regularizer::None;
  double lambda = 0.0;  // strength
  double beta = 0.5;    // elastic net's weight on the squared term
};

const char* regularizer_name(Regularizer r);
Result<Regularizer> parse_regularizer(std::string_view s);

// Returns lambda * R(W) for the n weights W and ADDS its gradient to gW (if not null).
template <typename T>
double regularize(const RegularizerDesc& reg, const T* W, T* gW, size_t n) {
  if (reg.kind == Regularizer::None || reg.lambda == 0.0) return 0.0;
  const double l2 = reg.kind == Regularizer::L2 ? 1.0 : reg.kind == Regularizer::Elastic ? reg.beta : 0.0;
  const double l1 = reg.kind == Regularizer::L1 || reg.kind == Regularizer::Elastic ? 1.0 : 0.0;
  double r = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double w = double(W[i]);
    r += l2 * w * w + l1 * std::fabs(w);
    if (gW) {
      const double sign = w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0;
      gW[i] += T(reg.lambda * (2.0 * l2 * w + l1 * sign));
    }
  }
  return reg.lambda * r;
}

}  // namespace descent
