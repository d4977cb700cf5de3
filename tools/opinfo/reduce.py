"""Reductions, statistics, running reductions and sorting of issue 19 (core-math family):
nansum, nanmean, aminmax, std_mean, var_mean, median, nanmedian, quantile, nanquantile, mode,
cumprod, cummax, cummin, logcumsumexp, argsort, msort, kthvalue, unique, unique_consecutive,
bincount, histc, searchsorted, bucketize, the tuple-returning ops indexed as tuples, and the
`dtype` keyword of sum, mean, prod, cumsum, cumprod, softmax and log_softmax."""

from common import DType, Entry, Err, Sample, T

# Distinct values (a permutation scaled) where the op's index among ties is unspecified.
def distinct(shape, dtype="float32"):
    n = 1
    for s in shape:
        n *= s
    vals = [((i * 7) % n) * 0.37 - 1.1 for i in range(n)]
    return T(shape, dtype, values=vals)


ENTRIES = [
    Entry("torch.nansum", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3], "float64", values=[1.0, "nan", 2.0, -0.5, "nan", 3.0])),
        Sample(T([2, 3, 4]), 1),
        Sample(T([2, 3], "float64"), dim=[0, 1], keepdim=True),
        Sample(T([2, 3], "int64")),
        Sample(T([2, 3]), dtype=DType("float64")),
    ]),
    Entry("Tensor.nansum", grad=True, samples=[Sample(T([2, 3]), 0)]),
    Entry("torch.nanmean", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3], "float64", values=[1.0, "nan", 2.0, -0.5, "nan", "nan"])),
        Sample(T([2, 3], "float64", values=[1.0, "nan", 2.0, -0.5, "nan", "nan"]), 1, True),
    ], errors=[Err(T([2], "int64"), match=r"floating point dtype but got Long")]),
    Entry("torch.aminmax", samples=[
        Sample(T([3, 4])),
        Sample(T([3, 4], "int64"), dim=1),
        Sample(T([3, 4], "float64"), dim=0, keepdim=True),
    ]),
    Entry("torch.std_mean", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4])),
        Sample(T([3, 4], "float64"), 1),
        Sample(T([3, 4], "float64"), [0, 1], False, True),
        Sample(T([3, 4], "float64"), dim=1, correction=0, keepdim=True),
    ]),
    Entry("torch.var_mean", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4])),
        Sample(T([3, 4], "float64"), 0, unbiased=False),
    ]),
    Entry("torch.median", grad=True, gradgrad=True, samples=[
        Sample(distinct([3, 4])),
        Sample(distinct([3, 4], "float64"), 1),
        Sample(distinct([3, 4], "float64"), 0, True),
        Sample(T(values=[1.0, "nan", 2.0, 0.5], dtype="float64"), 0),
        Sample(T(values=[1.0, 2.0, 2.0, 0.5], dtype="float64")),
        Sample(T([5], "int64", values=[3, 1, 4, 1, 5])),
    ]),
    Entry("Tensor.median", grad=True, samples=[Sample(distinct([3, 4])), Sample(distinct([3, 4]), -1)]),
    Entry("torch.nanmedian", grad=True, samples=[
        Sample(T([2, 4], "float64", values=[1.0, "nan", 2.0, 0.5, "nan", "nan", 3.0, -1.0])),
        Sample(T([2, 4], "float64", values=[1.0, "nan", 2.0, 0.5, "nan", "nan", 3.0, -1.0]), 1),
    ]),
    Entry("torch.quantile", grad=True, gradgrad=True, samples=[
        Sample(distinct([3, 5]), 0.3),
        Sample(distinct([3, 5], "float64"), 0.3, 1),
        Sample(distinct([3, 5], "float64"), T(values=[0.1, 0.5, 1.0], dtype="float64",
                                              requires_grad=False), 0, True),
        *[Sample(distinct([2, 5], "float64"), 0.4, dim=1, interpolation=m)
          for m in ["linear", "lower", "higher", "midpoint", "nearest"]],
        Sample(T(values=[1.0, "nan", 3.0], dtype="float64"), 0.5),
    ], errors=[
        Err(T([3]), 1.5, match=r"q must be in the range \[0, 1\] but got 1.5"),
        Err(T([3], "int64"), 0.5, match=r"input tensor must be either float or double dtype"),
        Err(T([3]), 0.5, interpolation="cubic", match=r"interpolation"),
    ]),
    Entry("Tensor.quantile", grad=True, samples=[Sample(distinct([4], "float64"), 0.25)]),
    Entry("torch.nanquantile", grad=True, samples=[
        Sample(T(values=[1.0, "nan", 3.0, 2.0], dtype="float64"), 0.5),
        Sample(T([2, 3], "float64", values=[1.0, "nan", 3.0, "nan", "nan", "nan"]), 0.25, 1),
    ]),
    Entry("torch.mode", grad=True, gradgrad=True, samples=[
        Sample(T([2, 5], values=[1.0, 3.0, 3.0, 2.0, 1.0, 4.0, 4.0, 0.0, 0.0, 5.0])),
        Sample(T([2, 5], "float64", values=[1.0, 3.0, 3.0, 2.0, 1.0, 4.0, 4.0, 0.0, 0.0, 5.0]),
               0),
        Sample(T([6], "int64", values=[2, 2, 7, 7, 7, 1]), keepdim=True),
    ]),
    Entry("Tensor.mode", samples=[Sample(T([6], "int64", values=[2, 2, 7, 7, 7, 1]))]),
    Entry("torch.cumprod", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 1),
        Sample(T([3, 4], "float64"), 0),
        Sample(T([5], "float64", values=[2.0, 0.0, 3.0, 0.0, 4.0]), 0),
        Sample(T([5], "float64", values=[2.0, 0.5, 0.0, 3.0, 4.0]), dim=0),
        Sample(T([4], "int64"), 0),
        Sample(T([3, 4]), 1, dtype=DType("float64")),
    ]),
    Entry("Tensor.cumprod", grad=True, samples=[Sample(T([3, 4], "float64"), -1)]),
    Entry("torch.cummax", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 1),
        Sample(T([5], "float64", values=[1.0, 3.0, 3.0, "nan", 4.0]), 0),
        Sample(T([3, 4], "int64"), 0),
    ]),
    Entry("torch.cummin", grad=True, samples=[
        Sample(T([3, 4], "float64"), 1),
        Sample(T([5], "float64", values=[3.0, 1.5, 1.0, 2.0, 0.0]), dim=0),
    ]),
    # A tie moves the index to the later element (no central difference at a tie).
    Entry("torch.cummin", name="torch.cummin/tie", samples=[
        Sample(T([5], "float64", values=[3.0, 1.0, 1.0, 2.0, 0.0]), dim=0),
    ]),
    Entry("torch.logcumsumexp", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-5, high=5), 1),
        Sample(T([3, 4], "float64", low=-50, high=50), 0),
        Sample(T([4], "float64", values=["-inf", 0.0, "-inf", 1.0], requires_grad=False), 0),
    ]),
    Entry("torch.argsort", samples=[
        Sample(distinct([3, 4])),
        Sample(distinct([3, 4]), 0, True),
        Sample(distinct([3, 4]), dim=1, descending=True),
        Sample(T([6], "int64", values=[3, 1, 2, 1, 3, 0]), stable=True),
    ]),
    Entry("Tensor.argsort", samples=[Sample(distinct([5]), descending=True)]),
    Entry("torch.msort", grad=True, samples=[Sample(distinct([4, 3]))]),
    Entry("torch.kthvalue", grad=True, gradgrad=True, samples=[
        Sample(distinct([3, 5]), 2),
        Sample(distinct([3, 5], "float64"), 3, 0, True),
        Sample(distinct([3, 5], "float64"), k=1, dim=1),
        Sample(T([5], "int64", values=[5, 3, 9, 1, 7]), 4),
    ], errors=[Err(T([2, 3]), 5, 1, match=r"k out of range for dimension 1")]),
    Entry("Tensor.kthvalue", grad=True, samples=[Sample(distinct([3, 5]), 2, 0)]),
    Entry("torch.unique", samples=[
        Sample(T([8], "int64", values=[3, 1, 3, 2, 1, 5, 0, 3])),
        Sample(T([8], "int64", values=[3, 1, 3, 2, 1, 5, 0, 3]), return_inverse=True),
        Sample(T([8], "int64", values=[3, 1, 3, 2, 1, 5, 0, 3]), return_counts=True),
        Sample(T([2, 4], values=[1.5, 0.5, 1.5, 2.0, 0.5, 0.5, 3.0, 1.5]), True, True, True),
        Sample(T([4, 2], "int64", values=[1, 2, 0, 1, 1, 2, 0, 0]), dim=0, return_counts=True),
        Sample(T([2, 3], "int64", values=[1, 0, 1, 2, 3, 2]), dim=1, return_inverse=True),
    ]),
    Entry("Tensor.unique", samples=[Sample(T([6], "int64", values=[2, 2, 1, 3, 1, 2]))]),
    Entry("torch.unique_consecutive", samples=[
        Sample(T([8], "int64", values=[1, 1, 2, 2, 3, 1, 1, 2])),
        Sample(T([8], "int64", values=[1, 1, 2, 2, 3, 1, 1, 2]), return_inverse=True,
               return_counts=True),
        Sample(T([3, 2], "int64", values=[1, 2, 1, 2, 0, 0]), dim=0),
    ]),
    Entry("torch.bincount", samples=[
        Sample(T([6], "int64", values=[0, 2, 2, 5, 1, 2])),
        Sample(T([3], "int64", values=[0, 1, 1]), minlength=5),
        Sample(T([3], "int64", values=[0, 1, 1]), T([3], requires_grad=False)),
        Sample(T([3], "int64", values=[0, 1, 1]), weights=T([3], "float64", requires_grad=False)),
    ], errors=[
        Err(T([3], "int64", values=[0, -1, 1]), match=r"non-negative"),
        Err(T([2, 2], "int64"), match=r"1-d"),
    ]),
    Entry("torch.histc", samples=[
        Sample(T([20], low=-1, high=1)),
        Sample(T([20], "float64"), 5),
        Sample(T(values=[1.0, 2.0, 1.0, 3.0, 7.0]), bins=4, min=0, max=3),
    ]),
    Entry("torch.searchsorted", samples=[
        Sample(T(values=[1.0, 3.0, 5.0, 7.0, 9.0]), T(values=[3.0, 6.0, 9.0, 0.0, 10.0])),
        Sample(T(values=[1.0, 3.0, 5.0, 7.0, 9.0]), T(values=[3.0, 6.0, 9.0]), right=True),
        Sample(T(values=[1.0, 3.0, 5.0, 7.0, 9.0]), T(values=[3.0, 6.0, 9.0]), side="right"),
        Sample(T([2, 3], values=[1.0, 3.0, 5.0, 2.0, 4.0, 6.0]),
               T([2, 2], values=[3.0, 6.0, 1.0, 5.0])),
        Sample(T(values=[1, 3, 5], dtype="int64"), T(values=[2, 3, 7], dtype="int64")),
        Sample(T(values=[5.0, 1.0, 3.0]), T(values=[2.0, 4.0]),
               sorter=T(values=[1, 2, 0], dtype="int64")),
    ]),
    Entry("torch.bucketize", samples=[
        Sample(T(values=[0.0, 3.0, 6.0, 9.0]), T(values=[1.0, 3.0, 5.0, 7.0])),
        Sample(T(values=[0.0, 3.0, 6.0, 9.0]), T(values=[1.0, 3.0, 5.0, 7.0]), right=True),
    ]),
    # Tuples as torch returns them (named fields, indexing) for the existing ops too.
    Entry("torch.max", grad=True, gradgrad=True, samples=[
        Sample(distinct([3, 4]), 1),
        Sample(distinct([3, 4]), dim=1, keepdim=True),
        Sample(T([3, 4]), T([4])),
    ]),
    Entry("Tensor.max", name="Tensor.max/keywords", grad=True, samples=[
        Sample(distinct([3, 4]), dim=0), Sample(T([3, 4]), T([3, 1]))]),
    Entry("torch.min", grad=True, samples=[
        Sample(distinct([3, 4]), 0, True), Sample(T([2, 3], "int64"), T([3], "int64"))]),
    Entry("torch.sort", grad=True, gradgrad=True, samples=[Sample(distinct([3, 4]), 1, True)]),
    Entry("torch.topk", grad=True, samples=[
        Sample(distinct([3, 4]), 2),
        Sample(distinct([3, 4]), k=2, dim=0, largest=False),
        Sample(distinct([3, 4]), 3, 1, sorted=True),
    ]),
    # The dtype keyword (the input is cast before the op).
    Entry("torch.sum", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), dtype=DType("float64")),
        Sample(T([3, 4]), 1, dtype=DType("float64")),
        Sample(T([3, 4], "int64"), dtype=DType("float32")),
        Sample(T([3, 4]), dim=1, keepdim=True),
    ]),
    Entry("Tensor.sum", name="Tensor.sum/dtype", grad=True, samples=[
        Sample(T([3, 4]), 0, dtype=DType("float64"))]),
    Entry("torch.mean", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), dtype=DType("float64")),
        Sample(T([3, 4], "int64"), 0, dtype=DType("float64")),
    ], errors=[Err(T([3]), dtype=DType("int64"), match=r"Optional dtype must be either a floating point")]),
    Entry("torch.prod", grad=True, samples=[
        Sample(T([3, 4]), dtype=DType("float64")),
        Sample(T([3, 4]), 1, dtype=DType("float64")),
        Sample(T([3, 4], "int64"), 1, True),
        Sample(T([3, 4], requires_grad=False), dtype=DType("int64")),
    ]),
    Entry("Tensor.prod", name="Tensor.prod/dtype", grad=True, samples=[
        Sample(T([3, 4]), 1, dtype=DType("float64"))]),
    Entry("torch.cumsum", grad=True, samples=[
        Sample(T([3, 4]), 1, dtype=DType("float64")),
        Sample(T([3, 4], "int64"), dim=0, dtype=DType("float32")),
    ]),
    Entry("torch.softmax", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 1, dtype=DType("float64")),
        Sample(T([3, 4]), 0, DType("float64")),
        Sample(T([3, 4], "float64"), dim=1),
    ], errors=[Err(T([3]), 0, dtype=DType("int64"), match=r"not implemented for 'Long'")]),
    Entry("torch.log_softmax", name="torch.log_softmax/dtype", grad=True, samples=[
        Sample(T([3, 4]), 1, dtype=DType("float64"))]),
    Entry("torch.nn.functional.softmax", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 1, dtype=DType("float64")),
        Sample(T([3, 4]), dim=0),
    ]),
    Entry("torch.nn.functional.log_softmax", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), dim=1, dtype=DType("float64"))]),
    Entry("Tensor.softmax", grad=True, samples=[Sample(T([3, 4]), 1, dtype=DType("float64"))]),
    Entry("Tensor.log_softmax", grad=True, samples=[Sample(T([3, 4]), -1, dtype=DType("float64"))]),
]
