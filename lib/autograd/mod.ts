/**
 * The `autograd` namespace, like `torch.autograd`: `grad` and `backward` (with `create_graph`
 * for higher-order derivatives), `Function` for custom ops, `functional` (jacobian, hessian,
 * vjp, jvp, hvp, vhp), and the grad-mode switches `enable_grad`, `set_grad_enabled`,
 * `inference_mode`.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { dtype: "float64", requires_grad: true });
 * const [g] = autograd.grad(x.pow(2).sum(), x, { create_graph: true });
 * assert.deepEqual(autograd.grad(g!.sum(), x)[0]?.tolist(), [2, 2]);
 * ```
 *
 * @module
 */

export * from "./grad.ts";
export * from "./function.ts";
export * from "./variable.ts";
export * as functional from "./functional.ts";
export * from "./grad_mode.ts";
