/**
 * Least squares and the pseudo-inverse: `linalg.lstsq`, `linalg.pinv`, `linalg.matrix_rank`,
 * all through the SVD (or the symmetric eigendecomposition when `hermitian`).
 *
 * | op       | grad_fn                 | backward                                               |
 * | -------- | ----------------------- | ------------------------------------------------------ |
 * | `pinv`   | LinalgPinvBackward0     | torch's pinv_backward, written with matmul             |
 * | `lstsq`  | LinalgLstsqBackward0    | gA = pinv_backward(gX Bᵀ, A⁺, A), gB = A⁺ᵀ gX          |
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { fromData, result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { ReturnTuple } from "../ops/return_types.ts";
import {
  batchShape,
  epsilonOf,
  matrices,
  mT,
  requireFloat,
  requireMatrices,
  rounded,
  scalarName,
} from "./core.ts";
import { symmetricEigen, thinSvd } from "./kernels.ts";

/** Singular values of one m×n matrix (descending), with U (m×k) and V (n×k) as columns. */
function svdOne(
  a: Float64Array,
  m: number,
  n: number,
): { u: Float64Array; s: Float64Array; v: Float64Array } {
  const k = Math.min(m, n);
  const u = new Float64Array(m * k);
  const v = new Float64Array(n * k);
  const s = new Float64Array(k);
  if (m >= n) {
    thinSvd(a, m, n, u, s, v);
  } else {
    const t = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
    thinSvd(t, n, m, v, s, u);
  }
  return { u, s, v };
}

/** The tolerance rule of pinv and matrix_rank: max(atol, rtol · σ_max), torch's defaults. */
function tolerance(
  atol: number | null,
  rtol: number | null,
  smax: number,
  m: number,
  n: number,
  eps: number,
): number {
  const r = rtol ?? (atol !== null && atol > 0 ? 0 : eps * Math.max(m, n));
  return Math.max(atol ?? 0, r * smax);
}

/** Per matrix: pseudo-inverse entries (n×m) and singular values, for the given tolerances. */
function pinvRaw(
  A: Tensor,
  atol: number | null,
  rtol: number | null,
  hermitian: boolean,
): Float64Array {
  const { data, count, rows: m, cols: n } = matrices(A);
  const eps = epsilonOf(A.dtype);
  const out = new Float64Array(count * n * m);
  for (let b = 0; b < count; b++) {
    const a = data.slice(b * m * n, (b + 1) * m * n);
    if (hermitian) {
      const sym = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) sym[i * n + j] = sym[j * n + i] = a[i * n + j];
      }
      const w = new Float64Array(n);
      const v = new Float64Array(n * n);
      symmetricEigen(sym, n, w, v);
      let wmax = 0;
      for (const x of w) wmax = Math.max(wmax, Math.abs(x));
      const tol = tolerance(atol, rtol, wmax, m, n, eps);
      for (let c = 0; c < n; c++) {
        if (!(Math.abs(w[c]) > tol)) continue;
        const inv = 1 / w[c];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            out[b * n * n + i * n + j] += v[i * n + c] * inv * v[j * n + c];
          }
        }
      }
      continue;
    }
    const k = Math.min(m, n);
    const { u, s, v } = svdOne(a, m, n);
    const tol = tolerance(atol, rtol, k > 0 ? s[0] : 0, m, n, eps);
    for (let c = 0; c < k; c++) {
      if (!(s[c] > tol)) continue;
      const inv = 1 / s[c];
      for (let i = 0; i < n; i++) {
        const vi = v[i * k + c] * inv;
        for (let j = 0; j < m; j++) out[b * n * m + i * m + j] += vi * u[j * k + c];
      }
    }
  }
  return out;
}

/** torch's pinv_backward: the gradient of A⁺ with respect to A for the output gradient g. */
function pinvBackward(g: Tensor, pinvA: Tensor, A: Tensor): Tensor {
  const m = A.shape[A.dim() - 2];
  const n = A.shape[A.dim() - 1];
  const pinvAh = mT(pinvA);
  const gh = mT(g);
  if (m <= n) {
    const K = matmul(gh, pinvA);
    const KpinvAh = matmul(K, pinvAh);
    return mT(matmul(pinvA, K)).neg().add(KpinvAh).sub(matmul(matmul(A, pinvA), KpinvAh))
      .add(matmul(matmul(pinvAh, pinvA), gh.sub(matmul(K, A))));
  }
  const K = matmul(pinvA, gh);
  const pinvAhK = matmul(pinvAh, K);
  return mT(matmul(K, pinvA)).neg().add(matmul(matmul(gh.sub(matmul(A, K)), pinvA), pinvAh)).add(
    pinvAhK,
  )
    .sub(matmul(matmul(pinvAhK, pinvA), A));
}

