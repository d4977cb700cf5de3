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
import torch.distributions as TD
import torch.distributions.transforms as TT
from torch.distributions import kl_divergence

from fixture_json import Encoding

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "distributions.json")
TYPES = {name: getattr(TD, name) for name in dir(TD) if isinstance(getattr(TD, name), type)}
TYPES["LogitRelaxedBernoulli"] = TD.relaxed_bernoulli.LogitRelaxedBernoulli
TYPES["ExpRelaxedCategorical"] = TD.relaxed_categorical.ExpRelaxedCategorical
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
    """A distribution (or, for a "transform" ref, a transform) from its spec; refs nest."""
    def ref(r):
        if "param" in r:
            return params[r["param"]]
        if "dist" in r:
            return build(r["dist"], params)
        if "transform" in r:
            return build_transform(r["transform"], params)
        if "list" in r:
            return [ref(x) for x in r["list"]]
        return r["number"]
    args = [ref(r) for r in spec.get("args", [])]
    kwargs = {k: ref(r) for k, r in spec.get("kwargs", {}).items()}
    return TYPES[spec["type"]](*args, **kwargs)


def build_transform(spec, params):
    if spec["type"] == "inv":
        return build_transform(spec["args"][0]["transform"], params).inv
    def ref(r):
        return params[r["param"]] if "param" in r else r["number"]
    args = [ref(r) for r in spec.get("args", [])]
    kwargs = {k: ref(r) for k, r in spec.get("kwargs", {}).items()}
    if spec["type"] == "ComposeTransform":
        return TT.ComposeTransform([build_transform(r["transform"], params)
                                    for r in spec["parts"]])
    return getattr(TT, spec["type"])(*args, **kwargs)


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


def case(name, params, p, op, q=None, value=None, sample_shape=None, seed=None, grads=True,
         mc=False, expand=None):
    leaves = {k: v.clone().requires_grad_(rg) for k, (v, rg) in params.items()}
    dp = build_transform(p, leaves) if op.startswith("t_") else build(p, leaves)
    dq = build(q, leaves) if q is not None else None
    if seed is not None:
        torch.manual_seed(seed)
    if op == "log_prob":
        out = dp.log_prob(value)
    elif op in ("cdf", "icdf"):
        out = getattr(dp, op)(value)
    elif op == "expand_log_prob":
        out = dp.expand(torch.Size(expand)).log_prob(value)
    elif op == "t_call":
        out = dp(value)
    elif op == "t_inv":
        out = dp.inv(value)
    elif op == "t_ladj":
        out = dp.log_abs_det_jacobian(value, dp(value))
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
    if mc:
        c["mc"] = True
    if expand is not None:
        c["expand"] = list(expand)
    if seed is not None:
        c["seed"] = seed
    if grads and out.requires_grad and bool(torch.isfinite(out).all()):
        n = out.numel()
        w = torch.tensor([0.5 + 0.37 * i for i in range(n)], dtype=out.dtype).reshape(out.shape)
        if out.dtype == torch.float64 and op in ("kl", "log_prob", "entropy", "rsample"):
            # second derivatives: d/dθ Σ_k v_k · (d(out·w)/dθ_k), v_k fixed weights
            req = [k for k, v in leaves.items() if v.requires_grad]
            try:
                g1 = torch.autograd.grad(out, [leaves[k] for k in req], w, create_graph=True,
                                         allow_unused=True, retain_graph=True)
                total = None
                for j, g in enumerate(g1):
                    if g is None or not g.requires_grad:
                        continue
                    v = torch.tensor([0.3 + 0.11 * (i + j) for i in range(g.numel())],
                                     dtype=g.dtype).reshape(g.shape)
                    term = (g * v).sum()
                    total = term if total is None else total + term
                if total is not None:
                    g2 = torch.autograd.grad(total, [leaves[k] for k in req], allow_unused=True,
                                             retain_graph=True)
                    c["grads2"] = {k: (rec(g) if g is not None else None)
                                   for k, g in zip(req, g2)}
            except RuntimeError:
                pass  # torch has no double backward for this op (e.g. _standard_gamma_grad)
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
    except (ValueError, NotImplementedError, RuntimeError, TypeError) as e:
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


# ---- the families of issue 21 ----

def d(type_, *args, **kwargs):
    return {"type": type_, "args": list(args), "kwargs": kwargs}


def dist(spec):
    return {"dist": spec}


def tr(type_, *args, **kwargs):
    return {"transform": {"type": type_, "args": list(args), "kwargs": kwargs}}


def compose(*parts):
    return {"transform": {"type": "ComposeTransform", "parts": list(parts)}}


def inv(t):
    return {"transform": {"type": "inv", "args": [t]}}


def lst(*refs):
    return {"list": list(refs)}


def pos(g, *shape, lo=0.3):
    return torch.rand(*shape, generator=g) + lo


