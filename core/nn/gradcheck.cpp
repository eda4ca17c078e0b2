// gradcheck.cpp: central-difference gradient check (see gradcheck.h).
#include "core/nn/gradcheck.h"

#include <algorithm>
#include <cmath>

namespace descent {

namespace {

struct Eval {
  double loss;
  uint64_t kinks;
};

Eval evaluate(Network<double>& net, const Matrix<double>& X, const std::vector<int>& y, uint32_t seed) {
  Rng rng(seed);
  const bool dropout = net.desc().dropout > 0.0;
  LossValue v = net.loss(X.ptr(), y.data(), X.rows, dropout ? &rng : nullptr);
  return {v.total(), net.kink_signature()};
}

}  // namespace

std::vector<GradCheckRow> gradient_check(Network<double>& net, const Matrix<double>& X,
                                         const std::vector<int>& y, const GradCheckDesc& desc) {
  const bool was_tracking = net.track_kinks;
  net.track_kinks = true;
  Rng dropout_rng(desc.seed);
  const bool dropout = net.desc().dropout > 0.0;
  net.forward_backward(X.ptr(), y.data(), X.rows, dropout ? &dropout_rng : nullptr);
  Parameters<double>& p = net.params();
  const std::vector<double> analytic = p.grad;
  const bool l1_kinks = net.desc().reg.kind == Regularizer::L1 || net.desc().reg.kind == Regularizer::Elastic;

  Rng sample_rng(desc.seed ^ 0x9E3779B9u);
  std::vector<GradCheckRow> rows;
  for (const ParamTensor& t : p.tensors) {
    GradCheckRow row;
    row.param = t.name;
    std::vector<size_t> coords(t.size());
    for (size_t i = 0; i < coords.size(); ++i) coords[i] = i;
    if (desc.max_per_tensor > 0 && coords.size() > size_t(desc.max_per_tensor)) {
      shuffle(coords, sample_rng);
      coords.resize(size_t(desc.max_per_tensor));
      std::sort(coords.begin(), coords.end());
    }
    for (size_t i : coords) {
      double& w = p.value[t.offset + i];
      const double saved = w;
      w = saved + desc.h;
      const Eval plus = evaluate(net, X, y, desc.seed);
      w = saved - desc.h;
      const Eval minus = evaluate(net, X, y, desc.seed);
      w = saved;
      const bool crosses_abs = l1_kinks && t.is_weight && std::fabs(saved) < desc.h;
      if (plus.kinks != minus.kinks || crosses_abs) {
        ++row.kinks_skipped;
        continue;
      }
      const double n = (plus.loss - minus.loss) / (2.0 * desc.h);
      const double a = analytic[t.offset + i];
      const double rel = std::fabs(a - n) / std::max({std::fabs(a), std::fabs(n), desc.tiny});
      ++row.checked;
      if (rel > row.max_rel_error || row.checked == 1) {
        row.max_rel_error = std::max(rel, row.max_rel_error);
        if (rel >= row.max_rel_error) {
          row.worst_index = i;
          row.analytic = a;
          row.numeric = n;
        }
      }
    }
    row.passed = !(row.max_rel_error >= desc.threshold) && std::isfinite(row.max_rel_error);
    rows.push_back(row);
  }
  net.track_kinks = was_tracking;
  return rows;
}

Network<double> to_double(const Network<float>& net) {
  Network<double> out(net.desc(), net.input_dim(), net.num_classes());
  const std::vector<float>& src = net.params().value;
  for (size_t i = 0; i < src.size(); ++i) out.params().value[i] = double(src[i]);
  return out;
}

}  // namespace descent
