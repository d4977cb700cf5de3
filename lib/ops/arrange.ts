/**
 * Rearranging copies and index writes: `tril`, `triu`, `diag`, `diag_embed`, `diagflat`,
 * `trace`, `flip`, `fliplr`, `flipud`, `roll`, `repeat_interleave`, `tile`, `meshgrid`,
 * `hstack`, `vstack`, `column_stack`, `concat`, `take`, `argwhere`, `tril_indices`,
 * `triu_indices`, `index_add`, `index_copy`, `masked_scatter`, `put`, `fill_diagonal_`; and the
 * torch functions of view methods (`squeeze`, `unsqueeze`, `flatten`, `reshape`,
 * `transpose`, `swapaxes`, `permute`, `t`, `narrow`, `select`).
 *
 * Each op that computes new values records torch's node beside its forward:
 *
 * | op                | backward (torch's formula)                                     |
 * | ----------------- | -------------------------------------------------------------- |
 * | tril / triu       | TrilBackward0 / TriuBackward0: g.tril(k) / g.triu(k)           |
 * | diag (1-D input)  | DiagBackward0: g.diagonal(k)                                   |
 * | diag (2-D input)  | DiagBackward0: zeros with the diagonal set to g                |
 * | diag_embed        | DiagEmbedBackward0: g.diagonal(offset, dim1, dim2)             |
 * | trace             | TraceBackward0: g times the identity                           |
 * | flip              | FlipBackward0: g.flip(dims)                                    |
 * | roll              | RollBackward0: g.roll(-shifts, dims)                           |
 * | take              | TakeBackward0: zeros.put_(index, g, accumulate=True)           |
 * | index_add         | IndexAddBackward0: g; source: alpha · g.index_select(dim, idx) |
 * | index_copy        | IndexCopyBackward0: g.index_fill(dim, idx, 0); source: select  |
 * | masked_scatter    | MaskedScatterBackward0: g.masked_fill(mask, 0); source: picked |
 * | put               | PutBackward0: g (or g.put(idx, 0)); source: g.take(idx)        |
 *
 * Composite ops are composed as torch composes them (so they get their gradients and node
 * names from the parts): `tile` is `repeat`, `repeat_interleave` is `index_select`,
 * `meshgrid` is `expand`, `hstack`/`vstack`/`column_stack` are `cat`, `diagflat` is `diag`.
 *
 * @module
 */

import { allocate, castValue, type Data, describe, type DType } from "../tensor/dtype.ts";
import { bind, isOptionsObject, type Signature } from "../tensor/args.ts";
import { normalizeDim, numelOf, offsetsOf, sizeString, stridesOf } from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  requireTensor,
  result,
  storageOf,
  type Tensor,
} from "../tensor/tensor.ts";
import { apply_ } from "./inplace.ts";
import { linearInGrad } from "../tensor/autograd.ts";
import { cat, index_select, masked_select, nonzero } from "./gather.ts";
import * as vw from "./view.ts";
import { zeros } from "./create.ts";

/** The values of `args` bound to `sig`, in the signature's order (by position or by name). */
function named(where: string, sig: Signature, args: readonly unknown[]): unknown[] {
  const b = bind(where, sig, args);
  return sig.map((p) => b[p.name]);
}

const DIAGONAL: Signature = [{ name: "diagonal", kind: "int", default: 0 }];
const OFFSET: Signature = [{ name: "offset", kind: "int", default: 0 }];
const INTS = (v: unknown) =>
  (typeof v === "number" && Number.isInteger(v)) ||
    (Array.isArray(v) && v.every((x) => Number.isInteger(x)))
    ? null
    : "an int or an array of ints";

// ---------------------------------------------------------------------------------------------
// tril, triu
// ---------------------------------------------------------------------------------------------

function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  const where = lower ? "tril" : "triu";
  requireTensor(x, where);
  if (x.dim() < 2) {
    // torch reads dim -2 of the input.
    throw new RangeError(
      `${where}: Dimension out of range (expected to be in range of [-1, 0], but got -2): the input must have at least 2 dimensions`,
    );
  }
  if (!Number.isInteger(diagonal)) {
    throw new TypeError(
      `${where}(): argument 'diagonal' must be an int, got ${describe(diagonal)}`,
    );
  }
  const src = contiguousData(x);
  const out = allocate(x.dtype, src.length);
  const rows = x.shape[x.dim() - 2];
  const cols = x.shape[x.dim() - 1];
  const mats = rows * cols === 0 ? 0 : src.length / (rows * cols);
  for (let m = 0; m < mats; m++) {
    const base = m * rows * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const keep = lower ? j - i <= diagonal : j - i >= diagonal;
        if (keep) out[base + i * cols + j] = src[base + i * cols + j];
      }
    }
  }
  return result(out, x.shape, lower ? "TrilBackward0" : "TriuBackward0", [x], (g) => [
    triangle(g, diagonal, lower),
  ], { dtype: x.dtype });
}

/**
 * The lower triangle of the last two dims (entries with `j − i <= diagonal`), the rest zero,
 * like `torch.tril(input, diagonal=0)`.
 *
 * @param input A tensor of at least 2 dims.
 * @param diagonal Which diagonal bounds the triangle. Default 0.
 * @returns A new tensor (TrilBackward0).
 *
 * @example
 * ```ts
 * import { ones, tril } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tril(ones(2, 2)).tolist(), [[1, 0], [1, 1]]);
 * ```
 */
export function tril(
  input: Tensor,
  ...args: [diagonal?: number, options?: { diagonal?: number }] | [{ diagonal?: number }]
): Tensor {
  const [diagonal] = named("tril", DIAGONAL, args);
  return triangle(input, diagonal as number, true);
}

/**
 * The upper triangle of the last two dims (entries with `j − i >= diagonal`), the rest zero,
 * like `torch.triu(input, diagonal=0)`.
 *
 * @param input A tensor of at least 2 dims.
 * @param diagonal Which diagonal bounds the triangle. Default 0.
 * @returns A new tensor (TriuBackward0).
 *
 * @example
 * ```ts
 * import { ones, triu } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(triu(ones(2, 2), 1).tolist(), [[0, 1], [0, 0]]);
 * ```
 */
export function triu(
  input: Tensor,
  ...args: [diagonal?: number, options?: { diagonal?: number }] | [{ diagonal?: number }]
): Tensor {
  const [diagonal] = named("triu", DIAGONAL, args);
  return triangle(input, diagonal as number, false);
}

// ---------------------------------------------------------------------------------------------
// diag, diag_embed, diagflat, trace, fill_diagonal_
// ---------------------------------------------------------------------------------------------

