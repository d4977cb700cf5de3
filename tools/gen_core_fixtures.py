#!/usr/bin/env python3
"""Generate tests/fixtures/core.json: PyTorch 1.13 reference results for the strided core
(views, dtypes, promotion, printing, in-place rules, index()) and for the gather/scatter, mask,
join and creation ops of lib/ops/gather.ts and lib/ops/create.ts.

    /usr/bin/python3 tools/gen_core_fixtures.py

Format: {"torch_version": str, "cases": {name: {key: value}}}. Each case is a Python function
below; tests/core_test.ts holds the kldiv port of the same function under the same name and
compares every key. A value is plain JSON or a tensor record
{"tensor": true, "shape", "dtype", "data" (row-major), "repr" (str(t)), "grad_fn" (name or
null)}; views add "stride", "offset" and "contiguous". An error is {"error": torch's message}.
Numbers as in tools/fixture_json.py ("nan"/"inf"/"-inf" for non-finite), with float32 written
as the exact double it widens to and bool as 0/1.
"""

import json
import os

import torch

from fixture_json import Encoding, dtype_name

CASES = {}
NUMBERS = Encoding(float32="exact", bools="int")


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rec(t, layout=False):
    out = {
        "tensor": True,
        "shape": list(t.shape),
        "dtype": dtype_name(t.dtype),
        "data": NUMBERS.data(t),
        "repr": str(t),
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
    }
    if layout:
        out["stride"] = list(t.stride())
        out["offset"] = t.storage_offset()
        out["contiguous"] = t.is_contiguous()
    return out


def err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"error": str(e).split("\n")[0]}
    return {"error": None}


def weights(shape, dtype=torch.float32):
    """Distinct gradient weights 1, 2, 3, ... / 8 so every position's gradient is visible."""
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(1, n + 1, dtype=dtype) / 8).reshape(shape)


def x23(rg=True):
    return torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=rg)


# ---------------------------------------------------------------------------- gather family


@case
def gather_dim1():
    x = x23()
    out = x.gather(1, torch.tensor([[2, 2], [0, 1]]))
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def gather_dim0_smaller_index():
    x = x23()
    out = torch.gather(x, 0, torch.tensor([[1, 0]]))
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def gather_errors():
    x = x23(False)
    return {
        "float_index": err(lambda: x.gather(1, torch.tensor([[0.0]]))),
        "out_of_bounds": err(lambda: x.gather(1, torch.tensor([[3]]))),
        "ndim": err(lambda: x.gather(1, torch.tensor([0]))),
    }


@case
def index_select_repeats():
    x = x23()
    out = x.index_select(0, torch.tensor([1, 0, 1]))
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def index_select_dim1_int64():
    x = torch.tensor([[1, 2, 3], [4, 5, 6]])
    return {"out": rec(torch.index_select(x, 1, torch.tensor([2, 0])))}


@case
def scatter_src():
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]], requires_grad=True)
    src = torch.tensor([[10.0, 20.0], [40.0, 50.0]], requires_grad=True)
    out = x.scatter(1, torch.tensor([[1, 3], [0, 1]]), src)
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad_x": rec(x.grad), "grad_src": rec(src.grad)}


@case
def scatter_value():
    x = x23()
    out = x.scatter(1, torch.tensor([[0], [2]]), 0.5)
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def scatter_add_repeats():
    x = torch.zeros(3, requires_grad=True)
    src = torch.tensor([1.0, 2.0, 4.0, 8.0], requires_grad=True)
    out = x.scatter_add(0, torch.tensor([0, 2, 0, 0]), src)
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad_x": rec(x.grad), "grad_src": rec(src.grad)}


