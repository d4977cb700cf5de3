#!/usr/bin/env python3
"""Generate PyTorch parity fixtures for kldiv: tests/fixtures/parity.json.

Run from anywhere with a Python that has torch (the fixtures in the repo were made with
torch 1.13 on CPU):

    /usr/bin/python3 tools/gen_fixtures.py        # or: deno task fixtures

The output is deterministic: every case seeds torch with a CRC32 of its own name, so adding,
removing or reordering cases never changes the numbers of the other cases.

File format (consumed by tests/parity_test.ts)
------------------------------------------------
Top level: {"format": 1, "torch_version": str, "encoding": str, "ops": [...], "cases": [...]}

A *tensor record* is {"data": [...], "shape": [...], "dtype": "float32" | "float64"}:
  - data is the tensor flattened in row-major (C) order; a 0-dim tensor has shape [] and one
    element.
  - numbers as in tools/fixture_json.py (its default convention): the non-finite values are
    the strings "inf", "-inf" and "nan"; negative zero is -0.0; float64 values are Python's
    shortest round-trip repr (exact); float32 values are the shortest decimal that rounds back
    to the same float32, so Math.fround(value) reproduces the exact float32 bits.
Input records additionally have "requires_grad": bool.

Each case:
  name        unique, "/"-separated; the test names itself after it
  op          one word of the fixed vocabulary in OPS below (the test maps each to kldiv calls)
  args        op arguments (JSON object; numbers are Python floats/ints, never non-finite)
  inputs      positional tensor inputs (tensor records + requires_grad), in call order
  expected    tensor record of the forward output, plus "requires_grad": bool
  repr        str(out) as torch prints it with default print options
  repr_alt    optional list of other accepted reprs: only for float32 outputs whose correctly
              rounded value (the op computed in float64, then rounded to float32) prints
              differently from torch's float32-accumulated value, i.e. a 4-digit rounding
              boundary; both values are within tolerance of each other
  grad_fn     out.grad_fn.name() or null
  backward    whether out.backward(...) was run (only when the output requires grad)
  grad_output null when the output is 0-dim (out.backward() with no argument, i.e. ones);
              otherwise the fixed random tensor record g passed as out.backward(g)
  grads       one entry per input: the tensor record of input.grad after backward, or null
              when the input does not require grad (or no backward was run). A float64 leaf
              used in a float32 computation (torch promotion: float64 0-dim op float32 n-dim
              gives float32) gets a float32-precision gradient cast to float64, so the test
              compares gradients with the looser tolerance of the grad's and the output's dtype
  warnings    list of {"category", "message"} emitted by torch during forward and backward
              (recorded with warnings.simplefilter("always"), so every call that warns is
              listed, not just the first one per call site)
  note        optional free text explaining an edge case
"""

import json
import math
import os
import sys
import warnings
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_json import Encoding

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "parity.json")

# Fixed vocabulary of ops. The TS test keeps the matching table (name -> kldiv calls).
OPS = {
    "kl_div": "F.kl_div(inputs[0], inputs[1], reduction=args.reduction, "
              "log_target=args.log_target)",
    "KLDivLoss": "nn.KLDivLoss(reduction=args.reduction, log_target=args.log_target)"
                 "(inputs[0], inputs[1])",
    "softmax": "F.softmax(inputs[0], args.dim)",
    "log_softmax": "F.log_softmax(inputs[0], args.dim)",
    "add": "inputs[0].add(inputs[1] if 2 inputs else args.other)",
    "sub": "inputs[0].sub(inputs[1] if 2 inputs else args.other)",
    "mul": "inputs[0].mul(inputs[1] if 2 inputs else args.other)",
    "div": "inputs[0].div(inputs[1] if 2 inputs else args.other)",
    "neg": "inputs[0].neg()",
    "log": "inputs[0].log()",
    "exp": "inputs[0].exp()",
    "sum": "inputs[0].sum() if 'dim' not in args else inputs[0].sum(args.dim, args.keepdim)",
    "mean": "inputs[0].mean() if 'dim' not in args else inputs[0].mean(args.dim, args.keepdim)",
    "method1": "nn.KLDivLoss(reduction='batchmean')(F.log_softmax(input, 0), "
               "F.softmax(target, 0)) with input, target = inputs",
    "method2": "F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), reduction='batchmean')",
    "method3": "p = F.softmax(target, 0); (p * (torch.log(p) - F.log_softmax(input, 0))).mean()",
    "method4": "p = F.softmax(target, 0); "
               "(p * (F.log_softmax(target, 0) - F.log_softmax(input, 0))).mean()",
    "compose:log_of_softmax": "F.softmax(inputs[0], args.dim).log()",
    "compose:kl_manual_sum": "p, q = inputs; (p * (p.log() - q.log())).sum()",
    "compose:kl_manual_bits": "p, q = inputs; (p * (p.log() - q.log())).sum().div(args.divisor)",
    "compose:kl_div_bits": "p, q = inputs; "
                           "F.kl_div(q.log(), p, reduction='sum').div(args.divisor)",
    "compose:kl_logits_batchmean": "a, b = inputs; F.kl_div(F.log_softmax(a, -1), "
                                   "F.softmax(b, -1), reduction='batchmean')",
    "compose:entropy": "p = inputs[0]; (p * p.log()).sum().neg()",
    "compose:cross_entropy_manual": "x, p = inputs; "
                                    "(p * F.log_softmax(x, -1)).sum(-1).mean().neg()",
}