/**
 * A 1-D input as the `diagonal`-th diagonal of a square matrix, or a 2-D input's
 * `diagonal`-th diagonal as a 1-D copy, like `torch.diag(input, diagonal=0)`.
 *
 * @param input A 1-D or 2-D tensor.
 * @param diagonal 0 the main diagonal, > 0 above it, < 0 below.
 * @returns A new tensor (DiagBackward0).
 *
 * @example
 * ```ts
 * import { diag, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(diag(tensor([1, 2])).tolist(), [[1, 0], [0, 2]]);
 * assert.deepEqual(diag(tensor([[1, 2], [3, 4]])).tolist(), [1, 4]);
 * ```
 */
export function diag(
  input: Tensor,
  ...args: [diagonal?: number, options?: { diagonal?: number }] | [{ diagonal?: number }]
): Tensor {
  requireTensor(input, "diag");
  const diagonal = named("diag", DIAGONAL, args)[0] as number;
  if (!Number.isInteger(diagonal)) {
    throw new TypeError(`diag(): argument 'diagonal' must be an int, got ${describe(diagonal)}`);
  }
  if (input.dim() === 1) {
    const n = input.shape[0];
    const size = n + Math.abs(diagonal);
    const src = contiguousData(input);
    const out = allocate(input.dtype, size * size);
    const r0 = diagonal >= 0 ? 0 : -diagonal;
    const c0 = diagonal >= 0 ? diagonal : 0;
    for (let i = 0; i < n; i++) out[(r0 + i) * size + c0 + i] = src[i];
    return result(out, [size, size], "DiagBackward0", [input], (g) => [
      vw.diagonal(g, diagonal),
    ], { dtype: input.dtype });
  }
  if (input.dim() === 2) {
    const view = vw.diagonal(input.detach(), diagonal);
    const values = contiguousData(view).slice();
    return result(values, view.shape, "DiagBackward0", [input], (g) => [
      vw.intoZeros(g, input, (z) => vw.diagonal(z, diagonal)),
    ], { dtype: input.dtype });
  }
  throw new RangeError(`diag(): matrix or a vector expected, got a ${input.dim()}-D tensor`);
}

/**
 * The last dim of `input` placed on the `offset`-th diagonal of new dims `dim1`, `dim2`, like
 * `torch.diag_embed(input, offset=0, dim1=-2, dim2=-1)`.
 *
 * @param input The values.
 * @param offset Which diagonal. Default 0.
 * @param dim1 The first new dim (of the result). Default -2.
 * @param dim2 The second new dim. Default -1.
 * @returns A new tensor (DiagEmbedBackward0).
 *
 * @example
 * ```ts
 * import { diag_embed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(diag_embed(tensor([[1, 2]])).tolist(), [[[1, 0], [0, 2]]]);
 * ```
 */
export function diag_embed(
  input: Tensor,
  ...args:
    | [offset?: number, dim1?: number, dim2?: number, options?: DiagonalOptions]
    | [DiagonalOptions]
): Tensor {
  requireTensor(input, "diag_embed");
  const [offset, dim1, dim2] = named("diag_embed", [
    { name: "offset", kind: "int", default: 0 },
    { name: "dim1", kind: "int", default: -2 },
    { name: "dim2", kind: "int", default: -1 },
  ], args) as number[];
  const nd = input.dim() + 1;
  const a = normalizeDim(dim1, nd, "diag_embed");
  const b = normalizeDim(dim2, nd, "diag_embed");
  if (a === b) {
    throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  }
  const n = input.dim() === 0 ? 1 : input.shape[input.dim() - 1];
  const size = n + Math.abs(offset);
  const rest = input.shape.slice(0, -1);
  const shape: number[] = [];
  let k = 0;
  for (let d = 0; d < nd; d++) shape.push(d === a || d === b ? size : rest[k++]);
  const out = fromData(allocate(input.dtype, numelOf(shape)), shape, input.dtype);
  const diagView = vw.diagonal(out, offset, a, b);
  const src = contiguousData(input);
  const at = offsetsOf(diagView.shape, diagView.stride(), diagView.storage_offset());
  const data = contiguousData(out);
  for (let i = 0; i < at.length; i++) data[at[i]] = src[i];
  return result(data, shape, "DiagEmbedBackward0", [input], (g) => [
    vw.diagonal(g, offset, a, b),
  ], { dtype: input.dtype });
}

/**
 * `input` flattened onto the `offset`-th diagonal of a square matrix, like
 * `torch.diagflat(input, offset=0)` (torch's composition: `diag` of the flattened input).
 *
 * @param input The values (any shape).
 * @param offset Which diagonal. Default 0.
 * @returns A new 2-D tensor (DiagBackward0).
 *
 * @example
 * ```ts
 * import { diagflat, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(diagflat(tensor([[1, 2]])).tolist(), [[1, 0], [0, 2]]);
 * ```
 */
export function diagflat(
  input: Tensor,
  ...args: [offset?: number, options?: { offset?: number }] | [{ offset?: number }]
): Tensor {
  requireTensor(input, "diagflat");
  const [offset] = named("diagflat", OFFSET, args);
  return diag(vw.reshape(vw.contiguous(input), [-1]), offset as number);
}

/**
 * The sum of a 2-D tensor's main diagonal, like `torch.trace(input)`.
 *
 * @param input A 2-D tensor.
 * @returns A 0-dim tensor (TraceBackward0); integer inputs give int64.
 *
 * @example
 * ```ts
 * import { tensor, trace } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(trace(tensor([[1, 2], [3, 4]])).item(), 5);
 * ```
 */
export function trace(input: Tensor): Tensor {
  requireTensor(input, "trace");
  if (input.dim() !== 2) throw new RangeError("trace: expected a matrix");
  const d = contiguousData(vw.diagonal(input.detach()));
  const dtype: DType = input.dtype === "bool" ? "int64" : input.dtype;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  const out = allocate(dtype, 1);
  out[0] = s;
  return result(out, [], "TraceBackward0", [input], (g) => [
    vw.intoZeros(
      vw.expand(g, [Math.min(input.shape[0], input.shape[1])]),
      input,
      (z) => vw.diagonal(z),
    ),
  ], { dtype });
}

/**
 * Writes `fill_value` on the main diagonal in place (all dims equal, or a tall 2-D matrix with
 * `wrap` restarting the diagonal every `cols + 1` rows), like
 * `t.fill_diagonal_(fill_value, wrap=False)`.
 *
 * @param self A tensor of at least 2 dims.
 * @param fill_value The value.
 * @param wrap For tall matrices, continue the diagonal below. Default false.
 * @returns `self`.
 */
