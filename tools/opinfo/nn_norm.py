"""Normalization, distances and their modules (lib/nn/normalization.ts, distance.ts,
norm_layers.ts, distance_layers.ts): layer_norm, batch_norm, group_norm, normalize,
cosine_similarity, pairwise_distance, pdist; LayerNorm, BatchNorm1d, GroupNorm,
CosineSimilarity, PairwiseDistance."""

from common import DType, Entry, Err, Module, Sample, T

F = "torch.nn.functional."


def stats(n, dtype="float32"):
    """A running mean and a (positive) running variance that do not require grad."""
    return (T([n], dtype, requires_grad=False),
            T([n], dtype, low=0.5, high=2.0, requires_grad=False))


ENTRIES = [
    Entry(F + "layer_norm", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), [4]),
        Sample(T([2, 3, 4], "float64"), [3, 4], T([3, 4], "float64"), T([3, 4], "float64")),
        Sample(T([2, 5], "float64"), [5], weight=T([5], "float64"), eps=0.1),
        Sample(T([3, 2], noncontiguous=True), [2]),
        Sample(T([5]), [5], eps=1e-3),
    ], errors=[
        Err(T([2, 3]), [4], match=r"Given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got input of size\s*\[2, 3\]"),
        Err(T([2, 3]), [3], T([4]), match=r"Expected weight to be of same shape as normalized_shape, but got weight of shape \[4\] and normalized_shape = \[3\]"),
        Err(T([2, 3]), [3], None, T([2]), match=r"Expected bias to be of same shape as normalized_shape"),
        Err(T([2, 3], "int64"), [3], match=r"not implemented for 'Long'"),
        Err(T([2, 3]), 3, match=r"normalized_shape"),
    ]),
    # torch 1.13's double backward fails with a bias and no weight, so first derivatives only.
    Entry(F + "layer_norm", name="layer_norm_bias_only", grad=True, samples=[
        Sample(T([4, 3]), [3], None, T([3])),
    ]),
    Entry(F + "batch_norm", grad=True, gradgrad=True, samples=[
        Sample(T([4, 3]), None, None, training=True),
        Sample(T([4, 3], "float64"), *stats(3, "float64"), T([3], "float64"), T([3], "float64"),
               True, 0.3, 1e-3),
        Sample(T([2, 3, 5], "float64"), *stats(3, "float64"), training=True),
        Sample(T([4, 3], "float64"), *stats(3, "float64"), T([3], "float64"), T([3], "float64")),
        Sample(T([2, 3, 4]), *stats(3), weight=T([3]), training=False),
    ], errors=[
        Err(T([1, 3]), None, None, training=True,
            match=r"Expected more than 1 value per channel when training, got input size torch.Size\(\[1, 3\]\)"),
        Err(T([2, 3]), None, None, match=r"running_mean must be defined in evaluation mode"),
        Err(T([2, 3]), *stats(4), match=r"running_mean should contain 3 elements not 4"),
        Err(T([2, 3]), *stats(3), T([4]), match=r"weight should contain 3 elements not 4"),
    ]),
    Entry(F + "batch_norm", name="batch_norm_bias_only", grad=True, samples=[
        Sample(T([3, 2], "float64"), *stats(2, "float64"), bias=T([2], "float64"),
               training=True, momentum=1.0),
    ]),
    Entry(F + "group_norm", grad=True, gradgrad=True, samples=[
        Sample(T([2, 4, 3]), 2),
        Sample(T([3, 6], "float64"), 3, T([6], "float64"), T([6], "float64")),
        Sample(T([2, 4, 2, 2], "float64"), 4, weight=T([4], "float64"), eps=0.01),
        Sample(T([2, 4, 3], "float64"), num_groups=2),
    ], errors=[
        Err(T([2, 6, 3]), 4, match=r"Expected number of channels in input to be divisible by num_groups, but got input of shape \[2, 6, 3\] and num_groups=4"),
        Err(T([2, 6, 3]), 3, T([4]), match=r"Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape \[4\] and input of shape \[2, 6, 3\]"),
    ]),
    Entry(F + "group_norm", name="group_norm_bias_only", samples=[  # torch 1.13 cannot differentiate it
        Sample(T([2, 6, 5], "float64"), 1, None, T([6], "float64")),
    ]),
    Entry(F + "normalize", grad=True, samples=[
        Sample(T([3, 4])),
        Sample(T([3, 4], "float64"), 1.0),
        Sample(T([2, 3, 4], "float64"), 3, 2),
        Sample(T([3, 4], "float64"), p=float("inf"), dim=0),
        Sample(T([2, 3], "float64"), dim=-1, eps=10.0),
    ], errors=[
        Err(T([2, 3]), dim=3, match=r"[Dd]imension out of range"),
        Err(T([2, 3], "int64"), match=r"norm\(\): input dtype should be either floating point or complex"),
    ]),
    Entry(F + "cosine_similarity", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([4], "float64")),
        Sample(T([2, 3, 4], "float64"), T([2, 3, 4], "float64"), 2),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), dim=0, eps=0.5),
    ], errors=[
        Err(T([2, 3]), T([2, 4]), match=r"size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1"),
        Err(T([2], "int64"), T([2], "int64"), match=r"expected common dtype to be floating point, yet common dtype is Long"),
        Err(T([2, 3]), T([2, 3]), dim=2, match=r"[Dd]imension out of range"),
    ]),
    # A zero vector: the clamp's kink, where central differences do not apply.
    Entry(F + "normalize", name="normalize_zero_row", grad=True, gradcheck=False, samples=[
        Sample(T(values=[[0.0, 0.0], [3.0, 4.0]], dtype="float64")),
    ]),
    Entry(F + "cosine_similarity", name="cosine_similarity_zero_row", grad=True,
          gradcheck=False, samples=[
        Sample(T(values=[[0.0, 0.0], [1.0, 2.0]], dtype="float64"), T([2, 2], "float64")),
    ]),
    Entry("torch.cosine_similarity", grad=True, samples=[
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), 1, 1e-8),
    ]),
    Entry(F + "pairwise_distance", grad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([4], "float64"), 1.0),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), 3.0, 0.0, True),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), p=float("inf"), keepdim=False),
        Sample(T([5], "float64"), T([5], "float64"), eps=1e-3),
    ], errors=[
        Err(T([2, 3]), T([2, 4]), match=r"size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1"),
    ]),
    Entry(F + "pdist", grad=True, samples=[
        Sample(T([4, 3])),
        Sample(T([4, 3], "float64"), 1.0),
        Sample(T([5, 2], "float64"), 3.0),
        Sample(T([3, 4], "float64"), p=1.5),
        Sample(T([3, 4], "float64"), float("inf")),
        Sample(T([1, 3], "float64")),
    ], errors=[
        Err(T([3]), match=r"pdist only supports 2D tensors, got: 1D"),
        Err(T([3, 2]), -1.0, match=r"pdist only supports non-negative p values"),
        Err(T([3, 2], "int64"), match=r"pdist only supports floating-point dtypes"),
    ]),
    Entry("torch.nn.LayerNorm", grad=True, samples=[
        Sample(Module(4), T([3, 4])),
        Sample(Module([3, 4], eps=1e-3, dtype=DType("float64")), T([2, 3, 4], "float64")),
        Sample(Module(5, 1e-5, False), T([2, 5])),
    ]),
    Entry("torch.nn.BatchNorm1d", grad=True, samples=[
        Sample(Module(3), T([4, 3])),
        Sample(Module(3, dtype=DType("float64")), T([2, 3, 5], "float64")),
        Sample(Module(3, train=False), T([4, 3])),
        Sample(Module(3, momentum=None, affine=False), T([4, 3])),
        Sample(Module(3, track_running_stats=False), T([4, 3])),
        Sample(Module(3, track_running_stats=False, train=False), T([4, 3])),
        Sample(Module(2, 1e-3, 0.5), T([3, 2])),
    ], errors=[
        Err(Module(3), T([2, 3, 4, 5]), match=r"expected 2D or 3D input \(got 4D input\)"),
        Err(Module(3), T([2, 4]), match=r"running_mean should contain 4 elements not 3"),
    ]),
    Entry("torch.nn.GroupNorm", grad=True, samples=[
        Sample(Module(2, 4), T([3, 4, 2])),
        Sample(Module(3, 6, eps=1e-3, affine=False, dtype=DType("float64")), T([2, 6], "float64")),
    ], errors=[
        Err(Module(2, 4), T([3, 6, 2]), match=r"Expected weight to be a vector of size equal to the number of channels in input"),
    ]),
    Entry("torch.nn.CosineSimilarity", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4])),
        Sample(Module(dim=0, eps=1e-6), T([3, 4], "float64"), T([3, 4], "float64")),
    ]),
    Entry("torch.nn.PairwiseDistance", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4])),
        Sample(Module(1.0, 0.0, True), T([3, 4], "float64"), T([3, 4], "float64")),
    ]),
]

