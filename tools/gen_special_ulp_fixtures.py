#!/usr/bin/python3
"""Generate tests/fixtures/special_ulps.json: PyTorch 1.13's special functions over dense sweeps
of their whole domains (poles, negative arguments, huge and tiny magnitudes, ±inf, NaN), in
float32 and float64, for tests/special_test.ts, which measures how many ULPs kldiv's results are
from torch's and asserts the bounds docs/porting/special.md states.

    /usr/bin/python3 tools/gen_special_ulp_fixtures.py            # the committed sweep
    /usr/bin/python3 tools/gen_special_ulp_fixtures.py --dense    # 40x the points (not committed), to measure

Inputs and outputs are stored as base64 of their little-endian float32/float64 bytes:
{"torch_version", "cases": [{"name", "fn", "dtype", "n" (polygamma's order, mvlgamma's p, logit's
eps or null), "x", "y" (xlog1py's second argument, else absent), "out"}]}.
"""

import base64
import json
import os
import sys

import numpy as np
import torch

DENSE = "--dense" in sys.argv
SCALE = 8 if DENSE else 0.2


def b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(a.astype("<f4" if dtype == "float32" else "<f8").tobytes()).decode()


SPECIALS = [0.0, -0.0, float("inf"), float("-inf"), float("nan")]


def sweep(rng, parts, dtype):
    """Concatenates linear sweeps (lo, hi, count), log sweeps ("log", lo_exp, hi_exp, count, sign)
    and explicit values, jittered in float64 so the points are not all on a float32 grid."""
    out = []
    for p in parts:
        if p[0] == "lin":
            _, lo, hi, n = p
            v = np.linspace(lo, hi, int(n * SCALE))
            v = v + rng.uniform(-0.5, 0.5, v.shape) * (hi - lo) / int(n * SCALE)
        elif p[0] == "log":
            _, lo, hi, n, sign = p
            v = sign * 10.0 ** rng.uniform(lo, hi, int(n * SCALE))
        else:
            v = np.array(p[1], dtype=np.float64)
        out.append(v)
    v = np.concatenate(out + [np.array(SPECIALS)])
    return v.astype(np.float32 if dtype == "float32" else np.float64)


NEG_INTS = [("vals", [-float(k) for k in range(1, 40)] + [-1e10, -2.0 ** 52, -2.0 ** 60])]
NEAR_NEG_INTS = [("vals", [k + d for k in range(-30, 0) for d in (1e-6, -1e-6, 1e-3, -1e-3, 0.5)])]
GAMMA = [("lin", -30, 40, 8000), ("log", -30, -1, 500, 1), ("log", -30, -1, 500, -1),
         ("log", 1, 37, 1000, 1), ("lin", 0.9, 2.1, 2000), ("lin", -5, 0, 2000)] + NEG_INTS + NEAR_NEG_INTS

# name, torch function of (x[, y]), domain parts, extra arg, second-argument domain
FUNCS = [
    ("lgamma", lambda x, n: torch.lgamma(x), GAMMA, None),
    ("digamma", lambda x, n: torch.digamma(x), GAMMA + [("lin", 1.3, 1.6, 2000)], None),
    ("polygamma1", lambda x, n: torch.polygamma(1, x), [("lin", -10, 30, 6000), ("log", -8, 6, 800, 1)] + NEG_INTS, 1),
    ("polygamma2", lambda x, n: torch.polygamma(2, x), [("lin", -10, 30, 6000), ("log", -8, 6, 800, 1)], 2),
    ("polygamma3", lambda x, n: torch.polygamma(3, x), [("lin", -6, 30, 6000), ("log", -6, 6, 800, 1)], 3),
    ("mvlgamma3", lambda x, n: torch.mvlgamma(x, 3), [("lin", 1.01, 40, 4000), ("log", 0.3, 30, 500, 1)], 3),
    ("erf", lambda x, n: torch.erf(x), [("lin", -7, 7, 8000), ("log", -40, 1, 800, 1), ("log", -40, 1, 800, -1)], None),
    ("erfc", lambda x, n: torch.erfc(x), [("lin", -7, 30, 8000), ("log", -40, 1, 800, 1), ("log", -40, 1, 800, -1)], None),
    ("erfinv", lambda x, n: torch.erfinv(x), [("lin", -1, 1, 8000), ("log", -30, 0, 800, 1), ("vals", [1 - 2.0 ** -k for k in range(1, 53)] + [-1.5, 1.5, 1.0, -1.0])], None),
    ("erfcx", lambda x, n: torch.special.erfcx(x), [("lin", -27, 60, 8000), ("log", 1, 12, 800, 1), ("log", -30, 0, 400, 1)], None),
    ("i0", lambda x, n: torch.i0(x), [("lin", -100, 100, 8000), ("log", -30, 2.9, 800, 1)], None),
    ("i0e", lambda x, n: torch.special.i0e(x), [("lin", -100, 100, 8000), ("log", -30, 30, 800, 1)], None),
    ("i1", lambda x, n: torch.special.i1(x), [("lin", -100, 100, 8000), ("log", -30, 2.9, 800, -1)], None),
    ("i1e", lambda x, n: torch.special.i1e(x), [("lin", -100, 100, 8000), ("log", -30, 30, 800, 1)], None),
    ("ndtri", lambda x, n: torch.special.ndtri(x), [("lin", 0, 1, 8000), ("log", -300, 0, 800, 1), ("vals", [1 - 2.0 ** -k for k in range(1, 53)] + [-0.5, 1.5])], None),
    ("ndtr", lambda x, n: torch.special.ndtr(x), [("lin", -40, 10, 8000)], None),
    ("log_ndtr", lambda x, n: torch.special.log_ndtr(x), [("lin", -40, 10, 8000), ("log", 0, 150, 800, -1)], None),
    ("entr", lambda x, n: torch.special.entr(x), [("lin", -1, 50, 4000), ("log", -40, 30, 800, 1)], None),
    ("sinc", lambda x, n: torch.special.sinc(x), [("lin", -50, 50, 8000), ("log", -30, 10, 800, 1)], None),
    ("logit", lambda x, n: torch.logit(x), [("lin", -0.1, 1.1, 8000), ("log", -40, 0, 800, 1)], None),
    ("logit_eps", lambda x, n: torch.logit(x, 1e-6), [("lin", -0.1, 1.1, 4000), ("log", -40, 0, 400, 1)], 1e-6),
    ("exp2", lambda x, n: torch.exp2(x), [("lin", -160, 140, 8000), ("lin", -1100, 1050, 2000)], None),
    ("expit", lambda x, n: torch.special.expit(x), [("lin", -120, 120, 8000)], None),
]


