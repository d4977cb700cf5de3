"""Generates tests/fixtures/format.json: tensors and their PyTorch 1.13 repr.

Run: /usr/bin/python3 tools/gen_format_fixtures.py

Each case is {name, data, shape, dtype, requires_grad, grad_fn, repr}:
  data   flat row-major list; numbers as in tools/fixture_json.py, with two variants:
         negative zero is the string "-0" (so no JSON tool can lose its sign) and a whole
         number is a JSON integer (1, not 1.0). Non-finite values are the strings "inf",
         "-inf", "nan"; float64 numbers are Python's shortest round-trip repr of the double;
         float32 numbers are the shortest decimal that round-trips through float32: parse it
         as a double and round to float32 (Math.fround / Float32Array) to get the exact
         element back.
  grad_fn  the grad_fn class name (e.g. "SumBackward0") or null.
  repr   repr(t) with default print options.
"""

import json
import math
import os

import torch

from fixture_json import Encoding

torch.manual_seed(0)
torch.set_printoptions(profile="default")

CASES = []
NUMBERS = Encoding(negative_zero="string", integral="int")


def add(name, t):
    assert all(c["name"] != name for c in CASES), name
    CASES.append(
        {
            "name": name,
            "data": NUMBERS.data(t),
            "shape": list(t.shape),
            "dtype": {torch.float32: "float32", torch.float64: "float64"}[t.dtype],
            "requires_grad": t.requires_grad,
            "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
            "repr": repr(t),
        }
    )


def both(name, values, shape=None):
    """Adds the same values as float32 and float64."""
    for dt, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
        t = torch.tensor(values, dtype=dt)
        if shape is not None:
            t = t.reshape(shape)
        add(f"{name} {tag}", t)


inf, nan = math.inf, math.nan

# 0-dim
both("scalar", 0.0239)
both("scalar int", 3.0)
both("scalar zero", 0.0)
both("scalar negative zero", -0.0)
both("scalar nan", nan)
both("scalar inf", inf)
both("scalar -inf", -inf)
both("scalar tiny", 1.5e-7)
both("scalar huge", 3.0e9)
both("scalar negative", -12.345678)
add("scalar randn f64", torch.randn((), dtype=torch.float64))

# 1-D basics
both("vector", [1.0, 2.5, -3.25])
both("vector ints", [1.0, 2.0, -3.0, 100.0])
both("vector ints with zero", [0.0, 5.0, -7.0])
both("vector all zeros", [0.0, 0.0, 0.0])
both("vector negative zero ints", [-0.0, 1.0, 2.0])
both("vector negative zero fixed", [-0.0, 1.5, 2.25])
both("vector negative zero sci", [-0.0, 1.5e-6, 2.0])
both("vector rounds to negative zero", [-0.00004, 0.5])
both("vector rounds to negative zero fixed", [-0.00001, 0.5, 0.01])
both("vector single", [7.0])
both("vector large ints", [1.0e8, 2.0, 3.0])
both("vector ints over 1e8", [2.0e8, 1.0e8])
both("vector ints ratio 1000", [1.0, 1000.0])
both("vector ints ratio over 1000", [1.0, 1001.0])
both("vector ratio 1000 fixed", [0.5, 500.0])
both("vector ratio over 1000 fixed", [0.5, 500.5])
both("vector tiny", [1e-5, 2e-5])
both("vector min 1e-4", [1e-4, 0.5])
both("vector below 1e-4", [9.9e-5, 0.5])
both("vector huge", [1.5e9, 2.5e9])
both("vector mixed magnitudes", [1e-3, 1.0, 1e4, -2.5e2])
both("vector big exponent", [1e20, 1.0])
both("vector rounds up to 10", [9.99996, 0.5])
both("vector sci rounds up", [9.99996e-6, 1.0])
both("vector 1e8 boundary fixed", [99999999.5, 1.0])
both("vector ints with inf", [1.0, inf, -inf])
both("vector ints with nan", [1.0, nan, 3.0])
both("vector fixed with nonfinite", [1.5, nan, -inf, inf])
both("vector sci with nonfinite", [1.5e-7, nan, -inf, 2.0])
both("vector zero and nan", [0.0, nan])
both("vector all nan", [nan, nan, nan])
both("vector all inf", [inf, -inf])
both("vector neg inf wider than ints", [-inf, 1.0, 2.0])
both("vector negative ints", [-1.0, -22.0, -333.0])
add("vector f64 extremes", torch.tensor([1e-300, 1e300, -5e-324], dtype=torch.float64))
add("vector f64 ties", torch.tensor([0.03125, 0.09375, 1.00005, 2.5, 0.5, -0.03125],
                                    dtype=torch.float64))
add("vector f64 tie 1.00005", torch.tensor([1.00005], dtype=torch.float64))
add("vector f64 tie 0.03125", torch.tensor([0.03125], dtype=torch.float64))
add("vector f64 int ties", torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64))
add("vector f64 sci ties", torch.tensor([1.03125e-5, 3.0517578125e-05, 1.0], dtype=torch.float64))
add("vector f32 ties", torch.tensor([0.03125, 0.15625, 1.00005, 0.00015625 * 4], dtype=torch.float32))
add("vector f64 sci int ties", torch.tensor([123455.0, 1.0, 100000000000.5], dtype=torch.float64))
add("vector f64 2^60", torch.tensor([2.0**60, 1.0], dtype=torch.float64))

# Line wrapping
both("vector 30", [i * 1.5 - 20.0 for i in range(30)])
add("vector randn 30 f32", torch.randn(30))
add("vector randn 100 f32", torch.randn(100))
add("vector randn 100 f64", torch.randn(100, dtype=torch.float64))
add("vector ints 100", torch.arange(100, dtype=torch.float32))
add("vector sci 60", torch.randn(60) * 1e-6)
add("vector nan padded 40", torch.tensor([nan] + [1.5] * 39))