export function fill_diagonal_<T extends Tensor>(
  self: T,
  fill_value: number | boolean,
  wrap: boolean | { wrap?: boolean } = false,
): T {
  requireTensor(self, "fill_diagonal_");
  const w = isOptionsObject(wrap) ? wrap.wrap ?? false : wrap;
  if (self.dim() < 2) throw new RangeError("dimensions must larger than 1");
  if (self.dim() > 2 && self.shape.some((s) => s !== self.shape[0])) {
    throw new RangeError("all dimensions of input must be of equal length");
  }
  if (typeof fill_value !== "number" && typeof fill_value !== "boolean") {
    throw new TypeError(
      `fill_diagonal_(): fill_value must be a number, got ${describe(fill_value)}`,
    );
  }
  const strides = stridesOf(self.shape);
  const step = strides.reduce((a, b) => a + b, 0);
  const n = self.numel();
  let count = Math.min(...self.shape);
  if (w && self.dim() === 2 && self.shape[0] > self.shape[1] + 1) {
    count = Math.floor((n - 1) / step) + 1;
  }
  const v = castValue(+fill_value, self.dtype, "fill_diagonal_()");
  return apply_(self, "fill_diagonal_", (s) => {
    const out = contiguousData(s).slice();
    for (let i = 0; i < count; i++) out[i * step] = v;
    // g with the diagonal cleared: linear in g and its own transpose (recorded under
    // create_graph through linearInGrad).
    const clear = (g: Tensor): Tensor => {
      const gd = contiguousData(g).slice();
      for (let i = 0; i < count; i++) gd[i * step] = 0;
      return linearInGrad(fromData(gd, g.shape, g.dtype), g, "FillBackward0", clear);
    };
    return result(out, s.shape, "FillBackward0", [s], (g) => [clear(g)], { dtype: s.dtype });
  }, []);
}

// ---------------------------------------------------------------------------------------------
// flip, roll
// ---------------------------------------------------------------------------------------------

function dimsList(dims: number | readonly number[], nd: number, where: string): number[] {
  const list = typeof dims === "number" ? [dims] : [...dims];
  const out = list.map((d) => normalizeDim(d, nd, where));
  if (new Set(out).size !== out.length) {
    throw new RangeError(`${where}: dims has duplicates, original flip dims size=${list.length}`);
  }
  return out;
}

/**
 * `input` reversed along `dims`, like `torch.flip(input, dims)` (a copy).
 *
 * @param input The input.
 * @param dims A dim or dims.
 * @returns A new tensor (FlipBackward0).
 *
 * @example
 * ```ts
 * import { flip, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(flip(tensor([[1, 2], [3, 4]]), [1]).tolist(), [[2, 1], [4, 3]]);
 * ```
 */
export function flip(
  input: Tensor,
  ...args: [dims: number | readonly number[]] | [{ dims: number | readonly number[] }]
): Tensor {
  requireTensor(input, "flip");
  const [dims] = named("flip", [{ name: "dims", kind: INTS }], args);
  const ds = dimsList(dims as number | number[], input.dim(), "flip");
  const xs = input.stride();
  const strides = [...xs];
  let offset = input.storage_offset();
  for (const d of ds) {
    if (input.dim() === 0) continue;
    offset += (input.shape[d] - 1) * xs[d];
    strides[d] = -xs[d];
  }
  const data = storageOf(input).data;
  const at = offsetsOf(input.shape, strides, offset);
  const out = allocate(input.dtype, at.length);
  for (let i = 0; i < at.length; i++) out[i] = data[at[i]];
  return result(out, input.shape, "FlipBackward0", [input], (g) => [flip(g, ds as number[])], {
    dtype: input.dtype,
  });
}

/**
 * `input` reversed left to right (dim 1), like `torch.fliplr(input)`.
 *
 * @param input A tensor of at least 2 dims.
 * @returns A new tensor (FlipBackward0).
 *
 * @example
 * ```ts
 * import { fliplr, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(fliplr(tensor([[1, 2]])).tolist(), [[2, 1]]);
 * ```
 */
export function fliplr(input: Tensor): Tensor {
  requireTensor(input, "fliplr");
  if (input.dim() < 2) throw new RangeError("Input must be >= 2-d.");
  return flip(input, [1]);
}

/**
 * `input` reversed top to bottom (dim 0), like `torch.flipud(input)`.
 *
 * @param input A tensor of at least 1 dim.
 * @returns A new tensor (FlipBackward0).
 *
 * @example
 * ```ts
 * import { flipud, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(flipud(tensor([[1], [2]])).tolist(), [[2], [1]]);
 * ```
 */
export function flipud(input: Tensor): Tensor {
  requireTensor(input, "flipud");
  if (input.dim() < 1) throw new RangeError("Input must be >= 1-d.");
  return flip(input, [0]);
}

/**
 * `input` shifted circularly by `shifts` along `dims` (flattened first when `dims` is
 * omitted, then restored), like `torch.roll(input, shifts, dims)`.
 *
 * @param input The input.
 * @param shifts A shift or one per dim.
 * @param dims A dim or dims (as many as shifts); omitted to roll the flattened tensor.
 * @returns A new tensor (RollBackward0).
 *
 * @example
 * ```ts
 * import { roll, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(roll(tensor([1, 2, 3, 4]), 1).tolist(), [4, 1, 2, 3]);
 * assert.deepEqual(roll(tensor([[1, 2], [3, 4]]), -1, 1).tolist(), [[2, 1], [4, 3]]);
 * ```
 */
export function roll(
  input: Tensor,
  ...args:
    | [
      shifts: number | readonly number[],
      dims?: number | readonly number[] | null,
      options?: RollOptions,
    ]
    | [RollOptions]
): Tensor {
  requireTensor(input, "roll");
  const [shifts, dims] = named("roll", [
    { name: "shifts", kind: INTS },
    { name: "dims", kind: INTS, default: null },
  ], args) as [number | number[], number | number[] | null];
  const sh = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === null || (Array.isArray(dims) && dims.length === 0)) {
    if (sh.length !== 1) {
      throw new RangeError(
        `roll(): shifts and dimensions must align. shifts: ${sh.length}, dims:0`,
      );
    }
    return rollFlat(input, sh[0]);
  }
  const ds = (typeof dims === "number" ? [dims] : [...dims]).map((d) =>
    normalizeDim(d, input.dim(), "roll")
  );
  if (ds.length !== sh.length) {
    throw new RangeError(
      `roll(): shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`,
    );
  }
  return rollDims(input, sh, ds);
}

/** Options of {@linkcode roll}. */
export interface RollOptions {
  /** The shift or shifts. */
  shifts?: number | readonly number[];
  /** The dim or dims; omitted to roll the flattened tensor. */
  dims?: number | readonly number[] | null;
}

/** Options of `diagonal` and `diag_embed`. */
export interface DiagonalOptions {
  /** Which diagonal. Default 0. */
  offset?: number;
  /** The first dim. */
  dim1?: number;
  /** The second dim. */
  dim2?: number;
}

/** The flattened elements shifted by `shift`, in `input`'s shape (torch's roll without dims). */
function rollFlat(input: Tensor, shift: number): Tensor {
  const src = contiguousData(input);
  const n = src.length;
  const out = allocate(input.dtype, n);
  const k = n === 0 ? 0 : ((shift % n) + n) % n;
  for (let i = 0; i < n; i++) out[(i + k) % n] = src[i];
  return result(out, input.shape, "RollBackward0", [input], (g) => [rollFlat(g, -shift)], {
    dtype: input.dtype,
  });
}

