#!/usr/bin/env python3
"""What the op table cannot express for the normalization family: BatchNorm1d's running
statistics and num_batches_tracked across training steps (momentum, momentum=None, eval),
F.batch_norm's in-place update of the running tensors, nn.Bilinear's initial parameters
after manual_seed, and the constructors torch refuses. Writes tests/fixtures/nn_norm_state.json, read by tests/nn_norm_test.ts.

    /usr/bin/python3 tools/gen_nn_norm_fixtures.py
"""

import json
import os

import torch

from fixture_json import Encoding

NUMBERS = Encoding()
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "nn_norm_state.json")


def rec(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": NUMBERS.data(t.detach())}


def batchnorm_runs():
    runs = []
    for kwargs in ({}, {"momentum": None}, {"momentum": 0.5, "eps": 1e-3},
                   {"affine": False}, {"track_running_stats": False}):
        g = torch.Generator().manual_seed(len(runs) + 1)
        m = torch.nn.BatchNorm1d(3, **kwargs)
        steps = []
        for i, shape in enumerate(([4, 3], [2, 3, 5], [6, 3])):
            x = torch.rand(shape, generator=g, dtype=torch.float64).mul(4).sub(1).float()
            if i == 2:
                m.eval()
            y = m(x)
            steps.append({"input": rec(x), "output": rec(y), "training": m.training,
                          "state": {k: rec(v) for k, v in m.state_dict().items()}})
        runs.append({"kwargs": {k: v for k, v in kwargs.items()}, "steps": steps})
    return runs


def functional_updates():
    g = torch.Generator().manual_seed(7)
    out = []
    for momentum in (0.1, 0.9):
        x = torch.rand([5, 2, 3], generator=g, dtype=torch.float64)
        rm = torch.rand([2], generator=g, dtype=torch.float64)
        rv = torch.rand([2], generator=g, dtype=torch.float64).add(0.5)
        before = (rec(rm), rec(rv))
        torch.nn.functional.batch_norm(x, rm, rv, training=True, momentum=momentum)
        out.append({"momentum": momentum, "input": rec(x), "running_mean": before[0],
                    "running_var": before[1], "after_mean": rec(rm), "after_var": rec(rv)})
    return out


def bilinear_init():
    out = []
    for seed, args in ((0, (3, 4, 2)), (5, (2, 2, 3))):
        torch.manual_seed(seed)
        m = torch.nn.Bilinear(*args)
        out.append({"seed": seed, "args": list(args), "weight": rec(m.weight),
                    "bias": rec(m.bias)})
    return out


def ctor_errors():
    """Constructors torch refuses (the op table builds modules outside its error check)."""
    out = []
    for cls, args, kwargs in (("GroupNorm", [4, 6], {}), ("MultiMarginLoss", [], {"p": 3}),
                              ("MultiMarginLoss", [3], {})):
        try:
            getattr(torch.nn, cls)(*args, **kwargs)
        except Exception as e:  # ValueError
            out.append({"cls": cls, "args": args, "kwargs": kwargs, "message": str(e)})
        else:
            raise SystemExit(f"{cls}{args}{kwargs}: torch did not raise")
    return out


def custom_distance():
    """TripletMarginWithDistanceLoss with a module as its distance: repr, value, gradients."""
    g = torch.Generator().manual_seed(11)
    a, p, n = (torch.rand([3, 4], generator=g, dtype=torch.float64).requires_grad_()
               for _ in range(3))
    m = torch.nn.TripletMarginWithDistanceLoss(distance_function=torch.nn.PairwiseDistance(1.0),
                                               margin=0.5, swap=True)
    loss = m(a, p, n)
    loss.backward()
    return {"repr": repr(m), "inputs": [rec(t) for t in (a, p, n)], "loss": rec(loss),
            "grads": [rec(t.grad) for t in (a, p, n)]}


def main():
    data = {"torch_version": torch.__version__, "batchnorm": batchnorm_runs(),
            "functional": functional_updates(), "bilinear_init": bilinear_init(),
            "ctor_errors": ctor_errors(), "custom_distance": custom_distance()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(OUT)


if __name__ == "__main__":
    main()
