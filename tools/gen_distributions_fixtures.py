#!/usr/bin/env python3
"""Generate torch.distributions fixtures for kldiv: tests/fixtures/distributions.json.

    /usr/bin/python3 tools/gen_distributions_fixtures.py

Made with torch 1.13 on CPU. Parameters are drawn from a generator seeded per case (CRC32 of
the case name), so cases are independent of each other.

Format: {"torch_version", "cases": [...], "errors": [...]}. A tensor record is
{"data": [...] (row-major), "shape", "dtype"}, plus "requires_grad" for parameters; numbers as
in tools/fixture_json.py ("inf"/"-inf"/"nan" for non-finite), with float32 written as the exact
double it widens to.

Each case:
  name      unique
  params    {name: tensor record}: the leaves the distributions are built from
  p, q      distribution specs {"type", "args": [ref...], "kwargs": {key: ref}}; a ref is
            {"param": name} or {"number": x}. q only for op "kl".
  op        "log_prob" | "entropy" | "mean" | "variance" | "stddev" | "rsample" | "sample"
            | "kl" | "scale_tril" | "covariance_matrix" | "precision_matrix" | "probs"
            | "logits" | "perplexity"
  value     the log_prob argument (tensor record), for log_prob
  sample_shape, seed   for rsample/sample (torch.manual_seed(seed) right before the call)
  expected  tensor record of the output; repr its str(); grad_fn its grad_fn name or null
  grad_output  the weights w of out.backward(w) (null: no backward)
  grads     {param: tensor record or null} after backward
  p_repr    repr(p) after the op (which lazy parameters it has computed shows)

Each error: {"name", "p", "q" (kl only), "params", "op" ("construct" | "log_prob" | "kl"),
"value", "message"}: torch's exception text.
"""

import json
import os
import zlib

import torch
from torch.distributions import Bernoulli, Categorical, MultivariateNormal, Normal, kl_divergence

from fixture_json import Encoding

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "distributions.json")
TYPES = {"Normal": Normal, "Bernoulli": Bernoulli, "Categorical": Categorical,
         "MultivariateNormal": MultivariateNormal}
NUMBERS = Encoding(float32="exact")


def rec(t, requires_grad=None):
    t = t.detach()
    dtype = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64",
             torch.bool: "bool"}[t.dtype]
    r = {"data": NUMBERS.data(t), "shape": list(t.shape), "dtype": dtype}
    if requires_grad is not None:
        r["requires_grad"] = requires_grad
    return r


def build(spec, params):
    def ref(r):
        return params[r["param"]] if "param" in r else r["number"]
    args = [ref(r) for r in spec.get("args", [])]
    kwargs = {k: ref(r) for k, r in spec.get("kwargs", {}).items()}
    return TYPES[spec["type"]](*args, **kwargs)


def gen(name):
    g = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    return g


def spd(n, g, batch=(), dtype=torch.float32):
    a = torch.randn(*batch, n, n, generator=g, dtype=torch.float64)
    m = a @ a.transpose(-1, -2) + n * torch.eye(n, dtype=torch.float64)
    return m.to(dtype)


def tril(n, g, batch=(), dtype=torch.float32):
    a = torch.randn(*batch, n, n, generator=g, dtype=torch.float64).tril(-1)
    d = torch.rand(*batch, n, generator=g, dtype=torch.float64) + 0.5
    return (a + torch.diag_embed(d)).to(dtype)


CASES = []
ERRORS = []


