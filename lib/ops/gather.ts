/**
 * Gather, scatter, masks and joins: `index_select`, `gather`, `scatter`, `scatter_add`,
 * `index_fill`, `take_along_dim`, `masked_select`, `nonzero`, `any`, `all`, `count_nonzero`,
 * `argmax`, `argmin`, `cat` and `stack`.
 *
 * Every op reads its inputs row-major (`contiguousData`) and walks positions with the strides of
 * a contiguous tensor; its backward sits beside it and names torch's node:
 *
 * | op            | backward (torch's formula)                                    |
 * | ------------- | ------------------------------------------------------------- |
 * | index_select  | IndexSelectBackward0: zeros.index_add(dim, index, g)          |
 * | gather        | GatherBackward0: zeros.scatter_add(dim, index, g)             |
 * | scatter (src) | ScatterBackward0: g.scatter(dim, index, 0); src: g.gather     |
 * | scatter (val) | ScatterBackward1: g.scatter(dim, index, 0)                    |
 * | scatter_add   | ScatterAddBackward0: g; src: g.gather(dim, index)             |
 * | index_fill    | IndexFillBackward0: g.index_fill(dim, index, 0)               |
 * | masked_select | MaskedSelectBackward0: zeros.masked_scatter(mask, g), summed  |
 * | cat / stack   | CatBackward0 / StackBackward0: g split along dim              |
 *
 * @module
 */

import { allocate, castValue, type Data, describe, type DType } from "../tensor/dtype.ts";
import {
  broadcastIndex,
  broadcastShapes,
  normalizeDim,
  numelOf,
  sameShape,
  sizeString,
  stridesOf,
} from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { resultType } from "./elementwise.ts";
import { linearInGrad, needsGraph, notTwiceDifferentiable } from "../tensor/autograd.ts";
import { apply_ } from "./inplace.ts";
import { sumTo } from "./reduce.ts";
import { narrow } from "./view.ts";

/** Throws unless `index` is an int64 tensor, with torch's message. */
function requireIndex(index: unknown, where: string): asserts index is Tensor {
  requireTensor(index, `${where}(index)`);
  if (index.dtype !== "int64") {
    throw new TypeError(
      `${where}(): Expected dtype int64 for index, got ${index.dtype} (make it with { dtype: "int64" } or .long())`,
    );
  }
}

/** An index value checked against `size` and wrapped when negative (only gather/scatter wrap). */
function checkedIndex(v: number, size: number, dim: number, wrap: boolean): number {
  if (v >= size || v < (wrap ? -size : 0)) {
    throw new RangeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return v < 0 ? v + size : v;
}

/** Outer size (dims before `dim`) and inner size (dims after), for loops along one dim. */
function around(shape: readonly number[], dim: number): [number, number] {
  return [numelOf(shape.slice(0, dim)), numelOf(shape.slice(dim + 1))];
}

/** `dim` of a tensor that may be 0-dim (torch treats it as 1-D there). */
function dimOf(x: Tensor, dim: number, where: string): number {
  return normalizeDim(dim, x.dim(), where);
}

/** The shape torch uses for `x` in dim-wise ops: a 0-dim tensor counts as `[1]`. */
function asVector(shape: readonly number[]): readonly number[] {
  return shape.length === 0 ? [1] : shape;
}

// ---------------------------------------------------------------------------------------------
// index_select, index_add (its backward), index_fill
// ---------------------------------------------------------------------------------------------

function indexVector(index: Tensor, where: string): Data {
  requireIndex(index, where);
  if (index.dim() > 1) {
    throw new RangeError(
      `${where}(): Index is supposed to be a vector, got shape ${sizeString(index.shape)}`,
    );
  }
  return contiguousData(index);
}

/**
 * The entries of `x` at `index` along `dim`, like `torch.index_select(x, dim, index)`.
 *
 * @param x The input.
 * @param dim The dim to pick along.
 * @param index A 1-D (or 0-dim) int64 tensor of positions.
 * @returns A new tensor (IndexSelectBackward0) with `index.numel()` entries along `dim`.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(x.index_select(1, tensor([2n, 0n])).tolist(), [[3, 1], [6, 4]]);
 * ```
 */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  requireTensor(x, "index_select");
  const idx = indexVector(index, "index_select");
  const d = dimOf(x, dim, "index_select");
  const shape = asVector(x.shape);
  const size = shape[d];
  const [outer, inner] = around(shape, d);
  const picks = Array.from(idx, (v) => {
    if (v < 0 || v >= size) {
      throw new RangeError(
        `index_select(): index out of range in self (index ${v}, dim ${d} has size ${size})`,
      );
    }
    return v;
  });
  const src = contiguousData(x);
  if (x.dim() === 0) {
    // torch keeps a 0-dim input 0-dim, whatever the number of (valid) indices.
    return result(src.slice(), [], "IndexSelectBackward0", [x], (g) => [g], { dtype: x.dtype });
  }
  const out = allocate(x.dtype, outer * picks.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const p of picks) {
      const base = (a * size + p) * inner;
      for (let b = 0; b < inner; b++) out[o++] = src[base + b];
    }
  }
  const outShape = [...x.shape];
  outShape[d] = picks.length;
  return result(out, outShape, "IndexSelectBackward0", [x], (g) => {
    // index_add into zeros: repeated indices add up.
    const gd = contiguousData(g);
    const gx = allocate(g.dtype, x.numel());
    let i = 0;
    for (let a = 0; a < outer; a++) {
      for (const p of picks) {
        const base = (a * size + p) * inner;
        for (let b = 0; b < inner; b++) gx[base + b] += gd[i++];
      }
    }
    return [
      linearInGrad(
        fromData(gx, x.shape, g.dtype),
        g,
        "IndexAddBackward0",
        (gg) => index_select(gg, d, index),
      ),
    ];
  }, { dtype: x.dtype });
}