function rollDims(input: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  const shape = input.shape;
  const src = contiguousData(input);
  const strides = stridesOf(shape);
  const n = src.length;
  const out = allocate(input.dtype, n);
  const nd = shape.length;
  const shiftOf = new Array<number>(nd).fill(0);
  dims.forEach((d, i) => {
    const size = shape[d] || 1;
    shiftOf[d] = ((shiftOf[d] + shifts[i]) % size + size) % size;
  });
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let dst = 0;
    for (let d = 0; d < nd; d++) dst += ((idx[d] + shiftOf[d]) % shape[d]) * strides[d];
    out[dst] = src[i];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return result(out, shape, "RollBackward0", [input], (g) => [
    rollDims(g, shifts.map((s) => -s), dims),
  ], { dtype: input.dtype });
}

// ---------------------------------------------------------------------------------------------
// repeat_interleave, tile, meshgrid, stacks
// ---------------------------------------------------------------------------------------------

/**
 * Each entry repeated, like `torch.repeat_interleave(input, repeats, dim)`: `repeats` a number
 * or an int64 tensor (one count per entry along `dim`); without `dim` the input is flattened.
 * Given only an int64 tensor of counts, returns the indices `0, 0, 1, ...` repeated by them.
 * torch's composition: `index_select` with the repeated indices.
 *
 * @param input The input (or, alone, the counts).
 * @param repeats Counts: a number or an int64 tensor.
 * @param dim The dim; omitted to flatten.
 * @returns A new tensor (IndexSelectBackward0).
 *
 * @example
 * ```ts
 * import { repeat_interleave, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(repeat_interleave(tensor([1, 2]), 2).tolist(), [1, 1, 2, 2]);
 * assert.deepEqual(
 *   repeat_interleave(tensor([[1, 2], [3, 4]]), tensor([1n, 2n]), 0).tolist(),
 *   [[1, 2], [3, 4], [3, 4]],
 * );
 * ```
 */
export function repeat_interleave(
  input: Tensor,
  repeats?: number | Tensor | null,
  dim?: number | null | { dim?: number | null; output_size?: number | null },
): Tensor {
  requireTensor(input, "repeat_interleave");
  if (isOptionsObject(dim)) dim = dim.dim;
  if (repeats === undefined || repeats === null) {
    if (input.dtype !== "int64" || input.dim() > 1) {
      throw new RangeError("repeat_interleave only accept 1D vector as repeat");
    }
    const counts = contiguousData(input);
    const out: number[] = [];
    counts.forEach((c, i) => {
      if (c < 0) throw new RangeError("repeats can not be negative");
      for (let k = 0; k < c; k++) out.push(i);
    });
    return fromData(Float64Array.from(out), [out.length], "int64");
  }
  let x = input;
  let d: number;
  if (dim === undefined || dim === null) {
    x = vw.reshape(vw.contiguous(input), [-1]);
    d = 0;
  } else {
    d = normalizeDim(dim, input.dim(), "repeat_interleave");
  }
  const size = x.dim() === 0 ? 1 : x.shape[d];
  let counts: number[];
  if (typeof repeats === "number") {
    if (!Number.isInteger(repeats) || repeats < 0) {
      throw new RangeError("repeats can not be negative");
    }
    counts = new Array(size).fill(repeats);
  } else {
    requireTensor(repeats, "repeat_interleave(repeats)");
    if (repeats.dtype !== "int64") {
      throw new TypeError("repeat_interleave: repeats has to be Long tensor");
    }
    if (repeats.dim() > 1) throw new RangeError("repeats must be 0-dim or 1-dim tensor");
    const r = contiguousData(repeats);
    counts = repeats.numel() === 1 ? new Array(size).fill(r[0]) : Array.from(r);
    if (counts.length !== size) {
      throw new RangeError(
        "repeats must have the same size as input along dim, but got repeats.size(0) = " +
          `${counts.length} and input.size(${d}) = ${size}`,
      );
    }
    if (counts.some((c) => c < 0)) throw new RangeError("repeats can not be negative");
  }
  const idx: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) idx.push(i);
  });
  return index_select(x, d, fromData(Float64Array.from(idx), [idx.length], "int64"));
}

/**
 * `input` tiled `dims[d]` times along each dim, like `torch.tile(input, dims)`: torch's
 * composition, `repeat` with ones prepended to `dims` when it is shorter than the input's dims.
 *
 * @param input The input.
 * @param dims Repeats per dim.
 * @returns A new tensor (RepeatBackward0).
 *
 * @example
 * ```ts
 * import { tensor, tile } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tile(tensor([1, 2]), [2]).tolist(), [1, 2, 1, 2]);
 * assert.deepEqual(tile(tensor([[1, 2]]), [2]).tolist(), [[1, 2, 1, 2]]);
 * ```
 */
export function tile(input: Tensor, dims: number | readonly number[]): Tensor {
  requireTensor(input, "tile");
  const list = typeof dims === "number" ? [dims] : [...dims];
  const padded = [...new Array(Math.max(0, input.dim() - list.length)).fill(1), ...list];
  return vw.repeat(input, padded);
}

/**
 * Coordinate grids from 1-D tensors, like `torch.meshgrid(*tensors, indexing="ij")`: with
 * `"ij"` (the default) output `i` varies along dim `i`; with `"xy"` the first two dims are
 * swapped (Cartesian indexing). Each output is an expanded view of its input.
 *
 * @param args The tensors (as arguments or one array), optionally followed by `{ indexing }`.
 * @returns One grid per input (ExpandBackward0).
 *
 * @example
 * ```ts
 * import { meshgrid, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [xs, ys] = meshgrid(tensor([1, 2, 3]), tensor([4, 5]), { indexing: "xy" });
 * assert.deepEqual(xs.tolist(), [[1, 2, 3], [1, 2, 3]]);
 * assert.deepEqual(ys.tolist(), [[4, 4, 4], [5, 5, 5]]);
 * ```
 */
