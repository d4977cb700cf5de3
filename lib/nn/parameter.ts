/**
 * `nn.Parameter`.
 *
 * @module
 */

import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import { markParameter } from "./registry.ts";
import { bind, type Signature } from "../tensor/args.ts";

const PARAMETER: Signature = [{ name: "requires_grad", kind: "bool", default: true }];

/**
 * Makes `data` a parameter, like `torch.nn.Parameter(data, requires_grad=True)`: a leaf over
 * the same storage that requires grad and that modules register when it is assigned to one of
 * their properties.
 *
 * @param data The initial values (its storage is shared, as torch's Parameter shares it).
 * @param args `requires_grad` (default true), by position or as `{ requires_grad }`.
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
 * assert.equal(nn.Parameter(zeros(1), { requires_grad: false }).requires_grad, false);
 * ```
 */
export function Parameter(
  data: Tensor,
  ...args: [requires_grad?: boolean] | [options: { requires_grad?: boolean }]
): Tensor {
  requireTensor(data, "Parameter");
  const { requires_grad } = bind("Parameter", PARAMETER, args);
  const p = data.detach().requires_grad_(requires_grad as boolean);
  markParameter(p);
  return p;
}
