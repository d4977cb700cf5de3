#!/usr/bin/env python3
"""SciPy's values for notebook 09 (the divergence family): data/scipy_divergences.json.

    /usr/bin/python3 tools/gen_divergence_notebook_refs.py

Computed once and committed, so the notebook runs without Python; it shows each of its own
values beside SciPy's in a `compare` table. Everything is float64 and uses only SciPy's public
functions (SciPy normalises its inputs; the distributions below already sum to 1):

  kl             scipy.stats.entropy(p, q, base=b)              KL(p‖q)
  reverse_kl     scipy.stats.entropy(q, p, base=b)              KL(q‖p)
  symmetric_kl   entropy(p, q, base=b) + entropy(q, p, base=b)  Jeffreys (SciPy has no function)
  js             scipy.spatial.distance.jensenshannon(p, q, base=b) ** 2
                 (SciPy returns the Jensen-Shannon *distance*, the square root of the divergence)
  entropy        scipy.stats.entropy(p, base=b)                 H(p)
  cross_entropy  -scipy.special.xlogy(p, q).sum() / ln b        H(p, q) = -Σ p·log q, 0·log q = 0
  rel_entr       scipy.special.rel_entr(p, q) / ln b            the per-outcome terms of KL(p‖q)

for b = e (nats) and b = 2 (bits), on three sets of distributions:

  letters  p = each of the ten texts of data/letters_texts.csv, q = the pooled licence corpus of
           data/letters_reference.csv (row 0; every row is the same), both counts divided by
           their row sums; rel_entr for every text (10 × 26).
  sliding  twenty bins; p uniform on bins 0-9, q uniform on bins s to s+9, s = 0..10: the supports
           overlap less and less and are disjoint from s = 10 on.
  fading   four outcomes; p = [1/2, 1/2, 0, 0], q_t = [(1-t)/2, (1-t)/2, t/2, t/2]: q moves its
           mass off p's support as t -> 1, so KL(p‖q_t) = -log(1 - t) grows without bound.

Numbers as in tools/fixture_json.py: non-finite values are the strings "inf" and "nan" (JSON
has no literal for them).
"""

import csv
import json
import math
import os

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr, xlogy
from scipy.stats import entropy

from fixture_json import Encoding

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "data", "scipy_divergences.json")
BASES = {"nats": math.e, "bits": 2.0}
FADING_T = [0.0, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 1.0]
SLIDING_SHIFTS = list(range(11))
NUMBERS = Encoding()


def read_counts(name):
    with open(os.path.join(ROOT, "data", name), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return np.array([[float(c) for c in row] for row in rows[1:]], dtype=np.float64)


def family(pairs, base):
    """Each quantity for every (p, q) pair, as lists of numbers."""
    ln_b = math.log(base)
    out = {k: [] for k in
           ("kl", "reverse_kl", "symmetric_kl", "js", "entropy", "cross_entropy")}
    for p, q in pairs:
        kl_pq = entropy(p, q, base=base)
        kl_qp = entropy(q, p, base=base)
        out["kl"].append(NUMBERS.number(kl_pq))
        out["reverse_kl"].append(NUMBERS.number(kl_qp))
        out["symmetric_kl"].append(NUMBERS.number(kl_pq + kl_qp))
        out["js"].append(NUMBERS.number(jensenshannon(p, q, base=base) ** 2))
        out["entropy"].append(NUMBERS.number(entropy(p, base=base)))
        with np.errstate(divide="ignore"):
            out["cross_entropy"].append(NUMBERS.number(-xlogy(p, q).sum() / ln_b))
    return out


def main():
    texts = read_counts("letters_texts.csv")
    pooled = read_counts("letters_reference.csv")[0]
    p_letters = texts / texts.sum(axis=1, keepdims=True)
    q_letters = pooled / pooled.sum()
    letters_pairs = [(p, q_letters) for p in p_letters]

    sliding_pairs = []
    for s in SLIDING_SHIFTS:
        p = np.zeros(20)
        q = np.zeros(20)
        p[0:10] = 0.1
        q[s:s + 10] = 0.1
        sliding_pairs.append((p, q))

    fading_pairs = []
    for t in FADING_T:
        fading_pairs.append((np.array([0.5, 0.5, 0.0, 0.0]),
                             np.array([(1 - t) / 2, (1 - t) / 2, t / 2, t / 2])))

    result = {
        "format": 1,
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "letters": {
            "p": p_letters.tolist(),
            "q": q_letters.tolist(),
            **{unit: {
                **family(letters_pairs, b),
                "rel_entr": [NUMBERS.values(rel_entr(p, q_letters) / math.log(b), "float64")
                             for p in p_letters],
            } for unit, b in BASES.items()},
        },
        "sliding": {
            "shifts": SLIDING_SHIFTS,
            **{unit: family(sliding_pairs, b) for unit, b in BASES.items()},
        },
        "fading": {
            "t": FADING_T,
            **{unit: family(fading_pairs, b) for unit, b in BASES.items()},
        },
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
