/**
 * Reductions: sum and mean over all elements or over dims, and `sumTo`, which folds a
 * broadcast gradient back onto its input's shape.
 *
 * @module
 */

import { get_max_allocation_bytes } from "../tensor/limits.ts";
import {
  allocate,
  bytesPerElement,
  checkInt64,
  describe,
  type DType,
  isFloating,
} from "../tensor/dtype.ts";
import { broadcastIndex, normalizeDims, numelOf, sameShape } from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  makeTensor,
  requireTensor,
  result,
  storageOf,
  type Tensor,
} from "../tensor/tensor.ts";
import { needsGraph } from "../tensor/autograd.ts";
import { bind, boundDType, isOptionsObject, type Signature } from "../tensor/args.ts";
import { castFor } from "./dtype_arg.ts";

/** Shape after reducing `dims` (sorted), with or without the reduced dims kept as 1. */
function reducedShape(shape: readonly number[], dims: number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!dims.includes(d)) out.push(shape[d]);
    else if (keepdim) out.push(1);
  }
  return out;
}

/**
 * Sums `x` into `keptShape` (x's shape with reduced dims set to 1), accumulating in double
 * so float32 results are rounded once.
 */
function sumInto(x: Tensor, keptShape: readonly number[]): Float64Array {
  const n = numelOf(keptShape);
  const acc = new Float64Array(n);
  // A reduced dim of stride 0 (from expand) repeats the same elements: sum one copy and
  // multiply, so the sum costs the expanded tensor's base, not its shape (as in torch).
  const collapsed = collapseExpanded(x, (d) => keptShape[d] === 1);
  const factor = collapsed.factor;
  x = collapsed.base;
  const a = contiguousData(x);
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    acc[0] = s * factor;
    return acc;
  }
  if (factor !== 1) {
    // x now has size 1 where it was expanded: the same reduction, scaled.
    const sub = sumInto(x, keptShape);
    for (let i = 0; i < n; i++) acc[i] = sub[i] * factor;
    return acc;
  }
  const block = reducedBlock(x.shape, keptShape);
  if (block !== null) {
    // One run of reduced dims: [outer, size, inner] loops, no index table.
    const { outer, size, inner } = block;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < size; k++) {
        const base = (o * size + k) * inner;
        const to = o * inner;
        for (let i = 0; i < inner; i++) acc[to + i] += a[base + i];
      }
    }
    return acc;
  }
  // Each input element maps onto the output slot it reduces into.
  const slot = broadcastIndex(keptShape, x.shape);
  for (let i = 0; i < a.length; i++) acc[slot[i]] += a[i];
  return acc;
}

/**
 * `x` with every reduced dim of stride 0 (an expanded dim: the same elements repeated) narrowed
 * to size 1, and the product of those sizes. A reduction over such a dim reads the base once:
 * idempotent ones (max, amax, ...) as they are, sums scaled by `factor`. No copy is made.
 *
 * @param x The tensor reduced.
 * @param reduced Whether dim `d` is reduced.
 * @returns The narrowed view (x itself when nothing narrows) and the factor.
 */
export function collapseExpanded(
  x: Tensor,
  reduced: (d: number) => boolean,
): { base: Tensor; factor: number } {
  const strides = x.stride();
  if (!strides.includes(0)) return { base: x, factor: 1 };
  let factor = 1;
  const shape = [...x.shape];
  for (let d = 0; d < shape.length; d++) {
    if (strides[d] === 0 && shape[d] > 1 && reduced(d)) {
      factor *= shape[d];
      shape[d] = 1;
    }
  }
  if (factor === 1) return { base: x, factor };
  return { base: makeTensor(storageOf(x), shape, strides, x.storage_offset(), x.dtype), factor };
}

/**
 * The shape as `[outer, size, inner]` when the reduced dims (size 1 in `keptShape`, not in
 * `shape`) are one run of adjacent dims, else null.
 */
function reducedBlock(
  shape: readonly number[],
  keptShape: readonly number[],
): { outer: number; size: number; inner: number } | null {
  let first = -1;
  let last = -1;
  for (let d = 0; d < shape.length; d++) {
    if (keptShape[d] === shape[d]) continue;
    if (first === -1) first = d;
    else if (last !== d - 1) return null;
    last = d;
  }
  if (first === -1) return null;
  let outer = 1, size = 1, inner = 1;
  for (let d = 0; d < shape.length; d++) {
    if (d < first) outer *= shape[d];
    else if (d <= last) size *= shape[d];
    else inner *= shape[d];
  }
  return { outer, size, inner };
}

/** Spreads `g` (shaped like the kept reduction) over `shape`, scaled by `scale`. */
function expandTo(
  g: Tensor,
  keptShape: readonly number[],
  shape: readonly number[],
  scale = 1,
): Tensor {
  if (needsGraph(g)) {
    const spread = g.reshape(keptShape).expand(shape);
    return scale === 1 ? spread : spread.mul(scale);
  }
  if (numelOf(shape) * bytesPerElement(g.dtype) > get_max_allocation_bytes()) {
    // Too large to materialise: hand on torch's own form, an expanded (stride-0) view of the
    // gradient, which an expand's backward sums back at the cost of its base.
    return (scale === 1 ? g : g.mul(scale)).reshape(keptShape).expand(shape);
  }
  const out = allocate(g.dtype, numelOf(shape));
  const src = contiguousData(g);
  if (src.length === 1) {
    out.fill(src[0] * scale);
  } else {
    const block = reducedBlock(shape, keptShape);
    if (block !== null) {
      const { outer, size, inner } = block;
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < size; k++) {
          const base = (o * size + k) * inner;
          const from = o * inner;
          for (let i = 0; i < inner; i++) out[base + i] = src[from + i] * scale;
        }
      }
    } else {
      const slot = broadcastIndex(keptShape, shape);
      for (let i = 0; i < out.length; i++) out[i] = src[slot[i]] * scale;
    }
  }
  return fromData(out, shape, g.dtype);
}