const TOLERANCES = [
  { name: "atol", kind: "number", default: null, keywordOnly: true },
  { name: "rtol", kind: "number", default: null, keywordOnly: true },
  { name: "hermitian", kind: "bool", default: false, keywordOnly: true },
] as const;

/** Options of {@linkcode pinv} and {@linkcode matrix_rank}. */
export interface ToleranceOptions {
  /** Absolute tolerance: singular values at or below it count as zero. */
  atol?: number | null;
  /** Tolerance relative to the largest singular value (default eps·max(m, n) without atol). */
  rtol?: number | null;
  /** Whether A is symmetric (its lower triangle is read and an eigendecomposition used). */
  hermitian?: boolean;
}

/** Binds torch's `(A, rcond/tol, hermitian)` legacy positions or the keyword options. */
function tolerances(
  where: string,
  legacy: string,
  args: readonly unknown[],
): { atol: number | null; rtol: number | null; hermitian: boolean } {
  if (typeof args[0] === "number") {
    const rest = args.slice(1);
    const hermitian = typeof rest[0] === "boolean" ? rest[0] : false;
    if (legacy === "tol") return { atol: args[0], rtol: 0, hermitian };
    return { atol: null, rtol: args[0], hermitian };
  }
  return bind(where, TOLERANCES, args) as {
    atol: number | null;
    rtol: number | null;
    hermitian: boolean;
  };
}

/**
 * `torch.linalg.pinv(A, *, atol=None, rtol=None, hermitian=False)` (and the older
 * `pinv(A, rcond, hermitian)`): the Moore–Penrose pseudo-inverse through the SVD, singular
 * values at or below max(atol, rtol·σ₁) treated as zero.
 *
 * @param A Batches of matrices (..., m, n).
 * @param args `rcond` (and `hermitian`) by position, or `{ atol, rtol, hermitian }`.
 * @returns A⁺ of shape (..., n, m) (grad_fn LinalgPinvBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linalg.pinv(tensor([[2.0, 0.0], [0.0, 0.0]])).tolist(), [[0.5, 0], [0, 0]]);
 * ```
 */
export function pinv(
  A: Tensor,
  ...args: (number | boolean | ToleranceOptions | undefined)[]
): Tensor {
  requireFloat(A, "linalg.pinv");
  if (A.dim() < 2) {
    throw new RangeError(
      `linalg.pinv(${scalarName(A.dtype)}{[${
        A.shape.join(", ")
      }]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types`,
    );
  }
  const { atol, rtol, hermitian } = tolerances("linalg.pinv", "rcond", args);
  const m = A.shape[A.dim() - 2];
  const n = A.shape[A.dim() - 1];
  const out = pinvRaw(A, atol, rtol, hermitian);
  const y: Tensor = result(
    rounded(out, A.dtype),
    [...A.shape.slice(0, -2), n, m],
    "LinalgPinvBackward0",
    [A],
    (g) => {
      return [pinvBackward(g, y, A)];
    },
    { saved: [A], saveOutput: true },
  );
  return y;
}

/**
 * `torch.linalg.matrix_rank(A, *, atol=None, rtol=None, hermitian=False)` (and the older
 * `matrix_rank(A, tol, hermitian)`): how many singular values exceed max(atol, rtol·σ₁).
 *
 * @param A Batches of matrices (..., m, n).
 * @param args `tol` (and `hermitian`) by position, or `{ atol, rtol, hermitian }`.
 * @returns The ranks, int64 of shape A.shape[:-2].
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(linalg.matrix_rank(tensor([[1.0, 2.0], [2.0, 4.0]])).item(), 1);
 * ```
 */
