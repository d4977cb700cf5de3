/**
 * Inverses and linear solves: `linalg.inv`, `linalg.solve`, `linalg.solve_triangular`.
 *
 * | op                 | grad_fn                          | backward (torch's FunctionsManual)                 |
 * | ------------------ | -------------------------------- | -------------------------------------------------- |
 * | `inv`              | LinalgInvExBackward0             | gA = -A⁻ᵀ g A⁻ᵀ                                     |
 * | `solve`            | LinalgSolveExBackward0           | gB = solve(Aᵀ, gX), gA = -gB Xᵀ                     |
 * | `solve_triangular` | LinalgSolveTriangularBackward0   | gB = solve_triangular(Aᵀ, gX), gA = -tri(gB Xᵀ)     |
 *
 * Each backward is written with these differentiable ops, so gradients of gradients work.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import {
  batchPrefix,
  batchShape,
  matrices,
  mT,
  requireFloat,
  requireMatrices,
  rounded,
  scalarName,
  tril,
  triu,
} from "./core.ts";
import { luFactor, luSolve, triangularSolve } from "./kernels.ts";

/** The inverses of a batch of square matrices, or throws torch's singular-matrix error. */
function invertRaw(a: Tensor, where: string): Float64Array {
  const { data, count, rows: n } = matrices(a);
  const out = new Float64Array(data.length);
  const rhs = new Float64Array(n * n);
  for (let b = 0; b < count; b++) {
    const m = data.subarray(b * n * n, (b + 1) * n * n);
    const lu = luFactor(m, n);
    if (lu.info > 0) {
      throw new Error(
        `${where}: ${
          batchPrefix(a, b)
        }The diagonal element ${lu.info} is zero, the inversion could not be completed because the input matrix is singular.`,
      );
    }
    rhs.fill(0);
    for (let i = 0; i < n; i++) rhs[i * n + i] = 1;
    luSolve(m, lu.pivots, rhs, n, n);
    out.set(rhs, b * n * n);
  }
  return out;
}

/**
 * `torch.linalg.inv(A)`: the inverse of each square matrix (LU with partial pivoting).
 *
 * @param A Batches of invertible square matrices (..., n, n), float32 or float64.
 * @returns A⁻¹ (grad_fn LinalgInvExBackward0).
 * @example Inverting a 2×2 matrix
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, 2.0], [0.0, 1.0]], { dtype: "float64" });
 * assert.deepEqual(linalg.inv(A).tolist(), [[1, -2], [0, 1]]);
 * ```
 */
export function inv(A: Tensor): Tensor {
  const where = "linalg.inv";
  const dtype = requireMatrices(A, where, true);
  const out = invertRaw(A, where);
  const y: Tensor = result(rounded(out, dtype), A.shape, "LinalgInvExBackward0", [A], (g) => {
    const yT = mT(y);
    return [matmul(yT, matmul(g, yT)).neg()];
  }, { saveOutput: true });
  return y;
}

/** Whether B is a batch of vectors for `linalg.solve` (torch's vector-case rule). */
function isVectorRhs(A: Tensor, B: Tensor): boolean {
  if (B.dim() === 1) return true;
  return A.dim() - 1 === B.dim() && B.shape.every((s, i) => s === A.shape[i]);
}

/** Expands `x`'s batch dims to `batch` when they differ (no node when they already match). */
function expandBatch(x: Tensor, batch: readonly number[]): Tensor {
  const want = [...batch, ...x.shape.slice(-2)];
  return want.length === x.dim() && want.every((s, i) => s === x.shape[i]) ? x : x.expand(want);
}

const SOLVE = [{ name: "left", kind: "bool", default: true, keywordOnly: true }] as const;

/** Options of {@linkcode solve}. */
export interface SolveOptions {
  /** Solve A X = B (true, the default) or X A = B (false). */
  left?: boolean;
}

/**
 * `torch.linalg.solve(A, B, *, left=True)`: X with A X = B (or X A = B when `left` is false).
 * B may be a vector or a batch of vectors (shape A.shape[:-1]); batch dims broadcast.
 *
 * @param A Batches of invertible square matrices (..., n, n).
 * @param B Right-hand sides (..., n, k) or vectors (..., n).
 * @param options `{ left }`.
 * @returns X (grad_fn LinalgSolveExBackward0).
 * @example Solving a 2×2 system
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[3.0, 1.0], [1.0, 2.0]], { dtype: "float64" });
 * const x = linalg.solve(A, tensor([9.0, 8.0], { dtype: "float64" }));
 * assert.deepEqual(x.tolist(), [2, 3]);
 * ```
 */