DTYPES = {"float32": torch.float32, "float64": torch.float64}


# ----------------------------------------------------------------------------- encoding


NUMBERS = Encoding()


def dtype_name(t):
    return {torch.float32: "float32", torch.float64: "float64"}[t.dtype]


def enc_tensor(t):
    t = t.detach()
    d = dtype_name(t)
    flat = t.reshape(-1).tolist()
    return {"data": NUMBERS.values(flat, d), "shape": list(t.shape), "dtype": d}


# ----------------------------------------------------------------------------- ops


def run_op(op, ins, args):
    """Forward pass for one vocabulary word; must match the TS table."""
    if op == "kl_div":
        return F.kl_div(ins[0], ins[1], reduction=args["reduction"],
                        log_target=args["log_target"])
    if op == "KLDivLoss":
        return nn.KLDivLoss(reduction=args["reduction"], log_target=args["log_target"])(
            ins[0], ins[1])
    if op == "softmax":
        return F.softmax(ins[0], args["dim"])
    if op == "log_softmax":
        return F.log_softmax(ins[0], args["dim"])
    if op in ("add", "sub", "mul", "div"):
        other = ins[1] if len(ins) == 2 else args["other"]
        return getattr(ins[0], op)(other)
    if op in ("neg", "log", "exp"):
        return getattr(ins[0], op)()
    if op in ("sum", "mean"):
        if "dim" not in args:
            return getattr(ins[0], op)()
        return getattr(ins[0], op)(args["dim"], keepdim=args["keepdim"])
    if op.startswith("method"):
        inp, tgt = ins
        if op == "method1":
            return nn.KLDivLoss(reduction="batchmean")(F.log_softmax(inp, 0),
                                                       F.softmax(tgt, 0))
        if op == "method2":
            return F.kl_div(F.log_softmax(inp, 0), F.softmax(tgt, 0), reduction="batchmean")
        p = F.softmax(tgt, 0)
        if op == "method3":
            return (p * (torch.log(p) - F.log_softmax(inp, 0))).mean()
        if op == "method4":
            return (p * (F.log_softmax(tgt, 0) - F.log_softmax(inp, 0))).mean()
    if op == "compose:log_of_softmax":
        return F.softmax(ins[0], args["dim"]).log()
    if op == "compose:kl_manual_sum":
        p, q = ins
        return (p * (p.log() - q.log())).sum()
    if op == "compose:kl_manual_bits":
        p, q = ins
        return (p * (p.log() - q.log())).sum().div(args["divisor"])
    if op == "compose:kl_div_bits":
        p, q = ins
        return F.kl_div(q.log(), p, reduction="sum").div(args["divisor"])
    if op == "compose:kl_logits_batchmean":
        a, b = ins
        return F.kl_div(F.log_softmax(a, -1), F.softmax(b, -1), reduction="batchmean")
    if op == "compose:entropy":
        p = ins[0]
        return (p * p.log()).sum().neg()
    if op == "compose:cross_entropy_manual":
        x, p = ins
        return (p * F.log_softmax(x, -1)).sum(-1).mean().neg()
    raise ValueError("unknown op " + op)


# ----------------------------------------------------------------------------- case building

CASES = []
NAMES = set()


def seed_for(name):
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))