def family(tag, spec, params, value, ops, samples=True, cdf=False, icdf=False, grads=True):
    """The standard cases of one distribution: ops, log_prob at value, cdf/icdf, samples."""
    case(f"{tag}/log_prob", params, spec, "log_prob", value=value, grads=grads)
    for op in ops:
        case(f"{tag}/{op}", params, spec, op, grads=grads)
    if cdf:
        case(f"{tag}/cdf", params, spec, "cdf", value=value, grads=grads)
    if icdf:
        g = gen(tag + "icdf")
        shape = value.shape[-len(params[next(iter(params))][0].shape):] if params else ()
        u = torch.rand(*value.shape, generator=g, dtype=value.dtype) * 0.9 + 0.05
        case(f"{tag}/icdf", params, spec, "icdf", value=u, grads=grads)
    if samples:
        kind = "rsample" if build(spec, {k: v for k, (v, _) in params.items()}).has_rsample \
            else "sample"
        case(f"{tag}/{kind}", params, spec, kind, sample_shape=[3], seed=5, grads=grads)
        case(f"{tag}/{kind} 2-dim", params, spec, kind, sample_shape=[2, 9], seed=11,
             grads=grads)


def family_cases():
    moments = ("entropy", "mean", "mode", "variance", "stddev")
    for dtype in (torch.float32, torch.float64):
        tag = str(dtype).split(".")[1]
        g = gen("families" + tag)
        low = torch.randn(4, generator=g).to(dtype)
        high = (low + pos(g, 4, lo=0.5)).to(dtype)
        inside = (low + torch.rand(3, 4, generator=g) * (high - low) * 0.98).to(dtype)
        P = {"low": (low, True), "high": (high, True)}
        family(f"Uniform/{tag}", d("Uniform", r("low"), r("high")), P, inside, moments,
               cdf=True, icdf=True)
        rate = pos(g, 4).to(dtype)
        x = (torch.rand(3, 4, generator=g) * 3).to(dtype)
        family(f"Exponential/{tag}", d("Exponential", r("rate")), {"rate": (rate, True)}, x,
               moments, cdf=True, icdf=True)
        loc = torch.randn(4, generator=g).to(dtype)
        scale = pos(g, 4).to(dtype)
        y = torch.randn(3, 4, generator=g).to(dtype) * 2
        LS = {"loc": (loc, True), "scale": (scale, True)}
        family(f"Laplace/{tag}", d("Laplace", r("loc"), r("scale")), LS, y, moments, cdf=True,
               icdf=True)
        family(f"Cauchy/{tag}", d("Cauchy", r("loc"), r("scale")), LS, y,
               ("entropy", "mean", "mode", "variance"), cdf=True, icdf=True)
        yg = (loc + scale * (torch.rand(3, 4, generator=g) * 3 - 1)).to(dtype)
        family(f"Gumbel/{tag}", d("Gumbel", r("loc"), r("scale")), LS, yg, moments, cdf=True,
               icdf=True)
        family(f"LogNormal/{tag}", d("LogNormal", r("loc"), r("scale")), LS, x + 0.1, moments)
        family(f"HalfNormal/{tag}", d("HalfNormal", r("scale")), {"scale": (scale, True)},
               x, moments)
        family(f"HalfCauchy/{tag}", d("HalfCauchy", r("scale")), {"scale": (scale, True)},
               x, ("entropy", "mean", "mode", "variance"), cdf=True, icdf=True)
        loc2 = torch.randn(2, 3, generator=g).to(dtype)
        scale2 = pos(g, 2, 3).to(dtype)
        L2 = {"loc": (loc2, True), "scale": (scale2, True)}
        ind = d("Independent", dist(d("Normal", r("loc"), r("scale"))), n(1))
        family(f"Independent(Normal)/{tag}", ind, L2, torch.randn(4, 2, 3, generator=g).to(dtype),
               ("entropy", "mean", "mode", "variance", "stddev"))
        case(f"Independent(Normal)/{tag}/expand log_prob", L2, ind, "expand_log_prob",
             value=torch.randn(2, 3, generator=g).to(dtype), expand=[5, 2])
        ind2 = d("Independent", dist(d("Normal", r("loc"), r("scale"))), n(2))
        family(f"Independent(Normal, 2)/{tag}", ind2, L2,
               torch.randn(4, 2, 3, generator=g).to(dtype), ("entropy", "mean"))
        probs = torch.rand(2, 3, generator=g).to(dtype) + 0.1
        logits = torch.randn(2, 3, generator=g).to(dtype)
        onehot = torch.nn.functional.one_hot(torch.tensor([[0, 2], [1, 1], [2, 0]]), 3).to(dtype)
        for kind, key, val in (("probs", "probs", probs), ("logits", "logits", logits)):
            spec = {"type": "OneHotCategorical", "kwargs": {key: r(key)}}
            family(f"OneHotCategorical/{kind}/{tag}", spec, {key: (val, True)}, onehot,
                   ("entropy", "mean", "mode", "variance"))
            st = {"type": "OneHotCategoricalStraightThrough", "kwargs": {key: r(key)}}
            case(f"OneHotCategoricalStraightThrough/{kind}/{tag}/rsample", {key: (val, True)}, st,
                 "rsample", sample_shape=[4], seed=2)
        mix = {"mp": (probs[0], True), "loc": (loc2[0], True), "scale": (scale2[0], True)}
        gmm = d("MixtureSameFamily", dist(d("Categorical", r("mp"))),
                dist(d("Normal", r("loc"), r("scale"))))
        family(f"MixtureSameFamily(Normal)/{tag}", gmm, mix,
               torch.randn(5, generator=g).to(dtype), ("mean", "variance"))
        bmix = {"mp": (probs, True), "loc": (loc2, True), "scale": (scale2, True)}
        family(f"MixtureSameFamily(batched)/{tag}", gmm, bmix,
               torch.randn(4, 2, generator=g).to(dtype), ("mean", "variance"))
        loc3 = torch.randn(2, 3, 2, generator=g).to(dtype)
        scale3 = pos(g, 2, 3, 2).to(dtype)
        imix = {"mp": (probs, True), "loc": (loc3, True), "scale": (scale3, True)}
        igmm = d("MixtureSameFamily", dist(d("Categorical", r("mp"))),
                 dist(d("Independent", dist(d("Normal", r("loc"), r("scale"))), n(1))))
        family(f"MixtureSameFamily(Independent)/{tag}", igmm, imix,
               torch.randn(4, 2, 2, generator=g).to(dtype), ("mean", "variance"))
        # TransformedDistribution through the transforms
        a = torch.randn(3, generator=g).to(dtype)
        b = pos(g, 3).to(dtype)
        T = {"loc": (loc2, True), "scale": (scale2, True), "a": (a, True), "b": (b, True)}
        normal = dist(d("Normal", r("loc"), r("scale")))
        for label, ts, val in (
            ("affine exp", lst(tr("AffineTransform", r("a"), r("b")), tr("ExpTransform")),
             pos(g, 4, 2, 3).to(dtype)),
            ("sigmoid", tr("SigmoidTransform"), torch.rand(4, 2, 3, generator=g).to(dtype)),
            ("tanh", lst(tr("TanhTransform")), torch.rand(4, 2, 3, generator=g).to(dtype) - 0.5),
            ("exp inv", lst(tr("ExpTransform"), inv(tr("ExpTransform"))),
             torch.randn(4, 2, 3, generator=g).to(dtype)),
            ("negative affine", lst(tr("AffineTransform", n(1.0), n(-2.0))),
             torch.randn(4, 2, 3, generator=g).to(dtype)),
            ("compose", lst(compose(tr("AffineTransform", n(0.5), r("b")),
                                    tr("SigmoidTransform"))),
             torch.rand(4, 2, 3, generator=g).to(dtype)),
        ):
            spec = d("TransformedDistribution", normal, ts)
            family(f"TransformedDistribution({label})/{tag}", spec, T, val, ())
        spec = d("TransformedDistribution", normal,
                 lst(tr("AffineTransform", r("a"), r("b"), event_dim=n(1))))
        family(f"TransformedDistribution(affine event_dim 1)/{tag}", spec, T,
               torch.randn(4, 2, 3, generator=g).to(dtype), ())
        spec = d("TransformedDistribution", dist(d("Uniform", r("low"), r("high"))),
                 lst(tr("AffineTransform", n(1.0), n(-2.0))))
        family(f"TransformedDistribution(Uniform, decreasing)/{tag}", spec, P,
               1 - 2 * inside, (), cdf=True, icdf=True)
        gp = (torch.rand(4, generator=g) * 0.8 + 0.1).to(dtype)
        counts = torch.tensor([[0.0, 1, 3, 7], [2, 0, 0, 1]]).to(dtype)
        family(f"Geometric/probs/{tag}", {"type": "Geometric", "kwargs": {"probs": r("p")}},
               {"p": (gp, True)}, counts, ("entropy", "mean", "mode", "variance", "stddev"))
        family(f"Geometric/logits/{tag}", {"type": "Geometric", "kwargs": {"logits": r("l")}},
               {"l": (loc, True)}, counts, ("entropy", "mean", "variance"))
        family(f"Pareto/{tag}", d("Pareto", r("scale"), r("alpha")),
               {"scale": (scale, True), "alpha": (pos(g, 4, lo=1.5).to(dtype), True)},
               scale + x, moments, cdf=True, icdf=True)
        temp = torch.tensor(0.7, dtype=dtype)
        for key, val in (("probs", gp), ("logits", loc)):
            spec = {"type": "RelaxedBernoulli", "args": [r("t")], "kwargs": {key: r(key)}}
            family(f"RelaxedBernoulli/{key}/{tag}", spec, {"t": (temp, True), key: (val, True)},
                   torch.rand(3, 4, generator=g).to(dtype) * 0.9 + 0.05, ())
            spec = {"type": "LogitRelaxedBernoulli", "args": [r("t")], "kwargs": {key: r(key)}}
            family(f"LogitRelaxedBernoulli/{key}/{tag}", spec,
                   {"t": (temp, True), key: (val, True)}, y, ())
        for key, val in (("probs", probs), ("logits", logits)):
            spec = {"type": "RelaxedOneHotCategorical", "args": [r("t")],
                    "kwargs": {key: r(key)}}
            simplex_v = torch.softmax(torch.randn(4, 2, 3, generator=g), -1).to(dtype)
            family(f"RelaxedOneHotCategorical/{key}/{tag}", spec,
                   {"t": (temp, True), key: (val, True)}, simplex_v, ())
            spec = {"type": "ExpRelaxedCategorical", "args": [r("t")], "kwargs": {key: r(key)}}
            family(f"ExpRelaxedCategorical/{key}/{tag}", spec,
                   {"t": (temp, True), key: (val, True)}, simplex_v.log(), ())
        conc = (torch.rand(4, generator=g) * 3 + 0.2).to(dtype)
        GR = {"c": (conc, True), "rate": (rate, True)}
        family(f"Gamma/{tag}", d("Gamma", r("c"), r("rate")), GR, x + 0.05, moments)
        family(f"Chi2/{tag}", d("Chi2", r("c")), {"c": (conc, True)}, x + 0.05, moments)
        c0 = (torch.rand(4, generator=g) * 3 + 0.2).to(dtype)
        family(f"Beta/{tag}", d("Beta", r("c"), r("c0")), {"c": (conc, True), "c0": (c0, True)},
               torch.rand(3, 4, generator=g).to(dtype) * 0.9 + 0.05,
               ("entropy", "mean", "variance", "stddev"), samples=False)
        dc = (torch.rand(2, 3, generator=g) * 3 + 0.5).to(dtype)
        family(f"Dirichlet/{tag}", d("Dirichlet", r("dc")), {"dc": (dc, True)},
               torch.softmax(torch.randn(4, 2, 3, generator=g), -1).to(dtype),
               ("entropy", "mean", "mode", "variance"), samples=False)
        case(f"Dirichlet/{tag}/sample", {"dc": (dc, False)}, d("Dirichlet", r("dc")), "sample",
             sample_shape=[4], seed=3)
        case(f"Beta/{tag}/sample", {"c": (conc, False), "c0": (c0, False)},
             d("Beta", r("c"), r("c0")), "sample", sample_shape=[5], seed=4)
        # rsample gradients through torch's _dirichlet_grad (all four of its regimes)
        big = torch.tensor([[0.3, 2.0, 9.0], [7.5, 8.0, 0.9]]).to(dtype)
        for label, conc_d in (("mixed", dc), ("large", big + 0.0)):
            case(f"Dirichlet/{tag}/rsample {label}", {"dc": (conc_d, True)},
                 d("Dirichlet", r("dc")), "rsample", sample_shape=[6], seed=13)
        case(f"Beta/{tag}/rsample", {"c": (conc, True), "c0": (c0, True)},
             d("Beta", r("c"), r("c0")), "rsample", sample_shape=[5], seed=4)
        df = (torch.rand(4, generator=g) * 4 + 0.5).to(dtype)
        family(f"StudentT/{tag}", d("StudentT", r("df"), r("loc"), r("scale")),
               {"df": (df, True), "loc": (loc, True), "scale": (scale, True)}, y,
               ("entropy", "mean", "mode", "variance"))
        prate = (torch.rand(4, generator=g) * 20).to(dtype)
        prate[0] = 0.0
        prate[1] = 14.5
        family(f"Poisson/{tag}", d("Poisson", r("r")), {"r": (prate + 0.0, True)},
               torch.tensor([[0.0, 1, 3, 12], [2, 0, 0, 20]]).to(dtype),
               ("mean", "mode", "variance"))
        tc = torch.tensor([5.0, 20, 40, 3]).to(dtype)
        bp = torch.tensor([0.3, 0.2, 0.9, 0.6]).to(dtype)
        bk = torch.tensor([[0.0, 4, 36, 3], [5, 10, 40, 1]]).to(dtype)
        family(f"Binomial/probs/{tag}", d("Binomial", r("n"), probs=r("p")),
               {"n": (tc, False), "p": (bp, True)}, bk, ("mean", "mode", "variance"))
        family(f"Binomial/logits/{tag}", d("Binomial", r("n"), logits=r("l")),
               {"n": (tc, False), "l": (loc, True)}, bk, ("mean", "variance"))
        family(f"Binomial homogeneous/{tag}", d("Binomial", n(6.0), probs=r("p")),
               {"p": (bp, True)}, bk.clamp(max=6), ("entropy",))
        mc = torch.tensor([[0.0, 2, 4], [3, 3, 0]]).to(dtype)
        for key, val in (("probs", probs), ("logits", logits)):
            family(f"Multinomial/{key}/{tag}", d("Multinomial", n(6), **{key: r(key)}),
                   {key: (val, True)}, mc, ("mean", "variance", "entropy"))
        cbp = torch.tensor([0.1, 0.4995, 0.7, 0.95]).to(dtype)
        for key, val in (("probs", cbp), ("logits", loc)):
            family(f"ContinuousBernoulli/{key}/{tag}",
                   {"type": "ContinuousBernoulli", "kwargs": {key: r(key)}}, {key: (val, True)},
                   torch.rand(3, 4, generator=g).to(dtype) * 0.9 + 0.05,
                   ("entropy", "mean", "variance", "stddev"), cdf=True, icdf=True)
        lw = torch.randn(2, 3, 2, generator=g).to(dtype)
        ld = pos(g, 2, 3).to(dtype)
        LR = {"loc": (loc2, True), "w": (lw, True), "dg": (ld, True)}
        family(f"LowRankMultivariateNormal/{tag}",
               d("LowRankMultivariateNormal", r("loc"), r("w"), r("dg")), LR,
               torch.randn(4, 2, 3, generator=g).to(dtype),
               ("entropy", "mean", "mode", "variance", "covariance_matrix",
                "precision_matrix", "scale_tril"))
        family(f"HalfNormal cdf/{tag}", d("HalfNormal", r("scale")), {"scale": (scale, True)},
               x, (), samples=False, cdf=True, icdf=True)
        family(f"Normal cdf/{tag}", d("Normal", r("loc"), r("scale")), LS, y, (),
               samples=False, cdf=True, icdf=True)
        # number parameters print as Python floats and have batch shape ()
    for name, spec in (("Uniform", d("Uniform", n(-1.0), n(2.5))),
                       ("Exponential", d("Exponential", n(1.5))),
                       ("Laplace", d("Laplace", n(0.5), n(2.0))),
                       ("Cauchy", d("Cauchy", n(0.5), n(2.0))),
                       ("Gumbel", d("Gumbel", n(0.5), n(2.0))),
                       ("HalfNormal", d("HalfNormal", n(2.0))),
                       ("LogNormal", d("LogNormal", n(0.5), n(0.25))),
                       ("Pareto", d("Pareto", n(0.5), n(2.5))),
                       ("Geometric", {"type": "Geometric", "kwargs": {"probs": n(0.3)}}),
                       ("Gamma", d("Gamma", n(0.5), n(2.0))),
                       ("Gamma large", d("Gamma", n(12.5), n(2.0))),
                       ("Chi2", d("Chi2", n(3.0))),
                       ("Beta", d("Beta", n(0.5), n(2.0))),
                       ("StudentT", d("StudentT", n(3.0))),
                       ("Poisson", d("Poisson", n(30.0)))):
        case(f"{name}/numbers/sample", {}, spec, "sample", sample_shape=[4], seed=9)
        if name != "Poisson":
            case(f"{name}/numbers/entropy", {}, spec, "entropy")


