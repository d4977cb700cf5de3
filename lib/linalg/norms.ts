/**
 * Norms: `linalg.vector_norm` (one op, LinalgVectorNormBackward0, torch's norm_backward written
 * with differentiable ops), and `linalg.matrix_norm`, `linalg.norm` composed from it, from
 * `svdvals` and from `amax`/`amin`/`sum`, exactly as torch composes them (so their grad_fn is
 * LinalgVectorNormBackward0, AmaxBackward0, AminBackward0 or SumBackward1 as in torch).
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { contiguousData, result, type Tensor } from "../tensor/tensor.ts";
import { normalizeDim } from "../tensor/shape.ts";
import type { FloatDType } from "../tensor/dtype.ts";
import { requireFloat, requireMatrices } from "./core.ts";
import { svdvals } from "./decompositions.ts";

/** The sorted, unique, non-negative dims `dim` names (all dims when null). */
function reducedDims(x: Tensor, dim: number | readonly number[] | null, where: string): number[] {
  if (dim === null) return x.shape.map((_, d) => d);
  const list = typeof dim === "number" ? [dim] : [...dim];
  const dims = list.map((d) => normalizeDim(d, Math.max(x.dim(), 1), where));
  if (new Set(dims).size !== dims.length) {
    throw new RangeError(
      `${where}: dim ${
        dims.find((d, i) => dims.indexOf(d) !== i)
      } appears multiple times in the list of dims`,
    );
  }
  return dims.sort((a, b) => a - b);
}

/** Reinserts reduced dims as size 1, so `t` broadcasts against the input. */
function keep(t: Tensor, dims: readonly number[], keepdim: boolean, rank: number): Tensor {
  if (keepdim || rank === 0) return t;
  let out = t;
  for (const d of dims) out = out.unsqueeze(d);
  return out;
}