def case(name, params, p, op, q=None, value=None, sample_shape=None, seed=None, grads=True):
    leaves = {k: v.clone().requires_grad_(rg) for k, (v, rg) in params.items()}
    dp = build(p, leaves)
    dq = build(q, leaves) if q is not None else None
    if seed is not None:
        torch.manual_seed(seed)
    if op == "log_prob":
        out = dp.log_prob(value)
    elif op == "kl":
        out = kl_divergence(dp, dq)
    elif op in ("rsample", "sample"):
        out = getattr(dp, op)(torch.Size(sample_shape))
    elif op in ("entropy", "perplexity"):
        out = getattr(dp, op)()
    else:
        out = getattr(dp, op)
    c = {"name": name, "params": {k: rec(v, v.requires_grad) for k, v in leaves.items()},
         "p": p, "op": op, "expected": rec(out), "repr": str(out),
         "grad_fn": out.grad_fn.name() if out.grad_fn is not None else None,
         "grad_output": None, "grads": {}}
    if q is not None:
        c["q"] = q
    if value is not None:
        c["value"] = rec(value)
    if sample_shape is not None:
        c["sample_shape"] = list(sample_shape)
    if seed is not None:
        c["seed"] = seed
    if grads and out.requires_grad and bool(torch.isfinite(out).all()):
        n = out.numel()
        w = torch.tensor([0.5 + 0.37 * i for i in range(n)], dtype=out.dtype).reshape(out.shape)
        out.backward(w)
        c["grad_output"] = rec(w)
        c["grads"] = {k: (rec(v.grad) if v.grad is not None else None)
                      for k, v in leaves.items()}
    c["p_repr"] = repr(dp)
    CASES.append(c)


def error(name, params, p, op, q=None, value=None):
    leaves = {k: v for k, v in params.items()}
    try:
        dp = build(p, leaves)
        if op == "log_prob":
            dp.log_prob(value)
        elif op == "kl":
            kl_divergence(dp, build(q, leaves))
        raise AssertionError(f"{name}: no error")
    except (ValueError, NotImplementedError, RuntimeError) as e:
        message = str(e)
    ERRORS.append({"name": name, "params": {k: rec(v) for k, v in params.items()}, "p": p,
                   "op": op, "message": message, **({"q": q} if q else {}),
                   **({"value": rec(value)} if value is not None else {})})




def r(name):
    return {"param": name}


def n(x):
    return {"number": x}


NORMAL = {"type": "Normal", "args": [r("loc"), r("scale")]}


def normal_cases():
    for dtype in (torch.float32, torch.float64):
        tag = str(dtype).split(".")[1]
        g = gen("normal" + tag)
        params = {"loc": (torch.randn(4, generator=g).to(dtype), True),
                  "scale": ((torch.rand(4, generator=g) + 0.3).to(dtype), True)}
        value = torch.randn(3, 4, generator=g).to(dtype)
        case(f"Normal/{tag}/log_prob", params, NORMAL, "log_prob", value=value)
        for op in ("entropy", "mean", "variance", "stddev", "perplexity"):
            case(f"Normal/{tag}/{op}", params, NORMAL, op)
        case(f"Normal/{tag}/rsample scalar path", params, NORMAL, "rsample", sample_shape=[3],
             seed=0)
        case(f"Normal/{tag}/rsample vectorised path", params, NORMAL, "rsample",
             sample_shape=[2, 5], seed=7)
        case(f"Normal/{tag}/sample", params, NORMAL, "sample", sample_shape=[5], seed=3)
    g = gen("normal numbers")
    case("Normal/numbers/sample", {}, {"type": "Normal", "args": [n(0.5), n(2.0)]}, "sample",
         sample_shape=[3], seed=1)
    case("Normal/numbers/entropy", {}, {"type": "Normal", "args": [n(0.0), n(1.0)]}, "entropy")
    # the repr prints one-element parameters as Python floats: exponent below 1e-4 and from 1e16
    case("Normal/numbers repr small", {}, {"type": "Normal", "args": [n(1e-5), n(3e16)]}, "mean")
    case("Normal/numbers repr plain", {}, {"type": "Normal", "args": [n(-0.0001), n(123456.7)]},
         "mean")
    case("Normal/numbers repr float64", {"loc": (torch.tensor(0.1, dtype=torch.float64), False)},
         {"type": "Normal", "args": [r("loc"), n(2.5e-7)]}, "mean")
    case("Normal/tensor and number/log_prob",
         {"loc": (torch.randn(2, 3, generator=g), True)},
         {"type": "Normal", "args": [r("loc"), n(0.5)]}, "log_prob",
         value=torch.randn(2, 3, generator=g))
    params = {"mu": (torch.randn(2, 3, generator=g), True),
              "sp": (torch.rand(2, 3, generator=g) + 0.2, True),
              "mq": (torch.randn(3, generator=g), True),
              "sq": (torch.rand(3, generator=g) + 0.2, True)}
    case("Normal/kl broadcast", params, {"type": "Normal", "args": [r("mu"), r("sp")]}, "kl",
         q={"type": "Normal", "args": [r("mq"), r("sq")]})


