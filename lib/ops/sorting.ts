/**
 * Sorting and counting with torch's semantics: `argsort`, `msort`, `kthvalue`, `unique`,
 * `unique_consecutive`, `bincount`, `histc`, `searchsorted` and `bucketize`.
 *
 * @module
 */

import { allocate, type DType, isFloating } from "../tensor/dtype.ts";
import { bind } from "../tensor/args.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { TensorTuple, ValuesIndices } from "./return_types.ts";
import { lanesOf, oneDim, outShape, requireNonEmpty, sort } from "./reduce_dims.ts";

/** `x` with dim `from` moved to position `to` (a permuted view). */
function movedim(x: Tensor, from: number, to = 0): Tensor {
  const dims = x.shape.map((_, i) => i).filter((i) => i !== from);
  dims.splice(to, 0, from);
  return x.permute(dims);
}

const ARGSORT = [
  { name: "dim", kind: "int", default: -1 },
  { name: "descending", kind: "bool", default: false },
  { name: "stable", kind: "bool", default: false, keywordOnly: true },
] as const;

/** Options of `argsort`, with torch's keys. */
export interface ArgsortOptions {
  /** The dim to sort along. Default -1. */
  dim?: number;
  /** Largest first. Default false. */
  descending?: boolean;
  /** Keep the order of equal values (always the case here). */
  stable?: boolean;
}

/**
 * The indices that sort `input` along `dim`, like
 * `torch.argsort(input, dim=-1, descending=False, *, stable=False)` (NaN sorts last; the sort
 * is stable).
 *
 * @param input The tensor.
 * @param rest `dim`, `descending` by position or in an options object; `{ stable }`.
 * @returns int64 indices shaped like `input`.
 *
 * @example
 * ```ts
 * import { argsort, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(argsort(tensor([3, 1, 2])).tolist(), [1, 2, 0]);
 * assert.deepEqual(argsort(tensor([3, 1, 2]), { descending: true }).tolist(), [0, 2, 1]);
 * ```
 */
export function argsort(
  input: Tensor,
  ...rest: [dim?: number | ArgsortOptions, descending?: boolean, options?: ArgsortOptions]
): Tensor {
  requireTensor(input, "argsort");
  const b = bind("argsort", ARGSORT, rest);
  return sort(input, b.dim as number, b.descending as boolean).indices;
}

/**
 * Sorts along the first dim, like `torch.msort(input)` (`sort(input, 0).values`).
 *
 * @param input The tensor.
 * @returns The sorted values (SortBackward0).
 *
 * @example
 * ```ts
 * import { msort, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(msort(tensor([[3, 1], [2, 4]])).tolist(), [[2, 1], [3, 4]]);
 * ```
 */
export function msort(input: Tensor): Tensor {
  requireTensor(input, "msort");
  return sort(input, 0).values;
}

const KTHVALUE = [
  { name: "k", kind: "int" },
  { name: "dim", kind: "int", default: -1 },
  { name: "keepdim", kind: "bool", default: false },
] as const;

/**
 * The `k`-th smallest value along `dim` (1-based) and its index, like
 * `torch.kthvalue(input, k, dim=-1, keepdim=False)`. NaN counts as the largest value.
 *
 * @param input The tensor.
 * @param rest `k`, `dim`, `keepdim` by position or in an options object.
 * @returns torch.return_types.kthvalue(values, indices) (KthvalueBackward0).
 *
 * @example
 * ```ts
 * import { kthvalue, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const { values, indices } = kthvalue(tensor([[5, 1, 3], [0, 9, 7]]), 2, 1);
 * assert.deepEqual(values.tolist(), [3, 7]);
 * assert.deepEqual(indices.tolist(), [2, 2]);
 * ```
 */