def transform_cases():
    for dtype in (torch.float32, torch.float64):
        tag = str(dtype).split(".")[1]
        g = gen("transforms" + tag)
        x = torch.randn(2, 3, generator=g).to(dtype)
        a = torch.randn(3, generator=g).to(dtype)
        b = torch.randn(3, generator=g).to(dtype)
        P = {"x": (x, True), "a": (a, True), "b": (b, True)}
        specs = {
            "Exp": tr("ExpTransform"),
            "Affine": tr("AffineTransform", r("a"), r("b")),
            "Affine numbers": tr("AffineTransform", n(0.5), n(-3.0)),
            "Affine event_dim 1": tr("AffineTransform", r("a"), r("b"), event_dim=n(1)),
            "Sigmoid": tr("SigmoidTransform"),
            "Tanh": tr("TanhTransform"),
            "Softmax": tr("SoftmaxTransform"),
            "Exp inv": inv(tr("ExpTransform")),
            "Compose": compose(tr("AffineTransform", r("a"), r("b")), tr("TanhTransform"),
                               tr("ExpTransform")),
            "Compose event_dim": compose(tr("AffineTransform", r("a"), r("b"), event_dim=n(1)),
                                         tr("ExpTransform")),
        }
        for label, spec in specs.items():
            t = spec["transform"]
            case(f"transform {label}/{tag}/call", P, t, "t_call", value=x)
            y = build_transform(t, {k: v for k, (v, _) in P.items()})(x).detach()
            if label != "Softmax":
                case(f"transform {label}/{tag}/inv", P, t, "t_inv", value=y)
                case(f"transform {label}/{tag}/log_abs_det_jacobian", P, t, "t_ladj", value=x)


