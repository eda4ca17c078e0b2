// distances.comp: all-pairs distances out (nq, nx; row stride ldo) of query rows Q (nq, D) and
// training rows X (nx, D) (core/kernels/distance.h): gemm.comp's tiling (TM = TN = 4) with
// |q - x| (L1) or (q - x)^2 (L2) in place of the product. #defines: BM BN BK TM TN GX GY,
// L2 (0 = L1), BYTES.
// BYTES = 1: rows of D bytes packed four to a uint, unpacked into float tiles; each BK-byte slice
// is summed exactly in float (integers below 2^24) and added to a uint total: exact integer
// distances, as the CPU's byte kernels give. BYTES = 0: float rows, each term rounded before it
// is added (precise: no fused multiply-add), in order of k.
layout(local_size_x = GX, local_size_y = GY) in;  // GX = BN / TN, GY = BM / TM (literals: GLSL 4.30)
#if BYTES
layout(std430, binding = 0) readonly buffer BufQ { uint Q[]; };
layout(std430, binding = 1) readonly buffer BufX { uint X[]; };
layout(std430, binding = 2) writeonly buffer BufO { uint O[]; };
#else
layout(std430, binding = 0) readonly buffer BufQ { float Q[]; };
layout(std430, binding = 1) readonly buffer BufX { float X[]; };
layout(std430, binding = 2) writeonly buffer BufO { float O[]; };
#endif
uniform int nq, nx, D, ldo;   // BYTES: D in bytes (a multiple of 4)
uniform uint q_off, x_off, o_off;  // BYTES: q_off, x_off in uints

const int THREADS = GX * GY;
// k-major tiles as vec4s of adjacent rows: an invocation's TM (TN) rows are one vec4 read (TM = TN = 4).
shared vec4 Qs[BK][BM / 4];
shared vec4 Xs[BK][BN / 4];
#define PUT_Q(kk, mm, v) Qs[kk][(mm) >> 2][(mm) & 3] = (v)
#define PUT_X(kk, nn, v) Xs[kk][(nn) >> 2][(nn) & 3] = (v)

void main() {
  const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y), tid = ty * GX + tx;
  const int m0 = int(gl_WorkGroupID.y) * BM, n0 = int(gl_WorkGroupID.x) * BN;
#if BYTES
  const int W = D / 4;  // uints per row
  uint total[TM][TN];
  for (int i = 0; i < TM; ++i)
    for (int j = 0; j < TN; ++j) total[i][j] = 0u;
#endif
  precise float acc[TM][TN];
  for (int i = 0; i < TM; ++i)
    for (int j = 0; j < TN; ++j) acc[i][j] = 0.0;
  for (int k0 = 0; k0 < D; k0 += BK) {
#if BYTES
    const int w0 = k0 / 4;
    for (int e = tid; e < BM * (BK / 4); e += THREADS) {
      const int mm = e / (BK / 4), ww = e % (BK / 4);
      const int m = m0 + mm, w = w0 + ww;
      const uint v = (m < nq && w < W) ? Q[q_off + uint(m) * uint(W) + uint(w)] : 0u;
      for (int b = 0; b < 4; ++b) PUT_Q(ww * 4 + b, mm, float((v >> (8 * b)) & 255u));
    }
    for (int e = tid; e < BN * (BK / 4); e += THREADS) {
      const int nn = e / (BK / 4), ww = e % (BK / 4);
      const int n = n0 + nn, w = w0 + ww;
      const uint v = (n < nx && w < W) ? X[x_off + uint(n) * uint(W) + uint(w)] : 0u;
      for (int b = 0; b < 4; ++b) PUT_X(ww * 4 + b, nn, float((v >> (8 * b)) & 255u));
    }
#else
    for (int e = tid; e < BM * BK; e += THREADS) {
      const int mm = e / BK, kk = e % BK;
      const int m = m0 + mm, k = k0 + kk;
      PUT_Q(kk, mm, (m < nq && k < D) ? Q[q_off + uint(m) * uint(D) + uint(k)] : 0.0);
    }
    for (int e = tid; e < BN * BK; e += THREADS) {
      const int nn = e / BK, kk = e % BK;
      const int n = n0 + nn, k = k0 + kk;
      PUT_X(kk, nn, (n < nx && k < D) ? X[x_off + uint(n) * uint(D) + uint(k)] : 0.0);
    }
#endif
    memoryBarrierShared();
    barrier();
    // Zero-padded tails add |0 - 0| = 0. Stop at D so float sums see exactly D terms, in order.
    const int kend = min(BK, D - k0);
    for (int kk = 0; kk < kend; ++kk) {
      const vec4 q = Qs[kk][ty], x = Xs[kk][tx];
      for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) {
          precise float d = q[i] - x[j];
#if L2
          precise float t = d * d;
#else
          precise float t = abs(d);
#endif
          acc[i][j] = acc[i][j] + t;
        }
    }
#if BYTES
    for (int i = 0; i < TM; ++i)
      for (int j = 0; j < TN; ++j) {
        total[i][j] += uint(acc[i][j]);
        acc[i][j] = 0.0;
      }
#endif
    memoryBarrierShared();
    barrier();
  }
  for (int i = 0; i < TM; ++i) {
    const int m = m0 + ty * TM + i;
    if (m >= nq) continue;
    for (int j = 0; j < TN; ++j) {
      const int n = n0 + tx * TN + j;
      if (n >= nx) continue;
#if BYTES
      O[o_off + uint(m) * uint(ldo) + uint(n)] = total[i][j];
#else
      O[o_off + uint(m) * uint(ldo) + uint(n)] = acc[i][j];
#endif
    }
  }
}
