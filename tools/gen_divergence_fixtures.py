#!/usr/bin/env python3
"""Reference values for lib/divergence: tests/fixtures/divergence.json (consumed by
tests/divergence_test.ts).

    /usr/bin/python3 tools/gen_divergence_fixtures.py

Two references per case:
  scipy  SciPy's own functions: kl = scipy.stats.entropy(p, q, base, axis),
         entropy = scipy.stats.entropy(p, base, axis), js = jensenshannon(p, q, base, axis) ** 2,
         symmetric_kl = entropy(p, q) + entropy(q, p), cross_entropy = entropy(p) + entropy(p, q).
         Computed in float64 from the float64 inputs.
  torch  the PyTorch 1.13 formula each one replaces, in the case's dtype, with the gradients of
         (value * w).sum() for a fixed weight w with respect to p and q (only for cases without
         zeros, where the torch formula's gradients are finite):
           kl            F.kl_div(log q, p, reduction="none").sum(dim)   (log_target for log form)
           entropy       -(p * log p).sum(dim)
           cross_entropy -(p * log q).sum(dim)
           symmetric_kl  kl(p, q) + kl(q, p)
           js            0.5 * (kl(p, m) + kl(q, m)), m = (p + q) / 2
         divided by ln(base). In the "log" form the inputs are log p and log q; in the "logits"
         form raw scores go through F.log_softmax over dim.

"distillation": nn.DistillationLoss cases: temperature, alpha, student and teacher logits [5, 4]
(float32), int64 labels, the loss of the torch formula
  F.kl_div(F.log_softmax(s / T, 1), F.softmax(t / T, 1), reduction="batchmean") * (alpha * T * T)
  + F.cross_entropy(s, labels) * (1 - alpha)
and its gradients with respect to s and t.

Numbers as in tools/fixture_json.py: non-finite ones are the strings "nan", "inf" and "-inf";
float32 values are the shortest decimal that rounds back to the same float32.
Case fields: name, fn, form ("prob" | "log" | "logits"), dtype, dim (null: all elements),
base (null: e), p, q (the inputs as given to kldiv, flat, with shape), shape, scipy (flat values
or null for the logits form, computed from softmax), torch (flat values), weight, grad_p, grad_q.
"""

import json
import math
import os

import numpy as np
import scipy
import torch
import torch.nn.functional as F
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy as sp_entropy

from fixture_json import Encoding

NUMBERS = Encoding()


def scipy_ref(fn, p, q, base, axis):
    if fn == "kl":
        return sp_entropy(p, q, base=base, axis=axis)
    if fn == "entropy":
        return sp_entropy(p, base=base, axis=axis)
    if fn == "js":
        return jensenshannon(p, q, base=base, axis=axis) ** 2
    if fn == "symmetric_kl":
        return sp_entropy(p, q, base=base, axis=axis) + sp_entropy(q, p, base=base, axis=axis)
    if fn == "cross_entropy":
        return sp_entropy(p, base=base, axis=axis) + sp_entropy(p, q, base=base, axis=axis)
    raise ValueError(fn)


def torch_ref(fn, a, b, form, dim, base):
    """a, b as given (probabilities, log-probabilities or scores)."""
    def lg(x):
        if form == "prob":
            return x.log()
        if form == "log":
            return x
        return F.log_softmax(x, dim if dim is not None else 0)

    def pr(x):
        return x if form == "prob" else lg(x).exp()

    def red(t):
        return t.sum() if dim is None else t.sum(dim)

    def kl(x, y):  # KL(x || y)
        if form == "prob":
            return red(F.kl_div(y.log(), x, reduction="none"))
        return red(F.kl_div(lg(y), lg(x), reduction="none", log_target=True))

    if fn == "kl":
        v = kl(a, b)
    elif fn == "entropy":
        v = -red(pr(a) * lg(a))
    elif fn == "cross_entropy":
        v = -red(pr(a) * lg(b))
    elif fn == "symmetric_kl":
        v = kl(a, b) + kl(b, a)
    elif fn == "js":
        p, q = pr(a), pr(b)
        m = (p + q) / 2
        v = 0.5 * (red(F.kl_div(m.log(), p, reduction="none")) + red(F.kl_div(m.log(), q, reduction="none")))
    return v / (1.0 if base is None else math.log(base))


