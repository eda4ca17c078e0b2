// finite_difference.cpp: difference quotients of W^2 and one SGD step (finite_difference.h).
#include "core/lecture/finite_difference.h"

#include <cmath>

#include "core/optim/sgd.h"

namespace descent::lecture {

Result<FiniteDifference> finite_difference(const FiniteDifferenceInputs& in) {
  if (!std::isfinite(in.w) || !std::isfinite(in.lr))
    return make_error(ErrorCode::Usage, "fd: W and lr must be finite numbers");
  if (!(in.h > 0 && in.h <= 1e6)) return make_error(ErrorCode::Usage, "fd: h must be in (0, 1e6]");
  auto L = [](double w) { return w * w; };
  FiniteDifference r;
  r.in = in;
  r.loss = L(in.w);
  r.loss_plus = L(in.w + in.h);
  r.loss_minus = L(in.w - in.h);
  r.forward = (r.loss_plus - r.loss) / in.h;
  r.central = (r.loss_plus - r.loss_minus) / (2 * in.h);
  r.exact = 2 * in.w;
  r.forward_error = std::fabs(r.forward - r.exact);
  r.central_error = std::fabs(r.central - r.exact);
  const Sgd<double> sgd{.lr = in.lr};
  r.w_next = in.w;
  sgd.update(1, &r.w_next, &r.exact);
  r.w_next_forward = in.w;
  sgd.update(1, &r.w_next_forward, &r.forward);
  return r;
}

}  // namespace descent::lecture
