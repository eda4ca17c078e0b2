// gradcheck.cpp: central differences with Richardson extrapolation against backprop (gradcheck.h).
#include "core/nn/gradcheck.h"

#include <algorithm>
#include <cmath>

#include "core/memory_budget.h"

namespace descent {

GradientChecker::GradientChecker(Network<double> net, Matrix<double> X, std::vector<int> y, const GradCheckDesc& desc)
    : net_(std::move(net)), X_(std::move(X)), y_(std::move(y)), desc_(desc) {
  net_.track_kinks = true;
  Rng dropout_rng(desc_.seed);
  const bool dropout = net_.desc().dropout > 0.0;
  net_.forward_backward(X_.ptr(), y_.data(), X_.rows, dropout ? &dropout_rng : nullptr);
  analytic_ = net_.params().grad;
  l1_kinks_ = net_.desc().reg.kind == Regularizer::L1 || net_.desc().reg.kind == Regularizer::Elastic;
  // Each tensor's coordinates in the order they are tried: all in order, or a seeded permutation of
  // which the first `target` that are not at a kink are compared.
  Rng sample_rng(desc_.seed ^ 0x9E3779B9u);
  for (const ParamTensor& t : net_.params().tensors) {
    std::vector<size_t> coords(t.size());
    for (size_t i = 0; i < coords.size(); ++i) coords[i] = i;
    size_t target = coords.size();
    if (desc_.max_per_tensor > 0 && coords.size() > size_t(desc_.max_per_tensor)) {
      shuffle(coords, sample_rng);
      target = size_t(desc_.max_per_tensor);
    }
    total_ += target;
    targets_.push_back(target);
    coords_.push_back(std::move(coords));
  }
}

GradientChecker::Eval GradientChecker::evaluate() {
  Rng rng(desc_.seed);  // the same dropout mask at every evaluation
  const bool dropout = net_.desc().dropout > 0.0;
  LossValue v = net_.loss(X_.ptr(), y_.data(), X_.rows, dropout ? &rng : nullptr);
  return {v.total(), net_.kink_signature()};
}

GradCheckSample GradientChecker::check_coordinate(const ParamTensor& t, size_t i) {
  double& w = net_.params().value[t.offset + i];
  const double saved = w, h = desc_.h;
  auto at = [&](double dw) {
    w = saved + dw;
    return evaluate();
  };
  const Eval p1 = at(h), m1 = at(-h), p2 = at(h / 2), m2 = at(-h / 2);
  w = saved;
  GradCheckSample s;
  s.index = i;
  s.analytic = analytic_[t.offset + i];
  const bool same_side = p1.kinks == m1.kinks && p2.kinks == p1.kinks && m2.kinks == p1.kinks;
  if (!same_side || (l1_kinks_ && t.is_weight && std::fabs(saved) < h)) {
    s.kink = true;
    return s;
  }
  const double d1 = (p1.loss - m1.loss) / (2 * h), d2 = (p2.loss - m2.loss) / h;
  s.numeric = (4 * d2 - d1) / 3;
  s.rel_error = std::fabs(s.analytic - s.numeric) / std::max({std::fabs(s.analytic), std::fabs(s.numeric), desc_.tiny});
  return s;
}

bool GradientChecker::advance(int coords) {
  const std::vector<ParamTensor>& tensors = net_.params().tensors;
  for (int n = 0; n < std::max(1, coords) && !done(); ++n) {
    if (pos_ == 0 && rows_.size() == tensor_) {
      rows_.push_back(GradCheckRow{});
      rows_.back().param = tensors[tensor_].name;
      rows_.back().requested = int(targets_[tensor_]);
      samples_.emplace_back();
    }
    const std::vector<size_t>& list = coords_[tensor_];
    GradCheckRow& row = rows_.back();
    if (pos_ < list.size() && size_t(row.checked) < targets_[tensor_]) {
      const GradCheckSample s = check_coordinate(tensors[tensor_], list[pos_++]);
      if (samples_.back().size() < size_t(kept_samples)) samples_.back().push_back(s);
      if (s.kink) {
        ++row.kinks_skipped;  // another coordinate takes its place, while there are any
      } else {
        ++done_coords_;
        if (row.checked == 0 || s.rel_error > row.max_rel_error || std::isnan(s.rel_error)) {
          row.max_rel_error = s.rel_error;
          row.worst_index = s.index;
          row.analytic = s.analytic;
          row.numeric = s.numeric;
        }
        ++row.checked;
      }
    }
    if (pos_ >= list.size() || size_t(row.checked) >= targets_[tensor_]) {
      // Nothing compared is not a pass: the tensor was not checked.
      row.passed = row.checked > 0 && row.max_rel_error < desc_.threshold && std::isfinite(row.max_rel_error);
      done_coords_ += targets_[tensor_] - std::min(targets_[tensor_], size_t(row.checked));
      pos_ = 0;
      ++tensor_;
    }
  }
  return !done();
}

std::vector<GradCheckRow> gradient_check(Network<double>& net, const Matrix<double>& X, const std::vector<int>& y,
                                         const GradCheckDesc& desc) {
  GradientChecker checker(net, X, y, desc);
  while (checker.advance(1 << 20)) {
  }
  return checker.rows();
}

Network<double> to_double(const Network<float>& net) {
  Network<double> out(net.desc(), net.input_dim(), net.num_classes());
  const std::vector<float>& src = net.params().value;
  for (size_t i = 0; i < src.size(); ++i) out.params().value[i] = double(src[i]);
  return out;
}

Status check_gradient_check_memory(const ModelDesc& model, int input_dim, int classes, int examples) {
  const MemoryEstimate f32 = network_memory(model, input_dim, classes, examples, sizeof(float));
  const MemoryEstimate f64 = network_memory(model, input_dim, classes, examples, sizeof(double));
  const uint64_t P = parameter_count(model, input_dim, classes);
  const uint64_t rows = uint64_t(std::max(examples, 1)) * uint64_t(std::max(input_dim, 0));
  const MemoryEstimate need{f32.bytes + f64.bytes + P * sizeof(double) + rows * sizeof(double),
                            f64.detail + ", once in float and once in double, and the examples as doubles"};
  return check_memory("gradient check of " + model_subject(model, input_dim, classes), need,
                      "choose fewer or narrower hidden layers, or fewer examples");
}

}  // namespace descent
