"""PyTorch 1.13 reference values for autograd (issue 20): first, second and third derivatives
of a sample of ops through autograd.grad(create_graph=True), autograd.functional's transforms,
hooks and retain_grad, custom Functions (a gradient-reversal layer, a straight-through
estimator), the four wrong-gradient defects and torch's error messages.

    /usr/bin/python3 tools/gen_autograd_fixtures.py   # writes tests/fixtures/autograd.json

tests/autograd_grad_test.ts reads it; its functions are the TypeScript twins of HIGHER and
FUNCTIONAL below, by name.
"""

import json
import os
import warnings

import torch
import torch.nn.functional as F
from torch.autograd import functional as AF

from fixture_json import Encoding

warnings.filterwarnings("ignore")
NUMBERS = Encoding()
D = torch.float64


def t(data, shape=None):
    x = torch.tensor(data, dtype=D)
    return x if shape is None else x.reshape(shape)


def weights(n, a, b):
    return [a + b * ((i * 7) % 5) + 0.01 * i for i in range(n)]


def enc(x):
    if x is None:
        return None
    return {"shape": list(x.shape), "data": NUMBERS.data(x.detach())}


POS = [0.7, 1.3, 2.1, 0.4, 1.9, 0.9]
MIXED = [0.3, -1.2, 0.8, -0.5, 1.7, -0.9]
PROBS = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3]
IDX = torch.tensor([[2, 0, 1], [1, 1, 0]])
LABELS = torch.tensor([2, 0])

# name -> (function, inputs as (data, shape)); mirrored by tests/autograd_grad_test.ts.
HIGHER = {
    "exp": (lambda x: x.exp(), [(MIXED, None)]),
    "log": (lambda x: x.log(), [(POS, None)]),
    "sqrt": (lambda x: x.sqrt(), [(POS, None)]),
    "sigmoid": (lambda x: x.sigmoid(), [(MIXED, None)]),
    "tanh": (lambda x: x.tanh(), [(MIXED, None)]),
    "reciprocal": (lambda x: x.reciprocal(), [(POS, None)]),
    "pow 3": (lambda x: x.pow(3), [(MIXED, None)]),
    "pow tensor": (lambda x, y: x.pow(y), [(POS, None), (MIXED, None)]),
    "mul": (lambda x, y: x * y, [(MIXED, None), (POS, None)]),
    "div": (lambda x, y: x / y, [(MIXED, None), (POS, None)]),
    "xlogy": (lambda x, y: torch.xlogy(x, y), [(POS, None), ([v + 0.5 for v in POS], None)]),
    "sum times x": (lambda x: x.sum() * x, [(MIXED, None)]),
    "mean dim squared": (lambda x: x.mean(0).pow(2), [(MIXED, [2, 3])]),
    "prod": (lambda x: x.prod(), [(MIXED, None)]),
    "logsumexp": (lambda x: x.logsumexp(1), [(MIXED, [2, 3])]),
    "var": (lambda x: x.var(1), [(MIXED, [2, 3])]),
    "std": (lambda x: x.std(), [(MIXED, None)]),
    "norm": (lambda x: x.norm(), [(MIXED, None)]),
    "softmax": (lambda x: x.softmax(1), [(MIXED, [2, 3])]),
    "log_softmax": (lambda x: x.log_softmax(1), [(MIXED, [2, 3])]),
    "matmul": (lambda a, b: (a @ b).pow(2), [(MIXED, [2, 3]), (POS, [3, 2])]),
    "gather": (lambda x: x.gather(1, IDX).pow(2), [(MIXED, [2, 3])]),
    "select": (lambda x: x.select(1, 1).pow(3), [(MIXED, [2, 3])]),
    "expand": (lambda x: x.expand(2, 3).pow(3), [([0.5, -1, 2], [1, 3])]),
    "cumsum": (lambda x: x.cumsum(1).pow(2), [(MIXED, [2, 3])]),
    "max dim": (lambda x: x.max(1).values.pow(3), [(MIXED, [2, 3])]),
    "kl_div batchmean": (
        lambda x, q: F.kl_div(x.log_softmax(1), q, reduction="batchmean"),
        [(MIXED, [2, 3]), (PROBS, [2, 3])],
    ),
    "kl_div log_target": (
        lambda x, q: F.kl_div(x, q, reduction="sum", log_target=True),
        [(MIXED, [2, 3]), ([v / 2 for v in MIXED], [2, 3])],
    ),
    "cross_entropy": (lambda x: F.cross_entropy(x, LABELS), [(MIXED, [2, 3])]),
    "mse_loss": (lambda x, y: F.mse_loss(x, y), [(MIXED, None), (POS, None)]),
    "linear": (
        lambda x, w, b: F.linear(x, w, b).pow(2),
        [(MIXED, [2, 3]), (POS, [2, 3]), ([0.1, -0.2], None)],
    ),
}


