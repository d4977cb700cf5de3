/**
 * In-place ops (`fill_`, `add_`, `mul_`, `copy_`, `masked_fill_`, ...) and torch's rules
 * around them.
 *
 * An in-place op computes the out-of-place result, writes it through the tensor's strides into
 * the shared storage (so every view sees it) and bumps the storage's version, which backward
 * checks for tensors saved earlier. Autograd follows torch:
 * - a leaf that requires grad (or a view of one) refuses in-place ops outside `no_grad`;
 * - a tensor that is not a view takes the op's node as its new `grad_fn`;
 * - a view's write is recorded on its base as `CopySlices` (the base's old history outside the
 *   view, the op's gradient inside it), and the view's `grad_fn` becomes the base's history
 *   seen through the view (`AsStridedBackward0`).
 *
 * @module
 */

import { Node } from "../tensor/autograd.ts";
import {
  allocate,
  category,
  type Data,
  describe,
  type DType,
  isFloating,
} from "../tensor/dtype.ts";
import { broadcastStrides, offsetsOf, sameShape, sizeString, stridesOf } from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  requireTensor,
  result,
  setHistory,
  storageOf,
  type Tensor,
  viewInfo,
} from "../tensor/tensor.ts";
import { is_grad_enabled, needsGraph } from "../tensor/autograd.ts";
import { where } from "./elementwise.ts";
import { sumTo } from "./reduce.ts";

const TYPE_NAMES: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  bool: "Bool",
};

/** torch's `canCast`: no float → integer, no non-bool → bool. */
function canCast(from: DType, to: DType): boolean {
  if (isFloating(from) && !isFloating(to)) return false;
  if (from !== "bool" && to === "bool") return false;
  return category(from) <= category(to) || isFloating(to);
}

/**
 * Writes `src` (broadcast to `dst`'s shape, cast to its dtype) into `dst`'s elements through
 * its strides, and bumps the storage version. No autograd: the raw store of every in-place op.
 *
 * @param dst The tensor written.
 * @param src The values.
 * @param only With an overlapping `dst` (expanded), write only these logical positions (torch's
 *   fill_ and index_put_ write such tensors; other ops refuse them).
 */
export function assign(dst: Tensor, src: Tensor, only?: OverlapWrite): void {
  const storage = storageOf(dst);
  const data = storage.data;
  const n = dst.numel();
  let values: Data = contiguousData(src);
  if (src.dtype !== dst.dtype && !(dst.dtype === "float64" || dst.dtype === "float32")) {
    const cast = allocate(dst.dtype, values.length);
    for (let i = 0; i < values.length; i++) {
      cast[i] = dst.dtype === "bool" ? (values[i] !== 0 ? 1 : 0) : values[i];
    }
    values = cast;
  }
  const srcIdx = sameShape(src.shape, dst.shape)
    ? null
    : offsetsOf(dst.shape, broadcastStrides(src.shape, stridesOf(src.shape), dst.shape), 0);
  if (dst.is_contiguous() && srcIdx === null) {
    const off = dst.storage_offset();
    if (data instanceof Float32Array && values instanceof Float32Array) data.set(values, off);
    else for (let i = 0; i < n; i++) data[off + i] = values[i];
  } else {
    const dstIdx = offsetsOf(dst.shape, dst.stride(), dst.storage_offset());
    const positions = only === undefined ? null : only.positions();
    if (positions === null) checkNoOverlap(dst, dstIdx);
    if (positions !== null && positions !== "all") {
      for (let k = 0; k < positions.length; k++) {
        const i = positions[k];
        data[dstIdx[i]] = values[srcIdx === null ? i : srcIdx[i]];
      }
    } else {
      for (let i = 0; i < n; i++) data[dstIdx[i]] = values[srcIdx === null ? i : srcIdx[i]];
    }
  }
  storage.version++;
}

/**
 * How an op that torch lets write an expanded (overlapping) tensor writes it: `"all"` (every
 * element gets the same value, fill_) or the logical positions written (index_put_); null
 * when the op wrote nothing special (then the overlap check applies).
 */