def kl_pair_cases():
    """Every pair torch registers among the distributions kldiv has, float64 with gradients."""
    g = gen("kl pairs")
    dt = torch.float64
    p = {"pl": (torch.randn(3, generator=g, dtype=dt), True),
         "ps": (torch.rand(3, generator=g, dtype=dt) + 0.5, True),
         "ql": (torch.randn(3, generator=g, dtype=dt), True),
         "qs": (torch.rand(3, generator=g, dtype=dt) + 0.5, True),
         "pr": (torch.rand(3, generator=g, dtype=dt) + 0.5, True),
         "qr": (torch.rand(3, generator=g, dtype=dt) + 0.5, True),
         "plo": (torch.rand(3, generator=g, dtype=dt) * 0.5 + 0.1, True),
         "phi": (torch.rand(3, generator=g, dtype=dt) * 0.5 + 0.8, True),
         "qlo": (torch.rand(3, generator=g, dtype=dt) * 0.05, True),
         "qhi": (torch.rand(3, generator=g, dtype=dt) * 0.5 + 1.4, True),
         "pp": (torch.rand(3, 4, generator=g, dtype=dt) + 0.1, True),
         "pa": (torch.tensor([1.5, 2.5, 4.0], dtype=dt), True),
         "qa": (torch.tensor([3.0, 0.8, 2.2], dtype=dt), True),
         "qp": (torch.rand(3, 4, generator=g, dtype=dt) + 0.1, True)}
    S = {
        "Normal": (d("Normal", r("pl"), r("ps")), d("Normal", r("ql"), r("qs"))),
        "Uniform": (d("Uniform", r("plo"), r("phi")), d("Uniform", r("qlo"), r("qhi"))),
        "Exponential": (d("Exponential", r("pr")), d("Exponential", r("qr"))),
        "Laplace": (d("Laplace", r("pl"), r("ps")), d("Laplace", r("ql"), r("qs"))),
        "Gumbel": (d("Gumbel", r("pl"), r("ps")), d("Gumbel", r("ql"), r("qs"))),
        "Cauchy": (d("Cauchy", r("pl"), r("ps")), d("Cauchy", r("ql"), r("qs"))),
        "HalfNormal": (d("HalfNormal", r("ps")), d("HalfNormal", r("qs"))),
        "LogNormal": (d("LogNormal", r("pl"), r("ps")), d("LogNormal", r("ql"), r("qs"))),
        "Independent": (d("Independent", dist(d("Normal", r("pl"), r("ps"))), n(1)),
                        d("Independent", dist(d("Normal", r("ql"), r("qs"))), n(1))),
        "Pareto": (d("Pareto", r("plo"), r("pa")), d("Pareto", r("qlo"), r("qa"))),
        "Geometric": ({"type": "Geometric", "kwargs": {"probs": r("plo")}},
                      {"type": "Geometric", "kwargs": {"logits": r("ql")}}),
        "Gamma": (d("Gamma", r("pr"), r("ps")), d("Gamma", r("qr"), r("qs"))),
        "Beta": (d("Beta", r("pr"), r("ps")), d("Beta", r("qr"), r("qs"))),
        "Dirichlet": (d("Dirichlet", r("pp")), d("Dirichlet", r("qp"))),
        "Poisson": (d("Poisson", r("pr")), d("Poisson", r("qr"))),
        "Bernoulli": ({"type": "Bernoulli", "kwargs": {"probs": r("plo")}},
                      {"type": "Bernoulli", "kwargs": {"probs": r("plo")}}),
        "Binomial": (d("Binomial", n(7.0), probs=r("plo")), d("Binomial", n(7.0), logits=r("ql"))),
        "ContinuousBernoulli": ({"type": "ContinuousBernoulli", "kwargs": {"probs": r("plo")}},
                                {"type": "ContinuousBernoulli", "kwargs": {"logits": r("ql")}}),
        "OneHotCategorical": ({"type": "OneHotCategorical", "kwargs": {"probs": r("pp")}},
                              {"type": "OneHotCategorical", "kwargs": {"logits": r("qp")}}),
    }
    pairs = [("Normal", "Normal"), ("Uniform", "Uniform"), ("Exponential", "Exponential"),
             ("Laplace", "Laplace"), ("Cauchy", "Cauchy"), ("HalfNormal", "HalfNormal"),
             ("LogNormal", "LogNormal"), ("Independent", "Independent"),
             ("OneHotCategorical", "OneHotCategorical"),
             ("Exponential", "Uniform"), ("Exponential", "Gumbel"), ("Exponential", "Normal"),
             ("Gumbel", "Exponential"), ("Gumbel", "Uniform"), ("Gumbel", "Normal"),
             ("Laplace", "Exponential"), ("Laplace", "Uniform"), ("Laplace", "Normal"),
             ("Normal", "Exponential"), ("Normal", "Uniform"), ("Normal", "Gumbel"),
             ("Normal", "Laplace"), ("Uniform", "Exponential"), ("Uniform", "Gumbel"),
             ("Uniform", "Normal"), ("Pareto", "Pareto"), ("Geometric", "Geometric"),
             ("Exponential", "Pareto"), ("Gumbel", "Pareto"), ("Laplace", "Pareto"),
             ("Normal", "Pareto"), ("Pareto", "Exponential"), ("Pareto", "Normal"),
             ("Pareto", "Uniform"), ("Uniform", "Pareto"),
             ("Gamma", "Gamma"), ("Beta", "Beta"), ("Dirichlet", "Dirichlet"),
             ("Gumbel", "Gumbel"), ("Poisson", "Poisson"), ("Bernoulli", "Poisson"),
             ("Beta", "Pareto"), ("Beta", "Exponential"), ("Beta", "Gamma"), ("Beta", "Normal"),
             ("Beta", "Uniform"), ("Exponential", "Beta"), ("Exponential", "Gamma"),
             ("Gamma", "Beta"), ("Gamma", "Pareto"), ("Gamma", "Uniform"),
             ("Gamma", "Exponential"), ("Gamma", "Gumbel"), ("Gamma", "Normal"),
             ("Gumbel", "Beta"), ("Gumbel", "Gamma"), ("Laplace", "Beta"), ("Laplace", "Gamma"),
             ("Normal", "Beta"), ("Normal", "Gamma"), ("Pareto", "Beta"), ("Pareto", "Gamma"),
             ("Poisson", "Bernoulli"), ("Uniform", "Beta"), ("Uniform", "Gamma"),
             ("Binomial", "Binomial"), ("ContinuousBernoulli", "ContinuousBernoulli"),
             ("Beta", "ContinuousBernoulli"), ("ContinuousBernoulli", "Pareto"),
             ("ContinuousBernoulli", "Exponential"), ("ContinuousBernoulli", "Normal"),
             ("ContinuousBernoulli", "Uniform"), ("Exponential", "ContinuousBernoulli"),
             ("Gamma", "ContinuousBernoulli"), ("Gumbel", "ContinuousBernoulli"),
             ("Laplace", "ContinuousBernoulli"), ("Normal", "ContinuousBernoulli"),
             ("Pareto", "ContinuousBernoulli"), ("Uniform", "ContinuousBernoulli")]
    for a, b in pairs:
        case(f"kl {a} {b}", p, S[a][0], "kl", q=S[b][1], mc=True)
    # infinite where q's support misses p's: Uniform–Uniform with q inside p
    case("kl Uniform Uniform reversed", p, S["Uniform"][1], "kl", q=S["Uniform"][0])
    case("kl Binomial Binomial larger p count", p, d("Binomial", n(9.0), probs=r("plo")), "kl",
         q=d("Binomial", n(7.0), logits=r("ql")))
    case("kl Poisson Binomial", p, S["Poisson"][0], "kl", q=S["Binomial"][1])
    case("kl Uniform Exponential below 0", {"lo": (torch.tensor([-0.5, 0.5], dtype=dt), True),
                                            "hi": (torch.tensor([1.0, 2.0], dtype=dt), True),
                                            "r": (torch.tensor([1.5, 0.5], dtype=dt), True)},
         d("Uniform", r("lo"), r("hi")), "kl", q=d("Exponential", r("r")))
    lr = {"ml": (torch.randn(2, 3, generator=g, dtype=dt), True),
          "mw": (torch.randn(2, 3, 2, generator=g, dtype=dt), True),
          "md": (torch.rand(2, 3, generator=g, dtype=dt) + 0.5, True),
          "nl": (torch.randn(3, generator=g, dtype=dt), True),
          "nw": (torch.randn(3, 1, generator=g, dtype=dt), True),
          "nd": (torch.rand(3, generator=g, dtype=dt) + 0.5, True),
          "tril": (tril(3, g, dtype=dt), True)}
    LRp = d("LowRankMultivariateNormal", r("ml"), r("mw"), r("md"))
    LRq = d("LowRankMultivariateNormal", r("nl"), r("nw"), r("nd"))
    MV = {"type": "MultivariateNormal", "args": [r("ml")], "kwargs": {"scale_tril": r("tril")}}
    case("kl LowRankMultivariateNormal LowRankMultivariateNormal", lr, LRp, "kl", q=LRq, mc=True)
    case("kl MultivariateNormal LowRankMultivariateNormal", lr, MV, "kl", q=LRp, mc=True)
    case("kl LowRankMultivariateNormal MultivariateNormal", lr, LRp, "kl", q=MV, mc=True)
    f32 = {k: (v.float(), rg) for k, (v, rg) in p.items()}
    for a, b in (("Normal", "Laplace"), ("Uniform", "Normal"), ("Laplace", "Laplace"),
                 ("Independent", "Independent")):
        case(f"kl {a} {b} float32", f32, S[a][0], "kl", q=S[b][1])