function reduce(
  kind: "sum" | "mean",
  x: Tensor,
  dim: number | readonly number[] | undefined,
  keepdim: boolean | undefined,
): Tensor {
  requireTensor(x, kind);
  if (keepdim !== undefined && typeof keepdim !== "boolean") {
    throw new TypeError(
      `${kind}(dim, keepdim): keepdim must be a boolean, got ${describe(keepdim)}`,
    );
  }
  if (kind === "mean" && !isFloating(x.dtype)) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype} (convert with .float() first)`,
    );
  }
  // Integer and bool tensors sum to int64, as in torch.
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "int64";
  const dims = normalizeDims(dim, x.shape.length, kind);
  const kept = reducedShape(x.shape, dims, true);
  const shape = reducedShape(x.shape, dims, keepdim ?? false);
  const acc = sumInto(x, kept);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  const out = allocate(dtype, acc.length);
  out.set(acc);
  if (dtype === "int64") { for (const v of out) checkInt64(v, kind); }
  // torch's mean is the sum in the tensor's dtype, then a division: a float32 sum past
  // float32's range is inf before it is divided, so the mean is inf too.
  if (kind === "mean") { for (let i = 0; i < out.length; i++) out[i] /= count; }
  // torch: SumBackward0 / MeanBackward0 for a full reduction, ...1 when dims are given.
  const name = `${kind === "sum" ? "Sum" : "Mean"}Backward${dim === undefined ? 0 : 1}`;
  return result(out, shape, name, [x], (g) => [
    expandTo(g, kept, x.shape, kind === "sum" ? 1 : 1 / count),
  ], { dtype });
}

/**
 * Sum over all elements, or over `dim`, like `torch.sum`.
 *
 * @param x The input.
 * @param rest `dim` (a dim or list of dims, negative counting from the end; all when omitted)
 * and `keepdim` by position or in an options object; `{ dtype }` casts the input first.
 * @returns The sum.
 *
 * @example
 * ```ts
 * import { sum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.equal(sum(x).item(), 21);
 * assert.deepEqual(sum(x, -1, true).tolist(), [[6], [15]]);
 * ```
 */
export function sum(
  x: Tensor,
  ...rest: [
    dim?: number | readonly number[] | null | SumOptions,
    keepdim?: boolean | SumOptions,
    options?: SumOptions,
  ]
): Tensor {
  return withOptions("sum", x, rest);
}

/**
 * Mean over all elements, or over `dim`, like `torch.mean`. Empty input gives NaN.
 *
 * @param x The input.
 * @param rest `dim` and `keepdim` by position or in an options object; `{ dtype }` casts the
 * input first (a floating point dtype).
 * @returns The mean.
 *
 * @example
 * ```ts
 * import { mean, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mean(tensor([[1, 2], [3, 5]]), 0).tolist(), [2, 3.5]);
 * ```
 */
export function mean(
  x: Tensor,
  ...rest: [
    dim?: number | readonly number[] | null | SumOptions,
    keepdim?: boolean | SumOptions,
    options?: SumOptions,
  ]
): Tensor {
  return withOptions("mean", x, rest);
}

/** Options of `sum` and `mean`, with torch's keys. */
export interface SumOptions {
  /** A dim or list of dims to reduce (all when omitted or null). */
  dim?: number | readonly number[] | null;
  /** Keep reduced dims as size 1. */
  keepdim?: boolean;
  /** Cast the input to this dtype first, as torch's `dtype=` keyword. */
  dtype?: DType | null;
}

const SUM: Signature = [
  { name: "dim", kind: "ints", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
];

/** sum / mean with torch's keywords: positional arguments keep the fast path. */
function withOptions(kind: "sum" | "mean", x: Tensor, rest: readonly unknown[]): Tensor {
  if (!rest.some(isOptionsObject)) {
    return reduce(
      kind,
      x,
      (rest[0] ?? undefined) as number | number[] | undefined,
      rest[1] as boolean,
    );
  }
  requireTensor(x, kind);
  const b = bind(kind, SUM, rest);
  const dtype = boundDType(b);
  const input = castFor(
    x,
    dtype,
    kind,
    kind === "mean"
      ? `mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${
        dtype === "int64" ? "Long" : "Bool"
      }`
      : null,
  );
  return reduce(
    kind,
    input,
    (b.dim ?? undefined) as number | number[] | undefined,
    b.keepdim as boolean,
  );
}

/**
 * Sums a broadcast gradient back to `shape`: over leading dims it gained and over dims where
 * `shape` has size 1. Not recorded (runs inside backward).
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const kept = g.shape.map((s, d) => (d < lead || shape[d - lead] === 1 ? 1 : s));
  if (needsGraph(g)) {
    const dims = kept.flatMap((s, d) => (s === g.shape[d] ? [] : [d]));
    return (dims.length === 0 ? g : g.sum(dims, true)).reshape(shape);
  }
  const acc = sumInto(g, kept);
  const out = allocate(g.dtype, acc.length);
  out.set(acc);
  return fromData(out, shape, g.dtype);
}
