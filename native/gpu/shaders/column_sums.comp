// column_sums.comp: out (C) = beta*out + the column sums of X (N, C): the bias gradient. One
// invocation per column, rows in order, accumulated in double and rounded once.
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer BufX { float X[]; };
layout(std430, binding = 1) buffer BufO { float O[]; };
uniform int rows, cols;
uniform uint x_off, o_off;
uniform float beta;

void main() {
  const int c = int(gl_GlobalInvocationID.x);
  if (c >= cols) return;
  precise double sum = 0.0LF;
  for (int i = 0; i < rows; ++i) sum = sum + double(X[x_off + uint(i) * uint(cols) + uint(c)]);
  if (beta != 0.0) sum = sum + double(beta) * double(O[o_off + uint(c)]);
  O[o_off + uint(c)] = float(sum);
}