export function meshgrid(
  ...args: (Tensor | readonly Tensor[] | { indexing?: "ij" | "xy" })[]
): Tensor[] {
  let indexing = "ij";
  let list = args as unknown[];
  const last = list[list.length - 1];
  if (list.length > 0 && isOptionsObject(last)) {
    const keys = Object.keys(last);
    if (keys.some((k) => k !== "indexing")) {
      throw new TypeError(
        `meshgrid() got an unexpected keyword argument ${
          JSON.stringify(keys.find((k) => k !== "indexing"))
        }`,
      );
    }
    indexing = (last.indexing as string | undefined) ?? "ij";
    list = list.slice(0, -1);
  }
  if (list.length === 1 && Array.isArray(list[0])) list = list[0];
  if (indexing !== "ij" && indexing !== "xy") {
    throw new RangeError(
      `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`,
    );
  }
  const tensors = list as Tensor[];
  tensors.forEach((t, i) => {
    requireTensor(t, "meshgrid");
    if (t.dim() > 1) {
      throw new RangeError(
        `torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t} (tensor ${i})`,
      );
    }
  });
  if (tensors.length === 0) throw new RangeError("meshgrid expects a non-empty TensorList");
  const dtype = tensors[0].dtype;
  if (tensors.some((t) => t.dtype !== dtype)) {
    throw new TypeError(
      "meshgrid expects all tensors to have the same dtype",
    );
  }
  const swap = indexing === "xy" && tensors.length >= 2;
  const ordered = swap ? [tensors[1], tensors[0], ...tensors.slice(2)] : tensors;
  const sizes = ordered.map((t) => t.numel());
  const grids = ordered.map((t, i) => {
    const viewShape = sizes.map((_, j) => (j === i ? -1 : 1));
    return vw.expand(vw.view(t, viewShape), sizes);
  });
  if (swap) [grids[0], grids[1]] = [grids[1], grids[0]];
  return grids;
}

function atLeast(t: Tensor, n: number): Tensor {
  if (t.dim() >= n) return t;
  if (n === 1) return vw.reshape(t, [1]);
  return t.dim() === 0 ? vw.reshape(t, [1, 1]) : vw.unsqueeze(t, 0);
}

function tensorList(tensors: readonly Tensor[], where: string): readonly Tensor[] {
  if (!Array.isArray(tensors)) {
    throw new TypeError(`${where}(): argument 'tensors' must be an array of Tensors`);
  }
  tensors.forEach((t) => requireTensor(t, where));
  if (tensors.length === 0) throw new RangeError(`${where} expects a non-empty TensorList`);
  return tensors;
}

/**
 * Tensors joined horizontally, like `torch.hstack(tensors)`: along dim 0 for 1-D tensors, else
 * dim 1 (0-dim tensors count as 1-D).
 *
 * @param tensors The tensors.
 * @returns A new tensor (CatBackward0).
 *
 * @example
 * ```ts
 * import { hstack, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(hstack([tensor([1, 2]), tensor([3])]).tolist(), [1, 2, 3]);
 * ```
 */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const list = tensorList(tensors, "hstack").map((t) => atLeast(t, 1));
  return cat(list, list[0].dim() === 1 ? 0 : 1);
}

/**
 * Tensors joined vertically (as rows), like `torch.vstack(tensors)`: 1-D tensors become rows.
 *
 * @param tensors The tensors.
 * @returns A new tensor (CatBackward0).
 *
 * @example
 * ```ts
 * import { tensor, vstack } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(vstack([tensor([1, 2]), tensor([3, 4])]).tolist(), [[1, 2], [3, 4]]);
 * ```
 */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensorList(tensors, "vstack").map((t) => atLeast(t, 2)), 0);
}

/**
 * Tensors joined as columns, like `torch.column_stack(tensors)`: 0-dim and 1-D tensors become
 * columns `[n, 1]`, the others are joined along dim 1.
 *
 * @param tensors The tensors.
 * @returns A new tensor (CatBackward0).
 *
 * @example
 * ```ts
 * import { column_stack, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(column_stack([tensor([1, 2]), tensor([3, 4])]).tolist(), [[1, 3], [2, 4]]);
 * ```
 */
export function column_stack(tensors: readonly Tensor[]): Tensor {
  const list = tensorList(tensors, "column_stack").map((t) =>
    t.dim() <= 1 ? vw.reshape(t, [t.numel(), 1]) : t
  );
  return cat(list, 1);
}

/**
 * Tensors joined along `dim`, like `torch.concat` (an alias of `cat`).
 *
 * @param tensors The tensors.
 * @param dim The dim. Default 0.
 * @returns A new tensor (CatBackward0).
 *
 * @example
 * ```ts
 * import { concat, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(concat([tensor([1]), tensor([2])]).tolist(), [1, 2]);
 * ```
 */
export function concat(tensors: readonly Tensor[], dim: number | { dim?: number } = 0): Tensor {
  return cat(tensors, isOptionsObject(dim) ? dim.dim ?? 0 : dim);
}

// ---------------------------------------------------------------------------------------------
// take, put, argwhere, indices
// ---------------------------------------------------------------------------------------------

function flatIndices(index: Tensor, numel: number, where: string): Int32Array {
  requireTensor(index, `${where}(index)`);
  if (index.dtype !== "int64") {
    throw new TypeError(`${where}(): Expected a long tensor for index, but got ${index.dtype}`);
  }
  const src = contiguousData(index);
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < -numel || v >= numel) {
      throw new RangeError(`${where}(): index ${v} out of range for tensor of size ${numel}.`);
    }
    out[i] = v < 0 ? v + numel : v;
  }
  return out;
}

/**
 * The entries of `input` (as if flattened) at `index`, in `index`'s shape, like
 * `torch.take(input, index)`.
 *
 * @param input The input.
 * @param index An int64 tensor of flat positions (negative counts from the end).
 * @returns A new tensor (TakeBackward0).
 *
 * @example
 * ```ts
 * import { take, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(take(tensor([[1, 2], [3, 4]]), tensor([0n, 3n])).tolist(), [1, 4]);
 * ```
 */