def make_case(name, op, inputs, args=None, note=None):
    """inputs: list of (tensor, requires_grad). Tensors are copied into fresh leaves."""
    assert op in OPS, op
    assert name not in NAMES, name
    NAMES.add(name)
    args = dict(args or {})
    leaves = []
    for t, rg in inputs:
        leaf = t.detach().clone()
        leaf.requires_grad_(rg)
        leaves.append(leaf)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = run_op(op, leaves, args)
        do_backward = out.requires_grad
        grad_output = None
        if do_backward:
            if out.dim() == 0:
                out.backward()
            else:
                # the seed is re-derived so g does not depend on how the inputs were made
                torch.manual_seed(zlib.crc32(("g:" + name).encode("utf-8")))
                g = torch.randn(out.shape, dtype=out.dtype)
                grad_output = enc_tensor(g)
                out.backward(g)
    repr_alt = []
    if out.dtype == torch.float32:
        # A float32 result is only defined up to rounding: torch accumulates in float32, an
        # implementation may accumulate in float64 and round once. When the correctly rounded
        # result prints differently (a value on a 4-digit rounding boundary), record that repr
        # as an accepted alternative. The values themselves are still checked with tolerances.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            alt = run_op(op, [l.detach().double() for l in leaves], args).float()
        if alt.shape == out.shape:
            close = torch.isclose(alt, out.detach(), rtol=2e-5, atol=2e-6, equal_nan=True)
            if bool(close.all()):
                saved = out.detach().clone()
                with torch.no_grad():
                    out.copy_(alt)
                    alt_repr = str(out)
                    out.copy_(saved)
                if alt_repr != str(out):
                    repr_alt.append(alt_repr)
    case = {
        "name": name,
        "op": op,
        "args": args,
        "inputs": [dict(enc_tensor(l), requires_grad=l.requires_grad) for l in leaves],
        "expected": dict(enc_tensor(out), requires_grad=out.requires_grad),
        "repr": str(out),
        "grad_fn": out.grad_fn.name() if out.grad_fn is not None else None,
        "backward": do_backward,
        "grad_output": grad_output,
        "grads": [enc_tensor(l.grad) if (do_backward and l.requires_grad and l.grad is not None)
                  else None for l in leaves],
        "warnings": [{"category": w.category.__name__, "message": str(w.message)}
                     for w in caught],
    }
    for l, gr in zip(leaves, case["grads"]):
        if do_backward and l.requires_grad:
            assert gr is not None, name
    if repr_alt:
        case["repr_alt"] = repr_alt
    if note:
        case["note"] = note
    CASES.append(case)


def T(values, dtype="float32"):
    return torch.tensor(values, dtype=DTYPES[dtype])


def randn(shape, dtype="float32"):
    return torch.randn(shape, dtype=DTYPES[dtype])


def shape_str(shape):
    return "0d" if len(shape) == 0 else "x".join(str(s) for s in shape)


def log_probs(shape, dtype):
    if len(shape) == 0:
        return torch.rand((), dtype=DTYPES[dtype]).clamp_min(0.05).log()
    return F.log_softmax(randn(shape, dtype) * 1.5, -1)


def probs(shape, dtype):
    if len(shape) == 0:
        return torch.rand((), dtype=DTYPES[dtype]).clamp_min(0.05)
    return F.softmax(randn(shape, dtype) * 1.5, -1)


REDUCTIONS = ["none", "sum", "mean", "batchmean"]


def lt_str(lt):
    return "log_target=" + ("true" if lt else "false")


# ----------------------------------------------------------------------------- kl_div


