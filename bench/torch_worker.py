"""Times PyTorch for bench/compare.ts, one command per stdin line, one JSON answer per line.

  load NAME PATH DTYPE R C   -> reads raw little-endian float32/float64 values as an R x C tensor
  time OP SIZE DTYPE REPS    -> runs OP on the tensors loaded as logits_SIZE_DTYPE and
                                target_SIZE_DTYPE REPS times; answers {"ms": [...]}
  info                       -> {"torch": version, "threads": n, "cpu": model name}

Single-threaded (torch.set_num_threads(1)), like the kldiv side.
"""
import json
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


for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == "load":
        name, path, dtype, rows, cols = parts[1:]
        arr = np.fromfile(path, dtype=np.float32 if dtype == "float32" else np.float64)
        tensors[name] = torch.from_numpy(arr.reshape(int(rows), int(cols)).copy())
        answer = {"ok": True}
    elif parts[0] == "time":
        op, size, dtype, reps = parts[1:]
        fn = op_fn(op, tensors[f"logits_{size}_{dtype}"], tensors[f"target_{size}_{dtype}"])
        fn()
        ms = []
        for _ in range(int(reps)):
            a = time.perf_counter()
            fn()
            ms.append((time.perf_counter() - a) * 1e3)
        answer = {"ms": ms}
    elif parts[0] == "info":
        cpu = "?"
        with open("/proc/cpuinfo") as f:
            for row in f:
                if row.startswith("model name"):
                    cpu = row.split(":", 1)[1].strip()
                    break
        answer = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cpu": cpu}
    else:
        answer = {"error": f"unknown command {parts[0]}"}
    print(json.dumps(answer), flush=True)
