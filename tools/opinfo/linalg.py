"""torch.linalg and torch's det/logdet/slogdet/inverse/cholesky through the op table.

Inputs are built here with their structure (well-conditioned, symmetric, positive-definite,
triangular, rank-deficient) from fixed seeds and passed as exact values. float64 entries are
held to 1e-12 relative of torch (LAPACK); float32 entries to a stated looser bound, as kldiv
computes in double and rounds once while LAPACK's float32 routines round at every step.

Eigenvectors and singular vectors are compared up to the sign of each column (row for Vh)
(`signs=`): the runner flips torch's values and grad_outputs to kldiv's signs, which keeps the
loss Σ go·V the same function of A, so torch's input gradients are compared unchanged.
eigh, eigvalsh and cholesky read one triangle while their gradients are full matrices (as
torch's): the numerical gradcheck does not apply to them (`gradcheck=False`).
"""

import torch

from common import DType, Entry, Err, Sample, T

F64 = dict(rtol=1e-12, atol=1e-13, grad_rtol=1e-10, grad_atol=1e-12)
F32 = dict(rtol=2e-5, atol=2e-6, grad_rtol=2e-4, grad_atol=2e-5)


def _rand(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1


def general(shape, dtype="float64", seed=0):
    """A well-conditioned square matrix (batch): random entries plus 2·I."""
    a = _rand(shape, seed) + 2 * torch.eye(shape[-1], dtype=torch.float64)
    return T(values=a.tolist(), dtype=dtype)


def rect(shape, dtype="float64", seed=0):
    """A random (full-rank) rectangular matrix."""
    return T(values=_rand(shape, seed).tolist(), dtype=dtype)


def spd(shape, dtype="float64", seed=0):
    """A symmetric positive-definite matrix: B Bᵀ + I."""
    b = _rand(shape, seed)
    a = b @ b.mT + torch.eye(shape[-1], dtype=torch.float64)
    return T(values=a.tolist(), dtype=dtype)


def sym(shape, dtype="float64", seed=0):
    """A symmetric matrix with well-separated eigenvalues."""
    b = _rand(shape, seed)
    a = b + b.mT + torch.diag(torch.arange(shape[-1], dtype=torch.float64) * 1.5)
    return T(values=a.tolist(), dtype=dtype)


def triangular(shape, upper, dtype="float64", seed=0):
    a = _rand(shape, seed) + 3 * torch.eye(shape[-1], dtype=torch.float64)
    a = a.triu() if upper else a.tril()
    return T(values=a.tolist(), dtype=dtype)


def both(call, make, grad=True, gradgrad=True, **kw):
    """Two entries per op: float64 (tight) and float32 (the stated bound)."""
    name = kw.pop("name", call)
    f64 = kw.pop("f64", {})
    f32 = kw.pop("f32", {})
    errors = kw.pop("errors", [])
    return [
        Entry(call, name=f"{name}/float64", samples=make("float64"), grad=grad, gradgrad=gradgrad,
              errors=errors, **{**F64, **f64}, **kw),
        Entry(call, name=f"{name}/float32", samples=make("float32"), grad=grad,
              gradgrad=False, **{**F32, **f32}, **kw),
    ]


SINGULAR = T(values=[[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]], dtype="float64")
NOT_PD = T(values=[[1.0, 2.0], [2.0, 1.0]])

ENTRIES = [
    *both("torch.linalg.det", lambda d: [
        Sample(general([3, 3], d, 1)),
        Sample(general([2, 4, 4], d, 2)),
        Sample(general([1, 1], d, 3)),
        Sample(rect([2, 2], d, 4)),
    ], errors=[
        Err(T([2, 2], "int64"), match=r"Expected a floating point or complex tensor as input\. Got Long"),
        Err(T([2, 3]), match=r"A must be batches of square matrices, but they are 2 by 3 matrices"),
        Err(T([3]), match=r"The input tensor A must have at least 2 dimensions"),
    ]),
    Entry("torch.linalg.det", name="torch.linalg.det/singular", samples=[Sample(SINGULAR)],
          grad=True, gradcheck=False, **F64),
    *both("torch.det", lambda d: [Sample(general([2, 3, 3], d, 5))]),
    *both("Tensor.det", lambda d: [Sample(general([3, 3], d, 6))]),
    *both("torch.linalg.slogdet", lambda d: [
        Sample(general([3, 3], d, 7)),
        Sample(rect([2, 3, 3], d, 8)),
    ], errors=[Err(T([2, 3]), match=r"A must be batches of square matrices")]),
    *both("torch.slogdet", lambda d: [Sample(rect([3, 3], d, 9))]),
    *both("Tensor.slogdet", lambda d: [Sample(general([3, 3], d, 10))]),
    *both("torch.logdet", lambda d: [
        Sample(spd([3, 3], d, 11)),
        Sample(T(values=[[[-2.0, 0.0], [0.0, 1.0]], [[2.0, 1.0], [1.0, 3.0]]], dtype=d)),
    ]),
    *both("Tensor.logdet", lambda d: [Sample(spd([2, 3, 3], d, 12))]),
    *both("torch.linalg.inv", lambda d: [
        Sample(general([3, 3], d, 13)),
        Sample(general([2, 3, 3], d, 140)),
    ], errors=[
        Err(T(values=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
            match=r"linalg\.inv: The diagonal element 3 is zero, the inversion could not be completed because the input matrix is singular\."),
        Err(T(values=[[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]]]),
            match=r"linalg\.inv: \(Batch element 1\): The diagonal element 2 is zero"),
        Err(T([2, 3]), match=r"linalg\.inv: A must be batches of square matrices, but they are 2 by 3 matrices"),
    ]),
    *both("torch.inverse", lambda d: [Sample(general([3, 3], d, 15))]),
    *both("Tensor.inverse", lambda d: [Sample(general([2, 2, 2], d, 16))]),
    *both("torch.linalg.solve", lambda d: [
        Sample(general([3, 3], d, 17), rect([3, 2], d, 18)),
        Sample(general([3, 3], d, 19), rect([3], d, 20)),
        Sample(general([2, 3, 3], d, 21), rect([2, 3], d, 22)),
        Sample(general([2, 3, 3], d, 23), rect([3, 4], d, 24)),
        Sample(general([3, 3], d, 25), rect([2, 3], d, 26), left=False),
    ], errors=[
        Err(SINGULAR, T([3], "float64"), match=r"The solver failed because the input matrix is singular"),
        Err(T([3, 3]), T([4]), match=r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 4x1\)"),
        Err(T([3, 3]), T([3, 2], "float64"),
            match=r"Expected A and B to have the same dtype, but found A of type Float and B of type Double instead"),
        Err(T([2, 3, 3]), T([3, 3, 3]), match=r"\(3\) must match the size of tensor b \(2\) at non-singleton dimension 0"),
    ]),
    *both("torch.linalg.solve_triangular", lambda d: [
        Sample(triangular([3, 3], True, d, 27), rect([3, 2], d, 28), upper=True),
        Sample(triangular([3, 3], False, d, 29), rect([2, 3, 2], d, 30), upper=False),
        Sample(triangular([3, 3], True, d, 31), rect([2, 3], d, 32), upper=True, left=False),
        Sample(triangular([3, 3], False, d, 33), rect([3, 1], d, 34), upper=False, unitriangular=True),
    ], errors=[
        Err(T([3, 3]), T([3, 2]), match=r'missing 1 required positional arguments: "upper"'),
        Err(T([3, 3]), T([4, 2]), upper=True,
            match=r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 4x2\)"),
    ]),
    *both("torch.linalg.cholesky", lambda d: [
        Sample(spd([3, 3], d, 35)),
        Sample(spd([2, 4, 4], d, 36)),
        Sample(spd([3, 3], d, 37), upper=True),
    ], gradcheck=False, errors=[
        Err(NOT_PD, match=r"linalg\.cholesky: The factorization could not be completed because the input is not positive-definite \(the leading minor of order 2 is not positive-definite\)\."),
        Err(T(values=[[[1.0, 0.0], [0.0, 1.0]], [[-1.0, 0.0], [0.0, 1.0]]]),
            match=r"linalg\.cholesky: \(Batch element 1\): The factorization could not be completed because the input is not positive-definite \(the leading minor of order 1"),
        Err(T([2, 3]), match=r"A must be batches of square matrices"),
    ]),
    *both("torch.cholesky", lambda d: [
        Sample(spd([3, 3], d, 38)),
        Sample(spd([2, 3, 3], d, 39), True),
        Sample(spd([3, 3], d, 40), upper=True),
    ], gradcheck=False, errors=[
        Err(NOT_PD, match=r"cholesky: The factorization could not be completed because the input is not positive-definite"),
    ]),
    *both("Tensor.cholesky", lambda d: [Sample(spd([3, 3], d, 41))], gradcheck=False),
    *both("torch.linalg.eigh", lambda d: [
        Sample(sym([3, 3], d, 42)),
        Sample(sym([2, 4, 4], d, 43)),
        Sample(sym([3, 3], d, 44), UPLO="U"),
        Sample(rect([3, 3], d, 45), "U"),
    ], signs={1: "columns"}, gradcheck=False, f64=dict(grad_rtol=1e-9), errors=[
        Err(T([2, 3]), match=r"A must be batches of square matrices"),
        Err(T([2, 2]), UPLO="X", match=r"Expected UPLO argument to be 'L' or 'U', but got X"),
    ]),
    *both("torch.linalg.eigvalsh", lambda d: [
        Sample(sym([3, 3], d, 46)),
        Sample(sym([2, 3, 3], d, 47), UPLO="U"),
    ], gradcheck=False),
    *both("torch.linalg.svd", lambda d: [
        Sample(rect([3, 3], d, 48)),
        Sample(rect([4, 3], d, 49), full_matrices=False),
        Sample(rect([2, 3, 5], d, 50), False),
    ], signs={0: "columns", 2: "rows"}, f64=dict(grad_rtol=1e-9),
        errors=[Err(T([3]), match=r"The input tensor A must have at least 2 dimensions")]),
    # Full matrices with one extra column (row): unique up to sign, so comparable. torch's
    # gradient ignores the extra vectors (they depend on A), so no numerical gradcheck.
    *both("torch.linalg.svd", lambda d: [
        Sample(rect([4, 3], d, 121)),
        Sample(rect([2, 3, 4], d, 122), full_matrices=True),
    ], name="torch.linalg.svd/full", signs={0: "columns", 2: "rows"}, gradcheck=False,
        f64=dict(grad_rtol=1e-9)),
    *both("torch.linalg.svdvals", lambda d: [
        Sample(rect([3, 3], d, 51)),
        Sample(rect([2, 4, 2], d, 52)),
        Sample(rect([2, 5], d, 53)),
    ]),
    *both("torch.linalg.qr", lambda d: [
        Sample(rect([3, 3], d, 54)),
        Sample(rect([5, 3], d, 55)),
        Sample(rect([2, 3, 5], d, 56)),
        Sample(rect([3, 3], d, 57), mode="complete"),
        Sample(rect([2, 4], d, 58), "complete"),
    ], f64=dict(grad_rtol=1e-9), errors=[
        Err(T([3, 3]), mode="foo", match=r"qr received unrecognized mode 'foo' but expected one of 'reduced' \(default\), 'r', or 'complete'"),
    ]),
    Entry("torch.linalg.qr", name="torch.linalg.qr/mode_r",
          samples=[Sample(rect([4, 3], "float64", 59), mode="r")], **F64),
    *both("torch.linalg.lstsq", lambda d: [
        Sample(rect([5, 3], d, 60), rect([5, 2], d, 61)),
        Sample(general([3, 3], d, 62), rect([3, 2], d, 63)),
        Sample(rect([2, 4, 3], d, 64), rect([2, 4, 1], d, 65)),
    ], f64=dict(atol=1e-12, grad_rtol=1e-9), errors=[
        Err(T([3, 3]), T([4, 2]), match=r"torch\.linalg\.lstsq: input\.size\(-2\) should match other\.size\(-2\)"),
        Err(T([3, 3]), T([3, 2]), driver="x",
            match=r"torch\.linalg\.lstsq: parameter `driver` should be one of \(gels, gelsy, gelsd, gelss\)"),
    ]),
    Entry("torch.linalg.lstsq", name="torch.linalg.lstsq/drivers", samples=[
        Sample(rect([5, 3], "float64", 66), rect([5, 2], "float64", 67), driver="gelsd"),
        Sample(rect([5, 3], "float64", 68), rect([5, 2], "float64", 69), driver="gelss"),
        Sample(rect([5, 3], "float64", 70), rect([5, 2], "float64", 71), driver="gels"),
        Sample(rect([5, 3], "float64", 72), rect([5, 2], "float64", 73), None, driver="gelsy"),
    ], rtol=1e-11, atol=1e-12),
    Entry("torch.linalg.matrix_rank", samples=[
        Sample(rect([3, 3], "float64", 74)),
        Sample(SINGULAR),
        Sample(T(values=[[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 1e-9]]], dtype="float64")),
        Sample(T(values=[[1.0, 0.0], [0.0, 1e-3]]), atol=1e-2),
        Sample(T(values=[[1.0, 0.0], [0.0, 1e-3]]), rtol=1e-2),
        Sample(spd([3, 3], "float64", 75), hermitian=True),
        Sample(rect([2, 4], "float32", 76)),
    ], errors=[Err(T([3]), match=r"The input tensor input must have at least 2 dimensions")]),
    *both("torch.linalg.pinv", lambda d: [
        Sample(rect([3, 3], d, 77)),
        Sample(rect([4, 2], d, 78)),
        Sample(rect([2, 2, 3], d, 79)),
    ], f64=dict(rtol=1e-11, atol=1e-12, grad_rtol=1e-8), errors=[
        Err(T([3]), match=r"expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types"),
    ]),
    *both("torch.linalg.pinv", lambda d: [Sample(spd([3, 3], d, 80), hermitian=True)],
          name="torch.linalg.pinv/hermitian", gradcheck=False, f64=dict(grad_rtol=1e-8)),
    Entry("torch.linalg.pinv", name="torch.linalg.pinv/rank_deficient",
          samples=[Sample(SINGULAR), Sample(T(values=[[1.0, 0.0], [0.0, 1e-3]], dtype="float64"), atol=1e-2)],
          rtol=1e-11, atol=1e-12),
    *both("torch.linalg.vector_norm", lambda d: [
        Sample(T([3, 4], d)),
        Sample(T([3, 4], d), 1),
        Sample(T([3, 4], d), float("inf"), 1),
        Sample(T([3, 4], d), float("-inf"), dim=0, keepdim=True),
        Sample(T([2, 3, 4], d), 3, [0, 2]),
        Sample(T([2, 3, 4], d, low=0.2), 0.5, dim=-1),
        Sample(T([3, 4], d), 1.5, 1),
        Sample(T([3, 4], d), 0, 1),
    ], errors=[
        Err(T([3], "int64"), match=r"linalg\.vector_norm: Expected a floating point or complex tensor as input\. Got Long"),
    ]),
    # At x = 0 torch's second derivative is NaN and kldiv's 0 (docs/porting/linalg.md).
    *both("torch.linalg.vector_norm", lambda d: [Sample(T(values=[0.0, 0.0, 0.0], dtype=d))],
          name="torch.linalg.vector_norm/zero", gradgrad=False),
    Entry("torch.linalg.vector_norm", name="torch.linalg.vector_norm/dtype",
          samples=[Sample(T([3, 4]), dtype=DType("float64"))], grad=True, **F32),
    *both("torch.linalg.matrix_norm", lambda d: [
        Sample(rect([3, 4], d, 81)),
        Sample(rect([2, 3, 3], d, 82), "nuc"),
        Sample(rect([3, 3], d, 83), 2),
        Sample(rect([3, 4], d, 84), -2),
        Sample(rect([3, 4], d, 85), 1),
        Sample(rect([3, 4], d, 86), -1, keepdim=True),
        Sample(rect([2, 3, 4], d, 87), float("inf"), (0, 2)),
        Sample(rect([3, 4], d, 88), float("-inf")),
        Sample(rect([2, 3, 4], d, 89), "nuc", (2, 0), True),
    ], f64=dict(grad_rtol=1e-9), errors=[
        Err(T([3]), match=r"linalg\.matrix_norm: The input tensor A must have at least 2 dimensions"),
        Err(T([3, 3]), 3, match=r"linalg\.matrix_norm: Order 3 not supported"),
        Err(T([3, 3]), "foo", match=r"linalg\.matrix_norm: Order foo not supported"),
    ]),
    *both("torch.linalg.norm", lambda d: [
        Sample(rect([3, 4], d, 90)),
        Sample(rect([2, 3, 4], d, 91)),
        Sample(rect([4], d, 92), 3),
        Sample(rect([3, 4], d, 93), "nuc"),
        Sample(rect([3, 4], d, 94), float("inf")),
        Sample(rect([2, 3, 4], d, 95), dim=1),
        Sample(rect([2, 3, 4], d, 96), 1, (1, 2), True),
        Sample(rect([2, 3, 4], d, 97), None, 2, True),
    ], f64=dict(grad_rtol=1e-9), errors=[
        Err(T([3, 3, 3]), "fro", match=r"linalg\.norm: If dim is not specified but ord is, the input must be 1D or 2D\. Got 3D\."),
        Err(T([3]), "fro", match=r"linalg\.matrix_norm: The input tensor A must have at least 2 dimensions"),
    ]),
    *both("torch.linalg.matrix_power", lambda d: [
        Sample(general([3, 3], d, 98), 0),
        Sample(general([3, 3], d, 99), 1),
        Sample(rect([3, 3], d, 100), 2),
        Sample(rect([2, 3, 3], d, 101), 3),
        Sample(rect([2, 3, 3], d, 102), 5),
        Sample(general([3, 3], d, 103), -1),
        Sample(general([2, 3, 3], d, 104), n=-3),
    ], f64=dict(rtol=1e-11), errors=[
        Err(T([2, 3]), 2, match=r"linalg\.matrix_power: A must be batches of square matrices, but they are 2 by 3 matrices"),
        Err(T(values=[[0.0, 0.0], [0.0, 0.0]]), -1,
            match=r"linalg\.inv: The diagonal element 1 is zero"),
    ]),
    Entry("torch.linalg.matrix_power", name="torch.linalg.matrix_power/int64",
          samples=[Sample(T([2, 2], "int64"), 3)]),
    *both("torch.matrix_power", lambda d: [Sample(rect([3, 3], d, 105), 4)], f64=dict(rtol=1e-11)),
    *both("Tensor.matrix_power", lambda d: [Sample(rect([3, 3], d, 106), 2)]),
    *both("torch.pinverse", lambda d: [Sample(rect([3, 2], d, 107)), Sample(rect([2, 3], d, 108), 1e-3)],
          f64=dict(rtol=1e-11, atol=1e-12, grad_rtol=1e-8)),
    *both("Tensor.pinverse", lambda d: [Sample(rect([3, 3], d, 109), rcond=1e-10)],
          f64=dict(rtol=1e-11, atol=1e-12, grad_rtol=1e-8)),
    *both("torch.linalg.vecdot", lambda d: [
        Sample(T([4, 3], d), T([3], d)),
        Sample(T([2, 3], d), T([2, 1], d), dim=0),
    ], errors=[
        Err(T([3]), T([3], "float64"), match=r"linalg\.vecdot: Expected x and y to have the same dtype, but found x of type Float and y of type Double instead"),
        Err(T([3], "int64"), T([3], "int64"), match=r"Expected a floating point or complex tensor as input\. Got Long"),
    ]),
    *both("torch.linalg.cross", lambda d: [
        Sample(T([4, 3], d), T([1, 3], d)),
        Sample(T([3, 2], d), T([3, 2], d), dim=0),
        Sample(T([2, 3, 4], d), T([2, 3, 4], d), dim=1),
    ], errors=[
        Err(T([2]), T([2]), match=r"linalg\.cross: inputs dimension -1 must have length 3\. Got 2 and 2"),
        Err(T([3]), T([1, 3]), match=r"linalg\.cross: inputs must have the same number of dimensions"),
    ]),
    Entry("torch.linalg.cross", name="torch.linalg.cross/int64",
          samples=[Sample(T([2, 3], "int64"), T([2, 3], "int64"))]),
    *both("torch.linalg.matrix_exp", lambda d: [
        Sample(rect([3, 3], d, 110)),
        # float32 smaller: a printed digit of a large float32 result can differ from torch's.
        Sample(T(values=(_rand([2, 4, 4], 111) * (4 if d == "float64" else 1)).tolist(), dtype=d)),
        Sample(T(values=[[0.0, 1.0], [-1.0, 0.0]], dtype=d)),
        Sample(T(values=[[1e-3, 0.0], [2e-3, -1e-3]], dtype=d)),
    ], f64=dict(rtol=1e-12, atol=1e-13, grad_rtol=1e-9), errors=[
        Err(T([2, 3]), match=r"linalg\.matrix_exp: A must be batches of square matrices, but they are 2 by 3 matrices"),
    ]),
    *both("torch.matrix_exp", lambda d: [Sample(rect([3, 3], d, 112))]),
    *both("Tensor.matrix_exp", lambda d: [Sample(rect([2, 2], d, 113))]),
    *both("torch.linalg.cond", lambda d: [
        Sample(general([3, 3], d, 114)),
        Sample(rect([2, 4, 3], d, 115), 2),
        Sample(general([3, 3], d, 116), -2),
        Sample(general([3, 3], d, 120), p="nuc"),
    ], f64=dict(rtol=1e-11, grad_rtol=1e-9), errors=[
        Err(T([3, 2]), 1, match=r"linalg\.cond\(ord=1\): A must be batches of square matrices, but they are 3 by 2 matrices"),
    ]),
    # torch 1.13 cannot differentiate these (its inverse is filled in place after inv saved it).
    *both("torch.linalg.cond", lambda d: [
        Sample(general([2, 3, 3], d, 117), 1),
        Sample(general([3, 3], d, 118), float("-inf")),
        Sample(general([3, 3], d, 119), "fro"),
    ], name="torch.linalg.cond/inverse", grad=False, gradgrad=False, f64=dict(rtol=1e-11)),
    Entry("torch.linalg.cond", name="torch.linalg.cond/singular", samples=[
        Sample(T(values=[[1.0, 2.0], [2.0, 4.0]], dtype="float64"), 1),
        Sample(T(values=[[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]], dtype="float64"), "fro"),
        Sample(T(values=[[0.0, 0.0], [0.0, 0.0]], dtype="float64"), float("inf")),
    ]),
    *both("torch.linalg.multi_dot", lambda d: [
        Sample([T([3, 4], d), T([4, 2], d)]),
        Sample([T([3, 4], d), T([4, 2], d), T([2, 5], d)]),
        Sample([T([3], d), T([3, 4], d), T([4, 2], d), T([2, 5], d), T([5], d)]),
        Sample([T([10, 2], d, low=0.1), T([2, 8], d, low=0.1), T([8, 3], d, low=0.1), T([3], d, low=0.1)]),
    ], errors=[
        Err([T([3, 3])], match=r"multi_dot\(\): expected at least 2 tensors but got 1"),
        Err([T([2, 3, 3]), T([3, 3])], match=r"the first tensor must be 1D or 2D but got 3D"),
        Err([T([3, 3]), T([3]), T([3, 3])], match=r"tensor 1 must be 2D but got 1D"),
        Err([T([3, 4]), T([3, 2])], match=r"tensors 0 and 1 with shapes \[3, 4\] and \[3, 2\] cannot be multiplied"),
        Err([T([3, 3]), T([3, 3], "float64")],
            match=r"all tensors must have be the same dtype but tensor 0 is float and tensor 1 double"),
    ]),
    *both("torch.linalg.diagonal", lambda d: [
        Sample(T([3, 4], d)),
        Sample(T([2, 3, 4], d), offset=1, dim1=0, dim2=2),
        Sample(T([2, 3, 4], d), offset=-1),
        Sample(T([2, 3, 4], d), offset=-5),
    ]),
    *both("torch.linalg.tensorinv", lambda d: [
        Sample(T(values=(_rand([6, 6], 123) + 2 * torch.eye(6, dtype=torch.float64)).reshape(6, 2, 3).tolist(), dtype=d), ind=1),
        Sample(T(values=(_rand([4, 4], 124) + 2 * torch.eye(4, dtype=torch.float64)).reshape(2, 2, 2, 2).tolist(), dtype=d)),
    ], errors=[
        Err(T([6, 2, 3]), ind=0, match=r"Expected a strictly positive integer for 'ind', but got 0"),
        Err(T([6, 2, 4]), ind=1, match=r"prod\(self\.shape\[ind:\]\) == prod\(self\.shape\[:ind\]\), but got 8 != 6"),
        Err(T(values=[[[0.0, 0.0]], [[0.0, 0.0]]]), ind=1, match=r"inv: The diagonal element 1 is zero"),
    ]),
    *both("torch.linalg.tensorsolve", lambda d: [
        Sample(T(values=(_rand([6, 6], 125) + 2 * torch.eye(6, dtype=torch.float64)).reshape(2, 3, 6).tolist(), dtype=d), T([2, 3], d)),
        Sample(T(values=(_rand([6, 6], 126) + 2 * torch.eye(6, dtype=torch.float64)).reshape(6, 2, 3).tolist(), dtype=d), T([6], d), dims=(1,)),
    ], errors=[
        Err(T([2, 3, 5]), T([2, 3]), match=r"prod\(self\.shape\[other\.ndim:\]\) == prod\(self\.shape\[:other\.ndim\]\), but got 5 != 6"),
    ]),
    *both("torch.linalg.lu", lambda d: [
        Sample(general([3, 3], d, 127)),
        Sample(general([2, 4, 4], d, 128)),
        Sample(rect([3, 5], d, 129)),
        Sample(rect([2, 5, 3], d, 130)),
    ], f64=dict(grad_rtol=1e-9), errors=[
        Err(T([3]), match=r"linalg\.lu: Expected tensor with 2 or more dimensions\. Got size: \[3\] instead"),
    ]),
]
