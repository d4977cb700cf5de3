/**
 * `linalg.lu`: A = P L U with partial pivoting (LAPACK's getrf, so P, L and U equal torch's),
 * for square and rectangular batches. L and U carry LinalgLuBackward0 with torch's
 * linalg_lu_backward, written with differentiable ops: for a square A,
 * gA = P L⁻ᵀ [tril(Lᵀ gL, -1) + triu(gU Uᵀ)] U⁻ᵀ; a wide A sends gU's extra columns through
 * U₂ = L⁻¹ Pᵀ A₂, a tall A gL's extra rows through L₂ = A₂ U⁻¹.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { fromData, result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { cat } from "../ops/gather.ts";
import { zeros } from "../ops/create.ts";
import { ReturnTuple } from "../ops/return_types.ts";
import { matrices, mT, requireFloat, rounded, tril, triu } from "./core.ts";
import { solve_triangular } from "./solve.ts";

/** `torch.return_types.linalg_lu(P, L, U)`. */
export class LuResult extends ReturnTuple {
  /** The permutation matrices (no gradient). */
  declare readonly P: Tensor;
  /** Unit lower-triangular (trapezoidal) factors. */
  declare readonly L: Tensor;
  /** Upper-triangular (trapezoidal) factors. */
  declare readonly U: Tensor;

  /**
   * Holds the three factors (built by `linalg.lu`).
   *
   * @param P The permutations.
   * @param L The lower factors.
   * @param U The upper factors.
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const { P } = linalg.lu(tensor([[0.0, 1.0], [1.0, 0.0]]));
   * assert.deepEqual(P.tolist(), [[0, 1], [1, 0]]);
   * ```
   */
  constructor(P: Tensor, L: Tensor, U: Tensor) {
    super("linalg_lu", ["P", "L", "U"], [P, L, U]);
  }
}

const LU = [{ name: "pivot", kind: "bool", default: true, keywordOnly: true }] as const;

/** Options of {@linkcode lu}. */
export interface LuOptions {
  /** Partial pivoting (true, the default; false is CUDA-only in torch). */
  pivot?: boolean;
}

/**
 * `torch.linalg.lu(A, *, pivot=True)`: P, L, U with A = P L U, L unit lower-trapezoidal
 * (m×k) and U upper-trapezoidal (k×n), k = min(m, n).
 *
 * @param A Batches of matrices (..., m, n).
 * @param options `{ pivot }`.
 * @returns `(P, L, U)` (L and U: grad_fn LinalgLuBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [P, L, U] = linalg.lu(tensor([[1.0, 2.0], [3.0, 4.0]], { dtype: "float64" }));
 * assert.deepEqual(P.matmul(L).matmul(U).tolist(), [[1, 2], [3, 4]]);
 * ```
 */
export function lu(A: Tensor, options?: LuOptions): LuResult {
  const { pivot } = bind("linalg.lu", LU, options === undefined ? [] : [options]) as {
    pivot: boolean;
  };
  const dtype = requireFloat(A, "linalg.lu");
  if (A.dim() < 2) {
    throw new RangeError(
      `linalg.lu: Expected tensor with 2 or more dimensions. Got size: [${
        A.shape.join(", ")
      }] instead`,
    );
  }
  if (!pivot) {
    throw new Error("linalg.lu_factor: LU without pivoting is not implemented on the CPU");
  }
  const { data, count, rows: m, cols: n } = matrices(A);
  const k = Math.min(m, n);
  const Pd = new Float64Array(count * m * m);
  const Ld = new Float64Array(count * m * k);
  const Ud = new Float64Array(count * k * n);
  for (let b = 0; b < count; b++) {
    const a = data.subarray(b * m * n, (b + 1) * m * n);
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let j = 0; j < k; j++) {
      let p = j;
      let best = Math.abs(a[j * n + j]);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(a[i * n + j]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (p !== j) {
        for (let c = 0; c < n; c++) {
          const t = a[j * n + c];
          a[j * n + c] = a[p * n + c];
          a[p * n + c] = t;
        }
        [perm[j], perm[p]] = [perm[p], perm[j]];
      }
      const d = a[j * n + j];
      if (d === 0) continue;
      for (let i = j + 1; i < m; i++) {
        const l = (a[i * n + j] /= d);
        if (l === 0) continue;
        for (let c = j + 1; c < n; c++) a[i * n + c] -= l * a[j * n + c];
      }
    }
    for (let i = 0; i < m; i++) Pd[b * m * m + perm[i] * m + i] = 1;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < k; j++) {
        Ld[b * m * k + i * k + j] = i === j ? 1 : i > j ? a[i * n + j] : 0;
      }
    }
    for (let i = 0; i < k; i++) {
      for (let j = i; j < n; j++) Ud[b * k * n + i * n + j] = a[i * n + j];
    }
  }
  const batch = A.shape.slice(0, -2);
  const P = fromData(rounded(Pd, dtype), [...batch, m, m], dtype);
  // Assigned after the sibling output whose backward reads it (both exist before backward runs).
  // deno-lint-ignore prefer-const
  let U: Tensor;
  const L: Tensor = result(rounded(Ld, dtype), [...batch, m, k], "LinalgLuBackward0", [A], (gL) => {
    return [luBackward(gL, null, P, L, U, m, n)];
  }, { saveOutput: true });
  U = result(rounded(Ud, dtype), [...batch, k, n], "LinalgLuBackward0", [A], (gU) => {
    return [luBackward(null, gU, P, L, U, m, n)];
  }, { saveOutput: true });
  return new LuResult(P, L, U);
}

