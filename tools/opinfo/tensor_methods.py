"""Names of the surface that only family tests or nothing checked against torch before: torch
functions returning dtypes, the *_like draws, and Tensor methods whose torch-function twins are in
other tables (ne, ge, triu, index_copy, ...), each with its own samples here."""

from common import DType, Entry, Sample, T

I64 = "int64"

ENTRIES = [
    Entry("torch.get_default_dtype", samples=[Sample()]),
    Entry("torch.result_type", samples=[
        Sample(T([2]), T([2], I64)), Sample(T([2], I64), 2.5), Sample(T([2], I64), T([2], "bool")),
        Sample(T([2], "float64"), T([2]))]),
    Entry("torch.rand_like", random=True, same_draws=True, samples=[
        Sample(T([2, 3])), Sample(T([4], "float64")), Sample(T([2, 2]), dtype=DType("float64"))]),
    Entry("torch.randn_like", random=True, same_draws=True, samples=[
        Sample(T([2, 3])), Sample(T([5], "float64"))]),
    Entry("Tensor.type_as", grad=True, samples=[
        Sample(T([2, 3]), T([1], "float64")), Sample(T([3], "float64"), T([1]))]),
    Entry("Tensor.detach_", samples=[Sample(T([2, 2]))]),
    Entry("Tensor.reshape_as", grad=True, samples=[
        Sample(T([2, 3]), T([3, 2], requires_grad=False)),
        Sample(T([2, 3], "float64"), T([6], "float64", requires_grad=False))]),
    Entry("Tensor.index_copy", grad=True, samples=[
        Sample(T([4, 3]), 0, T(values=[0, 2], dtype=I64), T([2, 3])),
        Sample(T([3, 4], "float64"), 1, T(values=[3, 1], dtype=I64), T([3, 2], "float64"))]),
    Entry("Tensor.reciprocal_", samples=[Sample(T([3], low=0.5, high=2)),
                                         Sample(T(values=[0.0, -0.0, 2.0], dtype="float64"))]),
    Entry("Tensor.ne", samples=[Sample(T(values=[1.0, 2.0, 3.0]), T(values=[1.0, 0.0, 3.0])),
                                Sample(T([3]), 0.5), Sample(T([2, 2], I64), T([2], I64))]),
    Entry("Tensor.ge", samples=[Sample(T(values=[1.0, 2.0, 3.0]), T(values=[1.0, 0.0, 4.0])),
                                Sample(T([3], "float64"), 0.0), Sample(T([2, 2], I64), 2)]),
    Entry("Tensor.logical_and", samples=[
        Sample(T(values=[True, True, False, False], dtype="bool"),
               T(values=[True, False, True, False], dtype="bool")),
        Sample(T(values=[0.0, 1.5, -2.0]), T(values=[1.0, 0.0, 3.0]))]),
    Entry("Tensor.logical_or", samples=[
        Sample(T(values=[True, True, False, False], dtype="bool"),
               T(values=[True, False, True, False], dtype="bool")),
        Sample(T(values=[0, 2, 0], dtype=I64), T(values=[0, 0, 5], dtype=I64))]),
    Entry("Tensor.scatter_add_", samples=[
        Sample(T([3, 4]), 1, T(values=[[0, 1], [2, 3], [1, 1]], dtype=I64), T([3, 2])),
        Sample(T([2, 3], "float64"), 0, T(values=[[1, 0, 1]], dtype=I64), T([1, 3], "float64"))]),
    Entry("Tensor.triu", grad=True, samples=[
        Sample(T([3, 3])), Sample(T([3, 4], "float64"), 1), Sample(T([2, 3, 3]), diagonal=-1)]),
    Entry("Tensor.addcdiv_", samples=[
        Sample(T([3]), T([3]), T([3], low=0.5, high=2), value=0.5),
        Sample(T([2, 3], "float64"), T([2, 3], "float64"), T([3], "float64", low=1, high=2))]),
]
