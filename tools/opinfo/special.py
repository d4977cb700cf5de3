"""torch.special and the special functions of the torch namespace (issue 19): values at the
edges (poles, ±0, ±inf, NaN, negative arguments), integer and bool inputs (the default float
dtype), gradients and second derivatives, Tensor methods and in-place forms, and the errors.
The dense float32/float64 ULP sweeps live in tools/gen_special_ulp_fixtures.py."""

from common import DType, Entry, Err, Sample, T

INF, NINF, NAN = "inf", "-inf", "nan"

GAMMA_EDGES = [0.0, -0.0, -1.0, -2.0, -2.5, 1.0, 2.0, 0.5, 1e-30, -1e-30, 1e30, 171.5, INF, NINF,
               NAN, -3.14, -100.5, 1e-8]


def unary(call, low=-3.0, high=3.0, edges=None, grad=True, gradgrad=True, glow=None,
          ghigh=None, ulp=None, rtol=None, atol=None, grad_rtol=None, grad_atol=None, **kw):
    """An elementwise op: float32 and float64 random samples, a non-contiguous one, the edges
    in both dtypes, integer and bool input."""
    samples = [
        Sample(T([3, 4], low=glow if glow is not None else low,
                 high=ghigh if ghigh is not None else high)),
        Sample(T([2, 5], "float64", low=glow if glow is not None else low,
                 high=ghigh if ghigh is not None else high)),
        Sample(T([4, 3], "float64", low=glow if glow is not None else low,
                 high=ghigh if ghigh is not None else high, noncontiguous=True)),
    ]
    if edges is not None:
        samples += [Sample(T(values=edges, dtype="float32", requires_grad=False)),
                    Sample(T(values=edges, dtype="float64", requires_grad=False))]
    samples += [Sample(T([5], "int64", int_range=(1, 4))), Sample(T([4], "bool"))]
    return Entry(call, samples=samples, grad=grad, gradgrad=gradgrad, ulp=ulp, rtol=rtol,
                 atol=atol, grad_rtol=grad_rtol, grad_atol=grad_atol, **kw)