export function kthvalue(
  input: Tensor,
  ...rest: [
    k: number | { k: number; dim?: number; keepdim?: boolean },
    dim?: number,
    keepdim?: boolean,
    options?: {
      dim?: number;
      keepdim?: boolean;
    },
  ]
): ValuesIndices {
  requireTensor(input, "kthvalue");
  const b = bind("kthvalue", KTHVALUE, rest);
  const k = b.k as number;
  const dims = oneDim(b.dim, input, "kthvalue");
  const d = dims[0] ?? 0;
  const L = lanesOf(input.shape, dims);
  if (k < 1 || k > L.n) {
    throw new RangeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  }
  requireNonEmpty(input, dims, "kthvalue()");
  const a = contiguousData(input);
  const at = new Int32Array(L.count);
  const idx: number[] = [];
  for (let o = 0; o < L.count; o++) {
    idx.length = 0;
    for (let j = 0; j < L.n; j++) idx.push(j);
    const val = (j: number) => a[L.pos[o * L.n + j]];
    idx.sort((p, q) => {
      const x = val(p);
      const y = val(q);
      if (x !== x || y !== y) return (x !== x ? 1 : 0) - (y !== y ? 1 : 0) || p - q;
      return x - y || p - q;
    });
    // Among equal values torch's selection returns the first position.
    const v = val(idx[k - 1]);
    let first = idx[k - 1];
    for (let j = 0; j < L.n; j++) {
      if (val(j) === v || (v !== v && val(j) !== val(j))) {
        first = j;
        break;
      }
    }
    at[o] = first;
  }
  const keep = b.keepdim as boolean;
  const values = allocate(input.dtype, L.count);
  const indices = allocate("int64", L.count) as Float64Array;
  for (let o = 0; o < L.count; o++) {
    values[o] = a[L.pos[o * L.n + at[o]]];
    indices[o] = at[o];
  }
  const shape = outShape(input.shape, dims, keep);
  const v = result(values, shape, "KthvalueBackward0", [input], (g) => {
    const gs = contiguousData(g);
    const grad = allocate(input.dtype, input.numel());
    for (let o = 0; o < L.count; o++) grad[L.pos[o * L.n + at[o]]] += gs[o];
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype });
  return new ValuesIndices("kthvalue", v, fromData(indices, shape, "int64"));
}

// ---- unique, unique_consecutive ----

const UNIQUE = [
  { name: "sorted", kind: "bool", default: true },
  { name: "return_inverse", kind: "bool", default: false },
  { name: "return_counts", kind: "bool", default: false },
  { name: "dim", kind: "int", default: null },
] as const;

/** Options of `unique`, with torch's keys. */
export interface UniqueOptions {
  /** Sort the unique values (always the case on CPU, as in torch). Default true. */
  sorted?: boolean;
  /** Also return where each input element went. Default false. */
  return_inverse?: boolean;
  /** Also return how often each unique value occurs. Default false. */
  return_counts?: boolean;
  /** Unique slices along this dim instead of unique elements. Default null. */
  dim?: number | null;
}

/** The slices of `x` along `dim` as rows of numbers (dim moved first, the rest flattened). */
function rowsOf(x: Tensor, dim: number | null): { rows: number[][]; rest: number[] } {
  if (dim === null) {
    const a = contiguousData(x);
    return { rows: Array.from(a, (v) => [v]), rest: [] };
  }
  const moved = movedim(x, dim);
  const a = contiguousData(moved);
  const n = x.shape[dim];
  const size = n === 0 ? 0 : a.length / n;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * size, (i + 1) * size)));
  return { rows, rest: moved.shape.slice(1) };
}

