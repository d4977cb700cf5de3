/**
 * torch's older top-level names for linear algebra, exported by mod.ts beside `linalg`:
 * `torch.det`, `torch.slogdet`, `torch.logdet`, `torch.inverse`, `torch.cholesky`,
 * `torch.matrix_power`, `torch.pinverse`, `torch.matrix_exp` (also the Tensor methods of those names). Each is `linalg`'s op under torch's tuple name, grad_fn and
 * error prefix for the old name.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { where } from "../ops/elementwise.ts";
import { requireMatrices } from "./core.ts";
import { det as linalgDet, slogdet as linalgSlogdet, SlogdetResult } from "./det.ts";
import { choleskyFactor } from "./factor.ts";
import { inv } from "./solve.ts";
import { matrix_power as linalgMatrixPower } from "./products.ts";
import { pinv } from "./lstsq.ts";
import { matrix_exp as linalgMatrixExp } from "./matrix_exp.ts";
import type { CholeskyOptions } from "./cholesky.ts";

/**
 * `torch.det(A)` (also `A.det()`): the same op as `linalg.det`.
 *
 * @param A Batches of square matrices (..., n, n).
 * @returns The determinants (grad_fn LinalgDetBackward0).
 * @example
 * ```ts
 * import { det, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(det(tensor([[2.0, 1.0], [1.0, 3.0]])).item(), 5);
 * ```
 */
export function det(A: Tensor): Tensor {
  return linalgDet(A);
}

/**
 * `torch.slogdet(A)` (also `A.slogdet()`): `linalg.slogdet` printed as
 * `torch.return_types.slogdet(sign, logabsdet)`.
 *
 * @param A Batches of square matrices.
 * @returns `(sign, logabsdet)` (grad_fn LinalgSlogdetBackward0).
 * @example
 * ```ts
 * import { slogdet, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [sign, logabsdet] = slogdet(tensor([[-1.0, 0.0], [0.0, 1.0]]));
 * assert.deepEqual([sign.item(), logabsdet.item()], [-1, 0]);
 * ```
 */
export function slogdet(A: Tensor): SlogdetResult {
  const { sign, logabsdet } = linalgSlogdet(A);
  return new SlogdetResult("slogdet", sign, logabsdet);
}

/**
 * `torch.logdet(A)` (also `A.logdet()`): log det A; nan for a negative determinant, -inf for a
 * singular matrix. Composed as torch does: where(sign == -1, nan, logabsdet).
 *
 * @param A Batches of square matrices.
 * @returns The log-determinants (grad_fn WhereBackward0).
 * @example
 * ```ts
 * import { logdet, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.ok(Number.isNaN(logdet(tensor([[-1.0]])).item()));
 * ```
 */
export function logdet(A: Tensor): Tensor {
  requireMatrices(A, "logdet", true);
  const { sign, logabsdet } = linalgSlogdet(A);
  return where(sign.eq(-1), NaN, logabsdet);
}

/**
 * `torch.inverse(A)` (also `A.inverse()`): the same op as `linalg.inv`.
 *
 * @param A Batches of invertible square matrices.
 * @returns A⁻¹ (grad_fn LinalgInvExBackward0).
 * @example
 * ```ts
 * import { inverse, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(inverse(tensor([[2.0, 0.0], [0.0, 4.0]])).tolist(), [[0.5, 0], [0, 0.25]]);
 * ```
 */
export function inverse(A: Tensor): Tensor {
  return inv(A);
}

const CHOLESKY_LEGACY = [{ name: "upper", kind: "bool", default: false }] as const;

/**
 * `torch.cholesky(A, upper=False)` (deprecated in torch in favour of `linalg.cholesky`; also
 * `A.cholesky()`): the lower factor, or the upper one with `upper`.
 *
 * @param A Batches of symmetric positive-definite matrices.
 * @param args `upper` by position or as `{ upper }`.
 * @returns The factors (grad_fn CholeskyBackward0).
 * @example
 * ```ts
 * import { cholesky, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(cholesky(tensor([[4.0, 2.0], [2.0, 5.0]]), true).tolist(), [[2, 1], [0, 2]]);
 * ```
 */
export function cholesky(A: Tensor, ...args: (boolean | CholeskyOptions | undefined)[]): Tensor {
  const { upper } = bind("cholesky", CHOLESKY_LEGACY, args) as { upper: boolean };
  return choleskyFactor(A, upper, "cholesky", "CholeskyBackward0");
}

/**
 * `torch.matrix_power(A, n)` (also `A.matrix_power(n)`): the same op as `linalg.matrix_power`.
 *
 * @param A Batches of square matrices.
 * @param n The exponent.
 * @returns Aⁿ.
 * @example
 * ```ts
 * import { matrix_power, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(matrix_power(tensor([[2.0, 0.0], [0.0, 3.0]]), 2).tolist(), [[4, 0], [0, 9]]);
 * ```
 */
export function matrix_power(A: Tensor, n: number): Tensor {
  return linalgMatrixPower(A, n);
}

/**
 * `torch.pinverse(A, rcond=1e-15)` (also `A.pinverse()`): `linalg.pinv` with rtol = rcond.
 *
 * @param A Batches of matrices.
 * @param args `rcond` by position or as `{ rcond }`.
 * @returns A⁺ (grad_fn LinalgPinvBackward0).
 * @example
 * ```ts
 * import { pinverse, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(pinverse(tensor([[2.0, 0.0], [0.0, 0.0]])).tolist(), [[0.5, 0], [0, 0]]);
 * ```
 */
export function pinverse(A: Tensor, ...args: (number | { rcond?: number } | undefined)[]): Tensor {
  const { rcond } = bind("pinverse", [{ name: "rcond", kind: "number", default: 1e-15 }], args) as {
    rcond: number;
  };
  return pinv(A, { rtol: rcond });
}

/**
 * `torch.matrix_exp(A)` (also `A.matrix_exp()`): the same op as `linalg.matrix_exp`.
 *
 * @param A Batches of square matrices.
 * @returns exp(A) (grad_fn LinalgMatrixExpBackward0).
 * @example
 * ```ts
 * import { matrix_exp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(matrix_exp(tensor([[0.0]])).tolist(), [[1]]);
 * ```
 */
export function matrix_exp(A: Tensor): Tensor {
  return linalgMatrixExp(A);
}