def main() -> None:
    rng = np.random.default_rng(19)
    torch.set_num_threads(1)
    cases = []
    for name, f, parts, n in FUNCS:
        for dtype in ("float32", "float64"):
            x = sweep(rng, parts, dtype)
            out = f(torch.from_numpy(x), n).numpy()
            cases.append({"name": f"{name} {dtype}", "fn": name, "dtype": dtype, "n": n,
                          "x": b64(x, dtype), "out": b64(out, dtype)})
        # xlog1py: pairs, with y near −1 and x = 0 included
    for dtype in ("float32", "float64"):
        m = int(4000 * SCALE)
        x = np.concatenate([rng.uniform(-5, 5, m), np.zeros(50), [0.0, 0.0, 1.0, 1.0, 2.0]])
        y = np.concatenate([rng.uniform(-1, 10, m), rng.uniform(-1, 1, 50), [float("nan"), -1.0, -1.0, float("inf"), -2.0]])
        x = x.astype(dtype)
        y = y.astype(dtype)
        out = torch.special.xlog1py(torch.from_numpy(x), torch.from_numpy(y)).numpy()
        cases.append({"name": f"xlog1py {dtype}", "fn": "xlog1py", "dtype": dtype, "n": None,
                      "x": b64(x, dtype), "y": b64(y, dtype), "out": b64(out, dtype)})
    # zeta(x, q): exponents from 1 to 30 against shifts from −5 to 50 (negative non-integer q
    # only pairs with integer x, else torch gives NaN).
    for dtype in ("float32", "float64"):
        m = int(4000 * SCALE)
        x = np.concatenate([rng.uniform(1, 30, m), np.round(rng.uniform(2, 12, m // 4)),
                            [1.0, 0.5, 2.0, 2.0]])
        q = np.concatenate([rng.uniform(0, 50, m), rng.uniform(-5, 0, m // 4),
                            [1.0, 1.0, 0.0, -1.0]])
        x = x.astype(dtype)
        q = q.astype(dtype)
        out = torch.special.zeta(torch.from_numpy(x), torch.from_numpy(q)).numpy()
        cases.append({"name": f"zeta {dtype}", "fn": "zeta", "dtype": dtype, "n": None,
                      "x": b64(x, dtype), "y": b64(q, dtype), "out": b64(out, dtype)})
    # gammainc / gammaincc: a and x log-uniform over 1e-3..1e3, plus x near a (the asymptotic
    # expansion's region) and the edges.
    for fn in ("gammainc", "gammaincc"):
        for dtype in ("float32", "float64"):
            m = int(3000 * SCALE)
            a = np.concatenate([10.0 ** rng.uniform(-3, 3, m), rng.uniform(20, 600, m // 2),
                                [0.0, 0.0, 1.0, float("inf"), 2.0, -1.0, 1.0]])
            x = np.concatenate([10.0 ** rng.uniform(-3, 3, m),
                                a[m:m + m // 2] * rng.uniform(0.75, 1.25, m // 2),
                                [1.0, 0.0, 0.0, 1.0, float("inf"), 1.0, -1.0]])
            a = a.astype(dtype)
            x = x.astype(dtype)
            f = getattr(torch.special, fn)
            out = f(torch.from_numpy(a), torch.from_numpy(x)).numpy()
            cases.append({"name": f"{fn} {dtype}", "fn": fn, "dtype": dtype, "n": None,
                          "x": b64(a, dtype), "y": b64(x, dtype), "out": b64(out, dtype)})
    name = "special_ulps_dense.json" if DENSE else "special_ulps.json"
    out_path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", name)
    with open(out_path, "w") as fh:
        json.dump({"torch_version": torch.__version__, "cases": cases}, fh)
        fh.write("\n")
    print(f"wrote {len(cases)} cases to tests/fixtures/{name} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
