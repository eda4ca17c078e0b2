// layers.h: chapter 10's worked example, a feed-forward network as composed functions, in the
// lecture's notation and Torch7's vocabulary: a1 = F(x, W1), a2 = G(a1), a3 = H(a2, W3),
// a4 = J(a3), o = K(a4, W5) for nn.Sequential():add(nn.Linear(2, 64)):add(nn.ReLU()):add(...),
// then nn.CrossEntropyCriterion. Each function's module, input and output sizes and parameter
// shapes, and its output for one input x, computed step by step from the engine's Network<double>
// (core/nn/network.h, which fuses each Linear with its activation: the steps are checked against
// its forward); then forward's loss and backward's gradWeight for every Linear module.
// Usage: Result<LayersExample> r = layers_example(lecture_layers_inputs());  r->steps[0].formula
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/model_desc.h"
#include "core/status.h"

namespace descent::lecture {

struct LayersInputs {
  ModelDesc model;        // an mlp (hidden widths, activation); init is Torch's
  int classes = 3;
  std::vector<double> x;  // (D) the input
  int label = 0;          // its class, 0-based
  uint32_t seed = 1;      // the weights: Network::init(seed)
};

// The network view's spiral net, 2-64-64-3 ReLU with Torch's init, on one spiral point.
LayersInputs lecture_layers_inputs();

struct LayerStep {
  std::string output;    // "a1", ..., "o"
  std::string formula;   // "a1 = F(x, W1)"
  std::string module;    // "nn.Linear(2, 64)", "nn.ReLU()"
  int module_index = 0;  // Torch's model.modules[i], 1-based (the lecture's W index)
  int in_size = 0, out_size = 0;
  std::string params;    // "W1 (64, 2), b1 (64)", or "" for an activation
  long num_params = 0;
  std::string engine_tensor;    // Descent's name of the weight ("W1", "W2", ...), "" for an activation
  std::vector<double> values;   // (out_size) the output for x
  double grad_weight_norm = 0;  // ||gradWeight|| after backward (Linear modules)
};

struct LayersExample {
  LayersInputs in;
  std::vector<LayerStep> steps;
  std::string criterion = "nn.CrossEntropyCriterion()";
  std::vector<std::string> torch_code;  // the Lua lines that build and run it
  long total_params = 0;
  double loss = 0;           // criterion:forward(o, y)
  int predicted = 0;         // argmax of o
  double max_step_error = 0; // max |step output - the network's fused forward| (0 up to rounding)
};

// Errors (Usage): not an mlp, x empty or non-finite, classes 2..64, label in range, widths 1..4096.
Result<LayersExample> layers_example(const LayersInputs& in);

}  // namespace descent::lecture