ENTRIES += [
    Entry(F + "pad", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3, 4]), [1, 2]),
        Sample(T([2, 3, 4], "float64"), [1, 0, 2, 1], "constant", 1.5),
        Sample(T([2, 3, 4], "float64"), [-1, 2, 0, -1], value=-2.0),
        Sample(T([2, 3, 4], "float64"), [1, 1, 1, 1, 1, 1]),
        Sample(T([2, 3], "int64"), [1, 1], value=1.5),
        Sample(T([2, 3, 4]), [2, 3], mode="reflect"),
        Sample(T([3, 4], "float64"), [3, 1], "reflect"),
        Sample(T([2, 3, 4], "float64"), [1, 2, 2, 1], mode="reflect"),
        Sample(T([1, 2, 3, 4], "float64"), [1, 1, 2, 0], mode="reflect"),
        Sample(T([1, 2, 3, 3, 4], "float64"), [1, 1, 2, 0, 1, 2], mode="reflect"),
        Sample(T([2, 3, 4]), [2, 5], mode="replicate"),
        Sample(T([2, 3, 4], "float64"), [-1, 2], mode="replicate"),
        Sample(T([1, 2, 3, 4], "float64"), [1, 1, 2, 0], mode="replicate"),
        Sample(T([1, 2, 3, 3, 4], "float64"), [1, 0, 2, 0, 1, 2], mode="replicate"),
        Sample(T([2, 3, 4]), [2, 3], mode="circular"),
        Sample(T([2, 3, 4], "float64"), [4, 1], mode="circular"),
        Sample(T([1, 2, 3, 4], "float64"), [1, 1, 2, 3], mode="circular"),
        Sample(T([1, 1, 2, 3, 4], "float64"), [1, 1, 2, 0, 1, 2], mode="circular"),
        Sample(T([2, 3, 4], "float64"), [1, -1], mode="circular"),
        Sample(T([2, 3, 4], "float64"), [1, 1], mode="reflect", value=0.0),
    ], errors=[
        Err(T([2, 3, 4]), [1], match=r"Padding length must be divisible by 2"),
        Err(T([2, 3, 4]), [1, 1, 1, 1, 1, 1, 1, 1], match=r"Padding length too large"),
        Err(T([2, 3, 4]), [1, 1], mode="reflect", value=1.0, match=r"Padding mode \"reflect\" doesn't take in value argument"),
        Err(T([2, 3, 4]), [1, 1, 1, 1, 1, 1], mode="reflect", match=r"Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now"),
        Err(T([4]), [1, 1], mode="replicate", match=r"Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now"),
        Err(T([2, 3, 4]), [4, 1], mode="reflect", match=r"Padding size should be less than the corresponding input dimension, but got: padding \(4, 1\) at dimension 2"),
        Err(T([2, 3, 4]), [1, 1, 3, 0], mode="reflect", match=r"Padding size should be less than the corresponding input dimension, but got: padding \(3, 0\) at dimension 1"),
        Err(T([2, 3, 4]), [5, 1], mode="circular", match=r"Padding value causes wrapping around more than once"),
        Err(T([3, 4]), [1, 1], mode="circular", match=r"Invalid padding size, expected 0 but got 2"),
        Err(T([2, 3, 4]), [1, 1], mode="bad", match=r"Unrecognised padding mode bad"),
        Err(T([2, 3, 4], "int64"), [1, 1], mode="reflect", match=r"\"reflection_pad1d\" not implemented for 'Long'"),
        Err(T([2, 3, 4]), [-3, -1], mode="replicate", match=r"input \(W: 4\) is too small. Calculated output W: 0"),
    ]),
]

