// prelude.glsl: put in front of every kernel (after #version and the kernel's #defines) by
// gl_programs.cpp. Helpers shared by the kernels: an exp accurate to about 1 ulp on every driver
// (the builtin may be an approximation), tanh and sigmoid built on it, the activations.

// exp(x) by Cody-Waite range reduction (x = n ln2 + r, |r| <= ln2/2, ln2 split in two so n*ln2_hi
// is exact) and a degree-7 Taylor polynomial for e^r (truncation below 2^-26 on that range).
float exp_accurate(float x) {
  if (x > 88.7228) return 1.0 / 0.0;
  if (x < -103.9721) return 0.0;
  precise float n = round(x * 1.44269504);
  precise float r = fma(-n, 0.693145751953125, x);
  r = fma(-n, 1.428606820309417e-06, r);
  precise float p = 1.0 / 5040.0;
  p = fma(p, r, 1.0 / 720.0);
  p = fma(p, r, 1.0 / 120.0);
  p = fma(p, r, 1.0 / 24.0);
  p = fma(p, r, 1.0 / 6.0);
  p = fma(p, r, 0.5);
  p = fma(p, r, 1.0);
  p = fma(p, r, 1.0);
  // p * 2^n in two exact scalings, so n down to -150 (subnormal results) needs no 2^n below range.
  int k = int(n);
  int k1 = k / 2;
  return ldexp(ldexp(p, k1), k - k1);
}

// tanh: an odd Taylor polynomial near 0 (where (1 - e^-2x)/(1 + e^-2x) would cancel), that
// quotient elsewhere; both within a few ulp.
float tanh_accurate(float x) {
  float a = abs(x);
  if (a < 0.4) {
    precise float x2 = x * x;
    precise float p = -0.0014558343870513183;  // -929569/638512875
    p = fma(p, x2, 0.003592128036572481);       // 21844/6081075
    p = fma(p, x2, -0.008863235529902197);      // -1382/155925
    p = fma(p, x2, 0.021869488536155203);       // 62/2835
    p = fma(p, x2, -0.05396825396825397);       // -17/315
    p = fma(p, x2, 0.13333333333333333);        // 2/15
    p = fma(p, x2, -0.3333333333333333);        // -1/3
    precise float x3 = x2 * x;
    return fma(p, x3, x);
  }
  float t = exp_accurate(-2.0 * a);
  float r = (1.0 - t) / (1.0 + t);
  return x < 0.0 ? -r : r;
}

float sigmoid_accurate(float x) { return 1.0 / (1.0 + exp_accurate(-x)); }

// kernels::Activation: 0 identity, 1 ReLU, 2 tanh, 3 sigmoid.
float activate(float x, int act) {
  if (act == 1) return x > 0.0 ? x : 0.0;
  if (act == 2) return tanh_accurate(x);
  if (act == 3) return sigmoid_accurate(x);
  return x;
}
