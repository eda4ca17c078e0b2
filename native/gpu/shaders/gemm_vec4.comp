// gemm_vec4.comp: gemm.comp's product for large operands that allow 16-byte loads (the side of each
// operand that is contiguous in memory a multiple of 4, offsets and batch strides too: checked by
// gl_device.cpp). A BM x BN tile of C per work group, GX x GY = (BN/8) x (BM/8) invocations, each
// computing 8 x 8 of C as two 4-row by two 4-column blocks (rows 4ty + {0..3} and BM/2 + 4ty +
// {0..3}, columns likewise), so that neighbouring invocations read neighbouring vec4s of the
// k-major shared tiles. While one BK-slice is multiplied, the next is read from global memory into
// registers (LA and LB vec4s per invocation), then stored to shared memory. Sums in order of k,
// one fma per term, as gemm.comp. #defines: BM BN BK GX GY LA LB TA TB (1 = transposed operand).
layout(local_size_x = GX, local_size_y = GY) in;
layout(std430, binding = 0) readonly buffer BufA { vec4 A[]; };
layout(std430, binding = 1) readonly buffer BufB { vec4 B[]; };
layout(std430, binding = 2) buffer BufC { float C[]; };
uniform int M, N, K;
uniform uint a_off, b_off, c_off, a_stride, b_stride, c_stride;  // in floats
uniform float beta;

const int THREADS = GX * GY;
shared vec4 As[BK][BM / 4];
shared vec4 Bs[BK][BN / 4];

void main() {
  const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y), tid = ty * GX + tx;
  const int m0 = int(gl_WorkGroupID.y) * BM, n0 = int(gl_WorkGroupID.x) * BN;
  const uint z = gl_WorkGroupID.z;
  const uint abase = (a_off + z * a_stride) / 4u, bbase = (b_off + z * b_stride) / 4u;
  const uint cbase = c_off + z * c_stride;
  vec4 ra[LA], rb[LB];
  vec4 acc[8][2];
  for (int i = 0; i < 8; ++i) acc[i][0] = acc[i][1] = vec4(0.0);

  // Global -> registers for the slice at k0 (zeros outside the matrices).
#if TA
  // A stored (K, M): a vec4 is 4 adjacent m.
#define LOAD_A(k0)                                                              \
  for (int l = 0; l < LA; ++l) {                                                \
    const int e = tid + l * THREADS, kk = e / (BM / 4), mq = e % (BM / 4);      \
    const int m = m0 + 4 * mq, k = (k0) + kk;                                   \
    ra[l] = (m < M && k < K) ? A[abase + (uint(k) * uint(M) + uint(m)) / 4u] : vec4(0.0); \
  }
#define STORE_A                                                                 \
  for (int l = 0; l < LA; ++l) {                                                \
    const int e = tid + l * THREADS;                                            \
    As[e / (BM / 4)][e % (BM / 4)] = ra[l];                                     \
  }
#else
  // A stored (M, K): a vec4 is 4 adjacent k.
#define LOAD_A(k0)                                                              \
  for (int l = 0; l < LA; ++l) {                                                \
    const int e = tid + l * THREADS, mm = e / (BK / 4), kq = e % (BK / 4);      \
    const int m = m0 + mm, k = (k0) + 4 * kq;                                   \
    ra[l] = (m < M && k < K) ? A[abase + (uint(m) * uint(K) + uint(k)) / 4u] : vec4(0.0); \
  }
#define STORE_A                                                                 \
  for (int l = 0; l < LA; ++l) {                                                \
    const int e = tid + l * THREADS, mm = e / (BK / 4), kq = e % (BK / 4);      \
    for (int c = 0; c < 4; ++c) As[4 * kq + c][mm >> 2][mm & 3] = ra[l][c];     \
  }
#endif
#if TB
  // B stored (N, K): a vec4 is 4 adjacent k.
#define LOAD_B(k0)                                                              \
  for (int l = 0; l < LB; ++l) {                                                \
    const int e = tid + l * THREADS, nn = e / (BK / 4), kq = e % (BK / 4);      \
    const int n = n0 + nn, k = (k0) + 4 * kq;                                   \
    rb[l] = (n < N && k < K) ? B[bbase + (uint(n) * uint(K) + uint(k)) / 4u] : vec4(0.0); \
  }
#define STORE_B                                                                 \
  for (int l = 0; l < LB; ++l) {                                                \
    const int e = tid + l * THREADS, nn = e / (BK / 4), kq = e % (BK / 4);      \
    for (int c = 0; c < 4; ++c) Bs[4 * kq + c][nn >> 2][nn & 3] = rb[l][c];     \
  }
#else
  // B stored (K, N): a vec4 is 4 adjacent n.
#define LOAD_B(k0)                                                              \
  for (int l = 0; l < LB; ++l) {                                                \
    const int e = tid + l * THREADS, kk = e / (BN / 4), nq = e % (BN / 4);      \
    const int n = n0 + 4 * nq, k = (k0) + kk;                                   \
    rb[l] = (n < N && k < K) ? B[bbase + (uint(k) * uint(N) + uint(n)) / 4u] : vec4(0.0); \
  }
#define STORE_B                                                                 \
  for (int l = 0; l < LB; ++l) {                                                \
    const int e = tid + l * THREADS;                                            \
    Bs[e / (BN / 4)][e % (BN / 4)] = rb[l];                                     \
  }
#endif

  LOAD_A(0)
  LOAD_B(0)
  STORE_A
  STORE_B
  memoryBarrierShared();
  barrier();
  for (int k0 = 0; k0 < K; k0 += BK) {
    const bool more = k0 + BK < K;  // the same in every invocation: the barriers below are uniform
    if (more) {
      LOAD_A(k0 + BK)
      LOAD_B(k0 + BK)
    }
    for (int kk = 0; kk < BK; ++kk) {
      const vec4 a0 = As[kk][ty], a1 = As[kk][ty + GY];
      const vec4 b0 = Bs[kk][tx], b1 = Bs[kk][tx + GX];
      for (int i = 0; i < 4; ++i) {
        acc[i][0] = fma(vec4(a0[i]), b0, acc[i][0]);
        acc[i][1] = fma(vec4(a0[i]), b1, acc[i][1]);
        acc[i + 4][0] = fma(vec4(a1[i]), b0, acc[i + 4][0]);
        acc[i + 4][1] = fma(vec4(a1[i]), b1, acc[i + 4][1]);
      }
    }
    memoryBarrierShared();
    barrier();
    if (more) {
      STORE_A
      STORE_B
      memoryBarrierShared();
      barrier();
    }
  }
  for (int i = 0; i < 8; ++i) {
    const int m = m0 + (i < 4 ? 4 * ty + i : BM / 2 + 4 * ty + (i - 4));
    if (m >= M) continue;
    for (int h = 0; h < 2; ++h)
      for (int c = 0; c < 4; ++c) {
        const int n = n0 + (h == 0 ? 4 * tx : BN / 2 + 4 * tx) + c;
        if (n >= N) continue;
        const uint at = cbase + uint(m) * uint(N) + uint(n);
        C[at] = beta == 0.0 ? acc[i][h][c] : fma(beta, C[at], acc[i][h][c]);
      }
  }
}
