"""Times PyTorch for bench/compare.ts.

As a server (no arguments): one command per stdin line, one JSON answer per line.

  load NAME PATH DTYPE SHAPE -> reads raw little-endian float32/float64 values as a tensor of
                                SHAPE (comma-separated, e.g. 1000,1000 or 1000)
  threads N                  -> torch.set_num_threads(N)
  time OP SIZE DTYPE REPS BATCH -> runs OP on the tensors loaded as logits_SIZE_DTYPE and
                                target_SIZE_DTYPE: one untimed call, then REPS samples of BATCH
                                calls each; answers {"ms": [...]}, ms per call of each sample
  info                       -> {"torch": version, "threads": n, "cores": n, "cpu": model name}

Once, in a fresh process (the first calls, nothing run before them):

  first OP LOGITS_PATH TARGET_PATH DTYPE SHAPE THREADS COUNT -> prints {"ms": [...]}, the
                                times of the first COUNT calls

It starts single-threaded (torch.set_num_threads(1)); compare.ts switches to all cores
(os.cpu_count()) for the "torch, all cores" column.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
tensors = {}


def op_fn(op, x, t):
    if op == "kl_div":
        lp = F.log_softmax(x, -1)
        return lambda: F.kl_div(lp, t, reduction="batchmean")
    if op == "kl_div_chain":
        return lambda: F.kl_div(F.log_softmax(x, -1), t, reduction="batchmean")
    if op == "kl_div_fwd_bwd":
        def run():
            leaf = x.detach().requires_grad_()
            F.kl_div(F.log_softmax(leaf, -1), t, reduction="batchmean").backward()
        return run
    if op == "log_softmax":
        return lambda: F.log_softmax(x, -1)
    if op == "softmax":
        return lambda: F.softmax(x, -1)
    raise ValueError(f"unknown op {op}")


def read(path, dtype, shape):
    arr = np.fromfile(path, dtype=np.float32 if dtype == "float32" else np.float64)
    return torch.from_numpy(arr.reshape([int(d) for d in shape.split(",")]).copy())


def timed(fn, count, batch=1):
    ms = []
    for _ in range(count):
        a = time.perf_counter()
        for _ in range(batch):
            fn()
        ms.append((time.perf_counter() - a) * 1e3 / batch)
    return ms


if len(sys.argv) > 1 and sys.argv[1] == "first":
    op, lpath, tpath, dtype, shape, threads, count = sys.argv[2:]
    torch.set_num_threads(int(threads))
    fn = op_fn(op, read(lpath, dtype, shape), read(tpath, dtype, shape))
    print(json.dumps({"ms": timed(fn, int(count))}), flush=True)
    sys.exit(0)

for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == "load":
        name, path, dtype, shape = parts[1:]
        tensors[name] = read(path, dtype, shape)
        answer = {"ok": True}
    elif parts[0] == "threads":
        torch.set_num_threads(int(parts[1]))
        answer = {"threads": torch.get_num_threads()}
    elif parts[0] == "time":
        op, size, dtype, reps, batch = parts[1:]
        fn = op_fn(op, tensors[f"logits_{size}_{dtype}"], tensors[f"target_{size}_{dtype}"])
        fn()
        answer = {"ms": timed(fn, int(reps), int(batch))}
    elif parts[0] == "info":
        cpu = "?"
        with open("/proc/cpuinfo") as f:
            for row in f:
                if row.startswith("model name"):
                    cpu = row.split(":", 1)[1].strip()
                    break
        answer = {
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "cores": os.cpu_count(),
            "cpu": cpu,
        }
    else:
        answer = {"error": f"unknown command {parts[0]}"}
    print(json.dumps(answer), flush=True)