function compareRows(p: number[], q: number[]): number {
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    const y = q[i];
    if (x !== y) {
      if (x !== x) return 1;
      if (y !== y) return -1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function uniqueOp(
  op: "unique" | "unique_consecutive",
  input: Tensor,
  consecutive: boolean,
  b: Record<string, unknown>,
): Tensor | TensorTuple {
  const dimArg = b.dim as number | null;
  const dim = dimArg === null ? null : oneDim(dimArg, input, op)[0] ?? 0;
  const { rows, rest } = rowsOf(input, dim);
  const order = rows.map((_, i) => i);
  if (!consecutive) order.sort((p, q) => compareRows(rows[p], rows[q]) || p - q);
  const inverse = new Float64Array(rows.length);
  const counts: number[] = [];
  const kept: number[][] = [];
  for (let i = 0; i < order.length; i++) {
    const r = rows[order[i]];
    // NaN is never equal to NaN: each NaN is its own unique value, as torch's sort-based unique.
    if (
      kept.length === 0 || compareRows(kept[kept.length - 1], r) !== 0 || r.some((v) => v !== v)
    ) {
      kept.push(r);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[order[i]] = kept.length - 1;
  }
  const flat = allocate(input.dtype, kept.length * (rest.reduce((s, v) => s * v, 1)));
  let p = 0;
  for (const r of kept) for (const v of r) flat[p++] = v;
  let out: Tensor;
  if (dim === null) out = fromData(flat, [kept.length], input.dtype);
  else {
    const moved = fromData(flat, [kept.length, ...rest], input.dtype);
    out = movedim(moved, 0, dim).contiguous();
  }
  const returnInverse = b.return_inverse as boolean;
  const returnCounts = b.return_counts as boolean;
  if (!returnInverse && !returnCounts) return out;
  const items = [out];
  const invShape = dim === null ? input.shape : [input.shape[dim]];
  if (returnInverse) items.push(fromData(inverse, invShape, "int64"));
  if (returnCounts) items.push(fromData(Float64Array.from(counts), [counts.length], "int64"));
  return new TensorTuple(items);
}

/**
 * The unique elements (sorted), like
 * `torch.unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)`;
 * with `return_inverse` / `return_counts`, a plain tuple `(output, inverse_indices, counts)`
 * of the requested parts. With `dim`, the unique slices along it.
 *
 * @param input The tensor.
 * @param rest `sorted`, `return_inverse`, `return_counts`, `dim` by position or in an options object.
 * @returns The unique values, or a tuple with the inverse indices and/or counts (int64).
 *
 * @example
 * ```ts
 * import { unique, tensor, type TensorTuple } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, inverse, counts] = unique(tensor([3n, 1n, 3n, 2n]), {
 *   return_inverse: true,
 *   return_counts: true,
 * }) as TensorTuple;
 * assert.deepEqual(values.tolist(), [1, 2, 3]);
 * assert.deepEqual(inverse.tolist(), [2, 0, 2, 1]);
 * assert.deepEqual(counts.tolist(), [1, 1, 2]);
 * ```
 */
export function unique(
  input: Tensor,
  ...rest: [
    sorted?: boolean | UniqueOptions,
    return_inverse?: boolean,
    return_counts?: boolean,
    dim?: number | null,
    options?: UniqueOptions,
  ]
): Tensor | TensorTuple {
  requireTensor(input, "unique");
  return uniqueOp("unique", input, false, bind("unique", UNIQUE, rest));
}

/**
 * Collapses runs of equal consecutive elements, like
 * `torch.unique_consecutive(input, return_inverse=False, return_counts=False, dim=None)`.
 *
 * @param input The tensor.
 * @param rest `return_inverse`, `return_counts`, `dim` by position or in an options object.
 * @returns The values, or a tuple with the inverse indices and/or counts.
 *
 * @example
 * ```ts
 * import { tensor, type TensorTuple, unique_consecutive } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, counts] = unique_consecutive(tensor([1n, 1n, 2n, 1n]), { return_counts: true }) as TensorTuple;
 * assert.deepEqual(values.tolist(), [1, 2, 1]);
 * assert.deepEqual(counts.tolist(), [2, 1, 1]);
 * ```
 */
export function unique_consecutive(
  input: Tensor,
  ...rest: [
    return_inverse?: boolean | UniqueOptions,
    return_counts?: boolean,
    dim?: number | null,
    options?: UniqueOptions,
  ]
): Tensor | TensorTuple {
  requireTensor(input, "unique_consecutive");
  const b = bind("unique_consecutive", UNIQUE.slice(1), rest);
  return uniqueOp("unique_consecutive", input, true, b);
}

// ---- bincount, histc ----

/**
 * How often each value 0, 1, 2, ... occurs in a 1-D non-negative int64 tensor (or the sum of
 * `weights` at those positions), like `torch.bincount(input, weights=None, minlength=0)`.
 *
 * @param input A 1-D int64 tensor of non-negative values.
 * @param rest `weights`, `minlength` by position or in an options object.
 * @returns int64 counts, or the weights' sums (float64 for float64 weights, else float32).
 *
 * @example
 * ```ts
 * import { bincount, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(bincount(tensor([0n, 2n, 2n])).tolist(), [1, 0, 2]);
 * assert.deepEqual(bincount(tensor([1n]), { minlength: 3 }).tolist(), [0, 1, 0]);
 * ```
 */
export function bincount(
  input: Tensor,
  ...rest: [
    weights?: Tensor | null | { weights?: Tensor | null; minlength?: number },
    minlength?: number,
    options?: {
      weights?: Tensor | null;
      minlength?: number;
    },
  ]
): Tensor {
  requireTensor(input, "bincount");
  const b = bind("bincount", [
    { name: "weights", kind: "any", default: null },
    { name: "minlength", kind: "int", default: 0 },
  ], rest);
  const weights = b.weights as Tensor | null;
  const minlength = b.minlength as number;
  if (input.dtype !== "int64" && input.dtype !== "bool") {
    throw new TypeError(
      `bincount: "bincount_cpu" not implemented for '${
        isFloating(input.dtype) ? (input.dtype === "float32" ? "Float" : "Double") : "Bool"
      }'`,
    );
  }
  if (input.dim() !== 1) {
    throw new RangeError("bincount only supports 1-d non-negative integral inputs.");
  }
  if (minlength < 0) throw new RangeError("bincount: minlength should be >= 0");
  const a = contiguousData(input);
  let n = minlength;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) throw new RangeError("bincount only supports 1-d non-negative integral inputs.");
    if (a[i] + 1 > n) n = a[i] + 1;
  }
  if (weights !== null) {
    requireTensor(weights, "bincount(weights)");
    if (weights.dim() !== 1 || weights.numel() !== input.numel()) {
      throw new RangeError("weights should be 1-d and have the same length as input");
    }
    const dtype: DType = weights.dtype === "float64" ? "float64" : "float32";
    const w = contiguousData(weights);
    const acc = new Float64Array(n);
    for (let i = 0; i < a.length; i++) acc[a[i]] += w[i];
    const out = allocate(dtype, n);
    out.set(acc);
    return fromData(out, [n], dtype);
  }
  const out = allocate("int64", n) as Float64Array;
  for (let i = 0; i < a.length; i++) out[a[i]]++;
  return fromData(out, [n], "int64");
}

/**
 * A histogram of `bins` equal-width bins over `[min, max]` (the data's range when both are 0),
 * like `torch.histc(input, bins=100, min=0, max=0)`; elements outside are ignored.
 *
 * @param input A floating point tensor.
 * @param rest `bins`, `min`, `max` by position or in an options object.
 * @returns The counts, in the input's dtype.
 *
 * @example
 * ```ts
 * import { histc, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(histc(tensor([1, 2, 1]), 4, 0, 3).tolist(), [0, 2, 1, 0]);
 * ```
 */
export function histc(
  input: Tensor,
  ...rest: [
    bins?: number | { bins?: number; min?: number; max?: number },
    min?: number,
    max?: number,
    options?: {
      bins?: number;
      min?: number;
      max?: number;
    },
  ]
): Tensor {
  requireTensor(input, "histc");
  const b = bind("histc", [
    { name: "bins", kind: "int", default: 100 },
    { name: "min", kind: "number", default: 0 },
    { name: "max", kind: "number", default: 0 },
  ], rest);
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `histc: "histogram_cpu" not implemented for '${input.dtype === "int64" ? "Long" : "Bool"}'`,
    );
  }
  const bins = b.bins as number;
  if (bins <= 0) throw new RangeError("torch.histc(): bins must be > 0, but got " + bins);
  const a = contiguousData(input);
  let lo = b.min as number;
  let hi = b.max as number;
  if (lo === hi && a.length > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  if (lo > hi) {
    throw new RangeError(`torch.histc(): max must be larger than min, but got min ${lo} max ${hi}`);
  }
  const out = allocate(input.dtype, bins);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!(v >= lo && v <= hi)) continue;
    let k = Math.floor((v - lo) * bins / (hi - lo));
    if (k === bins) k--;
    out[k]++;
  }
  return fromData(out, [bins], input.dtype);
}