const VECTOR_NORM = [
  { name: "ord", kind: "number", default: 2 },
  { name: "dim", kind: "any", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
] as const;

/** Options of {@linkcode vector_norm}. */
export interface VectorNormOptions {
  /** The order p (default 2; `Infinity`, `-Infinity` and 0 included). */
  ord?: number;
  /** Dim or dims to reduce; all when null (the default). */
  dim?: number | readonly number[] | null;
  /** Keep reduced dims with size 1. Default false. */
  keepdim?: boolean;
  /** Compute in this dtype (the input is converted first). */
  dtype?: FloatDType | null;
}

/**
 * `torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None)`: the p-norm of
 * the elements over `dim` (the whole tensor as one vector when dim is null).
 *
 * @param x A float tensor.
 * @param args `ord`, `dim`, `keepdim` by position, or an options object.
 * @returns The norms (grad_fn LinalgVectorNormBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(linalg.vector_norm(tensor([3.0, -4.0])).item(), 5);
 * assert.equal(linalg.vector_norm(tensor([3.0, -4.0]), Infinity).item(), 4);
 * ```
 */
export function vector_norm(
  x: Tensor,
  ...args: (number | readonly number[] | boolean | null | VectorNormOptions | undefined)[]
): Tensor {
  const o = bind("linalg.vector_norm", VECTOR_NORM, args) as {
    ord: number;
    dim: number | number[] | null;
    keepdim: boolean;
    dtype: FloatDType | null;
  };
  return vectorNorm(x, o.ord, o.dim, o.keepdim, o.dtype, "linalg.vector_norm");
}

function vectorNorm(
  input: Tensor,
  p: number,
  dim: number | readonly number[] | null,
  keepdim: boolean,
  dtype: FloatDType | null,
  where: string,
): Tensor {
  requireFloat(input, where);
  const x = dtype !== null && dtype !== input.dtype ? input.to(dtype) : input;
  const dims = reducedDims(x, dim, where);
  const rank = x.dim();
  const rest = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const lanes = rank === 0 ? x : x.detach().permute([...rest, ...dims]).contiguous();
  const data = contiguousData(lanes);
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  if (rank === 0) n = 1;
  const count = n === 0 ? rest.reduce((a, d) => a * x.shape[d], 1) : data.length / n;
  if (n === 0 && (p < 0 || p === Infinity)) {
    throw new RangeError(
      `${where}: Expected a non-empty tensor when ord is ${p === Infinity ? "inf" : p}`,
    );
  }
  const out = new Float64Array(count);
  for (let o = 0; o < count; o++) {
    let acc = p === -Infinity ? Infinity : 0;
    for (let j = 0; j < n; j++) {
      const a = Math.abs(data[o * n + j]);
      if (p === 2) acc += a * a;
      else if (p === 1) acc += a;
      else if (p === Infinity) acc = a > acc || a !== a ? a : acc;
      else if (p === -Infinity) acc = a < acc || a !== a ? a : acc;
      else if (p === 0) acc += a !== 0 ? 1 : 0;
      else acc += a ** p;
    }
    out[o] = p === 2 ? Math.sqrt(acc) : p === 1 || p === 0 || !isFinite(p) ? acc : acc ** (1 / p);
  }
  const shape = rank === 0
    ? []
    : x.shape.map((s, d) => (dims.includes(d) ? 1 : s)).filter((_, d) =>
      keepdim || !dims.includes(d)
    );
  const outData = x.dtype === "float32" ? Float32Array.from(out) : out;
  const norm: Tensor = result(outData, shape, "LinalgVectorNormBackward0", [x], (g) => {
    // ord 0 counts nonzeros: torch gives no gradient at all.
    if (p === 0) return [null];
    return [
      normBackward(keep(g, dims, keepdim, rank), x, keep(norm, dims, keepdim, rank), p, dims),
    ];
  }, { saved: [x], saveOutput: true });
  return norm;
}

/** torch's norm_backward (p-norm of `x` with value `norm`, both broadcast to x's rank). */
function normBackward(g: Tensor, x: Tensor, norm: Tensor, p: number, dims: number[]): Tensor {
  if (p === 0) return x.mul(0);
  if (p === 1) return x.sign().mul(g);
  if (p === 2) return g.mul(x.div(norm).masked_fill(norm.eq(0), 0));
  if (!isFinite(p)) {
    const ax = x.abs();
    const mask = ax.eq(norm).logical_or(ax.isnan()).to(x.dtype);
    return x.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
  }
  if (p < 1) {
    const scaled = x.sign().mul(x.abs().pow(p - 1).masked_fill(x.eq(0), 0));
    return scaled.mul(g).mul(norm.pow(1 - p));
  }
  const scale = g.div(norm.pow(p - 1)).masked_fill(norm.eq(0), 0);
  if (p < 2) return x.sign().mul(x.abs().pow(p - 1)).mul(scale);
  return x.mul(x.abs().pow(p - 2)).mul(scale);
}

const MATRIX_NORM = [
  { name: "ord", kind: "any", default: "fro" },
  { name: "dim", kind: "ints", default: [-2, -1] },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
] as const;

/** Options of {@linkcode matrix_norm}. */
export interface MatrixNormOptions {
  /** `"fro"` (default), `"nuc"`, 1, -1, 2, -2, `Infinity` or `-Infinity`. */
  ord?: string | number;
  /** The two dims holding the matrices. Default [-2, -1]. */
  dim?: readonly number[];
  /** Keep reduced dims with size 1. Default false. */
  keepdim?: boolean;
  /** Compute in this dtype. */
  dtype?: FloatDType | null;
}

/**
 * `torch.linalg.matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None)`: the
 * Frobenius, nuclear, spectral (±2), max-column-sum (±1) or max-row-sum (±inf) norm.
 *
 * @param A Batches of matrices.
 * @param args `ord`, `dim`, `keepdim` by position, or an options object.
 * @returns The norms.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, -2.0], [3.0, 4.0]]);
 * assert.equal(linalg.matrix_norm(A, 1).item(), 6);
 * assert.equal(linalg.matrix_norm(A, Infinity).item(), 7);
 * ```
 */
export function matrix_norm(
  A: Tensor,
  ...args: (string | number | readonly number[] | boolean | null | MatrixNormOptions | undefined)[]
): Tensor {
  const o = bind("linalg.matrix_norm", MATRIX_NORM, args) as {
    ord: string | number;
    dim: number | number[];
    keepdim: boolean;
    dtype: FloatDType | null;
  };
  return matrixNorm(A, o.ord, o.dim, o.keepdim, o.dtype);
}

function matrixNorm(
  input: Tensor,
  ord: string | number,
  dim: number | readonly number[],
  keepdim: boolean,
  dtype: FloatDType | null,
): Tensor {
  const where = "linalg.matrix_norm";
  requireMatrices(input, where, false);
  const A = dtype !== null && dtype !== input.dtype ? input.to(dtype) : input;
  const list = typeof dim === "number" ? [dim] : [...dim];
  if (list.length !== 2) {
    throw new RangeError(`${where}: dim must be a 2-tuple. Got ${list.join(" ")}`);
  }
  const d0 = normalizeDim(list[0], A.dim(), where);
  const d1 = normalizeDim(list[1], A.dim(), where);
  if (d0 === d1) {
    throw new RangeError(`${where}: dims must be different. Got (${list[0]}, ${list[1]})`);
  }
  if (ord === "fro") return vectorNorm(A, 2, [d0, d1], keepdim, null, where);
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const perm = [...A.shape.map((_, d) => d).filter((d) => d !== d0 && d !== d1), d0, d1];
    const s = svdvals(A.permute(perm));
    let out = ord === "nuc"
      ? s.sum(-1, keepdim)
      : ord === 2
      ? s.amax(-1, keepdim)
      : s.amin(-1, keepdim);
    if (keepdim) {
      // (..., 1) back to the input's layout: the two reduced dims as size 1 in place.
      out = out.unsqueeze(-1);
      const inverse = perm.map((_, i) => perm.indexOf(i));
      out = out.permute(inverse);
    }
    return out;
  }
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    let [r0, r1] = [d0, d1];
    if (Math.abs(ord) === Infinity) [r0, r1] = [d1, d0];
    if (!keepdim && r0 < r1) r1--;
    const sums = vectorNorm(A, 1, [r0], keepdim, null, where);
    return ord > 0 ? sums.amax(r1, keepdim) : sums.amin(r1, keepdim);
  }
  throw new RangeError(
    `${where}: Order ${
      typeof ord === "number" && Number.isFinite(ord) ? ord : String(ord)
    } not supported.`,
  );
}

