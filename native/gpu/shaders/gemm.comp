// gemm.comp: C = beta*C + op(A)·op(B) (core/kernels/gemm.h), row-major, for a batch of products
// (the z work group). Tiled in shared memory: each work group computes a BM x BN tile of C from
// BK-wide slices of op(A) and op(B) held k-major in shared memory; each invocation a TM x TN
// register tile whose rows and columns are strided by the group's size (conflict-free shared
// reads, coalesced stores). #defines: BM BN BK TM TN GX GY, TA TB (1 = transposed operand).
layout(local_size_x = GX, local_size_y = GY) in;  // GX = BN / TN, GY = BM / TM (literals: GLSL 4.30)
layout(std430, binding = 0) readonly buffer BufA { float A[]; };
layout(std430, binding = 1) readonly buffer BufB { float B[]; };
layout(std430, binding = 2) buffer BufC { float C[]; };
uniform int M, N, K;
uniform uint a_off, b_off, c_off, a_stride, b_stride, c_stride;
uniform float beta;

const int THREADS = GX * GY;
shared float As[BK][BM];
shared float Bs[BK][BN];

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
      As[kk][mm] = (m < M && k < K) ? A[abase + uint(k) * uint(M) + uint(m)] : 0.0;
#else
      const int mm = e / BK, kk = e % BK;  // A stored (M, K): consecutive k
      const int m = m0 + mm, k = k0 + kk;
      As[kk][mm] = (m < M && k < K) ? A[abase + uint(m) * uint(K) + uint(k)] : 0.0;
#endif
    }
    for (int e = tid; e < BN * BK; e += THREADS) {
#if TB
      const int nn = e / BK, kk = e % BK;  // B stored (N, K): consecutive k
      const int n = n0 + nn, k = k0 + kk;
      Bs[kk][nn] = (n < N && k < K) ? B[bbase + uint(n) * uint(K) + uint(k)] : 0.0;
#else
      const int kk = e / BN, nn = e % BN;  // B stored (K, N): consecutive n
      const int n = n0 + nn, k = k0 + kk;
      Bs[kk][nn] = (n < N && k < K) ? B[bbase + uint(k) * uint(N) + uint(n)] : 0.0;
#endif
    }
    memoryBarrierShared();
    barrier();
    for (int kk = 0; kk < BK; ++kk) {
      float a[TM], b[TN];
      for (int i = 0; i < TM; ++i) a[i] = As[kk][ty + i * GY];
      for (int j = 0; j < TN; ++j) b[j] = Bs[kk][tx + j * GX];
      for (int i = 0; i < TM; ++i)
        for (int j = 0; j < TN; ++j) acc[i][j] = fma(a[i], b[j], acc[i][j]);
    }
    memoryBarrierShared();
    barrier();
  }
  for (int i = 0; i < TM; ++i) {
    const int m = m0 + ty + i * GY;
    if (m >= M) continue;
    for (int j = 0; j < TN; ++j) {
      const int n = n0 + tx + j * GX;
      if (n >= N) continue;
      const uint at = cbase + uint(m) * uint(N) + uint(n);
      C[at] = beta == 0.0 ? acc[i][j] : fma(beta, C[at], acc[i][j]);
    }
  }
}