@case
def scatter_inplace_label_smoothing():
    # The annotated transformer's target: fill_, scatter_ (value form), a column set to 0.
    target = torch.tensor([2, 1, 0, 3])
    true_dist = torch.zeros(4, 5)
    true_dist.fill_(0.1 / 3)
    true_dist.scatter_(1, target.data.unsqueeze(1), 0.9)
    true_dist[:, 0] = 0
    mask = torch.nonzero(target.data == 0)
    true_dist.index_fill_(0, mask.squeeze(), 0.0)
    return {"out": rec(true_dist), "mask": rec(mask)}


@case
def scatter_inplace_grad_fn():
    x = torch.ones(2, 3, requires_grad=True)
    y = x * 2
    y.scatter_(1, torch.tensor([[1], [2]]), 0.0)
    z = x * 3
    z.index_fill_(1, torch.tensor([0]), -1.0)
    (y.sum() + (z * weights(z.shape)).sum()).backward()
    return {"y": rec(y), "z": rec(z), "grad": rec(x.grad)}


@case
def scatter_dtype_error():
    x = torch.zeros(3)
    return {"dtype_mismatch": err(lambda: x.scatter(0, torch.tensor([0]), torch.tensor([1.0], dtype=torch.float64)))}


@case
def index_fill_dim1():
    x = x23()
    out = x.index_fill(1, torch.tensor([0, 2]), -1.0)
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def take_along_dim_cases():
    x = torch.tensor([[10.0, 30.0, 20.0], [5.0, 4.0, 6.0]], requires_grad=True)
    best = x.argmax(1, keepdim=True)
    out = torch.take_along_dim(x, best, 1)
    out.backward(weights(out.shape))
    flat = torch.take_along_dim(x.detach(), torch.tensor([5, 0]))
    bcast = torch.take_along_dim(x.detach(), torch.tensor([[2], [0]]).expand(2, 2), dim=1)
    return {"out": rec(out), "grad": rec(x.grad), "flat": rec(flat), "bcast": rec(bcast)}


@case
def masked_select_broadcast():
    x = x23()
    mask = torch.tensor([True, False, True])
    out = x.masked_select(mask)
    out.backward(weights(out.shape))
    return {"out": rec(out), "grad": rec(x.grad)}


@case
def masked_select_distilbert():
    s = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
    attn = torch.tensor([[1, 1, 0], [1, 0, 0]])
    mask = attn.gt(0).unsqueeze(-1).expand_as(s)
    out = torch.masked_select(s, mask).view(-1, 4)
    out.backward(weights(out.shape))
    return {"mask": rec(mask), "out": rec(out), "grad": rec(s.grad)}


@case
def nonzero_cases():
    m = torch.tensor([[True, False, True], [False, False, True]])
    t = torch.nonzero(m, as_tuple=True)
    return {
        "plain": rec(m.nonzero()),
        "tuple0": rec(t[0]),
        "tuple1": rec(t[1]),
        "float": rec(torch.tensor([0.0, 1.5, 0.0, -2.0]).nonzero()),
        "empty": rec(torch.zeros(2, 2).nonzero()),
        "scalar": rec(torch.tensor(3.0).nonzero()),
    }


@case
def any_all_count():
    f = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    b = torch.tensor([[True, True], [False, True]])
    i = torch.tensor([[1, 0], [2, 3]])
    return {
        "any": rec(f.any()),
        "any_dim": rec(f.any(1)),
        "any_keep": rec(f.any(0, keepdim=True)),
        "all": rec(b.all()),
        "all_dim": rec(b.all(0)),
        "all_int": rec(i.all(1)),
        "count": rec(torch.count_nonzero(f)),
        "count_dim": rec(i.count_nonzero(0)),
        "count_dims": rec(torch.count_nonzero(b, dim=(0, 1))),
    }


@case
def argmax_argmin():
    x = torch.tensor([[1.0, 3.0, 3.0], [2.0, float("nan"), 0.0], [5.0, -1.0, -1.0]])
    return {
        "argmax": rec(x.argmax()),
        "argmax_dim1": rec(x.argmax(1)),
        "argmax_dim0_keep": rec(x.argmax(0, keepdim=True)),
        "argmin_dim1": rec(torch.argmin(x, dim=1)),
        "argmin": rec(x.argmin()),
        "argmax_int": rec(torch.tensor([[4, 9], [9, 1]]).argmax(-1)),
        "argmax_keep_nodim": rec(torch.tensor([[1.0, 2.0], [4.0, 3.0]]).argmax(keepdim=True)),
    }


