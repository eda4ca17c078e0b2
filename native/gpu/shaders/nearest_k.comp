// nearest_k.comp: idx (rows, k) = the k nearest columns of each row of dist (row stride ld),
// nearest first, equal distances by the smaller index (core/knn/knn.h). Distances are compared as
// uints: exact integer distances, or non-negative floats, whose bit patterns order as their values.
// One work group per row: each invocation keeps a sorted list of the k smallest of its strided
// columns (increasing column, so a tie keeps the earlier one), then one invocation merges the
// lists. #defines: KCAP (the largest k), WG (invocations per row).
layout(local_size_x = WG) in;
layout(std430, binding = 0) readonly buffer BufD { uint Dist[]; };
layout(std430, binding = 1) writeonly buffer BufI { int Idx[]; };
uniform int nx, k, ld, row0;
uniform uint d_off, i_off;
shared uint sd[WG * KCAP];
shared int si[WG * KCAP];
shared int scount[WG];
shared int shead[WG];

bool before(uint da, int ia, uint db, int ib) { return da < db || (da == db && ia < ib); }

void main() {
  const int row = int(gl_WorkGroupID.x) + row0, t = int(gl_LocalInvocationID.x);
  const uint base = d_off + uint(row) * uint(ld);
  uint ds[KCAP];
  int is[KCAP];
  int count = 0;
  for (int j = t; j < nx; j += WG) {
    const uint d = Dist[base + uint(j)];
    if (count == k && d >= ds[k - 1]) continue;
    int p = count < k ? count : k - 1;
    while (p > 0 && ds[p - 1] > d) {
      ds[p] = ds[p - 1];
      is[p] = is[p - 1];
      --p;
    }
    ds[p] = d;
    is[p] = j;
    if (count < k) ++count;
  }
  for (int i = 0; i < count; ++i) {
    sd[t * KCAP + i] = ds[i];
    si[t * KCAP + i] = is[i];
  }
  scount[t] = count;
  shead[t] = 0;
  memoryBarrierShared();
  barrier();
  if (t != 0) return;
  const uint obase = i_off + uint(row) * uint(k);
  for (int r = 0; r < k; ++r) {
    int best = -1;
    for (int w = 0; w < WG; ++w) {
      const int h = shead[w];
      if (h >= scount[w]) continue;
      if (best < 0 || before(sd[w * KCAP + h], si[w * KCAP + h], sd[best * KCAP + shead[best]], si[best * KCAP + shead[best]]))
        best = w;
    }
    Idx[obase + uint(r)] = si[best * KCAP + shead[best]];
    shead[best] = shead[best] + 1;
  }
}
