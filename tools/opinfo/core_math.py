"""Elementwise math, comparison aliases and products of issue 19 (core-math family): trig and
hyperbolic functions, rounding, binary math (atan2, hypot, logaddexp, fmax, remainder, fmod,
float_power), addcmul/addcdiv, the torch functions and numpy aliases of the arithmetic and
comparison methods, isclose/equal, and addmm/einsum/cdist/... products."""

from common import DType, Entry, Err, Sample, T


def unary(name, low=-2.0, high=2.0, special=None, ints=True, gradgrad=True, method=True):
    samples = [
        Sample(T([3, 4], low=low, high=high)),
        Sample(T([2, 3], "float64", low=low, high=high)),
        Sample(T([3, 2], "float64", low=low, high=high, noncontiguous=True)),
    ]
    if special is not None:
        samples.append(Sample(T(values=special, dtype="float64", requires_grad=False)))
    if ints:
        samples.append(Sample(T([4], "int64", int_range=(1, 3) if low >= 1 else (0, 2))))
    out = [Entry("torch." + name, samples=samples, grad=True, gradgrad=gradgrad)]
    if method:
        out.append(Entry("Tensor." + name, samples=samples[:2], grad=True))
    return out


ENTRIES = [
    *unary("sin", special=[0.0, -0.0, "inf", "nan", 1e10]),
    *unary("cos", special=[0.0, "inf", "nan"]),
    *unary("tan", low=-1.4, high=1.4, special=[0.0, "nan"]),
    *unary("asin", low=-0.95, high=0.95, special=[1.0, -1.0, 2.0, "nan"]),
    *unary("acos", low=-0.95, high=0.95, special=[1.0, -1.0, 2.0]),
    *unary("atan", special=["inf", "-inf", "nan"]),
    *unary("sinh", low=-3, high=3, special=[800.0, "-inf"]),
    *unary("cosh", low=-3, high=3, special=[800.0, "-inf"]),
    *unary("asinh", low=-3, high=3, special=["inf", 1e300]),
    *unary("acosh", low=1.1, high=4, special=[1.0, 0.5, "inf"]),
    *unary("atanh", low=-0.9, high=0.9, special=[1.0, -1.0, 2.0]),
    Entry("torch.arcsin", grad=True, samples=[Sample(T([4], "float64", low=-0.9, high=0.9))]),
    Entry("torch.arccos", grad=True, samples=[Sample(T([4], "float64", low=-0.9, high=0.9))]),
    Entry("torch.arctan", grad=True, samples=[Sample(T([4], "float64"))]),
    Entry("torch.arcsinh", grad=True, samples=[Sample(T([4], "float64"))]),
    Entry("torch.arccosh", grad=True, samples=[Sample(T([4], "float64", low=1.5, high=3))]),
    Entry("torch.arctanh", grad=True, samples=[Sample(T([4], "float64", low=-0.9, high=0.9))]),
    Entry("Tensor.arcsin", grad=True, samples=[Sample(T([4], "float64", low=-0.9, high=0.9))]),
    Entry("torch.trunc", grad=True, samples=[
        Sample(T([3, 4], low=-5, high=5)),
        Sample(T(values=[-1.5, -0.5, 0.5, 2.5, "inf", "nan", -0.0], dtype="float64")),
        Sample(T([4], "int64")),
    ], errors=[Err(T([2], "bool"), match=r"not implemented for 'Bool'")]),
    Entry("torch.fix", grad=True, samples=[Sample(T([3, 4], low=-5, high=5))]),
    Entry("Tensor.trunc", grad=True, samples=[Sample(T([3, 4], low=-5, high=5))]),
    Entry("torch.frac", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-5, high=5)),
        Sample(T(values=[-1.5, -0.25, 2.75, "inf", "nan"], dtype="float64")),
    ], errors=[Err(T([2], "int64"), match=r"not implemented for 'Long'")]),
    Entry("Tensor.frac", grad=True, samples=[Sample(T([3, 4], "float64", low=-5, high=5))]),
    Entry("torch.sgn", samples=[
        Sample(T(values=[-2.0, 0.0, 3.0, "nan"], dtype="float64")),
        Sample(T([4], "int64", int_range=(-2, 3))),
        Sample(T([4], "bool")),
    ]),
    Entry("torch.absolute", grad=True, samples=[Sample(T([3, 4]))]),
    Entry("torch.negative", grad=True, samples=[Sample(T([3, 4])), Sample(T([4], "int64"))]),
    Entry("torch.clip", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), -0.5, 0.5),
        Sample(T([3, 4], "float64"), min=-1.0),
        Sample(T([4], "int64"), 1, 3),
    ]),
    Entry("Tensor.clip", grad=True, samples=[Sample(T([3, 4]), -0.5, 0.5)]),
    Entry("torch.clamp", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), min=-0.5),
        Sample(T([3, 4], "float64"), max=0.5),
        Sample(T([3, 4], "float64"), T([1, 4], "float64", low=-2, high=-0.5), max=T([4], "float64", low=0.5, high=2)),
    ]),
    Entry("Tensor.clamp", grad=True, samples=[Sample(T([3, 4]), min=0.0, max=1.0)]),
    # Binary math.
    Entry("torch.atan2", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([2, 3], "float64"), T([3], "float64")),
        Sample(T([4], "int64"), T([4], "int64")),
    ], errors=[Err(T([2]), 2.5, match=r"must be Tensor, not float")]),
    # The branch cut (−0 vs 0 with a negative x) has no central difference: no gradients here.
    Entry("torch.atan2", name="torch.atan2/special", samples=[
        Sample(T(values=[0.0, -0.0, 1.0, "inf"], dtype="float64"),
               T(values=[-1.0, -1.0, "inf", "inf"], dtype="float64")),
    ]),
    Entry("torch.arctan2", grad=True, samples=[Sample(T([4], "float64"), T([4], "float64"))]),
    Entry("Tensor.atan2", grad=True, samples=[Sample(T([4], "float64"), T([4], "float64"))]),
    Entry("torch.hypot", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([2, 3], "float64"), T([1, 3], "float64")),
    ], errors=[Err(T([2], "int64"), T([2], "int64"), match=r"not implemented for 'Long'")]),
    Entry("torch.logaddexp", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-5, high=5), T([3, 4], low=-5, high=5)),
        Sample(T([2, 3], "float64", low=-50, high=50), T([3], "float64", low=-50, high=50)),
        Sample(T(values=["inf", "-inf", "-inf", 1000.0], dtype="float64"),
               T(values=["inf", "-inf", 1.0, 1000.0], dtype="float64")),
    ], errors=[Err(T([2], "int64"), T([2], "int64"), match=r"not implemented for 'Long'")]),
    Entry("torch.logaddexp2", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-5, high=5), T([3, 4], low=-5, high=5)),
        Sample(T([2, 3], "float64", low=-50, high=50), T([3], "float64", low=-50, high=50)),
    ]),
    Entry("Tensor.logaddexp", grad=True, samples=[Sample(T([4], "float64"), T([4], "float64"))]),
    Entry("torch.fmax", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T(values=[1.0, "nan", "nan", 2.0], dtype="float64"),
               T(values=["nan", 3.0, "nan", 1.0], dtype="float64")),
        Sample(T([4], "int64"), T([4], "int64")),
    ]),
    Entry("torch.fmin", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T(values=[1.0, "nan", "nan", 2.0], dtype="float64"),
               T(values=["nan", 3.0, "nan", 1.0], dtype="float64")),
    ]),
    Entry("torch.remainder", grad=True, samples=[
        Sample(T([3, 4], low=-5, high=5), 1.5),
        Sample(T([3, 4], "float64", low=-5, high=5), T([4], "float64", low=0.5, high=2)),
        Sample(T([6], "int64", int_range=(-7, 7)), 3),
        Sample(T([6], "int64", int_range=(-7, 7)), -3),
        Sample(T([6], "int64", int_range=(-7, 7)), 2.5),
        Sample(T(values=[5.0, -5.0, "inf"], dtype="float64"), 0.0),
    ], errors=[
        Err(T([2], "int64"), 0, match=r"ZeroDivisionError"),
        Err(T([2], "bool"), T([2], "bool"), match=r"not implemented for 'Bool'"),
    ]),
    Entry("Tensor.remainder", grad=True, samples=[Sample(T([3, 4], low=-5, high=5), -1.5)]),
    Entry("torch.fmod", grad=True, samples=[
        Sample(T([3, 4], low=-5, high=5), 1.5),
        Sample(T([3, 4], "float64", low=-5, high=5), T([4], "float64", low=0.5, high=2)),
        Sample(T([6], "int64", int_range=(-7, 7)), -3),
    ], errors=[Err(T([2], "int64"), 0, match=r"ZeroDivisionError")]),
    Entry("Tensor.fmod", grad=True, samples=[Sample(T([3, 4], low=-5, high=5), 2)]),
    Entry("torch.float_power", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=0.1, high=2), 2),
        Sample(T([3], "float64", low=0.1, high=2), T([3], "float64")),
        Sample(T([4], "int64"), 3),
    ]),
    Entry("torch.addcmul", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([4], "float64"), T([3, 1], "float64"), value=0.5),
    ]),
    Entry("Tensor.addcmul", grad=True, samples=[
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64"), value=-2)]),
    Entry("torch.addcdiv", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), T([3, 4], low=0.5, high=2)),
        Sample(T([3, 4], "float64"), T([4], "float64"), T([3, 1], "float64", low=0.5, high=2),
               value=2),
    ], errors=[Err(T([2]), T([2], "int64"), T([2], "int64"), match=r"Integer division")]),
    Entry("Tensor.addcdiv", grad=True, samples=[
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64", low=1, high=2),
               value=0.5)]),
    # The arithmetic and comparison methods as torch functions, and their numpy aliases.
    Entry("torch.add", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([4])), Sample(T([3], "float64"), T([3], "float64"), alpha=2),
        Sample(T([3], "int64"), 2)]),
    Entry("torch.sub", grad=True, gradgrad=True, samples=[Sample(T([3, 4]), T([4]), alpha=0.5)],
          errors=[Err(T([2], "bool"), T([2], "bool"), match=r"Subtraction")]),
    Entry("torch.subtract", grad=True, samples=[Sample(T([3, 4]), 1.5)]),
    Entry("torch.mul", grad=True, gradgrad=True, samples=[Sample(T([3, 4]), T([3, 1]))]),
    Entry("torch.multiply", grad=True, samples=[Sample(T([3, 4]), 2)]),
    Entry("torch.div", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([4], low=0.5, high=2)),
        Sample(T([5], "int64"), 2, rounding_mode="floor"),
        Sample(T([5], "float64", low=-5, high=5), 2.0, rounding_mode="trunc")]),
    Entry("torch.divide", grad=True, samples=[Sample(T([3, 4]), 3)]),
    Entry("torch.true_divide", samples=[Sample(T([3], "int64"), 2)]),
    Entry("torch.floor_divide", samples=[Sample(T([5], "int64", int_range=(-7, 7)), 2)]),
    *[Entry("torch." + n, samples=[
        Sample(T([3, 4], "int64"), T([4], "int64")),
        Sample(T([3, 4]), 0.5),
        Sample(T(values=[1.0, "nan", "inf"], dtype="float64"),
               T(values=[1.0, "nan", 2.0], dtype="float64")),
    ]) for n in ["eq", "ne", "not_equal", "lt", "less", "le", "less_equal", "gt", "greater",
                 "ge", "greater_equal"]],
    *[Entry("Tensor." + n, samples=[Sample(T([3, 4], "int64"), 2)])
      for n in ["not_equal", "less", "less_equal", "greater", "greater_equal"]],
    *[Entry("torch." + n, samples=[
        Sample(T([6], "bool"), T([6], "bool")),
        Sample(T([6], "int64", int_range=(0, 2)), T([6], low=-1, high=1)),
    ]) for n in ["logical_and", "logical_or", "logical_xor"]],
    Entry("torch.logical_not", samples=[Sample(T([6], "int64", int_range=(0, 2)))]),
    Entry("torch.isclose", samples=[
        Sample(T(values=[1.0, 2.0, "nan", "inf", 1e-9], dtype="float64"),
               T(values=[1.000001, 2.1, "nan", "inf", 0.0], dtype="float64")),
        Sample(T(values=[1.0, 2.0, "nan"]), T(values=[1.001, 2.1, "nan"]), rtol=1e-2,
               equal_nan=True),
        Sample(T(values=[1.0, 2.0]), T(values=[1.1, 2.1]), 0.0, 0.2),
        Sample(T([4], "int64"), T([4], "int64")),
    ], errors=[
        Err(T([2]), T([2], "int64"), match=r"Float did not match Long"),
        Err(T([2]), T([2]), rtol=-1.0, match=r"rtol must be greater than or equal to zero"),
    ]),
    Entry("Tensor.isclose", samples=[Sample(T([3]), T([3]), atol=0.5)]),
    Entry("torch.equal", samples=[
        Sample(T(values=[1.0, 2.0]), T(values=[1.0, 2.0])),
        Sample(T(values=[1.0, 2.0]), T(values=[1.0, 2.0, 3.0])),
        Sample(T(values=[1.0, "nan"]), T(values=[1.0, "nan"])),
        Sample(T(values=[1.0, 2.0]), T(values=[1, 2], dtype="int64")),
    ]),
    Entry("torch.isposinf", samples=[
        Sample(T(values=["inf", "-inf", 1.0, "nan"])), Sample(T([3], "int64"))]),
    Entry("torch.isneginf", samples=[Sample(T(values=["inf", "-inf", 1.0, "nan"]))]),
    # Products.
    Entry("torch.addmm", grad=True, gradgrad=True, samples=[
        Sample(T([2, 4]), T([2, 3]), T([3, 4])),
        Sample(T([4], "float64"), T([2, 3], "float64"), T([3, 4], "float64"), beta=0.5,
               alpha=2),
    ]),
    Entry("Tensor.addmm", grad=True, samples=[Sample(T([2, 4]), T([2, 3]), T([3, 4]), beta=0)]),
    Entry("torch.addmv", grad=True, gradgrad=True, samples=[
        Sample(T([2]), T([2, 3]), T([3])),
        Sample(T([2], "float64"), T([2, 3], "float64"), T([3], "float64"), alpha=-1),
    ]),
    Entry("torch.baddbmm", grad=True, gradgrad=True, samples=[
        Sample(T([2, 2, 4]), T([2, 2, 3]), T([2, 3, 4])),
        Sample(T([4], "float64"), T([2, 2, 3], "float64"), T([2, 3, 4], "float64"), beta=2,
               alpha=0.5),
    ]),
    Entry("torch.ger", grad=True, gradgrad=True, samples=[Sample(T([3]), T([4]))]),
    Entry("torch.kron", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3]), T([2, 2])),
        Sample(T([2], "float64"), T([2, 3], "float64")),
    ]),
    Entry("torch.tensordot", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3, 4]), T([3, 4, 5])),
        Sample(T([2, 3], "float64"), T([3, 2], "float64"), dims=([1], [0])),
        Sample(T([2, 3], "float64"), T([2, 3], "float64"), dims=([0, 1], [0, 1])),
    ]),
    Entry("torch.einsum", grad=True, gradgrad=True, samples=[
        Sample("ij,jk->ik", T([2, 3]), T([3, 4])),
        Sample("bij,bjk->bik", T([2, 2, 3], "float64"), T([2, 3, 2], "float64")),
        Sample("i,i->", T([4], "float64"), T([4], "float64")),
        Sample("i,j->ij", T([2], "float64"), T([3], "float64")),
        Sample("...ij,...jk", T([2, 2, 3], "float64"), T([3, 2], "float64")),
        Sample("ij,kj", T([2, 3], "float64"), T([4, 3], "float64")),
        Sample("ii->i", T([3, 3], "float64")),
        Sample("ii", T([3, 3], "float64")),
        Sample("bii->bi", T([2, 3, 3], "float64")),
        Sample("ij->j", T([2, 3], "float64")),
        Sample("ij->ji", T([2, 3], "float64")),
        Sample("ij,ij->ij", T([2, 3], "float64"), T([2, 3], "float64")),
        Sample("ii,jj->ij", T([2, 2], "float64"), T([3, 3], "float64")),
        Sample("ij,ij->", T([2, 3], "float64"), T([2, 3], "float64")),
        Sample("bij,jk", T([2, 2, 3]), T([3, 4])),
    ], errors=[
        Err("ii->i", T([2, 3]), match=r"einsum\(\)"),
        Err("ij,jk->ik", T([2, 3]), T([4, 4]), match=r"einsum\(\)"),
        Err("i$,j->ij", T([2]), T([3]), match=r"invalid subscript"),
    ]),
    Entry("torch.dist", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([4], "float64"), 1),
        Sample(T([3], "float64"), T([3], "float64"), 3),
    ]),
    # The ∞-norm's backward is not twice differentiable here yet.
    Entry("torch.dist", name="torch.dist/inf", grad=True, samples=[
        Sample(T([3], "float64"), T([3], "float64"), float("inf")),
    ]),
    Entry("torch.cdist", grad=True, samples=[
        Sample(T([3, 4]), T([2, 4])),
        Sample(T([2, 3, 4], "float64"), T([2, 5, 4], "float64")),
        Sample(T([3, 2], "float64"), T([4, 2], "float64"), p=1),
        Sample(T([3, 2], "float64"), T([4, 2], "float64"), 3.0),
        Sample(T([3, 2], "float64"), T([4, 2], "float64"), p=float("inf")),
        Sample(T([30, 3]), T([4, 3])),
        Sample(T([2, 3], "float64"), T([4, 3], "float64"), compute_mode="use_mm_for_euclid_dist"),
        Sample(T([30, 3], "float64"), T([4, 3], "float64"),
               compute_mode="donot_use_mm_for_euclid_dist"),
    ], errors=[Err(T([3, 2]), T([4, 3]), match=r"same number of columns")]),
]
