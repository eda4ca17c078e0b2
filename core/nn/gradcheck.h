// gradcheck.h: the lecture's gradient check: compare backprop's analytic gradient with central
// differences, (L(w+h) - L(w-h)) / 2h, coordinate by coordinate, in double precision.
// Relative error per coordinate |a - n| / max(|a|, |n|, tiny); reported per parameter tensor as the max.
// Kinks: where the +h and -h evaluations fall on different sides of a ReLU, a hinge or |w| (the
// network's kink_signature or the weight's sign changes), the difference quotient is not a derivative;
// such coordinates are skipped and counted, not hidden.
// Usage: auto rows = gradient_check(to_double(net), X, y, {});  // X is (N, D) in double
#pragma once
#include <string>
#include <vector>

#include "core/nn/network.h"

namespace descent {

struct GradCheckDesc {
  double h = 1e-5;           // step; in double, truncation ~h^2 and rounding ~1e-16/h balance near here
  double tiny = 1e-8;        // floor of the relative error's denominator (gradients that are ~0)
  int max_per_tensor = 0;    // 0 = every coordinate; else a seeded random sample of this many
  uint32_t seed = 1;         // for the sample and the (fixed) dropout mask
  double threshold = 1e-6;   // a tensor passes when its max relative error is below this
};

struct GradCheckRow {
  std::string param;         // "W1", "b1", ...
  int checked = 0;           // coordinates compared
  int kinks_skipped = 0;     // coordinates whose difference straddled a kink
  double max_rel_error = 0;  // over the checked coordinates
  size_t worst_index = 0;    // flat index within the tensor of the max
  double analytic = 0, numeric = 0;  // the two values at worst_index
  bool passed = true;
};

// Runs the check for every parameter tensor of `net` on the batch (X (N, D), y (N)). If the model
// uses dropout, one fixed mask (from desc.seed) is used for every evaluation, so the loss is a
// deterministic function of the weights. `net`'s parameters are restored afterwards.
std::vector<GradCheckRow> gradient_check(Network<double>& net, const Matrix<double>& X,
                                         const std::vector<int>& y, const GradCheckDesc& desc);

// The same model and weights in double precision.
Network<double> to_double(const Network<float>& net);

}  // namespace descent
