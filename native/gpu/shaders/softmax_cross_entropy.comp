// softmax_cross_entropy.comp: per row of S (N, C): the loss logsumexp(S_n) - S_n[y_n] into
// rows[n] (double; NaN for a label outside [0, C)) and, if has_grad, dS_n = grad_scale *
// (softmax(S_n) - onehot(y_n)) (core/kernels/softmax.h). Stable: the row's max is subtracted.
// segment_sums.comp then adds the rows of each run. dS may alias S (a row is read before written).
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer BufS { float S[]; };
layout(std430, binding = 1) readonly buffer BufY { int Y[]; };
layout(std430, binding = 2) buffer BufD { float dS[]; };
layout(std430, binding = 3) writeonly buffer BufR { double Rows[]; };
uniform int rows, cols, has_grad;
uniform uint s_off, y_off, d_off;
uniform float grad_scale;

void main() {
  for (uint r = gl_GlobalInvocationID.x; r < uint(rows); r += gl_NumWorkGroups.x * 64u) {
    const uint base = s_off + r * uint(cols);
    const int y = Y[y_off + r];
    float m = S[base];
    for (int j = 1; j < cols; ++j) m = max(m, S[base + uint(j)]);
    float sum = 0.0;
    for (int j = 0; j < cols; ++j) sum += exp_accurate(S[base + uint(j)] - m);
    const bool valid = y >= 0 && y < cols;
    const float nan = uintBitsToFloat(0x7fc00000u);
    Rows[r] = valid ? double(m) + double(log(sum)) - double(S[base + uint(y)]) : double(nan);
    if (has_grad == 0) continue;
    const float inv = 1.0 / sum;
    const uint dbase = d_off + r * uint(cols);
    for (int j = 0; j < cols; ++j) {
      const float p = exp_accurate(S[base + uint(j)] - m) * inv;
      dS[dbase + uint(j)] = grad_scale * (j == y ? p - 1.0 : p);
    }
  }
}
