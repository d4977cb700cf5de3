/**
 * The Cholesky factorisation shared by `linalg.cholesky` (LinalgCholeskyExBackward0) and the
 * older `torch.cholesky` (CholeskyBackward0, its own error prefix), with torch's
 * cholesky_backward (Murray 2016) written with differentiable ops. Internal: not re-exported.
 *
 * @module
 */

import { result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import {
  batchPrefix,
  diagEmbed,
  diagonalOf,
  matrices,
  mT,
  requireMatrices,
  rounded,
  tril,
} from "./core.ts";
import { choleskyLower } from "./kernels.ts";
import { solve_triangular } from "./solve.ts";

/** The Cholesky factors of a batch (lower, or upper), or torch's not-positive-definite error. */
export function choleskyFactor(A: Tensor, upper: boolean, where: string, name: string): Tensor {
  const dtype = requireMatrices(A, where, true);
  const { data, count, rows: n } = matrices(A);
  const out = new Float64Array(data.length);
  const l = new Float64Array(n * n);
  for (let b = 0; b < count; b++) {
    const info = choleskyLower(data, b * n * n, n, l);
    if (info > 0) {
      throw new Error(
        `${where}: ${
          batchPrefix(A, b)
        }The factorization could not be completed because the input is not positive-definite (the leading minor of order ${info} is not positive-definite).`,
      );
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) out[b * n * n + i * n + j] = upper ? l[j * n + i] : l[i * n + j];
    }
  }
  const y: Tensor = result(rounded(out, dtype), A.shape, name, [A], (g) => {
    const L = upper ? mT(y) : y;
    const gL = upper ? mT(g) : g;
    return [choleskyBackward(gL, L)];
  }, { saveOutput: true });
  return y;
}

/** torch's cholesky_backward: gA = L⁻ᵀ Φ L⁻¹ with Φ the symmetrised tril(Lᵀ gL), diagonal halved. */
function choleskyBackward(gL: Tensor, L: Tensor): Tensor {
  const X = matmul(mT(L), gL);
  const half = tril(X).sub(diagEmbed(diagonalOf(X)).mul(0.5));
  const phi = half.add(mT(half)).mul(0.5);
  const left = solve_triangular(mT(L), phi, { upper: true });
  return solve_triangular(L, left, { upper: false, left: false });
}
