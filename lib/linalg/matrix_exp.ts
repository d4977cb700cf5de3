/**
 * `linalg.matrix_exp`: grad_fn LinalgMatrixExpBackward0, whose backward is torch's
 * linalg_matrix_exp_differential: the upper-right block of exp([[Aᵀ, G], [0, Aᵀ]]), written
 * with `matrix_exp` itself, so second derivatives work.
 *
 * @module
 */

import { result, type Tensor } from "../tensor/tensor.ts";
import { cat } from "../ops/gather.ts";
import { zeros } from "../ops/create.ts";
import { matrices, mT, requireMatrices, rounded } from "./core.ts";
import { matrixExponential } from "./kernels.ts";

/**
 * `torch.linalg.matrix_exp(A)` (also `torch.matrix_exp`): the matrix exponential of each
 * square matrix, by scaling and squaring with a [13/13] Padé approximant.
 *
 * @param A Batches of square matrices (..., n, n).
 * @returns exp(A) (grad_fn LinalgMatrixExpBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const E = linalg.matrix_exp(tensor([[0.0, 1.0], [0.0, 0.0]], { dtype: "float64" }));
 * assert.deepEqual(E.tolist(), [[1, 1], [0, 1]]);
 * ```
 */
export function matrix_exp(A: Tensor): Tensor {
  const dtype = requireMatrices(A, "linalg.matrix_exp", true);
  const { data, count, rows: n } = matrices(A);
  const out = new Float64Array(data.length);
  for (let b = 0; b < count; b++) {
    out.set(matrixExponential(data.subarray(b * n * n, (b + 1) * n * n), n), b * n * n);
  }
  return result(rounded(out, dtype), A.shape, "LinalgMatrixExpBackward0", [A], (g) => {
    const At = mT(A);
    const z = zeros(A.shape, { dtype });
    const block = cat([cat([At, g], -1), cat([z, At], -1)], -2);
    return [matrix_exp(block).narrow(-2, 0, n).narrow(-1, n, n)];
  }, { saved: [A] });
}
