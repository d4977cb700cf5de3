"""Shared driver for the port snippets in tests/ports/: runs a snippet on fixed inputs with
PyTorch 1.13 and writes tests/ports/fixtures/NAME.json for tests/ports_test.ts.

Fixture format (format 1):
  inputs        {name: record + "requires_grad"}, in the order the driver builds them
  outputs       {name: record + "requires_grad"}
  grad_weights  {name: record} for every output that requires grad: the test backpropagates
                sum over outputs of (output * weight).sum(), which gives each input the same
                gradient as out.backward(weight) and checks every element of every output's
                gradient path, not just their sum
  grads         {name: record} the .grad of every input that requires grad
A record is {"shape": [...], "dtype": "float32" | "float64" | "int64" | "bool", "data": [...]}
with data flattened row-major, numbers as in tools/fixture_json.py with float32="exact": floats
are written with Python's repr of the exact value (a float32 value widened to float64 is exact,
so Math.fround gives back the same bits); the non-finite values are the strings "inf", "-inf",
"nan". int64 data are JSON integers (the drivers keep them far below 2**53), bool data are JSON
booleans.
"""

import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
# The number encoder shared with the fixture generators in tools/.
sys.path.append(os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools"))
from fixture_json import Encoding, dtype_name  # noqa: E402

NUMBERS = Encoding(float32="exact")


def record(t):
    return {"shape": list(t.shape), "dtype": dtype_name(t.dtype),
            "data": NUMBERS.data(t)}


def emit(name, inputs, run):
    """Runs `run(inputs)` (a dict of output tensors), backpropagates fixed random weights
    through the outputs that require grad, and writes the fixture."""
    outputs = run(inputs)
    torch.manual_seed(1234)
    weights = {
        k: torch.randn(v.shape, dtype=v.dtype) for k, v in outputs.items() if v.requires_grad
    }
    if weights:
        total = sum((outputs[k] * w).sum() for k, w in weights.items())
        total.backward()
    fixture = {
        "format": 1,
        "torch_version": torch.__version__,
        "name": name,
        "inputs": {k: {**record(v), "requires_grad": v.requires_grad} for k, v in inputs.items()},
        "outputs": {
            k: {**record(v), "requires_grad": v.requires_grad} for k, v in outputs.items()
        },
        "grad_weights": {k: record(w) for k, w in weights.items()},
        "grads": {k: record(v.grad) for k, v in inputs.items() if v.requires_grad},
    }
    os.makedirs(os.path.join(HERE, "fixtures"), exist_ok=True)
    with open(os.path.join(HERE, "fixtures", name + ".json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
