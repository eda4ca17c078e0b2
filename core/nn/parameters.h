// parameters.h: all of a model's learnable numbers in one flat array, with a second flat array for
// their gradients (Torch's weight / gradWeight), and a table naming each tensor in it ("W1", "b1").
// Flat storage is what lets one optimizer update a whole model, the gradient check walk every
// parameter, and a training session snapshot its trajectory through weight space.
// Usage: Parameters<float> p; int w = p.add("W1", 128, 784, true); p.finalize(); float* W = p.value_of(w);
#pragma once
#include <string>
#include <vector>

namespace descent {

struct ParamTensor {
  std::string name;       // "W1", "b1", ... (layer numbers start at 1)
  size_t offset = 0;      // into Parameters::value / grad
  int rows = 0, cols = 0; // a weight is (out, in); a bias is (1, out)
  bool is_weight = false; // regularisation applies to weights only, never to biases
  size_t size() const { return size_t(rows) * size_t(cols); }
};

template <typename T>
struct Parameters {
  std::vector<T> value;  // every parameter, tensor after tensor
  std::vector<T> grad;   // d(loss)/d(value), same layout
  std::vector<ParamTensor> tensors;

  // Declares a tensor; call finalize() once all are declared, before using pointers.
  int add(const std::string& name, int rows, int cols, bool is_weight) {
    ParamTensor t{name, value.size(), rows, cols, is_weight};
    value.resize(value.size() + t.size(), T(0));
    tensors.push_back(t);
    return int(tensors.size()) - 1;
  }
  void finalize() { grad.assign(value.size(), T(0)); }
  size_t size() const { return value.size(); }
  T* value_of(int i) { return value.data() + tensors[size_t(i)].offset; }
  const T* value_of(int i) const { return value.data() + tensors[size_t(i)].offset; }
  T* grad_of(int i) { return grad.data() + tensors[size_t(i)].offset; }
  const T* grad_of(int i) const { return grad.data() + tensors[size_t(i)].offset; }
  int find(const std::string& name) const {
    for (size_t i = 0; i < tensors.size(); ++i)
      if (tensors[i].name == name) return int(i);
    return -1;
  }
};

}  // namespace descent
