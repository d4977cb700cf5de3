/**
 * Helpers of the optimisers' update steps (library-internal).
 *
 * @module
 */

import { allocate, describe, type FloatData } from "../tensor/dtype.ts";
import { contiguousData, fromData, type Tensor } from "../tensor/tensor.ts";
import { fusedMultiplyAdd, fusedMultiplyAddF32 } from "../kernels/fma.ts";

/** A state buffer: a zero tensor shaped like `p` (its data is updated in place by `step`). */
export function buffer(p: Tensor): Tensor {
  return fromData(allocate(p.dtype, p.numel()), p.shape, p.dtype);
}

/** The elements of a state buffer made by {@linkcode buffer} (contiguous, owned; writable). */
export function dataOf(t: Tensor): FloatData {
  return contiguousData(t) as FloatData;
}

/** Rounding to the parameter's dtype: float32 kernels round every intermediate result. */
export function rounder(p: Tensor): (x: number) => number {
  return p.dtype === "float32" ? Math.fround : (x: number) => x;
}

/** Throws unless `value` is a number ≥ 0 (torch's `Invalid <name>: <value>`). */
export function checkNonNegative(value: unknown, label: string): void {
  if (typeof value !== "number" || !(value >= 0)) {
    throw new RangeError(`Invalid ${label}: ${describe(value)}`);
  }
}

/**
 * `a + x·y` rounded once to the parameter's dtype, as torch's fused kernels (add with alpha,
 * addcmul) compute it.
 */
export function fmaFor(p: Tensor): (a: number, x: number, y: number) => number {
  return p.dtype === "float32"
    ? (a, x, y) => fusedMultiplyAddF32(x, y, a)
    : (a, x, y) => fusedMultiplyAdd(x, y, a);
}