ENTRIES = [
    # ---- the gamma family (the distributions build on these) ----
    unary("torch.lgamma", low=-4.0, high=6.0, glow=0.2, ghigh=6.0, edges=GAMMA_EDGES),
    unary("torch.special.gammaln", glow=0.2, ghigh=6.0, edges=GAMMA_EDGES),
    unary("Tensor.lgamma", glow=0.2, ghigh=6.0),
    unary("torch.digamma", glow=0.3, ghigh=8.0, edges=GAMMA_EDGES + [1.4616321449683622]),
    unary("torch.special.digamma", glow=0.3, ghigh=8.0),
    unary("torch.special.psi", glow=0.3, ghigh=8.0, edges=GAMMA_EDGES),
    unary("Tensor.digamma", glow=0.3, ghigh=8.0),
    Entry("torch.polygamma", grad=True, gradgrad=True, samples=[
        Sample(0, T([3, 4], low=0.3, high=6.0)),
        Sample(1, T([3, 4], low=0.3, high=6.0)),
        Sample(2, T([2, 5], "float64", low=0.3, high=6.0)),
        Sample(3, T([2, 5], "float64", low=0.3, high=6.0)),
        Sample(3, T([2, 5], "float64", low=-3.0, high=6.0, requires_grad=False)),
        Sample(4, T([6], low=0.5, high=3.0)),
        Sample(1, T(values=GAMMA_EDGES, dtype="float64", requires_grad=False)),
        Sample(2, T(values=GAMMA_EDGES, dtype="float32", requires_grad=False)),
        Sample(1, T([5], "int64", int_range=(1, 4))),
    ], errors=[
        Err(-1, T([3]), match=r"polygamma\(n, x\) does not support negative n"),
    ]),
    Entry("torch.special.polygamma", grad=True, samples=[
        Sample(2, T([3, 4], low=0.3, high=6.0)),
    ]),
    Entry("Tensor.polygamma", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=0.3, high=6.0), 1),
        Sample(T([3], "float64", low=0.3, high=6.0), 3),
    ]),
    Entry("torch.mvlgamma", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=1.6, high=6.0), 3),
        Sample(T([2, 3], "float64", low=0.6, high=6.0), p=2),
        Sample(T([4], "float64", low=0.1, high=6.0), 1),
        Sample(T([5], "int64", int_range=(3, 8)), 4),
        Sample(T(values=[0.5, 0.2, 1.0, 1.2, 0.0, INF, NAN], dtype="float64", requires_grad=False), 2),
    ], errors=[
        Err(T([3], low=2.0, high=3.0), 0, match=r"p has to be greater than or equal to 1"),
    ]),
    Entry("torch.special.multigammaln", grad=True, samples=[
        Sample(T([3, 4], low=1.6, high=6.0), 3),
    ]),
    Entry("Tensor.mvlgamma", grad=True, samples=[Sample(T([2, 3], low=1.1, high=4.0), 2)]),
    # ---- error functions ----
    unary("torch.erf", low=-4.0, high=4.0,
          edges=[0.0, -0.0, 1e-30, -1e-30, 0.5, -0.84375, 1.25, 6.0, -6.0, 30.0, INF, NINF, NAN]),
    unary("torch.special.erf", low=-3.0, high=3.0),
    unary("Tensor.erf", low=-3.0, high=3.0),
    unary("torch.erfc", low=-4.0, high=10.0,
          edges=[0.0, -0.0, 1e-30, 0.5, 0.84, 1.25, 6.0, -6.0, 9.0, 26.0, 27.0, 30.0, INF, NINF,
                 NAN]),
    unary("torch.special.erfc", low=-3.0, high=5.0),
    unary("Tensor.erfc", low=-3.0, high=5.0),
    unary("torch.erfinv", low=-0.99, high=0.99,
          edges=[0.0, -0.0, 0.5, -0.7, 0.7, 0.9999, -0.999999, 1.0, -1.0, 1.5, -2.0, INF, NAN,
                 1e-30]),
    unary("torch.special.erfinv", low=-0.99, high=0.99),
    unary("Tensor.erfinv", low=-0.99, high=0.99),
    unary("torch.special.erfcx", low=-3.0, high=10.0,
          edges=[0.0, -0.0, 1.0, -1.0, 30.0, 60.0, 1e8, -6.0, -10.0, -27.0, INF, NINF, NAN]),
    unary("torch.special.ndtr", low=-5.0, high=5.0,
          edges=[0.0, -0.0, -10.0, 10.0, -40.0, INF, NINF, NAN]),
    unary("torch.special.ndtri", low=0.01, high=0.99,
          edges=[0.0, 1.0, 0.5, 1e-30, 1e-10, 0.9999999, 0.1, -0.5, 1.5, NAN]),
    # Its second derivative in the left tail is exp(−(y + x²/2))·(y′ + x), where y′ + x cancels
    # (0.11 from 9.03 − 8.92 at x = −8.9): a float32 ULP of y moves it by 3e-4 relative, in
    # torch as here.
    unary("torch.special.log_ndtr", low=-10.0, high=5.0, grad_rtol=1e-3,
          edges=[0.0, -0.0, -1.0, -1.5, -40.0, -1000.0, 5.0, 40.0, INF, NINF, NAN]),
    # ---- logistic, exponential, Bessel, entropy, sinc ----
    unary("torch.logit", low=0.05, high=0.95,
          edges=[0.0, 1.0, 0.5, -0.5, 1.5, 1e-30, 0.999999, NAN]),
    unary("torch.special.logit", low=0.05, high=0.95),
    Entry("torch.logit", name="torch.logit eps", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-0.2, high=1.2), 0.1),
        Sample(T([2, 5], "float64", low=-0.2, high=1.2), eps=0.25),
        Sample(T(values=[0.0, 1.0, 0.5, -1.0, 2.0, NAN], dtype="float32", requires_grad=False),
               1e-6),
    ]),
    Entry("Tensor.logit", grad=True, samples=[
        Sample(T([3, 4], low=0.05, high=0.95)),
        Sample(T([3, 4], "float64", low=-0.2, high=1.2), 0.1),
    ]),
    unary("torch.special.expit", low=-10.0, high=10.0, edges=[0.0, 100.0, -100.0, INF, NINF, NAN]),
    unary("torch.exp2", low=-10.0, high=10.0,
          edges=[0.0, -0.0, 1.0, -1.0, 0.5, 127.9, 128.0, -149.0, -150.0, 1024.0, INF, NINF, NAN]),
    unary("torch.special.exp2", low=-5.0, high=5.0),
    unary("Tensor.exp2", low=-5.0, high=5.0),
    unary("torch.i0", low=-10.0, high=10.0,
          edges=[0.0, -0.0, 1.0, 8.0, -8.0, 8.5, 50.0, 90.0, 100.0, 800.0, INF, NINF, NAN]),
    unary("torch.special.i0", low=-5.0, high=5.0),
    unary("Tensor.i0", low=-5.0, high=5.0),
    unary("torch.special.i0e", low=-10.0, high=10.0,
          edges=[0.0, -0.0, 1.0, 8.0, -8.0, 8.5, 100.0, 1e10, INF, NINF, NAN]),
    unary("torch.special.i1", low=-10.0, high=10.0,
          edges=[0.0, -0.0, 1.0, 8.0, -8.0, 8.5, 50.0, 90.0, INF, NINF, NAN]),
    unary("torch.special.i1e", low=-10.0, high=10.0,
          edges=[0.0, -0.0, 1.0, 8.0, -8.0, 8.5, 100.0, 1e10, INF, NINF, NAN]),
    unary("torch.special.entr", low=0.05, high=3.0,
          edges=[0.0, -0.0, 1.0, 0.5, -1.0, 1e-30, 1e30, INF, NINF, NAN]),
    unary("torch.sinc", low=-3.0, high=3.0,
          edges=[0.0, -0.0, 1.0, -1.0, 0.5, 1e-20, 100.25, 1e10, INF, NINF, NAN]),
    unary("torch.special.sinc", low=-3.0, high=3.0),
    unary("Tensor.sinc", low=-3.0, high=3.0),
    # ---- binary ----
    Entry("torch.special.xlog1py", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=-2.0, high=2.0), T([3, 4], low=-0.9, high=3.0)),
        Sample(T([2, 1], "float64"), T([1, 3], "float64", low=-0.9, high=3.0)),
        Sample(T(values=[0.0, 0.0, 1.0, 2.0, 0.0], dtype="float32", requires_grad=False),
               T(values=[NAN, -1.0, -1.0, INF, 5.0], dtype="float32", requires_grad=False)),
        Sample(T([4], low=-0.9, high=3.0), 2.0),
        Sample(3.0, T([4], low=-0.9, high=3.0)),
        Sample(T([4], "int64"), T([4], "int64")),
    ]),
    Entry("torch.xlogy", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4]), T([3, 4], low=0.1, high=3.0)),
        Sample(T(values=[0.0, 0.0, 1.0, 2.0], dtype="float64", requires_grad=False),
               T(values=[NAN, 0.0, 0.0, INF], dtype="float64", requires_grad=False)),
        Sample(T([4], "int64"), T([4], "int64", int_range=(1, 4))),
        Sample(T([4]), 2.5),
        Sample(1.5, T([4], low=0.1, high=3.0)),
        Sample(T([2, 1], "float64"), T([1, 3], "float64", low=0.1, high=3.0)),
    ]),
    Entry("torch.special.zeta", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=1.5, high=6.0, requires_grad=False), T([3, 4], low=0.2, high=5.0)),
        Sample(T([2, 1], "float64", low=1.1, high=8.0, requires_grad=False),
               T([1, 3], "float64", low=0.2, high=5.0)),
        Sample(T(values=[1.0, 0.5, 2.0, 2.0, 2.0, 2.5, INF, NAN, 3.0], dtype="float64",
                 requires_grad=False),
               T(values=[1.0, 1.0, 0.0, -1.0, -1.5, -1.5, 2.0, 2.0, NAN], dtype="float64",
                 requires_grad=False)),
        Sample(2.0, T([4], low=0.2, high=5.0)),
        Sample(T([4], low=1.5, high=5.0, requires_grad=False), 2.0),
        Sample(T([3], "int64", int_range=(2, 5)), T([3], "int64", int_range=(1, 4))),
    ]),
    # P(a, x) and Q(a, x): only x has a gradient in torch, so a never requires grad here.
    Entry("torch.special.gammainc", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=0.1, high=5.0, requires_grad=False), T([3, 4], low=0.1, high=6.0)),
        Sample(T([2, 1], "float64", low=0.1, high=30.0, requires_grad=False),
               T([1, 3], "float64", low=0.1, high=30.0)),
        Sample(T([4], "float64", low=20.0, high=300.0, requires_grad=False),
               T([4], "float64", low=20.0, high=300.0)),
        Sample(T(values=[0.0, 0.0, 1.0, INF, 2.0, -1.0, 1.0, NAN, 1.0], dtype="float64",
                 requires_grad=False),
               T(values=[1.0, 0.0, 0.0, 1.0, INF, 1.0, -1.0, 1.0, NAN], dtype="float64",
                 requires_grad=False)),
    ], errors=[
        Err(T([3], "int64"), T([3], "int64"), match=r"\"igamma_cpu\" not implemented for 'Long'"),
        Err(T([3]), 2.0, match=r"argument 'other' \(position 2\) must be Tensor, not float"),
    ]),
    Entry("torch.special.gammaincc", grad=True, gradgrad=True, samples=[
        Sample(T([3, 4], low=0.1, high=5.0, requires_grad=False), T([3, 4], low=0.1, high=6.0)),
        Sample(T([2, 1], "float64", low=0.1, high=30.0, requires_grad=False),
               T([1, 3], "float64", low=0.1, high=30.0)),
        Sample(T([4], "float64", low=20.0, high=300.0, requires_grad=False),
               T([4], "float64", low=20.0, high=300.0)),
    ], errors=[
        Err(T([3], "bool"), T([3], "bool"), match=r"\"igammac_cpu\" not implemented for 'Bool'"),
    ]),
    Entry("torch.igamma", grad=True, samples=[
        Sample(T([3], "float64", low=0.5, high=4.0, requires_grad=False),
               T([3], "float64", low=0.1, high=5.0)),
    ]),
    Entry("torch.igammac", grad=True, samples=[
        Sample(T([3], low=0.5, high=4.0, requires_grad=False), T([3], low=0.1, high=5.0)),
    ]),
    Entry("Tensor.igamma", samples=[Sample(T([3], low=0.5, high=4.0), T([3], low=0.1, high=5.0))]),
    Entry("Tensor.igammac", samples=[Sample(T([3], low=0.5, high=4.0), T([3], low=0.1, high=5.0))]),
    Entry("Tensor.igamma_", samples=[
        Sample(T([3], low=0.5, high=4.0, requires_grad=False),
               T([3], low=0.1, high=5.0, requires_grad=False))]),
    Entry("Tensor.igammac_", samples=[
        Sample(T([3], low=0.5, high=4.0, requires_grad=False),
               T([3], low=0.1, high=5.0, requires_grad=False))]),
    Entry("torch.special.xlogy", grad=True, samples=[
        Sample(T([3, 4]), T([3, 4], low=0.1, high=3.0)),
    ]),
    # ---- torch.special's spellings of existing ops ----
    Entry("torch.special.log_softmax", grad=True, samples=[
        Sample(T([2, 5]), 1),
        Sample(T([2, 5]), 0, dtype=DType("float64")),
    ]),
    Entry("torch.special.softmax", grad=True, samples=[
        Sample(T([2, 5]), 1),
        Sample(T([2, 5]), dim=0, dtype=DType("float64")),
    ]),
    Entry("torch.special.logsumexp", grad=True, samples=[
        Sample(T([2, 5]), 1),
        Sample(T([2, 5], "float64"), [0, 1], True),
        Sample(T([2, 5]), dim=1, keepdim=True),
    ]),
    Entry("torch.special.round", grad=True, samples=[
        Sample(T(values=[0.5, 1.5, 2.5, -0.5, 2.7, -3.2], dtype="float32")),
        Sample(T([3, 4], "float64", low=-10.0, high=10.0)),
        Sample(T([4], low=-10.0, high=10.0), decimals=1),
    ], errors=[Err(T([3], "int64"), match=r"not implemented for 'Long'")]),
    unary("torch.special.log1p", low=-0.9, high=3.0),
    unary("torch.special.expm1", low=-3.0, high=3.0),
]

