/* sgemm_openblas.c: the OpenBLAS peer for W4 (shared/bench/WORKLOADS.md): C = A·B with
 * cblas_sgemm, row-major, no transposes, alpha 1, beta 0, data uniform [-0.5, 0.5). Per shape and
 * thread count: warm-up, calibrate so one block lasts >= 0.2 s, 5 timed blocks, median. Prints one
 * JSON line each, the fields of `descent bench W4`. Not Descent; bench/compare compiles it.
 * Usage: cc -O2 sgemm_openblas.c -lopenblas -o sgemm && OPENBLAS_CORETYPE=SKYLAKEX ./sgemm [threads...] */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);
char* openblas_get_corename(void);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  const int shapes[4][3] = {{512, 512, 512}, {64, 784, 128}, {64, 128, 10}, {2048, 2048, 2048}}; /* M K N */
  int threads[8] = {1, 2}, nthreads = 2;
  if (argc > 1) {
    nthreads = 0;
    for (int i = 1; i < argc && nthreads < 8; ++i) threads[nthreads++] = atoi(argv[i]);
  }
  unsigned seed = 42;
  for (int s = 0; s < 4; ++s) {
    const int M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
    float* A = malloc(sizeof(float) * (size_t)M * K);
    float* B = malloc(sizeof(float) * (size_t)K * N);
    float* C = malloc(sizeof(float) * (size_t)M * N);
    for (size_t i = 0; i < (size_t)M * K; ++i) A[i] = (float)rand_r(&seed) / RAND_MAX - 0.5f;
    for (size_t i = 0; i < (size_t)K * N; ++i) B[i] = (float)rand_r(&seed) / RAND_MAX - 0.5f;
    for (int t = 0; t < nthreads; ++t) {
      openblas_set_num_threads(threads[t]);
#define CALL() cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.f, A, K, B, N, 0.f, C, N)
      CALL();
      long iters = 1;
      for (;;) {
        const double t0 = now();
        for (long i = 0; i < iters; ++i) CALL();
        const double sec = now() - t0;
        if (sec >= 0.2) break;
        long next = sec <= 0 ? iters * 10 : (long)(iters * 1.2 * 0.2 / sec);
        iters = next > iters ? next : iters + 1;
      }
      double rates[5];
      for (int b = 0; b < 5; ++b) {
        const double t0 = now();
        for (long i = 0; i < iters; ++i) CALL();
        rates[b] = 2.0 * M * N * (double)K * iters / (now() - t0) / 1e9;
      }
      qsort(rates, 5, sizeof(double), cmp);
      printf("{\"peer\":\"openblas\",\"workload\":\"W4\",\"m\":%d,\"k\":%d,\"n\":%d,\"threads\":%d,\"gflops\":%.2f,"
             "\"core\":\"%s\"}\n", M, K, N, threads[t], rates[2], openblas_get_corename());
      fflush(stdout);
    }
    free(A);
    free(B);
    free(C);
  }
  return 0;
}
