/**
 * Views and copies: `view`, `reshape`, `unsqueeze`, `squeeze`, `expand`, `t`, `transpose`,
 * `permute`, `flatten`, `select`, `narrow`, `slice`, `split`, `chunk`, `unbind` (all views:
 * the same storage under a new shape, strides and offset), and `contiguous`, `clone` and dtype
 * conversions (copies).
 *
 * Each view computes its layout from its input's, records its backward (which maps the view's
 * gradient back onto the input's shape), and a replay that applies the same op to another
 * tensor, used to rebuild a view's history after an in-place write.
 *
 * @module
 */

import { allocate, castValue, describe, type DType, isFloating } from "../tensor/dtype.ts";
import { checkOutput } from "../tensor/limits.ts";
import {
  broadcastShapes,
  normalizeDim,
  numelOf,
  offsetsOf,
  sizeString,
  stridesOf,
} from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  makeView,
  requireTensor,
  result,
  storageOf,
  type Tensor,
} from "../tensor/tensor.ts";
import { needsGraph, withGradMode } from "../tensor/autograd.ts";
import { sumTo } from "./reduce.ts";

/**
 * Zeros shaped like `like` in `g`'s dtype, with `g` written into `region(zeros)`: the gradient
 * of a view (select, slice) and of a view regenerated after an in-place write
 * (AsStridedBackward0), where `region` replays the view.
 */
export function intoZeros(g: Tensor, like: Tensor, region: (z: Tensor) => Tensor): Tensor {
  const z = fromData(allocate(g.dtype, like.numel()), like.shape, g.dtype);
  // Added, not assigned: a view that repeats elements (expand) sums their gradients.
  const view = withGradMode(false, () => region(z));
  const at = offsetsOf(view.shape, view.stride(), view.storage_offset());
  const zd = contiguousData(z);
  const gd = contiguousData(g);
  for (let i = 0; i < at.length; i++) zd[at[i]] += gd[i];
  if (!needsGraph(g)) return z;
  // Under create_graph: linear in g, and its own gradient is the view itself (recorded).
  return result(z.toTypedArray(), like.shape, "AsStridedBackwardBackward0", [g], (gg) => [
    region(gg),
  ], { dtype: g.dtype });
}

/** Resolves one -1 in `sizes` against `numel`, checking the rest. */
function inferSizes(
  sizes: readonly number[],
  inputShape: readonly number[],
  where: string,
): number[] {
  const numel = numelOf(inputShape);
  if (!Array.isArray(sizes)) {
    throw new TypeError(`${where}: expected sizes as numbers or one array, got ${describe(sizes)}`);
  }
  const shape = [...sizes];
  let infer = -1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1 && infer === -1) infer = i;
    else if (s === -1) throw new RangeError(`${where}: only one dimension can be inferred`);
    else if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(
        `${where}: sizes must be non-negative integers (one may be -1), got [${sizes.join(", ")}]`,
      );
    }
  }
  if (infer >= 0) {
    const known = numelOf(shape.filter((_, i) => i !== infer));
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(
        `${where}: shape '[${sizes.join(", ")}]' is invalid for input of size ${numel}`,
      );
    }
    shape[infer] = numel / known;
  }
  if (numelOf(shape) !== numel) {
    throw new RangeError(
      `${where}: shape '[${sizes.join(", ")}]' is invalid for input of size ${numel} (shape ${
        sizeString(inputShape)
      })`,
    );
  }
  return shape;
}

/**
 * Strides that show `x`'s elements in row-major order under `shape`, or null when its layout
 * cannot (torch's `computeStride`): dims of `x` that are laid out as one block may be split
 * and merged freely.
 */
function viewStrides(x: Tensor, shape: readonly number[]): number[] | null {
  const oldShape = x.shape;
  const oldStrides = x.stride();
  const out = new Array<number>(shape.length);
  if (x.numel() === 0) return stridesOf(shape);
  let viewD = shape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) {
    // Only size-1 dims are left (a 0-dim input): any stride will do.
    for (; viewD >= 0; viewD--) out[viewD] = 1;
  }
  return out;
}

/**
 * A view of `x` with another shape, like `x.view(...)`.
 *
 * @param x The input.
 * @param sizes The new shape (one size may be -1).
 * @returns The view (ViewBackward0).
 */