/**
 * `x` with every entry at `index` along `dim` set to `value`, like `x.index_fill(dim, index,
 * value)`.
 *
 * @param x The input.
 * @param dim The dim.
 * @param index A 1-D (or 0-dim) int64 tensor; negative positions count from the end.
 * @param value A number or boolean.
 * @returns A new tensor (IndexFillBackward0).
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(x.index_fill(0, tensor([1n]), 0).tolist(), [[1, 2], [0, 0]]);
 * ```
 */
export function index_fill(x: Tensor, dim: number, index: Tensor, value: number | boolean): Tensor {
  requireTensor(x, "index_fill");
  const idx = indexVector(index, "index_fill");
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `index_fill(): value must be a number or a boolean, got ${describe(value)}`,
    );
  }
  const d = dimOf(x, dim, "index_fill");
  const shape = asVector(x.shape);
  const size = shape[d];
  const [outer, inner] = around(shape, d);
  const picks = Array.from(idx, (v) => {
    if (v < -size || v >= size) {
      throw new RangeError(
        `index_fill(): index ${v} is out of bounds for dimension ${d} with size ${size}`,
      );
    }
    return v < 0 ? v + size : v;
  });
  const fillWith = (src: Data, v: number): Data => {
    const out = src.slice();
    for (let a = 0; a < outer; a++) {
      for (const p of picks) {
        const base = (a * size + p) * inner;
        for (let b = 0; b < inner; b++) out[base + b] = v;
      }
    }
    return out;
  };
  const v = castValue(+value, x.dtype, "index_fill()");
  const out = fillWith(contiguousData(x), v);
  return result(out, x.shape, "IndexFillBackward0", [x], (g) => [
    linearInGrad(
      fromData(fillWith(contiguousData(g), 0), x.shape, g.dtype),
      g,
      "IndexFillBackward0",
      (gg) => index_fill(gg, d, index, 0),
    ),
  ], { dtype: x.dtype });
}

// ---------------------------------------------------------------------------------------------
// gather, scatter, scatter_add
// ---------------------------------------------------------------------------------------------

/**
 * For each element of `index` (row-major), the position it addresses in a contiguous tensor of
 * `shape`: its own coordinates, with the coordinate along `dim` replaced by its value.
 */
function addressed(
  shape: readonly number[],
  index: Tensor,
  dim: number,
  where: string,
  other?: { shape: readonly number[]; name: string },
): Int32Array {
  const ishape = asVector(index.shape);
  const nd = ishape.length;
  if (index.dim() !== 0 && index.dim() !== Math.max(shape.length, 1) && shape.length !== 0) {
    throw new RangeError(
      `${where}(): Index tensor must have the same number of dimensions as ${
        other === undefined ? "input" : "self"
      } tensor (index has ${index.dim()}, ${
        other === undefined ? "input" : "self"
      } has ${shape.length})`,
    );
  }
  const sshape = asVector(shape);
  for (let d = 0; d < nd; d++) {
    if (d !== dim && ishape[d] > sshape[d]) {
      throw new RangeError(
        `${where}(): Size does not match at dimension ${d} expected index ${
          sizeString(index.shape)
        } to be smaller than self ${sizeString(shape)} apart from dimension ${dim}`,
      );
    }
    if (other !== undefined && ishape[d] > asVector(other.shape)[d]) {
      throw new RangeError(
        `${where}(): Expected index ${sizeString(index.shape)} to be smaller than self ${
          sizeString(shape)
        } apart from dimension ${dim} and to be smaller size than ${other.name} ${
          sizeString(other.shape)
        }`,
      );
    }
  }
  const values = contiguousData(index);
  const strides = stridesOf(sshape);
  const out = new Int32Array(values.length);
  const coord = new Array<number>(nd).fill(0);
  const size = sshape[dim];
  for (let i = 0; i < values.length; i++) {
    let pos = 0;
    for (let d = 0; d < nd; d++) {
      const c = d === dim ? checkedIndex(values[i], size, dim, false) : coord[d];
      pos += c * strides[d];
    }
    out[i] = pos;
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d] < ishape[d]) break;
      coord[d] = 0;
    }
  }
  return out;
}