def bernoulli_cases():
    g = gen("bernoulli")
    probs = torch.tensor([0.0, 0.2, 0.5, 0.9, 1.0])
    b = {"type": "Bernoulli", "kwargs": {"probs": r("probs")}}
    params = {"probs": (probs, True)}
    case("Bernoulli/probs/log_prob", params, b, "log_prob", value=torch.tensor([0., 1, 1, 0, 1]))
    for op in ("entropy", "mean", "variance", "stddev", "logits"):
        case(f"Bernoulli/probs/{op}", params, b, op)
    bl = {"type": "Bernoulli", "kwargs": {"logits": r("logits")}}
    lparams = {"logits": (torch.randn(2, 3, generator=g) * 3, True)}
    case("Bernoulli/logits/log_prob", lparams, bl, "log_prob",
         value=torch.tensor([[0., 1, 1], [1, 0, 0]]))
    for op in ("entropy", "mean", "variance", "probs"):
        case(f"Bernoulli/logits/{op}", lparams, bl, op)
    case("Bernoulli/positional number/entropy", {}, {"type": "Bernoulli", "args": [n(0.3)]},
         "entropy")
    case("Bernoulli/sample float32", {"probs": (torch.tensor([0.3, 0.6, 0.9]), False)},
         {"type": "Bernoulli", "args": [r("probs")]}, "sample", sample_shape=[4], seed=0)
    case("Bernoulli/sample float64", {"probs": (torch.rand(2, 3, generator=g).double(), False)},
         {"type": "Bernoulli", "args": [r("probs")]}, "sample", sample_shape=[5], seed=5)
    case("Bernoulli/sample from logits", {"logits": (torch.randn(7, generator=g), True)},
         bl, "sample", sample_shape=[3], seed=11)
    params = {"pp": (torch.rand(4, generator=g), True), "ql": (torch.randn(4, generator=g), True)}
    case("Bernoulli/kl probs vs logits", params,
         {"type": "Bernoulli", "kwargs": {"probs": r("pp")}}, "kl",
         q={"type": "Bernoulli", "kwargs": {"logits": r("ql")}})
    params = {"pp": (torch.tensor([0.0, 1.0, 0.3, 0.0, 1.0]), False),
              "qp": (torch.tensor([0.5, 0.5, 0.0, 0.0, 1.0]), False)}
    case("Bernoulli/kl at 0 and 1", params, {"type": "Bernoulli", "kwargs": {"probs": r("pp")}},
         "kl", q={"type": "Bernoulli", "kwargs": {"probs": r("qp")}})


def categorical_cases():
    g = gen("categorical")
    cp = {"type": "Categorical", "kwargs": {"probs": r("probs")}}
    params = {"probs": (torch.rand(2, 4, generator=g) + 0.1, True)}
    case("Categorical/probs/log_prob", params, cp, "log_prob",
         value=torch.tensor([[0, 3], [1, 2], [3, 3]]))
    for op in ("entropy", "mean", "variance", "probs", "logits"):
        case(f"Categorical/probs/{op}", params, cp, op)
    cl = {"type": "Categorical", "kwargs": {"logits": r("logits")}}
    lparams = {"logits": (torch.randn(5, generator=g) * 2, True)}
    case("Categorical/logits/log_prob", lparams, cl, "log_prob", value=torch.tensor([4, 0, 2]))
    for op in ("entropy", "logits", "probs"):
        case(f"Categorical/logits/{op}", lparams, cl, op)
    case("Categorical/float value/log_prob", lparams, cl, "log_prob",
         value=torch.tensor(3.0))
    case("Categorical/positional probs/entropy",
         {"probs": (torch.tensor([0.0, 0.25, 0.75]), True)},
         {"type": "Categorical", "args": [r("probs")]}, "entropy")
    case("Categorical/sample", {"probs": (torch.rand(3, 4, generator=g), False)}, cp, "sample",
         sample_shape=[2, 5], seed=2)
    params = {"pl": (torch.randn(3, 4, generator=g), True),
              "qp": (torch.rand(4, generator=g) + 0.05, True)}
    case("Categorical/kl logits vs probs", params,
         {"type": "Categorical", "kwargs": {"logits": r("pl")}}, "kl",
         q={"type": "Categorical", "kwargs": {"probs": r("qp")}})
    params = {"pp": (torch.tensor([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]), False),
              "qp": (torch.tensor([[0.3, 0.7, 0.0], [0.5, 0.5, 0.0]]), False)}
    case("Categorical/kl with zeros", params,
         {"type": "Categorical", "kwargs": {"probs": r("pp")}}, "kl",
         q={"type": "Categorical", "kwargs": {"probs": r("qp")}})


