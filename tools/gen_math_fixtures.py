#!/usr/bin/env python3
"""Generate PyTorch 1.13 fixtures for the elementwise math ops: tests/fixtures/math.json.

    /usr/bin/python3 tools/gen_math_fixtures.py

Deterministic: each case seeds torch with a CRC32 of its name.

Format (consumed by tests/math_test.ts). Numbers as in tools/fixture_json.py: non-finite
values are the strings "inf", "-inf", "nan"; float32 values are written so that Math.fround
gives back the exact bits; bool values are true / false.
  {"torch_version", "cases": [...], "ulp": [...]}
A case: {name, op, args, inputs: [{data, shape, dtype, requires_grad}], expected: {data, shape,
dtype}, repr, grad_fn, grad_output (record or null), grads: [record or null per input]}.
`op` is one word of OPS below; `args` holds its number arguments.
An ulp entry: {op, dtype: "float32", x: [...], y: [...]}: many float32 inputs across the op's
domain and torch's outputs, to measure how many float32 ULPs kldiv is from torch's kernels.
"""

import json
import math
import os
import zlib

import torch

from fixture_json import Encoding, dtype_name

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "math.json")
NUMBERS = Encoding()

UNARY = ["sqrt", "rsqrt", "square", "abs", "sign", "sigmoid", "tanh", "relu", "log1p",
         "expm1", "log2", "log10", "reciprocal", "floor", "ceil", "round", "isnan", "isinf",
         "isfinite", "exp", "log", "nan_to_num"]
NONDIFF = {"isnan", "isinf", "isfinite"}


def rec(t):
    t = t.detach()
    name = dtype_name(t.dtype)
    return {"data": NUMBERS.data(t), "shape": list(t.shape), "dtype": name}


def seed(name):
    torch.manual_seed(zlib.crc32(name.encode()))


cases = []


def case(name, op, fn, inputs, args=None, backward=True):
    seed(name)
    leaves = [x.clone().requires_grad_(x.is_floating_point() and backward and op not in NONDIFF)
              for x in inputs]
    out = fn(*leaves)
    c = {"name": name, "op": op, "args": args or {},
         "inputs": [dict(rec(x), requires_grad=x.requires_grad) for x in leaves],
         "expected": rec(out), "repr": str(out),
         "grad_fn": out.grad_fn.name() if out.grad_fn is not None else None,
         "grad_output": None, "grads": [None] * len(leaves)}
    if out.requires_grad:
        g = torch.rand(out.shape, dtype=out.dtype) + 0.5
        out.backward(g)
        c["grad_output"] = rec(g)
        c["grads"] = [rec(x.grad) if x.grad is not None else None for x in leaves]
    cases.append(c)


nan, inf = float("nan"), float("inf")
SPECIAL = {
    "sqrt": [0.0, -0.0, -1.0, 4.0, inf, nan, 1e-30],
    "rsqrt": [0.0, -0.0, -1.0, 4.0, inf, nan],
    "log1p": [0.0, -1.0, -2.0, 1e-8, inf, nan],
    "expm1": [0.0, -0.0, 1e-8, -inf, inf, 100.0],
    "log2": [0.0, -1.0, 1.0, 8.0, inf, nan],
    "log10": [0.0, -1.0, 1.0, 1000.0, inf, nan],
    "reciprocal": [0.0, -0.0, inf, -inf, nan, 3.0],
    "sigmoid": [0.0, -100.0, 100.0, inf, -inf, nan],
    "tanh": [0.0, -0.0, 20.0, -20.0, inf, nan],
    "abs": [0.0, -0.0, -inf, nan, -3.0],
    "sign": [0.0, -0.0, -inf, inf, nan, -3.0],
    "relu": [0.0, -0.0, -inf, inf, nan, -3.0],
    "floor": [0.5, -0.5, -1.5, 2.5, inf, nan, -0.0],
    "ceil": [0.5, -0.5, -1.5, 2.5, inf, nan, -0.0],
    "round": [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 0.49999997, -0.0, inf, nan],
    "isnan": [0.0, nan, inf, -inf],
    "isinf": [0.0, nan, inf, -inf],
    "isfinite": [0.0, nan, inf, -inf],
    "square": [0.0, -0.0, -3.0, inf, nan],
    "exp": [0.0, -inf, inf, nan, 88.0, -104.0],
    "log": [0.0, -1.0, inf, nan, 1.0],
    "nan_to_num": [nan, inf, -inf, 0.0, -2.5],
}
DOMAIN = {"sqrt": (0.01, 10), "rsqrt": (0.01, 10), "log1p": (-0.9, 10), "log2": (0.01, 10),
          "log10": (0.01, 10), "log": (0.01, 10), "reciprocal": (0.2, 5)}

