/**
 * The registry that tells modules which tensors are parameters, and torch 1.13's `zero_grad`
 * shared by modules and optimisers (library-internal).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";

const parameters = new WeakSet<Tensor>();

/** Registers `t` as a parameter (register_parameter with a plain tensor). */
export function markParameter(t: Tensor): void {
  parameters.add(t);
}

/** Whether `t` was made by `nn.Parameter` (or registered as a parameter). */
export function isParameter(t: unknown): t is Tensor {
  return typeof t === "object" && t !== null && parameters.has(t as Tensor);
}

/** torch 1.13's zero_grad for a list of parameters (Module and Optimizer share it). */
export function zeroGrads(params: readonly Tensor[], set_to_none: boolean): void {
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    if (set_to_none) {
      p.grad = null;
      continue;
    }
    if (g.grad_fn !== null) g.detach_();
    else g.requires_grad_(false);
    g.zero_();
  }
}