# In-place forms: the result written into self (float input), refused for int64 self.
for name, low, high in [("lgamma_", 0.2, 5.0), ("digamma_", 0.3, 5.0), ("erf_", -2.0, 2.0),
                        ("erfc_", -2.0, 2.0), ("erfinv_", -0.9, 0.9), ("exp2_", -3.0, 3.0),
                        ("i0_", -3.0, 3.0), ("sinc_", -3.0, 3.0), ("logit_", 0.1, 0.9)]:
    ENTRIES.append(Entry(f"Tensor.{name}", samples=[
        Sample(T([3, 4], low=low, high=high, requires_grad=False)),
        Sample(T([2, 3], "float64", low=low, high=high, requires_grad=False)),
    ], errors=[
        Err(T([3], "int64", requires_grad=False),
            match=r"result type Float can't be cast to the desired output type Long"),
    ]))
ENTRIES.append(Entry("Tensor.polygamma_", samples=[
    Sample(T([3, 4], low=0.3, high=5.0, requires_grad=False), 2)]))
ENTRIES.append(Entry("Tensor.mvlgamma_", samples=[
    Sample(T([3, 4], low=1.1, high=5.0, requires_grad=False), 2)]))
ENTRIES.append(Entry("Tensor.xlogy_", samples=[
    Sample(T([3, 4], requires_grad=False), T([3, 4], low=0.1, high=3.0, requires_grad=False))]))
