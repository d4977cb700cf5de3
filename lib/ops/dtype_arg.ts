/**
 * The `dtype` keyword of reductions and softmax (`sum`, `mean`, `prod`, `cumsum`, `cumprod`,
 * `nansum`, `softmax`, `log_softmax`): torch casts the input to it before the op, so the op
 * computes in that dtype and the gradient flows back through the cast.
 *
 * @module
 */

import { type DType, isFloating } from "../tensor/dtype.ts";
import { is_grad_enabled } from "../tensor/autograd.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { toDType } from "./view.ts";

/**
 * The input cast to a `dtype` keyword's value (torch casts before the op), or itself.
 *
 * @param x The op's input.
 * @param dtype The keyword's value (null: no cast).
 * @param where The op's name, for errors.
 * @param floatOnly Whether the op needs a floating point dtype (mean, softmax).
 * @returns The tensor the op computes on.
 */
export function castFor(
  x: Tensor,
  dtype: DType | null,
  where: string,
  floatOnly: string | null = null,
): Tensor {
  if (dtype === null) return x;
  if (floatOnly !== null && !isFloating(dtype)) throw new TypeError(floatOnly);
  if (!isFloating(dtype) && x.requires_grad && is_grad_enabled()) {
    // torch fails on the cast's backward node: an integer tensor cannot carry a gradient.
    throw new TypeError(
      `${where}(): dtype ${dtype} cannot carry the gradient of an input that requires grad (torch: isDifferentiableType(variable.scalar_type()) INTERNAL ASSERT FAILED)`,
    );
  }
  return dtype === x.dtype ? x : toDType(x, dtype, "ToCopyBackward0");
}
