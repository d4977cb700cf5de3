/**
 * Statistics over dims with torch's semantics: `nansum`, `nanmean`, `aminmax`, `std_mean`,
 * `var_mean`, `median` / `nanmedian` (whole tensor or along a dim), `quantile` / `nanquantile`
 * (five interpolation modes) and `mode`. Tuple results are torch's named or plain tuples
 * (`lib/ops/return_types.ts`).
 *
 * @module
 */

import { allocate, type Data, type DType, isFloating } from "../tensor/dtype.ts";
import { bind, boundDType, isOptionsObject } from "../tensor/args.ts";
import { normalizeDims } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { MinMax, TensorTuple, ValuesIndices } from "./return_types.ts";
import {
  amax,
  amin,
  checkKeepdim,
  type Dims,
  type Lanes,
  lanesOf,
  oneDim,
  outShape,
  requireNonEmpty,
  std,
  variance,
  type VarOptions,
} from "./reduce_dims.ts";
import { mean as meanOp } from "./reduce.ts";
import { castFor } from "./dtype_arg.ts";

/** An identity node under torch's name for an op composed here from others (std_mean, ...). */
export function renamed(t: Tensor, name: string): Tensor {
  const data = contiguousData(t);
  const copy = allocate(t.dtype, data.length);
  copy.set(data);
  return result(copy, t.shape, name, [t], (g) => [g], { dtype: t.dtype });
}

function allDims(dim: unknown, x: Tensor, where: string): number[] {
  return normalizeDims((dim ?? undefined) as Dims | undefined, x.dim(), where);
}

// ---- nansum, nanmean ----

