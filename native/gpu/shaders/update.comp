// update.comp: the optimizer updates of core/kernels/update.h, element-wise, in its evaluation
// order: fma where it writes fma, everything else as written (precise). GLSL's fma() may round
// twice (llvmpipe's does), so fma is computed in double: the product of two floats is exact there,
// the sum rounds to double, then to float; only a sum that lands on a float tie after the first
// rounding (about 2^-29 of values) could differ from a single rounding, by one ulp. #define KIND: 0 SGD,
// 1 momentum, 2 Nesterov, 3 AdaGrad, 4 RMSProp, 5 Adam. The scalar coefficients come from the
// host, computed in double and rounded once, as update.cpp's wrappers compute them.
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer BufP { float P[]; };
layout(std430, binding = 1) readonly buffer BufG { float G[]; };
layout(std430, binding = 2) buffer BufS1 { float S1[]; };
layout(std430, binding = 3) buffer BufS2 { float S2[]; };
uniform uint n, p_off, g_off, s1_off, s2_off;
uniform float neg_lr, mu, c1, c2, b1, b2, eps, neg_step, sqrt_bc2;

float fma1(float a, float b, float c) {
  precise double r = double(a) * double(b) + double(c);
  return float(r);
}

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < n; i += gl_NumWorkGroups.x * 256u) {
    const float g = G[g_off + i];
    precise float p = P[p_off + i];
#if KIND == 0
    p = fma1(g, neg_lr, p);
#elif KIND == 1 || KIND == 2
    precise float prod = S1[s1_off + i] * mu;
    precise float b = prod + g;
    S1[s1_off + i] = b;
#if KIND == 2
    p = fma1(fma1(b, mu, g), neg_lr, p);
#else
    p = fma1(b, neg_lr, p);
#endif
#elif KIND == 3
    precise float s = fma1(g, g, S1[s1_off + i]);
    S1[s1_off + i] = s;
    precise float step = (neg_lr * g) / (sqrt(s) + eps);
    p = p + step;
#elif KIND == 4
    precise float decayed = S1[s1_off + i] * b1;  // b1 = alpha
    precise float s = fma1(c1 * g, g, decayed);     // c1 = 1 - alpha
    S1[s1_off + i] = s;
    precise float step = (neg_lr * g) / (sqrt(s) + eps);
    p = p + step;
#else
    precise float mb = S1[s1_off + i] * b1;
    precise float m = fma1(g, c1, mb);
    precise float vb = S2[s2_off + i] * b2;
    precise float v = fma1(c2 * g, g, vb);
    S1[s1_off + i] = m;
    S2[s2_off + i] = v;
    precise float den = sqrt(v) / sqrt_bc2 + eps;
    precise float step = (neg_step * m) / den;
    p = p + step;
#endif
    P[p_off + i] = p;
  }
}
