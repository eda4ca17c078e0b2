/* fma_peak.c: the measured fp32 FMA ceiling of this machine (the yardstick for "fraction of peak"
 * in docs/performance.md): 12 independent register-only vfmadd chains of 16 floats (AVX-512) per
 * thread, 1 and 2 threads. Not part of Descent; bench/compare compiles and runs it.
 * Usage: cc -O2 -mavx512f -pthread fma_peak.c -o fma_peak && ./fma_peak   (prints JSON lines) */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static const long kIters = 200000000L / 12;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#define CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define DECL(i) __m512 a##i = _mm512_set1_ps((float)i);
#define STEP(i) a##i = _mm512_fmadd_ps(a##i, x, y);
#define SUM(i) s = _mm512_add_ps(s, a##i);

static void* chains(void* out) {
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  CHAINS(DECL)
  for (long it = 0; it < kIters; ++it) {
    CHAINS(STEP)
  }
  __m512 s = _mm512_setzero_ps();
  CHAINS(SUM)
  *(float*)out = _mm512_reduce_add_ps(s);
  return NULL;
}

int main(void) {
  for (int threads = 1; threads <= 2; ++threads) {
    double best = 0;
    for (int rep = 0; rep < 3; ++rep) {
      pthread_t t[2];
      float sink[2];
      const double t0 = now();
      for (int i = 0; i < threads; ++i) pthread_create(&t[i], NULL, chains, &sink[i]);
      for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
      const double g = threads * (double)kIters * 12 * 16 * 2 / (now() - t0) / 1e9;
      if (g > best) best = g;
      if (sink[0] == 12345.f) puts("");
    }
    printf("{\"peer\":\"fma_peak\",\"threads\":%d,\"gflops\":%.1f}\n", threads, best);
  }
  return 0;
}
