#!/usr/bin/env python3
"""Fixtures for save/load (tests/io_test.ts), both directions, with PyTorch 1.13:

    deno run -A tools/write_io_samples.ts        # kldiv writes tests/fixtures/io/kldiv_*.pt
    /usr/bin/python3 tools/gen_io_fixtures.py    # torch writes torch_*.pt, reads kldiv_*.pt

torch_<name>.pt: files torch.save wrote; torch_files.json: what torch.load gives back for each.
kldiv_files.json: what torch.load sees in each kldiv_<name>.pt. Also two files that must be
refused: torch_legacy.pt (the pre-1.6 format) and torch_malicious.pt (a pickle naming
os.system), and torch_int64_2_53.pt, whose int64 2**53 kldiv cannot hold exactly. Structures are encoded as {"tensor": {...}}, {"dict": [[key, value], ...]},
{"list": [...]}, {"tuple": [...]}, {"int"}, {"float"}, {"bool"}, {"str"}, null.
"""

import collections
import glob
import io
import json
import os
import pickle
import zipfile

import torch

from fixture_json import Encoding, dtype_name

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "..", "tests", "fixtures", "io")
NUMBERS = Encoding()


def enc(obj, storages):
    if isinstance(obj, torch.Tensor):
        key = obj.storage().data_ptr()
        storages.setdefault(key, len(storages))
        return {"tensor": {"data": NUMBERS.data(obj), "shape": list(obj.shape),
                           "dtype": dtype_name(obj.dtype), "stride": list(obj.stride()),
                           "offset": obj.storage_offset(), "requires_grad": obj.requires_grad,
                           "parameter": isinstance(obj, torch.nn.Parameter),
                           "storage": storages[key]}}
    if isinstance(obj, dict):
        return {"dict": [[enc(k, storages), enc(v, storages)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return {"list": [enc(v, storages) for v in obj]}
    if isinstance(obj, tuple):
        return {"tuple": [enc(v, storages) for v in obj]}
    if isinstance(obj, bool):
        return {"bool": obj}
    if isinstance(obj, int):
        return {"int": obj} if abs(obj) <= 2**53 else {"bigint": str(obj)}
    if isinstance(obj, float):
        return {"float": NUMBERS.number(obj)}
    if isinstance(obj, str):
        return {"str": obj}
    if obj is None:
        return None
    raise TypeError(type(obj))


def torch_objects():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    return {
        "state_dict": model.state_dict(),
        "teacher_logits": {"logits": torch.randn(4, 10), "labels": torch.tensor([3, 1, 4, 1])},
        "dtypes": {
            "float32": torch.tensor([1.5, -0.0, float("inf"), float("nan")]),
            "float64": torch.tensor([1e-300, -2.5], dtype=torch.float64),
            "int64": torch.tensor([-(2**53 - 1), 2**53 - 1, 7]),
            "bool": torch.tensor([[True, False], [False, True]]),
            "float16": torch.tensor([0.1, -65504.0, 6e-8], dtype=torch.float16),
            "bfloat16": torch.tensor([0.1, -3.0e38], dtype=torch.bfloat16),
            "int32": torch.tensor([-5, 2**31 - 1], dtype=torch.int32),
            "int16": torch.tensor([-300], dtype=torch.int16),
            "int8": torch.tensor([-128, 127], dtype=torch.int8),
            "uint8": torch.tensor([0, 255], dtype=torch.uint8),
            "scalar": torch.tensor(3.25),
            "empty": torch.zeros(0, 3),
        },
        "containers": {"list": [1, -2, 2**40, 0.5, "s", None, True, False],
                       "tuple": (1, (2.0, "x")), 7: "int key", "big": 2**70,
                       "ordered": collections.OrderedDict(b=1, a=2)},
        "views": {"base": base, "column": base[:, 1], "transposed": base.t(),
                  "tail": base.view(-1)[5:9]},
        "leaf": {"w": torch.tensor([0.5, -1.0], requires_grad=True),
                 "p": torch.nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))},
    }


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def write_malicious(path):
    buf = io.BytesIO()
    torch.save({"x": torch.zeros(1)}, buf)
    buf.seek(0)
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("data.pkl"):
                data = pickle.dumps({"x": Evil()}, protocol=2)
            out.writestr(info.filename.replace("archive", "torch_malicious"), data)


def main():
    expected = {}
    for name, obj in torch_objects().items():
        path = os.path.join(DIR, f"torch_{name}.pt")
        torch.save(obj, path)
        expected[name] = enc(torch.load(path), {})
    torch.save({"big": torch.tensor([2**53])}, os.path.join(DIR, "torch_int64_2_53.pt"))
    torch.save({"x": torch.zeros(2)}, os.path.join(DIR, "torch_legacy.pt"),
               _use_new_zipfile_serialization=False)
    write_malicious(os.path.join(DIR, "torch_malicious.pt"))
    with open(os.path.join(DIR, "torch_files.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "files": expected}, f, separators=(",", ":"))
        f.write("\n")
    seen = {}
    for path in sorted(glob.glob(os.path.join(DIR, "kldiv_*.pt"))):
        name = os.path.basename(path)[len("kldiv_"):-len(".pt")]
        seen[name] = enc(torch.load(path), {})
    with open(os.path.join(DIR, "kldiv_files.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "files": seen}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(expected)} torch files, {len(seen)} kldiv files read by torch")


if __name__ == "__main__":
    main()
