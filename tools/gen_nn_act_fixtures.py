#!/usr/bin/env python3
"""Fixtures for what the op table cannot express in the nn-act family: printed containers,
named_modules / state_dict keys of nested containers, clip_grad_norm_ / clip_grad_value_ on
gradients, and parameters_to_vector. Writes tests/fixtures/nn_act.json, read by
tests/nn_act_test.ts.

    /usr/bin/python3 tools/gen_nn_act_fixtures.py

The models are written as expressions that are valid both in Python and in TypeScript (only
positional arguments, `nn.*` and `zeros`), so the test evaluates the very same text in kldiv.
"""

import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import Encoding  # noqa: E402

NUMBERS = Encoding()
zeros = torch.zeros

MODELS = [
    "nn.ModuleList([nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)])",
    "nn.ModuleList([nn.Linear(2, 3), nn.ModuleList([nn.ReLU(), nn.Tanh()])])",
    "nn.ModuleList([])",
    "nn.ModuleDict({'encoder': nn.Linear(4, 2), 'act': nn.GELU(), 'decoder': nn.Linear(2, 4)})",
    "nn.Sequential(nn.Linear(3, 3), nn.ModuleDict({'a': nn.Sequential(nn.Tanh(), nn.Dropout(0.1))}), nn.Identity())",
    "nn.Sequential(nn.Embedding(10, 4, 0), nn.Flatten(), nn.Linear(8, 2), nn.LogSoftmax(1))",
    "nn.ParameterList([zeros(2, 3), zeros(3)])",
    "nn.ParameterList([zeros(2, 3)])",
    "nn.ParameterList([])",
    "nn.ParameterDict({'scale': zeros(2), 'shift': zeros(3, 1)})",
    "nn.ParameterDict({'scale': zeros(2)})",
    "nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.ParameterList([zeros(1)])), nn.Softmax(0)])",
]


def model_case(expr):
    torch.manual_seed(0)
    m = eval(expr)
    return {
        "expr": expr,
        "repr": repr(m),
        "named_modules": [k for k, _ in m.named_modules()],
        "state_dict_keys": list(m.state_dict().keys()),
        "parameters": len(list(m.parameters())),
    }


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": NUMBERS.data(t)}


def clip_cases():
    out = []
    g = torch.Generator().manual_seed(7)
    shapes = [[3, 4], [5], [2, 2, 2]]
    settings = [
        {"max_norm": 1.0}, {"max_norm": 0.5, "norm_type": 1.0},
        {"max_norm": 0.3, "norm_type": math.inf}, {"max_norm": 100.0},
        {"max_norm": 1.0, "norm_type": 3.0}, {"max_norm": 2.0, "norm_type": 0.5},
    ]
    for dtype in (torch.float32, torch.float64):
        for s in settings:
            params = [torch.zeros(sh, dtype=dtype, requires_grad=True) for sh in shapes]
            grads = [torch.rand(sh, generator=g, dtype=torch.float64).mul(4).sub(2).to(dtype)
                     for sh in shapes]
            for p, gr in zip(params, grads):
                p.grad = gr.clone()
            total = nn.utils.clip_grad_norm_(params, **s)
            out.append({"settings": {k: NUMBERS.number(v) for k, v in s.items()},
                        "grads": [enc(x) for x in grads], "total": enc(total),
                        "clipped": [enc(p.grad) for p in params]})
    return out


def clip_value_cases():
    g = torch.Generator().manual_seed(8)
    out = []
    for clip in (0.5, 1.5):
        params = [torch.zeros(3, 3, requires_grad=True), torch.zeros(4, requires_grad=True)]
        grads = [torch.rand(p.shape, generator=g).mul(4).sub(2) for p in params]
        for p, gr in zip(params, grads):
            p.grad = gr.clone()
        nn.utils.clip_grad_value_(params, clip)
        out.append({"clip_value": clip, "grads": [enc(x) for x in grads],
                    "clipped": [enc(p.grad) for p in params]})
    return out


def nonfinite_message():
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([float("inf"), 1.0])
    try:
        nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
    except RuntimeError as e:
        return str(e)
    raise AssertionError("torch did not raise")


INPLACE_CALLS = {
    # name: (positional arguments after the input, keyword arguments)
    "relu": ([], {}), "relu6": ([], {}), "elu": ([0.5], {}), "selu": ([], {}),
    "celu": ([], {"alpha": 2.0}), "silu": ([], {}), "mish": ([], {}),
    "leaky_relu": ([0.2], {}), "hardtanh": ([-0.5, 0.5], {}), "hardsigmoid": ([], {}),
    "hardswish": ([], {}), "rrelu": ([], {}), "threshold": ([0.1, 2.0], {}),
    "dropout": ([0.0], {}),
}


def inplace_cases():
    """`inplace=True` on a non-leaf (a clone): values, the in-place node's name, gradients."""
    out = []
    for name, (args, kwargs) in INPLACE_CALLS.items():
        leaf = torch.tensor([-1.5, -0.25, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
        y = getattr(torch.nn.functional, name)(leaf.clone(), *args, inplace=True, **kwargs)
        y.backward(torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64))
        out.append({"name": name, "args": args, "kwargs": kwargs, "out": enc(y),
                    "grad_fn": y.grad_fn.name(), "grad": enc(leaf.grad)})
    return out


def main():
    data = {
        "torch_version": torch.__version__,
        "models": [model_case(e) for e in MODELS],
        "clip_grad_norm": clip_cases(),
        "clip_grad_value": clip_value_cases(),
        "nonfinite_message": nonfinite_message(),
        "inplace": inplace_cases(),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "nn_act.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"{path}: {len(data['models'])} models, {len(data['clip_grad_norm'])} clip_grad_norm_ cases")


if __name__ == "__main__":
    main()
