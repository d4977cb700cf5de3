#!/usr/bin/env python3
"""Generate PyTorch 1.13 fixtures for matmul, mm, bmm, mv, dot, outer and F.linear:
tests/fixtures/linalg.json (consumed by tests/linalg_test.ts).

    /usr/bin/python3 tools/gen_linalg_fixtures.py

Each case seeds torch with a CRC32 of its name. Tensor records are {"data", "shape", "dtype"}
with data flattened row-major, numbers as in tools/fixture_json.py: float32 values are the
shortest decimal that rounds back to the same float32 (Math.fround recovers the bits). Each
case: name, op, inputs (records), out, grad_fn (out.grad_fn.name()), grad_output (the random g
passed to out.backward(g); null for 0-dim outputs, which use backward()), grads (one record per
input). "large" cases are a float32 product large enough to show accumulation-order
differences (the test measures ULPs).
"""

import json
import os
import zlib

import torch  # noqa: E402

from fixture_json import Encoding, dtype_name

NUMBERS = Encoding()


def rec(t):
    return {"data": NUMBERS.data(t), "shape": list(t.shape),
            "dtype": dtype_name(t.dtype)}


def case(name, op, shapes, dtype=torch.float32, backward=True):
    torch.manual_seed(zlib.crc32(name.encode()))
    xs = [torch.randn(*s, dtype=dtype).requires_grad_() for s in shapes]
    f = {
        "matmul": torch.matmul, "mm": torch.mm, "bmm": torch.bmm, "mv": torch.mv,
        "dot": torch.dot, "outer": torch.outer, "linear": torch.nn.functional.linear,
    }[op]
    out = f(*xs)
    if not backward:
        return {"name": name, "op": op, "inputs": [rec(x) for x in xs], "out": rec(out)}
    g = None if out.dim() == 0 else torch.randn(*out.shape, dtype=dtype)
    out.backward(g)
    return {
        "name": name, "op": op, "inputs": [rec(x) for x in xs], "out": rec(out),
        "repr": str(out), "grad_fn": out.grad_fn.name(),
        "grad_output": None if g is None else rec(g), "grads": [rec(x.grad) for x in xs],
    }


CASES = [
    ("matmul/1d_1d", "matmul", [(4,), (4,)]),
    ("matmul/2d_1d", "matmul", [(3, 4), (4,)]),
    ("matmul/1d_2d", "matmul", [(4,), (4, 3)]),
    ("matmul/2d_2d", "matmul", [(3, 4), (4, 2)]),
    ("matmul/3d_2d", "matmul", [(5, 2, 3), (3, 4)]),
    ("matmul/3d_1d", "matmul", [(5, 2, 3), (3,)]),
    ("matmul/1d_3d", "matmul", [(3,), (5, 3, 2)]),
    ("matmul/2d_3d", "matmul", [(2, 3), (5, 3, 4)]),
    ("matmul/3d_3d", "matmul", [(5, 2, 3), (5, 3, 4)]),
    ("matmul/broadcast_1_vs_5", "matmul", [(1, 2, 3), (5, 3, 4)]),
    ("matmul/broadcast_4d_3d", "matmul", [(2, 1, 2, 3), (5, 3, 4)]),
    ("mm/basic", "mm", [(3, 5), (5, 2)]),
    ("bmm/basic", "bmm", [(2, 3, 4), (2, 4, 2)]),
    ("mv/basic", "mv", [(3, 4), (4,)]),
    ("dot/basic", "dot", [(6,), (6,)]),
    ("outer/basic", "outer", [(3,), (4,)]),
    ("linear/2d_bias", "linear", [(4, 3), (2, 3), (2,)]),
    ("linear/2d_no_bias", "linear", [(4, 3), (2, 3)]),
    ("linear/3d_bias", "linear", [(2, 4, 3), (2, 3), (2,)]),
    ("linear/1d_bias", "linear", [(3,), (2, 3), (2,)]),
]


def errors():
    out = []
    for name, thunk in [
        ("mm_shapes", lambda: torch.mm(torch.ones(2, 3), torch.ones(4, 5))),
        ("mm_not_matrix", lambda: torch.mm(torch.ones(3), torch.ones(3, 2))),
        ("bmm_sizes", lambda: torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 4, 2))),
        ("dot_dims", lambda: torch.dot(torch.ones(2, 2), torch.ones(2))),
        ("dot_sizes", lambda: torch.dot(torch.ones(3), torch.ones(4))),
        ("dot_dtypes", lambda: torch.dot(torch.ones(3), torch.ones(3, dtype=torch.float64))),
        ("matmul_0d", lambda: torch.matmul(torch.tensor(1.0), torch.ones(3))),
        ("matmul_dtypes", lambda: torch.matmul(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64))),
        ("matmul_inner", lambda: torch.matmul(torch.ones(5, 2, 3), torch.ones(4, 2))),
    ]:
        try:
            thunk()
            out.append({"name": name, "message": None})
        except RuntimeError as e:
            out.append({"name": name, "message": str(e)})
    return out


def main():
    cases = [case(n, op, s) for n, op, s in CASES]
    cases += [case(n + "/float64", op, s, torch.float64) for n, op, s in CASES[:12]]
    large = [case("large/mm_32x256x16", "mm", [(32, 256), (256, 16)], backward=False),
             case("large/bmm_2x16x128x8", "bmm", [(2, 16, 128), (2, 128, 8)], backward=False),
             case("large/mv_32x512", "mv", [(32, 512), (512,)], backward=False),
             case("large/dot_2048", "dot", [(2048,), (2048,)], backward=False),
             case("large/linear_32x256x16", "linear", [(32, 256), (16, 256), (16,)], backward=False)]
    ints = {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]],
            "out": torch.mm(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[5, 6], [7, 8]])).tolist()}
    doc = {"torch_version": torch.__version__, "cases": cases, "large": large,
           "int64_mm": ints, "errors": errors()}
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "linalg.json")
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
