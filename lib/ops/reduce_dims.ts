/**
 * Reductions over dims and sorting, with torch's semantics: `prod`, `max` / `min` (a value, or
 * torch's named tuple of values and int64 indices along a dim), `amax` / `amin`, `logsumexp`,
 * `var` / `std`, `norm`, `cumsum`, `topk` and `sort`. Each op's forward loop and its backward
 * sit together.
 *
 * Every op walks *lanes*: the elements that reduce into one output element. `lanesOf` lists,
 * for each lane in the output's row-major order, where its elements sit in the input's
 * row-major order, so one indexed loop serves any dim or list of dims. Sums accumulate in
 * double and float32 results are rounded once, as `sum` does.
 *
 * @module
 */

import {
  allocate,
  checkInt64,
  type Data,
  describe,
  type DType,
  isFloating,
} from "../tensor/dtype.ts";
import { normalizeDim, normalizeDims, numelOf, offsetsOf, stridesOf } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, Tensor } from "../tensor/tensor.ts";
import { needsGraph, notTwiceDifferentiable } from "../tensor/autograd.ts";
import { scatter_add } from "./gather.ts";
import { collapseExpanded } from "./reduce.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { get_default_dtype } from "../tensor/dtype.ts";
import { ValuesIndices } from "./return_types.ts";
import { bind, boundDType, isOptionsObject, type Signature } from "../tensor/args.ts";
import { castFor } from "./dtype_arg.ts";
import { maximum, minimum } from "./math.ts";

/** A dim, or a list of dims, as reductions accept. */
export type Dims = number | readonly number[];

export { ValuesIndices };

// ------------------------------------------------------------------------------ lanes

/** The lanes of a reduction of `shape` over `dims` (sorted, unique). */
export interface Lanes {
  /** Number of lanes (output elements). */
  readonly count: number;
  /** Elements per lane. */
  readonly n: number;
  /** Element j of lane o sits at `pos[o * n + j]` in the input's row-major order. */
  readonly pos: Int32Array;
  /** The output shape with reduced dims kept as 1. */
  readonly kept: number[];
}

export function lanesOf(shape: readonly number[], dims: readonly number[]): Lanes {
  const rest = shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const perm = [...rest, ...dims];
  const strides = stridesOf(shape);
  const pos = offsetsOf(perm.map((d) => shape[d]), perm.map((d) => strides[d]), 0);
  let n = 1;
  for (const d of dims) n *= shape[d];
  const kept = shape.map((s, d) => (dims.includes(d) ? 1 : s));
  return { count: numelOf(kept), n, pos, kept };
}

export function outShape(
  shape: readonly number[],
  dims: readonly number[],
  keepdim: boolean,
): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!dims.includes(d)) out.push(shape[d]);
    else if (keepdim) out.push(1);
  }
  return out;
}

export function checkKeepdim(keepdim: unknown, where: string): boolean {
  if (keepdim === undefined) return false;
  if (typeof keepdim !== "boolean") {
    throw new TypeError(`${where}: keepdim must be a boolean, got ${describe(keepdim)}`);
  }
  return keepdim;
}

/** A single dim (ops that take one dim, like torch's `int dim`). */
export function oneDim(dim: unknown, x: Tensor, where: string): number[] {
  if (Array.isArray(dim)) {
    throw new TypeError(`${where}: dim must be a single integer, got an array [${dim.join(", ")}]`);
  }
  const d = normalizeDim(dim, x.dim(), where);
  return d < x.dim() ? [d] : [];
}

/** torch's error for a lane with no elements in an op with no identity (max, amax, ...). */
export function requireNonEmpty(x: Tensor, dims: readonly number[], where: string): void {
  for (const d of dims) {
    if (x.shape[d] === 0) {
      throw new RangeError(`${where}: Expected reduction dim ${d} to have non-zero size.`);
    }
  }
}

/** A zero gradient shaped like `x`. */
function zerosLike(x: Tensor): Data {
  return allocate(x.dtype, x.numel());
}

/** The output of a reduction whose int64 values must stay exact. */
function checked(out: Data, dtype: DType, where: string): Data {
  if (dtype === "int64") { for (let i = 0; i < out.length; i++) checkInt64(out[i], where); }
  return out;
}

// ------------------------------------------------------------------------------ prod

/** Options of `prod` and `cumsum`, with torch's keys. */
export interface ProdOptions {
  /** The dim to reduce (all when omitted or null). */
  dim?: number | null;
  /** Keep the reduced dim as size 1. */
  keepdim?: boolean;
  /** Cast the input to this dtype first, as torch's `dtype=` keyword. */
  dtype?: DType | null;
}

