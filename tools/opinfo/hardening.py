"""Hardening round 3 (issue 22): the numeric differences from torch it found, as table entries
(int64 never -0, empty reductions over a nonzero dim, norm gradients at zeros and NaN,
kl_div refusing integral inputs). Chains the table cannot express are in
tools/gen_hardening_fixtures.py and tests/hardening_test.ts."""

from common import Entry, Err, Sample, T

I64 = dict(dtype="int64")
NAN = "nan"

ENTRIES = [
    # An int64 holds no -0: the runner compares signed zeros exactly.
    Entry("Tensor.neg", samples=[Sample(T(values=[0, 1, -2, 0], **I64))]),
    Entry("Tensor.mul", samples=[
        Sample(T(values=[0, 0, 3], **I64), -3),
        Sample(T(values=[0, 2, 0], **I64), T(values=[-1, -2, -5], **I64)),
    ]),
    Entry("Tensor.div", samples=[
        Sample(T(values=[0, 5, -7, 0], **I64), -3, rounding_mode="floor"),
        Sample(T(values=[0, 5, -7, 0], **I64), -3, rounding_mode="trunc"),
        Sample(T(values=[0, 4], **I64), T(values=[-1, -3], **I64), rounding_mode="floor"),
    ]),
    Entry("Tensor.floor_divide", samples=[Sample(T(values=[0, 1, 0], **I64), -3)]),
    # Reducing an empty tensor over a dim of nonzero size gives an empty result.
    Entry("Tensor.argmax", samples=[
        Sample(T([0, 3]), -1),
        Sample(T([0, 3]), 1, True),
    ], errors=[
        Err(T([0, 3]), 0, match=r"Expected reduction dim 0 to have non-zero size"),
        Err(T([0, 3]), match=r"Expected reduction dim to be specified for input.numel\(\) == 0"),
    ]),
    Entry("Tensor.argmin", samples=[Sample(T([3, 0]), 0)], errors=[
        Err(T([3, 0]), 1, match=r"Expected reduction dim 1 to have non-zero size"),
    ]),
    # Tensor.norm over an empty dim is 0 for every p, ±inf included.
    Entry("torch.norm", samples=[
        Sample(T([0, 3]), float("inf"), 0),
        Sample(T([3, 0]), float("inf"), 1),
        Sample(T([0, 3]), float("-inf"), 0),
        Sample(T([0, 3]), 2, 0),
        Sample(T([0, 3]), float("inf")),
        Sample(T([0, 3]), float("inf"), 0, True),
        Sample(T([0, 3]), float("inf"), 1),
    ]),
    # norm gradients: 0 at zero entries for p < 1; 0 at NaN entries for p = 1 and ±inf.
    # float32 only: a central-difference gradcheck is meaningless at these points.
    Entry("Tensor.norm", grad=True, samples=[
        Sample(T(values=[0.0, 1.0, 2.0])  , 0.5),
        Sample(T(values=[0.0, 0.0, 0.0]), 0.5),
        Sample(T(values=[0.0, -1.5, 2.0, 0.0]), 0.3),
        Sample(T(values=[NAN, 1.0, 2.0]), 1),
        Sample(T(values=[NAN, 1.0, 2.0]), float("inf")),
        Sample(T(values=[NAN, 1.0, 2.0]), float("-inf")),
        Sample(T(values=[0.0, 1.0, -2.0]), 1),
        Sample(T(values=[1.0, -2.0, 2.0]), float("inf")),
    ]),
    Entry("torch.nn.functional.kl_div", samples=[], errors=[
        Err(T(values=[1, 2], **I64), T(values=[1, 2], **I64), reduction="sum",
            match=r"Integral inputs not supported"),
        Err(T([2]), T(values=[1, 2], **I64), reduction="sum", match=r"Integral inputs not supported"),
        Err(T(values=[1, 2], **I64), T([2]), reduction="sum", match=r"Integral inputs not supported"),
    ]),
]
