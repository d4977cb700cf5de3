/**
 * Central finite differences in float64: the reference every analytic gradient is checked
 * against.
 */

import { type Tensor, tensor } from "../mod.ts";
import { elems } from "./values.ts";

/**
 * Checks `f`'s gradients at `inputs` (float64 leaves) against central differences of the
 * scalar `Σ f(inputs)·w` for a fixed weight `w`, so non-scalar outputs are covered too.
 * Returns the worst absolute error seen relative to `1 + |numeric|`.
 */
export function gradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: number[][],
  eps = 1e-6,
): number {
  const leaves = inputs.map((x) => tensor(x, { dtype: "float64", requires_grad: true }));
  const out = f(...leaves);
  // A fixed, non-uniform weight so each output element is distinguished.
  const w = tensor(Array.from({ length: out.numel() }, (_, i) => 0.5 + 0.37 * i), {
    dtype: "float64",
    shape: out.shape,
  });
  out.backward(w);
  const scalar = (xs: number[][]) => {
    const o = f(...xs.map((x) => tensor(x, { dtype: "float64" })));
    let s = 0;
    for (let i = 0; i < o.numel(); i++) s += elems(o)[i] * elems(w)[i];
    return s;
  };
  let worst = 0;
  for (let k = 0; k < inputs.length; k++) {
    const analytic = leaves[k].grad;
    if (analytic === null) throw new Error(`input ${k} got no gradient`);
    for (let i = 0; i < inputs[k].length; i++) {
      const plus = inputs.map((x) => [...x]);
      const minus = inputs.map((x) => [...x]);
      plus[k][i] += eps;
      minus[k][i] -= eps;
      const numeric = (scalar(plus) - scalar(minus)) / (2 * eps);
      worst = Math.max(worst, Math.abs(elems(analytic)[i] - numeric) / (1 + Math.abs(numeric)));
    }
  }
  return worst;
}