export function matrix_rank(
  A: Tensor,
  ...args: (number | boolean | ToleranceOptions | undefined)[]
): Tensor {
  requireFloat(A, "torch.linalg.matrix_rank");
  if (A.dim() < 2) {
    throw new RangeError(
      "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.",
    );
  }
  const { atol, rtol, hermitian } = tolerances("linalg.matrix_rank", "tol", args);
  const { data, count, rows: m, cols: n } = matrices(A);
  const eps = epsilonOf(A.dtype);
  const ranks = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    const a = data.slice(b * m * n, (b + 1) * m * n);
    let values: Float64Array;
    if (hermitian) {
      const sym = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) sym[i * n + j] = sym[j * n + i] = a[i * n + j];
      }
      values = new Float64Array(n);
      symmetricEigen(sym, n, values, new Float64Array(n * n));
      values = values.map(Math.abs);
    } else {
      values = svdOne(a, m, n).s;
    }
    // Singular values are rounded to the dtype first, as torch computes them in it.
    if (A.dtype === "float32") values = values.map(Math.fround);
    let smax = 0;
    for (const x of values) smax = Math.max(smax, x);
    const tol = tolerance(atol, rtol, smax, m, n, eps);
    let r = 0;
    for (const x of values) if (x > tol) r++;
    ranks[b] = r;
  }
  return fromData(ranks, A.shape.slice(0, -2), "int64");
}

/** `torch.return_types.linalg_lstsq(solution, residuals, rank, singular_values)`. */
export class LstsqResult extends ReturnTuple {
  /** The least-squares solution X (..., n, k). */
  declare readonly solution: Tensor;
  /** Squared residuals per column (m > n, full rank, driver not gelsy), else empty. */
  declare readonly residuals: Tensor;
  /** The rank of each A (drivers gelsy, gelsd, gelss), else empty. */
  declare readonly rank: Tensor;
  /** The singular values of A (drivers gelsd, gelss), else empty. */
  declare readonly singular_values: Tensor;

  /**
   * Holds the four results (built by `linalg.lstsq`).
   *
   * @param solution The solution.
   * @param residuals The squared residuals.
   * @param rank The ranks.
   * @param singular_values The singular values.
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const { rank } = linalg.lstsq(tensor([[1.0, 0.0], [0.0, 1.0]]), tensor([[1.0], [2.0]]));
   * assert.equal(rank.item(), 2);
   * ```
   */
  constructor(solution: Tensor, residuals: Tensor, rank: Tensor, singular_values: Tensor) {
    super("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"], [
      solution,
      residuals,
      rank,
      singular_values,
    ]);
  }
}

const LSTSQ = [
  { name: "rcond", kind: "number", default: null },
  {
    name: "driver",
    kind: (
      v: unknown,
    ) => (v === null || v === "gels" || v === "gelsy" || v === "gelsd" || v === "gelss"
      ? null
      : "x"),
    default: null,
    keywordOnly: true,
  },
] as const;

/** Options of {@linkcode lstsq}. */
export interface LstsqOptions {
  /** Singular values below rcond·σ₁ count as zero (default eps·max(m, n)). */
  rcond?: number | null;
  /** LAPACK driver torch would call: `"gelsy"` (default), `"gels"`, `"gelsd"`, `"gelss"`. */
  driver?: "gels" | "gelsy" | "gelsd" | "gelss" | null;
}

/**
 * `torch.linalg.lstsq(A, B, rcond=None, *, driver=None)`: the X minimising ‖A X − B‖, through
 * the SVD. The driver decides which of residuals, rank and singular values are filled, as in
 * torch on the CPU.
 *
 * @param A Batches of matrices (..., m, n).
 * @param B Right-hand sides (..., m, k); batch dims broadcast.
 * @param args `rcond` by position, or `{ rcond, driver }`.
 * @returns `(solution, residuals, rank, singular_values)` (solution: grad_fn LinalgLstsqBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], { dtype: "float64" });
 * const { solution } = linalg.lstsq(A, tensor([[1.0], [2.0], [3.0]], { dtype: "float64" }));
 * assert.deepEqual(solution.tolist(), [[1], [2]]);
 * ```
 */
