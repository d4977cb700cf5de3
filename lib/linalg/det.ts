/**
 * Determinants: `linalg.det` and `linalg.slogdet`, from an LU factorisation with partial
 * pivoting (LAPACK's getrf). torch's `det`, `slogdet` and `logdet` are in legacy.ts.
 *
 * | op        | grad_fn                  | backward                                                     |
 * | --------- | ------------------------ | ------------------------------------------------------------ |
 * | `det`     | LinalgDetBackward0       | gA = solve(Aᵀ, diag(g·det)); 0 where A is exactly singular   |
 * | `slogdet` | LinalgSlogdetBackward0   | gA = g_logabsdet · A⁻ᵀ (the sign has no gradient)            |
 *
 * @module
 */

import { result, type Tensor } from "../tensor/tensor.ts";
import { ReturnTuple } from "../ops/return_types.ts";
import {
  epsilonOf,
  matrices,
  mT,
  requireMatrices,
  rounded,
  scaledIdentity,
  tensorOf,
} from "./core.ts";
import { luFactor, luSolve } from "./kernels.ts";
import { solve } from "./solve.ts";

/** Per matrix of a batch: the permutation sign times the product of U's diagonal, split. */
function luDeterminants(
  A: Tensor,
): { sign: Float64Array; logabs: Float64Array; det: Float64Array; singular: boolean[] } {
  const { data, count, rows: n } = matrices(A);
  const sign = new Float64Array(count);
  const logabs = new Float64Array(count);
  const det = new Float64Array(count);
  const singular: boolean[] = [];
  for (let b = 0; b < count; b++) {
    const m = data.subarray(b * n * n, (b + 1) * n * n);
    const lu = luFactor(m, n);
    let s = lu.sign;
    let l = 0;
    let d = lu.sign;
    for (let i = 0; i < n; i++) {
      const u = m[i * n + i];
      d *= u;
      l += Math.log(Math.abs(u));
      if (u < 0) s = -s;
    }
    singular.push(lu.info > 0);
    sign[b] = lu.info > 0 ? 0 : s;
    logabs[b] = l;
    det[b] = d;
  }
  return { sign, logabs, det, singular };
}

/**
 * scale_b · A_b⁻ᵀ for every matrix through the LU of A_bᵀ, without refusing singular ones:
 * with `perturb`, an exactly zero pivot becomes eps (torch's det backward), else the solve
 * divides by it (inf/nan, torch's slogdet backward).
 */
function scaledInverseTranspose(
  A: Tensor,
  scale: ArrayLike<number>,
  perturb: boolean,
): Float64Array {
  const { data, count, rows: n } = matrices(A);
  const eps = epsilonOf(A.dtype);
  const out = new Float64Array(data.length);
  for (let b = 0; b < count; b++) {
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) m[j * n + i] = data[b * n * n + i * n + j];
    }
    const lu = luFactor(m, n);
    if (perturb) { for (let i = 0; i < n; i++) if (m[i * n + i] === 0) m[i * n + i] = eps; }
    const rhs = new Float64Array(n * n);
    for (let i = 0; i < n; i++) rhs[i * n + i] = scale[b];
    luSolve(m, lu.pivots, rhs, n, n);
    out.set(rhs, b * n * n);
  }
  return out;
}

/**
 * `torch.linalg.det(A)` (also `torch.det`, `A.det()`): the determinant of each square matrix.
 *
 * @param A Batches of square matrices (..., n, n), float32 or float64.
 * @returns The determinants, shape A.shape[:-2] (grad_fn LinalgDetBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(linalg.det(tensor([[2.0, 1.0], [1.0, 3.0]])).item(), 5);
 * ```
 */
export function det(A: Tensor): Tensor {
  const dtype = requireMatrices(A, "linalg.det", true);
  const lu = luDeterminants(A);
  const d: Tensor = result(
    rounded(lu.det, dtype),
    A.shape.slice(0, -2),
    "LinalgDetBackward0",
    [A],
    (g) => {
      const scale = g.mul(d);
      if (!lu.singular.some((s) => s)) {
        return [
          solve(mT(A), scaledIdentity(scale, A.shape[A.dim() - 1])),
        ];
      }
      // torch perturbs an exactly zero pivot by eps and solves with g·det = ±0 there.
      const flat = scale.dim() === 0
        ? [scale.item() as number]
        : (scale.reshape([-1]).tolist() as number[]);
      const out = scaledInverseTranspose(A, flat, true);
      return [tensorOf(out, A.shape, g.dtype)];
    },
    { saved: [A], saveOutput: true },
  );
  return d;
}

/** The named tuple `torch.return_types.linalg_slogdet(sign, logabsdet)`. */
export class SlogdetResult extends ReturnTuple {
  /** The determinant's sign (0 for a singular matrix). */
  declare readonly sign: Tensor;
  /** log |det A| (-inf for a singular matrix). */
  declare readonly logabsdet: Tensor;

  /**
   * Pairs the sign with the log-determinant (built by `slogdet`, not by users).
   *
   * @param name torch's tuple name: `"linalg_slogdet"` or `"slogdet"`.
   * @param sign The signs.
   * @param logabsdet The log absolute determinants.
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const [sign, logabsdet] = linalg.slogdet(tensor([[-2.0, 0.0], [0.0, 1.0]]));
   * assert.equal(sign.item(), -1);
   * assert.equal(logabsdet.item(), Math.fround(Math.log(2)));
   * ```
   */
  constructor(name: string, sign: Tensor, logabsdet: Tensor) {
    super(name, ["sign", "logabsdet"], [sign, logabsdet]);
  }
}

/**
 * `torch.linalg.slogdet(A)`: the sign and the log of the absolute value of each determinant,
 * as `torch.return_types.linalg_slogdet(sign, logabsdet)`.
 *
 * @param A Batches of square matrices.
 * @returns `(sign, logabsdet)` (grad_fn LinalgSlogdetBackward0 on both; only logabsdet has a gradient).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const out = linalg.slogdet(tensor([[0.0, 3.0], [1.0, 0.0]], { dtype: "float64" }));
 * assert.equal(out.sign.item(), -1);
 * assert.equal(out[1].item(), Math.log(3));
 * ```
 */
export function slogdet(A: Tensor): SlogdetResult {
  const dtype = requireMatrices(A, "linalg.slogdet", true);
  const lu = luDeterminants(A);
  const batch = A.shape.slice(0, -2);
  const sign = result(rounded(lu.sign, dtype), batch, "LinalgSlogdetBackward0", [A], () => [null]);
  const logabsdet = result(rounded(lu.logabs, dtype), batch, "LinalgSlogdetBackward0", [A], (g) => {
    if (!lu.singular.some((s) => s)) return [solve(mT(A), scaledIdentity(g, A.shape[A.dim() - 1]))];
    const flat = g.dim() === 0 ? [g.item() as number] : (g.reshape([-1]).tolist() as number[]);
    return [tensorOf(scaledInverseTranspose(A, flat, false), A.shape, g.dtype)];
  }, { saved: [A] });
  return new SlogdetResult("linalg_slogdet", sign, logabsdet);
}
