// argmax_rows.comp: out[r] = the first index of the row's maximum, as std::max_element (a NaN
// never replaces the running best unless it is the first element).
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer BufS { float S[]; };
layout(std430, binding = 1) writeonly buffer BufO { int O[]; };
uniform int rows, cols;
uniform uint s_off, o_off;

void main() {
  for (uint r = gl_GlobalInvocationID.x; r < uint(rows); r += gl_NumWorkGroups.x * 64u) {
    const uint base = s_off + r * uint(cols);
    int best = 0;
    for (int j = 1; j < cols; ++j)
      if (S[base + uint(best)] < S[base + uint(j)]) best = j;
    O[o_off + r] = best;
  }
}