export function solve(A: Tensor, B: Tensor, options?: SolveOptions): Tensor {
  const { left } = bind("linalg.solve", SOLVE, options === undefined ? [] : [options]) as {
    left: boolean;
  };
  const dtype = requireMatrices(A, "linalg.solve", true);
  requireFloat(B, "linalg.solve");
  if (B.dtype !== dtype) {
    throw new TypeError(
      `linalg.solve: Expected A and B to have the same dtype, but found A of type ${
        scalarName(dtype)
      } and B of type ${scalarName(B.dtype)} instead`,
    );
  }
  const vector = left && isVectorRhs(A, B);
  const Bm = vector ? B.unsqueeze(-1) : B;
  const n = A.shape[A.dim() - 1];
  const need = left ? Bm.shape[Bm.dim() - 2] : Bm.shape[Bm.dim() - 1];
  if (Bm.dim() < 2 || need !== n) {
    const bs = Bm.dim() < 2 ? `${B.shape[0]}x1` : Bm.shape.slice(-2).join("x");
    throw new RangeError(
      `linalg.solve: Incompatible shapes of A and B for the equation ${
        left ? "AX = B" : "XA = B"
      } (${n}x${n} and ${bs})`,
    );
  }
  const batch = batchShape(Bm, A, "linalg.solve");
  const ea = expandBatch(A, batch);
  const eb = expandBatch(Bm, batch);
  const out = solveRaw(ea, eb, left);
  const outShape = vector ? eb.shape.slice(0, -1) : eb.shape;
  const inputs = [ea, vector ? (eb === Bm ? B : eb.squeeze(-1)) : eb];
  const x: Tensor = result(rounded(out, dtype), outShape, "LinalgSolveExBackward0", inputs, (g) => {
    const gX = vector ? g.unsqueeze(-1) : g;
    const X = vector ? x.unsqueeze(-1) : x;
    const gB = solve(mT(ea), gX, { left });
    const gA = left ? matmul(gB, mT(X)).neg() : matmul(mT(X), gB).neg();
    return [
      ea.requires_grad ? gA : null,
      inputs[1].requires_grad ? (vector ? gB.squeeze(-1) : gB) : null,
    ];
  }, { saved: [ea], saveOutput: true });
  return x;
}

/** X with A X = B (or X A = B) for broadcast batches, or torch's singular error. */
function solveRaw(A: Tensor, B: Tensor, left: boolean): Float64Array {
  const { data: a, count, rows: n } = matrices(A);
  const { data: b, rows: p, cols: q } = matrices(B);
  const out = new Float64Array(count * p * q);
  for (let t = 0; t < count; t++) {
    const m = a.subarray(t * n * n, (t + 1) * n * n);
    if (!left) {
      // X A = B  ⇔  Aᵀ Xᵀ = Bᵀ
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const v = m[i * n + j];
          m[i * n + j] = m[j * n + i];
          m[j * n + i] = v;
        }
      }
    }
    const lu = luFactor(m, n);
    if (lu.info > 0) {
      throw new Error(
        `torch.linalg.solve: ${
          batchPrefix(A, t)
        }The solver failed because the input matrix is singular.`,
      );
    }
    const rhs = new Float64Array(p * q);
    if (left) rhs.set(b.subarray(t * p * q, (t + 1) * p * q));
    else {for (let i = 0; i < p; i++) {
        for (let j = 0; j < q; j++) rhs[j * p + i] = b[t * p * q + i * q + j];
      }}
    luSolve(m, lu.pivots, rhs, n, left ? q : p);
    if (left) out.set(rhs, t * p * q);
    else {for (let i = 0; i < p; i++) {
        for (let j = 0; j < q; j++) out[t * p * q + i * q + j] = rhs[j * p + i];
      }}
  }
  return out;
}

const SOLVE_TRIANGULAR = [
  { name: "upper", kind: "bool", keywordOnly: true },
  { name: "left", kind: "bool", default: true, keywordOnly: true },
  { name: "unitriangular", kind: "bool", default: false, keywordOnly: true },
] as const;

