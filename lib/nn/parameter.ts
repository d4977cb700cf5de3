/**
 * `nn.Parameter`.
 *
 * @module
 */

import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import { markParameter } from "./registry.ts";

/**
 * Makes `data` a parameter, like `torch.nn.Parameter(data, requires_grad=True)`: a leaf over
 * the same storage that requires grad and that modules register when it is assigned to one of
 * their properties.
 *
 * @param data The initial values (its storage is shared, as torch's Parameter shares it).
 * @param requires_grad Default true.
 * @returns The parameter.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = nn.Parameter(zeros(2));
 * assert.equal(w.requires_grad, true);
 * assert.equal(w.is_leaf, true);
 * ```
 */
export function Parameter(data: Tensor, requires_grad: boolean = true): Tensor {
  requireTensor(data, "Parameter");
  const p = data.detach().requires_grad_(requires_grad);
  markParameter(p);
  return p;
}
