"""How the fixture generators write numbers into JSON: the one encoder of tools/gen_*.py and
tests/ports/_common.py.

    from fixture_json import Encoding

    NUMBERS = Encoding()                # the convention; keywords choose a fixture's variant
    NUMBERS.data(t)                     # a torch tensor's elements, row-major, as JSON values
    NUMBERS.values(xs, "float32")       # a sequence of one dtype's elements
    NUMBERS.number(x)                   # one value (dtype "float64" unless given)

A script run as `/usr/bin/python3 tools/gen_X.py` has tools/ on sys.path already (Python puts
the script's directory first); tests/ports/_common.py appends tools/ itself. Values may be
Python or numpy scalars. The module needs numpy, not torch.

The convention (what the tests in tests/ read back):
  - JSON has no literal for NaN and the infinities: they are the strings "nan", "inf" and
    "-inf" (so json.dump never writes its non-standard NaN and Infinity).
  - float64 values stay Python floats, which json writes with repr: the shortest decimal that
    rounds back to the same double, so the value is exact.
  - float32 values are the shortest decimal that rounds back to the same float32 (numpy's str
    of the np.float32, which numpy 1.x also gives as its repr; numpy 2's repr adds the type).
    JavaScript parses it as a double, and Math.fround (or a Float32Array) rounds that to the
    exact float32 bits; the encoder asserts that the two roundings (decimal to double, double
    to float32) give the element back.
  - Integer dtypes are JSON integers, bool is true / false. Negative zero is the number -0.0.
A dtype is a torch dtype or its name ("float32", "int64", "bool", ...).

The variants, one keyword each; the fixtures made with them keep their text:
  float32="exact"         float32 as the double it widens to (Python's repr of that double, up
                          to 17 digits; exact as well): core.json, distributions.json and the
                          ports' fixtures
  bools="int"             bool as 0 and 1 (core.json)
  negative_zero="string"  -0.0 as the string "-0", so no JSON tool can lose its sign
                          (format.json)
  integral="int"          a float with an integer value below 2**53 as a JSON integer, 1 rather
                          than 1.0 (format.json)
  nan="error"             NaN raises ValueError, for references that may be infinite but must
                          not be NaN (csv_kl.json)
"""

import math

import numpy as np

_OPTIONS = {
    "float32": ("shortest", "exact"),
    "bools": ("json", "int"),
    "negative_zero": ("number", "string"),
    "integral": ("float", "int"),
    "nan": ("string", "error"),
}
_FLOATS = ("float16", "bfloat16", "float32", "float64")


def dtype_name(dtype):
    """A dtype's name: "float32" for torch.float32 and for "float32"."""
    return str(dtype).replace("torch.", "")


class Encoding:
    """The convention of the module docstring with one fixture's variants."""

    def __init__(self, float32="shortest", bools="json", negative_zero="number",
                 integral="float", nan="string"):
        chosen = {"float32": float32, "bools": bools, "negative_zero": negative_zero,
                  "integral": integral, "nan": nan}
        for key, value in chosen.items():
            if value not in _OPTIONS[key]:
                raise ValueError(f"{key}={value!r}: one of {_OPTIONS[key]}")
        self.shorten_float32 = float32 == "shortest"
        self.bools_as_int = bools == "int"
        self.negative_zero_string = negative_zero == "string"
        self.integral_as_int = integral == "int"
        self.nan_allowed = nan == "string"

    def number(self, v, dtype="float64"):
        """One element of a tensor of `dtype`, as the JSON value to write."""
        return self._encoder(dtype)(v)

    def values(self, xs, dtype):
        """Elements of one dtype (e.g. a tensor's tolist(), flattened), as JSON values."""
        encode = self._encoder(dtype)
        return [encode(v) for v in xs]

    def data(self, t):
        """A torch tensor's elements flattened row-major (C order), as JSON values."""
        return self.values(t.detach().reshape(-1).tolist(), t.dtype)

    def _encoder(self, dtype):
        name = dtype_name(dtype)
        if name == "bool":
            return int if self.bools_as_int else bool
        if name.startswith(("int", "uint")):
            return int
        if name in _FLOATS:
            shorten = self.shorten_float32 and name == "float32"
            return lambda v: self._float(v, shorten)
        raise TypeError(f"no JSON encoding for dtype {name}")

    def _float(self, v, shorten):
        v = float(v)
        if math.isnan(v):
            if not self.nan_allowed:
                raise ValueError("NaN where the fixture allows none")
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if self.negative_zero_string and v == 0 and math.copysign(1.0, v) < 0:
            return "-0"
        if shorten:
            text = str(np.float32(v))
            short = float(text)
            # The reader's two roundings: the decimal to a double, then the double to float32.
            assert np.float32(short) == np.float32(v), (v, text)
            v = short
        if self.integral_as_int and v.is_integer() and abs(v) < 2**53:
            return int(v)
        return v
