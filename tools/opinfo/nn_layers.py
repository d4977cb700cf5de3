"""Dropout, embedding, one_hot and the shape-only modules (lib/nn/dropout.ts, lib/nn/sparse.ts,
lib/nn/modules/{dropout,sparse,flatten}.ts): seeded dropout masks equal torch's (its CPU
bernoulli_ draws), embedding lookups and their gradients, and torch's errors."""

from common import Entry, Err, Module, Sample, T

ENTRIES = [
    Entry("torch.nn.functional.dropout", grad=True, random=True, same_draws=True, samples=[
        Sample(T([4, 5])),
        Sample(T([4, 5], "float64"), 0.2),
        Sample(T([3, 7], "float64"), p=0.7),
        Sample(T([3, 7]), 0.3, True),
        Sample(T([3, 7]), p=0.9, training=True),
        Sample(T([20])),
        Sample(T([4, 5], "float64", noncontiguous=True), 0.4),
    ], errors=[
        Err(T([3]), 1.5, match=r"dropout probability has to be between 0 and 1, but got 1.5"),
        Err(T([3]), p=-0.1, match=r"dropout probability has to be between 0 and 1"),
    ]),
    Entry("torch.nn.functional.dropout", name="torch.nn.functional.dropout[no-op]", grad=True,
          samples=[
              Sample(T([3, 4]), 0.5, False),
              Sample(T([3, 4], "float64"), p=0.0),
              Sample(T([3, 4]), p=0.4, training=False),
          ]),
    Entry("torch.nn.functional.dropout", name="torch.nn.functional.dropout[p=1]", grad=True,
          samples=[Sample(T([3, 4]), 1.0), Sample(T([2, 3], "float64"), p=1.0)]),
    Entry("torch.nn.functional.alpha_dropout", grad=True, random=True, same_draws=True,
          samples=[
              Sample(T([4, 5]), 0.5, True),
              Sample(T([4, 5], "float64"), p=0.2, training=True),
              Sample(T([4, 5]), 0.5),
          ]),
    Entry("torch.nn.Dropout", grad=True, random=True, same_draws=True, samples=[
        Sample(Module(), T([4, 6])),
        Sample(Module(0.25), T([4, 6], "float64")),
        Sample(Module(p=0.1), T([2, 3, 4])),
        Sample(Module(0.5, train=False), T([4, 6])),
    ]),
    Entry("torch.nn.Dropout", name="torch.nn.Dropout[inplace]", random=True, same_draws=True,
          samples=[Sample(Module(0.3, True), T([4, 6])), Sample(Module(inplace=True), T([5]))]),
    Entry("torch.nn.AlphaDropout", grad=True, random=True, same_draws=True, samples=[
        Sample(Module(), T([4, 6])),
        Sample(Module(0.2), T([4, 6], "float64")),
        Sample(Module(0.2, train=False), T([4, 6])),
    ]),
    Entry("torch.nn.functional.embedding", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3], "int64", int_range=(0, 6)), T([6, 4])),
        Sample(T([5], "int64", int_range=(0, 6)), T([6, 3], "float64")),
        Sample(T(values=3, dtype="int64"), T([5, 2])),
    ], errors=[
        Err(T([3], low=0, high=2), T([4, 2]), match=r"Expected tensor for argument #1 'indices'"),
        Err(T(values=[0, 5], dtype="int64"), T([4, 2]), match=r"index out of range in self"),
        Err(T(values=[0], dtype="int64"), T([4, 2]), padding_idx=4,
            match=r"Padding_idx must be within num_embeddings"),
    ]),
    # torch's gradient here is not the derivative of the forward (the padding row gets none,
    # scale_grad_by_freq divides by counts, max_norm's renormalisation is not differentiated):
    # compared with torch's, not gradchecked.
    Entry("torch.nn.functional.embedding", name="torch.nn.functional.embedding[options]",
          grad=True, gradgrad=True, gradcheck=False, samples=[
        Sample(T(values=[[0, 2, 0], [1, 2, 2]], dtype="int64"), T([4, 3], "float64"),
               padding_idx=2),
        Sample(T(values=[[0, 2, 0], [1, 3, 3]], dtype="int64"), T([4, 3], "float64"), -1),
        Sample(T(values=[0, 2, 0, 0, 1], dtype="int64"), T([3, 2], "float64"),
               scale_grad_by_freq=True),
        Sample(T(values=[0, 2, 0], dtype="int64"), T([3, 4], "float64", low=-3, high=3),
               max_norm=1.0),
        Sample(T(values=[1, 2], dtype="int64"), T([3, 4], "float64", low=-3, high=3),
               max_norm=2.0, norm_type=1.0),
    ]),
    Entry("torch.nn.functional.one_hot", samples=[
        Sample(T(values=[0, 2, 1], dtype="int64")),
        Sample(T(values=[[0, 2], [1, 1]], dtype="int64"), 4),
        Sample(T(values=[1, 0], dtype="int64"), num_classes=3),
        Sample(T(values=2, dtype="int64"), 3),
        Sample(T([0], "int64"), 3),
    ], errors=[
        Err(T([3]), match=r"one_hot is only applicable to index tensor"),
        Err(T(values=[0, 3], dtype="int64"), 3,
            match=r"Class values must be smaller than num_classes"),
        Err(T(values=[0, -1], dtype="int64"), match=r"Class values must be non-negative"),
        Err(T([0], "int64"), match=r"Can not infer total number of classes from empty tensor"),
    ]),
    Entry("torch.nn.Embedding", grad=True, samples=[
        Sample(Module(10, 3), T([2, 4], "int64", int_range=(0, 10))),
        Sample(Module(10, 3, padding_idx=0), T(values=[[0, 1, 0, 9]], dtype="int64")),
        Sample(Module(6, 2, padding_idx=-2), T(values=[4, 1, 4], dtype="int64")),
        Sample(Module(6, 2, max_norm=1.0), T(values=[4, 1, 4], dtype="int64")),
        Sample(Module(6, 2, None, 2.0, 3.0, True), T(values=[4, 1, 4], dtype="int64")),
    ]),
    Entry("torch.nn.Identity", grad=True, samples=[
        Sample(Module(), T([2, 3])),
        Sample(Module(54, unused_argument1=0.1), T([3], "float64")),
    ]),
    Entry("torch.nn.Flatten", grad=True, samples=[
        Sample(Module(), T([2, 3, 4])),
        Sample(Module(0), T([2, 3, 4], "float64")),
        Sample(Module(start_dim=1, end_dim=2), T([2, 3, 4, 2])),
        Sample(Module(0, -2), T([2, 3, 4])),
    ]),
    Entry("torch.nn.Unflatten", grad=True, samples=[
        Sample(Module(1, (2, 5)), T([3, 10])),
        Sample(Module(1, (2, -1)), T([3, 10], "float64")),
        Sample(Module(-1, (3,)), T([2, 3])),
        Sample(Module(dim=0, unflattened_size=(2, 3)), T([6, 2])),
    ]),
    Entry("torch.nn.utils.parameters_to_vector", grad=True, gradgrad=True, samples=[
        Sample([T([2, 3]), T([4])]),
        Sample([T([3, 2], "float64"), T([1], "float64"), T([2, 2], "float64")]),
    ]),
]