ENTRIES += [
    Entry(F + "bilinear", grad=True, gradgrad=True, samples=[
        Sample(T([5, 3]), T([5, 4]), T([2, 3, 4]), T([2])),
        Sample(T([5, 3], "float64"), T([5, 4], "float64"), T([2, 3, 4], "float64")),
        Sample(T([2, 3, 3], "float64"), T([2, 3, 2], "float64"), T([4, 3, 2], "float64"),
               bias=T([4], "float64")),
        Sample(T([3], "float64"), T([4], "float64"), weight=T([2, 3, 4], "float64")),
    ], errors=[
        Err(T([5, 3]), T([5, 4, 2]), T([2, 3, 4]), match=r"bilinear\(\): input dimensions do not match: got 2 and 3"),
        Err(T([5, 3]), T([6, 4]), T([2, 3, 4]), match=r"bilinear\(\): input batch dimensions do not match at dim 0: got 5 and 6"),
        Err(T([5, 2]), T([5, 4]), T([2, 3, 4]), match=r"bilinear\(\): input1 size does not match weight size: got 2 but expected 3"),
        Err(T([5, 3]), T([5, 5]), T([2, 3, 4]), match=r"bilinear\(\): input2 size does not match weight size: got 5 but expected 4"),
        Err(T([5, 3]), T([5, 4]), T([2, 3, 4]), T([3]), match=r"bilinear\(\): bias size does not match weight size: got 3 but expected 2"),
    ]),
    Entry("torch.nn.Bilinear", grad=True, samples=[
        Sample(Module(3, 4, 2), T([5, 3]), T([5, 4])),
        Sample(Module(2, 3, 4, bias=False, dtype=DType("float64")), T([2, 2], "float64"),
               T([2, 3], "float64")),
    ]),
]

