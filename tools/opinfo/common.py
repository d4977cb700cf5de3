"""The op table's vocabulary (see README.md beside this file): Entry, Sample, Err, T, Module,
DType, Device, and how tools/gen_opinfo_fixtures.py runs an entry in PyTorch and encodes what it
saw. Needs torch (Debian's python3-torch, PyTorch 1.13)."""

import math
import os
import re
import sys
import zlib

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from fixture_json import Encoding, dtype_name  # noqa: E402

NUMBERS = Encoding()
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64,
          "bool": torch.bool}


class T:
    """A tensor argument: random values in [low, high) (ints in int_range) or exact values."""

    def __init__(self, shape=None, dtype="float32", low=-2.0, high=2.0, values=None,
                 requires_grad=None, int_range=(0, 5), noncontiguous=False):
        if shape is None and values is None:
            raise ValueError("T needs a shape or values")
        self.shape = list(shape) if shape is not None else None
        self.dtype = dtype
        self.low, self.high = low, high
        self.values = values
        self.requires_grad = requires_grad
        self.int_range = int_range
        self.noncontiguous = noncontiguous

    def build(self, seed):
        dt = DTYPES[self.dtype]
        if self.values is not None:
            vals = [float(v) if isinstance(v, str) else v for v in _flat(self.values)]
            t = torch.tensor(vals, dtype=dt)
            shape = self.shape if self.shape is not None else list(_shape_of(self.values))
            t = t.reshape(shape)
        else:
            g = torch.Generator().manual_seed(seed)
            if dt == torch.bool:
                t = torch.rand(self.shape, generator=g) < 0.5
            elif dt == torch.int64:
                t = torch.randint(self.int_range[0], self.int_range[1], self.shape, generator=g)
            else:
                t = torch.rand(self.shape, generator=g, dtype=torch.float64)
                t = (t * (self.high - self.low) + self.low).to(dt)
        return t


def _flat(v):
    if isinstance(v, (list, tuple)):
        out = []
        for x in v:
            out.extend(_flat(x))
        return out
    return [v]


def _shape_of(v):
    shape = []
    while isinstance(v, (list, tuple)):
        shape.append(len(v))
        v = v[0] if v else None
    return shape


class DType:
    """A dtype argument (torch.float64 in torch, "float64" in kldiv)."""

    def __init__(self, name):
        self.name = name


class Device:
    """A device argument (torch.device("cpu") in torch, device("cpu") in kldiv)."""

    def __init__(self, name):
        self.name = name


