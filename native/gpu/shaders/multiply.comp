// multiply.comp: out = a * b element-wise (dropout's masks). out may alias a or b.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer BufA { float A[]; };
layout(std430, binding = 1) readonly buffer BufB { float B[]; };
layout(std430, binding = 2) buffer BufO { float O[]; };
uniform uint n, a_off, b_off, o_off;

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < n; i += gl_NumWorkGroups.x * 256u) O[o_off + i] = A[a_off + i] * B[b_off + i];
}