export interface OverlapWrite {
  /** The positions, read after the op computed its result. */
  positions(): ArrayLike<number> | "all" | null;
}

/** torch refuses in-place writes where several elements share one memory location. */
function checkNoOverlap(dst: Tensor, idx: Int32Array): void {
  const strides = dst.stride();
  if (!dst.shape.some((s, d) => s > 1 && strides[d] === 0)) return;
  if (new Set(idx).size !== idx.length) {
    throw new Error(
      "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.",
    );
  }
}

/** Throws torch's error for an in-place op on a leaf that requires grad, or a view of one. */
function checkLeaf(self: Tensor, where: string): void {
  if (!is_grad_enabled()) return;
  if (self.is_leaf && self.requires_grad && self._base === null) {
    throw new Error(
      `${where}: a leaf Variable that requires grad is being used in an in-place operation. (Wrap the update in no_grad(() => ...), or clone() first.)`,
    );
  }
  const base = self._base;
  if (base !== null && base.is_leaf && base.requires_grad) {
    throw new Error(
      `${where}: a view of a leaf Variable that requires grad is being used in an in-place operation. (Wrap the update in no_grad(() => ...), or clone() first.)`,
    );
  }
}

/**
 * Runs an in-place op: `compute(self)` gives the out-of-place result (with its graph), which
 * is written into `self`; autograd history is rebound as torch does.
 *
 * @param self The tensor written.
 * @param where The op's name for messages, e.g. `"add_"`.
 * @param compute The out-of-place op.
 * @param operands The op's other arguments (only checked to be tensors or scalars).
 * @returns `self`.
 */
export function apply_<T extends Tensor>(
  self: T,
  where: string,
  compute: (self: Tensor) => Tensor,
  operands: readonly unknown[],
  overlap?: OverlapWrite,
): T {
  requireTensor(self, where);
  for (const o of operands) {
    if (typeof o === "object" && o !== null) requireTensor(o, where);
  }
  checkLeaf(self, where);
  const r = compute(original(self, operands));
  if (!sameShape(r.shape, self.shape)) {
    throw new RangeError(
      `${where}: output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${
        r.shape.join(", ")
      }]`,
    );
  }
  if (!canCast(r.dtype, self.dtype)) {
    throw new TypeError(
      `${where}: result type ${TYPE_NAMES[r.dtype]} can't be cast to the desired output type ${
        TYPE_NAMES[self.dtype]
      }`,
    );
  }
  assign(self, r, overlap);
  const node = r.grad_fn;
  if (node !== null) rebind(self, node, r);
  return self;
}

/**
 * What an in-place op computes from: `self` itself, or, when autograd records the op, a copy
 * with `self`'s history, as torch saves the original `self` for formulas that read it (mul_,
 * pow_, clamp_min_, ...): the write that follows must not change what backward reads.
 */
function original(self: Tensor, operands: readonly unknown[]): Tensor {
  if (!is_grad_enabled()) return self;
  const recorded = self.requires_grad ||
    operands.some((o) => typeof o === "object" && o !== null && (o as Tensor).requires_grad);
  if (!recorded) return self;
  const copy = fromData(contiguousData(self).slice(), self.shape, self.dtype);
  const node = self.grad_fn;
  if (node !== null) setHistory(copy, node);
  return copy;
}

/** Gives `self` (or, for a view, its base) the in-place op's history. */
function rebind(self: Tensor, node: Node, r: Tensor): void {
  const info = viewInfo(self);
  if (info === null) {
    setHistory(self, node);
    return;
  }
  const base = info.base;
  const replay = info.replay;
  // The base's new history: its old one outside the view, the op's inside it.
  const copySlices = new Node("CopySlices", [base, r], (g) => {
    if (needsGraph(g)) {
      // Recorded: g where the view did not write (a where, not g·0, so an infinite g gives 0
      // there, not NaN), and the view of g for the op's result.
      const mask = fromData(allocate("bool", g.numel()).fill(1), g.shape, "bool");
      assign(replay(mask), fromData(allocate("bool", 1), [], "bool"));
      return [where(mask, g, 0), replay(g.contiguous()).contiguous()];
    }
    const gBase = fromData(contiguousData(g).slice(), g.shape, g.dtype);
    const region = replay(gBase);
    const gRegion = fromData(contiguousData(region).slice(), region.shape, region.dtype);
    assign(region, fromData(allocate(g.dtype, 1), [], g.dtype));
    return [gBase, gRegion];
  });
  setHistory(base, copySlices);
}