def gen_kl_div():
    # every reduction x log_target x dtype x rank, both input and target require grad
    for dt in DTYPES:
        for shape in [(), (5,), (3, 4), (2, 3, 4)]:
            for red in REDUCTIONS:
                for lt in (False, True):
                    name = f"kl_div/{red}/{lt_str(lt)}/{dt}/{shape_str(shape)}"
                    seed_for(name)
                    inp = log_probs(shape, dt)
                    tgt = log_probs(shape, dt) if lt else probs(shape, dt)
                    note = None
                    if shape == () and red == "batchmean":
                        note = "batchmean of a 0-dim input is the plain sum (no division)"
                    make_case(name, "kl_div", [(inp, True), (tgt, True)],
                              {"reduction": red, "log_target": lt}, note)

    # requires_grad only on the input; and on nothing (no grad_fn, no backward)
    for red in REDUCTIONS:
        for lt in (False, True):
            name = f"kl_div/{red}/{lt_str(lt)}/float32/3x4/input_grad_only"
            seed_for(name)
            tgt = log_probs((3, 4), "float32") if lt else probs((3, 4), "float32")
            make_case(name, "kl_div", [(log_probs((3, 4), "float32"), True), (tgt, False)],
                      {"reduction": red, "log_target": lt})
    for red in REDUCTIONS:
        name = f"kl_div/{red}/log_target=false/float32/2x3/no_grad"
        seed_for(name)
        make_case(name, "kl_div", [(log_probs((2, 3), "float32"), False),
                                   (probs((2, 3), "float32"), False)],
                  {"reduction": red, "log_target": False})

    # broadcasting both ways; batchmean divides by input.size(0), not the broadcast size
    pairs = [((3,), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 4)), ((1, 4), (2, 1)),
             ((), (2, 3)), ((2, 3), ()), ((2, 1, 3), (4, 1))]
    for si, st in pairs:
        for red in REDUCTIONS:
            for lt in (False, True):
                dt = "float32"
                name = f"kl_div/broadcast/{shape_str(si)}_vs_{shape_str(st)}/{red}/{lt_str(lt)}"
                seed_for(name)
                inp = log_probs(si, dt)
                tgt = log_probs(st, dt) if lt else probs(st, dt)
                note = None
                if red == "batchmean":
                    note = ("batchmean divides the sum by input.size(0) (the input's own first "
                            "dim, not the broadcast shape); a 0-dim input is not divided")
                make_case(name, "kl_div", [(inp, True), (tgt, True)],
                          {"reduction": red, "log_target": lt}, note)
    for si, st in [((3,), (2, 3)), ((2, 1), (1, 4))]:
        for red in ("none", "batchmean"):
            name = f"kl_div/broadcast/{shape_str(si)}_vs_{shape_str(st)}/{red}/float64"
            seed_for(name)
            make_case(name, "kl_div", [(log_probs(si, "float64"), True),
                                       (probs(st, "float64"), True)],
                      {"reduction": red, "log_target": False})

    # zero targets: contribute exactly 0; input grad is -0 there; target grad is nan there
    for dt in DTYPES:
        for red in REDUCTIONS:
            name = f"kl_div/zero_target/{red}/{dt}"
            seed_for(name)
            inp = log_probs((2, 4), dt)
            tgt = T([[0.0, 0.5, 0.5, 0.0], [0.25, 0.0, 0.75, 0.0]], dt)
            make_case(name, "kl_div", [(inp, True), (tgt, True)],
                      {"reduction": red, "log_target": False},
                      "target 0 contributes exactly 0 (xlogy(0, 0) = 0); d/dinput = -0; "
                      "torch's d/dtarget at 0 is nan")
        name = f"kl_div/zero_target/batchmean/{dt}/input_grad_only"
        seed_for(name)
        make_case(name, "kl_div", [(log_probs((2, 4), dt), True),
                                   (T([[0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0]], dt), False)],
                  {"reduction": "batchmean", "log_target": False})
        name = f"kl_div/zero_target/all_zero/sum/{dt}"
        seed_for(name)
        make_case(name, "kl_div", [(log_probs((3,), dt), True), (T([0.0, 0.0, 0.0], dt), False)],
                  {"reduction": "sum", "log_target": False})

    # negative target -> nan (xlogy of a negative number)
    for dt in DTYPES:
        for red in ("none", "sum", "batchmean"):
            name = f"kl_div/negative_target/{red}/{dt}"
            seed_for(name)
            make_case(name, "kl_div", [(log_probs((4,), dt), True),
                                       (T([0.5, -0.25, 0.5, 0.25], dt), True)],
                      {"reduction": red, "log_target": False},
                      "negative target gives nan at that element (and nan reductions)")

    # large / extreme log-probs
    for dt in DTYPES:
        ext_in = T([-1e4, -100.0, -1e-8, 0.0, -87.5, -30.0], dt)
        ext_tgt = T([0.1, 0.2, 0.3, 0.15, 0.05, 0.2], dt)
        for red in ("none", "sum", "batchmean"):
            name = f"kl_div/extreme/input/{red}/{dt}"
            make_case(name, "kl_div", [(ext_in, True), (ext_tgt, True)],
                      {"reduction": red, "log_target": False})
        ext_lt = T([-1e4, -87.0, -104.0, 0.0, -1e-8, -50.0], dt)
        for red in ("none", "sum"):
            name = f"kl_div/extreme/log_target/{red}/{dt}"
            make_case(name, "kl_div", [(ext_in, True), (ext_lt, True)],
                      {"reduction": red, "log_target": True})
        tiny = T([1e-30, 1e-38, 0.5, 0.5 - 1e-30], dt)
        name = f"kl_div/extreme/tiny_target/none/{dt}"
        make_case(name, "kl_div", [(T([-1.0, -2.0, -0.5, -0.75], dt), True), (tiny, True)],
                  {"reduction": "none", "log_target": False})
    # non-finite inputs
    name = "kl_div/nonfinite/input_-inf_target_0/none/float32"
    make_case(name, "kl_div", [(T([float("-inf"), -1.0, -0.5]), True),
                               (T([0.0, 0.5, 0.5]), True)],
              {"reduction": "none", "log_target": False},
              "0 * -inf: torch gives nan where input is -inf even though target is 0")
    name = "kl_div/nonfinite/input_-inf_target_pos/sum/float32"
    make_case(name, "kl_div", [(T([float("-inf"), -1.0, -0.5]), True),
                               (T([0.2, 0.3, 0.5]), True)],
              {"reduction": "sum", "log_target": False})
    name = "kl_div/nonfinite/log_target_-inf/none/float32"
    make_case(name, "kl_div", [(T([-1.0, -2.0, -0.5]), True),
                               (T([float("-inf"), -0.5, -1.0]), True)],
              {"reduction": "none", "log_target": True},
              "exp(-inf) * (-inf - x) = 0 * -inf = nan in torch")
    name = "kl_div/nonfinite/log_target_-inf/sum/float64"
    make_case(name, "kl_div", [(T([-1.0, -2.0, -0.5], "float64"), True),
                               (T([float("-inf"), -0.5, -1.0], "float64"), True)],
              {"reduction": "sum", "log_target": True})

    # mixed dtypes promote to float64
    for si, st, name in [("float32", "float64", "kl_div/mixed_dtype/f32_input_f64_target"),
                         ("float64", "float32", "kl_div/mixed_dtype/f64_input_f32_target")]:
        for red in ("none", "batchmean"):
            n = f"{name}/{red}"
            seed_for(n)
            make_case(n, "kl_div", [(log_probs((2, 3), si), True), (probs((2, 3), st), True)],
                      {"reduction": red, "log_target": False})


