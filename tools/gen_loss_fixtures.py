#!/usr/bin/env python3
"""Generate PyTorch 1.13 fixtures for the losses: tests/fixtures/losses.json.

    /usr/bin/python3 tools/gen_loss_fixtures.py

Each case seeds torch with a CRC32 of its name, so cases do not shift each other's numbers.

Format (consumed by tests/losses_test.ts):
  {"torch_version", "legacy": [[size_average, reduce, reduction], ...], "cases": [...]}
A tensor record is {"data": flat row-major list, "shape": [...], "dtype": "float32" |
"float64" | "int64", "requires_grad": bool}; numbers as in tools/fixture_json.py: float32
values are the shortest decimal that rounds back to the same float32; non-finite values are
"nan", "inf", "-inf". Each case:
  name, fn        the F.* function
  input, target   tensor records
  options         the keyword arguments; a tensor option (weight, pos_weight) is a record
  out             tensor record of the output
  repr            str(out)
  grad_fn         out.grad_fn.name()
  chain           grad_fn names from the output down, following the first input with a node
  grad_output     the record g passed as out.backward(g) (ones for a 0-dim output)
  grads           {"input": record | null, "target": record | null} after backward
"""

import json
import os
import zlib

import torch
import torch.nn.functional as F
from torch.nn import _reduction

from fixture_json import Encoding

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "losses.json")
NUMBERS = Encoding()


def record(t):
    t = t.detach()
    name = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64"}[t.dtype]
    return {
        "data": NUMBERS.data(t),
        "shape": list(t.shape),
        "dtype": name,
        "requires_grad": False,
    }


def leaf(t, grad=False):
    t = t.detach().clone()
    t.requires_grad_(grad)
    return t


cases = []


def chain(out):
    """grad_fn names from the output down, following the first input that has a node."""
    names, fn = [], out.grad_fn
    while fn is not None:
        names.append(fn.name())
        nxt = [f for f, _ in fn.next_functions if f is not None and f.name() != "torch::autograd::AccumulateGrad"]
        fn = nxt[0] if nxt else None
    return names


def case(name, fn, make, options=None):
    torch.manual_seed(zlib.crc32(name.encode()))
    inp, tgt = make()
    options = options or {}
    opts = {k: (v() if callable(v) else v) for k, v in options.items()}
    out = getattr(F, fn)(inp, tgt, **opts)
    g = torch.ones(()) if out.dim() == 0 else torch.rand(out.shape, dtype=out.dtype) + 0.5
    g = g.to(out.dtype)
    out.backward(g)
    rec_in = record(inp)
    rec_in["requires_grad"] = inp.requires_grad
    rec_tgt = record(tgt)
    rec_tgt["requires_grad"] = tgt.requires_grad
    cases.append({
        "name": name,
        "fn": fn,
        "input": rec_in,
        "target": rec_tgt,
        "options": {k: (record(v) if isinstance(v, torch.Tensor) else v) for k, v in opts.items()},
        "out": record(out),
        "repr": str(out),
        "grad_fn": out.grad_fn.name(),
        "chain": chain(out),
        "grad_output": record(g),
        "grads": {
            "input": record(inp.grad) if inp.grad is not None else None,
            "target": record(tgt.grad) if tgt.requires_grad and tgt.grad is not None else None,
        },
    })


REDUCTIONS = ["mean", "sum", "none"]

for dt_name, dt in [("f32", torch.float32), ("f64", torch.float64)]:
    for r in REDUCTIONS:
        for w in [False, True]:
            for ls in [0.0, 0.2]:
                for ig in [None, 1]:
                    name = f"cross_entropy/NC/{dt_name}/{r}/w{int(w)}/ls{ls}/ig{ig}"
                    opts = {"reduction": r}
                    if w:
                        opts["weight"] = (lambda dt=dt: torch.rand(5, dtype=dt) + 0.1)
                    if ls:
                        opts["label_smoothing"] = ls
                    if ig is not None:
                        opts["ignore_index"] = ig
                    case(name, "cross_entropy", lambda dt=dt: (
                        leaf(torch.randn(6, 5, dtype=dt) * 2, True),
                        torch.tensor([0, 1, 4, 1, 3, 2])), opts)
    for r in REDUCTIONS:
        for w in [False, True]:
            opts = {"reduction": r}
            if w:
                opts["weight"] = (lambda dt=dt: torch.rand(5, dtype=dt) + 0.1)
            case(f"nll_loss/NC/{dt_name}/{r}/w{int(w)}", "nll_loss", lambda dt=dt: (
                leaf(torch.randn(4, 5, dtype=dt), True), torch.tensor([4, 0, 2, 0])), opts)
            case(f"nll_loss/NC/{dt_name}/{r}/w{int(w)}/ig0", "nll_loss", lambda dt=dt: (
                leaf(torch.randn(4, 5, dtype=dt), True), torch.tensor([4, 0, 2, 0])),
                {**opts, "ignore_index": 0})

