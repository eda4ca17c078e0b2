// plane_combine.comp: out[g*n + i] = float(c[i] + a_g d[i] + b_g e[i]), in double as written
// (precise: no fused multiply-add), rounded once: core/landscape/plane.h's plane_point for many
// points (a_g, b_g) = ab[2g], ab[2g+1] at once. The y work group index is the point.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer BufC { float Cc[]; };
layout(std430, binding = 1) readonly buffer BufD { float Dd[]; };
layout(std430, binding = 2) readonly buffer BufE { float Ee[]; };
layout(std430, binding = 3) readonly buffer BufAB { double AB[]; };
layout(std430, binding = 4) writeonly buffer BufO { float O[]; };
uniform uint n, c_off, d_off, e_off, ab_off, o_off, g0;

void main() {
  const uint g = gl_WorkGroupID.y + g0;
  const double a = AB[ab_off + 2u * g], b = AB[ab_off + 2u * g + 1u];
  for (uint i = gl_GlobalInvocationID.x; i < n; i += gl_NumWorkGroups.x * 256u) {
    precise double ad = a * double(Dd[d_off + i]);
    precise double be = b * double(Ee[e_off + i]);
    precise double s = double(Cc[c_off + i]) + ad;
    s = s + be;
    O[o_off + uint(g) * n + i] = float(s);
  }
}
