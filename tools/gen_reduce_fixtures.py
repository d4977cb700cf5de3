#!/usr/bin/env python3
"""Generate PyTorch fixtures for the reductions over dims and sorting:
tests/fixtures/reduce_dims.json (consumed by tests/reduce_dims_test.ts).

    /usr/bin/python3 tools/gen_reduce_fixtures.py

Deterministic: each case seeds torch with a CRC32 of its name.

Format: {"torch_version", "cases": [...]}, each case
  name      unique
  op        prod | max | min | amax | amin | logsumexp | var | std | norm | cumsum | topk | sort
  args      the op's arguments by torch's names (dim, keepdim, unbiased, correction, p, k,
            largest, sorted, descending, stable); p may be "inf" / "-inf" / "fro"
  view      optional "t": the op runs on input.t() (a non-contiguous view)
  input     tensor record {data, shape, dtype, requires_grad}
  out       tensor record of the output (the values, for ops returning (values, indices))
  indices   tensor record of the int64 indices, or absent
  repr      str(output) as torch prints it (the named tuple for max/min/topk/sort with dim)
  grad_fn   output.grad_fn.name() or null
  grad_output  tensor record g passed to out.backward(g), or null (0-dim: backward())
  grad      tensor record of input.grad, or null (no backward)
Tensor records: data flattened row-major, numbers as in tools/fixture_json.py: non-finite
numbers as "inf", "-inf", "nan"; float32 values as the shortest decimal that rounds back to the
same float32; bool values as true / false.
"""

import json
import math
import os
import zlib

import torch

from fixture_json import Encoding, dtype_name

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "reduce_dims.json")
DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
NUMBERS = Encoding()


def record(t):
    dtype = dtype_name(t.dtype)
    return {"data": NUMBERS.data(t), "shape": list(t.shape), "dtype": dtype}


def call(op, x, a):
    p = a.get("p", 2)
    p = {"inf": math.inf, "-inf": -math.inf}.get(p, p)
    kw = {k: v for k, v in a.items() if k != "p"}
    if op == "norm":
        return x.norm(p=p, **kw)
    return getattr(x, op)(**kw)


CASES = []


def case(name, op, data=None, shape=(3, 4), dtype="float32", view=None, **args):
    CASES.append((name, op, data, list(shape), dtype, view, args))


# prod
case("prod/all", "prod")
case("prod/dim1", "prod", dim=1)
case("prod/dim0_keepdim", "prod", dim=0, keepdim=True)
case("prod/one_zero", "prod", data=[[1.5, 0.0, 2.0], [3.0, 4.0, 0.5]], shape=(2, 3))
case("prod/dim_zeros", "prod", data=[[1.5, 0.0, 2.0], [0.0, 4.0, 0.0], [2, 3, 4]], shape=(3, 3),
     dim=1)
case("prod/two_zeros_all", "prod", data=[[1.5, 0.0], [0.0, 4.0]], shape=(2, 2))
case("prod/int64", "prod", data=[[1, 2, 3], [4, 5, 6]], shape=(2, 3), dtype="int64", dim=1)
case("prod/bool", "prod", data=[True, True, False], shape=(3,), dtype="bool")
case("prod/float64_t", "prod", dtype="float64", view="t", dim=0)
# max / min
case("max/all", "max")
case("max/ties_all", "max", data=[[1.0, 3.0, 3.0], [2.0, 3.0, 2.0]], shape=(2, 3))
case("min/ties_all", "min", data=[[1.0, 3.0, 1.0], [2.0, 1.0, 2.0]], shape=(2, 3))
case("max/dim1", "max", dim=1)
case("max/dim0_keepdim", "max", dim=0, keepdim=True)
case("max/ties_dim", "max", data=[[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]], shape=(2, 3), dim=1)
case("min/dim_neg", "min", shape=(2, 3, 4), dim=-2)
case("min/t_view", "min", view="t", dim=1)
case("max/nan_dim", "max", data=[1.0, float("nan"), 3.0, float("nan")], shape=(4,), dim=0)
case("max/nan_all", "max", data=[1.0, float("nan"), 3.0, float("nan")], shape=(4,))
case("max/int64_dim", "max", data=[[1, 7, 3], [4, 5, 6]], shape=(2, 3), dtype="int64", dim=1)
case("min/bool", "min", data=[True, False, True], shape=(3,), dtype="bool", dim=0)
case("max/float64", "max", dtype="float64", shape=(2, 5), dim=1)
# amax / amin
case("amax/all", "amax")
case("amax/dim_list", "amax", shape=(2, 3, 4), dim=[0, 2])
case("amax/ties", "amax", data=[[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]], shape=(2, 3), dim=1)
case("amin/ties_keepdim", "amin", data=[[1.0, 1.0, 3.0], [0.0, 0.0, 0.0]], shape=(2, 3), dim=1,
     keepdim=True)