def make(name, fn, form, dtype, p64, q64, dim, base, rng):
    shape = list(p64.shape)
    if form == "prob":
        a64, b64 = p64, q64
    elif form == "log":
        a64, b64 = np.log(p64), np.log(q64)
    else:  # scores whose softmax over dim is p, q, shifted by a random constant
        axis = dim if dim is not None else 0
        a64 = np.log(p64) + rng.normal(size=1)
        b64 = np.log(q64) + rng.normal(size=1)
        p64 = np.exp(a64 - np.log(np.exp(a64).sum(axis=axis, keepdims=True)))
        q64 = np.exp(b64 - np.log(np.exp(b64).sum(axis=axis, keepdims=True)))
    tdt = torch.float32 if dtype == "float32" else torch.float64
    # The inputs are rounded to the dtype first; SciPy gets those rounded values in float64.
    a = torch.tensor(a64, dtype=tdt)
    b = torch.tensor(b64, dtype=tdt)
    if form == "prob":
        p_ref, q_ref = a.double().numpy(), b.double().numpy()
    elif form == "log":
        p_ref, q_ref = np.exp(a.double().numpy()), np.exp(b.double().numpy())
    else:
        axis = dim if dim is not None else 0
        p_ref = torch.softmax(a.double(), axis).numpy()
        q_ref = torch.softmax(b.double(), axis).numpy()
    axis = dim if dim is not None else None
    if axis is None:
        sp = scipy_ref(fn, p_ref.reshape(-1), q_ref.reshape(-1), base, 0)
    else:
        sp = scipy_ref(fn, p_ref, q_ref, base, axis)
    zeros = bool((p64 == 0).any() or (q64 == 0).any())
    a.requires_grad_()
    b.requires_grad_()
    v = torch_ref(fn, a, b, form, dim, base)
    w = torch.tensor(rng.uniform(0.5, 1.5, size=v.shape), dtype=tdt)
    grads = [None, None]
    if not zeros:
        (v * w).sum().backward()
        grads = [NUMBERS.data(a.grad), NUMBERS.data(b.grad) if fn != "entropy" else None]
    scipy_values = NUMBERS.values(np.asarray(sp, dtype=np.float64).reshape(-1).tolist(), "float64")
    return {"name": name, "fn": fn, "form": form, "dtype": dtype, "dim": dim, "base": base,
            "shape": shape, "p": NUMBERS.data(a), "q": NUMBERS.data(b), "scipy": scipy_values,
            "torch": NUMBERS.data(v), "weight": NUMBERS.data(w), "grad_p": grads[0],
            "grad_q": grads[1], "zeros": zeros}


def distillation():
    """nn.DistillationLoss against Hinton's loss written in torch: value, grads of both logits."""
    out = []
    for i, (T, alpha) in enumerate([(1.0, 0.5), (4.0, 0.9), (2.0, 0.0), (3.0, 1.0)]):
        torch.manual_seed(100 + i)
        s = torch.randn(5, 4, requires_grad=True)
        t = torch.randn(5, 4, requires_grad=True)
        labels = torch.randint(0, 4, (5,))
        loss = F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction="batchmean") \
            * (alpha * T * T) + F.cross_entropy(s, labels) * (1.0 - alpha)
        loss.backward()
        out.append({"temperature": T, "alpha": alpha, "student": NUMBERS.data(s),
                    "teacher": NUMBERS.data(t), "labels": labels.tolist(),
                    "loss": NUMBERS.number(loss.item(), loss.dtype),
                    "grad_student": NUMBERS.data(s.grad), "grad_teacher": NUMBERS.data(t.grad)})
    return out


def main():
    rng = np.random.default_rng(20261129)

    def dist(*shape, axis=-1, zeros=0):
        x = rng.uniform(0.05, 1.0, size=shape)
        if zeros:
            flat = x.reshape(-1)
            flat[rng.choice(flat.size, zeros, replace=False)] = 0
        return x / x.sum(axis=axis, keepdims=True)

    cases = []
    for fn in ["kl", "js", "symmetric_kl", "entropy", "cross_entropy"]:
        for dtype in ["float64", "float32"]:
            p, q = dist(6, axis=0), dist(6, axis=0)
            cases.append(make(f"{fn}/1d/{dtype}", fn, "prob", dtype, p, q, None, None, rng))
            p, q = dist(3, 5), dist(3, 5)
            cases.append(make(f"{fn}/dim1/base2/{dtype}", fn, "prob", dtype, p, q, 1, 2, rng))
            p, q = dist(4, 3, axis=0), dist(4, 3, axis=0)
            cases.append(make(f"{fn}/dim0/base10/{dtype}", fn, "prob", dtype, p, q, 0, 10, rng))
            p, q = dist(2, 5), dist(2, 5)
            cases.append(make(f"{fn}/log/dim-1/{dtype}", fn, "log", dtype, p, q, -1, None, rng))
            p, q = dist(3, 4), dist(3, 4)
            cases.append(make(f"{fn}/logits/dim1/{dtype}", fn, "logits", dtype, p, q, 1, 2, rng))
        # zeros in p (and q where p is 0 too): 0·log 0 = 0
        p = np.array([0.5, 0.0, 0.25, 0.25])
        q = np.array([0.25, 0.0, 0.5, 0.25]) if fn in ["kl", "cross_entropy"] else np.array([0.25, 0.25, 0.0, 0.5])
        cases.append(make(f"{fn}/zeros/float64", fn, "prob", "float64", p, q, None, None, rng))
    doc = {"torch_version": torch.__version__, "scipy_version": scipy.__version__, "cases": cases,
           "distillation": distillation()}
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "divergence.json")
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
