/* The machine's double-precision FMA throughput, measured: the denominator of "% of peak" in docs/performance.md.
 * The ISA alone does not give it: Zen 4 runs an AVX-512 FMA on two 256-bit halves (16 flops/cycle), Intel's server
 * cores with two 512-bit units do 32, and a VM hides turbo. One thread runs independent FMA chains (more than latency
 * × throughput, so the units never wait) on 512-bit and on 256-bit vectors; flops per second of that thread's CPU time
 * is one core's peak whatever the load of other jobs (it counts only the time the thread ran).
 * Build: gcc -O2 -march=native peak_fma.c -o peak_fma      Usage: peak_fma [seconds]   (prints one JSON line)          */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double thread_cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

#define CHAINS 12
#define ITERATIONS 4000000L
/* Twelve named accumulators (not an array, which the compiler may keep in memory): twelve independent chains. */
#define FMA12(f, m, c) a0 = f(a0, m, c); a1 = f(a1, m, c); a2 = f(a2, m, c); a3 = f(a3, m, c); a4 = f(a4, m, c); \
    a5 = f(a5, m, c); a6 = f(a6, m, c); a7 = f(a7, m, c); a8 = f(a8, m, c); a9 = f(a9, m, c); a10 = f(a10, m, c); a11 = f(a11, m, c)

#ifdef __AVX512F__
static double run512(double *sink) {
    __m512d m = _mm512_set1_pd(0.9999999), c = _mm512_set1_pd(1e-9);
    __m512d a0 = _mm512_set1_pd(1), a1 = _mm512_set1_pd(2), a2 = _mm512_set1_pd(3), a3 = _mm512_set1_pd(4), a4 = _mm512_set1_pd(5),
        a5 = _mm512_set1_pd(6), a6 = _mm512_set1_pd(7), a7 = _mm512_set1_pd(8), a8 = _mm512_set1_pd(9), a9 = _mm512_set1_pd(10),
        a10 = _mm512_set1_pd(11), a11 = _mm512_set1_pd(12);
    double t0 = thread_cpu();
    for (long it = 0; it < ITERATIONS; it++) { FMA12(_mm512_fmadd_pd, m, c); }
    double t = thread_cpu() - t0;
    __m512d s = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)), _mm512_add_pd(_mm512_add_pd(a4, a5), _mm512_add_pd(a6, a7)));
    s = _mm512_add_pd(s, _mm512_add_pd(_mm512_add_pd(a8, a9), _mm512_add_pd(a10, a11)));
    *sink += _mm512_reduce_add_pd(s);
    return (double)ITERATIONS * CHAINS * 8 * 2 / t;
}
#endif

static double run256(double *sink) {
    __m256d m = _mm256_set1_pd(0.9999999), c = _mm256_set1_pd(1e-9);
    __m256d a0 = _mm256_set1_pd(1), a1 = _mm256_set1_pd(2), a2 = _mm256_set1_pd(3), a3 = _mm256_set1_pd(4), a4 = _mm256_set1_pd(5),
        a5 = _mm256_set1_pd(6), a6 = _mm256_set1_pd(7), a7 = _mm256_set1_pd(8), a8 = _mm256_set1_pd(9), a9 = _mm256_set1_pd(10),
        a10 = _mm256_set1_pd(11), a11 = _mm256_set1_pd(12);
    double t0 = thread_cpu();
    for (long it = 0; it < ITERATIONS; it++) { FMA12(_mm256_fmadd_pd, m, c); }
    double t = thread_cpu() - t0;
    __m256d s = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)), _mm256_add_pd(_mm256_add_pd(a4, a5), _mm256_add_pd(a6, a7)));
    s = _mm256_add_pd(s, _mm256_add_pd(_mm256_add_pd(a8, a9), _mm256_add_pd(a10, a11)));
    double lanes[4];
    _mm256_storeu_pd(lanes, s);
    *sink += lanes[0] + lanes[1] + lanes[2] + lanes[3];
    return (double)ITERATIONS * CHAINS * 4 * 2 / t;
}

int main(void) {
    double sink = 0, best512 = 0, best256 = 0;
    /* Best of 5: a rate can only be lowered by interference (a context switch's cache refill, frequency changes). */
    for (int r = 0; r < 5; r++) {
#ifdef __AVX512F__
        double g = run512(&sink); if (g > best512) best512 = g;
#endif
        double h = run256(&sink); if (h > best256) best256 = h;
    }
    printf("{\"side\":\"machine\",\"case\":\"peak\",\"avx512GflopsPerCore\":%.3f,\"avx2GflopsPerCore\":%.3f,\"sink\":%.3g}\n",
           best512 / 1e9, best256 / 1e9, sink);
    return 0;
}
