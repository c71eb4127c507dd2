/* The online-SGD inner loop of the two-layer net in plain C: the peer that bounds what the module can reach.
 * Same update as TwoLayerNetTrainer (Refinetti et al. scalings, ReLU, both layers, no weight decay) on the same
 * pre-drawn data and initial weights, visiting the rows in a random order (its own permutation), no sample generation.
 * Build: gcc -O3 -march=native -fopenmp-simd sgd_loop.c -o sgd_loop -lm
 * Usage: sgd_loop DIR N STEPS REPS WARMUP   (prints one JSON line)                                             */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { D = 500, K = 8 };

static double *read_f64(const char *dir, const char *name, size_t count) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    double *p = malloc(count * sizeof(double));
    if (fread(p, sizeof(double), count, f) != count) { fprintf(stderr, "short read %s\n", path); exit(1); }
    fclose(f);
    return p;
}

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static double cpu_now(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

static long status_kib(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256]; long value = -1; size_t len = strlen(field);
    while (f && fgets(line, sizeof line, f)) if (!strncmp(line, field, len)) value = atol(line + len);
    if (f) fclose(f);
    return value;
}

static double train(const double *x, const double *y, const double *w0, const double *v0, double *w, double *v,
                    const int *order, long n, long steps) {
    const double lr = 0.5, inv_sqrt_d = 1.0 / sqrt((double)D);
    memcpy(w, w0, sizeof(double) * K * D);
    memcpy(v, v0, sizeof(double) * K);
    double t0 = now();
    for (long s = 0; s < steps; s++) {
        const double *xi = x + (size_t)order[s % n] * D;
        double g[K], gp[K], f = 0;
        for (int k = 0; k < K; k++) {
            const double *wk = w + k * D;
            double dot = 0;
#pragma omp simd reduction(+ : dot)
            for (int j = 0; j < D; j++) dot += wk[j] * xi[j];
            double lambda = dot * inv_sqrt_d;
            g[k] = lambda > 0 ? lambda : 0;
            gp[k] = lambda > 0 ? 1 : 0;
            f += v[k] * g[k];
        }
        double e = f - y[order[s % n]];
        for (int k = 0; k < K; k++) {
            double c = lr * e * v[k] * gp[k] * inv_sqrt_d;
            if (c == 0) continue;
            double *wk = w + k * D;
#pragma omp simd
            for (int j = 0; j < D; j++) wk[j] -= c * xi[j];
        }
        for (int k = 0; k < K; k++) v[k] -= lr / D * (e * g[k]);
    }
    return now() - t0;
}

static int compare(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: sgd_loop DIR N STEPS REPS WARMUP\n"); return 2; }
    const char *dir = argv[1];
    long n = atol(argv[2]), steps = atol(argv[3]);
    int reps = atoi(argv[4]), warmup = atoi(argv[5]);
    double *x = read_f64(dir, "xor500_train_X.f64", (size_t)n * D), *y = read_f64(dir, "xor500_train_y.f64", n);
    double *w0 = read_f64(dir, "xor500_w0.f64", K * D), *v0 = read_f64(dir, "xor500_v0.f64", K);
    double *xt = read_f64(dir, "xor500_test_X.f64", 2000 * D), *yt = read_f64(dir, "xor500_test_y.f64", 2000);
    double *w = aligned_alloc(64, sizeof(double) * K * D), v[K];
    int *order = malloc(sizeof(int) * n);
    for (long i = 0; i < n; i++) order[i] = (int)i;
    for (long i = n - 1; i > 0; i--) { long j = (long)(next() % (uint64_t)(i + 1)); int t = order[i]; order[i] = order[j]; order[j] = t; }
    for (int r = 0; r < warmup; r++) train(x, y, w0, v0, w, v, order, n, steps);
    long baseline = status_kib("VmRSS:");
    FILE *clear = fopen("/proc/self/clear_refs", "w");
    if (clear) { fputs("5", clear); fclose(clear); }
    double times[64], sorted[64], cpu[64];
    if (reps > 64) reps = 64;
    for (int r = 0; r < reps; r++) {
        double c0 = cpu_now();
        times[r] = train(x, y, w0, v0, w, v, order, n, steps);
        cpu[r] = cpu_now() - c0;   /* CPU seconds of the rep, as the other sides report */
    }
    qsort(cpu, reps, sizeof(double), compare);
    long peak = status_kib("VmHWM:");
    memcpy(sorted, times, sizeof(double) * reps);
    qsort(sorted, reps, sizeof(double), compare);
    double median = reps % 2 ? sorted[reps / 2] : 0.5 * (sorted[reps / 2 - 1] + sorted[reps / 2]);
    long errors = 0;
    for (int i = 0; i < 2000; i++) {
        double f = 0;
        for (int k = 0; k < K; k++) {
            double dot = 0;
            for (int j = 0; j < D; j++) dot += w[k * D + j] * xt[(size_t)i * D + j];
            dot /= sqrt((double)D);
            f += v[k] * (dot > 0 ? dot : 0);
        }
        if (f * yt[i] <= 0) errors++;
    }
    printf("{\"side\":\"peer-c\",\"case\":\"sgd\",\"n\":%ld,\"extra\":%ld,\"times\":[", n, steps);
    for (int r = 0; r < reps; r++) printf("%s%.6f", r ? "," : "", times[r]);
    printf("],\"median\":%.6f,\"min\":%.6f,\"cpuSeconds\":%.6f,\"baselineMiB\":%.1f,\"peakMiB\":%.1f,\"threads\":1,\"testError\":%.4f,\"backend\":\"gcc -O3 -march=native -fopenmp-simd\"}\n",
           median, sorted[0], cpu[reps / 2], baseline / 1024.0, peak / 1024.0, errors / 2000.0);
    return 0;
}