export function lstsq(
  A: Tensor,
  B: Tensor,
  ...args: (number | LstsqOptions | null | undefined)[]
): LstsqResult {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && "driver" in last) {
    const d = last.driver;
    if (
      d !== null && d !== undefined && d !== "gels" && d !== "gelsy" && d !== "gelsd" &&
      d !== "gelss"
    ) {
      throw new RangeError(
        "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)",
      );
    }
  }
  const { rcond, driver } = bind("linalg.lstsq", LSTSQ, args) as {
    rcond: number | null;
    driver: string | null;
  };
  const dtype = requireMatrices(A, "torch.linalg.lstsq", false, "input");
  requireFloat(B, "torch.linalg.lstsq");
  if (B.dtype !== dtype) {
    throw new TypeError(
      `torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype ${
        scalarName(dtype)
      } and other's dtype ${scalarName(B.dtype)}`,
    );
  }
  const vector = B.dim() === A.dim() - 1;
  const Bm = vector ? B.unsqueeze(-1) : B;
  if (Bm.dim() < 2 || Bm.shape[Bm.dim() - 2] !== A.shape[A.dim() - 2]) {
    throw new RangeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)");
  }
  const drv = driver ?? "gelsy";
  const m = A.shape[A.dim() - 2];
  const n = A.shape[A.dim() - 1];
  const batch = batchShape(A, Bm, "torch.linalg.lstsq");
  const k = Bm.shape[Bm.dim() - 1];
  const same = (x: Tensor) =>
    x.dim() - 2 === batch.length && batch.every((s, i) => s === x.shape[i]);
  const eA = same(A) ? A : A.expand([...batch, m, n]);
  const eB = same(Bm) ? Bm : Bm.expand([...batch, m, k]);
  const { data: a, count } = matrices(eA);
  const { data: b } = matrices(eB);
  const eps = epsilonOf(dtype);
  const rc = rcond !== null && rcond >= 0 ? rcond : eps * Math.max(m, n);
  const q = Math.min(m, n);
  const X = new Float64Array(count * n * k);
  const ranks = new Float64Array(count);
  const svals = new Float64Array(count * q);
  const resid = new Float64Array(count * k);
  let allFull = true;
  for (let t = 0; t < count; t++) {
    const { u, s, v } = svdOne(a.slice(t * m * n, (t + 1) * m * n), m, n);
    svals.set(s, t * q);
    const tol = rc * (q > 0 ? s[0] : 0);
    let r = 0;
    for (let c = 0; c < q; c++) {
      if (!(s[c] > tol)) continue;
      r++;
      // X += v_c (u_cᵀ B) / s_c
      for (let j = 0; j < k; j++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += u[i * q + c] * b[t * m * k + i * k + j];
        d /= s[c];
        for (let i = 0; i < n; i++) X[t * n * k + i * k + j] += v[i * q + c] * d;
      }
    }
    ranks[t] = r;
    if (r < n) allFull = false;
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let i = 0; i < m; i++) {
        let ax = 0;
        for (let c = 0; c < n; c++) ax += a[t * m * n + i * n + c] * X[t * n * k + c * k + j];
        sum += (ax - b[t * m * k + i * k + j]) ** 2;
      }
      resid[t * k + j] = sum;
    }
  }
  const solShape = vector ? [...batch, n] : [...batch, n, k];
  const inputs = [eA, vector ? (eB === Bm ? B : eB.squeeze(-1)) : eB];
  const solution: Tensor = result(
    rounded(X, dtype),
    solShape,
    "LinalgLstsqBackward0",
    inputs,
    (g) => {
      const gX = vector ? g.unsqueeze(-1) : g;
      const pinvA = pinv(eA);
      const gA = eA.requires_grad ? pinvBackward(matmul(gX, mT(eB)), pinvA, eA) : null;
      const gB = inputs[1].requires_grad ? matmul(mT(pinvA), gX) : null;
      return [gA, gB === null ? null : vector ? gB.squeeze(-1) : gB];
    },
    { saved: [eA, eB] },
  );
  const empty = (dt: "int64" | typeof dtype) => fromData(rounded(new Float64Array(0), dt), [0], dt);
  const residuals = m > n && allFull && drv !== "gelsy"
    ? fromData(rounded(resid, dtype), vector ? batch : [...batch, k], dtype)
    : empty(dtype);
  const rank = drv === "gels" ? empty("int64") : fromData(ranks, batch, "int64");
  const singular_values = drv === "gelsd" || drv === "gelss"
    ? fromData(rounded(svals, dtype), [...batch, q], dtype)
    : empty(dtype);
  return new LstsqResult(solution, residuals, rank, singular_values);
}
