/**
 * `linalg.cholesky`: grad_fn LinalgCholeskyExBackward0, backward gA = L⁻ᵀ sym(Φ(Lᵀ gL)) L⁻¹
 * (torch's cholesky_backward, in lib/linalg/factor.ts).
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { choleskyFactor } from "./factor.ts";

const CHOLESKY = [{ name: "upper", kind: "bool", default: false, keywordOnly: true }] as const;

/** Options of {@linkcode cholesky}. */
export interface CholeskyOptions {
  /** Return the upper factor U = Lᵀ (A = Uᵀ U) instead of L. Default false. */
  upper?: boolean;
}

/**
 * `torch.linalg.cholesky(A, *, upper=False)`: the lower factor L with A = L Lᵀ (or U = Lᵀ),
 * reading A's lower triangle.
 *
 * @param A Batches of symmetric positive-definite matrices (..., n, n).
 * @param options `{ upper }`.
 * @returns The factors (grad_fn LinalgCholeskyExBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const L = linalg.cholesky(tensor([[4.0, 2.0], [2.0, 5.0]]));
 * assert.deepEqual(L.tolist(), [[2, 0], [1, 2]]);
 * ```
 */
export function cholesky(A: Tensor, options?: CholeskyOptions): Tensor {
  const { upper } = bind("linalg.cholesky", CHOLESKY, options === undefined ? [] : [options]) as {
    upper: boolean;
  };
  return choleskyFactor(A, upper, "linalg.cholesky", "LinalgCholeskyExBackward0");
}