def gen_kldivloss():
    for dt in DTYPES:
        for red in REDUCTIONS:
            for lt in (False, True):
                name = f"KLDivLoss/{red}/{lt_str(lt)}/{dt}/3x4"
                seed_for(name)
                inp = log_probs((3, 4), dt)
                tgt = log_probs((3, 4), dt) if lt else probs((3, 4), dt)
                make_case(name, "KLDivLoss", [(inp, True), (tgt, False)],
                          {"reduction": red, "log_target": lt})
    for red in REDUCTIONS:
        name = f"KLDivLoss/{red}/log_target=false/float32/0d"
        seed_for(name)
        make_case(name, "KLDivLoss", [(log_probs((), "float32"), True),
                                      (probs((), "float32"), True)],
                  {"reduction": red, "log_target": False})
        name = f"KLDivLoss/{red}/log_target=false/float32/2x3x4/both_grad"
        seed_for(name)
        make_case(name, "KLDivLoss", [(log_probs((2, 3, 4), "float32"), True),
                                      (probs((2, 3, 4), "float32"), True)],
                  {"reduction": red, "log_target": False})


# ----------------------------------------------------------------------------- softmax


def gen_softmax():
    shapes = [(5,), (3, 4), (2, 3, 4), (2, 3, 2, 3)]
    for fn in ("softmax", "log_softmax"):
        for dt in DTYPES:
            for shape in shapes:
                nd = len(shape)
                for dim in list(range(nd)) + list(range(-nd, 0)):
                    name = f"{fn}/{dt}/{shape_str(shape)}/dim={dim}"
                    seed_for(name)
                    make_case(name, fn, [(randn(shape, dt) * 2.0, True)], {"dim": dim})
            for dim in (0, -1):
                name = f"{fn}/{dt}/0d/dim={dim}"
                seed_for(name)
                make_case(name, fn, [(randn((), dt), True)], {"dim": dim})
            # extreme logits
            name = f"{fn}/{dt}/extreme/1000_0_-1000"
            make_case(name, fn, [(T([1000.0, 0.0, -1000.0], dt), True)], {"dim": 0})
            name = f"{fn}/{dt}/extreme/2d_rows_dim=-1"
            make_case(name, fn, [(T([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, 1000.0]], dt),
                                  True)], {"dim": -1})
            name = f"{fn}/{dt}/all_equal_rows"
            make_case(name, fn, [(T([[2.5, 2.5, 2.5, 2.5], [-7.0, -7.0, -7.0, -7.0],
                                     [0.0, 0.0, 0.0, 0.0]], dt), True)], {"dim": 1})
            name = f"{fn}/{dt}/neg_inf_entries"
            make_case(name, fn, [(T([[float("-inf"), 0.0, 1.0], [2.0, float("-inf"), -1.0]],
                                    dt), True)], {"dim": -1})
            name = f"{fn}/{dt}/all_neg_inf_row"
            make_case(name, fn, [(T([[float("-inf"), float("-inf")], [0.5, 1.5]], dt), True)],
                      {"dim": 1}, "a row of all -inf gives nan")
            name = f"{fn}/{dt}/3x4/dim=1/no_grad"
            seed_for(name)
            make_case(name, fn, [(randn((3, 4), dt), False)], {"dim": 1})
        # +-1e38 in float32 (must not overflow in the max-subtraction)
        name = f"{fn}/float32/extreme/pm1e38"
        make_case(name, fn, [(T([1e38, 0.0, -1e38]), True)], {"dim": 0})
        name = f"{fn}/float32/extreme/pm1e38_2d"
        make_case(name, fn, [(T([[1e38, -1e38], [-1e38, -1e38], [3e38, 1e38]]), True)],
                  {"dim": 0})