/** The positions in a contiguous tensor of `shape` at the coordinates of `index`'s elements. */
function sameCoordinates(shape: readonly number[], ishape: readonly number[]): Int32Array {
  const n = numelOf(ishape);
  const strides = stridesOf(asVector(shape));
  const vshape = asVector(ishape);
  const out = new Int32Array(n);
  const coord = new Array<number>(vshape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let pos = 0;
    for (let d = 0; d < vshape.length; d++) pos += coord[d] * strides[d];
    out[i] = pos;
    for (let d = vshape.length - 1; d >= 0; d--) {
      if (++coord[d] < vshape[d]) break;
      coord[d] = 0;
    }
  }
  return out;
}

/**
 * The entries of `x` along `dim` at `index`, like `torch.gather(x, dim, index)`:
 * `out[i][j] = x[i][index[i][j]]` for `dim = 1`.
 *
 * @param x The input.
 * @param dim The dim to gather along.
 * @param index An int64 tensor with as many dims as `x`, no larger than `x` apart from `dim`.
 * @returns A tensor shaped like `index` (GatherBackward0).
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logp = tensor([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1]]);
 * const labels = tensor([[2n], [0n]]);
 * assert.deepEqual(logp.gather(1, labels).tolist(), [[0.699999988079071], [0.5]]);
 * ```
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  requireTensor(x, "gather");
  requireIndex(index, "gather");
  const d = dimOf(x, dim, "gather");
  const at = addressed(x.shape, index, d, "gather");
  const src = contiguousData(x);
  const out = allocate(x.dtype, at.length);
  for (let i = 0; i < at.length; i++) out[i] = src[at[i]];
  return result(out, index.shape, "GatherBackward0", [x], (g) => {
    const gd = contiguousData(g);
    const gx = allocate(g.dtype, x.numel());
    for (let i = 0; i < at.length; i++) gx[at[i]] += gd[i];
    return [
      linearInGrad(
        fromData(gx, x.shape, g.dtype),
        g,
        "ScatterAddBackward0",
        (gg) => gather(gg, d, index),
      ),
    ];
  }, { dtype: x.dtype, saved: [index] });
}

/** Options of `scatter`, with torch's key. */
export interface ScatterOptions {
  /** Not supported: torch 1.13's `reduce="add" | "multiply"`; use `scatter_add`. */
  reduce?: never;
}

function checkNoReduce(options: ScatterOptions | undefined, where: string): void {
  if (options !== undefined && options !== null && "reduce" in options) {
    throw new TypeError(
      `${where}(): the reduce= option is not supported by kldiv; use scatter_add for reduce="add"`,
    );
  }
}

/**
 * `x` with values written at `index` along `dim`, like `torch.scatter(x, dim, index, src)`:
 * `out[i][index[i][j]] = src[i][j]` for `dim = 1`. `src` is a tensor of `x`'s dtype (read at
 * `index`'s coordinates) or a number written everywhere `index` points. When an index repeats,
 * the last write wins (torch leaves the order unspecified; on CPU it is the last). A `src`
 * larger than `index` gets a gradient of its own shape (zeros where unread); torch 1.13's
 * backward refuses that case with "invalid gradient".
 *
 * @param x The input.
 * @param dim The dim to scatter along.
 * @param index An int64 tensor with as many dims as `x`.
 * @param src A tensor at least as large as `index`, or a number.
 * @param options torch's `reduce=` is not supported (use `scatter_add`).
 * @returns A new tensor (ScatterBackward0 for a tensor `src`, ScatterBackward1 for a number).
 *
 * @example One-hot labels
 * ```ts
 * import { tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const onehot = zeros(2, 3).scatter(1, tensor([[2n], [0n]]), 1);
 * assert.deepEqual(onehot.tolist(), [[0, 0, 1], [1, 0, 0]]);
 * ```
 */
export function scatter(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number | boolean,
  options?: ScatterOptions,
): Tensor {
  return scatterInto("scatter", x, dim, index, src, options);
}

/**
 * `x` with `src` added at `index` along `dim`, like `torch.scatter_add(x, dim, index, src)`;
 * repeated indices add up.
 *
 * @param x The input.
 * @param dim The dim.
 * @param index An int64 tensor with as many dims as `x`.
 * @param src A tensor of `x`'s dtype, at least as large as `index`.
 * @returns A new tensor (ScatterAddBackward0).
 *
 * @example
 * ```ts
 * import { tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const counts = zeros(3).scatter_add(0, tensor([0n, 2n, 0n]), tensor([1, 1, 1]));
 * assert.deepEqual(counts.tolist(), [2, 0, 1]);
 * ```
 */
export function scatter_add(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  requireTensor(src, "scatter_add(src)");
  return scatterInto("scatter_add", x, dim, index, src, undefined);
}

