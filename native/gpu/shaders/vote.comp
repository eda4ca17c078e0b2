// vote.comp: pred[q] = the majority label among the first k entries of row q of idx (row stride
// ld); a tie goes to the smallest class; indices outside [0, nx) and labels outside [0, classes)
// do not vote (core/knn/knn.h). With no vote at all, class 0 (as a vote over zero counts gives).
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer BufI { int Idx[]; };
layout(std430, binding = 1) readonly buffer BufL { int Labels[]; };
layout(std430, binding = 2) writeonly buffer BufP { int Pred[]; };
uniform int rows, k, ld, nx, classes;
uniform uint i_off, l_off, p_off;

int label_of(uint at) {
  const int n = Idx[at];
  const int l = n >= 0 && n < nx ? Labels[l_off + uint(n)] : -1;
  return l >= 0 && l < classes ? l : -1;
}

void main() {
  for (uint q = gl_GlobalInvocationID.x; q < uint(rows); q += gl_NumWorkGroups.x * 64u) {
    const uint base = i_off + q * uint(ld);
    int best = 0, best_count = 0;
    for (int j = 0; j < k; ++j) {
      const int l = label_of(base + uint(j));
      if (l < 0) continue;
      int c = 0;
      for (int i = 0; i < k; ++i) c += label_of(base + uint(i)) == l ? 1 : 0;
      if (c > best_count || (c == best_count && l < best)) {
        best = l;
        best_count = c;
      }
    }
    Pred[p_off + q] = best;
  }
}
