"""Reference values for tests/hardening_test.ts (issue 22, hardening round 3): the chains the op
table (tools/opinfo/hardening.py) cannot express, computed by PyTorch 1.13.

    /usr/bin/python3 tools/gen_hardening_fixtures.py   # writes tests/fixtures/hardening.json
"""

import json
import math
import os
import warnings

import torch

warnings.simplefilter("ignore")


def num(v):
    """A float as JSON: the strings "inf", "-inf", "nan" for the non-finite ones."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def flat(t):
    return [num(v) for v in t.detach().reshape(-1).tolist()]


out = {"torch_version": torch.__version__}

# divergence.cross_entropy(p, q) = -sum xlogy(p, q): its gradient in p is -log q, at p = 0 too.
ce = []
for p, q in [
    ([0.0, 0.5, 0.5], [0.2, 0.3, 0.5]),
    ([0.0, 0.0, 1.0, 0.0], [0.1, 0.4, 0.25, 0.25]),
    ([0.25, 0.0, 0.75], [0.5, 0.0, 0.5]),
]:
    for dtype in ["float32", "float64"]:
        pt = torch.tensor(p, dtype=getattr(torch, dtype), requires_grad=True)
        qt = torch.tensor(q, dtype=getattr(torch, dtype))
        v = -torch.xlogy(pt, qt).sum()
        v.backward()
        ce.append({"dtype": dtype, "p": p, "q": q, "value": num(v), "grad_p": flat(pt.grad)})
out["cross_entropy_grad"] = ce

# int64 never holds -0: 1 / x.float() tells +0 from -0.
zero = torch.tensor([0, 0])
out["int64_zero"] = {
    "neg": flat(zero.neg().float().reciprocal()),
    "mul": flat(zero.mul(-3).float().reciprocal()),
    "mul_tensor": flat(zero.mul(torch.tensor([-1, -7])).float().reciprocal()),
    "floor": flat(torch.div(zero, -3, rounding_mode="floor").float().reciprocal()),
    "trunc": flat(torch.div(zero, -3, rounding_mode="trunc").float().reciprocal()),
    "floor_divide": flat(torch.floor_divide(zero, -2).float().reciprocal()),
    "neg_": flat(zero.clone().neg_().float().reciprocal()),
    "mul_": flat(zero.clone().mul_(-4).float().reciprocal()),
    "sum": flat(zero.neg().sum().float().reciprocal().reshape(1)),
}

# fill_ and index_put_ write expanded tensors.
x = torch.zeros(1, 3)
x.expand(2, 3).fill_(2.5)
y = torch.zeros(2, 1)
y.expand(2, 4).fill_(-1)
z = torch.zeros(1, 3)
z.expand(2, 3).index_put_((torch.tensor([0]),), torch.tensor(5.0))
w = torch.zeros(1, 3)
w.expand(2, 3).index_put_((torch.tensor([1]), torch.tensor([2])), torch.tensor(7.0))
out["expanded_writes"] = {
    "fill": flat(x), "fill_columns": flat(y), "index_put_row": flat(z), "index_put_point": flat(w),
}

# var() changed in place: no false "modified by an inplace operation".
a = torch.tensor([1.0, 2.0, 4.0, 7.0], requires_grad=True)
v = a.var()
v.add_(1)
v.backward()
b = torch.tensor([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], dtype=torch.float64, requires_grad=True)
vb = b.var(1)
vb.mul_(2)
vb.sum().backward()
out["var_inplace"] = {
    "value": num(v), "grad": flat(a.grad), "value_dim": flat(vb), "grad_dim": flat(b.grad),
}

# print(optimizer)
p = torch.zeros(2, requires_grad=True)
out["optimizer_repr"] = {
    "adam": repr(torch.optim.Adam([p], lr=0.1)),
    "sgd": repr(torch.optim.SGD([p], lr=0.5, momentum=0.9)),
}

path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "hardening.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"{path}: written")
