"""Times PyTorch's float32 matmul and a distillation training step for bench/gemm_compare.ts.

Usage: gemm_torch.py THREADS REPS  (THREADS: 1 or "all"; for one thread run it with
OPENBLAS_NUM_THREADS=1 as well: Debian's torch.set_num_threads(1) does not limit OpenBLAS).
Prints one JSON object: {"matmul": {label: [ms, ...]}, "step": {label: [ms, ...]}, "threads": n}.
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

threads = os.cpu_count() if sys.argv[1] == "all" else int(sys.argv[1])
reps = int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)

MATMULS = [(128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (128, 784, 256)]
STEPS = [(128, [784, 256, 10]), (32, [784, 256, 10]), (128, [784, 1024, 1024, 10])]
T = 4.0


def samples(fn, reps, min_ms=20.0):
    fn()
    # Calls per sample: enough for about min_ms.
    t0 = time.perf_counter()
    fn()
    one = (time.perf_counter() - t0) * 1e3
    batch = max(1, int(min_ms / max(one, 1e-3)))
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        out.append((time.perf_counter() - t0) * 1e3 / batch)
    return out


result = {"matmul": {}, "step": {}, "threads": threads}
for n, k, m in MATMULS:
    a = torch.randn(n, k)
    b = torch.randn(k, m)
    result["matmul"][f"{n}x{k}x{m}"] = samples(lambda: torch.matmul(a, b), reps)

# F.linear forward and backward: [128, 784] by a 256×784 weight with bias.
x = torch.randn(128, 784, requires_grad=True)
w = torch.randn(256, 784, requires_grad=True)
bias = torch.randn(256, requires_grad=True)


def linear_step():
    x.grad = w.grad = bias.grad = None
    F.linear(x, w, bias).sum().backward()


result["step"]["linear fwd+bwd 128x784->256"] = samples(linear_step, reps)

for batch, sizes in STEPS:
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, sizes[0])
    teacher = torch.randn(batch, sizes[-1])
    y = torch.randint(0, sizes[-1], (batch,))

    def step():
        opt.zero_grad()
        s = model(x)
        kd = F.kl_div(F.log_softmax(s / T, -1), F.softmax(teacher / T, -1), reduction="batchmean")
        loss = kd * (T * T) + F.cross_entropy(s, y)
        loss.backward()
        opt.step()

    result["step"][f"b{batch} {'-'.join(map(str, sizes))}"] = samples(step, reps, 50.0)

print(json.dumps(result))
