"""The ops of the source document and the first ops, through the table (the generic runner's
own check that it reproduces what the family tests already assert)."""

from common import DType, Entry, Err, Module, Sample, T

ENTRIES = [
    Entry("torch.exp", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3])),
        Sample(T([2, 3], "float64")),
        Sample(T(values=[0.0, "-inf", "inf", "nan", 88.0], dtype="float32"), ),
        Sample(T([3, 2], "float64", noncontiguous=True)),
    ]),
    Entry("torch.log_softmax", grad=True, gradgrad=True, samples=[
        Sample(T([2, 5]), 1),
        Sample(T([2, 5], "float64"), 0),
    ]),
    Entry("torch.nn.functional.kl_div", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-3, high=-0.1), T([3, 4], low=0.01, high=1, requires_grad=False),
               reduction="batchmean"),
        Sample(T([3, 4], "float64", low=-3, high=-0.1), T([3, 4], "float64", low=-3, high=-0.1),
               reduction="sum", log_target=True),
    ], errors=[
        Err(T([3]), T([3]), reduction="avg", match=r"avg"),
    ]),
    Entry("Tensor.sum", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3, 4])),
        Sample(T([2, 3, 4], "float64"), 1),
        Sample(T([2, 3, 4], "float64"), [0, 2], True),
    ]),
    Entry("torch.nn.Linear", grad=True, samples=[
        Sample(Module(4, 3), T([2, 4])),
        Sample(Module(3, 2, bias=False, dtype=DType("float64")), T([5, 3], "float64")),
    ]),
]
