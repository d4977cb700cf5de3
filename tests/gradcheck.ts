/**
 * Central finite differences in float64: the reference every analytic gradient is checked
 * against.
 */

import { autograd, type Tensor, tensor } from "../mod.ts";
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

/** A float64 input of {@linkcode gradgradcheck}: flat values, with a shape (default 1-D). */
export interface GradInput {
  readonly data: readonly number[];
  readonly shape?: readonly number[];
}

function leafOf(x: GradInput, requiresGrad: boolean): Tensor {
  return tensor([...x.data], {
    dtype: "float64",
    shape: x.shape ?? [x.data.length],
    requires_grad: requiresGrad,
  });
}

function weights(n: number, shape: readonly number[], a: number, b: number): Tensor {
  return tensor(Array.from({ length: n }, (_, i) => a + b * ((i * 7) % 5) + 0.01 * i), {
    dtype: "float64",
    shape: [...shape],
  });
}

/**
 * torch's gradgradcheck, in float64: the first derivative `J(x)ᵀ·w` of `f` (with fixed output
 * weights `w`) is computed with `create_graph`, contracted with fixed weights `v`, and its
 * analytic gradient with respect to every input and to `w` is compared with central
 * differences of the same contraction computed from first-order gradients only. A backward
 * formula written as a raw loop (a constant to autograd) fails here. Returns the worst error
 * relative to `1 + |numeric|`.
 */
export function gradgradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly (GradInput | number[])[],
  eps = 1e-6,
): number {
  const ins: GradInput[] = inputs.map((x) => Array.isArray(x) ? { data: x } : x as GradInput);
  const probe = f(...ins.map((x) => leafOf(x, false)));
  const w0 = weights(probe.numel(), probe.shape, 0.5, 0.37);
  const vs = ins.map((x, k) =>
    weights(x.data.length, x.shape ?? [x.data.length], -0.3 + 0.41 * k, 0.29 - 0.07 * k)
  );
  // Σ_k ⟨∂(Σ f·w)/∂x_k, v_k⟩, with or without the graph of the gradient.
  const contraction = (xs: Tensor[], w: Tensor, createGraph: boolean): Tensor => {
    const out = f(...xs);
    const grads = autograd.grad(out, xs, {
      grad_outputs: w,
      create_graph: createGraph,
      allow_unused: true,
    });
    let s: Tensor | null = null;
    grads.forEach((g, k) => {
      if (g === null) return;
      const term = g.mul(vs[k]).sum();
      s = s === null ? term : s.add(term);
    });
    return s ?? tensor(0, { dtype: "float64" });
  };
  const leaves = ins.map((x) => leafOf(x, true));
  const w = w0.clone().requires_grad_();
  const s = contraction(leaves, w, true);
  const targets = [...leaves, w];
  const analytic = s.requires_grad
    ? autograd.grad(s, targets, { allow_unused: true })
    : targets.map(() => null);
  const numericAt = (k: number, i: number): number => {
    const run = (delta: number): number => {
      const xs = ins.map((x, j) => {
        const d = [...x.data];
        if (j === k) d[i] += delta;
        return leafOf({ data: d, shape: x.shape }, true);
      });
      const wd = [...elems(w0)];
      if (k === ins.length) wd[i] += delta;
      const wt = tensor(wd, { dtype: "float64", shape: [...w0.shape] });
      return contraction(xs, wt, false).item();
    };
    return (run(eps) - run(-eps)) / (2 * eps);
  };
  let worst = 0;
  for (let k = 0; k < targets.length; k++) {
    const a = analytic[k];
    const n = targets[k].numel();
    for (let i = 0; i < n; i++) {
      const numeric = numericAt(k, i);
      const got = a === null ? 0 : elems(a)[i];
      worst = Math.max(worst, Math.abs(got - numeric) / (1 + Math.abs(numeric)));
    }
  }
  return worst;
}