@case
def cat_promotes_and_splits_grad():
    a = torch.tensor([[1.0, 2.0]], requires_grad=True)
    b = torch.tensor([[3.0, 4.0], [5.0, 6.0]], dtype=torch.float64, requires_grad=True)
    out = torch.cat([a, b])
    out.backward(weights(out.shape, torch.float64))
    c = torch.cat([torch.tensor([1, 2]), torch.tensor([]), torch.tensor([3])])
    return {"out": rec(out), "grad_a": rec(a.grad), "grad_b": rec(b.grad), "legacy_empty": rec(c)}


@case
def cat_dim1_and_errors():
    a = x23()
    b = torch.ones(2, 1, requires_grad=True)
    out = torch.cat((a, b), dim=1)
    out.backward(weights(out.shape))
    return {
        "out": rec(out),
        "grad_a": rec(a.grad),
        "grad_b": rec(b.grad),
        "mismatch": err(lambda: torch.cat([torch.zeros(2, 3), torch.zeros(3, 2)])),
    }


@case
def stack_dims():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    out = torch.stack([a, b], 1)
    out.backward(weights(out.shape))
    last = torch.stack([torch.tensor([1, 2]), torch.tensor([3, 4])], -1)
    return {"out": rec(out), "grad_a": rec(a.grad), "grad_b": rec(b.grad), "last": rec(last)}


@case
def gather_family_edges():
    s = torch.tensor(2.5)
    return {
        "any_0dim": rec(torch.tensor(0.0).any()),
        "argmax_0dim": rec(s.argmax()),
        "argmax_0dim_dim": rec(s.argmax(0)),
        "index_select_0dim": rec(s.index_select(0, torch.tensor([0, 0]))),
        "index_select_0dim_index": rec(torch.tensor([[1.0, 2.0], [3.0, 4.0]]).index_select(1, torch.tensor(1))),
        "nonzero_tuple_0dim": rec(torch.nonzero(s, as_tuple=True)[0]),
        "gather_negative": err(lambda: torch.tensor([1.0, 2.0]).gather(0, torch.tensor([-1]))),
        "index_fill_negative": rec(torch.tensor([1.0, 2.0, 3.0]).index_fill(0, torch.tensor([-1]), 0.0)),
        "scatter_int_value": rec(torch.zeros(3, dtype=torch.int64).scatter(0, torch.tensor([1]), 0.9)),
        "scatter_bool": rec(torch.zeros(3, dtype=torch.bool).scatter(0, torch.tensor([2]), True)),
        "cat_int_bool": rec(torch.cat([torch.tensor([1, 2]), torch.tensor([True])])),
        "cat_0dim": err(lambda: torch.cat([torch.tensor(1.0), torch.tensor(2.0)])),
        "stack_mismatch": err(lambda: torch.stack([torch.zeros(2), torch.zeros(3)])),
        "stack_0dim": rec(torch.stack([torch.tensor(1.0), torch.tensor(2.0)])),
        "masked_select_float_mask": err(lambda: torch.zeros(2).masked_select(torch.ones(2))),
        "count_nonzero_neg_dim": rec(torch.tensor([[0, 1], [1, 1]]).count_nonzero(-1)),
        "all_empty": rec(torch.zeros(0).all()),
        "any_empty": rec(torch.zeros(0).any()),
        "argmax_empty": err(lambda: torch.zeros(0).argmax()),
        "multinomial_without_enough": err(lambda: torch.multinomial(torch.ones(2), 3)),
        "randint_bad_range": err(lambda: torch.randint(5, 5, (2,))),
    }


