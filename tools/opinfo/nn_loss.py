"""The losses added beside lib/nn/losses.ts (lib/nn/margin_losses.ts) and their modules
(lib/nn/loss_modules.ts): values, gradients, reductions, the legacy size_average/reduce keys,
module reprs and bad targets."""

from common import Entry, Err, Module, Sample, T

F = "torch.nn.functional."
NO = dict(requires_grad=False)


def pm1(shape):
    """±1 labels (float32)."""
    return T(shape, values=None, low=0, high=1, requires_grad=False, dtype="float32")


def signs(values, dtype="float32"):
    return T(values=values, dtype=dtype, requires_grad=False)


ENTRIES = [
    Entry(F + "huber_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), "sum", 0.5),
        Sample(T([3, 4], "float64"), T([4], "float64"), reduction="none", delta=2.0),
        Sample(T([5], "float64", low=-3, high=3), T([5], "float64", **NO), delta=0.3),
    ], errors=[
        Err(T([2, 3]), T([2, 4]), match=r"size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1"),
        Err(T([2, 3]), T([2, 3]), reduction="bad", match=r"bad is not a valid value for reduction"),
        Err(T([2, 3]), T([2, 3]), delta=-1.0, match=r"huber_loss does not support non-positive values for delta"),
    ]),
    Entry(F + "gaussian_nll_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), T([3, 4], low=0.1, high=2)),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3], "float64", low=0.1, high=2),
               True, 1e-3, "sum"),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 1], "float64", low=0.1, high=2),
               reduction="none"),
        Sample(T([4], "float64"), T([4], "float64"), T([4], "float64", low=0.0, high=0.2),
               eps=0.05, full=True),
    ], errors=[
        Err(T([2, 3]), T([2, 3]), T([3]), match=r"var is of incorrect size"),
        Err(T([2, 3]), T([2, 3]), T([2, 3], low=-2, high=-1), match=r"var has negative entry/entries"),
        Err(T([2, 3]), T([2, 3]), T([2, 3], low=1, high=2), reduction="bad", match=r"bad is not valid"),
    ]),
    Entry(F + "margin_ranking_loss", grad=True, gradgrad=True, samples=[
        Sample(T([5]), T([5]), signs([1.0, -1.0, 1.0, 1.0, -1.0])),
        Sample(T([5], "float64"), T([5], "float64"), signs([1.0, -1.0, 1.0, -1.0, -1.0], "float64"), 0.5),
        Sample(T([2, 3], "float64"), T([2, 3], "float64"),
               signs([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]], "float64"), margin=0.2, reduction="none"),
        Sample(T([4], "float64"), T([4], "float64"), signs([1.0, -1.0, 1.0, 1.0], "float64"),
               size_average=False),
    ], errors=[
        Err(T([2, 3]), T([2, 3]), T([2]), match=r"margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size\(\[2, 3\]\), input2: torch.Size\(\[2, 3\]\), target: torch.Size\(\[2\]\)"),
    ]),
    Entry(F + "hinge_embedding_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), signs([[1.0, -1.0, 1.0, -1.0]] * 3)),
        Sample(T([6], "float64", low=0, high=3), signs([1.0, -1.0, -1.0, 1.0, -1.0, 1.0], "float64"), 2.0),
        Sample(T([2, 3], "float64"), signs([[1.0, -1.0, -1.0], [-1.0, 1.0, 1.0]], "float64"),
               margin=0.5, reduction="sum"),
        Sample(T([4], "float64"), signs([1.0, -1.0, 1.0, -1.0], "float64"), reduce=False),
    ], errors=[
        Err(T([2, 3]), T([4]), match=r"must match the size of tensor b"),
    ]),
    Entry(F + "soft_margin_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), signs([[1.0, -1.0, 1.0, -1.0]] * 3)),
        Sample(T([6], "float64", low=-5, high=5), signs([1.0, -1.0, -1.0, 1.0, -1.0, 1.0], "float64"),
               reduction="none"),
        Sample(T([2, 3], "float64"), signs([[1.0, -1.0, -1.0], [-1.0, 1.0, 1.0]], "float64"), None, None, "sum"),
    ], errors=[
        Err(T([2, 3]), T([2, 4]), match=r"size of tensor a \(3\) must match the size of tensor b \(4\)"),
        Err(T([2, 3]), T([2, 3], requires_grad=True), match=r"not differentiable with respect to argument 'target'"),
    ]),
    Entry(F + "multilabel_soft_margin_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), signs([[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 0.0]])),
        Sample(T([2, 3], "float64"), signs([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], "float64"),
               T([3], "float64", low=0.5, high=2, **NO)),
        Sample(T([2, 3], "float64"), signs([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "float64"),
               reduction="none"),
        Sample(T([2, 3], "float64"), signs([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "float64"),
               reduction="sum"),
    ], errors=[
        Err(T([2, 3]), T([2, 4]), match=r"must match the size of tensor b"),
        Err(T([2, 3]), T([2, 3], low=0, high=1), reduction="bad", match=r"bad is not valid"),
    ]),
    Entry(F + "multilabel_margin_loss", grad=True, samples=[
        Sample(T([3, 4]), T(values=[[1, 2, -1, 0], [0, -1, 0, 0], [3, 2, 1, 0]], dtype="int64")),
        Sample(T([2, 4], "float64"), T(values=[[3, 0, -1, 1], [1, 2, 3, -1]], dtype="int64"),
               reduction="none"),
        Sample(T([4], "float64"), T(values=[2, -1, 0, 1], dtype="int64"), reduction="sum"),
        Sample(T([2, 3], "float64"), T(values=[[0, 1, 2], [-1, 0, 0]], dtype="int64")),
    ], errors=[
        Err(T([2, 3]), T(values=[[0, 1, -1]], dtype="int64"), match=r"inconsistent size \[1, 3\] for argument #2 'target'"),
        Err(T([2, 3]), T(values=[[0, 5, -1], [0, 1, 2]], dtype="int64"), match=r"argument #2 'target' is out of range"),
        Err(T([2, 3]), T(values=[[0.0, 1.0, -1.0], [0.0, 1.0, 2.0]]), match=r"expected scalar type Long but found Float"),
    ]),
    Entry(F + "multi_margin_loss", grad=True, samples=[
        Sample(T([3, 4]), T(values=[1, 2, 3], dtype="int64")),
        Sample(T([3, 4], "float64"), T(values=[0, 3, 3], dtype="int64"), 2, 0.7,
               T([4], "float64", low=0.5, high=2, **NO)),
        Sample(T([4], "float64"), T(values=1, dtype="int64"), reduction="none"),
        Sample(T([2, 3], "float64"), T(values=[2, 0], dtype="int64"), margin=2.0, reduction="sum"),
    ], errors=[
        Err(T([2, 3]), T(values=[0, 3], dtype="int64"), match=r"target out of range"),
        Err(T([2, 3]), T(values=[0], dtype="int64"), match=r"inconsistent target size, got: \[1\]"),
        Err(T([2, 3]), T(values=[0, 1], dtype="int64"), p=3, match=r"only p == 1 and p == 2 supported"),
        Err(T([2, 3]), T(values=[0, 1], dtype="int64"), weight=T([2, 3]), match=r"weight must be one-dimensional"),
        Err(T([2, 3]), T(values=[0.0, 1.0]), match=r"expected scalar type Long but found Float"),
    ]),
    Entry(F + "cosine_embedding_loss", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), signs([1.0, -1.0, 1.0])),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), signs([-1.0, -1.0, 1.0], "float64"), 0.1),
        Sample(T([4], "float64"), T([4], "float64"), signs(1.0, "float64"), reduction="none"),
        Sample(T([2, 3], "float64"), T([2, 3], "float64"), signs([1.0, -1.0], "float64"),
               margin=-0.5, reduction="sum"),
    ], errors=[
        Err(T([2, 3]), T([2, 3]), T([2, 3]), match=r"0D or 1D target tensor expected, multi-target not supported"),
        Err(T([2, 3]), T([2, 3]), signs(1.0), match=r"0D target tensor expects 1D input tensors, but found inputs with sizes \[2, 3\] and \[2, 3\]\."),
    ]),
    Entry(F + "triplet_margin_loss", grad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64"), 2.0, 1.0),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64"), swap=True,
               reduction="none"),
        Sample(T([4], "float64"), T([4], "float64"), T([4], "float64"), margin=0.5, p=3.0,
               eps=0.0, reduction="sum"),
    ], errors=[
        Err(T([2, 3]), T([3]), T([2, 3]), match=r"All inputs should have same dimension but got 2D, 1D and 2D inputs\."),
    ]),
    Entry(F + "triplet_margin_with_distance_loss", grad=True, samples=[
        Sample(T([3, 4]), T([3, 4]), T([3, 4])),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64"), margin=2.0,
               swap=True),
        Sample(T([3, 4], "float64"), T([3, 4], "float64"), T([3, 4], "float64"),
               reduction="none"),
    ], errors=[
        Err(T([2, 3]), T([2, 3]), T([2, 3]), reduction="bad", match=r"bad is not a valid value for reduction"),
    ]),
    Entry("torch.nn.HuberLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4])),
        Sample(Module("sum", 0.5), T([3, 4], "float64"), T([3, 4], "float64")),
    ]),
    Entry("torch.nn.GaussianNLLLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4]), T([3, 4], low=0.1, high=2)),
        Sample(Module(full=True, eps=1e-3, reduction="none"), T([3, 4], "float64"),
               T([3, 4], "float64"), T([3], "float64", low=0.1, high=2)),
    ]),
    Entry("torch.nn.MarginRankingLoss", grad=True, samples=[
        Sample(Module(), T([5]), T([5]), signs([1.0, -1.0, 1.0, 1.0, -1.0])),
        Sample(Module(0.5, reduction="sum"), T([5], "float64"), T([5], "float64"),
               signs([1.0, -1.0, 1.0, -1.0, -1.0], "float64")),
    ]),
    Entry("torch.nn.HingeEmbeddingLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), signs([[1.0, -1.0, 1.0, -1.0]] * 3)),
        Sample(Module(2.0, reduce=False), T([4], "float64"), signs([1.0, -1.0, 1.0, -1.0], "float64")),
    ]),
    Entry("torch.nn.SoftMarginLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), signs([[1.0, -1.0, 1.0, -1.0]] * 3)),
        Sample(Module(reduction="none"), T([4], "float64"), signs([1.0, -1.0, 1.0, -1.0], "float64")),
    ]),
    Entry("torch.nn.MultiLabelSoftMarginLoss", grad=True, samples=[
        Sample(Module(), T([2, 3]), signs([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])),
        Sample(Module(T([3], "float64", low=0.5, high=2)), T([2, 3], "float64"),
               signs([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], "float64")),
    ]),
    Entry("torch.nn.MultiLabelMarginLoss", grad=True, samples=[
        Sample(Module(), T([2, 4]), T(values=[[3, 0, -1, 1], [1, 2, 3, -1]], dtype="int64")),
    ]),
    Entry("torch.nn.MultiMarginLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T(values=[1, 2, 3], dtype="int64")),
        Sample(Module(2, 0.5, T([4], "float64", low=0.5, high=2)), T([3, 4], "float64"),
               T(values=[0, 3, 3], dtype="int64")),
    ]),
    Entry("torch.nn.CosineEmbeddingLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4]), signs([1.0, -1.0, 1.0])),
        Sample(Module(0.2, reduction="none"), T([3, 4], "float64"), T([3, 4], "float64"),
               signs([1.0, -1.0, -1.0], "float64")),
    ]),
    Entry("torch.nn.TripletMarginLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4]), T([3, 4])),
        Sample(Module(0.5, 1.0, swap=True), T([3, 4], "float64"), T([3, 4], "float64"),
               T([3, 4], "float64")),
    ]),
    Entry("torch.nn.TripletMarginWithDistanceLoss", grad=True, samples=[
        Sample(Module(), T([3, 4]), T([3, 4]), T([3, 4])),
        Sample(Module(margin=0.5, swap=True, reduction="sum"), T([3, 4], "float64"),
               T([3, 4], "float64"), T([3, 4], "float64")),
    ]),
]

