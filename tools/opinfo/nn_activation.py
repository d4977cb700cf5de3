"""torch.nn.functional's activations and their nn modules (lib/nn/activation.ts,
lib/nn/modules/activation.ts): values, grad_fn names, gradients (float64 gradchecked), second
derivatives, keyword and positional options, module reprs, and torch's errors."""

from common import DType, Entry, Err, Module, Sample, T

SPECIAL = [0.0, -0.0, 1e-3, -1e-3, 25.0, -25.0, "inf", "-inf", "nan"]


def unary(name, *extra, kwargs=None, long_error=None, special=True, low=-3.0, high=3.0,
          gradgrad=True, **entry):
    """The usual samples of an elementwise activation: float32, float64 (gradchecked), a
    non-contiguous input, the special values, and `extra` samples with options."""
    kwargs = kwargs or {}
    samples = [
        Sample(T([3, 4], low=low, high=high), **kwargs),
        Sample(T([2, 5], "float64", low=low, high=high), **kwargs),
        Sample(T([4, 3], "float64", low=low, high=high, noncontiguous=True), **kwargs),
    ]
    if special:
        samples.append(Sample(T(values=SPECIAL, dtype="float32", requires_grad=False), **kwargs))
        samples.append(Sample(T(values=SPECIAL, dtype="float64", requires_grad=False), **kwargs))
    samples.extend(extra)
    errors = []
    if long_error:
        errors.append(Err(T([3], "int64"), match=long_error, **kwargs))
    return Entry(f"torch.nn.functional.{name}", samples=samples, errors=errors, grad=True,
                 gradgrad=gradgrad, **entry)


def module(cls, *ctors, shape=(2, 3, 4), dtype="float32", double=True, **entry):
    """Module samples: each constructor's arguments, then a forward on a random input."""
    samples = [Sample(c, T(list(shape), dtype, low=-3, high=3)) for c in ctors]
    if double:
        samples.append(Sample(ctors[0], T(list(shape), "float64", low=-3, high=3)))
    return Entry(f"torch.nn.{cls}", samples=samples, grad=True, **entry)


def inplace_module(name, *ctors, shape=(2, 3, 4)):
    """In-place modules, on inputs that do not require grad (torch refuses leaves)."""
    return Entry(f"torch.nn.{name}", name=f"torch.nn.{name}[inplace]",
                 samples=[Sample(c, T(list(shape), low=-3, high=3)) for c in ctors])