def higher(name, f, specs):
    xs = [t(d, s).requires_grad_() for d, s in specs]
    out = f(*xs)
    w = t(weights(out.numel(), 0.5, 0.37), list(out.shape))
    vs = [t(weights(x.numel(), -0.3, 0.29), list(x.shape)) for x in xs]
    us = [t(weights(x.numel(), 0.2, -0.13), list(x.shape)) for x in xs]
    g1 = torch.autograd.grad((out * w).sum(), xs, create_graph=True, allow_unused=True)
    s2 = sum((g * v).sum() for g, v in zip(g1, vs) if g is not None)
    g2 = torch.autograd.grad(s2, xs, create_graph=True, allow_unused=True)
    terms = [(g * u).sum() for g, u in zip(g2, us) if g is not None and g.requires_grad]
    g3 = torch.autograd.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
    return {
        "name": name,
        "inputs": [enc(x) for x in xs],
        "w": enc(w),
        "v": [enc(v) for v in vs],
        "u": [enc(u) for u in us],
        "first": [enc(g) for g in g1],
        "second": [enc(g) for g in g2],
        "third": [enc(g) for g in g3],
    }


X2 = t([1.0, 2.0])
Y3 = t([0.5, -1.0, 3.0])
# name -> (transform, function, inputs, extra); mirrored by tests/autograd_grad_test.ts.
FUNCTIONAL = {
    "jacobian one": lambda: AF.jacobian(lambda a: a.pow(2).exp(), X2),
    "jacobian tuple": lambda: AF.jacobian(lambda a, b: a.sum() * b, (X2, Y3)),
    "jacobian two outputs": lambda: AF.jacobian(lambda a: (a.pow(2), a.sum().exp()), X2),
    "jacobian unused": lambda: AF.jacobian(lambda a, b: a.pow(2), (X2, Y3)),
    "hessian one": lambda: AF.hessian(lambda a: a.pow(3).sum() + a.prod(), X2),
    "hessian tuple": lambda: AF.hessian(lambda a, b: a.pow(2).sum() * b.sum(), (X2, Y3)),
    "hessian kl": lambda: AF.hessian(
        lambda a: F.kl_div(a.log_softmax(0), t([0.2, 0.3, 0.5]), reduction="sum"), Y3
    ),
    "vjp": lambda: AF.vjp(lambda a: a.pow(2) * 3, X2, t([1.0, -2.0])),
    "vjp scalar": lambda: AF.vjp(lambda a: a.pow(2).sum(), X2),
    "vjp tuple": lambda: AF.vjp(lambda a, b: a.sum() * b, (X2, Y3), t([1.0, 0.5, 2.0])),
    "jvp": lambda: AF.jvp(lambda a: a.pow(3), X2, t([1.0, 1.0])),
    "jvp tuple": lambda: AF.jvp(lambda a, b: a.sum() * b, (X2, Y3), (t([1.0, 2.0]), t([0.0, 1.0, 0.0]))),
    "hvp": lambda: AF.hvp(lambda a: a.pow(3).sum() + a.prod(), X2, t([1.0, -1.0])),
    "vhp": lambda: AF.vhp(lambda a: a.pow(3).sum() + a.prod(), X2, t([1.0, -1.0])),
    "hvp tuple": lambda: AF.hvp(
        lambda a, b: a.pow(2).sum() * b.sum(), (X2, Y3), (t([1.0, 0.0]), t([0.0, 1.0, 1.0]))
    ),
}


def nested(x):
    if isinstance(x, torch.Tensor):
        return enc(x)
    return [nested(e) for e in x]


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e).split("\n")[0]
    raise AssertionError("expected an error")