def mvn_cases():
    for dtype in (torch.float32, torch.float64):
        tag = str(dtype).split(".")[1]
        g = gen("mvn" + tag)
        loc = torch.randn(2, 3, generator=g).to(dtype)
        forms = {"scale_tril": tril(3, g, dtype=dtype), "covariance_matrix": spd(3, g, dtype=dtype),
                 "precision_matrix": spd(3, g, dtype=dtype)}
        value = torch.randn(4, 2, 3, generator=g).to(dtype)
        for form, m in forms.items():
            spec = {"type": "MultivariateNormal", "args": [r("loc")], "kwargs": {form: r("m")}}
            params = {"loc": (loc, True), "m": (m, True)}
            base = f"MultivariateNormal/{tag}/{form}"
            case(f"{base}/log_prob", params, spec, "log_prob", value=value)
            for op in ("entropy", "mean", "variance", "stddev", "scale_tril",
                       "covariance_matrix", "precision_matrix"):
                case(f"{base}/{op}", params, spec, op)
            case(f"{base}/rsample", params, spec, "rsample", sample_shape=[2], seed=4)
            case(f"{base}/rsample vectorised", params, spec, "rsample", sample_shape=[3],
                 seed=9)
            case(f"{base}/sample", params, spec, "sample", sample_shape=[1], seed=6)
    g = gen("mvn batch")
    params = {"loc": (torch.randn(3, generator=g), True),
              "m": (spd(3, g, batch=(2,)), True)}
    spec = {"type": "MultivariateNormal", "args": [r("loc")], "kwargs": {"covariance_matrix": r("m")}}
    case("MultivariateNormal/batched matrix/log_prob", params, spec, "log_prob",
         value=torch.randn(3, generator=g))
    case("MultivariateNormal/batched matrix/entropy", params, spec, "entropy")
    case("MultivariateNormal/positional covariance/variance", params,
         {"type": "MultivariateNormal", "args": [r("loc"), r("m")]}, "variance")
    params = {"lp": (torch.randn(2, 3, generator=g), True), "tp": (tril(3, g, batch=(2,)), True),
              "lq": (torch.randn(3, generator=g), True), "cq": (spd(3, g), True)}
    case("MultivariateNormal/kl batch", params,
         {"type": "MultivariateNormal", "args": [r("lp")], "kwargs": {"scale_tril": r("tp")}},
         "kl", q={"type": "MultivariateNormal", "args": [r("lq")],
                  "kwargs": {"covariance_matrix": r("cq")}})
    params = {"lp": (torch.randn(3, generator=g).double(), True),
              "pp": (spd(3, g).double(), True),
              "lq": (torch.randn(2, 3, generator=g).double(), True),
              "tq": (tril(3, g).double(), True)}
    case("MultivariateNormal/kl precision vs scale_tril float64", params,
         {"type": "MultivariateNormal", "args": [r("lp")], "kwargs": {"precision_matrix": r("pp")}},
         "kl", q={"type": "MultivariateNormal", "args": [r("lq")], "kwargs": {"scale_tril": r("tq")}})


