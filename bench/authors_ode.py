#!/usr/bin/python3
"""Times the authors' ODE integrator for online SGD on the XOR-like mixture (Refinetti et al. 2021, include/iid_Ode.py
of github.com/mariaref/rfvs2lnn_GMM_online) on the curve of the module's 'ode-authors' case, and reports the largest
difference between the two curves. Nothing of the authors' code is copied: it is imported from a clone given on the
command line (the repository has no licence; clone it yourself). Their script runs with Debian's NumPy/SciPy/PyTorch.

Their run() takes its initial state from a file in their output format (written by the module's case), integrates
int(steps·N) Euler steps of size dstep and logs (t, classification error, ½E(y − f)², order parameters) at
log-spaced times. N enters the ODEs only through T = μ_α·μ_β/N, which is N-free for their unit means, so N = 1/dstep
makes steps·N steps reach t = steps.

Usage: /usr/bin/python3 authors_ode.py CLONE DATADIR [--hidden K] [--reps R]   (prints one JSON line)
"""
import argparse
import contextlib
import io
import json
import math
import os
import resource
import sys
import tempfile
import time

import numpy as np

LR, VAR, DT, T, NS, SEED = 0.5, 0.25, 0.05, 20.0, 10_000, 0  # the module case's settings (paper units: snr 4 ↔ σ² = 0.25)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("clone")
    p.add_argument("dir")
    p.add_argument("--hidden", type=int, default=4)
    p.add_argument("--reps", type=int, default=1)
    a = p.parse_args()
    sys.path.insert(1, os.path.join(a.clone, "include"))
    with contextlib.redirect_stdout(io.StringIO()):  # their modules print while importing and at every step
        import iid_Ode as ode
        import torch
    n = int(round(1 / DT))
    prefix = os.path.join(a.dir, "ode-authors-initial.csv")
    times, cpu, logs = [], [], None
    for _ in range(a.reps):
        np.random.seed(SEED)
        torch.manual_seed(SEED)
        out = tempfile.mkdtemp(prefix="authors-ode-")
        with contextlib.redirect_stdout(io.StringIO()):
            model = ode.Model_iid(N=n, var=VAR, rho=0.5, NUM_GAUSSIANS=2, mus=ode.get_means(N=n, NUM_GAUSSIANS=2, length=1.))
            student = ode.Student(a.hidden, n, act_function="relu")
            c0, t0 = time.process_time(), time.perf_counter()
            ode.run(model, student, lr=LR, Nsamples=NS, location=out + "/", prefix=prefix, seed=SEED, reg=0.0, steps=T,
                    comment="bench", init_time=0, dstep=DT)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        logs = [os.path.join(out, f) for f in os.listdir(out) if f.endswith("_ode.dat")]
    rows = [l.split(",") for l in open(logs[0]) if not l.startswith("#") and l.strip()]
    theirs = [(float(r[0]), float(r[1]), float(r[2])) for r in rows]  # t, classification error, ½E(y − f)²
    ours = {}
    for line in open(os.path.join(a.dir, "ode-authors-module.csv")):
        t, err, loss = map(float, line.split(","))
        ours[int(round(t / DT))] = (err, loss)
    d_err = [abs(e - ours[int(round(t / DT))][0]) for t, e, _ in theirs]
    d_loss = [abs(l - ours[int(round(t / DT))][1]) for t, _, l in theirs]
    s = sorted(times)
    print(json.dumps({"side": "authors-ode", "case": "ode-authors", "n": 0, "extra": a.hidden, "times": times,
                      "median": s[len(s) // 2], "min": s[0], "cpuSeconds": sorted(cpu)[len(cpu) // 2],
                      "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "threads": os.cpu_count(),
                      "backend": f"numpy {np.__version__}, torch {torch.__version__}",
                      "points": len(theirs), "maxAbsErrorDiff": max(d_err), "maxAbsLossDiff": max(d_loss), "minAbsErrorDiff": min(d_err),
                      "finalError": theirs[-1][1], "finalLoss": theirs[-1][2], "finalTime": theirs[-1][0],
                      "moduleFinal": list(ours[max(ours)])}))


if __name__ == "__main__":
    main()