ENTRIES = [
    unary("relu", Sample(T(values=[-1.0, 0.0, 2.0], dtype="float32")),
          Sample(T([4], "int64", requires_grad=False)), gradgrad=True),
    unary("relu6", Sample(T([6], low=-8, high=8))),
    unary("elu", Sample(T([3, 4]), 0.5), Sample(T([3, 4], "float64"), alpha=2.0),
          long_error=r'"elu_cpu" not implemented for \'Long\''),
    unary("selu"),
    unary("celu", Sample(T([3, 4], "float64"), 2.0), Sample(T([3, 4], "float64"), alpha=0.5)),
    unary("gelu", Sample(T([3, 4], "float64", low=-6, high=6), approximate="tanh"),
          Sample(T([3, 4], low=-6, high=6), approximate="tanh"),
          Sample(T(values=SPECIAL, dtype="float64", requires_grad=False), approximate="tanh"),
          long_error=r'"GeluKernelImpl" not implemented for \'Long\''),
    unary("silu", long_error=r'"silu_cpu" not implemented for \'Long\''),
    unary("mish", long_error=r'"mish_cpu" not implemented for \'Long\''),
    unary("leaky_relu", Sample(T([3, 4], "float64"), 0.2),
          Sample(T([3, 4], "float64"), negative_slope=0.3),
          long_error=r'"leaky_relu_cpu" not implemented for \'Long\''),
    unary("hardtanh", Sample(T([3, 4], "float64"), -0.5, 0.5),
          Sample(T([3, 4], "float64"), min_val=-2.0, max_val=1.5)),
    unary("hardsigmoid", low=-5, high=5, gradgrad=False,
          long_error=r'"hardsigmoid_cpu" not implemented for \'Long\''),
    unary("hardswish", low=-5, high=5,
          long_error=r'"hardswish_cpu" not implemented for \'Long\''),
    unary("hardshrink", Sample(T([3, 4], "float64"), 1.0), Sample(T([3, 4], "float64"), lambd=0.25),
          long_error=r'"hardshrink_cpu" not implemented for \'Long\''),
    unary("softshrink", Sample(T([3, 4], "float64"), 1.0), Sample(T([3, 4], "float64"), lambd=0.25),
          long_error=r'"softshrink_cpu" not implemented for \'Long\''),
    unary("tanhshrink"),
    unary("softplus", Sample(T([3, 4], "float64", low=-30, high=30), 2.0),
          Sample(T([3, 4], "float64", low=-30, high=30), beta=0.5, threshold=5.0),
          Sample(T([3, 4], low=-30, high=30), threshold=1.0),
          long_error=r'"softplus_cpu" not implemented for \'Long\''),
    unary("softsign"),
    unary("sigmoid"),
    unary("tanh"),
    unary("logsigmoid", Sample(T([3, 4], "float64", low=-40, high=40)),
          long_error=r'"log_sigmoid_cpu" not implemented for \'Long\''),
    Entry("torch.nn.functional.threshold", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 0.5, -1.0),
        Sample(T([3, 4], "float64"), threshold=0.2, value=3.0),
        Sample(T([3, 4], "float64"), 0.1, value=2.0),
    ]),
    Entry("torch.nn.functional.prelu", grad=True, gradgrad=True, samples=[
        Sample(T([2, 3, 4]), T([1], low=0, high=1)),
        Sample(T([2, 3, 4], "float64"), T([3], "float64", low=0, high=1)),
        Sample(T([5, 3], "float64"), T([3], "float64", low=0, high=1)),
    ], errors=[
        Err(T([2, 3]), T([2]), match=r"Mismatch of parameter numbers and input channel size"),
    ]),
    Entry("torch.nn.functional.rrelu", grad=True, samples=[
        Sample(T([3, 4])),
        Sample(T([3, 4], "float64"), 0.2, 0.4),
        Sample(T([3, 4], "float64"), lower=0.1, upper=0.3, training=False),
    ]),
    Entry("torch.nn.functional.rrelu", name="torch.nn.functional.rrelu[training]", grad=True,
          random=True, same_draws=True, samples=[
              Sample(T([3, 4]), training=True),
              Sample(T([4, 5], "float64"), 0.2, 0.4, True),
              Sample(T([4, 5], "float64", noncontiguous=True), training=True),
          ]),
    Entry("torch.nn.functional.glu", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4])),
        Sample(T([4, 3], "float64"), 0),
        Sample(T([2, 6, 2], "float64"), dim=1),
    ], errors=[
        Err(T([3, 5]), match=r"Halving dimension must be even, but dimension 1 is size 5"),
    ]),
    Entry("torch.nn.functional.softmin", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), 1),
        Sample(T([3, 4], "float64"), dim=0),
        Sample(T([3, 4]), 1, dtype=DType("float64")),
    ]),
    Entry("torch.nn.functional.gumbel_softmax", grad=True, random=True, same_draws=True,
          rtol=1e-4, samples=[
              Sample(T([3, 5])),
              Sample(T([3, 5], "float64"), 0.5),
              Sample(T([4, 3], "float64"), dim=0),
          ]),
    # hard=True is piecewise constant forward (the soft sample's gradient flows straight
    # through), so a central-difference gradcheck does not apply.
    Entry("torch.nn.functional.gumbel_softmax", name="torch.nn.functional.gumbel_softmax[hard]",
          grad=True, random=True, same_draws=True, rtol=1e-4, gradcheck=False, samples=[
              Sample(T([3, 5], "float64"), tau=2.0, hard=True),
              Sample(T([3, 5]), 0.5, True),
          ]),

    # The modules: state_dict loaded, repr and forward compared.
    module("ReLU", Module()),
    inplace_module("ReLU", Module(True), Module(inplace=True)),
    module("ReLU6", Module()),
    inplace_module("ReLU6", Module(inplace=True), Module(True)),
    module("ELU", Module(), Module(alpha=0.5)),
    inplace_module("ELU", Module(0.25, True)),
    module("SELU", Module()),
    module("CELU", Module(), Module(alpha=2.0)),
    module("GELU", Module(), Module(approximate="tanh")),
    module("SiLU", Module()),
    inplace_module("SiLU", Module(inplace=True)),
    module("Mish", Module()),
    module("LeakyReLU", Module(), Module(0.2)),
    inplace_module("LeakyReLU", Module(negative_slope=0.1, inplace=True)),
    module("PReLU", Module(), Module(3), Module(num_parameters=3, init=0.1), double=False),
    module("PReLU", Module(3, dtype=DType("float64")), dtype="float64", double=False,
           name="torch.nn.PReLU[float64]"),
    module("RReLU", Module(train=False), Module(0.1, 0.3, train=False)),
    module("Hardtanh", Module(), Module(-2.0, 2.0), Module(min_val=-0.5, max_val=0.5)),
    inplace_module("Hardtanh", Module(-2.0, 2.0, True)),
    inplace_module("Hardswish", Module(inplace=True)),
    inplace_module("Mish", Module(True)),
    module("Hardsigmoid", Module()),
    module("Hardswish", Module()),
    module("Hardshrink", Module(), Module(1.0)),
    module("Softshrink", Module(), Module(lambd=1.0)),
    module("Tanhshrink", Module()),
    module("Threshold", Module(0.1, 20), Module(threshold=0.5, value=-2)),
    module("Softplus", Module(), Module(beta=2, threshold=10)),
    module("Softsign", Module()),
    module("Sigmoid", Module()),
    module("Tanh", Module()),
    module("LogSigmoid", Module()),
    module("GLU", Module(), Module(1), shape=(2, 4, 4)),
    module("Softmin", Module(1), Module(dim=2)),
    module("Softmax", Module(1), Module(dim=-1)),
    module("LogSoftmax", Module(1), Module(dim=0)),
]

