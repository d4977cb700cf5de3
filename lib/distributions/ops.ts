/**
 * Two ops the distributions need that no shared module provides: `F.softplus` (torch's
 * defaults) and `binary_cross_entropy_with_logits` without reduction (until the losses land,
 * then Bernoulli calls `F.binary_cross_entropy_with_logits`). Each follows torch's forward
 * formula, backward formula and grad_fn name. Private to lib/distributions/.
 *
 * @module
 */

import { allocate, type FloatDType, isFloating } from "../tensor/dtype.ts";
import { contiguousData, result, type Tensor } from "../tensor/tensor.ts";
import { sameShape } from "../tensor/shape.ts";

function floatOf(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : x.to("float32");
}

/** An elementwise map of a float tensor, recorded with `backward`. */
function map(
  x: Tensor,
  name: string,
  f: (v: number) => number,
  backward: (g: Tensor, y: Tensor) => Tensor,
): Tensor {
  const a = floatOf(x);
  const src = contiguousData(a);
  const out = allocate(a.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  const y: Tensor = result(out, a.shape, name, [a], (g) => [backward(g, y)], {
    saved: [a],
    saveOutput: true,
  });
  return y;
}

/** `F.softplus` with beta 1 and threshold 20 (linear above it), torch's defaults. */
export function softplus(x: Tensor): Tensor {
  return map(x, "SoftplusBackward0", (v) => v > 20 ? v : Math.log1p(Math.exp(v)), (g) => {
    // torch: z = exp(x); x > threshold ? grad : grad * z / (z + 1)
    const z = x.exp();
    return g.mul(z.div(z.add(1))).where(x.gt(20).logical_not(), g);
  });
}

/**
 * `F.binary_cross_entropy_with_logits(input, target, reduction="none")` for same-shaped
 * inputs, by torch's formula `(1 - t)·x + m + log(exp(-m) + exp(-x - m))`, `m = max(-x, 0)`;
 * backward `(sigmoid(x) - t)·grad` for the input and `-x·grad` for the target.
 */
export function bceWithLogits(input: Tensor, target: Tensor): Tensor {
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `binary_cross_entropy_with_logits: target size ([${target.shape}]) must be the same as input size ([${input.shape}])`,
    );
  }
  const dtype: FloatDType = input.dtype === "float64" || target.dtype === "float64"
    ? "float64"
    : "float32";
  const x = contiguousData(input);
  const t = contiguousData(target);
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) {
    const m = Math.max(-x[i], 0);
    out[i] = (1 - t[i]) * x[i] + m + Math.log(Math.exp(-m) + Math.exp(-x[i] - m));
  }
  return result(out, input.shape, "BinaryCrossEntropyWithLogitsBackward0", [input, target], (g) => {
    return [
      input.requires_grad ? input.detach().sigmoid().sub(target.detach()).mul(g) : null,
      target.requires_grad ? input.detach().neg().mul(g) : null,
    ];
  }, { dtype, saved: [input, target] });
}
