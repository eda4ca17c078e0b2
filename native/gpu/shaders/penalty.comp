// penalty.comp: the weight penalty of nn/regularizer.h over `count` blocks of n weights (stride
// apart): each work group sums l2 w^2 + l1 |w| over its slice of one block in double into
// parts[], and, with has_grad, adds the gradient T(lambda (2 l2 w + l1 sign w)), computed in
// double as written (precise) and rounded once, exactly as regularize(). segment_sums.comp then
// adds each block's parts and lambda scales them (on the host side of the call).
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer BufW { float W[]; };
layout(std430, binding = 1) buffer BufG { float G[]; };
layout(std430, binding = 2) writeonly buffer BufP { double Parts[]; };
uniform uint n, w_off, g_off, stride, groups_per_block;
uniform int has_grad;
uniform double lambda, l2, l1;
shared double part[256];

void main() {
  const uint block = gl_WorkGroupID.x / groups_per_block, slice = gl_WorkGroupID.x % groups_per_block;
  const uint t = gl_LocalInvocationID.x, per = (n + groups_per_block - 1u) / groups_per_block;
  const uint first = slice * per, last = min(n, first + per);
  precise double acc = 0.0LF;
  for (uint i = first + t; i < last; i += 256u) {
    const double w = double(W[w_off + block * stride + i]);
    precise double term = l2 * w * w + l1 * abs(w);
    acc = acc + term;
    if (has_grad != 0) {
      const double sign = w > 0.0LF ? 1.0LF : (w < 0.0LF ? -1.0LF : 0.0LF);
      precise double g = lambda * (2.0LF * l2 * w + l1 * sign);
      G[g_off + i] = G[g_off + i] + float(g);
    }
  }
  part[t] = acc;
  memoryBarrierShared();
  barrier();
  for (uint w = 128u; w > 0u; w >>= 1) {
    if (t < w) part[t] = part[t] + part[t + w];
    memoryBarrierShared();
    barrier();
  }
  if (t == 0u) Parts[gl_WorkGroupID.x] = part[0];
}