def family_error_cases():
    t = torch.tensor
    error("Uniform low >= high", {"lo": t([0.0, 1.0]), "hi": t([1.0, 1.0])},
          d("Uniform", r("lo"), r("hi")), "construct")
    error("Uniform value outside support", {"lo": t([0.0, 1.0]), "hi": t([1.0, 2.0])},
          d("Uniform", r("lo"), r("hi")), "log_prob", value=t([0.5, 2.5]))
    error("Exponential rate not positive", {"r": t([1.0, 0.0])}, d("Exponential", r("r")),
          "construct")
    error("Exponential value negative", {"r": t([1.0, 2.0])}, d("Exponential", r("r")),
          "log_prob", value=t([0.5, -1.0]))
    for name in ("Laplace", "Cauchy", "Gumbel", "LogNormal"):
        error(f"{name} scale not positive", {"l": t([0.0, 1.0]), "s": t([1.0, -1.0])},
              d(name, r("l"), r("s")), "construct")
    for name in ("HalfNormal", "HalfCauchy"):
        error(f"{name} scale not positive", {"s": t([1.0, -1.0])}, d(name, r("s")), "construct")
        error(f"{name} value negative", {"s": t([1.0, 1.0])}, d(name, r("s")), "log_prob",
              value=t([1.0, -1.0]))
    error("LogNormal value not positive", {"l": t([0.0]), "s": t([1.0])},
          d("LogNormal", r("l"), r("s")), "log_prob", value=t([0.0]))
    error("Binomial q count larger", {"p": t([0.3, 0.6])},
          d("Binomial", n(3.0), probs=r("p")), "kl", q=d("Binomial", n(5.0), probs=r("p")))
    error("Binomial value above total_count", {"p": t([0.3, 0.6])},
          d("Binomial", n(3.0), probs=r("p")), "log_prob", value=t([1.0, 4.0]))
    error("Multinomial float total_count", {"p": t([0.3, 0.7])},
          d("Multinomial", n(2.5), probs=r("p")), "construct")
    error("Independent too many dims", {"l": t([0.0, 1.0]), "s": t([1.0, 1.0])},
          d("Independent", dist(d("Normal", r("l"), r("s"))), n(2)), "construct")
    error("OneHotCategorical value not one-hot", {"p": t([0.5, 0.5])},
          {"type": "OneHotCategorical", "kwargs": {"probs": r("p")}}, "log_prob",
          value=t([1.0, 1.0]))
    error("MixtureSameFamily component count", {"p": t([0.5, 0.5]), "l": t([0.0, 1.0, 2.0]),
                                                "s": t([1.0, 1.0, 1.0])},
          d("MixtureSameFamily", dist(d("Categorical", r("p"))),
            dist(d("Normal", r("l"), r("s")))), "construct")
    error("MixtureSameFamily batch shapes", {"p": torch.ones(3, 2) / 2,
                                             "l": torch.zeros(4, 2), "s": torch.ones(4, 2)},
          d("MixtureSameFamily", dist(d("Categorical", r("p"))),
            dist(d("Normal", r("l"), r("s")))), "construct")
    error("MixtureSameFamily not Categorical", {"l": t([0.0, 1.0]), "s": t([1.0, 1.0])},
          d("MixtureSameFamily", dist(d("Normal", r("l"), r("s"))),
            dist(d("Normal", r("l"), r("s")))), "construct")
    P = {"l": t([0.0, 1.0]), "s": t([1.0, 2.0]), "r": t([1.0, 2.0]), "p": t([0.3, 0.6])}
    for a, b in ((d("Uniform", r("l"), r("r")), d("Laplace", r("l"), r("s"))),
                 (d("Laplace", r("l"), r("s")), d("Cauchy", r("l"), r("s"))),
                 (d("Cauchy", r("l"), r("s")), d("Normal", r("l"), r("s"))),
                 (d("Independent", dist(d("Normal", r("l"), r("s"))), n(1)),
                  d("Normal", r("l"), r("s"))),
                 (d("LogNormal", r("l"), r("s")), d("Normal", r("l"), r("s"))),
                 (d("Exponential", r("r")), {"type": "Bernoulli", "kwargs": {"probs": r("p")}}),
                 (d("Normal", r("l"), r("s")), d("Exponential", r("r"))
                  ) if False else (d("Exponential", r("r")), d("Laplace", r("l"), r("s")))):
        error(f"kl {a['type']} {b['type']}", P, a, "kl", q=b)


def main():
    family_cases()
    transform_cases()
    kl_pair_cases()
    family_error_cases()
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