case("amin/int64", "amin", data=[[1, 7, 3], [4, 5, 6]], shape=(2, 3), dtype="int64", dim=0)
# logsumexp
case("logsumexp/dim1", "logsumexp", dim=1)
case("logsumexp/dims_keepdim", "logsumexp", shape=(2, 3, 4), dim=[0, 2], keepdim=True)
case("logsumexp/large", "logsumexp", data=[[1000.0, 1000.0], [-1000.0, -1001.0]], shape=(2, 2),
     dim=1)
case("logsumexp/inf", "logsumexp",
     data=[[1.0, float("-inf")], [float("-inf"), float("-inf")], [float("inf"), 1.0]],
     shape=(3, 2), dim=1)
case("logsumexp/int64", "logsumexp", data=[[1, 2], [3, 4]], shape=(2, 2), dtype="int64", dim=1)
case("logsumexp/float64_t", "logsumexp", dtype="float64", view="t", dim=0)
# var / std
case("var/all", "var")
case("var/dim1", "var", dim=1)
case("var/unbiased_false", "var", dim=0, unbiased=False, keepdim=True)
case("var/correction0", "var", shape=(2, 3, 4), dim=[0, 2], correction=0)
case("var/correction2", "var", dim=1, correction=2)
case("var/dof_zero", "var", dim=1, correction=4)
case("var/one_element", "var", data=[[1.5, 2.5]], shape=(1, 2), dim=0)
case("std/all", "std")
case("std/dim1", "std", dim=1)
case("std/unbiased_false_t", "std", view="t", dim=1, unbiased=False)
case("std/constant", "std", data=[[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]], shape=(2, 3), dim=1)
case("std/float64", "std", dtype="float64", dim=0, correction=0)
# norm
case("norm/default", "norm")
case("norm/p2_dim1", "norm", p=2, dim=1)
case("norm/p1", "norm", p=1)
case("norm/p1_zeros", "norm", data=[[0.0, -2.0, 1.0], [0.0, 0.0, 0.0]], shape=(2, 3), p=1, dim=1)
case("norm/p3", "norm", p=3, dim=1, keepdim=True)
case("norm/p3_zero", "norm", data=[[0.0, -2.0, 1.0], [0.0, 0.0, 0.0]], shape=(2, 3), p=3, dim=1)
case("norm/p1_5", "norm", p=1.5, dim=0)
case("norm/p0_5", "norm", data=[[0.5, -2.0, 1.0], [3.0, 1.0, 0.25]], shape=(2, 3), p=0.5, dim=1)
case("norm/p0", "norm", data=[[0.0, -2.0, 1.0], [0.0, 0.0, 0.0]], shape=(2, 3), p=0, dim=1)
case("norm/inf", "norm", p="inf")
case("norm/inf_ties", "norm", data=[[1.0, -3.0, 3.0], [0.0, 0.0, 0.0]], shape=(2, 3), p="inf",
     dim=1)