for op in UNARY:
    lo, hi = DOMAIN.get(op, (-4, 4))
    for dtype in (torch.float32, torch.float64):
        dn = dtype_name(dtype)
        seed(f"{op}/{dn}")
        x = torch.rand(2, 3, dtype=dtype) * (hi - lo) + lo
        if op in ("floor", "ceil", "round"):
            x = torch.round(x * 4) / 4 + 0.1  # away from the jumps, for the gradient
        case(f"{op}/{dn}", op, lambda t, op=op: getattr(t, op)(), [x])
        case(f"{op}/{dn}/transposed", op, lambda t, op=op: getattr(t, op)(), [x.t()],
             backward=False)
        sp = torch.tensor(SPECIAL[op], dtype=dtype)
        case(f"{op}/{dn}/special", op, lambda t, op=op: getattr(t, op)(), [sp],
             backward=(op not in ("floor", "ceil", "round")))
    for dn, dt in (("int64", torch.int64), ("bool", torch.bool)):
        vals = [-2, 0, 3, 1] if dt == torch.int64 else [True, False, True, False]
        t = torch.tensor(vals, dtype=dt)
        try:
            getattr(t, op)()
        except RuntimeError:
            continue  # the error is tested in tests/math_test.ts
        case(f"{op}/{dn}", op, lambda t, op=op: getattr(t, op)(), [t])

# Gradients at special points (float64, so the values are exact).
F64 = torch.float64


def t64(v):
    return torch.tensor(v, dtype=F64)


case("abs/grad_at_zero", "abs", lambda t: t.abs(), [t64([0.0, -0.0, 2.0, -2.0])])
case("relu/grad_at_zero", "relu", lambda t: t.relu(), [t64([0.0, -1.0, 1.0])])
case("sqrt/grad_at_zero", "sqrt", lambda t: t.sqrt(), [t64([0.0, 1.0])])
case("round/grad", "round", lambda t: t.round(), [t64([0.5, 1.5, 2.2])])

# nan_to_num options
for dn, dt in (("float32", torch.float32), ("float64", F64)):
    v = torch.tensor([nan, inf, -inf, 1.5], dtype=dt)
    case(f"nan_to_num/{dn}/options", "nan_to_num", lambda t: t.nan_to_num(nan=2.0, posinf=1e39,
         neginf=-7.0), [v], {"nan": 2.0, "posinf": 1e39, "neginf": -7.0})
    case(f"nan_to_num/{dn}/nan_only", "nan_to_num", lambda t: t.nan_to_num(nan=-1.0), [v],
         {"nan": -1.0})

# pow with a number exponent
for dn, dt in (("float32", torch.float32), ("float64", F64)):
    seed(f"pow/{dn}")
    x = torch.rand(2, 3, dtype=dt) * 3 + 0.1
    for e in [2, 3, 0.5, -0.5, -1, -2, 0, 1, 2.5, -1.7, 1.0 / 3]:
        case(f"pow_scalar/{dn}/{e}", "pow_scalar", lambda t, e=e: t.pow(e), [x], {"exponent": e})
    sp = torch.tensor([0.0, -0.0, -2.0, inf, -inf, nan, 1.0], dtype=dt)
    for e in [2, 3, 0.5, -0.5, -1, -2, 0, 2.5, -3]:
        case(f"pow_scalar/{dn}/special/{e}", "pow_scalar", lambda t, e=e: t.pow(e), [sp],
             {"exponent": e})
    seed(f"pow_tensor/{dn}")
    a = torch.rand(2, 3, dtype=dt) * 3 + 0.1
    b = torch.rand(3, dtype=dt) * 4 - 2
    case(f"pow_tensor/{dn}", "pow_tensor", lambda a, b: a.pow(b), [a, b])
    case(f"pow_tensor/{dn}/special", "pow_tensor", lambda a, b: a.pow(b),
         [torch.tensor([0.0, 0.0, 0.0, 2.0, -2.0, -2.0, 4.0], dtype=dt),
          torch.tensor([0.0, 1.0, -1.0, 0.0, 0.5, 2.0, 0.5], dtype=dt)])
    e = torch.rand(2, 3, dtype=dt) * 4 - 2
    for base in [2, 2.5, 0, -2, 1]:
        case(f"pow_base/{dn}/{base}", "pow_base", lambda t, base=base: torch.pow(base, t), [e],
             {"base": base})
    case(f"pow_base/{dn}/0/special", "pow_base", lambda t: torch.pow(0, t),
         [torch.tensor([0.0, 1.0, -1.0], dtype=dt)], {"base": 0})
    case(f"square/{dn}/grad", "square", lambda t: t.square(), [x])

