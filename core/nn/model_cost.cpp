// model_cost.cpp: parameter and operation counts of a model (model_cost.h).
#include "core/nn/model_cost.h"

namespace descent {

namespace {
// Σ in·out and Σ out over the layers: input -> hidden... -> classes.
void layer_sums(const ModelDesc& desc, int input_dim, int classes, double* weights, double* biases) {
  *weights = *biases = 0;
  double in = input_dim;
  for (int h : hidden_layers(desc)) {
    *weights += in * h;
    *biases += h;
    in = h;
  }
  *weights += in * classes;
  *biases += classes;
}
}  // namespace

double training_step_flops(const ModelDesc& desc, int input_dim, int classes, int batch) {
  double w = 0, b = 0;
  layer_sums(desc, input_dim, classes, &w, &b);
  return 6.0 * batch * w + 10.0 * batch * b;
}

}  // namespace descent