for r in REDUCTIONS:
    for ls in [0.0, 0.1]:
        for w in [False, True]:
            opts = {"reduction": r, "label_smoothing": ls}
            if w:
                opts["weight"] = lambda: torch.rand(3) + 0.5
            case(f"cross_entropy/NCd/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(2, 3, 4), True), torch.tensor([[0, 2, 1, 2], [1, 1, 0, -100]])), opts)
            case(f"cross_entropy/NCHW/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(2, 3, 2, 2), True), torch.randint(0, 3, (2, 2, 2))), opts)
            case(f"cross_entropy/C/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(3), True), torch.tensor(2)), opts)
            case(f"cross_entropy/prob/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(4, 3), True), leaf(torch.softmax(torch.randn(4, 3), 1), True)), opts)
            case(f"cross_entropy/prob/C/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(3), True), leaf(torch.softmax(torch.randn(3), 0), True)), opts)
            case(f"cross_entropy/prob/NCd/{r}/ls{ls}/w{int(w)}", "cross_entropy", lambda: (
                leaf(torch.randn(2, 3, 2), True), leaf(torch.softmax(torch.randn(2, 3, 2), 1), True)), opts)
    case(f"nll_loss/NCd/{r}", "nll_loss", lambda: (
        leaf(torch.randn(2, 3, 5), True), torch.randint(0, 3, (2, 5))), {"reduction": r, "ignore_index": 2})
    case(f"nll_loss/C/{r}", "nll_loss", lambda: (
        leaf(torch.randn(4), True), torch.tensor(3)), {"reduction": r, "weight": torch.rand(4) + 0.5})
    case(f"cross_entropy/NCde/{r}", "cross_entropy", lambda: (
        leaf(torch.randn(2, 3, 2, 2, 2), True), torch.randint(0, 3, (2, 2, 2, 2))), {"reduction": r})

for dt_name, dt in [("f32", torch.float32), ("f64", torch.float64)]:
    for r in REDUCTIONS:
        mk = lambda dt=dt: (leaf(torch.randn(3, 4, dtype=dt), True), leaf(torch.randn(3, 4, dtype=dt), True))
        case(f"mse_loss/{dt_name}/{r}", "mse_loss", mk, {"reduction": r})
        case(f"l1_loss/{dt_name}/{r}", "l1_loss", mk, {"reduction": r})
        for beta in [1.0, 0.5]:
            case(f"smooth_l1_loss/{dt_name}/{r}/beta{beta}", "smooth_l1_loss",
                 lambda dt=dt: (leaf(torch.randn(3, 4, dtype=dt) * 2, True), leaf(torch.randn(3, 4, dtype=dt), True)),
                 {"reduction": r, "beta": beta})
        case(f"smooth_l1_loss/{dt_name}/{r}/beta0", "smooth_l1_loss", lambda dt=dt: (
            leaf(torch.tensor([0.5, -1.0, 2.0, 0.25], dtype=dt), True),
            leaf(torch.tensor([0.5, 1.0, -2.0, 0.75], dtype=dt), True)), {"reduction": r, "beta": 0.0})
        for w in [False, True]:
            opts = {"reduction": r}
            if w:
                opts["weight"] = lambda dt=dt: torch.rand(4, dtype=dt) + 0.5
            case(f"binary_cross_entropy/{dt_name}/{r}/w{int(w)}", "binary_cross_entropy", lambda dt=dt: (
                leaf(torch.rand(3, 4, dtype=dt) * 0.98 + 0.01, True), leaf(torch.rand(3, 4, dtype=dt), True)), opts)
            for pw in [False, True]:
                o2 = dict(opts)
                if pw:
                    o2["pos_weight"] = lambda dt=dt: torch.rand(4, dtype=dt) * 3
                case(f"bce_with_logits/{dt_name}/{r}/w{int(w)}/pw{int(pw)}", "binary_cross_entropy_with_logits",
                     lambda dt=dt: (leaf(torch.tensor([[-60.0, 60.0, 0.0, 3.0], [1.5, -2.0, 30.0, -0.5]], dtype=dt), True),
                                    leaf(torch.rand(2, 4, dtype=dt), True)), o2)
        for log_input in [True, False]:
            for full in [False, True]:
                case(f"poisson_nll_loss/{dt_name}/{r}/log{int(log_input)}/full{int(full)}", "poisson_nll_loss",
                     lambda dt=dt, log_input=log_input: (
                         leaf(torch.randn(2, 4, dtype=dt) if log_input else torch.rand(2, 4, dtype=dt) + 0.1, True),
                         leaf(torch.tensor([[0.0, 1.0, 2.0, 5.0], [3.0, 0.5, 7.0, 1.5]], dtype=dt), True)),
                     {"reduction": r, "log_input": log_input, "full": full})

# torch's clamps: an input of exactly 0 or 1 (log clamped to -100; gradient divisor 1e-12).
case("binary_cross_entropy/edges", "binary_cross_entropy", lambda: (
    leaf(torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), True), torch.tensor([0.0, 0.0, 1.0, 1.0, 0.3])),
    {"reduction": "none"})
# Broadcast target (torch warns): the gradient of the smaller argument is summed.
case("mse_loss/broadcast", "mse_loss", lambda: (
    leaf(torch.randn(3, 4), True), leaf(torch.randn(4), True)), {"reduction": "mean"})

legacy = []
for sa in [None, True, False]:
    for rd in [None, True, False]:
        legacy.append([sa, rd, _reduction.legacy_get_string(sa, rd, emit_warning=False)])

with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "legacy": legacy, "cases": cases}, f)
    f.write("\n")
print(f"{len(cases)} cases -> {OUT}")
