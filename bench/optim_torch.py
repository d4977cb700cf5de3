"""PyTorch counterpart of bench/optim_speed.ts: Adam.step and SGD(momentum).step on the same
parameter shapes, one thread (run with OPENBLAS_NUM_THREADS=1).

Prints one JSON object: {case: {"median": ms, "min": ms, "samples": n}}, steps timed one by one.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)

SHAPES = {
    "0.2M": [[256, 784], [256], [10, 256], [10]],
    "1.9M": [[1024, 784], [1024], [1024, 1024], [1024], [10, 1024], [10]],
}


def run(make, shapes, rounds):
    g = torch.Generator().manual_seed(0)
    params = [torch.randn(s, generator=g).requires_grad_() for s in shapes]
    for p in params:
        p.grad = torch.randn(p.shape, generator=g) * 1e-2
    opt = make(params)
    for _ in range(20):
        opt.step()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        opt.step()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"median": times[len(times) // 2], "min": times[0], "samples": rounds}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    out = {}
    for size, shapes in SHAPES.items():
        out[f"Adam {size}"] = run(lambda ps: torch.optim.Adam(ps, lr=1e-3), shapes, rounds)
        out[f"SGD momentum {size}"] = run(
            lambda ps: torch.optim.SGD(ps, lr=1e-2, momentum=0.9), shapes, rounds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
