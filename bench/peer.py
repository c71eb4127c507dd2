#!/usr/bin/python3
"""The same benchmark cases as FeatureLearning.Bench, in the tools a researcher would otherwise use: scikit-learn,
NumPy/SciPy on OpenBLAS and PyTorch CPU (Debian's python3-sklearn, python3-numpy, python3-scipy, python3-torch).
Same data (the raw float64 files the module wrote), same sizes, same hyper-parameters, same number of steps.

Usage: /usr/bin/python3 peer.py CASE DIR [--n N] [--extra E] [--reps R] [--warmup W]   (prints one JSON line)
"""
import argparse
import gc
import json
import math
import os
import sys
import time

import numpy as np

KERNEL_D, KERNEL_TEST, NET_D, NET_TEST, HIDDEN = 200, 1000, 500, 2000, 8
GAMMA, KRR_RIDGE, RF_RIDGE, LR = 0.5, 1.0, 1.0, 0.5
RIDGE_GRID = (1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0)  # RidgeGrid.RelativeGrid


def load(directory, name, rows, cols):
    x = np.fromfile(os.path.join(directory, name + "_X.f64"), dtype=np.float64, count=rows * cols).reshape(rows, cols)
    y = np.fromfile(os.path.join(directory, name + "_y.f64"), dtype=np.float64, count=rows)
    return x, y


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def score(pred, y):
    # A zero output counts as a mistake, as in the module's Metrics.
    return {"testError": float(np.mean(pred * y <= 0)), "testMse": float(np.mean((pred - y) ** 2))}


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture', '')} "
                         f"{i.get('threading_layer', '')} threads={i.get('num_threads')} ({i.get('filepath')})"
                         for i in threadpool_info())
    except ImportError:
        return "threadpoolctl missing"