# ---------------------------------------------------------------------------- creation


@case
def creation_like():
    i = torch.tensor([3, 4])
    f = torch.tensor([[0.5, 2.0]])
    return {
        "zeros_like": rec(torch.zeros_like(i)),
        "ones_like": rec(torch.ones_like(f)),
        "full_like": rec(torch.full_like(f, 0.1)),
        "full_like_int": rec(torch.full_like(i, 7)),
        "ones_like_f64": rec(torch.ones_like(i, dtype=torch.float64)),
        "eye3": rec(torch.eye(3)),
        "eye24": rec(torch.eye(2, 4)),
        "eye_int": rec(torch.eye(2, dtype=torch.int64)),
    }


@case
def arange_int64():
    return {
        "a": rec(torch.arange(5, dtype=torch.int64)),
        "b": rec(torch.arange(1, 10, 3, dtype=torch.int64)),
        "c": rec(torch.arange(5, 0, -2, dtype=torch.int64)),
    }


def linspace_cases():
    import random

    r = random.Random(7)
    out = []
    for _ in range(60):
        dt = r.choice(["float32", "float64"])
        out.append([r.uniform(-10, 10), r.uniform(-10, 10), r.randint(0, 70), dt])
    out += [[0, 1, 5, "float32"], [-1, 1, 101, "float32"], [3, 3, 4, "float64"], [0, 1, 1, "float32"]]
    out += [[0.1, 2.7, 2000, "float32"], [-3.3, 7.1, 4099, "float64"]]
    return out


@case
def linspace_exact():
    res = []
    for start, end, steps, dt in linspace_cases():
        t = torch.linspace(start, end, steps, dtype=getattr(torch, dt))
        res.append({"args": [start, end, steps, dt], "data": NUMBERS.data(t)})
    return {"cases": res, "repr": torch.linspace(0, 1, 5).__str__()}


@case
def randint_seeded():
    torch.manual_seed(0)
    a = torch.randint(0, 10, (5,))
    b = torch.randint(-3, 3, (2, 3))
    c = torch.randint(7, (4,))
    d = torch.randint(0, 2**40, (3,))
    torch.manual_seed(123)
    e = torch.randint(5, 1000, (20,))
    f = torch.rand(2)  # the generator stays in step after randint
    return {k: rec(v) for k, v in dict(a=a, b=b, c=c, d=d, e=e, f=f).items()}


@case
def multinomial_seeded():
    p = torch.tensor([0.1, 0.2, 0.3, 0.4])
    rows = torch.tensor([[1.0, 0.0, 3.0, 2.0, 0.5], [0.2, 0.2, 0.2, 0.2, 0.2]])
    torch.manual_seed(0)
    a = torch.multinomial(p, 6, True)
    b = torch.multinomial(p, 3, False)
    c = torch.multinomial(rows, 4, replacement=False)
    d = torch.multinomial(rows, 8, replacement=True)
    e = torch.multinomial(rows.double(), 1)
    f = torch.multinomial(torch.rand(50), 20)
    g = torch.rand(3)
    return {k: rec(v) for k, v in dict(a=a, b=b, c=c, d=d, e=e, f=f, g=g).items()}


# ---------------------------------------------------------------------------- core: views


VIEW_OPS = {
    "view": lambda t: t.view(6, 4),
    "view_infer": lambda t: t.view(-1, 2),
    "reshape_copy": lambda t: t.transpose(0, 1).reshape(-1),
    "unsqueeze": lambda t: t.unsqueeze(1),
    "squeeze_dim": lambda t: t.unsqueeze(0).squeeze(0),
    "expand": lambda t: t[:, :1, :].expand(2, 3, 4),
    "transpose": lambda t: t.transpose(0, 2),
    "permute": lambda t: t.permute(2, 0, 1),
    "flatten": lambda t: t.flatten(1),
    "select": lambda t: t.select(1, 2),
    "narrow": lambda t: t.narrow(2, 1, 2),
    "split": lambda t: t.split(2, 2)[1],
    "split_sizes": lambda t: t.split([1, 2], 1)[1],
    "chunk": lambda t: t.chunk(2, 1)[1],
    "unbind": lambda t: t.unbind(2)[3],
    "contiguous": lambda t: t.transpose(1, 2).contiguous(),
    "t": lambda t: t[0].t(),
}