export function view(x: Tensor, sizes: readonly number[]): Tensor {
  requireTensor(x, "view");
  const shape = inferSizes(sizes, x.shape, "view");
  const strides = viewStrides(x, shape);
  if (strides === null) {
    throw new RangeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return makeView(x, shape, strides, x.storage_offset(), "ViewBackward0", (g) => [
    g.reshape(x.shape),
  ], (t) => view(t, shape));
}

/**
 * `x` with another shape, like `x.reshape(...)`: a view when the layout allows one, else a
 * contiguous copy.
 *
 * @param x The input.
 * @param sizes The new shape (one size may be -1).
 * @returns The reshaped tensor (ReshapeAliasBackward0 as a view, UnsafeViewBackward0 copied).
 */
export function reshape(x: Tensor, sizes: readonly number[]): Tensor {
  requireTensor(x, "reshape");
  const shape = inferSizes(sizes, x.shape, "reshape");
  const strides = viewStrides(x, shape);
  if (strides !== null) {
    return makeView(x, shape, strides, x.storage_offset(), "ReshapeAliasBackward0", (g) => [
      g.reshape(x.shape),
    ], (t) => reshape(t, shape));
  }
  const copy = contiguous(x);
  return result(contiguousData(copy), shape, "UnsafeViewBackward0", [copy], (g) => [
    g.reshape(copy.shape),
  ], { dtype: x.dtype });
}

/**
 * A view with a size-1 dim inserted at `dim`, like `x.unsqueeze(dim)`.
 *
 * @param x The input.
 * @param dim Where the new dim goes (negative counts from the end of the result).
 * @returns The view (UnsqueezeBackward0).
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  requireTensor(x, "unsqueeze");
  const d = normalizeDim(dim, x.dim() + 1, "unsqueeze");
  const shape = [...x.shape];
  const strides = x.stride();
  const stride = d >= x.dim() ? 1 : shape[d] * strides[d];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return makeView(x, shape, strides, x.storage_offset(), "UnsqueezeBackward0", (g) => [
    g.squeeze(d),
  ], (t) => unsqueeze(t, d));
}

/**
 * A view without size-1 dims — all of them, or only `dim` — like `x.squeeze(dim?)`.
 *
 * @param x The input.
 * @param dim The dim to drop if its size is 1; all size-1 dims when omitted.
 * @returns The view (SqueezeBackward0, or SqueezeBackward1 with a dim).
 */
export function squeeze(x: Tensor, dim?: number): Tensor {
  requireTensor(x, "squeeze");
  const d = dim === undefined ? undefined : normalizeDim(dim, x.dim(), "squeeze");
  const shape: number[] = [];
  const strides: number[] = [];
  const xs = x.stride();
  for (let i = 0; i < x.dim(); i++) {
    const drop = x.shape[i] === 1 && (d === undefined || d === i);
    if (!drop) {
      shape.push(x.shape[i]);
      strides.push(xs[i]);
    }
  }
  const name = d === undefined ? "SqueezeBackward0" : "SqueezeBackward1";
  return makeView(x, shape, strides, x.storage_offset(), name, (g) => [
    g.reshape(x.shape),
  ], (t) => squeeze(t, d));
}

/**
 * A view repeating size-1 dims (and adding leading dims) to `sizes`, like `x.expand(...)`;
 * -1 keeps a size. Expanded dims have stride 0: writing through them is refused.
 *
 * @param x The input.
 * @param sizes The new shape.
 * @returns The view (ExpandBackward0).
 */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  requireTensor(x, "expand");
  const nd = sizes.length;
  if (nd < x.dim()) {
    throw new RangeError(
      `expand: the number of sizes provided (${nd}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const lead = nd - x.dim();
  const xs = x.stride();
  const shape = new Array<number>(nd);
  const strides = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const want = sizes[i];
    if (!Number.isInteger(want) || want < -1) {
      throw new RangeError(`expand: sizes must be integers >= -1, got [${sizes.join(", ")}]`);
    }
    if (i < lead) {
      if (want === -1) {
        throw new RangeError(
          `expand: the expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      shape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = x.shape[i - lead];
    if (want === -1 || want === have) {
      shape[i] = have;
      strides[i] = xs[i - lead];
    } else if (have === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new RangeError(
        `expand: the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: [${
          sizes.join(", ")
        }].  Tensor sizes: [${x.shape.join(", ")}]`,
      );
    }
  }
  return makeView(x, shape, strides, x.storage_offset(), "ExpandBackward0", (g) => [
    sumTo(g, x.shape),
  ], (t) => expand(t, shape));
}

/**
 * A view with dims `dim0` and `dim1` swapped, like `x.transpose(dim0, dim1)`.
 *
 * @param x The input.
 * @param dim0 One dim.
 * @param dim1 The other.
 * @returns The view (TransposeBackward0).
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  return swap(x, dim0, dim1, "transpose", "TransposeBackward0");
}

/**
 * The transpose of a tensor of at most 2 dims, like `x.t()`.
 *
 * @param x The input (0, 1 or 2 dims).
 * @returns The view (TBackward0).
 */
export function t(x: Tensor): Tensor {
  requireTensor(x, "t");
  if (x.dim() > 2) {
    throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  }
  return x.dim() < 2 ? swap(x, 0, 0, "t", "TBackward0") : swap(x, 0, 1, "t", "TBackward0");
}

function swap(x: Tensor, dim0: number, dim1: number, where: string, name: string): Tensor {
  requireTensor(x, where);
  const a = normalizeDim(dim0, x.dim(), where);
  const b = normalizeDim(dim1, x.dim(), where);
  const shape = [...x.shape];
  const strides = x.stride();
  if (x.dim() > 0) {
    [shape[a], shape[b]] = [shape[b], shape[a]];
    [strides[a], strides[b]] = [strides[b], strides[a]];
  }
  return makeView(x, shape, strides, x.storage_offset(), name, (g) => [
    swap(g, a, b, where, name),
  ], (u) => swap(u, a, b, where, name));
}

/**
 * A view with the dims reordered, like `x.permute(dims)`.
 *
 * @param x The input.
 * @param dims The new order: a permutation of the dims (negative counts from the end).
 * @returns The view (PermuteBackward0).
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  requireTensor(x, "permute");
  if (dims.length !== x.dim()) {
    throw new RangeError(
      `permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const order = dims.map((d) => normalizeDim(d, x.dim(), "permute"));
  if (new Set(order).size !== order.length) {
    throw new RangeError(`permute(): duplicate dims are not allowed, got [${dims.join(", ")}]`);
  }
  const xs = x.stride();
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[d] = i));
  return makeView(
    x,
    order.map((d) => x.shape[d]),
    order.map((d) => xs[d]),
    x.storage_offset(),
    "PermuteBackward0",
    (g) => [permute(g, inverse)],
    (u) => permute(u, order),
  );
}

/**
 * Dims `start_dim` to `end_dim` merged into one, like `x.flatten(start_dim, end_dim)`: a view
 * when the layout allows, else a copy; `x` itself when there is nothing to merge.
 *
 * @param x The input.
 * @param start_dim First dim merged. Default 0.
 * @param end_dim Last dim merged. Default -1.
 * @returns The flattened tensor.
 */
export function flatten(x: Tensor, start_dim: number = 0, end_dim: number = -1): Tensor {
  requireTensor(x, "flatten");
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim(start_dim, x.dim(), "flatten");
  const e = normalizeDim(end_dim, x.dim(), "flatten");
  if (s > e) {
    throw new RangeError("flatten() has invalid args: start_dim cannot come after end_dim");
  }
  if (s === e) return x;
  const merged = numelOf(x.shape.slice(s, e + 1));
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

function checkIndex(index: number, size: number, dim: number, x: Tensor, where: string): number {
  if (!Number.isInteger(index)) {
    throw new TypeError(`${where}: index must be an integer, got ${describe(index)}`);
  }
  if (index < -size || index >= size) {
    throw new RangeError(
      `${where}: index ${index} out of range for tensor of size [${
        x.shape.join(", ")
      }] at dimension ${dim}`,
    );
  }
  return index < 0 ? index + size : index;
}

/**
 * The slice at `index` along `dim`, without that dim, like `x.select(dim, index)` (Python's
 * `x[:, index]` for dim 1).
 *
 * @param x The input (at least 1 dim).
 * @param dim The dim.
 * @param index The position (negative counts from the end).
 * @returns The view (SelectBackward0).
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  return selectAs(x, dim, index, "SelectBackward0", "select()");
}

function selectAs(x: Tensor, dim: number, index: number, name: string, where: string): Tensor {
  requireTensor(x, where);
  if (x.dim() === 0) throw new RangeError(`${where} cannot be applied to a 0-dim tensor.`);
  const d = normalizeDim(dim, x.dim(), where);
  const i = checkIndex(index, x.shape[d], d, x, where);
  const strides = x.stride();
  const shape = [...x.shape];
  const offset = x.storage_offset() + i * strides[d];
  shape.splice(d, 1);
  strides.splice(d, 1);
  return makeView(x, shape, strides, offset, name, (g) => [
    intoZeros(g, x, (z) => selectAs(z, d, i, name, where)),
  ], (u) => selectAs(u, d, i, name, where));
}

/**
 * `length` entries from `start` along `dim`, like `x.narrow(dim, start, length)`.
 *
 * @param x The input.
 * @param dim The dim.
 * @param start First entry (negative counts from the end).
 * @param length How many.
 * @returns The view (SliceBackward0).
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  requireTensor(x, "narrow");
  if (x.dim() === 0) throw new RangeError("narrow() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, x.dim(), "narrow");
  const size = x.shape[d];
  if (!Number.isInteger(start) || start < -size || start > size) {
    throw new RangeError(
      `narrow: start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`,
    );
  }
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new RangeError(
      `narrow: start (${s}) + length (${length}) exceeds dimension size (${size}).`,
    );
  }
  return slice(x, d, s, s + length, 1);
}

/**
 * Entries `start, start + step, ...` below `end` along `dim` (Python's `x[start:end:step]`),
 * with Python's clamping of out-of-range bounds.
 *
 * @param x The input.
 * @param dim The dim.
 * @param start First entry (negative counts from the end); clamped.
 * @param end Stop before this entry (negative counts from the end); clamped.
 * @param step Positive step.
 * @param name The backward node's name (SliceBackward0; split's pieces use SplitBackward0).
 * @returns The view.
 */
export function slice(
  x: Tensor,
  dim: number,
  start: number,
  end: number,
  step: number,
  name: string = "SliceBackward0",
): Tensor {
  requireTensor(x, "slice");
  const d = normalizeDim(dim, x.dim(), "slice");
  if (!Number.isInteger(step) || step <= 0) {
    throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  }
  const size = x.shape[d];
  const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = clampIndex(start);
  const e = Math.max(clampIndex(end), s);
  const shape = [...x.shape];
  const strides = x.stride();
  shape[d] = Math.ceil((e - s) / step);
  const offset = x.storage_offset() + (shape[d] > 0 ? s * strides[d] : 0);
  strides[d] *= step;
  return makeView(x, shape, strides, offset, name, (g) => [
    intoZeros(g, x, (z) => slice(z, d, s, e, step, name)),
  ], (u) => slice(u, d, s, e, step, name));
}

/**
 * Views of consecutive pieces along `dim`, like `x.split(split_size_or_sections, dim)`.
 *
 * @param x The input.
 * @param sizeOrSections A piece size (the last piece may be smaller) or the list of sizes.
 * @param dim The dim.
 * @returns The pieces (SplitBackward0, or SplitWithSizesBackward0 for a list).
 *
 * @example Python's `torch.split(x, 2)`
 * ```ts
 * import { arange, split } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const pieces = split(arange(5), 2);
 * assert.deepEqual(pieces.map((p) => p.tolist()), [[0, 1], [2, 3], [4]]);
 * ```
 */
export function split(
  x: Tensor,
  sizeOrSections: number | readonly number[],
  dim: number = 0,
): Tensor[] {
  requireTensor(x, "split");
  const d = normalizeDim(dim, x.dim(), "split");
  const size = x.shape[d];
  let sizes: number[];
  let name: string;
  if (typeof sizeOrSections === "number") {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new RangeError(
        `split expects split_size be a positive integer, but got split_size=${sizeOrSections}`,
      );
    }
    sizes = [];
    for (let s = 0; s < size; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, size - s));
    if (sizes.length === 0) sizes.push(0);
    name = "SplitBackward0";
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== size) {
      throw new RangeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${
          sizes.join(", ")
        }]`,
      );
    }
    name = "SplitWithSizesBackward0";
  }
  const out: Tensor[] = [];
  let s = 0;
  for (const n of sizes) {
    out.push(slice(x, d, s, s + n, 1, name));
    s += n;
  }
  return out;
}

/**
 * `chunks` views of (nearly) equal size along `dim`, like `x.chunk(chunks, dim)`: each of
 * size ceil(n / chunks), so there may be fewer than `chunks`.
 *
 * @param x The input.
 * @param chunks How many pieces at most.
 * @param dim The dim.
 * @returns The pieces (SplitBackward0).
 *
 * @example
 * ```ts
 * import { chunk, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = chunk(tensor([[1, 2], [3, 4], [5, 6]]), 2);
 * assert.deepEqual(a.tolist(), [[1, 2], [3, 4]]);
 * assert.deepEqual(b.tolist(), [[5, 6]]);
 * ```
 */
export function chunk(x: Tensor, chunks: number, dim: number = 0): Tensor[] {
  requireTensor(x, "chunk");
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  }
  const d = normalizeDim(dim, x.dim(), "chunk");
  return split(x, Math.max(1, Math.ceil(x.shape[d] / chunks)), d);
}

/**
 * The slices along `dim`, each without that dim, like `x.unbind(dim)`.
 *
 * @param x The input.
 * @param dim The dim.
 * @returns The views (UnbindBackward0).
 *
 * @example
 * ```ts
 * import { tensor, unbind } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [row0, row1] = unbind(tensor([[1, 2], [3, 4]]));
 * assert.deepEqual(row1.tolist(), [3, 4]);
 * ```
 */
export function unbind(x: Tensor, dim: number = 0): Tensor[] {
  requireTensor(x, "unbind");
  if (x.dim() === 0) {
    throw new RangeError("unbind(): dimension specified as 0 but tensor has no dimensions");
  }
  const d = normalizeDim(dim, x.dim(), "unbind");
  const out: Tensor[] = [];
  for (let i = 0; i < x.shape[d]; i++) out.push(selectAs(x, d, i, "UnbindBackward0", "unbind()"));
  return out;
}

/**
 * `x` tiled `sizes[d]` times along each dim, like `x.repeat(*sizes)` (a copy; extra leading
 * sizes add dims). The gradient sums the tiles.
 *
 * @param x The input.
 * @param sizes How many times to repeat along each dim; at least `x.dim()` of them.
 * @returns The tiled tensor (RepeatBackward0).
 *
 * @example Python's `one_hot.repeat(batch, 1)`
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tensor([[0.1, 0.9]]).repeat(2, 1).shape, [2, 2]);
 * assert.deepEqual(tensor([1n, 2n]).repeat(2).tolist(), [1, 2, 1, 2]);
 * ```
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  requireTensor(x, "repeat");
  if (sizes.length < x.dim()) {
    throw new RangeError(
      `repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (got ${sizes.length} sizes for a ${x.dim()}-D tensor)`,
    );
  }
  for (const r of sizes) {
    if (!Number.isInteger(r) || r < 0) {
      throw new RangeError(
        `repeat: sizes must be non-negative integers, got [${sizes.join(", ")}]`,
      );
    }
  }
  // Tile as [r0, s0, r1, s1, ...]: element (a, b) of a pair is x's element b, whatever a is.
  const padded = [...new Array(sizes.length - x.dim()).fill(1), ...x.shape];
  const pairs = padded.flatMap((s, d) => [sizes[d], s]);
  const shape = padded.map((s, d) => s * sizes[d]);
  // Refused before the tiling copy when the result passes the allocation cap.
  const bytes = x.dtype === "float32" ? 4 : x.dtype === "bool" ? 1 : 8;
  checkOutput("repeat()", shape, bytes);
  const tiled = withGradMode(
    false,
    () => contiguous(expand(reshape(x, padded.flatMap((s) => [1, s])), pairs)),
  );
  let data = contiguousData(tiled);
  if (storageOf(tiled) === storageOf(x)) {
    // Nothing was tiled (all sizes 1, or a contiguous x seen through size-1 dims): torch's
    // repeat still returns a copy, never x's memory.
    const copy = allocate(x.dtype, data.length, "repeat()", shape);
    copy.set(data);
    data = copy;
  }
  return result(data, shape, "RepeatBackward0", [x], (g) => [
    g.reshape(pairs).sum(pairs.map((_, i) => i).filter((i) => i % 2 === 0)).reshape(x.shape),
  ], { dtype: x.dtype });
}

/**
 * `x` itself when contiguous, else a row-major copy (CloneBackward0), like `x.contiguous()`.
 *
 * @param x The input.
 * @returns A contiguous tensor.
 */
export function contiguous(x: Tensor): Tensor {
  requireTensor(x, "contiguous");
  return x.is_contiguous() ? x : toDType(x, x.dtype, "CloneBackward0");
}

/**
 * A row-major copy of `x` in `dtype`, recorded under `name` (ToCopyBackward0 or
 * CloneBackward0). float → int64 truncates toward zero (and must fit); anything → bool is
 * "nonzero".
 *
 * @param x The input.
 * @param dtype Target dtype.
 * @param name Backward node name.
 * @returns The copy.
 */
export function toDType(x: Tensor, dtype: DType, name: string): Tensor {
  const src = contiguousData(x);
  // A non-contiguous x was just copied into a fresh array: that copy is the output.
  if (dtype === x.dtype && !x.is_contiguous()) {
    return result(src, x.shape, name, [x], (g) => [g], { dtype });
  }
  const out = allocate(dtype, src.length);
  if (dtype === x.dtype || (isFloating(dtype) && x.dtype !== "bool")) out.set(src);
  else for (let i = 0; i < src.length; i++) out[i] = castValue(src[i], dtype, "to()");
  return result(out, x.shape, name, [x], (g) => [g], { dtype });
}

// ---------------------------------------------------------------------------------------------
// More views (issue 19): movedim, unflatten, broadcast_to, diagonal, unfold, tensor_split
// ---------------------------------------------------------------------------------------------

/**
 * `x` with dims `source` moved to positions `destination` (the other dims keep their order),
 * like `torch.movedim(x, source, destination)` (alias `moveaxis`): a permuted view.
 *
 * @param x The input.
 * @param source A dim or a list of dims.
 * @param destination Where each goes (as many as `source`).
 * @returns The view (PermuteBackward0).
 *
 * @example
 * ```ts
 * import { movedim, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(movedim(zeros(2, 3, 4), 0, -1).shape, [3, 4, 2]);
 * ```
 */
export function movedim(
  x: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[],
): Tensor {
  requireTensor(x, "movedim");
  const src = (typeof source === "number" ? [source] : [...source]).map((d) =>
    normalizeDim(d, x.dim(), "movedim")
  );
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) =>
    normalizeDim(d, x.dim(), "movedim")
  );
  if (src.length !== dst.length) {
    throw new RangeError(
      `movedim: Invalid source or destination dims: source (${
        JSON.stringify(src)
      } dims) should contain the same number of dims as destination (${JSON.stringify(dst)} dims)`,
    );
  }
  if (new Set(src).size !== src.length) {
    throw new RangeError(`movedim: repeated dim in \`source\` (${JSON.stringify(source)})`);
  }
  if (new Set(dst).size !== dst.length) {
    throw new RangeError(
      `movedim: repeated dim in \`destination\` (${JSON.stringify(destination)})`,
    );
  }
  const order = new Array<number>(x.dim()).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = Array.from({ length: x.dim() }, (_, i) => i).filter((d) => !src.includes(d));
  let k = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[k++];
  return permute(x, order);
}