export function take(input: Tensor, index: Tensor): Tensor {
  requireTensor(input, "take");
  const idx = flatIndices(index, input.numel(), "take");
  const src = contiguousData(input);
  const out = allocate(input.dtype, idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  return result(out, index.shape, "TakeBackward0", [input], (g) => {
    const gx = allocate(g.dtype, input.numel());
    const gd = contiguousData(g);
    for (let i = 0; i < idx.length; i++) gx[idx[i]] += gd[i];
    // Under create_graph: recorded, its own gradient taking from the new one.
    return [
      linearInGrad(fromData(gx, input.shape, g.dtype), g, "PutBackward0", (gg) => take(gg, index)),
    ];
  }, { dtype: input.dtype });
}

/**
 * `self` with `source`'s entries written (or added, with `accumulate`) at the flat positions
 * `index`, like `t.put(index, source, accumulate)`.
 *
 * @param self The input.
 * @param index An int64 tensor of flat positions.
 * @param source Values, as many as `index` has.
 * @param accumulate Add instead of writing. Default false.
 * @returns A new tensor (PutBackward0).
 */
export function put(
  self: Tensor,
  index: Tensor,
  source: Tensor,
  accumulate: boolean | { accumulate?: boolean } = false,
): Tensor {
  requireTensor(self, "put");
  requireTensor(source, "put(source)");
  const acc = isOptionsObject(accumulate) ? accumulate.accumulate ?? false : accumulate;
  const idx = flatIndices(index, self.numel(), "put_");
  if (source.numel() !== idx.length) {
    throw new RangeError(
      `put_(): Expected source and index to have the same number of elements, but got source.numel() = ${source.numel()}, index.numel() = ${idx.length}`,
    );
  }
  if (source.dtype !== self.dtype) {
    throw new TypeError(
      `put_(): self and source expected to have the same dtype, but got self.dtype = ${self.dtype} and source.dtype = ${source.dtype}`,
    );
  }
  const out = contiguousData(self).slice();
  const src = contiguousData(source);
  for (let i = 0; i < idx.length; i++) {
    out[idx[i]] = acc ? out[idx[i]] + src[i] : src[i];
  }
  return result(out, self.shape, "PutBackward0", [self, source], (g) => {
    let gs: Tensor = g;
    if (!acc) {
      const clear = (t: Tensor): Tensor => {
        const gd = contiguousData(t).slice();
        for (let i = 0; i < idx.length; i++) gd[idx[i]] = 0;
        return linearInGrad(fromData(gd, t.shape, t.dtype), t, "PutBackward0", clear);
      };
      gs = clear(g);
    }
    return [gs, vw.reshape(take(g, vw.reshape(index, [-1])), source.shape)];
  }, { dtype: self.dtype });
}

/**
 * The positions of nonzero entries as an int64 `[n, ndim]` tensor, like
 * `torch.argwhere(input)` (`nonzero`).
 *
 * @param input The input.
 * @returns The positions.
 *
 * @example
 * ```ts
 * import { argwhere, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(argwhere(tensor([0, 3, 0, 4])).tolist(), [[1], [3]]);
 * ```
 */
export function argwhere(input: Tensor): Tensor {
  requireTensor(input, "argwhere");
  return nonzero(input);
}

function triangleIndices(
  row: number,
  col: number,
  offset: number,
  options: { dtype?: DType; device?: unknown } | undefined,
  lower: boolean,
): Tensor {
  const where = lower ? "tril_indices" : "triu_indices";
  for (const [name, v] of [["row", row], ["col", col], ["offset", offset]] as const) {
    if (!Number.isInteger(v)) {
      throw new TypeError(`${where}(): argument '${name}' must be an int, got ${describe(v)}`);
    }
  }
  if (row < 0) throw new RangeError(`row must be non-negative, got${row}`);
  if (col < 0) throw new RangeError(`col must be non-negative, got${col}`);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (lower ? j - i <= offset : j - i >= offset) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const dtype = options?.dtype ?? "int64";
  const out = zeros([2, rows.length], { dtype, device: options?.device as string | undefined });
  const data = contiguousData(out);
  data.set(rows, 0);
  data.set(cols, rows.length);
  return out;
}

/**
 * The row and column indices of the lower triangle of a `row × col` matrix (entries with
 * `j − i <= offset`), as a `[2, n]` tensor, like `torch.tril_indices(row, col, offset=0)`.
 *
 * @param row Rows.
 * @param col Columns.
 * @param offset Which diagonal bounds the triangle. Default 0.
 * @param options `dtype` (default int64), `device`.
 * @returns The indices.
 *
 * @example
 * ```ts
 * import { tril_indices } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tril_indices(2, 2).tolist(), [[0, 1, 1], [0, 0, 1]]);
 * ```
 */
export function tril_indices(
  row: number,
  col: number,
  offset: number | { offset?: number; dtype?: DType; device?: unknown } = 0,
  options?: { dtype?: DType; device?: unknown },
): Tensor {
  if (isOptionsObject(offset)) {
    const { offset: o, ...rest } = offset as { offset?: number };
    return triangleIndices(row, col, o ?? 0, rest, true);
  }
  return triangleIndices(row, col, offset, options, true);
}

/**
 * The row and column indices of the upper triangle of a `row × col` matrix (entries with
 * `j − i >= offset`), as a `[2, n]` tensor, like `torch.triu_indices(row, col, offset=0)`.
 *
 * @param row Rows.
 * @param col Columns.
 * @param offset Which diagonal bounds the triangle. Default 0.
 * @param options `dtype` (default int64), `device`.
 * @returns The indices.
 *
 * @example
 * ```ts
 * import { triu_indices } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(triu_indices(2, 2).tolist(), [[0, 0, 1], [0, 1, 1]]);
 * ```
 */
export function triu_indices(
  row: number,
  col: number,
  offset: number | { offset?: number; dtype?: DType; device?: unknown } = 0,
  options?: { dtype?: DType; device?: unknown },
): Tensor {
  if (isOptionsObject(offset)) {
    const { offset: o, ...rest } = offset as { offset?: number };
    return triangleIndices(row, col, o ?? 0, rest, false);
  }
  return triangleIndices(row, col, offset, options, false);
}

// ---------------------------------------------------------------------------------------------
// index_add, index_copy, masked_scatter
// ---------------------------------------------------------------------------------------------

function indexAlong(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  where: string,
): { d: number; idx: Data; outer: number; inner: number; size: number } {
  requireTensor(self, where);
  requireTensor(index, `${where}(index)`);
  requireTensor(source, `${where}(source)`);
  if (index.dtype !== "int64") {
    throw new TypeError(`${where}(): Expected dtype int64 for index, got ${index.dtype}`);
  }
  if (index.dim() > 1) throw new RangeError(`${where}(): Index is supposed to be a vector`);
  const d = normalizeDim(dim, self.dim(), where);
  const shape = self.dim() === 0 ? [1] : self.shape;
  const idx = contiguousData(index);
  const sshape = source.dim() === 0 ? [1] : source.shape;
  const expected = [...shape];
  expected[d] = idx.length;
  if (sshape.length !== shape.length || sshape.some((s, i) => s !== expected[i])) {
    throw new RangeError(
      `${where}(): source tensor shape ${sizeString(source.shape)} must match self tensor shape ${
        sizeString(self.shape)
      }, excluding the specified dimension, with ${idx.length} entries along dim ${d}`,
    );
  }
  if (source.dtype !== self.dtype) {
    throw new TypeError(
      `${where}(): self (${self.dtype}) and source (${source.dtype}) must have the same scalar type`,
    );
  }
  const size = shape[d];
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < -size || idx[i] >= size) {
      throw new RangeError(
        `${where}(): index out of range in self (index ${idx[i]}, dim ${d} has size ${size})`,
      );
    }
  }
  return {
    d,
    idx,
    outer: numelOf(shape.slice(0, d)),
    inner: numelOf(shape.slice(d + 1)),
    size,
  };
}

/**
 * `self` with `alpha · source` added at `index` along `dim` (repeated indices add up), like
 * `torch.index_add(self, dim, index, source, alpha=1)`.
 *
 * @param self The input.
 * @param dim The dim.
 * @param index A 1-D int64 tensor.
 * @param source Values: `self`'s shape with `index.numel()` entries along `dim`.
 * @param alpha Scale of `source` (by position or `{ alpha }`). Default 1.
 * @returns A new tensor (IndexAddBackward0).
 *
 * @example
 * ```ts
 * import { index_add, tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const out = index_add(zeros(3), 0, tensor([0n, 2n, 0n]), tensor([1, 2, 3]));
 * assert.deepEqual(out.tolist(), [4, 0, 2]);
 * ```
 */
