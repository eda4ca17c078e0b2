// gemm.comp: C = beta*C + op(A)·op(B) (core/kernels/gemm.h), row-major, for a batch of products
// (the z work group). Tiled in shared memory: each work group computes a BM x BN tile of C from
// BK-wide slices of op(A) and op(B) held k-major in shared memory; each invocation a TM x TN
// register tile of adjacent rows and columns, so its shared reads are whole vec4s when TM and TN
// are multiples of 4 (the usual 2-D register blocking of fast GPU SGEMMs). Loads from global
// memory are ordered so neighbouring invocations read neighbouring addresses. #defines: BM BN BK
// TM TN, GX = BN/TN, GY = BM/TM (GLSL 4.30 wants literals), TA TB (1 = transposed operand).
layout(local_size_x = GX, local_size_y = GY) in;
layout(std430, binding = 0) readonly buffer BufA { float A[]; };
layout(std430, binding = 1) readonly buffer BufB { float B[]; };
layout(std430, binding = 2) buffer BufC { float C[]; };
uniform int M, N, K;
uniform uint a_off, b_off, c_off, a_stride, b_stride, c_stride;
uniform float beta;

const int THREADS = GX * GY;
#define VEC4 (TM % 4 == 0 && TN % 4 == 0)
#if VEC4
shared vec4 As[BK][BM / 4];
shared vec4 Bs[BK][BN / 4];
#define PUT_A(kk, mm, v) As[kk][(mm) >> 2][(mm) & 3] = (v)
#define PUT_B(kk, nn, v) Bs[kk][(nn) >> 2][(nn) & 3] = (v)
#else
shared float As[BK][BM];
shared float Bs[BK][BN];
#define PUT_A(kk, mm, v) As[kk][mm] = (v)
#define PUT_B(kk, nn, v) Bs[kk][nn] = (v)
#endif

void main() {
  const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y), tid = ty * GX + tx;
  const int m0 = int(gl_WorkGroupID.y) * BM, n0 = int(gl_WorkGroupID.x) * BN;
  const uint z = gl_WorkGroupID.z;
  const uint abase = a_off + z * a_stride, bbase = b_off + z * b_stride, cbase = c_off + z * c_stride;
  float acc[TM][TN];
  for (int i = 0; i < TM; ++i)
    for (int j = 0; j < TN; ++j) acc[i][j] = 0.0;
  for (int k0 = 0; k0 < K; k0 += BK) {
    for (int e = tid; e < BM * BK; e += THREADS) {
#if TA
      const int kk = e / BM, mm = e % BM;  // A stored (K, M): consecutive invocations, consecutive m
      const int m = m0 + mm, k = k0 + kk;
      PUT_A(kk, mm, (m < M && k < K) ? A[abase + uint(k) * uint(M) + uint(m)] : 0.0);
#else
      const int mm = e / BK, kk = e % BK;  // A stored (M, K): consecutive k
      const int m = m0 + mm, k = k0 + kk;
      PUT_A(kk, mm, (m < M && k < K) ? A[abase + uint(m) * uint(K) + uint(k)] : 0.0);
#endif
    }
    for (int e = tid; e < BN * BK; e += THREADS) {
#if TB
      const int nn = e / BK, kk = e % BK;  // B stored (N, K): consecutive k
      const int n = n0 + nn, k = k0 + kk;
      PUT_B(kk, nn, (n < N && k < K) ? B[bbase + uint(n) * uint(K) + uint(k)] : 0.0);
#else
      const int kk = e / BN, nn = e % BN;  // B stored (K, N): consecutive n
      const int n = n0 + nn, k = k0 + kk;
      PUT_B(kk, nn, (n < N && k < K) ? B[bbase + uint(k) * uint(N) + uint(n)] : 0.0);
#endif
    }
    memoryBarrierShared();
    barrier();
    for (int kk = 0; kk < BK; ++kk) {
      float a[TM], b[TN];
#if VEC4
      for (int i = 0; i < TM / 4; ++i) {
        const vec4 v = As[kk][ty * (TM / 4) + i];
        a[4 * i] = v.x;
        a[4 * i + 1] = v.y;
        a[4 * i + 2] = v.z;
        a[4 * i + 3] = v.w;
      }
      for (int j = 0; j < TN / 4; ++j) {
        const vec4 v = Bs[kk][tx * (TN / 4) + j];
        b[4 * j] = v.x;
        b[4 * j + 1] = v.y;
        b[4 * j + 2] = v.z;
        b[4 * j + 3] = v.w;
      }
#else
      for (int i = 0; i < TM; ++i) a[i] = As[kk][ty * TM + i];
      for (int j = 0; j < TN; ++j) b[j] = Bs[kk][tx * TN + j];
#endif
      for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) acc[i][j] = fma(a[i], b[j], acc[i][j]);
    }
    memoryBarrierShared();
    barrier();
  }
  for (int i = 0; i < TM; ++i) {
    const int m = m0 + ty * TM + i;
    if (m >= M) continue;
    for (int j = 0; j < TN; ++j) {
      const int n = n0 + tx * TN + j;
      if (n >= N) continue;
      const uint at = cbase + uint(m) * uint(N) + uint(n);
      C[at] = beta == 0.0 ? acc[i][j] : fma(beta, C[at], acc[i][j]);
    }
  }
}
