/**
 * `linalg.cond`, composed as torch 1.13 composes it: σ₁/σₙ from `svdvals` for ord None / ±2
 * (grad_fn SqueezeBackward1), Σσ · Σ1/σ for "nuc" (MulBackward0), and
 * ‖A‖·‖A⁻¹‖ with a singular matrix's inverse taken as inf for ±1, ±inf and "fro", NaN read as
 * inf (NanToNumBackward0).
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { fromData, type Tensor } from "../tensor/tensor.ts";
import { nan_to_num } from "../ops/math.ts";
import { zeros } from "../ops/create.ts";
import { matrices, requireMatrices, rounded } from "./core.ts";
import { svdvals } from "./decompositions.ts";
import { matrix_norm } from "./norms.ts";
import { inv } from "./solve.ts";
import { luFactor, luSolve } from "./kernels.ts";

/**
 * `torch.linalg.cond(A, p=None)`: the condition number of each matrix in the norm `p`
 * (None or ±2: ratios of singular values, any shape; ±1, ±inf, "fro", "nuc": square only).
 *
 * @param A Batches of matrices (..., m, n).
 * @param args `p` by position or as `{ p }`.
 * @returns The condition numbers.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(linalg.cond(tensor([[2.0, 0.0], [0.0, 0.5]])).item(), 4);
 * ```
 */
export function cond(
  A: Tensor,
  ...args: (number | string | null | { p?: number | string | null } | undefined)[]
): Tensor {
  const { p } = bind("linalg.cond", [{ name: "p", kind: "any", default: null }], args) as {
    p: number | string | null;
  };
  const dtype = requireMatrices(A, "linalg.cond", false);
  if (A.numel() === 0) return zeros(A.shape.slice(0, -2), { dtype });
  if (p === null || p === 2 || p === -2) {
    const s = svdvals(A);
    const k = s.shape[s.dim() - 1];
    const first = s.narrow(-1, 0, 1);
    const last = s.narrow(-1, k - 1, 1);
    return (p === -2 ? last.div(first) : first.div(last)).squeeze(-1);
  }
  const name = typeof p === "string" ? p : Number.isFinite(p) ? String(p) : p > 0 ? "inf" : "-inf";
  requireMatrices(A, `linalg.cond(ord=${name})`, true);
  if (p === "nuc") {
    const s = svdvals(A);
    return s.sum(-1).mul(s.reciprocal().sum(-1));
  }
  if (!(p === 1 || p === -1 || p === Infinity || p === -Infinity || p === "fro")) {
    throw new RangeError(`linalg.cond got an invalid norm type: ${name}`);
  }
  return nan_to_num(matrix_norm(A, p).mul(matrix_norm(inverseOrInf(A), p)), {
    nan: Infinity,
    posinf: Infinity,
  });
}

/** A⁻¹, or, when some matrix of the batch is singular, a constant with inf for those (torch's inv_ex + masked_fill). */
function inverseOrInf(A: Tensor): Tensor {
  try {
    return inv(A);
  } catch {
    const { data, count, rows: n } = matrices(A);
    const out = new Float64Array(data.length);
    for (let b = 0; b < count; b++) {
      const m = data.slice(b * n * n, (b + 1) * n * n);
      const lu = luFactor(m, n);
      if (lu.info > 0) {
        out.fill(Infinity, b * n * n, (b + 1) * n * n);
        continue;
      }
      const rhs = new Float64Array(n * n);
      for (let i = 0; i < n; i++) rhs[i * n + i] = 1;
      luSolve(m, lu.pivots, rhs, n, n);
      out.set(rhs, b * n * n);
    }
    return fromData(rounded(out, A.dtype), A.shape, A.dtype);
  }
}