# Edge shapes: empty inputs ("mean" of nothing is NaN), non-contiguous inputs.
ENTRIES += [
    Entry(F + "huber_loss", name="huber_loss_edges", grad=True, samples=[
        Sample(T([0, 3]), T([0, 3])),
        Sample(T([3, 4], "float64", noncontiguous=True), T([3, 4], "float64")),
    ]),
    Entry(F + "margin_ranking_loss", name="margin_ranking_loss_edges", grad=True, samples=[
        Sample(T([0]), T([0]), T([0])),
    ]),
    Entry(F + "multi_margin_loss", name="multi_margin_loss_edges", grad=True, samples=[
        Sample(T([3, 4], "float64", noncontiguous=True), T(values=[1, 2, 3], dtype="int64")),
    ]),
]

# Mixed dtypes: the loss has the input's dtype, as torch's kernels (forward only: torch 1.13's
# backward refuses the mix).
ENTRIES += [
    Entry(F + "huber_loss", name="huber_loss_dtypes", samples=[
        Sample(T([3]), T([3], "float64")),
        Sample(T([3], "float64"), T([3])),
        Sample(T([3]), T([3], "int64")),
    ]),
    Entry(F + "soft_margin_loss", name="soft_margin_loss_dtypes", samples=[
        Sample(T([3]), T(values=[1.0, -1.0, 1.0], dtype="float64")),
        Sample(T([3], "float64"), T(values=[1.0, -1.0, 1.0])),
    ]),
]

# The legacy keys on modules: torch's _Loss maps them to a reduction at construction.
ENTRIES += [
    Entry("torch.nn.MarginRankingLoss", name="MarginRankingLoss_legacy", grad=True, samples=[
        Sample(Module(0.1, False), T([4]), T([4]), signs([1.0, -1.0, 1.0, -1.0])),
        Sample(Module(reduce=False), T([4]), T([4]), signs([1.0, -1.0, 1.0, -1.0])),
    ]),
    Entry("torch.nn.MultiMarginLoss", name="MultiMarginLoss_legacy", grad=True, samples=[
        Sample(Module(size_average=False), T([3, 4]), T(values=[1, 2, 3], dtype="int64")),
    ]),
    Entry("torch.nn.TripletMarginLoss", name="TripletMarginLoss_legacy", grad=True, samples=[
        Sample(Module(reduce=False), T([3, 4]), T([3, 4]), T([3, 4])),
    ]),
]