function scatterInto(
  where: "scatter" | "scatter_add",
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number | boolean,
  options: ScatterOptions | undefined,
): Tensor {
  requireTensor(x, where);
  requireIndex(index, where);
  checkNoReduce(options, where);
  const d = dimOf(x, dim, where);
  const isTensor = typeof src === "object";
  if (isTensor) {
    requireTensor(src, `${where}(src)`);
    if (src.dtype !== x.dtype) {
      throw new TypeError(
        `${where}(): Expected self.dtype to be equal to src.dtype (self is ${x.dtype}, src is ${src.dtype})`,
      );
    }
  } else if (typeof src !== "number" && typeof src !== "boolean") {
    throw new TypeError(
      `${where}(): src must be a tensor, a number or a boolean, got ${describe(src)}`,
    );
  }
  const at = addressed(
    x.shape,
    index,
    d,
    where,
    isTensor ? { shape: src.shape, name: "src" } : undefined,
  );
  const out = contiguousData(x).slice();
  const srcAt = isTensor ? sameCoordinates(src.shape, index.shape) : null;
  const srcData = isTensor ? contiguousData(src) : null;
  const value = isTensor ? 0 : castValue(+src, x.dtype, `${where}()`);
  if (where === "scatter_add") {
    for (let i = 0; i < at.length; i++) out[at[i]] += (srcData as Data)[(srcAt as Int32Array)[i]];
  } else if (srcData !== null) {
    for (let i = 0; i < at.length; i++) out[at[i]] = srcData[(srcAt as Int32Array)[i]];
  } else {
    for (let i = 0; i < at.length; i++) out[at[i]] = value;
  }
  const name = where === "scatter_add"
    ? "ScatterAddBackward0"
    : isTensor
    ? "ScatterBackward0"
    : "ScatterBackward1";
  const inputs = isTensor ? [x, src] : [x];
  return result(out, x.shape, name, inputs, (g) => {
    const gd = contiguousData(g);
    let gx: Tensor | null = null;
    if (x.requires_grad) {
      if (where === "scatter_add") gx = g;
      else {
        const cleared = gd.slice();
        for (let i = 0; i < at.length; i++) cleared[at[i]] = 0;
        gx = linearInGrad(
          fromData(cleared, x.shape, g.dtype),
          g,
          "ScatterBackward1",
          (gg) => scatter(gg, d, index, 0),
        );
      }
    }
    const grads: (Tensor | null)[] = [gx];
    if (isTensor) {
      let gs: Tensor | null = null;
      if (src.requires_grad) {
        const gsd = allocate(g.dtype, src.numel());
        for (let i = 0; i < at.length; i++) gsd[(srcAt as Int32Array)[i]] = gd[at[i]];
        gs = fromData(gsd, src.shape, g.dtype);
        if (needsGraph(g)) {
          if (!sameShape(src.shape, index.shape)) throw notTwiceDifferentiable(name);
          gs = gather(g, d, index);
        }
      }
      grads.push(gs);
    }
    return grads;
  }, { dtype: x.dtype, saved: [index] });
}

/** `scatter` in place, like `x.scatter_(dim, index, src)`. */
export function scatter_<T extends Tensor>(
  x: T,
  dim: number,
  index: Tensor,
  src: Tensor | number | boolean,
  options?: ScatterOptions,
): T {
  return apply_(x, "scatter_", (self) => scatter(self, dim, index, src, options), [index, src]);
}

/** `scatter_add` in place, like `x.scatter_add_(dim, index, src)`. */
export function scatter_add_<T extends Tensor>(x: T, dim: number, index: Tensor, src: Tensor): T {
  return apply_(x, "scatter_add_", (self) => scatter_add(self, dim, index, src), [index, src]);
}

/** `index_fill` in place, like `x.index_fill_(dim, index, value)`. */
export function index_fill_<T extends Tensor>(
  x: T,
  dim: number,
  index: Tensor,
  value: number | boolean,
): T {
  return apply_(x, "index_fill_", (self) => index_fill(self, dim, index, value), [index]);
}

/**
 * The entries of `x` at `indices` along `dim`, like `torch.take_along_dim`: `x` and
 * `indices` broadcast in every dim but `dim`; with no `dim`, both are flattened.
 *
 * @param x The input.
 * @param indices An int64 tensor (e.g. from `argmax(dim, true)` or `argsort`).
 * @param dim The dim, or undefined/null to index the flattened input.
 * @returns The gathered entries (GatherBackward0, through the views it takes).
 *
 * @example
 * ```ts
 * import { take_along_dim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[10, 30, 20], [5, 4, 6]]);
 * const best = x.argmax(1, true);
 * assert.deepEqual(take_along_dim(x, best, 1).tolist(), [[30], [6]]);
 * ```
 */
