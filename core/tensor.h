// tensor.h: Matrix<T>, a dense row-major (rows, cols) array, the only tensor shape the lecture
// needs (a batch of flattened images is (N, D); a weight is (out, in)). Not a general N-d tensor
// and not an expression library: kernels take raw pointers and sizes, BLAS style.
// Usage: Matrix<float> X(N, D); X(i, j) = 1.f; float* row = X.row(i);
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace descent {

template <typename T>
struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<T> data;  // rows * cols values, row-major

  Matrix() = default;
  Matrix(int r, int c, T fill = T(0)) : rows(r), cols(c), data(size_t(r) * size_t(c), fill) {}

  // Keeps capacity, so a training step that resizes to the same batch size never allocates.
  void resize(int r, int c) {
    rows = r;
    cols = c;
    data.resize(size_t(r) * size_t(c));
  }
  size_t size() const { return data.size(); }
  T* ptr() { return data.data(); }
  const T* ptr() const { return data.data(); }
  T* row(int i) { return data.data() + size_t(i) * size_t(cols); }
  const T* row(int i) const { return data.data() + size_t(i) * size_t(cols); }
  T& operator()(int i, int j) { return data[size_t(i) * size_t(cols) + size_t(j)]; }
  const T& operator()(int i, int j) const { return data[size_t(i) * size_t(cols) + size_t(j)]; }
  std::span<T> span() { return {data.data(), data.size()}; }
  std::span<const T> span() const { return {data.data(), data.size()}; }
};

// Converts between precisions (the gradient check runs a float model's weights in double).
template <typename To, typename From>
Matrix<To> matrix_cast(const Matrix<From>& m) {
  Matrix<To> out(m.rows, m.cols);
  for (size_t i = 0; i < m.data.size(); ++i) out.data[i] = To(m.data[i]);
  return out;
}

}  // namespace descent