/**
 * Dim `dim` split into `sizes` (one may be -1), like `x.unflatten(dim, sizes)`: a view.
 *
 * @param x The input.
 * @param dim The dim to split.
 * @param sizes Its new sizes; their product must be its size.
 * @returns The view (ViewBackward0).
 *
 * @example
 * ```ts
 * import { unflatten, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(unflatten(zeros(2, 6), 1, [2, 3]).shape, [2, 2, 3]);
 * ```
 */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  requireTensor(x, "unflatten");
  const d = normalizeDim(dim, x.dim(), "unflatten");
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new RangeError("unflatten: sizes must be non-empty");
  }
  const inner = inferSizes(sizes, [x.shape[d]], "unflatten");
  if (numelOf(inner) !== x.shape[d]) {
    throw new RangeError(
      `unflatten: Provided sizes [${
        sizes.join(", ")
      }] don't multiply up to the size of dim ${dim} (${x.shape[d]}) in the input tensor`,
    );
  }
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/**
 * `x` broadcast to `shape`, like `torch.broadcast_to(x, shape)`: an expanded view.
 *
 * @param x The input.
 * @param shape The target shape (-1 keeps a size).
 * @returns The view (ExpandBackward0).
 *
 * @example
 * ```ts
 * import { broadcast_to, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(broadcast_to(tensor([1, 2]), [2, 2]).tolist(), [[1, 2], [1, 2]]);
 * ```
 */