export function take_along_dim(x: Tensor, indices: Tensor, dim?: number | null): Tensor {
  requireTensor(x, "take_along_dim");
  requireIndex(indices, "take_along_dim");
  if (dim === undefined || dim === null) {
    return gather(x.reshape(-1), 0, indices.reshape(-1));
  }
  const d = dimOf(x, dim, "take_along_dim");
  if (x.dim() !== indices.dim()) {
    throw new RangeError(
      `take_along_dim(): input and indices should have the same number of dimensions, but got ${x.dim()} dimensions for input, and ${indices.dim()} dimensions for indices`,
    );
  }
  const xs = [...x.shape];
  const is = [...indices.shape];
  xs[d] = 1;
  is[d] = 1;
  const common = broadcastShapes(xs, is, "take_along_dim");
  const xShape = [...common];
  xShape[d] = x.shape[d];
  const iShape = [...common];
  iShape[d] = indices.shape[d];
  const xb = sameSizes(xShape, x.shape) ? x : x.expand(xShape);
  const ib = sameSizes(iShape, indices.shape) ? indices : indices.expand(iShape);
  return gather(xb, d, ib);
}

function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

// ---------------------------------------------------------------------------------------------
// Masks: masked_select, nonzero, any, all, count_nonzero
// ---------------------------------------------------------------------------------------------

/**
 * The entries of `x` where `mask` is true, as a 1-D tensor, like `torch.masked_select`; `x`
 * and `mask` broadcast.
 *
 * @param x The input.
 * @param mask A bool tensor.
 * @returns A 1-D tensor (MaskedSelectBackward0).
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(x.masked_select(x.gt(2)).tolist(), [3, 4]);
 * ```
 */
export function masked_select(x: Tensor, mask: Tensor): Tensor {
  requireTensor(x, "masked_select");
  requireTensor(mask, "masked_select(mask)");
  if (mask.dtype !== "bool") {
    throw new TypeError(
      `masked_select: expected BoolTensor or ByteTensor for mask, got a ${mask.dtype} tensor (kldiv's masks are bool: make one with a comparison such as t.gt(0), or .bool())`,
    );
  }
  const shape = broadcastShapes(x.shape, mask.shape, "masked_select");
  const xi = broadcastIndex(x.shape, shape);
  const mi = broadcastIndex(mask.shape, shape);
  const xd = contiguousData(x);
  const md = contiguousData(mask);
  const picked: number[] = [];
  for (let i = 0; i < mi.length; i++) if (md[mi[i]]) picked.push(i);
  const out = allocate(x.dtype, picked.length);
  for (let k = 0; k < picked.length; k++) out[k] = xd[xi[picked[k]]];
  return result(out, [picked.length], "MaskedSelectBackward0", [x], (g) => {
    // masked_scatter of g into zeros of the broadcast shape, folded back onto x's shape.
    const gd = contiguousData(g);
    const full = allocate(g.dtype, numelOf(shape));
    for (let k = 0; k < picked.length; k++) full[picked[k]] = gd[k];
    const spread = linearInGrad(
      fromData(full, shape, g.dtype),
      g,
      "MaskedScatterBackward0",
      (gg) => masked_select(gg, mask),
    );
    return [sumTo(spread, x.shape)];
  }, { dtype: x.dtype });
}

/** Options of `nonzero`, with torch's key. */
export interface NonzeroOptions {
  /** Return one 1-D index tensor per dim instead of one `[n, ndim]` tensor. Default false. */
  as_tuple?: boolean;
}

/**
 * The positions of the nonzero (true) entries, like `torch.nonzero`: an int64 tensor of shape
 * `[n, x.dim()]` in row-major order, or with `as_tuple: true` one int64 tensor per dim (a 0-dim
 * input counts as 1-D there, as in torch).
 *
 * @param x The input.
 * @param options `as_tuple`.
 * @returns The positions.
 *
 * @example
 * ```ts
 * import { nonzero, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [rows, cols] = nonzero(tensor([[0, 1], [1, 0]]), { as_tuple: true });
 * assert.deepEqual([rows.tolist(), cols.tolist()], [[0, 1], [1, 0]]);
 * ```
 *
 * @example As the annotated transformer uses it
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const target = tensor([2n, 0n, 1n, 0n]);
 * const pad = target.eq(0).nonzero();
 * assert.equal(String(pad), "tensor([[1],\n        [3]])");
 * ```
 */