// ---- searchsorted, bucketize ----

const SEARCH = [
  { name: "out_int32", kind: "bool", default: false, keywordOnly: true },
  { name: "right", kind: "bool", default: false, keywordOnly: true },
  {
    name: "side",
    kind: (v: unknown) => (v === "left" || v === "right" ? null : '"left" or "right"'),
    default: null,
    keywordOnly: true,
  },
  { name: "sorter", kind: "any", default: null, keywordOnly: true },
] as const;

/** Options of `searchsorted` and `bucketize`, with torch's keys. */
export interface SearchOptions {
  /** Return int32 indices (refused: this library has no int32 dtype). */
  out_int32?: boolean;
  /** Return the last suitable index instead of the first. Default false. */
  right?: boolean;
  /** `"left"` or `"right"`, the same as `right`. */
  side?: "left" | "right" | null;
  /** Indices that sort `sorted_sequence` (searchsorted only). */
  sorter?: Tensor | null;
}

function insertionIndex(
  seq: ArrayLike<number>,
  lo: number,
  n: number,
  v: number,
  right: boolean,
  sorter: ArrayLike<number> | null,
): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    const s = seq[lo + (sorter === null ? m : sorter[lo + m])];
    // NaN sorts as the largest value. Left: past every s < v; right: past every s ≤ v.
    const less = s < v || (v !== v && s === s);
    const greater = s > v || (s !== s && v === v);
    if (right ? !greater : less) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * For each value, the index at which it would be inserted into the innermost dim of
 * `sorted_sequence` to keep it sorted, like
 * `torch.searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, sorter=None)`.
 *
 * @param sorted_sequence A sorted tensor (1-D, or with leading dims matching `values`').
 * @param values A tensor or a number.
 * @param options `{ right, side, sorter }`.
 * @returns int64 insertion indices shaped like `values`.
 *
 * @example
 * ```ts
 * import { searchsorted, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const seq = tensor([1, 3, 5, 7]);
 * assert.deepEqual(searchsorted(seq, tensor([3, 6])).tolist(), [1, 3]);
 * assert.deepEqual(searchsorted(seq, tensor([3, 6]), { right: true }).tolist(), [2, 3]);
 * ```
 */
export function searchsorted(
  sorted_sequence: Tensor,
  values: Tensor | number,
  options?: SearchOptions,
): Tensor {
  requireTensor(sorted_sequence, "searchsorted");
  const b = bind("searchsorted", SEARCH, options === undefined ? [] : [options]);
  if (b.out_int32) {
    throw new TypeError(
      "searchsorted: out_int32 is not supported (this library has no int32 dtype)",
    );
  }
  if (b.side !== null && b.right === true && b.side === "left") {
    throw new RangeError(
      "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True",
    );
  }
  const right = b.side === "right" || b.right === true;
  const scalar = typeof values === "number";
  if (!scalar) requireTensor(values, "searchsorted(values)");
  const vals = scalar
    ? fromData(new Float64Array([values as number]), [], "float64")
    : values as Tensor;
  const seqDims = sorted_sequence.dim();
  if (seqDims === 0) {
    throw new RangeError(
      "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension",
    );
  }
  if (seqDims > 1) {
    const lead = sorted_sequence.shape.slice(0, -1);
    const vlead = vals.shape.slice(0, -1);
    if (vals.dim() !== seqDims || lead.some((s, i) => s !== vlead[i])) {
      throw new RangeError(
        `torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${
          sorted_sequence.shape.join(", ")
        }] and input value tensor [${vals.shape.join(", ")}]`,
      );
    }
  }
  const seq = contiguousData(sorted_sequence);
  const v = contiguousData(vals);
  const sorter = b.sorter === null ? null : contiguousData(b.sorter as Tensor);
  const n = sorted_sequence.shape[seqDims - 1];
  const perRow = seqDims === 1 ? v.length : vals.shape[vals.dim() - 1];
  const out = allocate("int64", v.length) as Float64Array;
  for (let i = 0; i < v.length; i++) {
    const row = seqDims === 1 ? 0 : Math.floor(i / perRow);
    out[i] = insertionIndex(seq, row * n, n, v[i], right, sorter);
  }
  return fromData(out, vals.shape, "int64");
}

/**
 * For each element, the index of the bucket of `boundaries` (1-D, sorted) it falls in, like
 * `torch.bucketize(input, boundaries, *, out_int32=False, right=False)`.
 *
 * @param input A tensor or a number.
 * @param boundaries A sorted 1-D tensor.
 * @param options `{ right }`.
 * @returns int64 bucket indices shaped like `input`.
 *
 * @example
 * ```ts
 * import { bucketize, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(bucketize(tensor([0, 3, 9]), tensor([1, 3, 5])).tolist(), [0, 1, 3]);
 * ```
 */
export function bucketize(
  input: Tensor | number,
  boundaries: Tensor,
  options?: { out_int32?: boolean; right?: boolean },
): Tensor {
  requireTensor(boundaries, "bucketize(boundaries)");
  if (boundaries.dim() !== 1) {
    throw new RangeError(
      `bucketize(): boundaries tensor must be 1 dimension, but got dim(${boundaries.dim()})`,
    );
  }
  const b = bind("bucketize", SEARCH.slice(0, 2), options === undefined ? [] : [options]);
  return searchsorted(boundaries, input, {
    out_int32: b.out_int32 as boolean,
    right: b.right as boolean,
  });
}