# Edge shapes: empty batches, negative dims, zero padding.
ENTRIES += [
    Entry(F + "layer_norm", name="layer_norm_edges", grad=True, samples=[
        Sample(T([0, 4]), [4]),
        Sample(T([2, 1], "float64"), [1]),
    ]),
    Entry(F + "cosine_similarity", name="cosine_similarity_edges", grad=True, samples=[
        Sample(T([2, 3, 4], "float64"), T([3, 1], "float64"), -2),
        Sample(T([0, 3]), T([0, 3])),
    ]),
    Entry(F + "pad", name="pad_edges", grad=True, samples=[
        Sample(T([2, 3]), [0, 0]),
        Sample(T([2, 3], "float64"), [0, 0], mode="reflect"),
        Sample(T([0, 3]), [1, 1]),
    ]),
    # Two equal rows: distance 0, where torch's gradient is 0 (central differences disagree).
    Entry(F + "pdist", name="pdist_edges", grad=True, samples=[
        Sample(T(values=[[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]], dtype="float64"), 2.0),
    ], gradcheck=False),
    # torch 1.13's pdist backward crashes on zero rows; the forward only.
    Entry(F + "pdist", name="pdist_empty", samples=[Sample(T([0, 3]))]),
]

# float32 outputs bit for bit: torch's rowwise moments (Welford in 8 lanes, cascaded),
# batch norm's float32 sums and the fused multiply-adds of the output, reproduced.
ENTRIES += [
    Entry(F + "layer_norm", name="layer_norm_bit_exact", ulp=0, samples=[
        Sample(T([4, 37], low=-3, high=5), [37]),
        Sample(T([2, 3, 300], low=-3, high=5), [300], T([300]), T([300])),
        Sample(T([3, 2, 9], low=-1, high=1), [2, 9], T([2, 9])),
    ]),
    Entry(F + "group_norm", name="group_norm_bit_exact", ulp=0, samples=[
        Sample(T([2, 6, 19], low=-3, high=5), 3),
        Sample(T([2, 6, 19], low=-3, high=5), 2, T([6]), T([6])),
        Sample(T([2, 6, 5]), 1, None, T([6])),
    ]),
    Entry(F + "batch_norm", name="batch_norm_bit_exact", ulp=0, samples=[
        Sample(T([33, 3], low=-3, high=5), None, None, training=True),
        Sample(T([9, 4, 7], low=-3, high=5), None, None, T([4]), T([4]), training=True),
        Sample(T([17, 3], low=-3, high=5), T([3], requires_grad=False),
               T([3], low=0.5, high=2, requires_grad=False), T([3]), T([3])),
    ]),
]