# pow with integers
i = torch.tensor([[-3, -1, 0], [1, 2, 5]])
# (Not 2.0: a JS number cannot say it is a float, so 2.0 is the integer 2 in kldiv.)
for e in [2, 3, 0, 1, 0.5, 2.5]:
    case(f"pow_scalar/int64/{e}", "pow_scalar", lambda t, e=e: t.pow(e), [i], {"exponent": e})
case("pow_scalar/bool/2", "pow_scalar", lambda t: t.pow(2), [torch.tensor([True, False])],
     {"exponent": 2})
case("pow_tensor/int64", "pow_tensor", lambda a, b: a.pow(b),
     [torch.tensor([1, -1, -1, 2, 3, 0]), torch.tensor([-3, -3, -2, -1, 2, 0])])
case("pow_tensor/int64_float", "pow_tensor", lambda a, b: a.pow(b),
     [torch.tensor([1, 2, 3]), torch.tensor([0.5, 2.0, -1.0])])
case("pow_tensor/int64_0dim_float", "pow_tensor", lambda a, b: a.pow(b),
     [torch.tensor([1, 2, 3]), torch.tensor(2.0)])
case("pow_base/int64/2", "pow_base", lambda t: torch.pow(2, t), [torch.tensor([-1, 0, 3])],
     {"base": 2})
case("pow_base/int64/1.5", "pow_base", lambda t: torch.pow(1.5, t), [torch.tensor([-1, 0, 3])],
     {"base": 1.5})

# clamp_min / clamp_max
for dn, dt in (("float32", torch.float32), ("float64", F64)):
    x = torch.tensor([-2.0, 0.5, 1.0, 3.0, nan], dtype=dt)
    case(f"clamp_min/{dn}", "clamp_min", lambda t: t.clamp_min(0.5), [x], {"bound": 0.5})
    case(f"clamp_max/{dn}", "clamp_max", lambda t: t.clamp_max(1.0), [x], {"bound": 1.0})
    m = torch.tensor([0.0, 0.5, 2.0, 3.0, 0.0], dtype=dt)
    case(f"clamp_min/{dn}/tensor", "clamp_min", lambda t, m: t.clamp_min(m), [x, m])
    case(f"clamp_max/{dn}/tensor", "clamp_max", lambda t, m: t.clamp_max(m), [x, m])
    case(f"clamp_min/{dn}/nan_bound", "clamp_min", lambda t: t.clamp_min(nan), [x],
         {"bound": "nan"})
case("clamp_min/int64", "clamp_min", lambda t: t.clamp_min(1), [torch.tensor([-2, 0, 3])],
     {"bound": 1})
case("clamp_min/int64/float_bound", "clamp_min", lambda t: t.clamp_min(1.5),
     [torch.tensor([-2, 0, 3])], {"bound": 1.5})
case("clamp_max/bool", "clamp_max", lambda t: t.clamp_max(0), [torch.tensor([True, False])],
     {"bound": 0})

# maximum / minimum
for dn, dt in (("float32", torch.float32), ("float64", F64)):
    a = torch.tensor([[0.0, 1.0, 2.0, nan], [5.0, -1.0, 1.0, 1.0]], dtype=dt)
    b = torch.tensor([1.0, 1.0, 1.0, 1.0], dtype=dt)
    for op in ("maximum", "minimum"):
        case(f"{op}/{dn}", op, lambda a, b, op=op: getattr(torch, op)(a, b), [a, b])
        case(f"{op}/{dn}/other_nan", op, lambda a, b, op=op: getattr(torch, op)(a, b),
             [b, torch.tensor([nan, 0.0, 2.0, 1.0], dtype=dt)])
