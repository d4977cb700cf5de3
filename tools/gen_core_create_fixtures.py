#!/usr/bin/env python3
"""What the op table cannot express for issue 19's creation family: devices and their reprs,
finfo/iinfo, the generator's state bytes, Generator objects and `generator=`, the legacy
constructors' shapes, iteration, T/mT, aliasing, and messages. Writes
tests/fixtures/core_create.json, read by tests/core_create_test.ts.

    /usr/bin/python3 tools/gen_core_create_fixtures.py
"""

import json
import os

import torch

from fixture_json import Encoding

NUMBERS = Encoding()
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "core_create.json")


def message(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        return {"type": type(e).__name__, "message": str(e)}
    raise SystemExit("expected an error")


def data(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": NUMBERS.data(t)}


def main():
    out = {"torch_version": torch.__version__}

    out["devices"] = [
        {"args": ["cpu"], "repr": repr(torch.device("cpu")), "str": str(torch.device("cpu")),
         "type": "cpu", "index": None},
        {"args": ["cpu:0"], "repr": repr(torch.device("cpu:0")), "str": str(torch.device("cpu:0")),
         "type": "cpu", "index": 0},
        {"args": ["cuda", 1], "repr": repr(torch.device("cuda", 1)),
         "str": str(torch.device("cuda", 1)), "type": "cuda", "index": 1},
        {"args": ["mps"], "repr": repr(torch.device("mps")), "str": str(torch.device("mps")),
         "type": "mps", "index": None},
    ]
    out["device_errors"] = [
        {"args": ["foo"], **message(lambda: torch.device("foo"))},
        {"args": ["cuda:x"], **message(lambda: torch.device("cuda:x"))},
    ]
    out["tensor_device_repr"] = repr(torch.tensor([1.0]).device)
    out["cuda"] = {"is_available": torch.cuda.is_available(),
                   "device_count": torch.cuda.device_count()}

    out["finfo"] = {}
    for name, dt in [("float32", torch.float32), ("float64", torch.float64)]:
        f = torch.finfo(dt)
        out["finfo"][name] = {"bits": f.bits, "eps": f.eps, "max": f.max, "min": f.min,
                              "tiny": f.tiny, "smallest_normal": f.smallest_normal,
                              "resolution": f.resolution, "repr": repr(f)}
    i = torch.iinfo(torch.int64)
    out["iinfo"] = {"int64": {"bits": i.bits, "max": str(i.max), "min": str(i.min),
                              "repr": repr(i)}}
    out["info_errors"] = {
        "iinfo_bool": message(lambda: torch.iinfo(torch.bool)),
        "finfo_int64": message(lambda: torch.finfo(torch.int64)),
    }

    # The global generator's state bytes at several points.
    states = []
    torch.manual_seed(0)
    states.append({"after": "manual_seed(0)", "bytes": torch.get_rng_state().tolist()})
    torch.rand(3)
    states.append({"after": "rand(3)", "bytes": torch.get_rng_state().tolist()})
    torch.randn(1, dtype=torch.float64)
    states.append({"after": "randn(1, float64)", "bytes": torch.get_rng_state().tolist()})
    torch.rand(700)
    states.append({"after": "rand(700)", "bytes": torch.get_rng_state().tolist()})
    torch.manual_seed(2 ** 40 + 7)
    states.append({"after": "manual_seed(2**40 + 7)", "bytes": torch.get_rng_state().tolist()})
    out["rng_states"] = states
    # Draws after restoring a state taken mid-stream (with a cached normal).
    torch.manual_seed(3)
    torch.randn(1, dtype=torch.float64)
    saved = torch.get_rng_state()
    a = torch.randn(3, dtype=torch.float64)
    torch.set_rng_state(saved)
    b = torch.randn(3, dtype=torch.float64)
    out["restore"] = {"seed": 3, "first": data(a), "again": data(b)}

    g = torch.Generator()
    out["generator"] = {"default_seed": str(g.initial_seed()),
                        "default_state": g.get_state().tolist()}
    g.manual_seed(5)
    out["generator"]["rand"] = data(torch.rand(3, generator=g))
    out["generator"]["randn"] = data(torch.randn(20, generator=g, dtype=torch.float64))
    out["generator"]["randint"] = data(torch.randint(0, 10, (6,), generator=g))
    out["generator"]["randperm"] = data(torch.randperm(8, generator=g))
    out["generator"]["uniform_"] = data(torch.empty(4).uniform_(-1, 1, generator=g))
    out["generator"]["normal_"] = data(torch.empty(4, dtype=torch.float64).normal_(
        2.0, 0.5, generator=g))
    out["generator"]["bernoulli"] = data(torch.bernoulli(torch.full((8,), 0.5), generator=g))
    out["generator"]["multinomial"] = data(torch.multinomial(torch.tensor([0.2, 0.3, 0.5]), 4,
                                                             True, generator=g))
    out["generator"]["state_after"] = g.get_state().tolist()

    # Legacy constructors with sizes (uninitialised in torch: shapes and dtypes only).
    out["legacy_shapes"] = {
        "Tensor(2, 3)": [list(torch.Tensor(2, 3).shape), str(torch.Tensor(2, 3).dtype)],
        "Tensor()": [list(torch.Tensor().shape), str(torch.Tensor().dtype)],
        "LongTensor(4)": [list(torch.LongTensor(4).shape), str(torch.LongTensor(4).dtype)],
        "long.new(2, 2)": [list(torch.tensor([1]).new(2, 2).shape),
                           str(torch.tensor([1]).new(2, 2).dtype)],
        "new_empty": [list(torch.tensor([1.0]).new_empty((2, 3)).shape),
                      str(torch.tensor([1.0]).new_empty((2, 3)).dtype)],
        "empty_like": [list(torch.empty_like(torch.tensor([[1, 2]])).shape),
                       str(torch.empty_like(torch.tensor([[1, 2]])).dtype)],
    }
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    alias = torch.Tensor(x)
    out["legacy_alias"] = {"grad_fn": alias.grad_fn.name(), "repr": repr(alias)}
    out["typed_error"] = message(lambda: torch.FloatTensor(torch.tensor([1, 2])))

    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    out["iter"] = [repr(r) for r in m]
    out["iter_error"] = message(lambda: iter(torch.tensor(1.0)))
    y = torch.arange(24.0).reshape(2, 3, 4)
    out["T"] = {"shape": list(y.T.shape), "stride": list(y.T.stride())}
    out["mT"] = {"shape": list(y.mT.shape), "stride": list(y.mT.stride())}
    out["mT_error"] = message(lambda: torch.tensor([1.0]).mT)
    out["numpy_error"] = message(lambda: x.numpy())
    out["cuda_error"] = message(lambda: torch.zeros(2, device="cuda"))
    r = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    r.resize_as_(torch.zeros(2, 2))
    out["resize_as_"] = {"shape": list(r.shape), "stride": list(r.stride()), "data": r.tolist(),
                         "error": message(lambda: torch.zeros(2, requires_grad=True)
                                          .resize_as_(torch.zeros(3)))}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(OUT)


main()
