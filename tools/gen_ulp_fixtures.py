#!/usr/bin/python3
"""Generate tests/fixtures/ulps.json: PyTorch's float32 softmax, log_softmax and kl_div on
random inputs, for tests/ulps_test.ts, which measures how many float32 ULPs kldiv is from them.

    /usr/bin/python3 tools/gen_ulp_fixtures.py      # or: deno task fixtures:ulps

Deterministic (torch.manual_seed per case). Tensors are stored as base64 of their float32
little-endian bytes (exact, and a quarter the size of decimal text):
{"torch_version": str, "cases": [{"name", "shape", "scale", "dim", "logits", "softmax",
"log_softmax", "kl": {"target", "log_target", "none", "sum", "mean", "batchmean",
"sum_log_target"}}]}. kl_div's input is the case's log_softmax and its target softmax (or
log_softmax, for log_target) of other logits, all as torch computed them, so the differences
measured are kl_div's alone.
"""

import base64
import json
import os
import warnings

import numpy as np
import torch
import torch.nn.functional as F

# Small, medium, and large enough (> 2048 elements) for kldiv's WebAssembly kernels.
SHAPES = [(4, 10), (8, 100), (1, 2100)]
SCALES = [0.1, 1.0, 10.0]


def b64(t: torch.Tensor) -> str:
    return base64.b64encode(t.detach().contiguous().numpy().astype("<f4").tobytes()).decode()


def main() -> None:
    cases = []
    seed = 0
    for shape in SHAPES:
        for scale in SCALES:
            # softmax over dim 0 takes the composed (not fused) path; once is enough.
            for dim in ((-1, 0) if shape == (8, 100) and scale == 1.0 else (-1,)):
                seed += 1
                torch.manual_seed(seed)
                logits = torch.randn(shape, dtype=torch.float32) * scale
                other = torch.randn(shape, dtype=torch.float32) * scale
                inp = F.log_softmax(logits, dim)
                target = F.softmax(other, dim)
                log_target = F.log_softmax(other, dim)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # reduction="mean"'s warning
                    kl = {r: F.kl_div(inp, target, reduction=r) for r in
                          ("none", "sum", "mean", "batchmean")}
                kl_lt = {"sum": F.kl_div(inp, log_target, reduction="sum", log_target=True)}
                cases.append({
                    "name": f"{shape[0]}x{shape[1]} scale {scale} dim {dim}",
                    "shape": list(shape),
                    "scale": scale,
                    "dim": dim,
                    "logits": b64(logits),
                    "softmax": b64(F.softmax(logits, dim)),
                    "log_softmax": b64(inp),
                    "kl": {
                        "target": b64(target),
                        "log_target": b64(log_target),
                        **{r: b64(v) for r, v in kl.items()},
                        **{f"{r}_log_target": b64(v) for r, v in kl_lt.items()},
                    },
                })
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "ulps.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to tests/fixtures/ulps.json (torch {torch.__version__})")


if __name__ == "__main__":
    np.random.seed(0)
    main()
