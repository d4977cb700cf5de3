"""Writes tests/fixtures/random.json: what torch.rand / torch.randn return after given seeds.

Run with the PyTorch that lib/random.ts follows (1.13, x86-64 with AVX2):

    /usr/bin/python3 tools/gen_random_fixtures.py

The output depends only on torch, so running the script again rewrites the file byte for byte.
(torch's unseeded startup seed is random, so there is no unseeded case here: the tests check
that behaviour without torch values.)

Each case seeds with its "seed" and then makes a sequence of calls in one process (a call may
also be a manual_seed), so the fixtures also pin down state carried between calls: the MT19937
position and the cached Box-Muller sample of the scalar randn path. A call with "repeat" stands
for that many identical calls whose results are concatenated.

Values are JSON numbers written with repr(), which round-trips every float64 (and every
float32, widened) exactly. rand is compared bit for bit, randn within a tolerance (see
lib/random.ts). Calls with at most FULL_LIMIT elements store every value. Larger calls store
the first and last EDGE values, every "stride"-th value, and the mean and (population) standard
deviation of all values computed in float64; rand calls also store the SHA-256 of all values'
little-endian IEEE-754 bytes, since rand must match exactly.
"""

import hashlib
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "random.json")
SIZES = [1, 2, 3, 15, 16, 17, 31, 100, 1000]
SEEDS = [0, 1, 42, 2**32 + 5, 2**63 - 1, 2**64 - 1]
DTYPES = {"float32": torch.float32, "float64": torch.float64}
FULL_LIMIT = 100
EDGE = 64
# The samples of 10^6 values (one per dtype and randn path) are what the randn tolerances in
# lib/random.ts were measured on; the fixture keeps about every 1000th of them.
MILLION = 1_000_000
SCALAR_SIZE = 15  # the largest size that takes randn's scalar path
SCALAR_CALLS = -(-MILLION // SCALAR_SIZE)


def stride_for(n):
    """About every 1000th value of the big samples (every 7th of small ones); prime strides
    visit every position within randn's blocks of 16 and scalar calls of 15."""
    return 997 if n > 10_000 else 7


def record(op, dtype, size, repeat=1):
    """One call, or `repeat` identical calls whose results are concatenated."""
    fn = torch.rand if op == "rand" else torch.randn
    parts = [fn(size, dtype=DTYPES[dtype]) for _ in range(repeat)]
    array = torch.cat(parts).numpy()
    values = array.tolist()
    call = {"op": op, "dtype": dtype, "size": size}
    if repeat > 1:
        call["repeat"] = repeat
    if len(values) <= FULL_LIMIT:
        call["values"] = values
        return call
    stride = stride_for(len(values))
    call["head"] = values[:EDGE]
    call["tail"] = values[-EDGE:]
    call["stride"] = stride
    call["strided"] = values[::stride]
    wide = array.astype(np.float64)
    call["mean"] = float(wide.mean())
    call["std"] = float(wide.std())
    if op == "rand":
        raw = array.astype(np.dtype(dtype).newbyteorder("<")).tobytes()
        call["sha256"] = hashlib.sha256(raw).hexdigest()
    return call


def seeded_case(name, seed, calls):
    """calls: (op, dtype, size) or (op, dtype, size, repeat) tuples, made after one seeding."""
    torch.manual_seed(seed)
    return {"name": name, "seed": str(seed), "calls": [record(*call) for call in calls]}


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
    # Successive calls: the generator position and the cached normal carry over. One uniform
    # too many or too few anywhere shifts every later value, far beyond the randn tolerance.
    continuity = [
        ("rand", "float32", 3),
        ("randn", "float64", 3),  # draws 2 pairs, leaves a cached sine half
        ("rand", "float64", 5),  # does not touch the cache
        ("randn", "float32", 1),  # consumes the cached value
        ("randn", "float32", 17),  # vector path: neither uses nor clears the cache
        ("randn", "float64", 1),  # fresh pair, caches again
        ("randn", "float32", 16),
        ("randn", "float64", 2),  # cached value, then a fresh pair
        ("rand", "float32", 700),  # crosses a 624-word MT19937 regeneration
        ("randn", "float64", 33),
        ("randn", "float32", 2),
        ("rand", "float64", 1),
    ]
    for seed in [0, 7, 2**40 + 3]:
        cases.append(seeded_case(f"sequence seed {seed}", seed, continuity))
    # 10^6 values per dtype and randn path; the float64 one also has a 16-element tail redone.
    for dtype, size in [("float32", MILLION), ("float64", MILLION + 3)]:
        cases.append(seeded_case(f"randn {dtype} size {size} seed 3", 3,
                                 [("randn", dtype, size)]))
    for dtype in DTYPES:
        cases.append(seeded_case(
            f"randn {dtype} size {SCALAR_SIZE} x {SCALAR_CALLS} calls seed 8", 8,
            [("randn", dtype, SCALAR_SIZE, SCALAR_CALLS)]))
    # manual_seed clears the cached normal: randn(1) after re-seeding must not reuse it.
    torch.manual_seed(5)
    first = record("randn", "float64", 1)
    torch.manual_seed(5)
    cases.append({
        "name": "manual_seed clears the cached normal",
        "seed": "5",
        "calls": [first, {"op": "manual_seed", "seed": "5"}, record("randn", "float64", 1)],
    })

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
