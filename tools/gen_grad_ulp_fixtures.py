#!/usr/bin/python3
"""Generate tests/fixtures/grad_ulps.json: PyTorch's float32 gradients of softmax, log_softmax,
kl_div and the document's formulas on random inputs, for tests/grad_ulps_test.ts, which measures
how far kldiv's gradients are from them (median, 99th percentile and largest ULP distance, largest
absolute difference) and checks the table of docs/semantics.md ("How close the gradients are").

    /usr/bin/python3 tools/gen_grad_ulp_fixtures.py      # or: deno task fixtures:grad-ulps

Deterministic (torch.manual_seed per case). Tensors are base64 of float32 little-endian bytes:
{"torch_version": str, "cases": [{"name", "shape", "x", "y", "w", "inp", "target", "log_target",
"grads": {op: [b64 per input]}}]}. x and y are logits, w the weights of (op(x) * w).sum() for ops
whose output is not a scalar; inp, target and log_target are torch's log_softmax(x), softmax(y) and
log_softmax(y), the inputs of the kl_div rows, so those measure kl_div's backward alone.
"""

import base64
import json
import os

import torch
import torch.nn.functional as F

# The case (64×100), the sizes of tests/ulps_test.ts, and one wide row (> 2048 elements,
# the WebAssembly kernels).
# Logits scaled by 1 and 10 on the small shapes, by 1 on the large ones (the fixture's size).
CASES = [((4, 10), 1.0), ((4, 10), 10.0), ((8, 100), 1.0), ((8, 100), 10.0), ((64, 100), 1.0),
         ((1, 2100), 1.0)]


def b64(t: torch.Tensor) -> str:
    return base64.b64encode(t.detach().contiguous().numpy().astype("<f4").tobytes()).decode()


def grads(fn, *inputs):
    """The gradients of fn(*leaves) (a scalar) with respect to fresh leaves of the inputs."""
    leaves = [t.detach().clone().requires_grad_(True) for t in inputs]
    fn(*leaves).backward()
    return [b64(leaf.grad) for leaf in leaves]


def main() -> None:
    cases = []
    seed = 100
    for shape, scale in CASES:
        seed += 1
        torch.manual_seed(seed)
        x = torch.randn(shape) * scale
        y = torch.randn(shape) * scale
        w = torch.randn(shape)
        inp = F.log_softmax(x, -1)
        target = F.softmax(y, -1)
        g = {}
        g["softmax"] = grads(lambda a: (F.softmax(a, -1) * w).sum(), x)
        g["log_softmax"] = grads(lambda a: (F.log_softmax(a, -1) * w).sum(), x)
        g["kl_div"] = grads(
            lambda a, b: F.kl_div(a, b, reduction="batchmean"), inp, target)
        g["kl_div_log_target"] = grads(
            lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True),
            inp, F.log_softmax(y, -1))
        g["kl_div_log_softmax"] = grads(
            lambda a, b: F.kl_div(F.log_softmax(a, -1), F.softmax(b, -1),
                                  reduction="batchmean"), x, y)
        g["method3"] = grads(
            lambda a: (target * (target.log() - F.log_softmax(a, -1))).mean(), x)
        cases.append({
            "name": f"{shape[0]}x{shape[1]} scale {scale}",
            "shape": list(shape),
            "x": b64(x),
            "y": b64(y),
            "w": b64(w),
            "inp": b64(inp),
            "target": b64(target),
            "log_target": b64(F.log_softmax(y, -1)),
            "grads": g,
        })
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "grad_ulps.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to tests/fixtures/grad_ulps.json (torch {torch.__version__})")


if __name__ == "__main__":
    main()
