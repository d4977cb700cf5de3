#!/usr/bin/env python3
"""Run the op table in PyTorch 1.13 and write one fixture per family.

    /usr/bin/python3 tools/gen_opinfo_fixtures.py            # every family
    /usr/bin/python3 tools/gen_opinfo_fixtures.py special    # tools/opinfo/special.py only

Each tools/opinfo/<family>.py (other than common.py) defines ENTRIES; the fixture is
tests/fixtures/opinfo/<family>.json, read by tests/opinfo_test.ts. The format and the
vocabulary are in tools/opinfo/README.md. Deterministic: every sample's tensors and draws are
seeded from a CRC32 of its name, so regenerating gives the same file.
"""

import importlib
import json
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "opinfo"))
sys.path.insert(0, HERE)

from common import (Module, NUMBERS, crc, encode_arg, encode_output, encode_tensor,  # noqa: E402
                    flat_tensors, materialize, resolve, state_dict_record)

OUT_DIR = os.path.join(HERE, "..", "tests", "fixtures", "opinfo")


def families():
    names = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "opinfo"))
                   if f.endswith(".py") and f != "common.py")
    wanted = sys.argv[1:]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        sys.exit(f"unknown families {unknown}; have {names}")
    return wanted or names


def build_call(entry, args, kwargs, seed, grad):
    """torch's callable and arguments for one sample, plus the leaves and the encoded call."""
    leaves = []
    module = None
    rec = {}
    if args and isinstance(args[0], Module):
        spec = args[0]
        torch.manual_seed(seed)
        cls = resolve(entry.call)
        ctor_leaves = []
        ctor_args = [materialize(a, seed, ctor_leaves, False) for a in spec.args]
        ctor_kwargs = {k: materialize(v, seed, ctor_leaves, False) for k, v in spec.kwargs.items()}
        module = cls(*ctor_args, **ctor_kwargs)
        it = iter(ctor_leaves)
        rec["ctor_args"] = [encode_arg(a, it) for a in spec.args]
        rec["ctor_kwargs"] = {k: encode_arg(v, it) for k, v in spec.kwargs.items()}
        rec["state_dict"] = state_dict_record(module)
        rec["module_repr"] = repr(module)
        if not spec.train:
            module.eval()
        rec["train"] = spec.train
        if grad:
            for p in module.parameters():
                p.requires_grad_(True)
        args = args[1:]
        fn = module
    else:
        fn = resolve(entry.call)
    targs = [materialize(a, seed, leaves, grad) for a in args]
    tkwargs = {k: materialize(v, seed, leaves, grad) for k, v in kwargs.items()}
    it = iter(leaves)
    rec["args"] = [encode_arg(a, it) for a in args]
    rec["kwargs"] = {k: encode_arg(v, it) for k, v in kwargs.items()}
    return fn, targs, tkwargs, [t for _, t in leaves], module, rec


def run_sample(entry, sample, index):
    name = f"{entry.name}/{index}"
    seed = entry.seed if entry.seed is not None else crc(name)
    fn, args, kwargs, leaves, module, rec = build_call(entry, sample.args, sample.kwargs, seed,
                                                      entry.grad)
    out_rec = {"name": name, "call": entry.call, **rec}
    if entry.random:
        torch.manual_seed(seed)
        out_rec["seed"] = seed
    out = fn(*args, **kwargs)
    out_rec["out"] = encode_output(out)
    if isinstance(out, torch.Tensor) or type(out).__module__ == "torch.return_types":
        out_rec["repr"] = repr(out)
    elif isinstance(out, (tuple, list)):
        out_rec["item_reprs"] = [repr(t) for t in flat_tensors(out)]
    outs = flat_tensors(out)
    out_rec["grad_fn"] = [o.grad_fn.name() if o.grad_fn is not None else None for o in outs]
    for key in ("rtol", "atol", "ulp", "grad_rtol", "grad_atol", "check", "signs"):
        value = getattr(entry, key)
        if value is not None:
            out_rec[key] = value
    if entry.random:
        out_rec["same_draws"] = entry.same_draws
    params = list(module.named_parameters()) if module is not None else []
    inputs = leaves + [p for _, p in params]
    wrt = [t for t in inputs if t.requires_grad]
    diff_outs = [o for o in outs if o.requires_grad]
    if entry.grad and diff_outs and wrt:
        g = torch.Generator().manual_seed(seed + 1)
        gos = [torch.rand(o.shape, generator=g, dtype=torch.float64).add(0.5).to(o.dtype)
               for o in diff_outs]
        grads = torch.autograd.grad(diff_outs, wrt, gos, allow_unused=True,
                                    create_graph=entry.gradgrad)
        by_id = {id(t): gr for t, gr in zip(wrt, grads)}
        out_rec["grad_outputs"] = [encode_tensor(x) for x in gos]
        out_rec["grads"] = [encode_tensor(by_id[id(t)]) if by_id.get(id(t)) is not None else None
                            for t in leaves]
        if params:
            out_rec["param_grads"] = {n: encode_tensor(by_id[id(p)])
                                      for n, p in params if by_id.get(id(p)) is not None}
        if entry.gradgrad:
            firsts = [(t, gr) for t, gr in zip(wrt, grads) if gr is not None and gr.requires_grad]
            if firsts:
                vs = [torch.rand(gr.shape, generator=g, dtype=torch.float64).add(0.5).to(gr.dtype)
                      for _, gr in firsts]
                total = sum((gr * v).sum() for (_, gr), v in zip(firsts, vs))
                seconds = torch.autograd.grad(total, wrt, allow_unused=True)
                by_id2 = {id(t): s for t, s in zip(wrt, seconds)}
                out_rec["gradgrad_v"] = [encode_tensor(v) for v in vs]
                out_rec["gradgrad"] = [
                    encode_tensor(by_id2[id(t)]) if by_id2.get(id(t)) is not None else None
                    for t in leaves]
    if entry.grad and entry.gradcheck is False:
        out_rec["gradcheck"] = False
    return out_rec


def run_error(entry, err, index):
    name = f"{entry.name}/error/{index}"
    seed = crc(name)
    fn, args, kwargs, _, _, rec = build_call(entry, err.args, err.kwargs, seed, False)
    try:
        fn(*args, **kwargs)
    except Exception as e:  # torch raises RuntimeError, TypeError, ValueError, IndexError
        message = str(e)
        if not re.search(err.match, message):
            raise SystemExit(f"{name}: torch's message does not match {err.match!r}:\n{message}")
        return {"name": name, "call": entry.call, **rec, "type": type(e).__name__,
                "message": message, "match": err.match}
    raise SystemExit(f"{name}: torch did not raise")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for family in families():
        mod = importlib.import_module(family)
        cases, errors = [], []
        for entry in mod.ENTRIES:
            for i, sample in enumerate(entry.samples):
                try:
                    cases.append(run_sample(entry, sample, i))
                except Exception as e:
                    raise SystemExit(f"{entry.name}/{i}: {type(e).__name__}: {e}")
            for i, err in enumerate(entry.errors):
                errors.append(run_error(entry, err, i))
        out = {"torch_version": torch.__version__, "family": family, "cases": cases,
               "errors": errors}
        path = os.path.join(OUT_DIR, f"{family}.json")
        with open(path, "w") as f:
            json.dump(out, f, indent=None, separators=(",", ":"), allow_nan=False)
            f.write("\n")
        print(f"{path}: {len(cases)} cases, {len(errors)} errors")


if __name__ == "__main__":
    main()
