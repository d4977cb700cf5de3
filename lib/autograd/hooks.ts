/**
 * `Tensor.register_hook` and `Tensor.retain_grad`: hooks on the gradient arriving at a tensor,
 * kept by the engine on the tensor's node (non-leaf) or its accumulator (leaf).
 *
 * @module
 */

import { addHook, type GradHook, type RemovableHandle } from "../tensor/autograd.ts";
import { edgeOf, type Tensor } from "../tensor/tensor.ts";
import { accumulateGrad } from "./run.ts";
import { is_grad_enabled } from "../tensor/autograd.ts";

const retaining = new WeakSet<Tensor>();

/**
 * Registers `hook` to run on the gradient of `t` each time it is computed, like torch's
 * `Tensor.register_hook`. The hook may return a tensor to replace the gradient.
 *
 * @param t A tensor that requires grad.
 * @param hook Called with the gradient; returns a replacement or nothing.
 * @returns A handle whose `remove()` unregisters the hook.
 */
export function registerHook(t: Tensor, hook: GradHook): RemovableHandle {
  if (typeof hook !== "function") {
    throw new TypeError(`register_hook(): expected a function, got ${typeof hook}`);
  }
  const target = edgeOf(t);
  if (target === null) {
    throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  }
  return addHook(target, hook);
}

/**
 * Makes a non-leaf tensor keep its `.grad` after backward, like torch's `retain_grad()` (a
 * no-op on leaves).
 *
 * @param t A tensor that requires grad.
 */
export function retainGrad(t: Tensor): void {
  if (!t.requires_grad) {
    throw new Error("can't retain_grad on Tensor that has requires_grad=False");
  }
  if (t.grad_fn === null || retaining.has(t)) return;
  retaining.add(t);
  addHook(t.grad_fn, (g) => {
    accumulateGrad(t, g, is_grad_enabled());
  });
}

/** Whether `t` is a non-leaf that keeps its `.grad` (torch's `retains_grad`). */
export function retainsGrad(t: Tensor): boolean {
  return retaining.has(t);
}