for op in ("maximum", "minimum"):
    case(f"{op}/int64", op, lambda a, b, op=op: getattr(torch, op)(a, b),
         [torch.tensor([1, 5, -2]), torch.tensor([3, 2, -2])])
    case(f"{op}/int64_float", op, lambda a, b, op=op: getattr(torch, op)(a, b),
         [torch.tensor([1, 5, -2]), torch.tensor([1.5, 2.5, -3.0])])
    case(f"{op}/bool", op, lambda a, b, op=op: getattr(torch, op)(a, b),
         [torch.tensor([True, False, False]), torch.tensor([True, True, False])])
    case(f"{op}/float32_float64", op, lambda a, b, op=op: getattr(torch, op)(a, b),
         [torch.tensor([1.0, 2.0]), torch.tensor([1.5, 1.0], dtype=F64)])

# lerp
for dn, dt in (("float32", torch.float32), ("float64", F64)):
    seed(f"lerp/{dn}")
    s = torch.randn(2, 3, dtype=dt)
    e = torch.randn(3, dtype=dt)
    w = torch.rand(2, 3, dtype=dt) * 1.4 - 0.2
    for wt in (0.25, 0.5, 0.75, 1.3):
        case(f"lerp/{dn}/{wt}", "lerp", lambda s, e, wt=wt: torch.lerp(s, e, wt), [s, e],
             {"weight": wt})
    case(f"lerp/{dn}/tensor", "lerp", lambda s, e, w: torch.lerp(s, e, w), [s, e, w])

# Many float32 points per transcendental op, to measure ULP distance from torch's kernels.
ulp = []
ULP_DOMAIN = {"sqrt": (0, 100), "rsqrt": (0.001, 100), "log1p": (-0.99, 100),
              "expm1": (-10, 10), "log2": (0.001, 1000), "log10": (0.001, 1000),
              "log": (0.001, 1000), "exp": (-80, 80), "sigmoid": (-20, 20), "tanh": (-6, 6),
              "reciprocal": (0.001, 1000)}
for op, (lo, hi) in ULP_DOMAIN.items():
    seed(f"ulp/{op}")
    x = torch.rand(400, dtype=torch.float64) * (hi - lo) + lo
    x = torch.cat([x[:200], torch.exp(torch.rand(200, dtype=torch.float64) * 6 - 3)
                   * (1 if lo >= 0 else torch.sign(torch.randn(200, dtype=torch.float64)))])
    if lo > 0:
        x = x.abs() + lo
    x = x.float()
    y = getattr(x, op)()
    ulp.append({"op": op, "args": {}, "x": rec(x)["data"], "y": rec(y)["data"]})
for e in (2.5, -1.7, 1.0 / 3):
    seed(f"ulp/pow/{e}")
    x = (torch.rand(400, dtype=torch.float64) * 10).float()
    ulp.append({"op": "pow_scalar", "args": {"exponent": e}, "x": rec(x)["data"],
                "y": rec(x.pow(e))["data"]})
seed("ulp/pow_tensor")
x = (torch.rand(400, dtype=torch.float64) * 10).float()
ex = (torch.rand(400, dtype=torch.float64) * 6 - 3).float()
ulp.append({"op": "pow_tensor", "args": {}, "x": rec(x)["data"], "e": rec(ex)["data"],
            "y": rec(x.pow(ex))["data"]})
for wt in (0.3, 0.7):
    seed(f"ulp/lerp/{wt}")
    x = torch.randn(400)
    en = torch.randn(400)
    ulp.append({"op": "lerp", "args": {"weight": wt}, "x": rec(x)["data"], "e": rec(en)["data"],
                "y": rec(torch.lerp(x, en, wt))["data"]})

with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases, "ulp": ulp}, f,
              separators=(",", ":"))
print(f"wrote {len(cases)} cases, {len(ulp)} ulp sweeps to {os.path.normpath(OUT)}")