export function broadcast_to(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor(x, "broadcast_to");
  return expand(x, shape);
}

/**
 * The broadcast shape of the given shapes, like `torch.broadcast_shapes(*shapes)`.
 *
 * @param shapes Shapes (arrays of sizes, or single sizes).
 * @returns The broadcast shape.
 *
 * @example
 * ```ts
 * import { broadcast_shapes } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(broadcast_shapes([2, 1], [3]), [2, 3]);
 * ```
 */
export function broadcast_shapes(...shapes: (number | readonly number[])[]): number[] {
  let out: number[] = [];
  for (const s of shapes) {
    const shape = typeof s === "number" ? [s] : s;
    if (!Array.isArray(shape) || shape.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new TypeError(
        `broadcast_shapes: expected shapes of non-negative integers, got ${describe(s)}`,
      );
    }
    try {
      out = broadcastShapes(out, shape);
    } catch {
      throw new RangeError(
        `Shape mismatch: objects cannot be broadcast to a single shape (got [${
          out.join(", ")
        }] and [${shape.join(", ")}])`,
      );
    }
  }
  return out;
}

/**
 * The tensors expanded to their common shape, like `torch.broadcast_tensors(*tensors)`.
 *
 * @param tensors The tensors.
 * @returns Views (ExpandBackward0) of the broadcast shape.
 *
 * @example
 * ```ts
 * import { broadcast_tensors, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = broadcast_tensors(tensor([[1], [2]]), tensor([3, 4, 5]));
 * assert.deepEqual([a.shape, b.shape], [[2, 3], [2, 3]]);
 * ```
 */
