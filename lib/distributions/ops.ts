/**
 * `F.softplus` (torch's defaults), which no shared module provides: the Bernoulli KL needs it.
 * Follows torch's forward formula, backward formula and grad_fn name. Private to
 * lib/distributions/.
 *
 * @module
 */

import { allocate, isFloating } from "../tensor/dtype.ts";
import { contiguousData, result, type Tensor } from "../tensor/tensor.ts";

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