class Module:
    """A sample's first argument when the entry is a module class: its constructor's arguments."""

    def __init__(self, *args, train=True, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.train = train


class Sample:
    """One call: positional arguments and torch keyword arguments."""

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


class Err:
    """A call torch refuses; `match` must match torch's message and kldiv's."""

    def __init__(self, *args, match, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.match = match


class Entry:
    """One name of the surface, its samples and its bad calls."""

    def __init__(self, call, samples=(), errors=(), grad=False, gradgrad=False, rtol=None,
                 atol=None, grad_rtol=None, grad_atol=None, ulp=None, random=False,
                 same_draws=False, check=None, name=None, seed=None, gradcheck=True,
                 signs=None):
        self.call = call
        self.samples = list(samples)
        self.errors = list(errors)
        self.grad = grad
        self.gradgrad = gradgrad
        self.rtol, self.atol, self.ulp = rtol, atol, ulp
        self.grad_rtol, self.grad_atol = grad_rtol, grad_atol
        self.random = random
        self.same_draws = same_draws
        self.check = check
        self.name = name or call
        self.seed = seed
        self.gradcheck = gradcheck
        # {flat output index: "columns" | "rows"}: defined up to those signs (eigenvectors).
        self.signs = {str(k): v for k, v in signs.items()} if signs else None


# ---- running an entry in torch ----

def resolve(call):
    """The torch callable for a path: "torch.X", "torch.nn.functional.X", "Tensor.X", ..."""
    if call.startswith("Tensor."):
        method = call[len("Tensor."):]
        return lambda self, *a, **k: getattr(self, method)(*a, **k)
    obj = torch
    for part in call.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def crc(text):
    return zlib.crc32(text.encode())


def materialize(value, seed, leaves, grad):
    """Builds torch arguments; tensors become leaves (require grad when float and `grad`)."""
    if isinstance(value, T):
        t = value.build(seed + len(leaves))
        if value.noncontiguous and t.dim() >= 2:
            t = t.transpose(0, 1).contiguous().transpose(0, 1)
        wants = value.requires_grad if value.requires_grad is not None else grad
        if wants and t.is_floating_point():
            t.requires_grad_(True)
        leaves.append((value, t))
        return t
    if isinstance(value, DType):
        return DTYPES[value.name]
    if isinstance(value, Device):
        return torch.device(value.name)
    if isinstance(value, (list, tuple)) and any(isinstance(v, (T, DType, Device)) for v in value):
        return type(value)(materialize(v, seed, leaves, grad) for v in value)
    return value


def encode_tensor(t, requires_grad=None):
    t = t.detach() if isinstance(t, torch.Tensor) else t
    if isinstance(t, torch.Tensor) and t._is_zerotensor():
        # autograd's unallocated zeros (e.g. a second derivative that is identically 0)
        t = torch.zeros(t.shape, dtype=t.dtype)
    rec = {"data": NUMBERS.data(t), "shape": list(t.shape), "dtype": dtype_name(t.dtype)}
    if requires_grad is not None:
        rec["requires_grad"] = requires_grad
    if t.dim() >= 2 and not t.is_contiguous():
        rec["transposed"] = True
    return rec


def encode_arg(value, leaves_iter):
    """The JSON form of an argument as the fixture stores it (tensors by their recorded values)."""
    if isinstance(value, T):
        spec, t = next(leaves_iter)
        rec = encode_tensor(t, t.requires_grad)
        if spec.noncontiguous and t.dim() >= 2:
            rec["transposed"] = True
        return {"tensor": rec}
    if isinstance(value, DType):
        return {"dtype": value.name}
    if isinstance(value, Device):
        return {"device": value.name}
    if isinstance(value, Module):
        raise TypeError("Module only as a sample's first argument")
    if isinstance(value, float) and not math.isfinite(value):
        return {"num": NUMBERS.number(value)}
    if isinstance(value, (list, tuple)):
        items = [encode_arg(v, leaves_iter) for v in value]
        return items if isinstance(value, list) else {"tuple": items}
    if isinstance(value, dict):
        raise TypeError("dict arguments are not encodable")
    return value


def encode_output(out):
    """The JSON form of what an op returned."""
    if isinstance(out, torch.Tensor):
        return {"tensor": encode_tensor(out)}
    if isinstance(out, torch.Size):
        return {"size": list(out)}
    if isinstance(out, tuple) and hasattr(out, "_fields") or type(out).__module__ == "torch.return_types":
        # __match_args__ lists a structseq's fields in order (dir() sorts them).
        fields = list(getattr(out, "_fields", None) or getattr(type(out), "__match_args__", None)
                      or [f for f in dir(out) if not f.startswith("_")
                                                          and f not in ("count", "index", "n_fields",
                                                                        "n_sequence_fields",
                                                                        "n_unnamed_fields")])
        return {"named_tuple": type(out).__name__, "fields": fields,
                "items": [encode_output(v) for v in out]}
    if isinstance(out, tuple):
        return {"tuple": [encode_output(v) for v in out]}
    if isinstance(out, list):
        return {"list": [encode_output(v) for v in out]}
    if isinstance(out, bool):
        return {"bool": out}
    if isinstance(out, int):
        return {"int": out}
    if isinstance(out, float):
        return {"float": NUMBERS.number(out)}
    if out is None:
        return None
    if isinstance(out, torch.dtype):
        return {"dtype": dtype_name(out)}
    if isinstance(out, str):
        return {"str": out}
    raise TypeError(f"cannot encode output of type {type(out).__name__}")


def flat_tensors(out):
    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        return [t for v in out for t in flat_tensors(v)]
    return []


def state_dict_record(module):
    return {k: encode_tensor(v) for k, v in module.state_dict().items()}