def make_case(name, d, n, extra, threads=None):
    if name == "krr":
        from sklearn.kernel_ridge import KernelRidge
        x, y = load(d, "tc200_train", n, KERNEL_D)
        xt, yt = load(d, "tc200_test", KERNEL_TEST, KERNEL_D)

        def body():
            # Ours is exp(-γ‖x − x'‖²/d): scikit-learn's gamma is γ/d.
            model = KernelRidge(alpha=KRR_RIDGE, kernel="rbf", gamma=GAMMA / KERNEL_D).fit(x, y)
            return score(model.predict(xt), yt)
        return "peer-sklearn", body
    if name == "krr-select":
        # The ridge chosen over the module's grid by GridSearchCV on the module's validation split (the first
        # min(n, 2000) rows, 80 % fit / 20 % validation, error + 1e-6·MSE), then the fit at ρ·n on all n rows.
        from sklearn.kernel_ridge import KernelRidge
        from sklearn.metrics import make_scorer
        from sklearn.model_selection import GridSearchCV, PredefinedSplit
        x, y = load(d, "tc200_train", n, KERNEL_D)
        xt, yt = load(d, "tc200_test", KERNEL_TEST, KERNEL_D)
        m = min(n, 2000)
        m_train = int(0.8 * m)
        fold = np.r_[-np.ones(m_train), np.zeros(m - m_train)]
        scorer = make_scorer(lambda yv, p: float(np.mean(p * yv <= 0)) + 1e-6 * float(np.mean((p - yv) ** 2)),
                             greater_is_better=False)

        def body():
            search = GridSearchCV(KernelRidge(kernel="rbf", gamma=GAMMA / KERNEL_D),
                                  {"alpha": [rho * m_train for rho in RIDGE_GRID]}, scoring=scorer,
                                  cv=PredefinedSplit(fold), refit=False)
            search.fit(x[:m], y[:m])
            rho = search.best_params_["alpha"] / m_train
            model = KernelRidge(alpha=rho * n, kernel="rbf", gamma=GAMMA / KERNEL_D).fit(x, y)
            result = score(model.predict(xt), yt)
            result["rho"] = rho
            return result
        return "peer-sklearn", body
    if name == "gram":
        # The kernel step of KernelRidge.fit: scikit-learn's rbf_kernel (X·Xᵀ by the BLAS, norms, exp).
        from sklearn.metrics.pairwise import rbf_kernel
        x, _ = load(d, "tc200_train", n, KERNEL_D)

        def body():
            rbf_kernel(x, gamma=GAMMA / KERNEL_D)
            return {"flops": float(n) * n * KERNEL_D}
        return "peer-sklearn", body
    if name == "gram-product":
        # The module's kernel product alone, done the same way by hand: the lower triangle of X·Xᵀ in 256×256 tiles,
        # SYRK on the diagonal and GEMM below, each tile one call of NumPy's OpenBLAS on one thread (through ctypes),
        # the tiles shared by `threads` Python threads (ctypes releases the GIL): the library's ceiling for this shape.
        import ctypes
        from concurrent.futures import ThreadPoolExecutor
        from threadpoolctl import threadpool_info
        lib = ctypes.CDLL(next(i["filepath"] for i in threadpool_info() if i.get("internal_api") == "openblas"))
        lib.openblas_set_num_threads(1)
        x, _ = load(d, "tc200_train", n, KERNEL_D)
        g = np.empty((n, n))
        tile, one_, zero = 256, ctypes.c_double(1.0), ctypes.c_double(0.0)
        tiles = [(i, j) for i in range(0, n, tile) for j in range(0, i + 1, tile)]

        def product(t):
            i, j = t
            rows, cols = min(tile, n - i), min(tile, n - j)
            a, b = ctypes.c_void_p(x[i:].ctypes.data), ctypes.c_void_p(x[j:].ctypes.data)
            c = ctypes.c_void_p(g.ctypes.data + (i * n + j) * 8)
            if i == j:  # row-major, lower, no transpose
                lib.cblas_dsyrk(101, 122, 111, rows, KERNEL_D, one_, a, KERNEL_D, zero, c, n)
            else:  # row-major, A·Bᵀ
                lib.cblas_dgemm(101, 111, 112, rows, cols, KERNEL_D, one_, a, KERNEL_D, b, KERNEL_D, zero, c, n)

        def body():
            with ThreadPoolExecutor(threads or 1) as pool:
                list(pool.map(product, tiles))
            return {"flops": float(n) * n * KERNEL_D}
        return "peer-openblas", body
    if name == "cholesky":
        import scipy.linalg
        from sklearn.metrics.pairwise import rbf_kernel
        x, _ = load(d, "tc200_train", n, KERNEL_D)
        k = rbf_kernel(x, gamma=GAMMA / KERNEL_D)
        k.flat[::n + 1] += KRR_RIDGE
        k = np.asfortranarray(k)

        def body():
            work = k.copy(order="F")
            c0 = time.process_time()
            t0 = time.perf_counter()
            scipy.linalg.cholesky(work, lower=True, overwrite_a=True, check_finite=False)
            return {"flops": float(n) ** 3 / 3, "seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0}
        return "peer-scipy", body
    if name == "rf":
        import scipy.linalg
        x, y = load(d, "tc200_train", n, KERNEL_D)
        xt, yt = load(d, "tc200_test", KERNEL_TEST, KERNEL_D)
        p = extra
        f = np.random.default_rng(4).standard_normal((p, KERNEL_D))

        def features(rows):
            phi = rows @ f.T
            phi *= 1 / math.sqrt(KERNEL_D)
            np.maximum(phi, 0, out=phi)
            phi *= 1 / math.sqrt(p)
            return phi

        def body():
            phi = features(x)
            a = phi.T @ phi  # SYRK
            a.flat[::p + 1] += RF_RIDGE
            readout = scipy.linalg.solve(a, phi.T @ y, assume_a="pos", overwrite_a=True, check_finite=False)
            return score(features(xt) @ readout, yt)
        return "peer-numpy", body
    if name in ("sgd", "minibatch"):
        import torch
        # The two cores unless --threads says otherwise (this Debian build starts with one).
        torch.set_num_threads(threads or os.cpu_count())
        x, y = load(d, "xor500_train", n, NET_D)
        xt, yt = load(d, "xor500_test", NET_TEST, NET_D)
        w0 = torch.from_numpy(np.fromfile(os.path.join(d, "xor500_w0.f64")).reshape(HIDDEN, NET_D))
        v0 = torch.from_numpy(np.fromfile(os.path.join(d, "xor500_v0.f64")))
        X, Y, XT = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(xt)
        inv_sqrt_d = 1 / math.sqrt(NET_D)
        gen = torch.Generator().manual_seed(5)

        def evaluate(w, v):
            return score((torch.relu(XT @ w.T * inv_sqrt_d) @ v).numpy(), yt)

        if name == "sgd":
            steps = extra

            def body():
                # The per-sample update of the module (manual gradients: no autograd graph per step), float64.
                w, v = w0.clone(), v0.clone()
                order = torch.randperm(n, generator=gen)
                with torch.no_grad():
                    for s in range(steps):
                        i = int(order[s % n])
                        xi = X[i]
                        lam = torch.mv(w, xi) * inv_sqrt_d
                        g = torch.relu(lam)
                        e = float(torch.dot(v, g)) - float(Y[i])
                        coef = (lam > 0).to(torch.float64) * v * (-LR * e * inv_sqrt_d)
                        w.addr_(coef, xi)
                        v.add_(g, alpha=-LR / NET_D * e)
                result = evaluate(w, v)
                result["steps"] = steps
                return result
            return "peer-torch", body

        batch, epochs = 64, max(1, extra // n)

        def body():
            w, v = w0.clone(), v0.clone()
            with torch.no_grad():
                for _ in range(epochs):
                    order = torch.randperm(n, generator=gen)
                    for start in range(0, n, batch):
                        idx = order[start:start + batch]
                        xb, yb = X[idx], Y[idx]
                        lam = xb @ w.T * inv_sqrt_d
                        g = torch.relu(lam)
                        e = g @ v - yb
                        # Summed (not averaged) per-sample updates at the current weights, as the module's BatchStep.
                        coef = (lam > 0).to(torch.float64) * v * e[:, None] * inv_sqrt_d
                        grad_v = g.T @ e
                        w.sub_(coef.T @ xb, alpha=LR)
                        v.sub_(grad_v, alpha=LR / NET_D)
            result = evaluate(w, v)
            result["steps"] = epochs * ((n + batch - 1) // batch)
            return result
        return "peer-torch", body
    raise SystemExit(f"unknown case {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("dir")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--extra", type=int, default=0)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads of PyTorch and of NumPy's BLAS (default: PyTorch all cores, BLAS its own default)")
    a = parser.parse_args()
    limits = None
    if a.threads:
        # The BLAS under NumPy/SciPy/scikit-learn on a given number of threads: one of the peer's configurations.
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(limits=a.threads)
    side, body = make_case(a.case, a.dir, a.n, a.extra, a.threads)
    for _ in range(a.warmup):
        body()
    gc.collect()
    baseline = status_kib("VmRSS:")
    reset_peak()
    times, metrics = [], {}
    cpu = []
    for _ in range(a.reps):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        metrics = body()
        elapsed = time.perf_counter() - t0
        cpu.append(metrics.pop("cpuSeconds", time.process_time() - c0))
        times.append(metrics.pop("seconds", elapsed))
    peak = status_kib("VmHWM:")
    s = sorted(times)
    median = s[len(s) // 2] if len(s) % 2 else 0.5 * (s[len(s) // 2 - 1] + s[len(s) // 2])
    threads = None
    if side == "peer-torch":
        import torch
        threads = torch.get_num_threads()
        backend = f"torch {torch.__version__} threads={threads}; " + blas_info()
    else:
        import sklearn
        import scipy
        backend = f"numpy {np.__version__}, scipy {scipy.__version__}, sklearn {sklearn.__version__}; " + blas_info()
    if a.threads:
        side += f"-{a.threads}t"
    out = {"side": side, "case": a.case, "n": a.n, "extra": a.extra, "times": times, "median": median, "min": s[0], "cpuSeconds": sorted(cpu)[len(cpu) // 2],
           "baselineMiB": baseline / 1024, "peakMiB": peak / 1024, "threads": threads or os.cpu_count(), "backend": backend}
    out.update(metrics)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