export function nonzero(x: Tensor, options: NonzeroOptions & { as_tuple: true }): Tensor[];
/**
 * The positions of the nonzero entries as an int64 tensor of shape `[n, x.dim()]`.
 *
 * @param x The input.
 * @param options `as_tuple: false` (the default).
 * @returns The positions.
 *
 * @example
 * ```ts
 * import { nonzero, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nonzero(tensor([[0, 1], [1, 0]])).tolist(), [[0, 1], [1, 0]]);
 * ```
 */
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor;
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  requireTensor(x, "nonzero");
  const asTuple = options?.as_tuple ?? false;
  if (typeof asTuple !== "boolean") {
    throw new TypeError(`nonzero(): as_tuple must be a boolean, got ${describe(asTuple)}`);
  }
  const data = contiguousData(x);
  const shape = x.shape;
  const nd = shape.length;
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) hits.push(i);
  const strides = stridesOf(shape);
  const coords = (i: number, d: number) => Math.floor(i / strides[d]) % shape[d];
  if (asTuple) {
    if (nd === 0) return [fromData(Float64Array.from(hits, () => 0), [hits.length], "int64")];
    return Array.from(
      { length: nd },
      (_, d) => fromData(Float64Array.from(hits, (i) => coords(i, d)), [hits.length], "int64"),
    );
  }
  const out = allocate("int64", hits.length * nd, undefined, [hits.length, nd]) as Float64Array;
  for (let k = 0; k < hits.length; k++) {
    for (let d = 0; d < nd; d++) out[k * nd + d] = coords(hits[k], d);
  }
  return fromData(out, [hits.length, nd], "int64");
}

type Reduction = "any" | "all" | "count_nonzero" | "argmax" | "argmin";

/** Reduces `x` over `dims` (sorted) with `step(acc, value, position)` per output slot. */
function reduceDims(
  x: Tensor,
  dims: number[],
  keepdim: boolean,
  init: number,
  step: (acc: number, value: number, pos: number) => number,
): { out: Float64Array; shape: number[] } {
  const shape = x.shape;
  const kept = shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const outShape: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!dims.includes(d)) outShape.push(shape[d]);
    else if (keepdim) outShape.push(1);
  }
  const n = numelOf(kept);
  const out = (allocate("float64", n, undefined, kept) as Float64Array).fill(init);
  const data = contiguousData(x);
  const slot = broadcastIndex(kept, shape);
  // Position of each element within its reduced slice (row-major over the reduced dims).
  const rshape = dims.map((d) => shape[d]);
  const rstrides = stridesOf(rshape);
  const strides = stridesOf(shape);
  for (let i = 0; i < data.length; i++) {
    let pos = 0;
    for (let k = 0; k < dims.length; k++) {
      pos += (Math.floor(i / strides[dims[k]]) % shape[dims[k]]) * rstrides[k];
    }
    out[slot[i]] = step(out[slot[i]], data[i], pos);
  }
  return { out, shape: outShape };
}

function dimsOf(
  x: Tensor,
  dim: number | readonly number[] | undefined | null,
  where: Reduction,
): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: x.dim() }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  if (!Array.isArray(list)) {
    throw new TypeError(`${where}(): dim must be an integer or a list, got ${describe(dim)}`);
  }
  const out = new Set<number>();
  for (const d of list) {
    const nd = normalizeDim(d, x.dim(), where);
    if (out.has(nd)) {
      throw new RangeError(`${where}(): dim ${nd} appears multiple times in the list of dims`);
    }
    out.add(nd);
  }
  return [...out].filter((d) => d < x.dim()).sort((a, b) => a - b);
}

function checkKeepdim(keepdim: unknown, where: string): boolean {
  if (keepdim === undefined) return false;
  if (typeof keepdim !== "boolean") {
    throw new TypeError(`${where}(): keepdim must be a boolean, got ${describe(keepdim)}`);
  }
  return keepdim;
}

function truthReduce(
  kind: "any" | "all",
  x: Tensor,
  dim: number | undefined,
  keepdim: boolean | undefined,
): Tensor {
  requireTensor(x, kind);
  const keep = checkKeepdim(keepdim, kind);
  const dims = dim === undefined ? dimsOf(x, undefined, kind) : dimsOf(x, dim, kind);
  const { out, shape } = reduceDims(
    x,
    dims,
    dim === undefined ? false : keep,
    kind === "any" ? 0 : 1,
    kind === "any" ? (acc, v) => (acc || v !== 0 ? 1 : 0) : (acc, v) => (acc && v !== 0 ? 1 : 0),
  );
  return fromData(Uint8Array.from(out), shape, "bool");
}

/**
 * Whether any element is nonzero (true), over the whole tensor or along `dim`, like
 * `torch.any`. A bool tensor.
 *
 * @param x The input.
 * @param dim The dim to reduce; all when omitted.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tensor([[0, 1], [0, 0]]).any(1)), "tensor([ True, False])");
 * ```
 */
export function any(x: Tensor, dim?: number, keepdim?: boolean): Tensor {
  return truthReduce("any", x, dim, keepdim);
}

/**
 * Whether every element is nonzero (true), over the whole tensor or along `dim`, like
 * `torch.all`. A bool tensor.
 *
 * @param x The input.
 * @param dim The dim to reduce; all when omitted.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tensor([true, true]).all()), "tensor(True)");
 * ```
 */
export function all(x: Tensor, dim?: number, keepdim?: boolean): Tensor {
  return truthReduce("all", x, dim, keepdim);
}

