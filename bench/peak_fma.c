/* The machine's double-precision FMA throughput, measured: the denominator of "% of peak" in docs/performance.md.
 * The ISA alone does not give it: Zen 4 runs an AVX-512 FMA on two 256-bit halves (16 flops/cycle), Intel's server
 * cores with two 512-bit units do 32, and a VM hides turbo. One thread runs independent FMA chains (more than latency
 * × throughput, so the units never wait) on 512-bit and on 256-bit vectors; flops per second of that thread's CPU time
 * is one core's peak whatever the load of other jobs (it counts only the time the thread ran).
 * Build: gcc -O2 -march=native peak_fma.c -o peak_fma      Usage: peak_fma   (prints one JSON line)                     */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double thread_cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

/* One thread's FMA rate on vectors of type T (LANES doubles): twelve named accumulators (not an array, which the
 * compiler may keep in memory), i.e. twelve independent chains, then their sum into *sink so nothing is optimised away. */
#define ITERATIONS 4000000L
#define FMA_RATE(name, T, LANES, set1, fmadd, add, store)                                                              \
    static double name(double *sink) {                                                                                \
        T m = set1(0.9999999), c = set1(1e-9);                                                                       \
        T a0 = set1(1), a1 = set1(2), a2 = set1(3), a3 = set1(4), a4 = set1(5), a5 = set1(6), a6 = set1(7), a7 = set1(8), \
          a8 = set1(9), a9 = set1(10), a10 = set1(11), a11 = set1(12);                                                 \
        double t0 = thread_cpu();                                                                                     \
        for (long it = 0; it < ITERATIONS; it++) {                                                                    \
            a0 = fmadd(a0, m, c); a1 = fmadd(a1, m, c); a2 = fmadd(a2, m, c); a3 = fmadd(a3, m, c);                   \
            a4 = fmadd(a4, m, c); a5 = fmadd(a5, m, c); a6 = fmadd(a6, m, c); a7 = fmadd(a7, m, c);                   \
            a8 = fmadd(a8, m, c); a9 = fmadd(a9, m, c); a10 = fmadd(a10, m, c); a11 = fmadd(a11, m, c);               \
        }                                                                                                             \
        double t = thread_cpu() - t0;                                                                                 \
        T s = add(add(add(add(a0, a1), add(a2, a3)), add(add(a4, a5), add(a6, a7))), add(add(a8, a9), add(a10, a11))); \
        double lanes[LANES];                                                                                          \
        store(lanes, s);                                                                                              \
        for (int i = 0; i < LANES; i++) *sink += lanes[i];                                                            \
        return (double)ITERATIONS * 12 * LANES * 2 / t;                                                               \
    }

#ifdef __AVX512F__
FMA_RATE(run512, __m512d, 8, _mm512_set1_pd, _mm512_fmadd_pd, _mm512_add_pd, _mm512_storeu_pd)
#endif
FMA_RATE(run256, __m256d, 4, _mm256_set1_pd, _mm256_fmadd_pd, _mm256_add_pd, _mm256_storeu_pd)

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