const NORM = [
  { name: "ord", kind: "any", default: null },
  { name: "dim", kind: "any", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
] as const;

/** Options of {@linkcode norm}. */
export interface LinalgNormOptions {
  /** A vector order (number) or a matrix order (`"fro"`, `"nuc"`, ±1, ±2, ±inf). */
  ord?: string | number | null;
  /** One dim (vector norm) or two (matrix norm); when null, decided by ord and the input's rank. */
  dim?: number | readonly number[] | null;
  /** Keep reduced dims with size 1. Default false. */
  keepdim?: boolean;
  /** Compute in this dtype. */
  dtype?: FloatDType | null;
}

/**
 * `torch.linalg.norm(A, ord=None, dim=None, keepdim=False, *, dtype=None)`: a vector norm over
 * one dim, a matrix norm over two, or, without dim, the 2-norm of the flattened input (ord
 * null) or the vector/matrix norm of a 1-D/2-D input.
 *
 * @param A A float tensor.
 * @param args `ord`, `dim`, `keepdim` by position, or an options object.
 * @returns The norm(s).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(linalg.norm(tensor([[3.0, 0.0], [0.0, 4.0]])).item(), 5);
 * assert.equal(linalg.norm(tensor([[3.0, 0.0], [0.0, 4.0]]), "nuc").item(), 7);
 * ```
 */
export function norm(
  A: Tensor,
  ...args: (string | number | readonly number[] | boolean | null | LinalgNormOptions | undefined)[]
): Tensor {
  const o = bind("linalg.norm", NORM, args) as {
    ord: string | number | null;
    dim: number | number[] | null;
    keepdim: boolean;
    dtype: FloatDType | null;
  };
  requireFloat(A, "linalg.norm");
  const { ord, keepdim, dtype } = o;
  let dim = o.dim;
  if (dim !== null) {
    const list = typeof dim === "number" ? [dim] : dim;
    if (list.length === 1 && typeof ord !== "string") {
      return vectorNorm(A, ord ?? 2, list, keepdim, dtype, "linalg.norm");
    }
    return matrixNorm(A, ord ?? "fro", list, keepdim, dtype);
  }
  if (ord === null) return vectorNorm(A, 2, null, keepdim, dtype, "linalg.norm");
  if (A.dim() !== 1 && A.dim() !== 2) {
    throw new RangeError(
      `linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.dim()}D.`,
    );
  }
  dim = A.dim() === 1 ? [0] : [0, 1];
  if (A.dim() === 1 && typeof ord !== "string") {
    return vectorNorm(A, ord, dim, keepdim, dtype, "linalg.norm");
  }
  return matrixNorm(A, ord, dim, keepdim, dtype);
}