/**
 * Sets every element of `self` to `value`, like `t.fill_(value)`.
 *
 * @param self The tensor.
 * @param value A number, boolean, or 0-dim tensor.
 * @returns `self`.
 */
export function fill_<T extends Tensor>(self: T, value: number | boolean | Tensor): T {
  requireTensor(self, "fill_");
  if (typeof value === "object" && value !== null) {
    requireTensor(value, "fill_(value)");
    if (value.dim() !== 0) {
      throw new RangeError(
        `fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`,
      );
    }
  } else if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `fill_: value must be a number, a boolean or a 0-dim tensor, got ${describe(value)}`,
    );
  }
  return apply_(self, "fill_", (s) => filled(s, value), [value], FILL_OVERLAP);
}

/** fill_ writes expanded tensors, as torch (every element gets the same value). */
const FILL_OVERLAP: OverlapWrite = { positions: () => "all" };

/** A tensor shaped like `self` holding `value` (FillBackward0; FillBackward1 for a tensor). */
function filled(self: Tensor, value: number | boolean | Tensor): Tensor {
  const isTensor = typeof value === "object";
  const v = isTensor ? value.item() : +value;
  const dtype = self.dtype;
  if (dtype === "int64" && !Number.isInteger(v)) {
    throw new TypeError(`fill_: value cannot be converted to type int64 without overflow: ${v}`);
  }
  const out = allocate(dtype, self.numel());
  out.fill(dtype === "bool" ? (v !== 0 ? 1 : 0) : v);
  const inputs = isTensor ? [self, value] : [self];
  // torch: zeros_like(grad), not grad·0 (which is NaN where grad is infinite).
  return result(out, self.shape, isTensor ? "FillBackward1" : "FillBackward0", inputs, (g) => [
    self.requires_grad ? zerosOf(g) : null,
    ...(isTensor ? [value.requires_grad ? g.sum() : null] : []),
  ], { dtype });
}

/**
 * Copies `src` (broadcast to `self`'s shape, cast to its dtype) into `self`, like
 * `t.copy_(src)`.
 *
 * @param self The tensor written.
 * @param src The values.
 * @returns `self`.
 */
export function copy_<T extends Tensor>(self: T, src: Tensor): T {
  requireTensor(self, "copy_");
  requireTensor(src, "copy_(src)");
  return apply_(self, "copy_", (s) => {
    // torch's copy_ casts whatever the dtypes (float → int64 truncates).
    const shape = s.shape;
    const expanded = sameShape(src.shape, shape) ? src : src.expand(shape);
    const values = contiguousData(expanded.dtype === s.dtype ? expanded : expanded.to(s.dtype));
    return result(values.slice(), shape, "CopyBackwards", [s, src], (g) => [
      s.requires_grad ? zerosOf(g) : null,
      src.requires_grad ? sumTo(g, src.shape) : null,
    ], { dtype: s.dtype });
  }, [src]);
}

/** Zeros shaped like `g` (torch's zeros_like(grad)): a constant, also under create_graph. */
function zerosOf(g: Tensor): Tensor {
  return fromData(allocate(g.dtype, g.numel()), g.shape, g.dtype);
}

/** Adds `grad` into the existing `.grad` tensor `current` in place (backward's accumulation). */
export function accumulateInto(current: Tensor, grad: Tensor): void {
  if (!sameShape(current.shape, grad.shape)) {
    throw new RangeError(
      `backward(): the gradient has shape ${sizeString(grad.shape)} but .grad has shape ${
        sizeString(current.shape)
      }`,
    );
  }
  const sum = fromData(allocate(current.dtype, current.numel()), current.shape, current.dtype);
  const a = contiguousData(current);
  const b = contiguousData(grad);
  const out = contiguousData(sum);
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  assign(current, sum);
}
