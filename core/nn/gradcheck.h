// gradcheck.h: the lecture's gradient check: compare backprop's analytic gradient with central
// differences, coordinate by coordinate, in double precision. The difference quotient is
// D(h) = (L(w+h) - L(w-h)) / 2h, refined by Richardson extrapolation, (4 D(h/2) - D(h)) / 3, whose
// error is O(h^4): a larger h then keeps rounding noise (~1e-16 L / h) far below the tiny gradients
// that would otherwise fail a 1e-6 relative test.
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
  double h = 5e-3;           // step of D(h); D(h/2) is the other half. Measured: 5e-3 keeps both the
                             // O(h^4) truncation and the ~1e-16 L / h rounding below 1e-6 relative
  double tiny = 1e-8;        // floor of the relative error's denominator (gradients that are ~0)
  int max_per_tensor = 0;    // 0 = every coordinate; else a seeded random sample of this many, a
                             // coordinate at a kink replaced by the next of the sample's order
  uint32_t seed = 1;         // for the sample and the (fixed) dropout mask
  double threshold = 1e-6;   // a tensor passes when its max relative error is below this
  int examples = 16;         // training examples in the checked batch (the caller builds the batch)
};

// A tensor passes only when at least one coordinate was compared and every compared one is within
// the threshold; checked == 0 (every coordinate tried sat on a kink) is "not checked", never a pass.
struct GradCheckRow {
  std::string param;         // "W1", "b1", ...
  int requested = 0;         // coordinates to compare (the sample size, or the tensor's size)
  int checked = 0;           // coordinates compared (a kink's coordinate is replaced by another one)
  int kinks_skipped = 0;     // coordinates whose difference straddled a kink
  double max_rel_error = 0;  // over the checked coordinates
  size_t worst_index = 0;    // flat index within the tensor of the max
  double analytic = 0, numeric = 0;  // the two values at worst_index
  bool passed = false;
  bool not_checked() const { return checked == 0; }
};

struct GradCheckSample {
  size_t index = 0;          // flat index within its tensor
  double analytic = 0, numeric = 0, rel_error = 0;
  bool kink = false;         // skipped: the difference straddled a kink
};

// The check, a few coordinates at a time, so a UI frame never waits for all of it.
// Usage: GradientChecker c(to_double(net), X, y, {}); while (!c.done()) c.advance(50);
class GradientChecker {
 public:
  GradientChecker(Network<double> net, Matrix<double> X, std::vector<int> y, const GradCheckDesc& desc);
  // Checks up to `coords` more coordinates (at least one); returns true while work remains.
  bool advance(int coords);
  bool done() const { return tensor_ >= net_.params().tensors.size(); }
  double progress() const { return total_ ? double(done_coords_) / double(total_) : 1.0; }
  size_t total_coords() const { return total_; }
  // One row per tensor started so far (the last one partial until done()).
  const std::vector<GradCheckRow>& rows() const { return rows_; }
  // The first `kept_samples` coordinates checked in each tensor, for display.
  const std::vector<std::vector<GradCheckSample>>& samples() const { return samples_; }
  int kept_samples = 12;

 private:
  struct Eval {
    double loss;
    uint64_t kinks;
  };
  Eval evaluate();
  GradCheckSample check_coordinate(const ParamTensor& t, size_t i);

  Network<double> net_;
  Matrix<double> X_;
  std::vector<int> y_;
  GradCheckDesc desc_;
  std::vector<double> analytic_;
  std::vector<std::vector<size_t>> coords_;  // per tensor: the coordinates, in the order they are tried
  std::vector<size_t> targets_;              // per tensor: how many to compare
  std::vector<GradCheckRow> rows_;
  std::vector<std::vector<GradCheckSample>> samples_;
  size_t tensor_ = 0, pos_ = 0, done_coords_ = 0, total_ = 0;
  bool l1_kinks_ = false;
};

// Runs the check for every parameter tensor of `net` on the batch (X (N, D), y (N)). If the model
// uses dropout, one fixed mask (from desc.seed) is used for every evaluation, so the loss is a
// deterministic function of the weights. `net`'s parameters are restored afterwards.
std::vector<GradCheckRow> gradient_check(Network<double>& net, const Matrix<double>& X,
                                         const std::vector<int>& y, const GradCheckDesc& desc);

// The same model and weights in double precision.
Network<double> to_double(const Network<float>& net);

// Ok when a check of `model` on `examples` rows fits the memory limit (memory_budget.h): the model
// in float (as initialised) and in double with their workspaces, the examples as doubles and the
// analytic gradient; TooLarge naming the model otherwise.
Status check_gradient_check_memory(const ModelDesc& model, int input_dim, int classes, int examples);

}  // namespace descent