# ----------------------------------------------------------------------------- elementwise


def gen_elementwise():
    pairs = [((2, 3), (2, 3)), ((3,), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)),
             ((), (2, 3)), ((2, 3), ()), ((), ()), ((4, 1, 2), (3, 1))]
    for op in ("add", "sub", "mul", "div"):
        for dt in DTYPES:
            for sa, sb in pairs:
                name = f"{op}/{dt}/{shape_str(sa)}_{shape_str(sb)}"
                seed_for(name)
                a = randn(sa, dt)
                b = randn(sb, dt)
                if op == "div":
                    b = b.sign() * (b.abs() + 0.5)
                make_case(name, op, [(a, True), (b, True)])
            for other in (2.5, -3.0, 0.1):
                name = f"{op}/{dt}/2x3_number={other}"
                seed_for(name)
                make_case(name, op, [(randn((2, 3), dt), True)], {"other": other})
            name = f"{op}/{dt}/0d_number=2"
            seed_for(name)
            make_case(name, op, [(randn((), dt), True)], {"other": 2})
        # only one side requires grad; none
        name = f"{op}/float32/2x3_3/rhs_grad_only"
        seed_for(name)
        make_case(name, op, [(randn((2, 3)), False), (randn((3,)).abs() + 0.5, True)])
        name = f"{op}/float32/2x3_2x3/no_grad"
        seed_for(name)
        make_case(name, op, [(randn((2, 3)), False), (randn((2, 3)).abs() + 0.5, False)])
        # dtype promotion
        for da, db, sa, sb, note in [
            ("float32", "float64", (2, 3), (2, 3), None),
            ("float64", "float32", (2, 3), (2, 3), None),
            ("float32", "float64", (2, 3), (3,), None),
            ("float32", "float64", (), (), None),
            ("float32", "float64", (2, 3), (1,), None),
            ("float32", "float64", (2, 3), (),
             "torch type promotion: a 0-dim tensor does not promote a dimensioned tensor of "
             "the same category, so float32[2,3] op float64[] is float32"),
            ("float64", "float32", (), (2, 3),
             "torch type promotion: float64[] op float32[2,3] is float32"),
        ]:
            name = f"{op}/promote/{da}_{shape_str(sa)}_{db}_{shape_str(sb)}"
            seed_for(name)
            a = randn(sa, da)
            b = randn(sb, db).abs() + 0.5
            make_case(name, op, [(a, True), (b, True)], None, note)
    # division by zero
    for dt in DTYPES:
        name = f"div/{dt}/by_zero_tensor"
        make_case(name, "div", [(T([1.0, -1.0, 0.0, 2.0], dt), True),
                                (T([0.0, 0.0, 0.0, -0.0], dt), True)])
        name = f"div/{dt}/by_zero_number"
        make_case(name, "div", [(T([1.0, -1.0, 0.0], dt), True)], {"other": 0.0})
    # float32 overflow through mul
    name = "mul/float32/overflow"
    make_case(name, "mul", [(T([3e38, -3e38, 1e-45]), True), (T([2.0, 2.0, 0.5]), True)])

    for op in ("neg", "log", "exp"):
        for dt in DTYPES:
            for shape in [(), (5,), (2, 3), (2, 3, 2)]:
                name = f"{op}/{dt}/{shape_str(shape)}"
                seed_for(name)
                x = randn(shape, dt)
                if op == "log":
                    x = x.abs() + 0.05
                make_case(name, op, [(x, True)])
    for dt in DTYPES:
        make_case(f"neg/{dt}/special", "neg",
                  [(T([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e38], dt), True)])
        make_case(f"log/{dt}/special", "log",
                  [(T([0.0, -1.0, float("inf"), 1.0, 1e-30, float("nan")], dt), True)],
                  None, "log(0) = -inf (grad inf), log(-1) = nan")
        make_case(f"log/{dt}/special/no_grad", "log", [(T([0.0, -0.0, -2.0, 2.0], dt), False)])
        make_case(f"exp/{dt}/special", "exp",
                  [(T([88.0, 89.0, -104.0, 0.0, float("-inf"), float("inf"), -1e4], dt), True)],
                  None, "float32: exp(88) = 1.6516e38, exp(89) = inf")
    make_case("exp/float64/709_710", "exp", [(T([709.0, 710.0, -745.0, -746.0], "float64"),
                                              True)])