export function broadcast_tensors(...tensors: Tensor[]): Tensor[] {
  tensors.forEach((t) => requireTensor(t, "broadcast_tensors"));
  const shape = broadcast_shapes(...tensors.map((t) => t.shape));
  // torch returns a tensor that already has the shape as it is.
  return tensors.map((t) =>
    t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i])
      ? t
      : expand(t, shape)
  );
}

/**
 * The diagonal of `x` over dims `dim1` and `dim2` (moved to the end), like
 * `torch.diagonal(x, offset, dim1, dim2)`: a view.
 *
 * @param x The input (at least 2 dims).
 * @param offset 0 the main diagonal, > 0 above it, < 0 below.
 * @param dim1 The first dim. Default 0.
 * @param dim2 The second dim. Default 1.
 * @returns The view (DiagonalBackward0).
 *
 * @example
 * ```ts
 * import { diagonal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(diagonal(x).tolist(), [1, 5]);
 * assert.deepEqual(diagonal(x, 1).tolist(), [2, 6]);
 * ```
 */
export function diagonal(
  x: Tensor,
  offset: number = 0,
  dim1: number = 0,
  dim2: number = 1,
): Tensor {
  requireTensor(x, "diagonal");
  if (!Number.isInteger(offset)) {
    throw new TypeError(`diagonal(): offset must be an integer, got ${describe(offset)}`);
  }
  const a = normalizeDim(dim1, x.dim(), "diagonal");
  const b = normalizeDim(dim2, x.dim(), "diagonal");
  if (a === b) {
    throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  }
  const xs = x.stride();
  let length: number;
  let offsetAt = x.storage_offset();
  if (offset >= 0) {
    length = Math.max(Math.min(x.shape[a], x.shape[b] - offset), 0);
    if (length > 0) offsetAt += offset * xs[b];
  } else {
    length = Math.max(Math.min(x.shape[a] + offset, x.shape[b]), 0);
    if (length > 0) offsetAt -= offset * xs[a];
  }
  const shape: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < x.dim(); d++) {
    if (d === a || d === b) continue;
    shape.push(x.shape[d]);
    strides.push(xs[d]);
  }
  shape.push(length);
  strides.push(xs[a] + xs[b]);
  return makeView(x, shape, strides, offsetAt, "DiagonalBackward0", (g) => [
    intoZeros(g, x, (z) => diagonal(z, offset, a, b)),
  ], (u) => diagonal(u, offset, a, b));
}