const PROD: Signature = [
  { name: "dim", kind: "int", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
];

/**
 * Product of all elements, or along `dim`, like `torch.prod`. Integer and bool tensors give
 * int64. The gradient of an element is the product of the others, also where the input has
 * zeros (torch's rule: one zero in a lane gets the product of the rest, two or more give 0).
 *
 * @param input The input.
 * @param rest `dim` (one dim, negative counting from the end; all when omitted) and `keepdim`
 * by position or in an options object; `{ dtype }` casts the input first.
 * @returns The product.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3], [4, 0, 6]], { requires_grad: true });
 * const p = x.prod(1);
 * assert.deepEqual(p.tolist(), [6, 0]);
 * p.sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [[6, 3, 2], [0, 24, 0]]);
 * ```
 */
export function prod(
  input: Tensor,
  ...rest: [
    dim?: number | null | ProdOptions,
    keepdim?: boolean | ProdOptions,
    options?: ProdOptions,
  ]
): Tensor {
  requireTensor(input, "prod");
  let dim: number | undefined = rest[0] as number | undefined;
  let keepdim: boolean | undefined = rest[1] as boolean | undefined;
  let x = input;
  if (rest.some(isOptionsObject)) {
    const b = bind("prod", PROD, rest);
    dim = (b.dim ?? undefined) as number | undefined;
    keepdim = b.keepdim as boolean;
    x = castFor(input, boundDType(b), "prod");
  }
  const keep = checkKeepdim(keepdim, "prod");
  const dims = dim === undefined
    ? normalizeDims(undefined, x.dim(), "prod")
    : oneDim(dim, x, "prod");
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "int64";
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const out = allocate(dtype, L.count);
  for (let o = 0; o < L.count; o++) {
    let p = 1;
    for (let j = 0; j < L.n; j++) p *= a[L.pos[o * L.n + j]];
    out[o] = p;
  }
  checked(out, dtype, "prod");
  const name = `ProdBackward${dim === undefined ? 0 : 1}`;
  // The backward reads the output: saved with it, so an in-place write to it is caught.
  const y: Tensor = result(out, outShape(x.shape, dims, keep), name, [x], (g) => {
    if (needsGraph(g, x)) {
      // grad · prod / x, recorded (torch's formula where no input is zero).
      if (x.eq(0).any().item()) throw notTwiceDifferentiable(name);
      return [g.reshape(L.kept).mul(y.reshape(L.kept)).div(x)];
    }
    const xs = contiguousData(x);
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      let zeros = 0;
      let zeroAt = -1;
      let others = 1;
      for (let j = 0; j < L.n; j++) {
        const v = xs[L.pos[o * L.n + j]];
        if (v === 0) {
          zeros++;
          zeroAt = j;
        } else others *= v;
      }
      if (zeros === 0) {
        // torch: grad · prod / x where no input is zero.
        for (let j = 0; j < L.n; j++) {
          const p = L.pos[o * L.n + j];
          grad[p] = gs[o] * (out[o] / xs[p]);
        }
      } else if (zeros === 1) grad[L.pos[o * L.n + zeroAt]] = gs[o] * others;
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype, saved: [x], saveOutput: true });
  return y;
}

// ------------------------------------------------------------------------------ max, min

/** Whether `v` beats `best` for max (`sign` 1) or min (-1); NaN beats everything, as in torch. */
function beats(v: number, best: number, sign: number): boolean {
  if (best !== best) return false;
  if (v !== v) return true;
  return sign > 0 ? v > best : v < best;
}

/** Per lane: the index of the first extreme value (the first NaN if there is one). */
export function argExtreme(a: Data, L: Lanes, sign: number): Int32Array {
  const at = new Int32Array(L.count);
  for (let o = 0; o < L.count; o++) {
    const base = o * L.n;
    let best = a[L.pos[base]];
    let k = 0;
    for (let j = 1; j < L.n; j++) {
      const v = a[L.pos[base + j]];
      if (beats(v, best, sign)) {
        best = v;
        k = j;
      }
    }
    at[o] = k;
  }
  return at;
}

function extreme(
  kind: "max" | "min",
  x: Tensor,
  dimArg: number | Tensor | { dim: number; keepdim?: boolean } | undefined,
  keepdimArg: boolean | { keepdim?: boolean } | undefined,
): Tensor | ValuesIndices {
  requireTensor(x, kind);
  // torch.max(input, other): the elementwise form (MaximumBackward0), as torch's overload.
  if (dimArg instanceof Tensor) {
    if (keepdimArg !== undefined) {
      throw new TypeError(`${kind}(input, other) takes no more arguments`);
    }
    return kind === "max" ? maximum(x, dimArg) : minimum(x, dimArg);
  }
  let dim = dimArg as number | undefined;
  let keepdim = keepdimArg as boolean | undefined;
  if (isOptionsObject(dimArg) || isOptionsObject(keepdimArg)) {
    const b = bind(kind, EXTREME, [dimArg, keepdimArg].filter((v) => v !== undefined));
    dim = b.dim as number;
    keepdim = b.keepdim as boolean;
  }
  const sign = kind === "max" ? 1 : -1;
  const Name = kind === "max" ? "Max" : "Min";
  if (typeof dim === "object" && dim !== null) {
    throw new TypeError(
      `${kind}(input, other): the elementwise form is ${kind}imum(input, other); ${kind}(input, dim, keepdim) takes a dim, got ${
        describe(dim)
      }`,
    );
  }
  if (dim === undefined) {
    if (keepdim !== undefined) {
      throw new TypeError(`${kind}(dim, keepdim): keepdim was given without a dim`);
    }
    if (x.numel() === 0) {
      throw new RangeError(
        `${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    // Over an expanded (stride-0) dim, the base's extreme: no copy of the expanded tensor.
    const base = collapseExpanded(x, () => true).base;
    const ab = contiguousData(base);
    const L = lanesOf(base.shape, normalizeDims(undefined, base.dim(), kind));
    const best = ab[L.pos[argExtreme(ab, L, sign)[0]]];
    const out = allocate(x.dtype, 1);
    out[0] = best;
    // torch's evenly_distribute_backward: ties (or NaNs, if the result is NaN) share the gradient.
    return result(out, [], `${Name}Backward1`, [x], (g) => {
      const xs = contiguousData(x);
      const grad = zerosLike(x);
      const hit = (v: number) => (best !== best ? v !== v : v === best);
      let count = 0;
      for (let i = 0; i < xs.length; i++) if (hit(xs[i])) count++;
      if (needsGraph(g)) {
        // The ties' mask is piecewise constant: only g carries the graph.
        for (let i = 0; i < xs.length; i++) if (hit(xs[i])) grad[i] = 1 / count;
        return [fromData(grad, x.shape, x.dtype).mul(g)];
      }
      const share = contiguousData(g)[0] / count;
      for (let i = 0; i < xs.length; i++) if (hit(xs[i])) grad[i] = share;
      return [fromData(grad, x.shape, x.dtype)];
    }, { dtype: x.dtype, saved: [x] });
  }
  const keep = checkKeepdim(keepdim, kind);
  const dims = oneDim(dim, x, kind);
  requireNonEmpty(x, dims, `${kind}()`);
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const at = argExtreme(a, L, sign);
  const values = allocate(x.dtype, L.count);
  const indices = allocate("int64", L.count) as Float64Array;
  for (let o = 0; o < L.count; o++) {
    values[o] = a[L.pos[o * L.n + at[o]]];
    indices[o] = at[o];
  }
  const shape = outShape(x.shape, dims, keep);
  const v = result(values, shape, `${Name}Backward0`, [x], (g) => [scatterGrad(g, x, L, at, 1)], {
    dtype: x.dtype,
  });
  return new ValuesIndices(kind, v, fromData(indices, shape, "int64"));
}

/**
 * Under create_graph: `g`'s elements (row-major) added into zeros shaped like `x` at the flat
 * positions `idx`, through the recorded scatter_add (whose backward is a gather).
 */
function scatterIntoFlat(g: Tensor, x: Tensor, idx: Float64Array): Tensor {
  return scatterInto(g, x, idx);
}

function scatterInto(g: Tensor, x: Tensor, idx: Float64Array): Tensor {
  const zeros = fromData(allocate(g.dtype, x.numel()), [x.numel()], g.dtype);
  const index = fromData(idx, [idx.length], "int64");
  return scatter_add(zeros, 0, index, g.reshape([idx.length])).reshape(x.shape);
}

const EXTREME: Signature = [
  { name: "dim", kind: "int" },
  { name: "keepdim", kind: "bool", default: false },
];

/** The gradient of a value-selecting op: lane o's k-th gradient goes to element `at[o·k + i]`. */
export function scatterGrad(g: Tensor, x: Tensor, L: Lanes, at: Int32Array, k: number): Tensor {
  if (needsGraph(g)) {
    const idx = allocate("int64", L.count * k) as Float64Array;
    for (let o = 0; o < L.count; o++) {
      for (let i = 0; i < k; i++) idx[o * k + i] = L.pos[o * L.n + at[o * k + i]];
    }
    return scatterInto(g, x, idx);
  }
  const gs = contiguousData(g);
  const grad = zerosLike(x);
  for (let o = 0; o < L.count; o++) {
    for (let i = 0; i < k; i++) grad[L.pos[o * L.n + at[o * k + i]]] += gs[o * k + i];
  }
  return fromData(grad, x.shape, x.dtype);
}

/**
 * The largest element, like `torch.max(x)`; with `dim`, the largest along it and where it is,
 * like `torch.max(x, dim, keepdim)`: `{ values, indices }` (also `[values, indices]`), the
 * first index among ties. NaN is larger than everything. The whole-tensor gradient is shared
 * evenly by ties; along a dim it goes to the selected index.
 *
 * @param x The input.
 * @param dim The dim to reduce (negative counts from the end).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns The largest value, or values and int64 indices along `dim`.
 *
 * @example
 * ```ts
 * import { max, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 5, 2], [7, 0, 7]]);
 * assert.equal(max(x).item(), 7);
 * const { values, indices } = max(x, 1);
 * assert.deepEqual(values.tolist(), [5, 7]);
 * assert.deepEqual(indices.tolist(), [1, 0]);
 * ```
 */
export function max(x: Tensor): Tensor;
/**
 * The largest elements along `dim` and their indices, like `torch.max(x, dim, keepdim)`.
 *
 * @param x The input.
 * @param dim The dim to reduce (negative counts from the end).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns `{ values, indices }`, also iterable as `[values, indices]`.
 *
 * @example
 * ```ts
 * import { max, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, indices] = max(tensor([[1, 5, 2], [7, 0, 7]]), -1);
 * assert.deepEqual(values.tolist(), [5, 7]);
 * assert.deepEqual(indices.tolist(), [1, 0]);
 * ```
 */
export function max(
  x: Tensor,
  dim: number | { dim: number; keepdim?: boolean },
  keepdim?: boolean | { keepdim?: boolean },
): ValuesIndices;
/**
 * The elementwise larger of two tensors, like `torch.max(input, other)` (`maximum`).
 *
 * @param x A tensor.
 * @param other A tensor (broadcast).
 * @returns The elementwise maximum (MaximumBackward0).
 *
 * @example
 * ```ts
 * import { max, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(max(tensor([1, 5]), tensor([3, 2])).tolist(), [3, 5]);
 * ```
 */
export function max(x: Tensor, other: Tensor): Tensor;
export function max(
  x: Tensor,
  dim?: number | Tensor | { dim: number; keepdim?: boolean },
  keepdim?: boolean | { keepdim?: boolean },
): Tensor | ValuesIndices {
  return extreme("max", x, dim, keepdim);
}

/**
 * The smallest element, like `torch.min(x)`; with `dim`, the smallest along it and where it
 * is, like `torch.min(x, dim, keepdim)`. NaN wins, as in torch. Gradients as for `max`.
 *
 * @param x The input.
 * @param dim The dim to reduce (negative counts from the end).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns The smallest value, or values and int64 indices along `dim`.
 *
 * @example
 * ```ts
 * import { min, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 5, 2], [7, 0, 7]]);
 * assert.equal(min(x).item(), 0);
 * const [values, indices] = min(x, 0, true);
 * assert.deepEqual(values.tolist(), [[1, 0, 2]]);
 * assert.deepEqual(indices.tolist(), [[0, 1, 0]]);
 * ```
 */
export function min(x: Tensor): Tensor;
/**
 * The smallest elements along `dim` and their indices, like `torch.min(x, dim, keepdim)`.
 *
 * @param x The input.
 * @param dim The dim to reduce (negative counts from the end).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns `{ values, indices }`, also iterable as `[values, indices]`.
 *
 * @example
 * ```ts
 * import { min, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const { values, indices } = min(tensor([[1, 5, 2], [7, 0, 7]]), 1);
 * assert.deepEqual(values.tolist(), [1, 0]);
 * assert.deepEqual(indices.tolist(), [0, 1]);
 * ```
 */
export function min(
  x: Tensor,
  dim: number | { dim: number; keepdim?: boolean },
  keepdim?: boolean | { keepdim?: boolean },
): ValuesIndices;
/**
 * The elementwise smaller of two tensors, like `torch.min(input, other)` (`minimum`).
 *
 * @param x A tensor.
 * @param other A tensor (broadcast).
 * @returns The elementwise minimum (MinimumBackward0).
 *
 * @example
 * ```ts
 * import { min, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(min(tensor([1, 5]), tensor([3, 2])).tolist(), [1, 2]);
 * ```
 */
export function min(x: Tensor, other: Tensor): Tensor;
export function min(
  x: Tensor,
  dim?: number | Tensor | { dim: number; keepdim?: boolean },
  keepdim?: boolean | { keepdim?: boolean },
): Tensor | ValuesIndices {
  return extreme("min", x, dim, keepdim);
}

// ------------------------------------------------------------------------------ amax, amin

function aextreme(
  kind: "amax" | "amin",
  x: Tensor,
  dim: Dims | undefined,
  keepdim?: boolean,
): Tensor {
  requireTensor(x, kind);
  const keep = checkKeepdim(keepdim, kind);
  // torch: amax(dim=[]) reduces every dim.
  const all = dim === undefined || (Array.isArray(dim) && dim.length === 0);
  const dims = normalizeDims(all ? undefined : dim, x.dim(), kind);
  requireNonEmpty(x, dims, `${kind}()`);
  // Over an expanded (stride-0) dim, the base's extremes: no copy of the expanded tensor.
  const base = collapseExpanded(x, (d) => dims.includes(d)).base;
  const a = contiguousData(base);
  const LB = lanesOf(base.shape, dims);
  const at = argExtreme(a, LB, kind === "amax" ? 1 : -1);
  const out = allocate(x.dtype, LB.count);
  for (let o = 0; o < LB.count; o++) out[o] = a[LB.pos[o * LB.n + at[o]]];
  const name = kind === "amax" ? "AmaxBackward0" : "AminBackward0";
  // torch's scale_grad_by_count: (g / ties) · (x == result), so ties split the gradient.
  return result(out, outShape(x.shape, dims, keep), name, [x], (g) => {
    const L = base === x ? LB : lanesOf(x.shape, dims);
    const xs = contiguousData(x);
    if (needsGraph(g)) {
      // (x == result) / ties is piecewise constant: only g carries the graph.
      const w = zerosLike(x);
      for (let o = 0; o < L.count; o++) {
        let ties = 0;
        for (let j = 0; j < L.n; j++) if (xs[L.pos[o * L.n + j]] === out[o]) ties++;
        for (let j = 0; j < L.n; j++) {
          const p = L.pos[o * L.n + j];
          if (xs[p] === out[o]) w[p] = 1 / ties;
        }
      }
      return [fromData(w, x.shape, x.dtype).mul(g.reshape(L.kept))];
    }
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      let ties = 0;
      for (let j = 0; j < L.n; j++) if (xs[L.pos[o * L.n + j]] === out[o]) ties++;
      const share = gs[o] / ties;
      for (let j = 0; j < L.n; j++) {
        const p = L.pos[o * L.n + j];
        grad[p] = share * (xs[p] === out[o] ? 1 : 0);
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype: x.dtype, saved: [x], saveOutput: true });
}

/**
 * The largest values over `dim` (one dim or a list; all when omitted or `[]`), like
 * `torch.amax`. Ties split the gradient evenly.
 *
 * @param x The input.
 * @param dim Dims to reduce.
 * @param keepdim Keep reduced dims as size 1.
 * @returns The maxima.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 3, 3], [2, 0, 2]], { requires_grad: true });
 * x.amax(1).sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [[0, 0.5, 0.5], [0.5, 0, 0.5]]);
 * ```
 */
export function amax(x: Tensor, dim?: Dims, keepdim?: boolean): Tensor {
  return aextreme("amax", x, dim, keepdim);
}

/**
 * The smallest values over `dim` (one dim or a list; all when omitted or `[]`), like
 * `torch.amin`. Ties split the gradient evenly.
 *
 * @param x The input.
 * @param dim Dims to reduce.
 * @param keepdim Keep reduced dims as size 1.
 * @returns The minima.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tensor([[1, 3], [2, 0]]).amin(0).tolist(), [1, 0]);
 * ```
 */
export function amin(x: Tensor, dim?: Dims, keepdim?: boolean): Tensor {
  return aextreme("amin", x, dim, keepdim);
}

// ------------------------------------------------------------------------------ logsumexp

/**
 * `log(Σ exp(x))` over `dim` (one dim or a list; `[]` means all), computed stably by
 * subtracting the lane's maximum, like `torch.logsumexp`. Integer and bool inputs give the
 * default float dtype. An empty lane gives -inf.
 *
 * @param x The input.
 * @param dim Dims to reduce.
 * @param keepdim Keep reduced dims as size 1.
 * @returns The log-sum-exp.
 *
 * @example
 * ```ts
 * import { logsumexp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1000, 1000], { dtype: "float64" });
 * assert.equal(logsumexp(x, 0).item(), 1000 + Math.log(2));
 * ```
 */
export function logsumexp(x: Tensor, dim: Dims, keepdim?: boolean): Tensor {
  requireTensor(x, "logsumexp");
  if (dim === undefined) {
    throw new TypeError("logsumexp(x, dim, keepdim): dim is required (a dim or a list of dims)");
  }
  const keep = checkKeepdim(keepdim, "logsumexp");
  const dims = normalizeDims(
    Array.isArray(dim) && dim.length === 0 ? undefined : dim,
    x.dim(),
    "logsumexp",
  );
  const dtype: DType = isFloating(x.dtype) ? x.dtype : get_default_dtype();
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const out = allocate(dtype, L.count);
  for (let o = 0; o < L.count; o++) {
    const base = o * L.n;
    let m = -Infinity;
    for (let j = 0; j < L.n; j++) m = Math.max(m, a[L.pos[base + j]]);
    // torch shifts by the max unless it is infinite (then the plain sum gives ±inf or NaN).
    if (!Number.isFinite(m)) m = m !== m ? m : 0;
    let s = 0;
    for (let j = 0; j < L.n; j++) s += Math.exp(a[L.pos[base + j]] - m);
    out[o] = Math.log(s) + m;
  }
  const y: Tensor = result(out, outShape(x.shape, dims, keep), "LogsumexpBackward0", [x], (g) => {
    if (needsGraph(g, x)) return [g.reshape(L.kept).mul(x.sub(y.reshape(L.kept)).exp())];
    const xs = contiguousData(x);
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      for (let j = 0; j < L.n; j++) {
        const p = L.pos[o * L.n + j];
        grad[p] = gs[o] * Math.exp(xs[p] - out[o]);
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype, saved: [x], saveOutput: true });
  return y;
}

// ------------------------------------------------------------------------------ var, std

/** Options of `var` and `std`, with torch's keys. */
export interface VarOptions {
  /** Subtracted from the element count in the divisor (torch 1.13's keyword). Default 1. */
  correction?: number;
  /** Bessel's correction: true is `correction: 1`, false `correction: 0`. */
  unbiased?: boolean;
  /** Keep reduced dims as size 1. */
  keepdim?: boolean;
}

function moments(
  kind: "var" | "std",
  x: Tensor,
  dim: Dims | boolean | null | undefined,
  unbiased: boolean | VarOptions | undefined,
  keepdim: boolean | undefined,
): Tensor {
  requireTensor(x, kind);
  // torch's var(unbiased): a bool in the dim position.
  if (typeof dim === "boolean") {
    if (unbiased !== undefined) {
      throw new TypeError(
        `${kind}(unbiased): got a boolean dim and more arguments; pass ${kind}(dim, unbiased, keepdim)`,
      );
    }
    unbiased = dim;
    dim = undefined;
  }
  let correction = 1;
  let keep = checkKeepdim(keepdim, kind);
  if (typeof unbiased === "boolean") correction = unbiased ? 1 : 0;
  else if (unbiased !== undefined) {
    checkOptionKeys(unbiased, ["correction", "unbiased", "keepdim"], kind);
    if (unbiased.correction !== undefined && unbiased.unbiased !== undefined) {
      throw new TypeError(`${kind}(): pass either correction or unbiased, not both`);
    }
    if (unbiased.unbiased !== undefined) {
      if (typeof unbiased.unbiased !== "boolean") {
        throw new TypeError(
          `${kind}(): unbiased must be a boolean, got ${describe(unbiased.unbiased)}`,
        );
      }
      correction = unbiased.unbiased ? 1 : 0;
    }
    if (unbiased.correction !== undefined) {
      if (typeof unbiased.correction !== "number" || !Number.isInteger(unbiased.correction)) {
        throw new TypeError(
          `${kind}(): correction must be an integer, got ${describe(unbiased.correction)}`,
        );
      }
      correction = unbiased.correction;
    }
    if (unbiased.keepdim !== undefined) {
      if (keepdim !== undefined) {
        throw new TypeError(`${kind}(): keepdim given twice (argument and option)`);
      }
      keep = checkKeepdim(unbiased.keepdim, kind);
    }
  }
  if (!isFloating(x.dtype)) {
    throw new TypeError(
      `${kind}(): std and var only support floating point and complex dtypes, got ${x.dtype} (convert with .float() first)`,
    );
  }
  const dims = normalizeDims(dim ?? undefined, x.dim(), kind);
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const means = new Float64Array(L.count);
  const out = allocate(x.dtype, L.count);
  // torch divides by max(0, N - correction): no more degrees of freedom gives inf or NaN.
  const divisor = Math.max(0, L.n - correction);
  for (let o = 0; o < L.count; o++) {
    const base = o * L.n;
    let s = 0;
    for (let j = 0; j < L.n; j++) s += a[L.pos[base + j]];
    const m = s / L.n;
    let ss = 0;
    for (let j = 0; j < L.n; j++) {
      const d = a[L.pos[base + j]] - m;
      ss += d * d;
    }
    means[o] = m;
    const v = ss / divisor;
    out[o] = kind === "var" ? v : Math.sqrt(v);
  }
  const name = kind === "var" ? "VarBackward0" : "StdBackward0";
  const y: Tensor = result(out, outShape(x.shape, dims, keep), name, [x], (g) => {
    if (needsGraph(g, x)) {
      // 2 (x − mean) / (N − correction) · g; std: that / (2 std). Recorded.
      const centred = x.sub(x.mean([...dims], true));
      if (kind === "var") return [g.reshape(L.kept).mul(2 / divisor).mul(centred)];
      if (out.some((v) => v === 0)) throw notTwiceDifferentiable(name);
      return [g.reshape(L.kept).div(y.reshape(L.kept)).div(divisor).mul(centred)];
    }
    const xs = contiguousData(x);
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      // d var / dx = 2 (x - mean) / (N - correction); std: that times 1 / (2 std), 0 where std = 0.
      let scale = gs[o] * 2 / divisor;
      if (kind === "std") scale = out[o] === 0 ? 0 : scale / (2 * out[o]);
      for (let j = 0; j < L.n; j++) {
        const p = L.pos[o * L.n + j];
        grad[p] = scale * (xs[p] - means[o]);
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
    // torch's VarBackward0 saves only self (changing the variance in place is fine); std's
    // backward reads its result.
  }, { saved: [x], saveOutput: kind === "std" });
  return y;
}

/**
 * Variance over `dim` (one dim, a list, or all when omitted or null), like `torch.var`:
 * `Σ (x − mean)² / max(0, N − correction)`. `correction` defaults to 1 (Bessel); `unbiased`
 * false is `correction: 0`. Arguments as torch's positional forms: `var()`, `var(unbiased)`,
 * `var(dim, unbiased, keepdim)`, or `var(dim, { correction, keepdim })`.
 *
 * @param x The input (float32 or float64).
 * @param dim Dims to reduce, or torch's bare `unbiased` boolean.
 * @param unbiased Bessel's correction, or options `{ correction, unbiased, keepdim }`.
 * @param keepdim Keep reduced dims as size 1.
 * @returns The variance.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3, 4]], { dtype: "float64" });
 * assert.equal(x.var().item(), 5 / 3);
 * assert.equal(x.var(false).item(), 1.25);
 * assert.deepEqual(x.var(1, { correction: 0, keepdim: true }).tolist(), [[1.25]]);
 * ```
 */
export function variance(
  x: Tensor,
  dim?: Dims | boolean | null,
  unbiased?: boolean | VarOptions,
  keepdim?: boolean,
): Tensor {
  return moments("var", x, dim, unbiased, keepdim);
}

/**
 * Standard deviation over `dim`, like `torch.std`: the square root of {@linkcode variance},
 * with the same arguments. Its gradient is 0 where the result is 0, as in torch.
 *
 * @param x The input (float32 or float64).
 * @param dim Dims to reduce, or torch's bare `unbiased` boolean.
 * @param unbiased Bessel's correction, or options `{ correction, unbiased, keepdim }`.
 * @param keepdim Keep reduced dims as size 1.
 * @returns The standard deviation.
 *
 * @example
 * ```ts
 * import { std, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([2, 4, 4, 4, 5, 5, 7, 9], { dtype: "float64" });
 * assert.equal(std(x, 0, false).item(), 2);
 * ```
 */
export function std(
  x: Tensor,
  dim?: Dims | boolean | null,
  unbiased?: boolean | VarOptions,
  keepdim?: boolean,
): Tensor {
  return moments("std", x, dim, unbiased, keepdim);
}

// ------------------------------------------------------------------------------ norm

/** torch.norm's keywords: `norm(x, { dim: 1, keepdim: true })` is `torch.norm(x, dim=1, keepdim=True)`. */
export interface NormOptions {
  /** The order (default `"fro"`, the 2-norm). */
  p?: number | "fro";
  /** Dims to reduce (all when null). */
  dim?: Dims | null;
  /** Keep reduced dims as size 1. */
  keepdim?: boolean;
}

const NORM: Signature = [
  { name: "p", kind: "any", default: "fro" },
  { name: "dim", kind: "any", default: null },
  { name: "keepdim", kind: "any", default: undefined },
];

/**
 * The vector p-norm over `dim` (one dim or a list; all when omitted or null), like
 * `torch.norm(x, p, dim, keepdim)`: p = 2 (default, also `"fro"`), 1, any other number,
 * `Infinity` (largest |x|), `-Infinity` (smallest |x|), 0 (count of non-zeros). Gradients follow
 * torch: 0 at a zero norm, ties of the ∞-norm share it evenly.
 *
 * @param x The input (float32 or float64).
 * @param args `p`, `dim`, `keepdim` by position, or any trailing part of them as an options
 *   object (torch's keywords: `norm(x, { dim: 1, keepdim: true })`).
 * @returns The norm.
 *
 * @example
 * ```ts
 * import { norm, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[3, 4], [-6, 8]]);
 * assert.deepEqual(norm(x, 2, 1).tolist(), [5, 10]);
 * assert.equal(norm(x, 1).item(), 21);
 * assert.equal(x.norm(Infinity).item(), 8);
 * assert.deepEqual(norm(x, { dim: 1, keepdim: true }).tolist(), [[5], [10]]); // dim=1, keepdim=True
 * ```
 */
export function norm(
  x: Tensor,
  ...args:
    | [p?: number | "fro", dim?: Dims | null, keepdim?: boolean, options?: NormOptions]
    | [p: number | "fro", dim: Dims | null, options: NormOptions]
    | [p: number | "fro", options: NormOptions]
    | [options: NormOptions]
): Tensor {
  requireTensor(x, "norm");
  const b = bind("norm", NORM, args);
  const p = b.p as number | "fro";
  const dim = b.dim as Dims | null;
  const keepdim = b.keepdim as boolean | undefined;
  if (p !== "fro" && (typeof p !== "number" || Number.isNaN(p))) {
    throw new TypeError(
      `norm(): p must be a number, Infinity, -Infinity or "fro", got ${describe(p)}${
        (p as unknown) === "nuc" ? " (the nuclear norm is not supported)" : ""
      }`,
    );
  }
  const keep = checkKeepdim(keepdim, "norm");
  if (!isFloating(x.dtype)) {
    throw new TypeError(
      `norm(): input dtype should be either floating point or complex. Got ${x.dtype} instead (convert with .float() first)`,
    );
  }
  const order = p === "fro" ? 2 : p;
  const dims = normalizeDims(dim ?? undefined, x.dim(), "norm");
  // torch's Tensor.norm over an empty dim is 0 for every p, ±∞ included (linalg.vector_norm
  // refuses ±∞ there; this is the Tensor method).
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const out = allocate(x.dtype, L.count);
  for (let o = 0; o < L.count; o++) {
    const base = o * L.n;
    let s = order === -Infinity ? Infinity : 0;
    for (let j = 0; j < L.n; j++) {
      const v = Math.abs(a[L.pos[base + j]]);
      if (order === Infinity) s = v > s || v !== v ? v : s;
      else if (order === -Infinity) s = v < s || v !== v ? v : s;
      else if (order === 0) s += v !== 0 ? 1 : 0;
      else if (order === 1) s += v;
      else if (order === 2) s += v * v;
      else s += Math.pow(v, order);
    }
    out[o] = L.n === 0
      ? 0
      : order === 2
      ? Math.sqrt(s)
      : order === 0 || order === 1 || !Number.isFinite(order)
      ? s
      : Math.pow(s, 1 / order);
  }
  // torch names the Frobenius norm over two dims after its sqrt(sum(x²)) form.
  const name = p === "fro" && Array.isArray(dim) && dim.length === 2
    ? "SqrtBackward0"
    : "NormBackward1";
  const y: Tensor = result(out, outShape(x.shape, dims, keep), name, [x], (g) => {
    if (order !== 0 && needsGraph(g, x)) {
      // sgn(x)·|x|^(p−1) · g / norm^(p−1), recorded; ±∞ and a zero norm have no such form.
      if (order === 1) return [x.sign().mul(g.reshape(L.kept))];
      if (!Number.isFinite(order) || out.some((v) => v === 0)) throw notTwiceDifferentiable(name);
      const scaled = order === 2 ? x : x.sign().mul(x.abs().pow(order - 1));
      const denom = order === 2 ? y.reshape(L.kept) : y.reshape(L.kept).pow(order - 1);
      return [scaled.mul(g.reshape(L.kept).div(denom))];
    }
    const xs = contiguousData(x);
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    if (order === 0) return [fromData(grad, x.shape, x.dtype)];
    for (let o = 0; o < L.count; o++) {
      const base = o * L.n;
      const nrm = out[o];
      if (!Number.isFinite(order)) {
        // ±∞: the elements with |x| = norm share the gradient, signed.
        let ties = 0;
        for (let j = 0; j < L.n; j++) if (Math.abs(xs[L.pos[base + j]]) === nrm) ties++;
        // A NaN norm ties with nothing: the gradient is 0 everywhere, as torch.
        if (ties === 0) continue;
        for (let j = 0; j < L.n; j++) {
          const p = L.pos[base + j];
          grad[p] = Math.sign(xs[p]) * (gs[o] / ties) * (Math.abs(xs[p]) === nrm ? 1 : 0);
        }
        continue;
      }
      if (order === 1) {
        for (let j = 0; j < L.n; j++) {
          const p = L.pos[base + j];
          // sgn(NaN) counts as 0 here, as torch's gradient.
          grad[p] = xs[p] !== xs[p] ? 0 : Math.sign(xs[p]) * gs[o];
        }
        continue;
      }
      // x·|x|^(p−2) · g / norm^(p−1) (p ≥ 2), sgn(x)·|x|^(p−1) · g / norm^(p−1) (p < 2); 0 at norm 0.
      const scale = nrm === 0 ? 0 : gs[o] / Math.pow(nrm, order - 1);
      for (let j = 0; j < L.n; j++) {
        const p = L.pos[base + j];
        const v = xs[p];
        const scaled = order >= 2
          ? v * Math.pow(Math.abs(v), order - 2)
          : Math.sign(v) * Math.pow(Math.abs(v), order - 1);
        // 0 at a zero entry, for p < 1 too (where |x|^(p−1) is ∞), as torch.
        grad[p] = v === 0 ? 0 : scaled * scale;
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { saved: [x], saveOutput: true });
  return y;
}

// ------------------------------------------------------------------------------ cumsum

/**
 * Running sums along `dim`, like `torch.cumsum`. Integer and bool tensors give int64; float32
 * sums run in double and each output is rounded once (torch's CPU kernel does the same).
 *
 * @param input The input.
 * @param rest `dim` (negative counts from the end) by position or in an options object;
 * `{ dtype }` casts the input first.
 * @returns The cumulative sums, shaped like `x`.
 *
 * @example
 * ```ts
 * import { cumsum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2, 3], { requires_grad: true });
 * const c = cumsum(x, 0);
 * assert.deepEqual(c.tolist(), [1, 3, 6]);
 * c.sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [3, 2, 1]);
 * ```
 */
export function cumsum(
  input: Tensor,
  ...rest: [dim: number | { dim: number; dtype?: DType | null }, options?: { dtype?: DType | null }]
): Tensor {
  requireTensor(input, "cumsum");
  let dim = rest[0] as number;
  let x = input;
  if (rest.some(isOptionsObject)) {
    const b = bind("cumsum", CUMSUM, rest);
    dim = b.dim as number;
    x = castFor(input, boundDType(b), "cumsum");
  }
  const dims = oneDim(dim, x, "cumsum");
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "int64";
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const out = allocate(dtype, x.numel());
  for (let o = 0; o < L.count; o++) {
    let s = 0;
    for (let j = 0; j < L.n; j++) {
      const p = L.pos[o * L.n + j];
      s += a[p];
      out[p] = s;
    }
  }
  checked(out, dtype, "cumsum");
  return result(out, x.shape, "CumsumBackward0", [x], (g) => {
    // The gradient of a running sum is the running sum from the other end: Σg − cumsum(g) + g.
    if (needsGraph(g)) return [g.sum(dims, true).sub(g.cumsum(dims[0])).add(g)];
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      let s = 0;
      for (let j = L.n - 1; j >= 0; j--) {
        const p = L.pos[o * L.n + j];
        s += gs[p];
        grad[p] = s;
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype });
}

const CUMSUM: Signature = [
  { name: "dim", kind: "int" },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
];

const TOPK: Signature = [
  { name: "k", kind: "int" },
  { name: "dim", kind: "int", default: -1 },
  { name: "largest", kind: "bool", default: true },
  { name: "sorted", kind: "bool", default: true },
];

/** Options of `topk`, with torch's keys. */
export interface TopkOptions {
  /** How many to take. */
  k?: number;
  /** The dim (default -1). */
  dim?: number;
  /** Largest (default) or smallest. */
  largest?: boolean;
  /** Return them in order (default true). */
  sorted?: boolean;
}

// ------------------------------------------------------------------------------ sort, topk

/**
 * Whether `a` comes strictly before `b`: ascending with NaN last, descending with NaN first
 * (torch sorts NaN as the largest value). Equal values are never before each other, so the
 * orders below are stable.
 */
export function before(a: number, b: number, descending: boolean): boolean {
  return descending ? a > b || (a !== a && b === b) : a < b || (b !== b && a === a);
}

/** Stable bottom-up merge sort of the positions `idx` by `vals`. */
function mergeSort(idx: Int32Array, tmp: Int32Array, vals: Float64Array, descending: boolean) {
  const n = idx.length;
  let src = idx;
  let dst = tmp;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Take from the right only when strictly before: ties keep their input order.
        dst[k++] = before(vals[src[j]], vals[src[i]], descending) ? src[j++] : src[i++];
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== idx) idx.set(src);
}

/** Per lane, the positions of its first `k` elements in sorted order (stable). */
export function order(a: Data, L: Lanes, descending: boolean, k: number): Int32Array {
  const at = new Int32Array(L.count * k);
  const vals = new Float64Array(L.n);
  // A few of many (topk's usual case): insert into a sorted buffer of k, O(n·k).
  const select = k <= 16 && k * 4 < L.n;
  const idx = new Int32Array(select ? k : L.n);
  const tmp = new Int32Array(select ? 0 : L.n);
  for (let o = 0; o < L.count; o++) {
    const base = o * L.n;
    for (let j = 0; j < L.n; j++) vals[j] = a[L.pos[base + j]];
    if (select) {
      let m = 0;
      for (let j = 0; j < L.n; j++) {
        const v = vals[j];
        if (m === k && !before(v, vals[idx[k - 1]], descending)) continue;
        let p = m < k ? m++ : k - 1;
        while (p > 0 && before(v, vals[idx[p - 1]], descending)) {
          idx[p] = idx[p - 1];
          p--;
        }
        idx[p] = j;
      }
    } else {
      for (let j = 0; j < L.n; j++) idx[j] = j;
      mergeSort(idx, tmp, vals, descending);
    }
    for (let i = 0; i < k; i++) at[o * k + i] = idx[i];
  }
  return at;
}

/** Builds values and indices of shape `x.shape` with `dim` of size `k` from the lane order. */
export function selected(
  name: string,
  x: Tensor,
  dims: number[],
  L: Lanes,
  at: Int32Array,
  k: number,
  gradName: string,
): ValuesIndices {
  const a = contiguousData(x);
  const shape = [...x.shape];
  if (dims.length === 1) shape[dims[0]] = k;
  // Outputs keep x's layout with the dim shrunk to k: lane o's i-th slot in that layout.
  const outL = lanesOf(shape, dims);
  const values = allocate(x.dtype, at.length);
  const indices = allocate("int64", at.length) as Float64Array;
  for (let o = 0; o < L.count; o++) {
    for (let i = 0; i < k; i++) {
      const q = outL.pos[o * k + i];
      values[q] = a[L.pos[o * L.n + at[o * k + i]]];
      indices[q] = at[o * k + i];
    }
  }
  const v = result(values, shape, gradName, [x], (g) => {
    if (needsGraph(g)) {
      const idx = new Float64Array(at.length);
      for (let o = 0; o < L.count; o++) {
        for (let i = 0; i < k; i++) idx[outL.pos[o * k + i]] = L.pos[o * L.n + at[o * k + i]];
      }
      return [scatterIntoFlat(g, x, idx)];
    }
    const gs = contiguousData(g);
    const grad = zerosLike(x);
    for (let o = 0; o < L.count; o++) {
      for (let i = 0; i < k; i++) {
        grad[L.pos[o * L.n + at[o * k + i]]] += gs[outL.pos[o * k + i]];
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype: x.dtype });
  return new ValuesIndices(name, v, fromData(indices, shape, "int64"));
}

/** Options of `sort`, with torch's keys. */
export interface SortOptions {
  /** Keep the input order of equal values (always the case here). */
  stable?: boolean;
  /** The dim to sort along. Default -1. */
  dim?: number;
  /** Largest first. Default false. */
  descending?: boolean;
}

/**
 * Sorts along `dim`, like `torch.sort(x, dim, descending, stable=...)`: `{ values, indices }`
 * (also `[values, indices]`). NaN sorts as the largest value. The sort is always stable, so
 * `stable: true` is honoured and `stable: false` gives one of the orders torch may give.
 *
 * @param x The input.
 * @param dim The dim to sort along (default -1), or options `{ dim, descending, stable }`.
 * @param descending Largest first.
 * @param options `{ stable }`, torch's keyword.
 * @returns The sorted values and their int64 indices in `x`.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, indices] = tensor([3, 1, NaN, 2]).sort();
 * assert.deepEqual(values.tolist(), [1, 2, 3, NaN]);
 * assert.deepEqual(indices.tolist(), [1, 3, 0, 2]);
 * ```
 */
export function sort(
  x: Tensor,
  dim: number | SortOptions = -1,
  descending?: boolean,
  options?: SortOptions,
): ValuesIndices {
  requireTensor(x, "sort");
  let d: unknown = dim;
  let desc: unknown = descending ?? false;
  let stable: unknown;
  if (typeof dim === "object" && dim !== null) {
    // sort({ dim, descending, stable }): torch's keywords as one options object.
    checkOptionKeys(dim, ["stable", "dim", "descending"], "sort");
    if (descending !== undefined || options !== undefined) {
      throw new TypeError(
        "sort(options): pass either an options object or (dim, descending, options)",
      );
    }
    d = dim.dim ?? -1;
    desc = dim.descending ?? false;
    stable = dim.stable;
  } else {
    checkOptionKeys(options, ["stable"], "sort");
    stable = options?.stable;
  }
  if (typeof desc !== "boolean") {
    throw new TypeError(`sort(): descending must be a boolean, got ${describe(desc)}`);
  }
  if (stable !== undefined && typeof stable !== "boolean") {
    throw new TypeError(`sort(): stable must be a boolean, got ${describe(stable)}`);
  }
  const dims = oneDim(d, x, "sort");
  const L = lanesOf(x.shape, dims);
  const at = order(contiguousData(x), L, desc, L.n);
  // torch's sort.stable overload (any `stable` given) is SortBackward1.
  const name = stable === undefined ? "SortBackward0" : "SortBackward1";
  return selected("sort", x, dims, L, at, L.n, name);
}

/**
 * The `k` largest (or smallest) elements along `dim`, like `torch.topk(x, k, dim, largest,
 * sorted)`: `{ values, indices }` (also `[values, indices]`). NaN counts as the largest value;
 * ties keep input order. With `sorted` false the order is the sorted one (torch leaves it
 * unspecified).
 *
 * @param x The input (not bool, as in torch).
 * @param args `k` (0 ≤ k ≤ size of `dim`), `dim` (default -1), `largest` (default true) and
 * `sorted` (default true), by position or in an options object.
 * @returns The values and their int64 indices in `x`.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const { values, indices } = tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]).topk(2);
 * assert.deepEqual(indices.tolist(), [[1, 2], [0, 1]]);
 * assert.equal(String(values), "tensor([[0.7000, 0.2000],\n        [0.5000, 0.3000]])");
 * ```
 */
export function topk(
  x: Tensor,
  ...args: [
    k: number | TopkOptions,
    dim?: number | TopkOptions,
    largest?: boolean | TopkOptions,
    sorted?: boolean | TopkOptions,
    options?: TopkOptions,
  ]
): ValuesIndices {
  requireTensor(x, "topk");
  let [k, dim, largest, sorted] = [args[0], args[1] ?? -1, args[2] ?? true, args[3] ?? true] as [
    number,
    number,
    boolean,
    boolean,
  ];
  if (args.some(isOptionsObject)) {
    const b = bind("topk", TOPK, args);
    [k, dim, largest, sorted] = [
      b.k as number,
      b.dim as number,
      b.largest as boolean,
      b.sorted as boolean,
    ];
  }
  if (x.dtype === "bool") {
    throw new TypeError(
      `topk(): "topk_cpu" not implemented for 'Bool' (convert with .long() first)`,
    );
  }
  if (typeof largest !== "boolean" || typeof sorted !== "boolean") {
    throw new TypeError(
      `topk(): largest and sorted must be booleans, got ${describe(largest)} and ${
        describe(sorted)
      }`,
    );
  }
  const dims = oneDim(dim, x, "topk");
  const L = lanesOf(x.shape, dims);
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > L.n) {
    throw new RangeError(
      `topk(): selected index k out of range: expected an integer in [0, ${L.n}] (the size of dim ${
        dims[0] ?? 0
      }), got ${describe(k)}`,
    );
  }
  const at = order(contiguousData(x), L, largest, k);
  return selected("topk", x, dims, L, at, k, "TopkBackward0");
}