/**
 * How many elements are nonzero, over the whole tensor or over `dim` (one dim or a list), like
 * `torch.count_nonzero`. An int64 tensor.
 *
 * @param x The input.
 * @param dim Dims to count over; all when omitted.
 * @returns The counts.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tensor([[0, 1], [2, 3]]).count_nonzero(0)), "tensor([1, 2])");
 * ```
 */
export function count_nonzero(x: Tensor, dim?: number | readonly number[] | null): Tensor {
  requireTensor(x, "count_nonzero");
  const dims = dimsOf(x, dim, "count_nonzero");
  const { out, shape } = reduceDims(x, dims, false, 0, (acc, v) => acc + (v !== 0 ? 1 : 0));
  return fromData(out, shape, "int64");
}

function argReduce(
  kind: "argmax" | "argmin",
  x: Tensor,
  dim: number | undefined | null,
  keepdim: boolean | undefined,
): Tensor {
  requireTensor(x, kind);
  const keep = checkKeepdim(keepdim, kind);
  const whole = dim === undefined || dim === null;
  // Over a dim of nonzero size, an empty input gives an empty result (torch); only the whole
  // tensor's or an empty dim's extreme is undefined.
  if (x.numel() === 0 && whole) {
    throw new RangeError(
      `${kind}(): Expected reduction dim to be specified for input.numel() == 0. (the input has shape ${
        sizeString(x.shape)
      })`,
    );
  }
  if (!whole) {
    const d = normalizeDim(dim, x.dim(), kind);
    if (x.dim() > 0 && x.shape[d] === 0) {
      throw new RangeError(
        `${kind}(): Expected reduction dim ${d} to have non-zero size (the input has shape ${
          sizeString(x.shape)
        })`,
      );
    }
  }
  const dims = whole ? dimsOf(x, undefined, kind) : dimsOf(x, dim, kind);
  const better = kind === "argmax"
    ? (v: number, b: number) => v > b
    : (v: number, b: number) => v < b;
  // Best value so far per slot, compared the torch way: a NaN wins, else the first extreme.
  const best = allocate(
    "float64",
    numelOf(x.shape.map((s, d) => (dims.includes(d) ? 1 : s))),
  ) as Float64Array;
  const seen = new Uint8Array(best.length);
  const kept = x.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const slots = broadcastIndex(kept, x.shape);
  const data = contiguousData(x);
  const strides = stridesOf(x.shape);
  const rshape = dims.map((d) => x.shape[d]);
  const rstrides = stridesOf(rshape);
  const idx = allocate("int64", best.length) as Float64Array;
  for (let i = 0; i < data.length; i++) {
    const s = slots[i];
    const v = data[i];
    if (seen[s] && (best[s] !== best[s] || !(v !== v || better(v, best[s])))) continue;
    seen[s] = 1;
    best[s] = v;
    let pos = 0;
    for (let k = 0; k < dims.length; k++) {
      pos += (Math.floor(i / strides[dims[k]]) % x.shape[dims[k]]) * rstrides[k];
    }
    idx[s] = pos;
  }
  const shape: number[] = [];
  x.shape.forEach((s, d) => {
    if (!dims.includes(d)) shape.push(s);
    else if (keep) shape.push(1);
  });
  return fromData(idx, shape, "int64");
}

/**
 * The position of the largest element, over the flattened tensor or along `dim`, like
 * `torch.argmax`; the first one on ties, and a NaN counts as the largest. An int64 tensor.
 *
 * @param x The input.
 * @param dim The dim; the flattened tensor when omitted or null.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns The positions.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logits = tensor([[0.1, 2.0, 0.3], [1.5, 0.2, 0.1]]);
 * assert.equal(String(logits.argmax(1)), "tensor([1, 0])");
 * assert.equal(String(logits.argmax()), "tensor(1)");
 * ```
 */
export function argmax(x: Tensor, dim?: number | null, keepdim?: boolean): Tensor {
  return argReduce("argmax", x, dim, keepdim);
}

/**
 * The position of the smallest element, over the flattened tensor or along `dim`, like
 * `torch.argmin`; the first one on ties, and a NaN counts as the smallest. An int64 tensor.
 *
 * @param x The input.
 * @param dim The dim; the flattened tensor when omitted or null.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns The positions.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tensor([3, 1, 2]).argmin()), "tensor(1)");
 * ```
 */
export function argmin(x: Tensor, dim?: number | null, keepdim?: boolean): Tensor {
  return argReduce("argmin", x, dim, keepdim);
}

// ---------------------------------------------------------------------------------------------
// Joins: cat, stack
// ---------------------------------------------------------------------------------------------

function checkList(tensors: unknown, where: string): Tensor[] {
  if (!Array.isArray(tensors)) {
    throw new TypeError(
      `${where}(): expected an array of tensors, got ${describe(tensors)}`,
    );
  }
  if (tensors.length === 0) {
    throw new RangeError(`${where}(): expected a non-empty list of Tensors`);
  }
  tensors.forEach((t, i) => requireTensor(t, `${where}(tensors[${i}])`));
  return tensors as Tensor[];
}

