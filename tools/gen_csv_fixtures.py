#!/usr/bin/env python3
"""Generate SciPy reference values for the `kl` command: tests/fixtures/csv_kl.json.

    /usr/bin/python3 tools/gen_csv_fixtures.py        # or: deno task fixtures:csv

Needs numpy and scipy (Debian python3-scipy). Deterministic: every case seeds its own
numpy Generator with a CRC32 of its name.

Each case: {"name", "p_csv", "q_csv", "args", "expected"}
  p_csv, q_csv  the two files' full text (floats written with Python's round-trip repr)
  args          extra command-line arguments after the two file names
  expected      {"rows": [...]} per-row KL for the default output, or {"value": x} for a
                --reduction; numbers as in tools/fixture_json.py (Infinity is the string
                "inf"), with NaN an error: no reference here may be NaN.

The reference is scipy.stats.entropy(p, q, base=base, axis=1), which always normalises its
inputs: cases without --normalize therefore use rows that already sum to 1 (to rounding), and
--normalize cases use raw counts. Reductions follow torch's kl_div: sum = the total over rows
(math.fsum), batchmean = sum / rows, mean = sum / (rows * columns).
"""

import json
import math
import os
import zlib

import numpy as np
import scipy
from scipy.stats import entropy

from fixture_json import Encoding

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "csv_kl.json")
NUMBERS = Encoding(nan="error")


def rng(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def csv_text(rows, header=None):
    lines = [",".join(header)] if header else []
    for row in rows:
        lines.append(",".join(repr(float(x)) for x in row))
    return "\n".join(lines) + "\n"


def counts_text(rows, header=None):
    lines = [",".join(header)] if header else []
    for row in rows:
        lines.append(",".join(str(int(x)) for x in row))
    return "\n".join(lines) + "\n"


def probs(g, n, c, alpha=1.0):
    p = g.dirichlet([alpha] * c, size=n)
    return p / p.sum(axis=1, keepdims=True)


cases = []


def add(name, p, q, args=(), p_text=None, q_text=None, header=None):
    args = list(args)
    option = lambda flag, default: args[args.index(flag) + 1] if flag in args else default
    base = {"e": None, "2": 2, "10": 10}[option("--base", "e")]
    rows = entropy(np.asarray(p, dtype=float), np.asarray(q, dtype=float), base=base, axis=1)
    reduction = option("--reduction", "none")
    if reduction == "none":
        expected = {"rows": NUMBERS.values(rows, "float64")}
    else:
        total = math.inf if np.isinf(rows).any() else math.fsum(rows)
        n, c = np.asarray(p).shape
        value = {"sum": total, "batchmean": total / n, "mean": total / (n * c)}[reduction]
        expected = {"value": NUMBERS.number(value)}
    cases.append({
        "name": name,
        "p_csv": p_text if p_text is not None else csv_text(p, header),
        "q_csv": q_text if q_text is not None else csv_text(q, header),
        "args": args,
        "expected": expected,
    })


g = rng("probabilities")
p, q = probs(g, 6, 4), probs(g, 6, 4)
add("probabilities, no header, base e", p, q)
add("probabilities, base 2", p, q, ["--base", "2"])
add("probabilities, base 10", p, q, ["--base", "10"])
add("probabilities, header", p, q, header=["cat", "dog", "bird", "fish"])
for r in ["sum", "mean", "batchmean"]:
    add(f"probabilities, reduction {r}", p, q, ["--reduction", r])
add("probabilities, reduction batchmean base 2", p, q, ["--reduction", "batchmean", "--base", "2"])

g = rng("rounded")
p = [[float(f"{x:.7f}") for x in row] for row in probs(g, 10, 4)]
q = [[float(f"{x:.7f}") for x in row] for row in probs(g, 10, 4)]
assert max(abs(sum(row) - 1) for row in p + q) > 1e-8, "some sums must be off"
add("probabilities rounded to 7 decimals: sums off by < 1e-6, divided by them like SciPy", p, q,
    p_text="\n".join(",".join(f"{x:.7f}" for x in row) for row in p) + "\n",
    q_text="\n".join(",".join(f"{x:.7f}" for x in row) for row in q) + "\n")

g = rng("peaked")
p, q = probs(g, 20, 12, alpha=0.1), probs(g, 20, 12, alpha=0.1)
add("peaked dirichlet(0.1) rows, 12 categories", p, q)

zp = [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [0.25, 0.25, 0.5], [1.0, 0.0, 0.0]]
zq = [[0.25, 0.75, 0.0], [0.5, 0.5, 0.0], [0.25, 0.25, 0.5], [0.5, 0.5, 0.0]]
add("zeros: 0*log(0/q) = 0, p > 0 with q = 0 is inf, p = q is 0", zp, zq)
add("zeros with reduction sum gives inf", zp, zq, ["--reduction", "sum"])

g = rng("counts")
pc, qc = g.integers(0, 50, size=(8, 26)), g.integers(1, 50, size=(8, 26))
header = [chr(ord("a") + i) for i in range(26)]
add("counts with --normalize, header", pc, qc, ["--normalize"],
    p_text=counts_text(pc, header), q_text=counts_text(qc, header))
add("counts with --normalize, base 2, batchmean", pc, qc, ["--normalize", "--base", "2", "--reduction", "batchmean"],
    p_text=counts_text(pc), q_text=counts_text(qc))

add("one category: KL is 0", [[1.0], [1.0]], [[1.0], [1.0]])

g = rng("tiny")
p = probs(g, 5, 6)
q = probs(g, 5, 6)
p[:, 0] = 1e-300
q[:, 1] = 1e-250
p = p / p.sum(axis=1, keepdims=True)
q = q / q.sum(axis=1, keepdims=True)
add("tiny probabilities near the float64 limit", p, q)

g = rng("many rows")
p, q = probs(g, 300, 7), probs(g, 300, 7)
add("300 rows, exponent-notation cells", p, q,
    p_text="\n".join(",".join(f"{x:.17e}" for x in row) for row in p) + "\n",
    q_text="\n".join(",".join(f"{x:.17e}" for x in row) for row in q) + "\n")

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
texts = open(os.path.join(DATA, "letters_texts.csv")).read()
reference = open(os.path.join(DATA, "letters_reference.csv")).read()
tc = np.loadtxt(os.path.join(DATA, "letters_texts.csv"), delimiter=",", skiprows=1)
rc = np.loadtxt(os.path.join(DATA, "letters_reference.csv"), delimiter=",", skiprows=1)
add("data/ letter counts, texts vs pooled licences, base 2", tc, rc, ["--normalize", "--base", "2"],
    p_text=texts, q_text=reference)
add("data/ letter counts, pooled licences vs texts (a zero count gives inf)", rc, tc, ["--normalize"],
    p_text=reference, q_text=texts)

with open(OUT, "w") as f:
    json.dump({"format": 1, "scipy_version": scipy.__version__, "numpy_version": np.__version__,
               "cases": cases}, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
