#!/usr/bin/env python3
"""Generate PyTorch 1.13 fixtures for nn.Linear's initialisation, nn.init, nn.Module's state
dict order, and optim.SGD / optim.Adam over 20 steps: tests/fixtures/train.json (consumed by
tests/nn_module_test.ts and tests/optim_test.ts).

    /usr/bin/python3 tools/gen_train_fixtures.py

Values as in tools/fixture_json.py: float32 written as the shortest decimal that rounds back to
the same float32 (Math.fround recovers the bits), float64 as Python's repr. A step's loss is
float(loss), the exact double (a float32 loss widened).

  init: [{seed, in, out, bias, dtype, weight, bias_values}] -- nn.Linear(in, out) right after
        torch.manual_seed(seed)
  init_fns: [{name, seed, shape, dtype, args, values}] -- nn.init.X_(torch.empty(shape), *args)
  state_dict_keys: the keys of a nested model's state_dict(), in torch's order
  optim, optim_wide, optim_float64: {in, out, dtype, X, Y, weight, bias, runs: [{name, optimizer, options, steps:
        [{weight, bias, grad_weight, grad_bias, loss}]}]}
        A Linear(in, out) (4, 3 and 8, 5; float64 for optim_float64) from manual_seed(0) fits Y from X (both randn, 16 rows) with
        loss = ((model(X) - Y) * (model(X) - Y)).mean(). steps[t] holds the parameters before
        step t+1, the gradients computed from them, and the loss; steps[20] the final
        parameters. X, Y and the initial parameters are shared by every run.
"""

import json
import os

import numpy as np
import torch

from fixture_json import Encoding, dtype_name

NUMBERS = Encoding()


def init_cases():
    out = []
    for seed, i, o, bias, dtype in [(0, 3, 2, True, torch.float32), (1, 4, 3, True, torch.float32),
                                    (7, 20, 7, True, torch.float32), (3, 5, 1, False, torch.float32),
                                    (2, 1, 1, True, torch.float32), (5, 6, 4, True, torch.float64)]:
        torch.manual_seed(seed)
        lin = torch.nn.Linear(i, o, bias=bias, dtype=dtype)
        out.append({"seed": seed, "in": i, "out": o, "bias": bias, "dtype": dtype_name(dtype),
                    "weight": NUMBERS.data(lin.weight),
                    "bias_values": None if lin.bias is None else NUMBERS.data(lin.bias)})
    return out


def init_fns():
    out = []
    for name, seed, shape, dtype, args in [
        ("uniform_", 0, [5, 3], torch.float32, [-2.5, 0.75]),
        ("uniform_", 1, [40], torch.float64, [-1.0, 3.0]),
        ("kaiming_uniform_", 2, [6, 5], torch.float32, []),
        ("xavier_uniform_", 3, [4, 7], torch.float32, [1.5]),
        ("normal_", 4, [5], torch.float64, [1.0, 0.5]),
        ("normal_", 5, [20], torch.float32, [-1.0, 2.0]),
    ]:
        torch.manual_seed(seed)
        t = getattr(torch.nn.init, name)(torch.empty(shape, dtype=dtype), *args)
        out.append({"name": name, "seed": seed, "shape": shape, "dtype": dtype_name(dtype),
                    "args": args, "values": NUMBERS.data(t)})
    return out


class Inner(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(2, 2)
        self.register_buffer("running", torch.zeros(2))
        self.register_buffer("scratch", torch.zeros(1), persistent=False)
        self.scale = torch.nn.Parameter(torch.ones(1))


class Outer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.first = torch.nn.Linear(3, 2)
        self.inner = Inner()
        self.w = torch.nn.Parameter(torch.zeros(2))
        self.seq = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))


OPTIMIZERS = [
    ("sgd_plain", "SGD", {"lr": 0.1}),
    ("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9}),
    ("sgd_dampening_wd", "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd_nesterov", "SGD", {"lr": 0.03, "momentum": 0.9, "nesterov": True, "weight_decay": 0.001}),
    ("sgd_maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True}),
    ("adam_default", "Adam", {"lr": 0.01}),
    ("adam_betas_eps_wd", "Adam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.01}),
    ("adam_amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}),
]


def optim_runs(n_in, n_out, optimizers, dtype=torch.float32):
    torch.manual_seed(0)
    model0 = torch.nn.Linear(n_in, n_out, dtype=dtype)
    X = torch.randn(16, n_in, dtype=dtype)
    Y = torch.randn(16, n_out, dtype=dtype)
    runs = []
    for name, cls, opts in optimizers:
        model = torch.nn.Linear(n_in, n_out, dtype=dtype)
        model.load_state_dict(model0.state_dict())
        kw = dict(opts)
        if "betas" in kw:
            kw["betas"] = tuple(kw["betas"])
        opt = getattr(torch.optim, cls)(model.parameters(), **kw)
        steps = []
        for _ in range(20):
            opt.zero_grad()
            d = model(X) - Y
            loss = (d * d).mean()
            loss.backward()
            steps.append({"weight": NUMBERS.data(model.weight), "bias": NUMBERS.data(model.bias),
                          "grad_weight": NUMBERS.data(model.weight.grad),
                          "grad_bias": NUMBERS.data(model.bias.grad), "loss": float(loss)})
            opt.step()
        steps.append({"weight": NUMBERS.data(model.weight), "bias": NUMBERS.data(model.bias)})
        runs.append({"name": name, "optimizer": cls, "options": opts, "steps": steps})
    return {"in": n_in, "out": n_out, "dtype": dtype_name(dtype), "X": NUMBERS.data(X),
            "Y": NUMBERS.data(Y), "weight": NUMBERS.data(model0.weight),
            "bias": NUMBERS.data(model0.bias), "runs": runs}


def main():
    torch.manual_seed(0)
    doc = {
        "torch_version": torch.__version__,
        "init": init_cases(),
        "init_fns": init_fns(),
        "state_dict_keys": list(Outer().state_dict().keys()),
        "named_parameters": [k for k, _ in Outer().named_parameters()],
        "optim": optim_runs(4, 3, OPTIMIZERS),
        # 40 weights: torch's kernels take their vectorised path over the first 32
        "optim_wide": optim_runs(8, 5, [OPTIMIZERS[1], OPTIMIZERS[5], OPTIMIZERS[7]]),
        "optim_float64": optim_runs(4, 3, [OPTIMIZERS[2], OPTIMIZERS[3], OPTIMIZERS[6], OPTIMIZERS[7]],
                                    torch.float64),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "train.json")
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
