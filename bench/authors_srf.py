#!/usr/bin/python3
"""Times the authors' theory notebook for the spiked-random-features learning curve (Cui et al. 2024, theory.ipynb of
github.com/SPOC-group/OneStepGD_asymptotics) with its own parameters (tanh network, sin target, one step η̃ = 3 on
α0 = 20, d = p = 2000, λ = 0.1, α = linspace(0.2, 3, 5)), the curve of the module's 'srf-authors' case, and reports the
largest difference between the two curves. Nothing of the notebook is copied: its code cells are read from a clone
given on the command line (the repository has no licence; clone it yourself) and run in order, up to the cell that
computes the curve (the plot after it is skipped).

quadpy, which the notebook imports for one 19-point Gauss–Hermite rule, is not packaged in Debian (nor reachable
here); the same rule, ∫ f(x) e^{−x²} dx ≈ Σ w_i f(x_i), is supplied from numpy.polynomial.hermite.hermgauss. numba is
imported by the notebook but not used.

Usage: /usr/bin/python3 authors_srf.py CLONE DATADIR   (prints one JSON line)
"""
import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time
import types

import numpy as np


class _GaussHermite:
    def __init__(self, n):
        self.points, self.weights = np.polynomial.hermite.hermgauss(n)

    def integrate(self, f):
        return float(np.dot(self.weights, f(self.points)))


def _quadpy_stand_in():
    quadpy = types.ModuleType("quadpy")
    quadpy.e1r2 = types.SimpleNamespace(gauss_hermite=_GaussHermite)
    return quadpy


def main():
    p = argparse.ArgumentParser()
    p.add_argument("clone")
    p.add_argument("dir")
    a = p.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.modules.setdefault("quadpy", _quadpy_stand_in())
    cells = [''.join(c["source"]) for c in json.load(open(os.path.join(a.clone, "theory.ipynb")))["cells"] if c["cell_type"] == "code"]
    curve_cell = next(i for i, c in enumerate(cells) if "res=get_curves(" in c.replace(" ", ""))
    scope = {}
    c0, t0 = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        for c in cells[:curve_cell]:
            exec(compile(c, "theory.ipynb", "exec"), scope)
        t1 = time.perf_counter()
        exec(compile(cells[curve_cell], "theory.ipynb", "exec"), scope)
    wall, cpu, setup = time.perf_counter() - t0, time.process_time() - c0, t1 - t0
    res = scope["res"]
    ours = {}
    for line in open(os.path.join(a.dir, "srf-authors-module.csv")):
        alpha, err, _ = map(float, line.split(","))
        ours[round(alpha, 6)] = err
    theirs = [(float(al), float(m)) for al, m in zip(res["alpha"], res["mse"])]
    diffs = [abs(m - ours[round(al, 6)]) for al, m in theirs]
    print(json.dumps({"side": "authors-srf", "case": "srf-authors", "n": 0, "extra": 0, "times": [wall], "median": wall, "min": wall,
                      "cpuSeconds": cpu, "setupSeconds": setup, "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "threads": os.cpu_count(), "backend": f"numpy {np.__version__}",
                      "alphas": [al for al, _ in theirs], "authorsMse": [m for _, m in theirs], "moduleMse": [ours[round(al, 6)] for al, _ in theirs],
                      "maxAbsDiff": max(diffs), "maxRelDiff": max(d / abs(ours[round(al, 6)]) for d, (al, _) in zip(diffs, theirs))}))


if __name__ == "__main__":
    main()