/** gA = P L⁻ᵀ [tril(Lᵀ gL, -1) + triu(gU Uᵀ)] U⁻ᵀ for square L (unit lower) and U. */
function squareBackward(gL: Tensor | null, gU: Tensor | null, L: Tensor, U: Tensor): Tensor {
  let phi: Tensor | null = null;
  if (gL !== null) phi = tril(matmul(mT(L), gL), -1);
  if (gU !== null) {
    const upper = triu(matmul(gU, mT(U)));
    phi = phi === null ? upper : phi.add(upper);
  }
  const left = solve_triangular(mT(L), phi as Tensor, { upper: true, unitriangular: true });
  return solve_triangular(mT(U), left, { upper: false, left: false });
}

function luBackward(
  gL: Tensor | null,
  gU: Tensor | null,
  P: Tensor,
  L: Tensor,
  U: Tensor,
  m: number,
  n: number,
): Tensor {
  if (m === n) return matmul(P, squareBackward(gL, gU, L, U));
  if (m < n) {
    // U = [U1 | U2], U2 = L⁻¹ Pᵀ A2: gA2 = P L⁻ᵀ gU2, and gL gains -L⁻ᵀ gU2 U2ᵀ.
    const U1 = U.narrow(-1, 0, m);
    const U2 = U.narrow(-1, m, n - m);
    let gLeff = gL;
    let gA2: Tensor | null = null;
    let gU1: Tensor | null = null;
    if (gU !== null) {
      gU1 = gU.narrow(-1, 0, m);
      const gU2 = gU.narrow(-1, m, n - m);
      const LinvTgU2 = solve_triangular(mT(L), gU2, { upper: true, unitriangular: true });
      gA2 = matmul(P, LinvTgU2);
      const extra = matmul(LinvTgU2, mT(U2)).neg();
      gLeff = gLeff === null ? extra : gLeff.add(extra);
    }
    const gA1 = matmul(P, squareBackward(gLeff, gU1, L, U1));
    return cat([gA1, gA2 ?? zerosOf(U2)], -1);
  }
  // L = [L1; L2], L2 = A2' U⁻¹: gA2' = gL2 U⁻ᵀ, and gU gains -L2ᵀ gL2 U⁻ᵀ.
  const L1 = L.narrow(-2, 0, n);
  const L2 = L.narrow(-2, n, m - n);
  let gUeff = gU;
  let gA2: Tensor | null = null;
  let gL1: Tensor | null = null;
  if (gL !== null) {
    gL1 = gL.narrow(-2, 0, n);
    const gL2 = gL.narrow(-2, n, m - n);
    gA2 = solve_triangular(mT(U), gL2, { upper: false, left: false });
    const extra = matmul(mT(L2), gA2).neg();
    gUeff = gUeff === null ? extra : gUeff.add(extra);
  }
  const gA1 = squareBackward(gL1, gUeff, L1, U);
  const lower = gA2 ?? zerosOf(L2);
  return matmul(P, cat([gA1, lower], -2));
}

/** A constant of zeros shaped like `t`. */
function zerosOf(t: Tensor): Tensor {
  return zeros(t.shape, { dtype: t.dtype as "float32" | "float64" });
}
