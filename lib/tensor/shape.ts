/**
 * Shape rules shared by every op: element counts, broadcasting and dim normalisation.
 *
 * @module
 */

import { describe } from "./dtype.ts";
import { checkOutput } from "./limits.ts";

/** Number of elements of a shape (1 for a 0-dim shape). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides of a contiguous shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Formats a shape as torch does: `torch.Size([2, 3])`. */
export function sizeString(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** Whether two shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The broadcast shape of `a` and `b` by NumPy's rules: align from the right; each pair of
 * sizes must be equal or one of them 1. `where` and `names` make the error name the call and
 * its operands (torch's wording, "tensor a" and "tensor b", by default).
 */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
  where?: string,
  names: readonly [string, string] = ["tensor a", "tensor b"],
): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${where === undefined ? "" : `${where}: `}shapes ${sizeString(a)} and ${
          sizeString(b)
        } do not broadcast: the size of ${names[0]} (${da}) must match the size of ${
          names[1]
        } (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each element of `outShape` (row-major), the index of the element of `shape` that
 * broadcasts onto it. `shape` must broadcast to `outShape`.
 */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  return offsetsOf(outShape, broadcastStrides(shape, stridesOf(shape), outShape), 0);
}

/**
 * The strides of a tensor of `shape` and `strides` seen through the broadcast shape
 * `outShape`: leading dims it gains and dims where it has size 1 get stride 0.
 */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
): number[] {
  const nd = outShape.length;
  const lead = nd - shape.length;
  const out = new Array<number>(nd).fill(0);
  for (let d = lead; d < nd; d++) {
    out[d] = shape[d - lead] === 1 && outShape[d] !== 1 ? 0 : strides[d - lead];
  }
  return out;
}

/**
 * The storage index of every element of a strided layout, in row-major order: element i sits
 * at `offsets[i]`. The general (reference) loop of every op reads through these.
 */
export function offsetsOf(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Int32Array {
  const n = numelOf(shape);
  checkOutput("an op's index scratch", shape, 4);
  const index = new Int32Array(n);
  const nd = shape.length;
  if (n === 0) return index;
  const counter = new Array<number>(nd).fill(0);
  let pos = offset;
  for (let i = 0; i < n; i++) {
    index[i] = pos;
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]++;
      pos += strides[d];
      if (counter[d] < shape[d]) break;
      pos -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return index;
}

/** Whether a layout is row-major contiguous (size-1 dims may have any stride, as in torch). */
export function isContiguousLayout(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (shape[d] === 0) return true;
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/**
 * A dim argument as a non-negative index into a tensor of `ndim` dims. Negative dims count
 * from the end; a 0-dim tensor accepts -1 and 0, as in torch.
 */
export function normalizeDim(dim: unknown, ndim: number, where: string): number {
  const span = Math.max(ndim, 1);
  if (typeof dim !== "number" || !Number.isInteger(dim)) {
    throw new TypeError(
      `${where}: dim must be an integer in the range [${-span}, ${span - 1}], got ${describe(dim)}`,
    );
  }
  if (dim < -span || dim >= span) {
    throw new RangeError(
      `${where}: dimension out of range (expected to be in range of [${-span}, ${
        span - 1
      }], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + span : dim;
}

/**
 * A dim argument that may be one dim or a list, for reductions. Returns sorted unique dims;
 * `undefined` means every dim. Repeated dims are an error, as in torch.
 */
export function normalizeDims(
  dim: number | readonly number[] | undefined,
  ndim: number,
  where: string,
): number[] {
  if (dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(dim) ? dim : [dim];
  const seen = new Set<number>();
  for (const d of list) {
    const nd = normalizeDim(d, ndim, where);
    if (seen.has(nd)) {
      throw new RangeError(`${where}: dim ${nd} appears multiple times in the list of dims`);
    }
    seen.add(nd);
  }
  // A 0-dim tensor has no real dims: dim 0 / -1 reduce over nothing.
  return [...seen].filter((d) => d < ndim).sort((x, y) => x - y);
}