# ----------------------------------------------------------------------------- reductions


def gen_reductions():
    shape = (2, 3, 4)
    for op in ("sum", "mean"):
        for dt in DTYPES:
            name = f"{op}/{dt}/2x3x4/all"
            seed_for(name)
            make_case(name, op, [(randn(shape, dt), True)])
            for dim in (0, 1, 2, -1, -2, -3):
                for kd in (False, True):
                    name = f"{op}/{dt}/2x3x4/dim={dim}/keepdim={'true' if kd else 'false'}"
                    seed_for(name)
                    make_case(name, op, [(randn(shape, dt), True)], {"dim": dim, "keepdim": kd})
            for dims in ([0, 2], [-1, 0], [0, 1, 2], [1]):
                for kd in (False, True):
                    ds = ",".join(str(d) for d in dims)
                    name = f"{op}/{dt}/2x3x4/dim=[{ds}]/keepdim={'true' if kd else 'false'}"
                    seed_for(name)
                    make_case(name, op, [(randn(shape, dt), True)], {"dim": dims, "keepdim": kd})
            for sh in [(5,), (3, 4)]:
                name = f"{op}/{dt}/{shape_str(sh)}/all"
                seed_for(name)
                make_case(name, op, [(randn(sh, dt), True)])
                name = f"{op}/{dt}/{shape_str(sh)}/dim=-1/keepdim=false"
                seed_for(name)
                make_case(name, op, [(randn(sh, dt), True)], {"dim": -1, "keepdim": False})
            # 0-dim
            name = f"{op}/{dt}/0d/all"
            seed_for(name)
            make_case(name, op, [(randn((), dt), True)])
            for dim in (0, -1):
                for kd in (False, True):
                    name = f"{op}/{dt}/0d/dim={dim}/keepdim={'true' if kd else 'false'}"
                    seed_for(name)
                    make_case(name, op, [(randn((), dt), True)], {"dim": dim, "keepdim": kd})
            name = f"{op}/{dt}/0d/dim=[0]/keepdim=false"
            seed_for(name)
            make_case(name, op, [(randn((), dt), True)], {"dim": [0], "keepdim": False})
        name = f"{op}/float32/nonfinite"
        make_case(name, op, [(T([[1.0, float("inf"), 2.0], [float("-inf"), float("nan"), 3.0],
                                 [float("inf"), float("-inf"), 0.0]]), True)],
                  {"dim": 1, "keepdim": False})
        name = f"{op}/float32/3x4/no_grad"
        seed_for(name)
        make_case(name, op, [(randn((3, 4)), False)])


# ----------------------------------------------------------------------------- methods


def gen_methods():
    doc_in = [0.7, 0.1, 0.2]
    doc_tg = [0.2, 0.5, 0.3]
    for m in ("method1", "method2", "method3", "method4"):
        make_case(f"{m}/document", m, [(T(doc_in), True), (T(doc_tg), False)], None,
                  "the README's worked example; torch prints tensor(0.0239, grad_fn=<...>)")
        make_case(f"{m}/document/float64", m, [(T(doc_in, "float64"), True),
                                               (T(doc_tg, "float64"), False)])
        for i in range(2):
            name = f"{m}/random{i}"
            seed_for(name)
            make_case(name, m, [(randn((6,)), True), (randn((6,)), False)])
        name = f"{m}/document/target_grad"
        make_case(name, m, [(T(doc_in), True), (T(doc_tg), True)])


