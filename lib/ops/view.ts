/**
 * Shape and dtype changes: reshape, and copies into another dtype.
 *
 * @module
 */

import { allocate, type DType } from "../tensor/dtype.ts";
import { numelOf, sizeString } from "../tensor/shape.ts";
import { result, Tensor } from "../tensor/tensor.ts";

/**
 * The same elements under a new shape; one size may be -1 and is inferred.
 *
 * @param x The input.
 * @param sizes The new shape.
 * @returns A tensor sharing `x`'s storage.
 */
export function reshape(x: Tensor, sizes: readonly number[]): Tensor {
  const shape = [...sizes];
  let infer = -1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1 && infer === -1) infer = i;
    else if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(
        `reshape: sizes must be non-negative integers (one may be -1), got [${sizes.join(", ")}]`,
      );
    }
  }
  if (infer >= 0) {
    const known = numelOf(shape.filter((_, i) => i !== infer));
    if (known === 0 || x.numel() % known !== 0) {
      throw new RangeError(
        `reshape: shape [${sizes.join(", ")}] is invalid for input of size ${x.numel()}`,
      );
    }
    shape[infer] = x.numel() / known;
  }
  if (numelOf(shape) !== x.numel()) {
    throw new RangeError(
      `reshape: shape [${sizes.join(", ")}] is invalid for input of size ${x.numel()} (shape ${
        sizeString(x.shape)
      })`,
    );
  }
  // torch 1.13 names this node ReshapeAliasBackward0.
  return result(x.array, shape, "ReshapeAliasBackward0", [x], (g) => [
    new Tensor(g.array, x.shape),
  ]);
}

/**
 * A copy of `x` in `dtype`, recorded under `name` (ToCopyBackward0 or CloneBackward0).
 *
 * @param x The input.
 * @param dtype Target dtype.
 * @param name Backward node name.
 * @returns The copy.
 */
export function toDType(x: Tensor, dtype: DType, name: string): Tensor {
  const out = allocate(dtype, x.numel());
  out.set(x.array);
  return result(out, x.shape, name, [x], (g) => [g]);
}