case("norm/neg_inf", "norm", p="-inf", dim=1)
case("norm/fro_dims", "norm", shape=(2, 3, 4), p="fro", dim=[1, 2])
case("norm/fro_dim", "norm", p="fro", dim=0)
case("norm/zero_vector", "norm", data=[[0.0, 0.0, 0.0], [3.0, 4.0, 0.0]], shape=(2, 3), dim=1)
case("norm/zero_all", "norm", data=[0.0, 0.0], shape=(2,))
case("norm/float64_t", "norm", dtype="float64", view="t", dim=1)
# cumsum
case("cumsum/dim1", "cumsum", dim=1)
case("cumsum/dim0_t", "cumsum", view="t", dim=0)
case("cumsum/3d", "cumsum", shape=(2, 3, 4), dim=-2)
case("cumsum/int64", "cumsum", data=[[1, 2, 3], [4, 5, 6]], shape=(2, 3), dtype="int64", dim=1)
case("cumsum/bool", "cumsum", data=[True, False, True], shape=(3,), dtype="bool", dim=0)
case("cumsum/float64", "cumsum", dtype="float64", dim=0)
# topk
case("topk/k2", "topk", k=2)
case("topk/smallest_dim0", "topk", k=2, dim=0, largest=False)
case("topk/3d", "topk", shape=(2, 3, 4), k=3, dim=1)
case("topk/t_view", "topk", view="t", k=1, dim=1)
case("topk/nan", "topk", data=[1.0, float("nan"), 3.0, 2.0], shape=(4,), k=2)
case("topk/int64", "topk", data=[[1, 7, 3], [4, 5, 6]], shape=(2, 3), dtype="int64", k=2)
case("topk/float64", "topk", dtype="float64", k=3)
# sort
case("sort/default", "sort")
case("sort/descending_dim0", "sort", dim=0, descending=True)
case("sort/3d", "sort", shape=(2, 3, 4), dim=1)
case("sort/t_view", "sort", view="t", dim=1)
case("sort/nan", "sort", data=[1.0, float("nan"), 3.0, float("nan"), -1.0], shape=(5,))
case("sort/nan_desc", "sort", data=[1.0, float("nan"), 3.0, float("nan"), -1.0], shape=(5,),
     descending=True)
case("sort/stable_ties", "sort", data=[2.0, 1.0, 2.0, 1.0, 0.0, 2.0], shape=(6,), stable=True)
case("sort/stable_ties_desc", "sort", data=[2.0, 1.0, 2.0, 1.0, 0.0, 2.0], shape=(6,),
     stable=True, descending=True)
case("sort/int64", "sort", data=[[3, 1, 2], [0, 5, 4]], shape=(2, 3), dtype="int64", dim=1)
case("sort/bool", "sort", data=[True, False, True, False], shape=(4,), dtype="bool", stable=True)
case("sort/float64", "sort", dtype="float64", dim=1)


def make(name, data, shape, dtype):
    torch.manual_seed(zlib.crc32(name.encode()))
    if data is not None:
        x = torch.tensor(data, dtype=DT[dtype]).reshape(shape)
    else:
        x = torch.randn(*shape, dtype=DT[dtype])
    return x


def run():
    cases = []
    for name, op, data, shape, dtype, view, args in CASES:
        x = make(name, data, shape, dtype)
        floating = x.is_floating_point()
        x.requires_grad_(floating)
        src = x.t() if view == "t" else x
        res = call(op, src, args)
        values, indices = (res[0], res[1]) if isinstance(res, tuple) else (res, None)
        rec = {
            "name": name,
            "op": op,
            "args": args,
            "input": {**record(x), "requires_grad": floating},
            "out": record(values),
            "repr": str(res),
            "grad_fn": values.grad_fn.name() if values.grad_fn is not None else None,
            "grad_output": None,
            "grad": None,
        }
        if view is not None:
            rec["view"] = view
        if indices is not None:
            rec["indices"] = record(indices)
        if values.requires_grad:
            if values.dim() == 0:
                values.backward()
            else:
                g = torch.randn(values.shape, dtype=values.dtype)
                rec["grad_output"] = record(g)
                values.backward(g)
            # torch returns no gradient at all for some ops (norm with p = 0): zeros.
            rec["grad"] = record(x.grad if x.grad is not None else torch.zeros_like(x))
            rec["grad_is_none"] = x.grad is None
        cases.append(rec)
    with open(OUT, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    run()