/** Options of {@linkcode solve_triangular}: `upper` is required, as in torch. */
export interface SolveTriangularOptions {
  /** Whether A is upper (true) or lower (false) triangular. Required. */
  upper: boolean;
  /** Solve A X = B (true, the default) or X A = B. */
  left?: boolean;
  /** Take A's diagonal as ones without reading it. Default false. */
  unitriangular?: boolean;
}

/**
 * `torch.linalg.solve_triangular(A, B, *, upper, left=True, unitriangular=False)`: X with
 * A X = B (or X A = B) for triangular A, reading only the triangle `upper` names.
 *
 * @param A Batches of triangular matrices (..., n, n).
 * @param B Right-hand sides (..., n, k) (or (..., k, n) when `left` is false).
 * @param options `{ upper, left, unitriangular }`; `upper` is required.
 * @returns X (grad_fn LinalgSolveTriangularBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const U = tensor([[2.0, 1.0], [0.0, 4.0]]);
 * const X = linalg.solve_triangular(U, tensor([[4.0], [8.0]]), { upper: true });
 * assert.deepEqual(X.tolist(), [[1], [2]]);
 * ```
 */
export function solve_triangular(A: Tensor, B: Tensor, options?: SolveTriangularOptions): Tensor {
  if (options === undefined || !("upper" in options)) {
    throw new TypeError(
      `linalg_solve_triangular() missing 1 required positional arguments: "upper"`,
    );
  }
  const { upper, left, unitriangular } = bind("linalg.solve_triangular", SOLVE_TRIANGULAR, [
    options,
  ]) as {
    upper: boolean;
    left: boolean;
    unitriangular: boolean;
  };
  const dtype = requireMatrices(A, "linalg.solve_triangular", true);
  requireMatrices(B, "linalg.solve_triangular", false, "B");
  if (B.dtype !== dtype) {
    throw new TypeError(
      `linalg.solve_triangular: Expected A and B to have the same dtype, but found A of type ${
        scalarName(dtype)
      } and B of type ${scalarName(B.dtype)} instead`,
    );
  }
  const n = A.shape[A.dim() - 1];
  if ((left ? B.shape[B.dim() - 2] : B.shape[B.dim() - 1]) !== n) {
    throw new RangeError(
      `linalg.solve_triangular: Incompatible shapes of A and B for the equation ${
        left ? "AX = B" : "XA = B"
      } (${n}x${n} and ${B.shape.slice(-2).join("x")})`,
    );
  }
  const batch = batchShape(A, B, "linalg.solve_triangular");
  const ea = expandBatch(A, batch);
  const eb = expandBatch(B, batch);
  const { data: a, count } = matrices(ea);
  const { data: b, rows: p, cols: q } = matrices(eb);
  const out = new Float64Array(count * p * q);
  const rhs = new Float64Array(p * q);
  for (let t = 0; t < count; t++) {
    if (left) {
      rhs.set(b.subarray(t * p * q, (t + 1) * p * q));
      triangularSolve(a, t * n * n, n, rhs, q, upper, unitriangular);
      out.set(rhs, t * p * q);
    } else {
      // X A = B  ⇔  Aᵀ Xᵀ = Bᵀ, with Aᵀ of the other triangle.
      const at = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) at[j * n + i] = a[t * n * n + i * n + j];
      }
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < q; j++) rhs[j * p + i] = b[t * p * q + i * q + j];
      }
      triangularSolve(at, 0, n, rhs, p, !upper, unitriangular);
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < q; j++) out[t * p * q + i * q + j] = rhs[j * p + i];
      }
    }
  }
  const x: Tensor = result(rounded(out, dtype), eb.shape, "LinalgSolveTriangularBackward0", [
    ea,
    eb,
  ], (g) => {
    const gB = solve_triangular(mT(ea), g, { upper: !upper, left, unitriangular });
    let gA = null;
    if (ea.requires_grad) {
      const full = left ? matmul(gB, mT(x)).neg() : matmul(mT(x), gB).neg();
      gA = upper ? triu(full, unitriangular ? 1 : 0) : tril(full, unitriangular ? -1 : 0);
    }
    return [gA, eb.requires_grad ? gB : null];
  }, { saved: [ea], saveOutput: true });
  return x;
}
