// segment_sums.comp: out[s] = scale * (the sum of x[s*len .. s*len+len)), in double: one work
// group per segment, a strided sum per invocation, then a tree in shared memory.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer BufX { double X[]; };
layout(std430, binding = 1) buffer BufO { double O[]; };
uniform uint len, o_off, seg0;
uniform double scale;
shared double part[256];

void main() {
  const uint s = gl_WorkGroupID.x + seg0, t = gl_LocalInvocationID.x;
  precise double acc = 0.0LF;
  for (uint i = t; i < len; i += 256u) acc = acc + X[s * len + i];
  part[t] = acc;
  memoryBarrierShared();
  barrier();
  for (uint w = 128u; w > 0u; w >>= 1) {
    if (t < w) part[t] = part[t] + part[t + w];
    memoryBarrierShared();
    barrier();
  }
  if (t == 0u) O[o_off + s] = scale * part[0];
}
