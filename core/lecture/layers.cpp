// layers.cpp: the network's forward, one function at a time, named as the lecture and Torch7 do (layers.h).
#include "core/lecture/layers.h"

#include <algorithm>
#include <cmath>

#include "core/data/toy2d.h"
#include "core/data/registry.h"
#include "core/kernels/activation.h"
#include "core/nn/network.h"

namespace descent::lecture {

namespace {
// Function names in order, skipping I and O (O is the output): F, G, H, J, K as on the slide.
constexpr const char* kLetters = "FGHJKLMNPQRSTUVWXYZ";

// prefix + n, appended (GCC 12 warns falsely about "a" + std::to_string(n): -Wrestrict).
std::string numbered(const char* prefix, long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

std::string torch_activation(kernels::Activation a) {
  switch (a) {
    case kernels::Activation::ReLU: return "nn.ReLU()";
    case kernels::Activation::Tanh: return "nn.Tanh()";
    case kernels::Activation::Sigmoid: return "nn.Sigmoid()";
    case kernels::Activation::Identity: return "nn.Identity()";
  }
  return "?";
}
}  // namespace

LayersInputs lecture_layers_inputs() {
  LayersInputs in;
  in.model.kind = ModelKind::MLP;
  in.model.hidden = {64, 64};
  in.model.activation = kernels::Activation::ReLU;
  in.model.init = InitKind::Torch;
  in.classes = 3;
  // A point of the default spiral (its 60th of class 0, half-way out along the arm).
  const Dataset spiral = make_toy2d({.kind = Toy2d::Spiral, .noise = kDefaultToyNoise, .seed = 0});
  in.x.assign(spiral.X.row(60), spiral.X.row(60) + 2);
  in.label = spiral.y[60];
  in.seed = 1;
  return in;
}

Result<LayersExample> layers_example(const LayersInputs& in) {
  if (in.model.kind != ModelKind::MLP) return make_error(ErrorCode::Usage, "layers: the model must be an mlp");
  const int D = int(in.x.size());
  if (D < 1 || D > 4096) return make_error(ErrorCode::Usage, "layers: x needs 1..4096 values");
  for (double v : in.x)
    if (!std::isfinite(v)) return make_error(ErrorCode::Usage, "layers: x must be finite");
  if (in.classes < 2 || in.classes > 64) return make_error(ErrorCode::Usage, "layers: classes must be 2..64");
  if (in.label < 0 || in.label >= in.classes)
    return make_error(ErrorCode::Usage, "layers: the label must be 0.." + std::to_string(in.classes - 1));
  for (int h : hidden_layers(in.model))
    if (h < 1 || h > 4096) return make_error(ErrorCode::Usage, "layers: hidden widths must be 1..4096");
  if (hidden_layers(in.model).size() > 8) return make_error(ErrorCode::Usage, "layers: at most 8 hidden layers");

  ModelDesc desc = in.model;
  desc.dropout = 0;
  Network<double> net(desc, D, in.classes);
  net.init(in.seed);
  LayersExample r;
  r.in = in;
  r.total_params = long(net.params().size());
  const int L = net.num_layers();
  // The network's own forward and backward (criterion:forward, criterion:backward, model:backward).
  const std::vector<int> y{in.label};
  r.loss = net.forward_backward(in.x.data(), y.data(), 1).total();
  const double* o = net.activation(L - 1).ptr();
  r.predicted = int(std::max_element(o, o + in.classes) - o);

  r.torch_code.push_back("model = nn.Sequential()");
  std::vector<double> a = in.x;  // the current function's input
  std::string a_name = "x";
  int module = 0;
  for (int l = 0; l < L; ++l) {
    const Linear<double>& layer = net.layer(l);
    // The Linear module alone: z = W a + b (the engine's layer with its activation left out).
    Linear<double> linear = layer;
    linear.act = kernels::Activation::Identity;
    std::vector<double> z(size_t(layer.out));
    linear.forward(a.data(), 1, z.data());
    ++module;
    const bool last = l + 1 == L;
    LayerStep s;
    s.module_index = module;
    s.output = last ? "o" : numbered("a", module);
    s.formula = s.output + " = " + kLetters[module - 1] + "(" + a_name + ", " + numbered("W", module) + ")";
    s.module = numbered("nn.Linear(", layer.in) + ", " + std::to_string(layer.out) + ")";
    s.in_size = layer.in;
    s.out_size = layer.out;
    s.params = numbered("W", module) + " (" + std::to_string(layer.out) + ", " + std::to_string(layer.in) + "), " +
               numbered("b", module) + " (" + std::to_string(layer.out) + ")";
    s.num_params = long(layer.out) * layer.in + layer.out;
    s.engine_tensor = numbered("W", l + 1);
    s.values = z;
    double g2 = 0;
    for (int i = 0; i < layer.out * layer.in; ++i) g2 += layer.grad_weight[i] * layer.grad_weight[i];
    s.grad_weight_norm = std::sqrt(g2);
    r.steps.push_back(s);
    r.torch_code.push_back("model:add(" + s.module + ")");
    a = z;
    a_name = s.output;
    if (!last) {  // the activation module: a = G(a)
      kernels::bias_activation_forward(1, layer.out, a.data(), nullptr, layer.act);
      ++module;
      LayerStep t;
      t.module_index = module;
      t.output = numbered("a", module);
      t.formula = t.output + " = " + kLetters[module - 1] + "(" + a_name + ")";
      t.module = torch_activation(layer.act);
      t.in_size = t.out_size = layer.out;
      t.values = a;
      r.steps.push_back(t);
      r.torch_code.push_back("model:add(" + t.module + ")");
      a_name = t.output;
    }
    // The step's output against the network's fused Linear + activation.
    const double* fused = net.activation(l).ptr();
    for (int j = 0; j < layer.out; ++j)
      r.max_step_error = std::max(r.max_step_error, std::fabs(a[size_t(j)] - fused[j]));
  }
  r.torch_code.push_back("criterion = " + r.criterion);
  r.torch_code.push_back("o = model:forward(x)");
  r.torch_code.push_back("loss = criterion:forward(o, y)");
  r.torch_code.push_back("model:backward(x, criterion:backward(o, y))  -- fills each nn.Linear's gradWeight");
  return r;
}

}  // namespace descent::lecture
