/**
 * Elementwise and reduction ops the distributions need that the shared op modules do not have
 * yet (sqrt, log1p, sigmoid, softplus, gather along the last dim,
 * binary_cross_entropy_with_logits without reduction). Each follows torch's forward formula,
 * its backward formula and its grad_fn name, so switching to the shared op changes nothing.
 * Private to lib/distributions/; replaced by the shared ops as they land.
 *
 * @module
 */

import { allocate, type FloatDType, isFloating } from "../tensor/dtype.ts";
import { contiguousData, fromData, result, type Tensor } from "../tensor/tensor.ts";
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

/** `torch.sqrt`; backward `grad / (2 * result)`. */
export function sqrt(x: Tensor): Tensor {
  return map(x, "SqrtBackward0", Math.sqrt, (g, y) => g.div(y.mul(2)));
}

/** `torch.log1p`; backward `grad / (self + 1)`. */
export function log1p(x: Tensor): Tensor {
  return map(x, "Log1PBackward0", Math.log1p, (g) => g.div(x.add(1)));
}

/** `torch.sigmoid`; backward `grad * (1 - result) * result`. */
export function sigmoid(x: Tensor): Tensor {
  return map(x, "SigmoidBackward0", (v) => 1 / (1 + Math.exp(-v)), (g, y) => {
    return g.mul(y.rsub(1)).mul(y);
  });
}

/** `F.softplus` with beta 1 and threshold 20 (linear above it), torch's defaults. */
export function softplus(x: Tensor): Tensor {
  return map(x, "SoftplusBackward0", (v) => v > 20 ? v : Math.log1p(Math.exp(v)), (g) => {
    // torch: z = exp(x); x > threshold ? grad : grad * z / (z + 1)
    const z = x.exp();
    return g.mul(z.div(z.add(1))).where(x.gt(20).logical_not(), g);
  });
}

/** `x.gather(-1, index)` for an int64 `index` shaped like `x` except in the last dim. */
export function gatherLast(x: Tensor, index: Tensor): Tensor {
  const n = x.shape[x.dim() - 1];
  const k = index.shape[index.dim() - 1];
  const src = contiguousData(x);
  const idx = contiguousData(index);
  const rows = k === 0 ? 0 : idx.length / k;
  const out = allocate(x.dtype, idx.length);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      const i = idx[r * k + j];
      if (i < 0 || i >= n) {
        throw new RangeError(`gather(): index ${i} is out of bounds for size ${n}`);
      }
      out[r * k + j] = src[r * n + i];
    }
  }
  return result(out, index.shape, "GatherBackward0", [x], (g) => {
    const gd = contiguousData(g);
    const gx = allocate(g.dtype, src.length);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) gx[r * n + idx[r * k + j]] += gd[r * k + j];
    }
    return [fromData(gx, x.shape, g.dtype)];
  }, { saved: [index] });
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
      input.requires_grad ? sigmoid(input.detach()).sub(target.detach()).mul(g) : null,
      target.requires_grad ? input.detach().neg().mul(g) : null,
    ];
  }, { dtype, saved: [input, target] });
}

/** `x.pow(2)` (`x ** 2`); backward `grad * 2 * x`, as torch's pow_backward. */
export function square(x: Tensor): Tensor {
  return map(x, "PowBackward0", (v) => v * v, (g) => g.mul(2).mul(x));
}
