"""torch.nn.init (lib/nn/init.ts): the same numbers as torch after the same manual_seed, torch's
keywords by position and in the options object, and torch's errors."""

from common import Entry, Err, Sample, T


def fill(name, *samples, errors=(), **entry):
    return Entry(f"torch.nn.init.{name}", random=True, same_draws=True, samples=list(samples),
                 errors=list(errors), **entry)


def W(*shape, dtype="float32"):
    return T(list(shape), dtype, requires_grad=False)


ENTRIES = [
    fill("uniform_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), -2.0, 3.0),
         Sample(W(20), a=-0.5, b=0.5), Sample(W(5, 2), 1.0, b=4.0)),
    fill("normal_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 1.0, 2.0),
         Sample(W(20), mean=0.5, std=0.1), Sample(W(40, dtype="float64"), mean=0.0, std=1.0),
         Sample(W(5, 2), 0.0, std=3.0), rtol=1e-5, atol=1e-6),
    fill("trunc_normal_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 0.0, 0.5),
         Sample(W(30), std=0.02), Sample(W(30, dtype="float64"), mean=1.0, std=2.0, a=0.0, b=3.0),
         rtol=1e-5, atol=1e-6),
    fill("xavier_uniform_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 2.0),
         Sample(W(4, 2, 3), gain=0.5)),
    fill("xavier_normal_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 2.0),
         Sample(W(4, 2, 3), gain=0.5)),
    fill("kaiming_uniform_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 5 ** 0.5),
         Sample(W(4, 6), mode="fan_out", nonlinearity="relu"),
         Sample(W(4, 2, 3), 0.1, "fan_in", "leaky_relu"),
         errors=[Err(W(3, 4), mode="fan_avg", match=r"Mode fan_avg not supported")]),
    fill("kaiming_normal_", Sample(W(3, 4)), Sample(W(3, 4, dtype="float64"), 0.2),
         Sample(W(4, 6), mode="fan_out", nonlinearity="relu"),
         Sample(W(4, 2, 3), a=0.1, nonlinearity="tanh")),
    fill("orthogonal_", Sample(W(4, 3)), Sample(W(3, 5, dtype="float64")),
         Sample(W(4, 4, dtype="float64"), 2.0), Sample(W(2, 3, 2), gain=0.5),
         rtol=1e-4, atol=1e-5),
    Entry("torch.nn.init.constant_", samples=[
        Sample(W(2, 3), 0.5), Sample(W(4, dtype="float64"), val=-2.0),
    ]),
    Entry("torch.nn.init.zeros_", samples=[Sample(T([2, 3], requires_grad=False))]),
    Entry("torch.nn.init.ones_", samples=[Sample(T([2, 3], "float64", requires_grad=False))]),
    Entry("torch.nn.init.eye_", samples=[Sample(W(2, 3)), Sample(W(4, 2, dtype="float64"))],
          errors=[Err(W(2, 2, 2), match=r"Only tensors with 2 dimensions are supported")]),
    Entry("torch.nn.init.calculate_gain", samples=[
        Sample("relu"), Sample("tanh"), Sample("leaky_relu", 0.2), Sample("selu"),
        Sample("sigmoid"), Sample("leaky_relu"), Sample(nonlinearity="conv2d"),
    ], errors=[Err("gelu", match=r"Unsupported nonlinearity gelu")]),
]
