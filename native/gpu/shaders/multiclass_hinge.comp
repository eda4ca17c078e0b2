// multiclass_hinge.comp: per row of S (N, C), the Weston-Watkins hinge sum_{j != y} max(0,
// S_nj - S_ny + margin) into rows[n] (double) and, if has_grad, its subgradient times grad_scale
// (core/nn/svm_loss.h). Margins in double, as the reference, so the active set is the same.
// A label outside [0, C): NaN, gradient 0. dS may alias S.
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer BufS { float S[]; };
layout(std430, binding = 1) readonly buffer BufY { int Y[]; };
layout(std430, binding = 2) buffer BufD { float dS[]; };
layout(std430, binding = 3) writeonly buffer BufR { double Rows[]; };
uniform int rows, cols, has_grad;
uniform uint s_off, y_off, d_off;
uniform float grad_scale;
uniform double margin;

void main() {
  for (uint r = gl_GlobalInvocationID.x; r < uint(rows); r += gl_NumWorkGroups.x * 64u) {
    const uint base = s_off + r * uint(cols), dbase = d_off + r * uint(cols);
    const int y = Y[y_off + r];
    if (y < 0 || y >= cols) {
      Rows[r] = double(uintBitsToFloat(0x7fc00000u));
      if (has_grad != 0)
        for (int j = 0; j < cols; ++j) dS[dbase + uint(j)] = 0.0;
      continue;
    }
    const double correct = double(S[base + uint(y)]);
    precise double total = 0.0LF;
    int positives = 0;
    for (int j = 0; j < cols; ++j) {
      if (j == y) continue;
      precise double m = double(S[base + uint(j)]) - correct + margin;
      const bool on = m > 0.0LF;
      if (on) total = total + m;
      positives += on ? 1 : 0;
      if (has_grad != 0) dS[dbase + uint(j)] = on ? grad_scale : 0.0;
    }
    if (has_grad != 0) dS[dbase + uint(y)] = -float(positives) * grad_scale;
    Rows[r] = total;
  }
}
