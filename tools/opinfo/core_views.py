"""torch.X view and indexing functions and their Tensor methods (issue 19): lib/ops/view.ts and
lib/ops/arrange.ts. Values, reprs, grad_fn names, gradients and (float64) gradchecks. No
gradgrad: these ops are linear, so torch's first derivatives do not depend on the input and there
is no second derivative to record."""

from common import Entry, Err, Sample, T

I64 = "int64"


def idx(*values):
    return T(values=list(values), dtype=I64)


ENTRIES = [
    # ---- torch functions of view methods ----
    Entry("torch.squeeze", grad=True, samples=[
        Sample(T([2, 1, 3])), Sample(T([2, 1, 3], "float64"), 1), Sample(T([1, 1]), dim=0)]),
    Entry("torch.unsqueeze", grad=True, samples=[Sample(T([2, 3]), 1), Sample(T([3]), dim=-1)]),
    Entry("torch.flatten", grad=True, samples=[
        Sample(T([2, 3, 4])), Sample(T([2, 3, 4], "float64"), 1),
        Sample(T([2, 3, 4]), start_dim=0, end_dim=1), Sample(T([3, 2], noncontiguous=True))]),
    Entry("torch.reshape", grad=True, samples=[Sample(T([2, 3]), [3, 2]),
                                               Sample(T([2, 3], "float64"), (-1,)),
                                               Sample(T([3, 2], noncontiguous=True), [6])]),
    Entry("torch.transpose", grad=True, samples=[Sample(T([2, 3]), 0, 1),
                                                 Sample(T([2, 3, 4], "float64"), -1, 0)]),
    Entry("torch.swapaxes", grad=True, samples=[Sample(T([2, 3]), 0, 1)]),
    Entry("torch.permute", grad=True, samples=[Sample(T([2, 3, 4]), [2, 0, 1]),
                                               Sample(T([2, 3], "float64"), (1, 0))]),
    Entry("torch.t", grad=True, samples=[Sample(T([2, 3])), Sample(T([3], "float64"))]),
    Entry("torch.narrow", grad=True, samples=[Sample(T([4, 3]), 0, 1, 2),
                                              Sample(T([4, 3], "float64"), 1, -2, 2)]),
    Entry("torch.select", grad=True, samples=[Sample(T([4, 3]), 1, 0),
                                              Sample(T([4, 3], "float64"), 0, -1)]),
    Entry("torch.movedim", grad=True, samples=[
        Sample(T([2, 3, 4]), 0, -1), Sample(T([2, 3, 4], "float64"), [0, 1], [2, 0])],
        errors=[Err(T([2, 3]), [0, 0], [1, 0], match=r"repeated dim in `source`")]),
    Entry("torch.moveaxis", grad=True, samples=[Sample(T([2, 3, 4]), 2, 0)]),
    Entry("Tensor.movedim", grad=True, samples=[Sample(T([2, 3, 4]), 1, 2)]),
    Entry("torch.unflatten", grad=True, samples=[
        Sample(T([2, 6]), 1, (2, 3)), Sample(T([6], "float64"), 0, (3, -1))]),
    Entry("Tensor.unflatten", grad=True, samples=[Sample(T([4, 3]), 0, (2, 2))]),
    Entry("torch.broadcast_to", grad=True, samples=[
        Sample(T([3]), (2, 3)), Sample(T([2, 1], "float64"), (2, 4)), Sample(T([]), (2,))],
        errors=[Err(T([3]), (2, 4), match=r"must match the existing size")]),
    Entry("torch.broadcast_tensors", grad=True, samples=[
        Sample(T([2, 1]), T([3])), Sample(T([3], "float64"), T([2, 3], "float64"), T([]))]),
    Entry("torch.broadcast_shapes", samples=[Sample((2, 1), (3,)), Sample((1,), (4, 1), (4, 5))],
          errors=[Err((2,), (3,), match=r"Shape mismatch")]),
    Entry("torch.diagonal", grad=True, samples=[
        Sample(T([3, 4])), Sample(T([3, 4], "float64"), 1), Sample(T([3, 4]), -1),
        Sample(T([2, 3, 4], "float64"), 0, 1, 2), Sample(T([2, 3, 3]), offset=1, dim1=-1,
                                                         dim2=-2)],
        errors=[Err(T([3]), match=r"[Dd]imension out of range \(expected to be in range of \[-1, 0\], but got 1\)")]),
    Entry("Tensor.diagonal", grad=True, samples=[Sample(T([3, 3])), Sample(T([3, 3]), 1)]),
    Entry("Tensor.unfold", grad=True, samples=[
        Sample(T([7]), 0, 2, 2), Sample(T([3, 5], "float64"), 1, 3, 1), Sample(T([4, 3]), 0, 2, 1)],
        errors=[Err(T([3]), 0, 4, 1, match=r"maximum size for tensor at dimension 0 is 3")]),
    Entry("torch.tensor_split", grad=True, samples=[
        Sample(T([7]), 3), Sample(T([7, 2], "float64"), [1, 5]), Sample(T([2, 5]), 2, 1),
        Sample(T([6]), sections=4)]),
    # ---- triangles, diagonals, trace ----
    Entry("torch.tril", grad=True, samples=[
        Sample(T([3, 4])), Sample(T([3, 4], "float64"), 1), Sample(T([2, 3, 3]), -1),
        Sample(T([3, 3], I64)), Sample(T([4, 3], noncontiguous=True), diagonal=0)],
        errors=[Err(T([3]), match=r"Dimension out of range \(expected to be in range of \[-1, 0\], but got -2\)")]),
    Entry("torch.triu", grad=True, samples=[
        Sample(T([3, 4])), Sample(T([3, 4], "float64"), -1), Sample(T([2, 3, 3]), diagonal=1)]),
    Entry("Tensor.tril", grad=True, samples=[Sample(T([3, 3]), 1)]),
    Entry("Tensor.triu_", samples=[Sample(T([3, 3], requires_grad=False))]),
    Entry("Tensor.tril_", samples=[Sample(T([3, 3], requires_grad=False), -1)]),
    Entry("torch.diag", grad=True, samples=[
        Sample(T([3])), Sample(T([3], "float64"), 1), Sample(T([3]), -2),
        Sample(T([3, 4], "float64")), Sample(T([3, 4]), 1), Sample(T([4, 3]), diagonal=-1),
        Sample(T([3], I64))],
        errors=[Err(T([2, 2, 2]), match=r"matrix or a vector expected")]),
    Entry("Tensor.diag", grad=True, samples=[Sample(T([2, 2]))]),
    Entry("torch.diag_embed", grad=True, samples=[
        Sample(T([2, 3])), Sample(T([3], "float64"), 1), Sample(T([2, 3]), -1, 0, 2),
        Sample(T([2, 2]), offset=0, dim1=0, dim2=1)]),
    Entry("torch.diagflat", grad=True, samples=[
        Sample(T([3])), Sample(T([2, 2], "float64"), 1), Sample(T([2]), offset=-1)]),
    Entry("torch.trace", grad=True, samples=[
        Sample(T([3, 3])), Sample(T([3, 4], "float64")), Sample(T([3, 3], I64))],
        errors=[Err(T([3]), match=r"trace: expected a matrix")]),
    Entry("Tensor.trace", grad=True, samples=[Sample(T([2, 2]))]),
    Entry("Tensor.fill_diagonal_", samples=[
        Sample(T([3, 3], requires_grad=False), 5.0),
        Sample(T([5, 2], requires_grad=False), 1.0, True),
        Sample(T([5, 2], requires_grad=False), 1.0, wrap=False),
        Sample(T([2, 2, 2], "float64", requires_grad=False), -1.0)],
        errors=[Err(T([2, 3, 2], requires_grad=False), 1.0,
                    match=r"all dimensions of input must be of equal length")]),
    # ---- flips, rolls, tiles ----
    Entry("torch.flip", grad=True, samples=[
        Sample(T([2, 3]), [0]), Sample(T([2, 3], "float64"), (0, 1)), Sample(T([4]), dims=[0]),
        Sample(T([3, 2], noncontiguous=True), [1]), Sample(T([2, 2], I64), [-1])]),
    Entry("Tensor.flip", grad=True, samples=[Sample(T([2, 3]), 1)]),
    Entry("torch.fliplr", grad=True, samples=[Sample(T([2, 3]))],
          errors=[Err(T([3]), match=r"Input must be >= 2-d.")]),
    Entry("torch.flipud", grad=True, samples=[Sample(T([2, 3], "float64"))]),
    Entry("torch.roll", grad=True, samples=[
        Sample(T([5]), 2), Sample(T([2, 3], "float64"), 1), Sample(T([2, 3]), -1, 1),
        Sample(T([2, 3]), (1, 2), (0, 1)), Sample(T([3, 4]), shifts=7, dims=1)]),
    Entry("Tensor.roll", grad=True, samples=[Sample(T([4]), 1)]),
    Entry("torch.tile", grad=True, samples=[
        Sample(T([2]), (3,)), Sample(T([2, 2], "float64"), (2, 1)), Sample(T([2, 2]), (2,)),
        Sample(T([2]), (2, 2))]),
    Entry("Tensor.tile", grad=True, samples=[Sample(T([2, 1]), (1, 3))]),
    Entry("torch.repeat_interleave", grad=True, samples=[
        Sample(T([3]), 2), Sample(T([2, 2], "float64"), 2, 0), Sample(T([2, 2]), idx(1, 3), 1),
        Sample(T([2, 2]), 3, dim=1), Sample(idx(2, 0, 1))]),
    Entry("Tensor.repeat_interleave", grad=True, samples=[Sample(T([2, 3]), 2, 1)]),
    Entry("torch.meshgrid", grad=True, samples=[
        Sample(T([3]), T([2])), Sample(T([3], "float64"), T([2], "float64"), indexing="xy"),
        Sample(T([2]), T([3]), T([2]), indexing="ij"), Sample(T([3]), T([2]), T([2]), indexing="xy")]),
    # ---- stacks ----
    Entry("torch.hstack", grad=True, samples=[
        Sample([T([2]), T([3])]), Sample([T([2, 1], "float64"), T([2, 2], "float64")])]),
    Entry("torch.vstack", grad=True, samples=[
        Sample([T([2]), T([2])]), Sample([T([1, 3], "float64"), T([2, 3], "float64")])]),
    Entry("torch.column_stack", grad=True, samples=[
        Sample([T([2]), T([2, 2])]), Sample([T([3], "float64"), T([3], "float64")])]),
    Entry("torch.concat", grad=True, samples=[
        Sample([T([2]), T([3])]), Sample([T([2, 2], "float64"), T([2, 1], "float64")], dim=1)]),
    # ---- take, put, argwhere, indices ----
    Entry("torch.take", grad=True, samples=[
        Sample(T([2, 3]), idx(0, 5, 2)), Sample(T([2, 3], "float64"), T(values=[[0, -1], [1, 1]],
                                                                        dtype=I64))],
        errors=[Err(T([2]), idx(5), match=r"out of range")]),
    Entry("Tensor.take", grad=True, samples=[Sample(T([4]), idx(3, 0))]),
    Entry("Tensor.put", grad=True, samples=[
        Sample(T([2, 3]), idx(0, 5), T([2])),
        Sample(T([4], "float64"), idx(1, 1), T([2], "float64"), accumulate=True)]),
    Entry("Tensor.put_", samples=[Sample(T([4], requires_grad=False), idx(0, 2),
                                         T([2], requires_grad=False))]),
    Entry("torch.argwhere", samples=[Sample(T(values=[[0.0, 1.0], [2.0, 0.0]])),
                                     Sample(T(values=[True, False, True], dtype="bool"))]),
    Entry("torch.tril_indices", samples=[Sample(3, 3), Sample(3, 4, 1), Sample(4, 3, -1)]),
    Entry("torch.triu_indices", samples=[Sample(3, 3), Sample(3, 4, 1), Sample(4, 3, offset=-1)]),
    # ---- index_add, index_copy, masked_scatter ----
    Entry("torch.index_add", grad=True, samples=[
        Sample(T([3, 2]), 0, idx(0, 2, 0), T([3, 2])),
        Sample(T([2, 3], "float64"), 1, idx(2, 0), T([2, 2], "float64"), alpha=2.0)],
        errors=[Err(T([3]), 0, idx(0), T([2]), match=r"source")]),
    Entry("Tensor.index_add", grad=True, samples=[Sample(T([3]), 0, idx(1), T([1]))]),
    Entry("Tensor.index_add_", samples=[Sample(T([3], requires_grad=False), 0, idx(1, 1),
                                               T([2], requires_grad=False))]),
    Entry("torch.index_copy", grad=True, samples=[
        Sample(T([3, 2]), 0, idx(2, 0), T([2, 2])),
        Sample(T([2, 3], "float64"), 1, idx(1), T([2, 1], "float64"))]),
    Entry("Tensor.index_copy_", samples=[Sample(T([3], requires_grad=False), 0, idx(0),
                                                T([1], requires_grad=False))]),
    Entry("Tensor.masked_scatter", grad=True, samples=[
        Sample(T([2, 3]), T(values=[[True, False, True], [False, True, False]], dtype="bool"),
               T([2, 3])),
        Sample(T([3], "float64"), T(values=[False, True, True], dtype="bool"), T([4], "float64")),
        Sample(T([2, 2]), T(values=[True, False], dtype="bool"), T([5]))]),
    Entry("Tensor.masked_scatter_", samples=[
        Sample(T([3], requires_grad=False), T(values=[True, False, True], dtype="bool"),
               T([2], requires_grad=False))]),
]