def errors():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    out = {}
    out["unused"] = error_of(
        lambda: torch.autograd.grad((x * 2).sum(), [x, torch.ones(2, requires_grad=True)])
    )
    out["input without grad"] = error_of(lambda: torch.autograd.grad((x * 2).sum(), [torch.ones(2)]))
    out["output without grad"] = error_of(lambda: torch.autograd.grad(torch.ones(2).sum(), [x]))

    def twice():
        y = (x * x).sum()
        torch.autograd.grad(y, x)
        torch.autograd.grad(y, x)

    out["second time"] = error_of(twice)
    out["empty inputs"] = error_of(lambda: (x * 2).sum().backward(inputs=[]))
    out["hook without grad"] = error_of(lambda: torch.ones(2).register_hook(lambda g: g))
    out["retain_grad without grad"] = error_of(lambda: torch.ones(2).retain_grad())
    out["vjp without v"] = error_of(lambda: AF.vjp(lambda a: a * 2, X2))
    out["hessian not scalar"] = error_of(lambda: AF.hessian(lambda a: a * 2, X2))
    out["strict"] = error_of(lambda: AF.jacobian(lambda a, b: a * 2, (X2, Y3), strict=True))

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return (g,)

    out["Function gradient count"] = error_of(
        lambda: Bad.apply(x, torch.ones(2, requires_grad=True)).sum().backward()
    )

    def saved_modified():
        class Exp(torch.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                r = a.exp()
                ctx.save_for_backward(r)
                return r

            @staticmethod
            def backward(ctx, g):
                (r,) = ctx.saved_tensors
                return g * r

        y = Exp.apply(x)
        y.add_(1)
        y.sum().backward()

    out["Function saved modified"] = error_of(saved_modified)
    return out


def hooks():
    out = {}
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x.register_hook(lambda g: g * 10)
    (g,) = torch.autograd.grad((x**2).sum(), x)
    out["grad ignores a leaf hook"] = NUMBERS.data(g)
    (x**2).sum().backward()
    out["backward runs a leaf hook"] = NUMBERS.data(x.grad)
    h.remove()
    x.grad = None
    (x**2).sum().backward()
    out["removed hook"] = NUMBERS.data(x.grad)
    x.grad = None
    z = x * 2
    z.retain_grad()
    z.register_hook(lambda g: g * 3)
    (z**2).sum().backward()
    out["retain then hook"] = [NUMBERS.data(z.grad), NUMBERS.data(x.grad)]
    x.grad = None
    z = x * 2
    z.register_hook(lambda g: g * 3)
    z.retain_grad()
    (z**2).sum().backward()
    out["hook then retain"] = [NUMBERS.data(z.grad), NUMBERS.data(x.grad)]
    x.grad = None
    y = (x**3).sum()
    y.backward(create_graph=True)
    out["create_graph grad"] = [NUMBERS.data(x.grad), x.grad.grad_fn.name(), x.grad.requires_grad]
    y2 = (x**3).sum()
    y2.backward(create_graph=True)
    out["create_graph accumulates"] = [NUMBERS.data(x.grad), x.grad.grad_fn.name()]
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    out["backward inputs"] = [NUMBERS.data(a.grad), b.grad is None]
    return out


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, g):
        return g.neg() * ctx.lambd, None


class StraightThrough(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.round()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


def functions():
    out = {}
    x = torch.tensor([0.3, -1.2, 0.8], requires_grad=True)
    feats = (x * 2).pow(2)
    y = GradReverse.apply(feats, 0.5)
    out["grl name"] = y.grad_fn.name()
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    out["grl grad"] = NUMBERS.data(x.grad)
    x.grad = None
    s = StraightThrough.apply(x * 1.5)
    out["ste value"] = NUMBERS.data(s)
    out["ste name"] = s.grad_fn.name()
    (s * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    out["ste grad"] = NUMBERS.data(x.grad)
    z = torch.tensor([0.3, -1.2], dtype=D, requires_grad=True)

    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a**3

        @staticmethod
        def backward(ctx, g):
            (a,) = ctx.saved_tensors
            return g * 3 * a**2

    (g1,) = torch.autograd.grad(Cube.apply(z).sum(), z, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), z)
    out["double backward through a Function"] = [NUMBERS.data(g1), NUMBERS.data(g2)]
    return out


def defects():
    out = {}
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x.mul(1)
    y[:, 0].fill_(0)
    y.log().sum().backward()
    out["fill_ then log"] = NUMBERS.data(x.grad)
    x.grad = None
    y = x.mul(1)
    y[:, 0].copy_(torch.zeros(2))
    y.sqrt().sum().backward()
    out["copy_ then sqrt"] = NUMBERS.data(x.grad)
    x.grad = None
    y = x.mul(1)
    y[0].zero_()
    y.log().sum().backward()
    out["zero_ then log"] = NUMBERS.data(x.grad)
    p = torch.tensor([1.0, 2.0, 3.0], requires_grad=True).prod()
    p.add_(1)
    out["prod modified"] = error_of(lambda: p.backward())
    x = torch.tensor([[1.0], [2.0]], requires_grad=True)
    y = x.mul(1)
    e = y.expand(2, 3)
    y.mul_(2)
    e.sum().backward()
    out["expand after in-place"] = NUMBERS.data(x.grad)
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.mul(1)
    v = y
    for _ in range(20000):
        v = v.view(3)
    y.mul_(2)
    (v * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    out["20000 views"] = NUMBERS.data(x.grad)
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=D, requires_grad=True)
    y = x.mul(1)
    y[:, 0].fill_(0)
    (g,) = torch.autograd.grad(y.log().sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    out["fill_ then log, second order"] = [NUMBERS.data(g), NUMBERS.data(h)]
    return out


def main():
    data = {
        "higher": [higher(n, f, s) for n, (f, s) in HIGHER.items()],
        "functional": {n: nested(f()) for n, f in FUNCTIONAL.items()},
        "errors": errors(),
        "hooks": hooks(),
        "functions": functions(),
        "defects": defects(),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "tests", "fixtures", "autograd.json")
    with open(path, "w") as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")
    print(f"wrote {path}: {len(data['higher'])} higher-order cases, {len(data['functional'])} transforms")


if __name__ == "__main__":
    main()
