/**
 * `torch.linalg`: norms, determinants, inverses and solves, Cholesky, the symmetric
 * eigendecomposition, the SVD, QR, least squares, the pseudo-inverse and the rank, on batches
 * (leading dims) of float32 or float64 matrices, with torch's gradients and errors.
 *
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[4.0, 2.0], [2.0, 3.0]], { dtype: "float64", requires_grad: true });
 * const { sign, logabsdet } = linalg.slogdet(A);
 * assert.equal(sign.item(), 1);
 * logabsdet.backward();
 * assert.deepEqual(A.grad!.tolist(), linalg.inv(A.detach()).tolist());
 * ```
 *
 * @module
 */

export { det, slogdet, SlogdetResult } from "./det.ts";
export { cholesky, inv, solve, solve_triangular } from "./solve.ts";
export type { CholeskyOptions, SolveOptions, SolveTriangularOptions } from "./solve.ts";
export {
  eigh,
  EighResult,
  eigvalsh,
  qr,
  QrResult,
  svd,
  SvdResult,
  svdvals,
} from "./decompositions.ts";
export type { EighOptions, QrOptions, SvdOptions } from "./decompositions.ts";
export { lstsq, LstsqResult, matrix_rank, pinv } from "./lstsq.ts";
export type { LstsqOptions, ToleranceOptions } from "./lstsq.ts";
export { matrix_norm, norm, vector_norm } from "./norms.ts";
export type { LinalgNormOptions, MatrixNormOptions, VectorNormOptions } from "./norms.ts";
