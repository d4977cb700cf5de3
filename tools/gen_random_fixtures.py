"""Writes tests/fixtures/random.json: what torch.rand / torch.randn return after given seeds.

Run with the PyTorch that lib/random.ts reproduces (1.13, x86-64 with AVX2):

    /usr/bin/python3 tools/gen_random_fixtures.py

Each case seeds with its "seed" (the unseeded case: with what torch.initial_seed() reported)
and then makes a sequence of calls in one process (a call may also be a manual_seed), so the fixtures also pin down state carried between calls: the MT19937 position and
the cached Box-Muller sample of the scalar randn path.

Values are stored as JSON numbers written with repr(), which round-trips every float64 (and
every float32, widened) exactly. Calls with more than FULL_LIMIT elements store the first and
last HEAD elements plus the SHA-256 of all elements' little-endian IEEE-754 bytes (a sum
would hide 1-ulp differences). A call with "repeat" stands for that many identical calls whose
results are concatenated.
"""

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "random.json")
SIZES = [1, 2, 3, 15, 16, 17, 31, 100, 1000]
SEEDS = [0, 1, 42, 2**32 + 5, 2**63 - 1, 2**64 - 1]
DTYPES = {"float32": torch.float32, "float64": torch.float64}
FULL_LIMIT = 100
HEAD = 16


def record(op, dtype, size, repeat=1):
    """One call, or `repeat` identical calls whose results are concatenated."""
    fn = torch.rand if op == "rand" else torch.randn
    parts = [fn(size, dtype=DTYPES[dtype]) for _ in range(repeat)]
    values = torch.cat(parts).tolist()
    call = {"op": op, "dtype": dtype, "size": size}
    if repeat > 1:
        call["repeat"] = repeat
    if len(values) <= FULL_LIMIT:
        call["values"] = values
    else:
        call["head"] = values[:HEAD]
        call["tail"] = values[-HEAD:]
        raw = torch.cat(parts).numpy().astype(np.dtype(dtype).newbyteorder("<")).tobytes()
        call["sha256"] = hashlib.sha256(raw).hexdigest()
    return call


def seeded_case(name, seed, calls):
    torch.manual_seed(seed)
    return {
        "name": name,
        "seed": str(seed),
        "calls": [record(op, dtype, size) for op, dtype, size in calls],
    }


def unseeded_case():
    """A fresh interpreter never calls manual_seed: its generator uses a random 64-bit seed,
    which torch.initial_seed() reports. Replaying with that seed must give the same values."""
    code = (
        "import json, torch\n"
        "a = torch.rand(5).tolist()\n"
        "b = torch.randn(3, dtype=torch.float64).tolist()\n"
        "print(json.dumps({'seed': str(torch.initial_seed()), 'a': a, 'b': b}))\n"
    )
    out = json.loads(subprocess.check_output([sys.executable, "-c", code]))
    return {
        "name": "unseeded process, replayed with its initial_seed()",
        "seed": out["seed"],
        "calls": [
            {"op": "rand", "dtype": "float32", "size": 5, "values": out["a"]},
            {"op": "randn", "dtype": "float64", "size": 3, "values": out["b"]},
        ],
    }


def main():
    cases = []
    for seed in SEEDS:
        for op in ["rand", "randn"]:
            for dtype in DTYPES:
                # Each size starts from a fresh seed so every length is checked from the
                # same well-known state.
                for size in SIZES:
                    cases.append(seeded_case(f"{op} {dtype} size {size} seed {seed}", seed,
                                             [(op, dtype, size)]))
    # Successive calls: the generator position and the cached normal carry over.
    continuity = [
        ("rand", "float32", 3),
        ("randn", "float64", 3),  # draws 2 pairs, leaves a cached sine half
        ("rand", "float64", 5),  # does not touch the cache
        ("randn", "float32", 1),  # consumes the cached value
        ("randn", "float32", 17),  # vector path: neither uses nor clears the cache
        ("randn", "float64", 1),  # fresh pair, caches again
        ("randn", "float32", 16),
        ("randn", "float64", 2),  # cached value, then a fresh pair
        ("rand", "float32", 700),  # crosses a 624-word MT19937 twist
        ("randn", "float64", 33),
        ("randn", "float32", 2),
        ("rand", "float64", 1),
    ]
    for seed in [0, 7, 2**40 + 3]:
        cases.append(seeded_case(f"sequence seed {seed}", seed, continuity))
    # Larger float32 randn: exercises many more inputs of the emulated AVX2 log/sincos.
    cases.append(seeded_case("randn float32 size 100000 seed 3", 3,
                             [("randn", "float32", 100000)]))
    cases.append(seeded_case("randn float64 size 100003 seed 3", 3,
                             [("randn", "float64", 100003)]))
    # The scalar Box-Muller path calls glibc log/sin/cos, which differ from V8's Math.* in
    # about 0.1% of results: only many samples show whether they are reproduced exactly.
    torch.manual_seed(8)
    cases.append({
        "name": "randn float64 size 15 x 4000 calls seed 8",
        "seed": "8",
        "calls": [record("randn", "float64", 15, repeat=4000)],
    })
    # manual_seed clears the cached normal: randn(1) after re-seeding must not reuse it.
    torch.manual_seed(5)
    first = record("randn", "float64", 1)
    torch.manual_seed(5)
    cases.append({
        "name": "manual_seed clears the cached normal",
        "seed": "5",
        "calls": [first, {"op": "manual_seed", "seed": "5"}, record("randn", "float64", 1)],
    })
    cases.append(unseeded_case())

    capability = next((line.split(":", 1)[1].strip()
                       for line in torch.__config__.show().splitlines()
                       if "CPU capability usage" in line), "unknown")
    doc = {
        "generator": "tools/gen_random_fixtures.py",
        "torch_version": torch.__version__,
        "cpu_capability": capability,
        "full_limit": FULL_LIMIT,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