@case
def views():
    res = {}
    for name, op in VIEW_OPS.items():
        base = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
        v = op(base)
        v.backward(weights(v.shape))
        res[name] = {"view": rec(v, layout=True), "grad": rec(base.grad)}
    return res


@case
def view_writes_seen():
    base = torch.zeros(3, 4)
    col = base[:, 1]
    row = base[2]
    col.fill_(7)
    row.add_(1)
    base.t()[3].mul_(0)
    sib = base.narrow(1, 1, 2)
    return {"base": rec(base), "col": rec(col), "row": rec(row), "sib": rec(sib, layout=True), "version": base._version}


@case
def view_errors():
    return {
        "view_noncontig": err(lambda: torch.zeros(2, 3).t().view(6)),
        "view_size": err(lambda: torch.zeros(2, 3).view(4, 2)),
    }


# ---------------------------------------------------------------------------- core: printing


@case
def printing():
    out = {
        "int": str(torch.tensor([2, 1, 0])),
        "int_neg": str(torch.tensor([[-5, 10], [3, 100]])),
        "bool": str(torch.tensor([True, False])),
        "bool2": str(torch.tensor([[True], [False]])),
        "empty_int": str(torch.tensor([], dtype=torch.int64)),
        "empty_bool": str(torch.zeros(0, dtype=torch.bool)),
        "empty_f64": str(torch.zeros(0, 3, dtype=torch.float64)),
        "int_scalar": str(torch.tensor(5)),
        "bool_scalar": str(torch.tensor(False)),
        "int_summary": str(torch.arange(2000)),
        "bool_summary": str(torch.arange(1500) % 3 == 0),
    }
    torch.set_default_dtype(torch.float64)
    try:
        out["f64_default"] = str(torch.tensor([1.5, 2.0]))
        out["f32_under_f64"] = str(torch.tensor([1.5, 2.0], dtype=torch.float32))
        out["int_under_f64"] = str(torch.tensor([1, 2]))
    finally:
        torch.set_default_dtype(torch.float32)
    return out


# ---------------------------------------------------------------------------- core: promotion


PROMO_OPS = ["add", "mul", "div", "floor_divide", "eq"]
DTYPES = ["bool", "int64", "float32", "float64"]


def operand(kind):
    if kind == "int":
        return 2
    if kind == "float":
        return 0.5
    form, dt = kind.split(":")
    dtype = getattr(torch, dt)
    base = torch.tensor([1, 0]) if dt == "bool" else torch.tensor([3, 2])
    if form == "t":
        return base.to(dtype)
    return base[0].to(dtype)


@case
def promotion():
    rights = [f"t:{d}" for d in DTYPES] + [f"s:{d}" for d in DTYPES] + ["int", "float"]
    res = {}
    for op in PROMO_OPS:
        for left in DTYPES:
            for right in rights:
                key = f"{op}/{left}/{right}"
                try:
                    r = getattr(operand(f"t:{left}"), op)(operand(right))
                    res[key] = {"dtype": dtype_name(r.dtype), "data": NUMBERS.data(r)}
                except Exception as e:  # noqa: BLE001
                    res[key] = {"error": str(e).split("\n")[0]}
    labels = torch.tensor([2, 1, 0])
    res["labels_mul_2"] = rec(labels.mul(2))
    res["labels_mul_half"] = rec(labels.mul(0.5))
    res["int_div_int"] = rec(labels.div(torch.tensor([2, 2, 2])))
    return res


# ---------------------------------------------------------------------------- core: in place