const NANSUM = [
  { name: "dim", kind: "ints", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
] as const;

/** Options of `nansum` and `nanmean`, with torch's keys. */
export interface NanReduceOptions {
  /** Dims to reduce (all when null). */
  dim?: Dims | null;
  /** Keep reduced dims as size 1. */
  keepdim?: boolean;
  /** Cast the input to this dtype first. */
  dtype?: DType | null;
}

function nanReduce(op: "nansum" | "nanmean", input: Tensor, rest: readonly unknown[]): Tensor {
  requireTensor(input, op);
  const b = bind(op, NANSUM, rest);
  const x = castFor(input, boundDType(b), op);
  if (op === "nanmean" && !isFloating(x.dtype)) {
    throw new TypeError(
      `nanmean(): expected input to have floating point dtype but got ${
        x.dtype === "int64" ? "Long" : "Bool"
      }`,
    );
  }
  const dims = allDims(b.dim, x, op);
  const keep = b.keepdim as boolean;
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "int64";
  const sums = allocate(dtype, L.count);
  const counts = allocate(dtype, L.count);
  for (let o = 0; o < L.count; o++) {
    let s = 0;
    let c = 0;
    for (let j = 0; j < L.n; j++) {
      const v = a[L.pos[o * L.n + j]];
      if (v === v) {
        s += v;
        c++;
      }
    }
    sums[o] = s;
    counts[o] = c;
  }
  const shape = outShape(x.shape, dims, keep);
  const s = result(sums, shape, "NansumBackward0", [x], (g) => {
    // grad · (x is not NaN), broadcast back over the reduced dims.
    const gk = g.reshape(L.kept.length ? L.kept : []).expand(x.shape);
    return [gk.mul(x.isnan().logical_not())];
  }, { dtype, saved: [x] });
  if (op === "nansum") return s;
  return s.div(fromData(counts, shape, dtype));
}

/**
 * The sum treating NaN as zero, like `torch.nansum(input, dim=None, keepdim=False, *, dtype=None)`.
 *
 * @param input The tensor.
 * @param rest `dim`, `keepdim` by position or in an options object; `{ dtype }`.
 * @returns The sum (NansumBackward0).
 *
 * @example
 * ```ts
 * import { nansum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nansum(tensor([1, NaN, 2])).item(), 3);
 * assert.deepEqual(nansum(tensor([[1, NaN], [2, 3]]), 1).tolist(), [1, 5]);
 * ```
 */
export function nansum(
  input: Tensor,
  ...rest: [dim?: Dims | null | NanReduceOptions, keepdim?: boolean, options?: NanReduceOptions]
): Tensor {
  return nanReduce("nansum", input, rest);
}

/**
 * The mean of the non-NaN elements, like `torch.nanmean(input, dim=None, keepdim=False, *, dtype=None)`.
 *
 * @param input A floating point tensor.
 * @param rest `dim`, `keepdim` by position or in an options object; `{ dtype }`.
 * @returns The mean (DivBackward0, as torch composes it).
 *
 * @example
 * ```ts
 * import { nanmean, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nanmean(tensor([1, NaN, 2])).item(), 1.5);
 * ```
 */
export function nanmean(
  input: Tensor,
  ...rest: [dim?: Dims | null | NanReduceOptions, keepdim?: boolean, options?: NanReduceOptions]
): Tensor {
  return nanReduce("nanmean", input, rest);
}

// ---- aminmax ----

const AMINMAX = [
  { name: "dim", kind: "int", default: null, keywordOnly: true },
  { name: "keepdim", kind: "bool", default: false, keywordOnly: true },
] as const;

/**
 * The smallest and largest values, over all elements or along `dim`, like
 * `torch.aminmax(input, *, dim=None, keepdim=False)`: `{ min, max }` (also `[min, max]`).
 * Not differentiable, as in torch (the outputs' grad_fn is `NotImplemented`).
 *
 * @param input The tensor.
 * @param options `{ dim, keepdim }` (torch's keyword-only arguments).
 * @returns torch.return_types.aminmax(min, max).
 *
 * @example
 * ```ts
 * import { aminmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [lo, hi] = aminmax(tensor([[1, 4], [3, 2]]));
 * assert.equal(lo.item(), 1);
 * assert.equal(hi.item(), 4);
 * ```
 */
export function aminmax(
  input: Tensor,
  options?: { dim?: number | null; keepdim?: boolean },
): MinMax {
  requireTensor(input, "aminmax");
  const b = bind("aminmax", AMINMAX, options === undefined ? [] : [options]);
  const dim = b.dim as number | null;
  const keep = b.keepdim as boolean;
  if (dim === null && input.numel() === 0) {
    throw new RangeError(
      "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.",
    );
  }
  const lo = dim === null ? amin(input, undefined, keep) : amin(input, dim, keep);
  const hi = dim === null ? amax(input, undefined, keep) : amax(input, dim, keep);
  const notImplemented = (t: Tensor) =>
    result(contiguousData(t).slice(), t.shape, "NotImplemented", [input], () => {
      throw new Error("the derivative for 'aminmax' is not implemented.");
    }, { dtype: t.dtype });
  return new MinMax(notImplemented(lo.detach()), notImplemented(hi.detach()));
}

// ---- std_mean, var_mean ----

const MOMENTS = [
  { name: "dim", kind: "ints", default: null },
  { name: "unbiased", kind: "bool", default: null },
  { name: "keepdim", kind: "bool", default: false },
  { name: "correction", kind: "int", default: null, keywordOnly: true },
] as const;

function momentsMean(
  kind: "std" | "var",
  input: Tensor,
  dim: Dims | boolean | null | undefined | MomentsOptions,
  unbiased: boolean | VarOptions | undefined,
  keepdim: boolean | undefined,
): TensorTuple {
  requireTensor(input, `${kind}_mean`);
  const args: unknown[] = [dim, unbiased, keepdim];
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  if (typeof dim !== "boolean" && args.some(isOptionsObject) && !isOptionsObject(unbiased)) {
    // torch's keywords: dim, unbiased, keepdim, correction (dim may come by position).
    const b = bind(`${kind}_mean`, MOMENTS, args);
    const opts: VarOptions = { keepdim: b.keepdim as boolean };
    if (b.correction !== null) opts.correction = b.correction as number;
    if (b.unbiased !== null) opts.unbiased = b.unbiased as boolean;
    dim = (b.dim ?? undefined) as Dims | undefined;
    unbiased = opts;
    keepdim = undefined;
  }
  const d = dim as Dims | boolean | null | undefined;
  const s = kind === "std"
    ? std(input, d, unbiased, keepdim)
    : variance(input, d, unbiased, keepdim);
  const keep = keepdim ??
    (typeof unbiased === "object" && unbiased !== null ? unbiased.keepdim : undefined) ?? false;
  const dims = typeof d === "boolean" || d === null || d === undefined ? undefined : d;
  const m = meanOp(input, dims ?? normalizeDims(undefined, input.dim(), "mean"), keep);
  const name = kind === "std" ? "StdMeanBackward0" : "VarMeanBackward0";
  return new TensorTuple([renamed(s, name), renamed(m, name)]);
}

/**
 * The standard deviation and the mean together, like
 * `torch.std_mean(input, dim=None, unbiased=True, keepdim=False, *, correction)`: a plain tuple
 * `(std, mean)`, with `std`'s arguments.
 *
 * @param input A floating point tensor.
 * @param dim Dims to reduce, or torch's bare `unbiased` boolean.
 * @param unbiased Bessel's correction, or options `{ correction, unbiased, keepdim }`.
 * @param keepdim Keep reduced dims as size 1.
 * @returns `(std, mean)` (both StdMeanBackward0).
 *
 * @example
 * ```ts
 * import { std_mean, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [s, m] = std_mean(tensor([[1, 3], [2, 6]]), 1);
 * assert.deepEqual(m.tolist(), [2, 4]);
 * assert.equal(String(s), "tensor([1.4142, 2.8284])");
 * ```
 */
export function std_mean(
  input: Tensor,
  dim?: Dims | boolean | null | MomentsOptions,
  unbiased?: boolean | VarOptions,
  keepdim?: boolean,
): TensorTuple {
  return momentsMean("std", input, dim, unbiased, keepdim);
}

/**
 * The variance and the mean together, like `torch.var_mean(...)`: a plain tuple `(var, mean)`.
 *
 * @param input A floating point tensor.
 * @param dim Dims to reduce, torch's bare `unbiased` boolean, or options `{ dim, unbiased, keepdim, correction }`.
 * @param unbiased Bessel's correction, or options `{ correction, unbiased, keepdim }`.
 * @param keepdim Keep reduced dims as size 1.
 * @returns `(var, mean)` (both VarMeanBackward0).
 *
 * @example
 * ```ts
 * import { tensor, var_mean } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [v, m] = var_mean(tensor([1, 2, 3, 4]), { correction: 0 });
 * assert.equal(v.item(), 1.25);
 * assert.equal(m.item(), 2.5);
 * ```
 */
export function var_mean(
  input: Tensor,
  dim?: Dims | boolean | null | MomentsOptions,
  unbiased?: boolean | VarOptions,
  keepdim?: boolean,
): TensorTuple {
  return momentsMean("var", input, dim, unbiased, keepdim);
}

/** Options of `std_mean` and `var_mean`, with torch's keys. */
export interface MomentsOptions {
  /** Dims to reduce (all when omitted or null). */
  dim?: Dims | null;
  /** Bessel's correction (true is `correction: 1`). */
  unbiased?: boolean | null;
  /** Keep reduced dims as size 1. */
  keepdim?: boolean;
  /** Subtracted from the element count in the divisor. Default 1. */
  correction?: number | null;
}

// ---- median, nanmedian ----

/** Per lane: the lower median's position in the lane (NaN: the first NaN, unless skipped). */
function medianAt(a: Data, L: Lanes, skipNaN: boolean): { at: Int32Array; nan: Uint8Array } {
  const at = new Int32Array(L.count);
  const nan = new Uint8Array(L.count);
  const idx: number[] = [];
  for (let o = 0; o < L.count; o++) {
    idx.length = 0;
    let firstNaN = -1;
    for (let j = 0; j < L.n; j++) {
      const v = a[L.pos[o * L.n + j]];
      if (v !== v) {
        if (firstNaN < 0) firstNaN = j;
      } else idx.push(j);
    }
    if ((firstNaN >= 0 && !skipNaN) || idx.length === 0) {
      at[o] = firstNaN >= 0 ? firstNaN : 0;
      nan[o] = 1;
      continue;
    }
    idx.sort((p, q) => a[L.pos[o * L.n + p]] - a[L.pos[o * L.n + q]] || p - q);
    at[o] = idx[(idx.length - 1) >> 1];
  }
  return { at, nan };
}

function medianOp(
  op: "median" | "nanmedian",
  input: Tensor,
  dim: number | undefined,
  keepdim: boolean | undefined,
): Tensor | ValuesIndices {
  requireTensor(input, op);
  const Name = op === "median" ? "Median" : "Nanmedian";
  const a = contiguousData(input);
  if (dim === undefined) {
    if (keepdim !== undefined) {
      throw new TypeError(`${op}(dim, keepdim): keepdim was given without a dim`);
    }
    const L = lanesOf(input.shape, normalizeDims(undefined, input.dim(), op));
    const out = allocate(input.dtype, 1);
    if (input.numel() === 0) out[0] = NaN;
    else {
      const { at, nan } = medianAt(a, L, op === "nanmedian");
      out[0] = nan[0] ? NaN : a[L.pos[at[0]]];
    }
    const best = out[0];
    // evenly_distribute_backward: the elements equal to the result share the gradient.
    return result(out, [], `${Name}Backward0`, [input], (g) => {
      const hit = best !== best ? input.isnan() : input.eq(best);
      const count = hit.sum();
      return [hit.to(g.dtype).mul(g.div(count))];
    }, { dtype: input.dtype, saved: [input] });
  }
  const keep = checkKeepdim(keepdim, op);
  const dims = oneDim(dim, input, op);
  requireNonEmpty(input, dims, `${op}()`);
  const L = lanesOf(input.shape, dims);
  const { at } = medianAt(a, L, op === "nanmedian");
  return gathered(op, input, dims, L, at, keep, `${Name}Backward1`);
}

/** Values and indices picked at lane positions `at` (one per lane), as max(dim) builds them. */
function gathered(
  name: string,
  x: Tensor,
  dims: number[],
  L: Lanes,
  at: Int32Array,
  keep: boolean,
  gradName: string,
): ValuesIndices {
  const a = contiguousData(x);
  const values = allocate(x.dtype, L.count);
  const indices = allocate("int64", L.count) as Float64Array;
  for (let o = 0; o < L.count; o++) {
    values[o] = a[L.pos[o * L.n + at[o]]];
    indices[o] = at[o];
  }
  const shape = outShape(x.shape, dims, keep);
  const v = result(values, shape, gradName, [x], (g) => {
    // value_selecting_reduction_backward: the gradient goes to the selected element.
    const gs = contiguousData(g);
    const grad = allocate(x.dtype, x.numel());
    for (let o = 0; o < L.count; o++) grad[L.pos[o * L.n + at[o]]] += gs[o];
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype: x.dtype });
  return new ValuesIndices(name, v, fromData(indices, shape, "int64"));
}

/**
 * The median (the lower of the two middle values for an even count), like `torch.median(input)`;
 * with `dim`, `{ values, indices }` along it, like `torch.median(input, dim, keepdim)`. NaN
 * propagates (use `nanmedian` to skip it).
 *
 * @param input The tensor.
 * @param dim The dim to reduce (all elements when omitted).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns A 0-dim tensor (MedianBackward0), or torch.return_types.median (MedianBackward1).
 *
 * @example
 * ```ts
 * import { median, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(median(tensor([4, 1, 3, 2])).item(), 2);
 * const { values, indices } = median(tensor([[5, 1, 3], [0, 9, 7]]), 1);
 * assert.deepEqual(values.tolist(), [3, 7]);
 * assert.deepEqual(indices.tolist(), [2, 2]);
 * ```
 */
export function median(input: Tensor): Tensor;
/**
 * The median along `dim` and where it is, like `torch.median(input, dim, keepdim)`.
 *
 * @param input The tensor.
 * @param dim The dim to reduce.
 * @param keepdim Keep the reduced dim as size 1.
 * @returns torch.return_types.median(values, indices).
 *
 * @example
 * ```ts
 * import { median, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values] = median(tensor([[5, 1, 3]]), -1);
 * assert.deepEqual(values.tolist(), [3]);
 * ```
 */
export function median(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function median(input: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return medianOp("median", input, dim, keepdim);
}

/**
 * The median of the non-NaN values, like `torch.nanmedian(input)`; with `dim`,
 * `{ values, indices }` along it.
 *
 * @param input The tensor.
 * @param dim The dim to reduce (all elements when omitted).
 * @param keepdim Keep the reduced dim as size 1.
 * @returns A 0-dim tensor (NanmedianBackward0), or torch.return_types.nanmedian.
 *
 * @example
 * ```ts
 * import { nanmedian, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nanmedian(tensor([4, NaN, 3, 1])).item(), 3);
 * ```
 */
export function nanmedian(input: Tensor): Tensor;
/**
 * The median of the non-NaN values along `dim`, like `torch.nanmedian(input, dim, keepdim)`.
 *
 * @param input The tensor.
 * @param dim The dim to reduce.
 * @param keepdim Keep the reduced dim as size 1.
 * @returns torch.return_types.nanmedian(values, indices).
 *
 * @example
 * ```ts
 * import { nanmedian, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nanmedian(tensor([[4, NaN, 3]]), 1).values.tolist(), [3]);
 * ```
 */
export function nanmedian(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function nanmedian(input: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return medianOp("nanmedian", input, dim, keepdim);
}

// ---- quantile, nanquantile ----

const INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"];

const QUANTILE = [
  { name: "dim", kind: "int", default: null },
  { name: "keepdim", kind: "bool", default: false },
  {
    name: "interpolation",
    kind: (v: unknown) =>
      typeof v === "string" && INTERPOLATIONS.includes(v)
        ? null
        : `one of ${INTERPOLATIONS.map((s) => JSON.stringify(s)).join(", ")}`,
    default: "linear",
    keywordOnly: true,
  },
] as const;

/** Options of `quantile`, with torch's keys. */
export interface QuantileOptions {
  /** The dim to reduce (all elements, flattened, when null). */
  dim?: number | null;
  /** Keep the reduced dim as size 1. */
  keepdim?: boolean;
  /** `"linear"` (default), `"lower"`, `"higher"`, `"midpoint"` or `"nearest"`. */
  interpolation?: "linear" | "lower" | "higher" | "midpoint" | "nearest";
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function quantileOp(
  op: "quantile" | "nanquantile",
  input: Tensor,
  q: number | Tensor,
  rest: readonly unknown[],
): Tensor {
  requireTensor(input, op);
  const b = bind(op, QUANTILE, rest);
  if (!isFloating(input.dtype)) {
    throw new TypeError(`${op}() input tensor must be either float or double dtype`);
  }
  let qs: number[];
  let qShape: number[];
  if (typeof q === "number") {
    qs = [q];
    qShape = [];
  } else {
    requireTensor(q, `${op}(q)`);
    if (q.dim() > 1) {
      throw new RangeError(`${op}() q must be a scalar or 1D tensor`);
    }
    if (q.dtype !== input.dtype) {
      throw new TypeError(
        `${op}() q tensor must be same dtype as the input tensor`,
      );
    }
    qs = Array.from(contiguousData(q));
    qShape = [...q.shape];
  }
  for (const v of qs) {
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(`${op}() q must be in the range [0, 1] but got ${v}`);
    }
  }
  const dim = b.dim as number | null;
  const keep = b.keepdim as boolean;
  const interp = b.interpolation as string;
  // dim null: quantiles of the flattened input.
  const x = dim === null ? input.reshape(-1) : input;
  const dims = dim === null ? [0] : oneDim(dim, x, op);
  if (x.numel() === 0 || (dims.length === 1 && x.shape[dims[0]] === 0)) {
    throw new RangeError(`${op}() input tensor must be non-empty`);
  }
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const f32 = input.dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const nq = qs.length;
  const out = allocate(input.dtype, nq * L.count);
  // For the backward: per output, the two lane positions and the weight of the upper one.
  const lo = new Int32Array(nq * L.count);
  const hi = new Int32Array(nq * L.count);
  const w = new Float64Array(nq * L.count);
  const idx: number[] = [];
  for (let o = 0; o < L.count; o++) {
    // The lane sorted with NaN last (stable), as torch's sort.
    idx.length = 0;
    let valid = 0;
    for (let j = 0; j < L.n; j++) {
      idx.push(j);
      if (a[L.pos[o * L.n + j]] === a[L.pos[o * L.n + j]]) valid++;
    }
    const val = (j: number) => a[L.pos[o * L.n + j]];
    idx.sort((p, s) => {
      const x = val(p);
      const y = val(s);
      if (x !== x || y !== y) return (x !== x ? 1 : 0) - (y !== y ? 1 : 0) || p - s;
      return x - y || p - s;
    });
    for (let k = 0; k < nq; k++) {
      const at = k * L.count + o;
      // torch: ranks = q · (valid − 1) in the dtype; quantile takes the last (NaN) element of
      // a lane with NaN; nanquantile of an all-NaN lane takes rank 0 (a NaN).
      let rank: number;
      if (op === "quantile" && valid < L.n) rank = L.n - 1;
      else rank = Math.max(0, r(qs[k] * (valid - 1)));
      if (interp === "lower") rank = Math.floor(rank);
      else if (interp === "higher") rank = Math.ceil(rank);
      else if (interp === "nearest") rank = roundHalfEven(rank);
      const below = Math.floor(rank);
      const above = Math.min(Math.ceil(rank), L.n - 1);
      const vb = val(idx[below]);
      const va = val(idx[above]);
      const weight = interp === "midpoint" ? 0.5 : r(rank - below);
      const d = r(va - vb);
      out[at] = weight < 0.5 ? vb + weight * d : va - d * r(1 - weight);
      lo[at] = idx[below];
      hi[at] = idx[above];
      w[at] = weight;
    }
  }
  const lanesShape = outShape(x.shape, dims, dim === null ? keep : keep);
  let shape = [...qShape, ...lanesShape];
  if (dim === null && keep) shape = [...qShape, ...input.shape.map(() => 1)];
  return result(out, shape, "SqueezeBackward3", [input], (g) => {
    const gs = contiguousData(g);
    const grad = allocate(input.dtype, x.numel());
    for (let o = 0; o < L.count; o++) {
      for (let k = 0; k < nq; k++) {
        const at = k * L.count + o;
        grad[L.pos[o * L.n + lo[at]]] += gs[at] * (1 - w[at]);
        grad[L.pos[o * L.n + hi[at]]] += gs[at] * w[at];
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype });
}

/**
 * The `q`-th quantiles along `dim` (of all elements when `dim` is null), like
 * `torch.quantile(input, q, dim=None, keepdim=False, *, interpolation='linear')`; NaN in a lane
 * gives NaN (see `nanquantile`). A tensor `q` adds a leading dim of its length.
 *
 * @param input A floating point tensor.
 * @param q A number in [0, 1], or a 1-D tensor of them (the input's dtype).
 * @param rest `dim`, `keepdim` by position or in an options object; `{ interpolation }`.
 * @returns The quantiles (SqueezeBackward3, as torch composes it).
 *
 * @example
 * ```ts
 * import { quantile, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([0, 1, 2, 3]);
 * assert.equal(quantile(x, 0.5).item(), 1.5);
 * assert.equal(quantile(x, 0.5, { interpolation: "lower" }).item(), 1);
 * ```
 */
export function quantile(
  input: Tensor,
  q: number | Tensor,
  ...rest: [dim?: number | null | QuantileOptions, keepdim?: boolean, options?: QuantileOptions]
): Tensor {
  return quantileOp("quantile", input, q, rest);
}

/**
 * `quantile` ignoring NaN, like `torch.nanquantile(...)` (a lane of only NaN gives NaN).
 *
 * @param input A floating point tensor.
 * @param q A number in [0, 1], or a 1-D tensor of them.
 * @param rest `dim`, `keepdim` by position or in an options object; `{ interpolation }`.
 * @returns The quantiles.
 *
 * @example
 * ```ts
 * import { nanquantile, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nanquantile(tensor([0, NaN, 2]), 0.5).item(), 1);
 * ```
 */
export function nanquantile(
  input: Tensor,
  q: number | Tensor,
  ...rest: [dim?: number | null | QuantileOptions, keepdim?: boolean, options?: QuantileOptions]
): Tensor {
  return quantileOp("nanquantile", input, q, rest);
}

// ---- mode ----

const MODE = [
  { name: "dim", kind: "int", default: -1 },
  { name: "keepdim", kind: "bool", default: false },
] as const;

/**
 * The most frequent value along `dim` and an index of it, like
 * `torch.mode(input, dim=-1, keepdim=False)`: among equally frequent values the smallest, and
 * its last position in the lane, as torch's CPU kernel gives.
 *
 * @param input The tensor.
 * @param rest `dim`, `keepdim` by position or in an options object.
 * @returns torch.return_types.mode(values, indices) (ModeBackward0).
 *
 * @example
 * ```ts
 * import { mode, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const { values, indices } = mode(tensor([[1, 3, 3, 2, 1], [4, 4, 0, 0, 5]]));
 * assert.deepEqual(values.tolist(), [1, 0]);
 * assert.deepEqual(indices.tolist(), [4, 3]);
 * ```
 */
export function mode(
  input: Tensor,
  ...rest: [dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean, options?: {
    dim?: number;
    keepdim?: boolean;
  }]
): ValuesIndices {
  requireTensor(input, "mode");
  const b = bind("mode", MODE, rest);
  const dims = oneDim(b.dim, input, "mode");
  requireNonEmpty(input, dims, "mode()");
  const a = contiguousData(input);
  const L = lanesOf(input.shape, dims);
  const at = new Int32Array(L.count);
  const idx: number[] = [];
  for (let o = 0; o < L.count; o++) {
    idx.length = 0;
    for (let j = 0; j < L.n; j++) idx.push(j);
    const val = (j: number) => a[L.pos[o * L.n + j]];
    idx.sort((p, q) => val(p) - val(q) || p - q);
    let best = -1;
    let bestCount = 0;
    for (let i = 0; i < idx.length;) {
      let e = i;
      while (e + 1 < idx.length && val(idx[e + 1]) === val(idx[i])) e++;
      if (e - i + 1 > bestCount) {
        bestCount = e - i + 1;
        best = idx[e]; // the last position among the equal values
      }
      i = e + 1;
    }
    at[o] = best;
  }
  return gathered("mode", input, dims, L, at, b.keepdim as boolean, "ModeBackward0");
}
