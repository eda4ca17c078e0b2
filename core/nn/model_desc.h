// model_desc.h: the one description of a classifier, shared by the CLI flags, the app's panels
// and (later) the URL state. Zero/empty fields mean the lecture's defaults.
//   softmax: f(x) = Wx + b with softmax cross-entropy     svm: the same with the multiclass hinge
//   mlp:     hidden layers with an activation, then a linear layer with softmax cross-entropy
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/kernels/activation.h"
#include "core/nn/regularizer.h"
#include "core/status.h"

namespace descent {

enum class ModelKind { Softmax, SVM, MLP };
enum class LossKind { Auto, SoftmaxCE, Hinge };  // Auto: hinge for svm, cross-entropy otherwise
// Default: He for ReLU layers, Xavier otherwise. Both are uniform and drawn from ONE Rng stream
// over the layers in order, each W filled in (in, out) order as shared/bench/WORKLOADS.md defines,
// so Descent and PyTorch/TF.js scripts can start from identical weights; biases are zero.
// Torch: Torch7's nn.Linear:reset() (and still PyTorch's nn.Linear default): W and b both from
// U(-1/sqrt(in), 1/sqrt(in)), drawn per layer W in its stored (out, in) order, then b, as Torch7's
// weight:uniform() then bias:uniform() do (the same order; the generator is Descent's own, rng.h).
enum class InitKind { Default, Xavier, He, Torch };
constexpr int kNumInitKinds = 4;

// The MLP's limits and default width (model_settings.h describes them to users).
constexpr int kMaxHiddenLayers = 8;
constexpr int kMaxHiddenWidth = 4096;
constexpr int kDefaultHiddenWidth = 100;

struct ModelDesc {
  ModelKind kind = ModelKind::Softmax;
  std::vector<int> hidden = {kDefaultHiddenWidth};  // widths of the hidden layers (mlp only)
  kernels::Activation activation = kernels::Activation::ReLU;
  double dropout = 0.0;     // probability of dropping a hidden unit while training (inverted dropout)
  InitKind init = InitKind::Default;
  LossKind loss = LossKind::Auto;
  RegularizerDesc reg;
};

// The hidden widths actually used (the mlp default filled in; none for linear models).
std::vector<int> hidden_layers(const ModelDesc& d);
LossKind resolved_loss(const ModelDesc& d);

const char* model_name(ModelKind k);
Result<ModelKind> parse_model(std::string_view s);
const char* activation_name(kernels::Activation a);
Result<kernels::Activation> parse_activation(std::string_view s);
const char* init_name(InitKind k);
Result<InitKind> parse_init(std::string_view s);
// One line on the init kinds, for help texts.
const char* init_help();

}  // namespace descent