export function index_add(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  alpha: number | { alpha?: number } = 1,
): Tensor {
  const a = isOptionsObject(alpha) ? alpha.alpha ?? 1 : alpha;
  const { d, idx, outer, inner, size } = indexAlong(self, dim, index, source, "index_add");
  const out = contiguousData(self).slice();
  const src = contiguousData(source);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < idx.length; i++) {
      const p = idx[i] < 0 ? idx[i] + size : idx[i];
      const base = (o * size + p) * inner;
      for (let b = 0; b < inner; b++) out[base + b] += a * src[k++];
    }
  }
  return result(out, self.shape, "IndexAddBackward0", [self, source], (g) => {
    const picked = source.dim() === 0
      ? vw.reshape(index_select(g, d, index), [])
      : index_select(g, d, index);
    return [g, a === 1 ? picked : picked.mul(a)];
  }, { dtype: self.dtype });
}

/**
 * `self` with `source`'s entries copied to `index` along `dim`, like
 * `torch.index_copy(self, dim, index, source)`.
 *
 * @param self The input.
 * @param dim The dim.
 * @param index A 1-D int64 tensor.
 * @param source Values: `self`'s shape with `index.numel()` entries along `dim`.
 * @returns A new tensor (IndexCopyBackward0).
 *
 * @example
 * ```ts
 * import { index_copy, tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(index_copy(zeros(3), 0, tensor([2n]), tensor([5])).tolist(), [0, 0, 5]);
 * ```
 */
export function index_copy(self: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const { d, idx, outer, inner, size } = indexAlong(self, dim, index, source, "index_copy");
  const out = contiguousData(self).slice();
  const src = contiguousData(source);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < idx.length; i++) {
      const p = idx[i] < 0 ? idx[i] + size : idx[i];
      const base = (o * size + p) * inner;
      for (let b = 0; b < inner; b++) out[base + b] = src[k++];
    }
  }
  return result(out, self.shape, "IndexCopyBackward0", [self, source], (g) => {
    const picked = source.dim() === 0
      ? vw.reshape(index_select(g, d, index), [])
      : index_select(g, d, index);
    return [g.index_fill(d, index, 0), picked];
  }, { dtype: self.dtype });
}

/**
 * `self` with the entries where `mask` is true replaced, in order, by the first entries of
 * `source`, like `t.masked_scatter(mask, source)`.
 *
 * @param self The input.
 * @param mask A bool tensor broadcast to `self`.
 * @param source At least as many values as `mask` has true entries.
 * @returns A new tensor (MaskedScatterBackward0).
 *
 * @example
 * ```ts
 * import { masked_scatter, tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const out = masked_scatter(zeros(3), tensor([true, false, true]), tensor([7, 8, 9]));
 * assert.deepEqual(out.tolist(), [7, 0, 8]);
 * ```
 */
export function masked_scatter(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  requireTensor(self, "masked_scatter");
  requireTensor(mask, "masked_scatter(mask)");
  requireTensor(source, "masked_scatter(source)");
  if (mask.dtype !== "bool") {
    throw new TypeError(
      `masked_scatter_ only supports boolean masks, but got mask with dtype ${mask.dtype}`,
    );
  }
  if (source.dtype !== self.dtype) {
    throw new TypeError(
      `masked_scatter: expected self and source to have same dtypes but got ${self.dtype} and ${source.dtype}`,
    );
  }
  const m = contiguousData(vw.expand(mask, self.shape));
  const out = contiguousData(self).slice();
  const src = contiguousData(source);
  let k = 0;
  for (let i = 0; i < out.length; i++) {
    if (m[i]) {
      if (k >= src.length) {
        throw new RangeError(
          "masked_scatter: expected source to have at least as many elements as ones in mask",
        );
      }
      out[i] = src[k++];
    }
  }
  const used = k;
  return result(out, self.shape, "MaskedScatterBackward0", [self, source], (g) => {
    const picked = contiguousData(masked_select(g, vw.expand(mask, self.shape)));
    const gs = allocate(g.dtype, source.numel());
    gs.set(picked.subarray(0, used));
    // Under create_graph: recorded; its own gradient scatters back into the masked places.
    const gSource = linearInGrad(
      fromData(gs, source.shape, g.dtype),
      g,
      "MaskedSelectBackward0",
      (gg) => masked_scatter(zeros(self.shape, { dtype: gg.dtype }), mask, gg),
    );
    return [g.masked_fill(mask, 0), gSource];
  }, { dtype: self.dtype });
}

// ---------------------------------------------------------------------------------------------
// torch functions of view methods
// ---------------------------------------------------------------------------------------------

/**
 * `input` without size-1 dims (all, or only `dim`), like `torch.squeeze(input, dim)`.
 *
 * @param input The input.
 * @param dim The dim to drop if its size is 1; all size-1 dims when omitted.
 * @returns The view.
 *
 * @example
 * ```ts
 * import { squeeze, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(squeeze(zeros(2, 1, 3)).shape, [2, 3]);
 * ```
 */
export function squeeze(
  input: Tensor,
  ...args: [dim?: number | null, options?: { dim?: number | null }] | [{ dim?: number | null }]
): Tensor {
  const [dim] = named("squeeze", [{ name: "dim", kind: "int", default: null }], args);
  return vw.squeeze(input, (dim as number | null) ?? undefined);
}

/**
 * `input` with a size-1 dim inserted at `dim`, like `torch.unsqueeze(input, dim)`.
 *
 * @param input The input.
 * @param dim Where the new dim goes.
 * @returns The view (UnsqueezeBackward0).
 *
 * @example
 * ```ts
 * import { unsqueeze, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(unsqueeze(zeros(2, 3), 1).shape, [2, 1, 3]);
 * ```
 */
export function unsqueeze(
  input: Tensor,
  ...args: [dim: number] | [{ dim: number }]
): Tensor {
  const [dim] = named("unsqueeze", [{ name: "dim", kind: "int" }], args);
  return vw.unsqueeze(input, dim as number);
}

/**
 * Dims `start_dim..end_dim` merged, like `torch.flatten(input, start_dim=0, end_dim=-1)`.
 *
 * @param input The input.
 * @param start_dim First dim merged. Default 0.
 * @param end_dim Last dim merged. Default -1.
 * @returns The flattened tensor.
 *
 * @example
 * ```ts
 * import { flatten, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(flatten(zeros(2, 3, 4), 1).shape, [2, 12]);
 * ```
 */
export function flatten(
  input: Tensor,
  start_dim: number | { start_dim?: number; end_dim?: number } = 0,
  end_dim: number = -1,
): Tensor {
  if (isOptionsObject(start_dim)) {
    return vw.flatten(input, start_dim.start_dim ?? 0, start_dim.end_dim ?? -1);
  }
  return vw.flatten(input, start_dim, end_dim);
}

