/**
 * `torch.nn.functional.pad`: constant, reflect, replicate and circular padding, with torch
 * 1.13's rules on which modes take how many padded dims.
 *
 * Every mode is one gather: along each padded dim an index map says which input position
 * feeds each output position (−1 for the constant fill). The forward gathers; the backward
 * scatters the gradient back through the same maps (adding where positions repeat). The
 * scatter is itself an op whose backward is the gather again, so double backward works.
 *
 * @module
 */

import { bind, type Kind, type Signature } from "../tensor/args.ts";
import { allocate, castValue, isFloating } from "../tensor/dtype.ts";
import { numelOf, stridesOf } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";

/** A padding mode torch 1.13 knows. */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";

const PAD_INTS: Kind = (v) =>
  Array.isArray(v) && v.every((d) => Number.isInteger(d)) ? null : "a tuple (array) of ints";

const PAD: Signature = [
  { name: "pad", kind: PAD_INTS },
  { name: "mode", kind: "string", default: "constant" },
  { name: "value", kind: "number", default: null },
];

/** One padded dim: its index, input size, output size and output → input position map. */
interface DimMap {
  dim: number;
  map: Int32Array;
}

/** The output → input map of one dim for `mode` (−1 where the constant fills). */
function dimMap(mode: PadMode, n: number, left: number, right: number): Int32Array {
  const size = n + left + right;
  const map = new Int32Array(Math.max(size, 0));
  for (let o = 0; o < size; o++) {
    const i = o - left;
    if (mode === "constant") map[o] = i >= 0 && i < n ? i : -1;
    else if (mode === "replicate") map[o] = i < 0 ? 0 : i >= n ? n - 1 : i;
    else if (mode === "circular") {
      // torch crops the negative amounts first, then wraps the positive ones around the rest.
      const from = Math.max(-left, 0);
      const kept = n - from - Math.max(-right, 0);
      const j = o - Math.max(left, 0);
      map[o] = from + (((j % kept) + kept) % kept);
    } else map[o] = i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
  }
  return map;
}

/** The element offsets of the input feeding each output element (−1 for the fill). */
function sourceOffsets(inShape: readonly number[], maps: DimMap[]): [Int32Array, number[]] {
  const outShape = [...inShape];
  const byDim: (Int32Array | null)[] = inShape.map(() => null);
  for (const m of maps) {
    outShape[m.dim] = m.map.length;
    byDim[m.dim] = m.map;
  }
  const inStrides = stridesOf(inShape);
  const total = numelOf(outShape);
  const src = new Int32Array(total);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < total; k++) {
    let off = 0;
    for (let d = 0; d < outShape.length; d++) {
      const m = byDim[d];
      const i = m === null ? idx[d] : m[idx[d]];
      if (i < 0) {
        off = -1;
        break;
      }
      off += i * inStrides[d];
    }
    src[k] = off;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return [src, outShape];
}

/**
 * The gather `out[k] = x[src[k]]` (or `fill`), recorded as `name`. With `selfInBackward`, its
 * backward node also takes `x`, as torch's reflection and replication pad backward functions
 * take `self` (so a `create_graph` gradient requires grad, with a zero second derivative).
 */
function gather(
  x: Tensor,
  src: Int32Array,
  outShape: number[],
  fill: number,
  name: string,
  transposeName: string,
  selfInBackward: boolean,
): Tensor {
  const a = contiguousData(x);
  const out = allocate(x.dtype, src.length);
  for (let k = 0; k < src.length; k++) out[k] = src[k] < 0 ? fill : a[src[k]];
  const inShape = x.shape;
  return result(out, outShape, name, [x], (g) => [
    scatter(g, src, inShape, transposeName, name, selfInBackward ? x : null),
  ], { dtype: x.dtype });
}

/** The adjoint: `grad[src[k]] += g[k]`, recorded as `name` (its backward is the gather). */
function scatter(
  g: Tensor,
  src: Int32Array,
  inShape: readonly number[],
  name: string,
  gatherName: string,
  self: Tensor | null,
): Tensor {
  const gd = contiguousData(g);
  const out = allocate(g.dtype, numelOf(inShape));
  for (let k = 0; k < src.length; k++) if (src[k] >= 0) out[src[k]] += gd[k];
  const outShape = g.shape;
  const zeros = (t: Tensor) => fromData(allocate(t.dtype, t.numel()), t.shape, t.dtype);
  return result(out, inShape, name, self === null ? [g] : [g, self], (gg) => [
    gather(gg, src, [...outShape], 0, gatherName, name, self !== null),
    ...(self === null ? [] : [zeros(self)]),
  ], { dtype: g.dtype });
}