@case
def inplace_values():
    a = torch.tensor([[1.0, -2.0], [3.0, 4.0]])
    a.add_(1).sub_(torch.tensor([0.5, 0.5]), alpha=2).mul_(2).div_(4)
    b = torch.tensor([-3.0, 0.5, 9.0])
    b.clamp_(-1, 1)
    c = torch.zeros(2, 3, dtype=torch.int64)
    c.copy_(torch.tensor([1.7, -2.7, 3.2]))
    d = torch.arange(6.0).view(2, 3)
    d.masked_fill_(torch.tensor([True, False, True]), -1)
    e = torch.zeros(3, 3)
    e.index_put_((torch.tensor([0, 2]), torch.tensor([1, 1])), torch.tensor(5.0))
    f = torch.ones(2)
    f.zero_()
    return {k: rec(v) for k, v in dict(a=a, b=b, c=c, d=d, e=e, f=f).items()}


@case
def inplace_autograd():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = x * 1
    v = y[1:3]
    v.mul_(torch.tensor([10.0, 20.0]))
    names = {"y": type(y.grad_fn).__name__, "v": type(v.grad_fn).__name__}
    (y * weights(y.shape)).sum().backward()
    leaf = torch.ones(2, requires_grad=True)
    e = x.exp()
    e.add_(1)
    return {
        "names": names,
        "y": rec(y),
        "grad": rec(x.grad),
        "leaf_error": err(lambda: leaf.add_(1)),
        "leaf_view_error": err(lambda: leaf[0:1].fill_(0)),
        "version_error": err(lambda: e.sum().backward()),
        "int_result_error": err(lambda: torch.zeros(2, dtype=torch.int64).add_(0.5)),
    }


@case
def data_and_requires_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    d = x.data
    d.mul_(3)
    y = torch.tensor([1.0]).requires_grad_()
    return {
        "x": rec(x),
        "d": rec(d),
        "x_version": x._version,
        "d_requires_grad": d.requires_grad,
        "y": rec(y),
        "int_error": err(lambda: torch.tensor([1]).requires_grad_()),
    }


# ---------------------------------------------------------------------------- core: index()


@case
def indexing():
    res = {}

    def run(name, fn):
        t = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
        out = fn(t)
        out.backward(weights(out.shape))
        res[name] = {"out": rec(out), "grad": rec(t.grad)}

    run("col", lambda t: t[:, 2])
    run("slice", lambda t: t[1:3])
    run("step", lambda t: t[..., ::2])
    run("ellipsis", lambda t: t[..., 0])
    run("none", lambda t: t[None, 0])
    run("mask", lambda t: t[t.detach() > 10])
    run("mask_2d", lambda t: t[torch.tensor([[True, False, True], [False, True, False]])])
    run("idx", lambda t: t[torch.tensor([1, 0, 1])])
    run("rows_cols", lambda t: t[torch.tensor([0, 1]), torch.tensor([2, 0])])
    run("adjacent", lambda t: t[:, torch.tensor([2, 0]), torch.tensor([1, 3])])
    run("non_adjacent", lambda t: t[torch.tensor([1, 0]), :, torch.tensor([3, 2])])
    run("mixed_int", lambda t: t[1, :, torch.tensor([0, 2])])
    return res


@case
def where_masked_fill_clamp_grads():
    x = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
    y = torch.tensor([1.0, 1.0, 1.0, 1.0], requires_grad=True)
    w = torch.where(x > 0, x, y)
    m = x.masked_fill(x < 0, 0.0)
    c = x.clamp(-1, 1)
    (w * 1 + m * 2 + c * 4).sum().backward()
    return {"w": rec(w), "m": rec(m), "c": rec(c), "grad_x": rec(x.grad), "grad_y": rec(y.grad)}


def main():
    out = {"torch_version": torch.__version__, "cases": {}}
    for name, fn in CASES.items():
        torch.manual_seed(0)
        out["cases"][name] = fn()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "core.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