/** Joins `parts` (same shape apart from `dim`) along `dim` into a new tensor of `dtype`. */
function join(
  parts: readonly Tensor[],
  d: number,
  shape: readonly number[],
  dtype: DType,
  name: string,
  inputs: readonly Tensor[],
  splitGrad: (g: Tensor) => (Tensor | null)[],
): Tensor {
  const [outer, inner] = around(shape, d);
  const out = allocate(dtype, numelOf(shape));
  const total = shape[d];
  let at = 0;
  for (const p of parts) {
    const src = contiguousData(p.dtype === dtype ? p : p.to(dtype));
    const len = p.shape[d] * inner;
    for (let a = 0; a < outer; a++) {
      const base = (a * total + at) * inner;
      for (let k = 0; k < len; k++) out[base + k] = src[a * len + k];
    }
    at += p.shape[d];
  }
  return result(out, shape, name, inputs, splitGrad, { dtype });
}

/**
 * Joins tensors along an existing dim, like `torch.cat(tensors, dim)`. Shapes must agree apart
 * from `dim`; dtypes promote as in torch. 1-D empty tensors are skipped, as torch's legacy rule.
 *
 * @param tensors The tensors.
 * @param dim The dim to join along. Default 0.
 * @returns A new tensor (CatBackward0).
 *
 * @example
 * ```ts
 * import { cat, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = tensor([[1, 2]]);
 * const b = tensor([[3, 4], [5, 6]]);
 * assert.deepEqual(cat([a, b]).tolist(), [[1, 2], [3, 4], [5, 6]]);
 * ```
 */
export function cat(tensors: readonly Tensor[], dim: number = 0): Tensor {
  const list = checkList(tensors, "cat");
  const dtype = list.map((t) => t.dtype).reduce((a, b) => resultType(zeroDim(a), zeroDim(b)));
  const parts = list.filter((t) => !(t.dim() === 1 && t.shape[0] === 0));
  if (parts.length === 0) {
    return result(allocate(dtype, 0), [0], "CatBackward0", list, (g) => list.map(() => g), {
      dtype,
    });
  }
  const ref = parts[0];
  if (ref.dim() === 0) {
    throw new RangeError("cat(): zero-dimensional tensor (at position 0) cannot be concatenated");
  }
  const d = normalizeDim(dim, ref.dim(), "cat");
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new RangeError(
        `cat(): Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()} (tensor ${i})`,
      );
    }
    for (let k = 0; k < t.dim(); k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new RangeError(
          `cat(): Sizes of tensors must match except in dimension ${d}. Expected size ${
            ref.shape[k]
          } but got size ${t.shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
  });
  const shape = [...ref.shape];
  shape[d] = parts.reduce((n, t) => n + t.shape[d], 0);
  return join(parts, d, shape, dtype, "CatBackward0", list, (g) => {
    let at = 0;
    return list.map((t) => {
      if (t.dim() === 1 && t.shape[0] === 0 && !parts.includes(t)) {
        return t.requires_grad ? fromData(allocate(g.dtype, 0), [0], g.dtype) : null;
      }
      const piece = narrow(g, d, at, t.shape[d]);
      at += t.shape[d];
      return t.requires_grad ? piece.contiguous() : null;
    });
  });
}

/** A 0-dim stand-in of a dtype, so cat's dtype follows torch's promotion of its inputs. */
function zeroDim(dtype: DType): Tensor {
  return fromData(allocate(dtype, 1), [1], dtype);
}

/**
 * Joins same-shaped tensors along a new dim, like `torch.stack(tensors, dim)`.
 *
 * @param tensors The tensors, all of one shape.
 * @param dim Where the new dim goes (0 to ndim; negative counts from the end). Default 0.
 * @returns A new tensor (StackBackward0).
 *
 * @example
 * ```ts
 * import { stack, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const s = stack([tensor([1, 2]), tensor([3, 4])], 1);
 * assert.deepEqual(s.tolist(), [[1, 3], [2, 4]]);
 * ```
 */
export function stack(tensors: readonly Tensor[], dim: number = 0): Tensor {
  const list = checkList(tensors, "stack");
  const ref = list[0];
  list.forEach((t, i) => {
    if (!sameSizes(t.shape, ref.shape)) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got [${
          ref.shape.join(", ")
        }] at entry 0 and [${t.shape.join(", ")}] at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, ref.dim() + 1, "stack");
  const dtype = list.map((t) => t.dtype).reduce((a, b) => resultType(zeroDim(a), zeroDim(b)));
  const parts = list.map((t) => t.detach().unsqueeze(d));
  const shape = [...ref.shape];
  shape.splice(d, 0, list.length);
  return join(
    parts,
    d,
    shape,
    dtype,
    "StackBackward0",
    list,
    (g) => list.map((t, i) => (t.requires_grad ? g.select(d, i).contiguous() : null)),
  );
}
