"""Creation, devices, dtypes, legacy constructors, random fills and samplers (issue 19):
lib/ops/create.ts, legacy.ts, convert.ts, random.ts, lib/tensor/device.ts, dtype.ts.

Random entries run after the same manual_seed in torch and kldiv; `same_draws=True` compares
values: bit for bit where kldiv reproduces torch's kernel (uniform_, bernoulli, exponential_,
random_, randperm, randint_like, poisson), within a few float32/float64 ulp for the normal
samplers (torch's log/sin/cos differ from JavaScript's in the last bits)."""

from common import Device, DType, Entry, Err, Sample, T


def W(*shape, dtype="float32", **kw):
    """A tensor that does not require grad (the fills write into it)."""
    return T(list(shape), dtype, requires_grad=False, **kw)


CUDA = r"not compiled with CUDA enabled"

ENTRIES = [
    # ---- creation with device / dtype / requires_grad ----
    Entry("torch.zeros", samples=[
        Sample(2, 3, device="cpu"),
        Sample([2, 2], dtype=DType("float64"), device=Device("cpu")),
        Sample(3, dtype=DType("int64"), requires_grad=False),
    ], errors=[Err(2, device="cuda", match=CUDA), Err(2, device="cuda:0", match=CUDA)]),
    Entry("torch.ones", samples=[Sample(2, device=Device("cpu"), dtype=DType("float64"))]),
    Entry("torch.full", samples=[Sample([2, 3], 0.5, device="cpu"),
                                 Sample([2], 7.0, dtype=DType("float64"))]),
    Entry("torch.tensor", samples=[Sample([1.5, 2.0], device="cpu"),
                                   Sample([[1, 2]], dtype=DType("int64"), device=Device("cpu"))],
          errors=[Err([1.0], device="cuda", match=CUDA)]),
    Entry("torch.arange", samples=[Sample(5.0, device="cpu"),
                                   Sample(0.0, 1.0, 0.25, dtype=DType("float64"))]),
    Entry("torch.linspace", samples=[Sample(0.0, 1.0, 5, device="cpu")]),
    Entry("torch.eye", samples=[Sample(3, device="cpu", dtype=DType("float64"))]),
    Entry("torch.zeros_like", samples=[Sample(T([2, 3]), device="cpu"),
                                       Sample(T([2], "int64"), dtype=DType("float64"))]),
    Entry("torch.ones_like", samples=[Sample(T([2, 3]), dtype=DType("float64"), device="cpu")]),
    Entry("torch.full_like", samples=[Sample(T([4]), 2.5, device=Device("cpu"))]),
    Entry("torch.logspace", samples=[
        Sample(0.0, 2.0, 5),
        Sample(-1.0, 1.0, 4, base=2.0),
        Sample(0.0, 3.0, 7, dtype=DType("float64")),
        Sample(-2.0, 2.0, 9, 2.5),
        Sample(1.0, 1.0, 1),
        Sample(0.5, 4.5, 33),
    ]),
    # ---- as_tensor and the legacy / typed constructors ----
    Entry("torch.as_tensor", grad=True, samples=[
        Sample([1.0, 2.0, 3.0]),
        Sample([[1.5, 2.0]], dtype=DType("float64")),
        Sample([1, 2], dtype=DType("int64"), device="cpu"),
        Sample(T([3]), dtype=DType("float64")),
        Sample(T([3, 2], "float64")),
    ], errors=[Err([1.0], DType("float64"), match=r"takes 1 positional argument but 2 were given")]),
    Entry("torch.Tensor", samples=[
        Sample([1.0, 2.0, 3.0]), Sample([[1, 2], [3, 4]]), Sample([True, False]), Sample([]),
    ], errors=[
        Err(2.5, match=r"data must be a sequence \(got float\)"),
        Err(-1, match=r"Trying to create tensor with negative dimension -1: \[-1\]"),
    ]),
    Entry("torch.FloatTensor", samples=[Sample([1.0, 2.5]), Sample([[1, 2]])]),
    Entry("torch.DoubleTensor", samples=[Sample([1.0, 2.5])]),
    Entry("torch.LongTensor", samples=[Sample([1, 2, 3]), Sample([1.7, -2.7])]),
    Entry("torch.BoolTensor", samples=[Sample([True, False, True])]),
    Entry("Tensor.new_tensor", samples=[
        Sample(T([2], "int64"), [1.5, 2.0]),
        Sample(T([2]), [[1.0, 2.0]], dtype=DType("float64")),
        Sample(T([2]), [3.0], requires_grad=True),
    ]),
    Entry("Tensor.new_zeros", samples=[Sample(T([2]), [2, 3]),
                                       Sample(T([2], "int64"), 2, 3, dtype=DType("float64"))]),
    Entry("Tensor.new_ones", samples=[Sample(T([2], "float64"), [3]),
                                      Sample(T([2]), 2, device="cpu")]),
    Entry("Tensor.new_full", samples=[Sample(T([2]), [2, 2], 3.5),
                                      Sample(T([2], "int64"), (3,), 7)]),
    # ---- to, type, cpu and friends ----
    Entry("Tensor.to", grad=True, samples=[
        Sample(T([3]), DType("float64")),
        Sample(T([3]), "cpu"),
        Sample(T([3]), Device("cpu"), DType("float64")),
        Sample(T([3]), "cpu", DType("float64"), False, True),
        Sample(T([3]), dtype=DType("float64"), copy=True),
        Sample(T([3], "float64"), dtype=DType("float32")),
        Sample(T([3], "float64"), device="cpu", dtype=DType("float64"), copy=True),
        Sample(T([3], "float64"), T([2], "int64", requires_grad=False)),
        Sample(T([2, 3]), DType("int64")),
    ], errors=[
        Err(T([2]), "cuda", match=CUDA),
        Err(T([2]), Device("cuda:0"), match=CUDA),
        Err(T([2]), device="cuda", dtype=DType("float64"), match=CUDA),
    ]),
    Entry("Tensor.cpu", grad=True, samples=[Sample(T([2, 2]))]),
    Entry("Tensor.cuda", errors=[Err(T([2]), match=CUDA)]),
    Entry("Tensor.type", samples=[
        Sample(T([2])), Sample(T([2], "int64")), Sample(T([2], "bool")),
        Sample(T([2]), DType("float64")), Sample(T([2]), "torch.DoubleTensor"),
        Sample(T([2], "float64"), "torch.LongTensor"),
    ]),
    Entry("Tensor.element_size", samples=[Sample(T([2])), Sample(T([2], "float64")),
                                          Sample(T([2], "int64")), Sample(T([2], "bool"))]),
    Entry("Tensor.nelement", samples=[Sample(T([2, 3]))]),
    Entry("Tensor.is_floating_point", samples=[Sample(T([2])), Sample(T([2], "int64"))]),
    Entry("torch.is_tensor", samples=[Sample(T([2])), Sample([1, 2]), Sample(3)]),
    Entry("torch.is_floating_point", samples=[Sample(T([2], "float64")),
                                              Sample(T([2], "bool"))]),
    Entry("torch.numel", samples=[Sample(T([2, 3, 4])), Sample(T([], "int64"))]),
    Entry("torch.clone", grad=True, samples=[Sample(T([2, 3])), Sample(T([3], "float64")),
                                             Sample(T([3, 2], noncontiguous=True))]),
    Entry("torch.detach", samples=[Sample(T([2, 3], requires_grad=True))]),
    Entry("torch.promote_types", samples=[
        Sample(DType("int64"), DType("float32")), Sample(DType("bool"), DType("int64")),
        Sample(DType("float32"), DType("float64")), Sample(DType("bool"), DType("bool")),
    ]),
    Entry("torch.can_cast", samples=[
        Sample(DType("float64"), DType("int64")), Sample(DType("int64"), DType("float32")),
        Sample(DType("int64"), DType("bool")), Sample(DType("bool"), DType("int64")),
        Sample(DType("float64"), DType("float32")),
    ]),
    # ---- random fills (in place) ----
    Entry("Tensor.uniform_", random=True, same_draws=True, samples=[
        Sample(W(3, 4)), Sample(W(3, 4, dtype="float64")),
        Sample(W(20), -2.3, 3.7), Sample(W(20, dtype="float64"), -2.3, 3.7),
        Sample(W(5), to=0.5), Sample(W(4, 3, noncontiguous=True), 0.0, 1.0),
    ], errors=[
        Err(W(2), 2.0, 1.0, match=r"uniform_ expects to return a \[from, to\) range"),
        Err(T([2], "int64"), match=r"not implemented for 'Long'"),
    ]),
    Entry("Tensor.normal_", random=True, same_draws=True, rtol=1e-5, atol=1e-6, samples=[
        Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 1.0, 2.0),
        Sample(W(40), mean=0.5, std=0.1), Sample(W(40, dtype="float64")),
        Sample(W(4, 5, noncontiguous=True)), Sample(W(7), 0.0, std=3.0),
    ], errors=[Err(W(2), 0.0, -1.0, match=r"normal expects std >= 0.0, but found std -1")]),
    Entry("Tensor.bernoulli_", random=True, same_draws=True, samples=[
        Sample(W(3, 4)), Sample(W(10, dtype="float64"), 0.3),
        Sample(W(6), p=0.9), Sample(W(4, 3), T([4, 3], low=0, high=1, requires_grad=False)),
        Sample(W(5), T([5], "float64", low=0, high=1, requires_grad=False)),
        Sample(T([6], "int64"), 0.5),
    ], errors=[Err(W(2), 1.5, match=r"bernoulli_ expects p to be in \[0, 1\], but got p=1.5")]),
    Entry("Tensor.exponential_", random=True, same_draws=True, samples=[
        Sample(W(3, 4)), Sample(W(10, dtype="float64"), 3.0), Sample(W(6), lambd=0.5),
    ], errors=[Err(W(2), -1.0,
                   match=r"exponential_ expects lambda >= 0.0, but found lambda=-1")]),
    Entry("Tensor.random_", random=True, same_draws=True, samples=[
        Sample(T([8], "int64"), 0, 10), Sample(T([8], "int64"), 100),
        Sample(W(6), 5), Sample(W(6, dtype="float64"), -3, 3), Sample(W(6)),
        Sample(W(6, dtype="float64")), Sample(T([8], "bool")),
        Sample(T([4], "int64"), 0, 2 ** 40),
    ], errors=[Err(T([2], "int64"), 5, 2, match=r"random_ expects 'from' to be less than 'to'")]),
    # ---- random samplers ----
    Entry("torch.randperm", random=True, same_draws=True, samples=[
        Sample(10), Sample(1), Sample(0), Sample(50), Sample(6, dtype=DType("float64")),
    ]),
    Entry("torch.normal", random=True, same_draws=True, grad=True, rtol=1e-5, atol=1e-6,
          gradcheck=False, samples=[
              Sample(T([3, 4]), T([3, 4], low=0.1, high=2)),
              Sample(T([20], "float64"), T([20], "float64", low=0.1, high=2)),
              Sample(T([2, 3]), 2.0),
              Sample(T([20]), std=0.5),
              Sample(1.0, T([5], low=0.5, high=1)),
              Sample(0.5, 2.0, (3, 4)),
              Sample(0.0, 1.0, size=(20,), dtype=DType("float64")),
              Sample(T([3, 1]), T([4], low=0.1, high=1)),
          ], errors=[Err(T([2]), -1.0, match=r"normal expects std >= 0.0")]),
    Entry("torch.bernoulli", random=True, same_draws=True, grad=True, gradcheck=False, samples=[
        Sample(T([4, 5], low=0, high=1)), Sample(T([6], "float64", low=0, high=1)),
        Sample(T([5]), 0.3), Sample(T([5], "float64"), p=0.7),
    ]),
    Entry("torch.poisson", random=True, same_draws=True, grad=True, gradcheck=False, samples=[
        Sample(T([10], low=0, high=5)), Sample(T([8], "float64", low=0, high=9)),
        Sample(T([6], "float64", low=10, high=40)), Sample(T([6], low=10, high=200)),
        Sample(T(values=[0.0, 0.5, 12.0])),
    ]),
    Entry("torch.randint_like", random=True, same_draws=True, samples=[
        Sample(T([3, 4]), 10), Sample(T([5], "int64"), 2, 8),
        Sample(T([4]), low=-5, high=5), Sample(T([3], "int64"), 3, dtype=DType("float64")),
    ]),
    Entry("torch.rand", random=True, same_draws=True, samples=[
        Sample(3, device="cpu"), Sample([2, 2], dtype=DType("float64"), device=Device("cpu"))]),
    Entry("torch.randn", random=True, same_draws=True, rtol=1e-5, atol=1e-6, samples=[
        Sample(3, device="cpu")]),
    Entry("torch.randint", random=True, same_draws=True, samples=[
        Sample(0, 5, (4,), device="cpu")]),
]