/**
 * All windows of `size` entries along `dimension`, stepping by `step`, as a new last dim,
 * like `x.unfold(dimension, size, step)`: a view.
 *
 * @param x The input.
 * @param dimension The dim to slide along.
 * @param size The window size.
 * @param step The step between windows.
 * @returns The view (UnfoldBackward0).
 *
 * @example
 * ```ts
 * import { arange } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(arange(5).unfold(0, 2, 2).tolist(), [[0, 1], [2, 3]]);
 * ```
 */
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  requireTensor(x, "unfold");
  const d = normalizeDim(dimension, x.dim(), "unfold");
  const extent = x.dim() === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(size) || size < 0 || size > extent) {
    throw new RangeError(
      `maximum size for tensor at dimension ${d} is ${extent} but size is ${size}`,
    );
  }
  if (!Number.isInteger(step) || step <= 0) {
    throw new RangeError(`step is ${step} but must be > 0`);
  }
  const xs = x.stride();
  const shape = [...x.shape];
  const strides = [...xs];
  const count = Math.floor((extent - size) / step) + 1;
  if (x.dim() === 0) {
    return makeView(x, [size], [1], x.storage_offset(), "UnfoldBackward0", (g) => [
      g.sum().reshape([]),
    ], (u) => unfold(u, dimension, size, step));
  }
  shape[d] = count;
  strides[d] = xs[d] * step;
  shape.push(size);
  strides.push(xs[d]);
  return makeView(x, shape, strides, x.storage_offset(), "UnfoldBackward0", (g) => {
    // Sum every window's gradient back onto the positions it covers.
    const gx = fromData(allocate(g.dtype, x.numel()), x.shape, g.dtype);
    const gv = contiguousData(g);
    const gxd = contiguousData(gx);
    const at = offsetsOf(
      shape,
      stridesOf(x.shape).map((s, i) => i === d ? s * step : s).concat(
        stridesOf(x.shape)[d],
      ),
      0,
    );
    for (let i = 0; i < gv.length; i++) gxd[at[i]] += gv[i];
    return [gx];
  }, (u) => unfold(u, d, size, step));
}