def error_cases():
    t = torch.tensor
    error("Normal scale not positive", {"loc": t([0.0, 1.0]), "scale": t([1.0, -2.0])}, NORMAL,
          "construct")
    error("Normal loc nan", {"loc": t(float("nan")), "scale": t(1.0)}, NORMAL, "construct")
    error("Normal numbers scale 0", {}, {"type": "Normal", "args": [n(0.0), n(0.0)]}, "construct")
    error("Normal value not broadcastable", {"loc": t([0.0, 1.0]), "scale": t([1.0, 2.0])},
          NORMAL, "log_prob", value=torch.zeros(3))
    error("Bernoulli probs above 1", {"probs": t([0.5, 1.5])},
          {"type": "Bernoulli", "kwargs": {"probs": r("probs")}}, "construct")
    error("Bernoulli both", {"probs": t([0.5]), "logits": t([0.5])},
          {"type": "Bernoulli", "kwargs": {"probs": r("probs"), "logits": r("logits")}},
          "construct")
    error("Bernoulli value outside support", {"probs": t([0.5, 0.2])},
          {"type": "Bernoulli", "kwargs": {"probs": r("probs")}}, "log_prob",
          value=t([0.5, 1.0]))
    error("Categorical probs negative", {"probs": t([0.5, -0.5, 1.0])},
          {"type": "Categorical", "kwargs": {"probs": r("probs")}}, "construct")
    error("Categorical 0-dim probs", {"probs": t(0.5)},
          {"type": "Categorical", "kwargs": {"probs": r("probs")}}, "construct")
    error("Categorical value out of range", {"probs": t([0.5, 0.5])},
          {"type": "Categorical", "kwargs": {"probs": r("probs")}}, "log_prob", value=t([2]))
    error("MultivariateNormal covariance not positive definite",
          {"loc": t([0.0, 0.0]), "m": t([[1.0, 2.0], [2.0, 1.0]])},
          {"type": "MultivariateNormal", "args": [r("loc")],
           "kwargs": {"covariance_matrix": r("m")}}, "construct")
    error("MultivariateNormal scale_tril not lower",
          {"loc": t([0.0, 0.0]), "m": t([[1.0, 2.0], [0.0, 1.0]])},
          {"type": "MultivariateNormal", "args": [r("loc")], "kwargs": {"scale_tril": r("m")}},
          "construct")
    error("MultivariateNormal event shape", {"loc": t([0.0, 0.0]), "m": torch.eye(2)},
          {"type": "MultivariateNormal", "args": [r("loc")], "kwargs": {"scale_tril": r("m")}},
          "log_prob", value=torch.zeros(3))
    error("MultivariateNormal two matrices", {"loc": t([0.0, 0.0]), "m": torch.eye(2)},
          {"type": "MultivariateNormal", "args": [r("loc")],
           "kwargs": {"scale_tril": r("m"), "covariance_matrix": r("m")}}, "construct")
    specs = {"Normal": NORMAL,
             "Bernoulli": {"type": "Bernoulli", "kwargs": {"probs": r("probs")}},
             "Categorical": {"type": "Categorical", "kwargs": {"probs": r("cprobs")}},
             "MultivariateNormal": {"type": "MultivariateNormal", "args": [r("mloc")],
                                    "kwargs": {"scale_tril": r("tril")}}}
    params = {"loc": t([0.0, 1.0]), "scale": t([1.0, 2.0]), "probs": t([0.3, 0.6]),
              "cprobs": t([0.3, 0.7]), "mloc": t([0.0, 0.0]), "tril": torch.eye(2)}
    for a, sa in specs.items():
        for b, sb in specs.items():
            if a != b:
                error(f"kl {a} {b}", params, sa, "kl", q=sb)


def main():
    normal_cases()
    bernoulli_cases()
    categorical_cases()
    mvn_cases()
    error_cases()
    with open(OUT, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": CASES, "errors": ERRORS}, f,
                  indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} cases and {len(ERRORS)} errors to {OUT}")


if __name__ == "__main__":
    main()