/**
 * Pads the trailing dims of a tensor, like `torch.nn.functional.pad(input, pad,
 * mode='constant', value=None)`. `pad` lists (left, right) amounts from the last dim
 * backwards: `[1, 2]` pads the last dim, `[1, 2, 0, 3]` the last two. Modes:
 *
 * - `"constant"` (default): fills with `value` (default 0); negative amounts crop; any number
 *   of dims.
 * - `"reflect"`, `"replicate"`, `"circular"`: mirror (without repeating the edge), repeat the
 *   edge, or wrap around; 1 padded dim for 2-D/3-D input, 2 for 3-D/4-D, 3 for 4-D/5-D, as
 *   torch 1.13 supports them.
 *
 * @param input The tensor.
 * @param args `pad`, `mode`, `value`, by position or in an options object.
 * @returns The padded tensor (ConstantPadNdBackward0, ReflectionPad1DBackward0, ...).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[[1, 2, 3]]]);
 * assert.deepEqual(F.pad(x, [1, 2]).tolist(), [[[0, 1, 2, 3, 0, 0]]]);
 * assert.deepEqual(F.pad(x, [2, 1], "reflect").tolist(), [[[3, 2, 1, 2, 3, 2]]]);
 * assert.deepEqual(F.pad(x, [1, 1], { mode: "circular" }).tolist(), [[[3, 1, 2, 3, 1]]]);
 * ```
 */
export function pad(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "pad(input)");
  const b = bind("pad", PAD, args);
  const amounts = b.pad as number[];
  const mode = b.mode as string;
  const value = b.value as number | null;
  const ndim = input.dim();
  if (amounts.length % 2 !== 0) throw new RangeError("Padding length must be divisible by 2");
  if (amounts.length / 2 > ndim) throw new RangeError("Padding length too large");
  if (!["constant", "reflect", "replicate", "circular"].includes(mode)) {
    throw new RangeError(`Unrecognised padding mode ${mode}`);
  }
  const k = amounts.length / 2;
  const maps: DimMap[] = [];
  const pairs: [number, number, number][] = []; // dim, left, right
  for (let i = 0; i < k; i++) pairs.push([ndim - 1 - i, amounts[2 * i], amounts[2 * i + 1]]);
  if (mode === "constant") {
    for (const [dim, l, r] of pairs) {
      const n = input.shape[dim];
      if (n + l + r < 0) {
        throw new RangeError(
          `The input size ${n}, plus negative padding ${l} and ${r} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
        );
      }
      maps.push({ dim, map: dimMap("constant", n, l, r) });
    }
    const fill = value === null ? 0 : castValue(value, input.dtype, "pad");
    return gather(
      input,
      ...sourceOffsets(input.shape, maps),
      fill,
      "ConstantPadNdBackward0",
      "ConstantPadNdBackwardBackward0",
      false,
    );
  }
  if (value !== null && value !== 0) {
    throw new TypeError(`Padding mode "${mode}" doesn't take in value argument`);
  }
  if (
    !((k === 1 && (ndim === 2 || ndim === 3)) || (k === 2 && (ndim === 3 || ndim === 4)) ||
      (k === 3 && (ndim === 4 || ndim === 5)))
  ) {
    throw new RangeError(
      "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
    );
  }
  if (!isFloating(input.dtype) && mode !== "circular") {
    const kernel = `${mode === "reflect" ? "reflection" : "replication"}_pad${k}d`;
    throw new TypeError(
      `"${kernel}" not implemented for '${input.dtype === "int64" ? "Long" : "Bool"}'`,
    );
  }
  if (mode === "circular" && ndim !== k + 2) {
    throw new RangeError(`Invalid padding size, expected ${(ndim - 2) * 2} but got ${2 * k}`);
  }
  pairs.forEach(([dim, l, r], i) => {
    const n = input.shape[dim];
    if (mode === "reflect" && (l >= n || r >= n)) {
      throw new RangeError(
        `Argument #${
          4 + 2 * i
        }: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${dim} of input ${
          k === 1 ? `[${input.shape.join(", ")}]` : ndim
        }`,
      );
    }
    if (mode === "circular" && (l > n || r > n)) {
      throw new RangeError("Padding value causes wrapping around more than once.");
    }
    if (n + l + r < 1) {
      throw new RangeError(
        `input (${"WHD"[i]}: ${n}) is too small. Calculated output ${"WHD"[i]}: ${n + l + r}`,
      );
    }
    maps.push({ dim, map: dimMap(mode as PadMode, n, l, r) });
  });
  const name = mode === "reflect"
    ? `ReflectionPad${k}DBackward0`
    : mode === "replicate"
    ? `ReplicationPad${k}DBackward0`
    : "torch::autograd::CopySlices";
  const transposeName = mode === "circular" ? "SliceBackward0" : `${name.slice(0, -1)}Backward0`;
  return gather(
    input,
    ...sourceOffsets(input.shape, maps),
    0,
    name,
    transposeName,
    mode !== "circular",
  );
}