# ----------------------------------------------------------------------------- compositions


def gen_compose():
    ln2 = math.log(2)
    for dt in DTYPES:
        for shape, dim in [((5,), 0), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1)]:
            name = f"compose:log_of_softmax/{dt}/{shape_str(shape)}/dim={dim}"
            seed_for(name)
            make_case(name, "compose:log_of_softmax", [(randn(shape, dt) * 2.0, True)],
                      {"dim": dim})
        for shape in [(4,), (2, 5)]:
            name = f"compose:kl_manual_sum/{dt}/{shape_str(shape)}"
            seed_for(name)
            p, q = probs(shape, dt), probs(shape, dt)
            make_case(name, "compose:kl_manual_sum", [(p, True), (q, True)])
            name = f"compose:kl_manual_bits/{dt}/{shape_str(shape)}"
            seed_for(name)
            p, q = probs(shape, dt), probs(shape, dt)
            make_case(name, "compose:kl_manual_bits", [(p, True), (q, True)], {"divisor": ln2})
            name = f"compose:kl_div_bits/{dt}/{shape_str(shape)}"
            seed_for(name)
            p, q = probs(shape, dt), probs(shape, dt)
            make_case(name, "compose:kl_div_bits", [(p, True), (q, True)], {"divisor": ln2})
            name = f"compose:entropy/{dt}/{shape_str(shape)}"
            seed_for(name)
            make_case(name, "compose:entropy", [(probs(shape, dt), True)])
        name = f"compose:kl_logits_batchmean/{dt}/4x5"
        seed_for(name)
        make_case(name, "compose:kl_logits_batchmean",
                  [(randn((4, 5), dt), True), (randn((4, 5), dt), True)])
        name = f"compose:cross_entropy_manual/{dt}/4x5"
        seed_for(name)
        make_case(name, "compose:cross_entropy_manual",
                  [(randn((4, 5), dt) * 2.0, True), (probs((4, 5), dt), False)])
    # the document's numbers in bits
    make_case("compose:kl_manual_bits/document", "compose:kl_manual_bits",
              [(F.softmax(T([0.2, 0.5, 0.3]), 0), False), (F.softmax(T([0.7, 0.1, 0.2]), 0),
                                                           True)], {"divisor": ln2})
    make_case("compose:kl_manual_sum/zero_in_p", "compose:kl_manual_sum",
              [(T([0.0, 0.5, 0.5]), True), (T([0.2, 0.3, 0.5]), True)], None,
              "manual formula: 0 * log(0) = 0 * -inf = nan (unlike kl_div's xlogy)")


def main():
    gen_kl_div()
    gen_kldivloss()
    gen_softmax()
    gen_elementwise()
    gen_reductions()
    gen_methods()
    gen_compose()
    doc = {
        "format": 1,
        "generator": "tools/gen_fixtures.py",
        "torch_version": torch.__version__.split("+")[0],
        "encoding": "tensor records are {data (flat, row-major), shape, dtype}; non-finite "
                    "numbers are the strings \"inf\", \"-inf\", \"nan\"; float32 values use "
                    "the shortest decimal that rounds to the same float32",
        "ops": OPS,
        "cases": CASES,
    }
    text = json.dumps(doc, indent=None, separators=(",", ":"), allow_nan=False)
    # one case per line keeps diffs reviewable
    lines = ['{"format":1,', f'"generator":{json.dumps(doc["generator"])},',
             f'"torch_version":{json.dumps(doc["torch_version"])},',
             f'"encoding":{json.dumps(doc["encoding"])},',
             f'"ops":{json.dumps(OPS, separators=(",", ":"))},', '"cases":[']
    for i, c in enumerate(CASES):
        sep = "," if i + 1 < len(CASES) else ""
        lines.append(json.dumps(c, separators=(",", ":"), allow_nan=False) + sep)
    lines.append("]}")
    out_text = "\n".join(lines) + "\n"
    assert json.loads(out_text) == json.loads(text)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(out_text)
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print(f"wrote {len(CASES)} cases, {len(out_text.encode())} bytes to "
          f"{os.path.relpath(OUT)}", file=sys.stderr)
    for k, v in counts.items():
        print(f"  {k}: {v}", file=sys.stderr)


if __name__ == "__main__":
    main()