/**
 * The same elements in another shape, like `torch.reshape(input, shape)`.
 *
 * @param input The input.
 * @param shape The new shape (one size may be -1).
 * @returns A view when the layout allows, else a copy.
 *
 * @example
 * ```ts
 * import { arange, reshape } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(reshape(arange(6), [2, -1]).shape, [2, 3]);
 * ```
 */
export function reshape(input: Tensor, shape: readonly number[]): Tensor {
  return vw.reshape(input, shape);
}

/**
 * Dims `dim0` and `dim1` swapped, like `torch.transpose(input, dim0, dim1)`.
 *
 * @param input The input.
 * @param dim0 One dim.
 * @param dim1 The other.
 * @returns The view (TransposeBackward0).
 *
 * @example
 * ```ts
 * import { transpose, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(transpose(zeros(2, 3), 0, 1).shape, [3, 2]);
 * ```
 */
export function transpose(input: Tensor, dim0: number, dim1: number): Tensor {
  return vw.transpose(input, dim0, dim1);
}

/**
 * Dims `axis0` and `axis1` swapped, like `torch.swapaxes` (an alias of `transpose`).
 *
 * @param input The input.
 * @param axis0 One dim.
 * @param axis1 The other.
 * @returns The view (TransposeBackward0).
 *
 * @example
 * ```ts
 * import { swapaxes, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(swapaxes(zeros(2, 3), 0, 1).shape, [3, 2]);
 * ```
 */
export function swapaxes(input: Tensor, axis0: number, axis1: number): Tensor {
  return vw.transpose(input, axis0, axis1);
}

/**
 * The dims reordered, like `torch.permute(input, dims)`.
 *
 * @param input The input.
 * @param dims The new order.
 * @returns The view (PermuteBackward0).
 *
 * @example
 * ```ts
 * import { permute, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(permute(zeros(2, 3, 4), [2, 0, 1]).shape, [4, 2, 3]);
 * ```
 */
export function permute(input: Tensor, dims: readonly number[]): Tensor {
  return vw.permute(input, dims);
}

/**
 * The transpose of a tensor of at most 2 dims, like `torch.t(input)`.
 *
 * @param input The input.
 * @returns The view (TBackward0).
 *
 * @example
 * ```ts
 * import { t, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(t(zeros(2, 3)).shape, [3, 2]);
 * ```
 */
export function t(input: Tensor): Tensor {
  return vw.t(input);
}

/**
 * `length` entries from `start` along `dim`, like `torch.narrow(input, dim, start, length)`.
 *
 * @param input The input.
 * @param dim The dim.
 * @param start First entry.
 * @param length How many.
 * @returns The view (SliceBackward0).
 *
 * @example
 * ```ts
 * import { arange, narrow } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(narrow(arange(5), 0, 1, 2).tolist(), [1, 2]);
 * ```
 */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  return vw.narrow(input, dim, start, length);
}

/**
 * The slice at `index` along `dim`, like `torch.select(input, dim, index)`.
 *
 * @param input The input.
 * @param dim The dim.
 * @param index The position.
 * @returns The view (SelectBackward0).
 *
 * @example
 * ```ts
 * import { select, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(select(tensor([[1, 2], [3, 4]]), 1, 0).tolist(), [1, 3]);
 * ```
 */
export function select(input: Tensor, dim: number, index: number): Tensor {
  return vw.select(input, dim, index);
}

/**
 * The diagonal of `input` over dims `dim1` and `dim2` (moved to the end), like
 * `torch.diagonal(input, offset=0, dim1=0, dim2=1)`: a view.
 *
 * @param input The input (at least 2 dims).
 * @param args `offset`, `dim1`, `dim2`, by position or by name.
 * @returns The view (DiagonalBackward0).
 *
 * @example
 * ```ts
 * import { diagonal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(diagonal(x).tolist(), [1, 5]);
 * assert.deepEqual(diagonal(x, { offset: 1 }).tolist(), [2, 6]);
 * ```
 */
export function diagonal(
  input: Tensor,
  ...args:
    | [offset?: number, dim1?: number, dim2?: number, options?: DiagonalOptions]
    | [DiagonalOptions]
): Tensor {
  const [offset, dim1, dim2] = named("diagonal", [
    { name: "offset", kind: "int", default: 0 },
    { name: "dim1", kind: "int", default: 0 },
    { name: "dim2", kind: "int", default: 1 },
  ], args) as number[];
  return vw.diagonal(input, offset, dim1, dim2);
}

/** Options of {@linkcode tensor_split}: torch's three keyword spellings and `dim`. */
export interface TensorSplitOptions {
  /** A number of sections. */
  sections?: number;
  /** Positions to split at. */
  indices?: readonly number[];
  /** Either, as a number, an array or an int64 tensor. */
  tensor_indices_or_sections?: number | readonly number[] | Tensor;
  /** The dim. Default 0. */
  dim?: number;
}

/**
 * Views of `input` split along `dim` into `sections` nearly equal pieces, or at the given
 * `indices`, like `torch.tensor_split(input, indices_or_sections, dim=0)` (also
 * `{ sections }`, `{ indices }`).
 *
 * @param input The input.
 * @param args The sections or indices, then `dim`; or an options object.
 * @returns The pieces (SliceBackward0).
 *
 * @example
 * ```ts
 * import { arange, tensor_split } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tensor_split(arange(7), 3).map((p) => p.tolist()), [[0, 1, 2], [3, 4], [5, 6]]);
 * assert.deepEqual(tensor_split(arange(7), [1, 6]).map((p) => p.tolist()), [[0], [1, 2, 3, 4, 5], [6]]);
 * ```
 */
export function tensor_split(
  input: Tensor,
  ...args:
    | [
      indices_or_sections: number | readonly number[] | Tensor,
      dim?: number,
      options?: TensorSplitOptions,
    ]
    | [TensorSplitOptions]
): Tensor[] {
  let rest: unknown[] = args;
  const last = rest[rest.length - 1];
  if (isOptionsObject(last)) {
    const { sections, indices, tensor_indices_or_sections, ...more } = last as TensorSplitOptions;
    const given = [sections, indices, tensor_indices_or_sections].filter((v) => v !== undefined);
    if (given.length > 1 || (given.length === 1 && rest.length > 1)) {
      throw new TypeError("tensor_split() got multiple values for argument 'indices_or_sections'");
    }
    rest = given.length === 1 ? [given[0], more] : [...rest.slice(0, -1), more];
  }
  const [spec, dim] = named("tensor_split", [
    { name: "indices_or_sections", kind: "any" },
    { name: "dim", kind: "int", default: 0 },
  ], rest);
  return vw.tensor_split(input, spec as number | number[] | Tensor, dim as number);
}
