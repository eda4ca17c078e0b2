// activation_backward.comp: dZ = dA * act'(A) from the activation's output A (core/kernels/
// activation.h): ReLU [A > 0], tanh 1 - A^2, sigmoid A(1 - A); as written, no fused multiply-add,
// so each element equals the scalar reference. dZ may alias dA.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer BufA { float Aout[]; };
layout(std430, binding = 1) buffer BufDA { float dA[]; };
layout(std430, binding = 2) buffer BufDZ { float dZ[]; };
uniform uint n, a_off, da_off, dz_off;
uniform int act;

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < n; i += gl_NumWorkGroups.x * 256u) {
    const float a = Aout[a_off + i], g = dA[da_off + i];
    precise float r = g;
    if (act == 1) {
      r = a > 0.0 ? g : 0.0;
    } else if (act == 2) {
      precise float s = a * a;
      precise float t = 1.0 - s;
      r = g * t;
    } else if (act == 3) {
      precise float t = 1.0 - a;
      precise float s = a * t;
      r = g * s;
    }
    dZ[dz_off + i] = r;
  }
}