# 2-D, 3-D, 4-D
add("matrix 2x3", torch.randn(2, 3))
add("matrix 3x2 f64", torch.randn(3, 2, dtype=torch.float64))
add("matrix ints", torch.arange(12, dtype=torch.float32).reshape(3, 4) - 5)
add("matrix wide 4x30", torch.randn(4, 30))
add("matrix sci", torch.randn(3, 3) * torch.tensor([1e-6, 1.0, 1e5]))
add("matrix 1x1", torch.tensor([[4.5]]))
add("matrix 5x1", torch.randn(5, 1))
add("tensor3 2x3x4", torch.randn(2, 3, 4))
add("tensor3 2x2x20 f64", torch.randn(2, 2, 20, dtype=torch.float64))
add("tensor4 2x2x2x3", torch.randn(2, 2, 2, 3))
add("tensor4 ints", torch.arange(24, dtype=torch.float64).reshape(2, 3, 1, 4))
add("tensor5 1x1x2x1x2", torch.randn(1, 1, 2, 1, 2))

# Empty
for shape in [(0,), (0, 3), (2, 0, 4), (3, 0)]:
    for dt in (torch.float32, torch.float64):
        add(f"empty {shape} {dt}", torch.zeros(shape, dtype=dt))
add("empty (0, 3) requires_grad", torch.zeros(0, 3, requires_grad=True))
add("empty (0,) f64 requires_grad", torch.zeros(0, dtype=torch.float64, requires_grad=True))

# Summarisation (> 1000 elements). Large data is quantised to short decimals to keep the
# fixture small; the shown values still cover fixed, int and sci styles.
def q(t, step=1 / 64):
    return torch.round(t / step) * step


add("summary 1-D 2000", q(torch.randn(2000)))
add("summary 1-D 1001 ints", torch.arange(1001, dtype=torch.float32))
add("summary 1-D 1000 not summarised", torch.arange(1000, dtype=torch.float32) / 8)
add("summary 2-D 40x40", q(torch.randn(40, 40)))
add("summary 2-D 1x2000", q(torch.randn(1, 2000)))
add("summary 2-D 2000x1", q(torch.randn(2000, 1)))
add("summary 2-D 6x200", q(torch.randn(6, 200) * 100))
add("summary 3-D 10x12x10", q(torch.randn(10, 12, 10)))
add("summary 3-D 4x5x60 f64", q(torch.randn(4, 5, 60, dtype=torch.float64)))
# Hidden middle values would force sci mode if torch looked at them; it does not.
mid = torch.full((1200,), 0.5)
mid[600] = 1e-9
mid[601] = 5e9
add("summary hidden extremes", mid)
wide_tail = torch.full((1100,), 2.0)
wide_tail[-1] = 1.0e-7
add("summary shown tail sci", wide_tail)

# Autograd suffixes
x = torch.randn(3, requires_grad=True)
add("requires_grad leaf", x)
add("requires_grad scalar", torch.tensor(2.0, requires_grad=True))
add("requires_grad f64", torch.randn(2, 2, dtype=torch.float64, requires_grad=True))
add("grad_fn sum", (x * 2).sum())
add("grad_fn mul", x * 2)
add("grad_fn div scalar", x.sum() / 41.9)
add("grad_fn f64 add", torch.randn(3, dtype=torch.float64, requires_grad=True) + 1)
w = torch.randn(9, requires_grad=True)
add("grad_fn wide wraps suffix", w * 1e-3 + 100)
w2 = torch.randn(2, 9, dtype=torch.float64, requires_grad=True)
add("grad_fn wide f64 wraps both suffixes", (w2 * 1000).exp() * 0 + w2)
w3 = torch.randn(8, dtype=torch.float64, requires_grad=True)
add("grad_fn 8 wide f64", w3 * 3)
w4 = torch.randn(7, dtype=torch.float64, requires_grad=True)
add("grad_fn 7 wide f64", w4 - 1)
add("requires_grad 9 wide", torch.randn(9, requires_grad=True))
add("requires_grad 10 f64", torch.randn(10, dtype=torch.float64, requires_grad=True))
# Every combination of suffixes fitting or wrapping: widths around the 80-column limit.
for n in range(4, 10):
    v = torch.randn(n, dtype=torch.float64, requires_grad=True)
    add(f"suffix sweep f64 grad_fn {n}", v * 3)
    add(f"suffix sweep f64 requires_grad {n}", v)
    add(f"suffix sweep f32 grad_fn {n}", (v * 3).float())
add("grad_fn summary", (q(torch.randn(1500)).requires_grad_() * 2))
add("grad_fn matrix", torch.randn(3, 4, requires_grad=True).t())
add("grad_fn ints", torch.arange(5.0, requires_grad=True) * 2)
add("grad_fn mean", torch.randn(4, 4, requires_grad=True).mean())

# Random rounding coverage: many magnitudes in fixed and sci style.
for k in range(6):
    scale = 10.0 ** (k - 2)
    add(f"random fixed f64 scale {scale:g}", torch.rand(12, dtype=torch.float64) * scale)
    add(f"random fixed f32 scale {scale:g}", torch.rand(12) * scale)
for k in range(4):
    add(f"random sci f64 {k}", torch.randn(10, dtype=torch.float64) * 10.0 ** torch.randint(-12, 12, (10,)))
    add(f"random sci f32 {k}", torch.randn(10) * 10.0 ** torch.randint(-12, 12, (10,)).float())

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "format.json")
with open(out, "w") as f:
    json.dump(CASES, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"{len(CASES)} cases, {os.path.getsize(out)} bytes -> {os.path.normpath(out)}")