/**
 * Views of `x` split along `dim` into `sections` nearly equal pieces, or at the given
 * `indices`, like `torch.tensor_split(x, indices_or_sections, dim)`.
 *
 * @param x The input.
 * @param indices_or_sections A number of sections (the first `n % sections` pieces get one
 *   more entry), or the positions to split at.
 * @param dim The dim. Default 0.
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
  x: Tensor,
  indices_or_sections: number | readonly number[] | Tensor,
  dim: number = 0,
): Tensor[] {
  requireTensor(x, "tensor_split");
  if (x.dim() === 0) {
    throw new RangeError(
      "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims",
    );
  }
  const d = normalizeDim(dim, x.dim(), "tensor_split");
  const n = x.shape[d];
  let spec: number | readonly number[] = indices_or_sections as number | readonly number[];
  if (typeof indices_or_sections === "object" && !Array.isArray(indices_or_sections)) {
    const t = indices_or_sections as Tensor;
    requireTensor(t, "tensor_split(indices_or_sections)");
    spec = t.dim() === 0 ? t.item() : (t.tolist() as number[]);
  }
  const out: Tensor[] = [];
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec <= 0) {
      throw new RangeError(`number of sections must be larger than 0, got ${spec}`);
    }
    const big = n % spec;
    const small = Math.floor(n / spec);
    let start = 0;
    for (let i = 0; i < spec; i++) {
      const len = small + (i < big ? 1 : 0);
      out.push(slice(x, d, start, start + len, 1));
      start += len;
    }
    return out;
  }
  let start = 0;
  for (const idx of [...spec, n]) {
    out.push(slice(x, d, start, Math.max(idx, start), 1));
    start = idx;
  }
  return out;
}
