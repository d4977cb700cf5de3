"""PyTorch counterpart of bench/overhead_cases.ts: the same cases, one thread.

Prints one JSON object: {case name: {"median": µs, "min": µs}}. Same method as timeCase():
a 150 ms warm-up, then 60 batches of calls sized to ~2 ms; each batch gives its mean per call.
The inputs are the same normals as bench/data.ts (xorshift + Box-Muller), rounded to float32.
"""
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)


def normals(n, seed):
    out = [0.0] * n
    s = (seed * 2654435761) & 0xFFFFFFFF or 1

    def nxt():
        nonlocal s
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        return (s + 0.5) / 4294967296

    for i in range(0, n, 2):
        r = math.sqrt(-2 * math.log(nxt()))
        a = 2 * math.pi * nxt()
        out[i] = r * math.cos(a)
        if i + 1 < n:
            out[i + 1] = r * math.sin(a)
    return out


def cases():
    out = []
    inp = torch.tensor([0.7, 0.1, 0.2], requires_grad=True)
    target = torch.tensor([0.2, 0.5, 0.3])
    kl_loss = nn.KLDivLoss(reduction="batchmean")

    def m1():
        inp.grad = None
        kl_loss(F.log_softmax(inp, 0), F.softmax(target, 0)).backward()

    def m2():
        inp.grad = None
        F.kl_div(F.log_softmax(inp, 0), F.softmax(target, 0), reduction="batchmean").backward()

    def m3():
        inp.grad = None
        p = F.softmax(target, 0)
        (p * (p.log() - F.log_softmax(inp, 0))).mean().backward()

    def m4():
        inp.grad = None
        p = F.softmax(target, 0)
        (p * (F.log_softmax(target, 0) - F.log_softmax(inp, 0))).mean().backward()

    out += [("tiny method1+bwd", m1), ("tiny method2+bwd", m2),
            ("tiny method3+bwd", m3), ("tiny method4+bwd", m4)]
    for shape in ([1000], [32, 1000]):
        n = math.prod(shape)
        label = "[" + ",".join(map(str, shape)) + "]"
        x = torch.tensor(normals(n, 1)).reshape(shape)
        y = torch.tensor(normals(n, 2)).reshape(shape)
        leaf = x.detach().requires_grad_()

        def fwd_bwd(leaf=leaf, y=y):
            leaf.grad = None
            kl_loss(F.log_softmax(leaf, -1), F.softmax(y, -1)).backward()

        out += [
            (f"log_softmax {label}", lambda x=x: F.log_softmax(x, -1)),
            (f"softmax {label}", lambda x=x: F.softmax(x, -1)),
            (f"chain fwd {label}", lambda x=x, y=y: kl_loss(F.log_softmax(x, -1), F.softmax(y, -1))),
            (f"chain fwd+bwd {label}", fwd_bwd),
        ]
    return out


def time_case(run, batches=60):
    end = time.perf_counter() + 0.15
    calls = 0
    while time.perf_counter() < end:
        run()
        calls += 1
    per_batch = max(1, round(calls / 75))
    per = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(per_batch):
            run()
        per.append((time.perf_counter() - t0) * 1e6 / per_batch)
    per.sort()
    return {"median": per[len(per) // 2], "min": per[0]}


print(json.dumps({name: time_case(run) for name, run in cases()}))
