// bias_activation.comp: Z (N, C) <- act(Z + b) for `batch` blocks (core/kernels/activation.h);
// block g's bias starts b_stride after block g-1's. One invocation per element (grid-stride).
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer BufZ { float Z[]; };
layout(std430, binding = 1) readonly buffer BufB { float Bias[]; };
uniform uint total, cols, block, z_off, b_off, b_stride;  // total = batch*N*C, block = N*C
uniform int act, has_bias;

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < total; i += gl_NumWorkGroups.x * 256u) {
    const uint g = i / block, c = i % cols;
    float x = Z[z_off + i];
    if (has_bias != 0) x = x + Bias[b_off + g * b_stride + c];
    Z[z_off + i] = activate(x, act);
  }
}
