/**
 * `autograd.Variable`, torch's legacy wrapper (`from torch.autograd import Variable`), kept by
 * torch for old code: `Variable(t)` is a tensor that shares `t`'s data, detached from its graph,
 * with `requires_grad` as given (false by default).
 *
 * @module
 */

import { describe } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";

const VARIABLE: Signature = [
  { name: "requires_grad", kind: "bool", default: false },
  { name: "volatile", kind: "bool", default: false },
];

/**
 * The legacy `torch.autograd.Variable(data, requires_grad=False)`: a new tensor sharing `data`'s
 * values (an alias, as `data.detach()`), outside any graph, that requires grad when asked. Old
 * code wraps inputs in it (`policy(Variable(states))`); since torch 0.4 a Variable is a Tensor.
 * `volatile` is accepted and ignored, as torch does (with a warning there).
 *
 * @param data The tensor to wrap.
 * @param args `requires_grad` (default false) by position or in an options object.
 * @returns A detached alias of `data` with the requested `requires_grad`.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * const y = x.mul(2);
 * const v = autograd.Variable(y);
 * assert.equal(v.requires_grad, false);
 * assert.equal(v.grad_fn, null);
 * assert.deepEqual(v.tolist(), [2, 4]);
 * assert.equal(autograd.Variable(tensor([3]), { requires_grad: true }).is_leaf, true);
 * ```
 */
export function Variable(
  data: Tensor,
  ...args:
    | [requires_grad?: boolean, options?: { requires_grad?: boolean; volatile?: boolean }]
    | [options?: { requires_grad?: boolean; volatile?: boolean }]
): Tensor {
  if (!(data instanceof Tensor)) {
    throw new TypeError(`Variable data has to be a tensor, but got ${describe(data)}`);
  }
  const { requires_grad } = bind("Variable", VARIABLE, args);
  const v = data.detach();
  if (requires_grad === true) v.requires_grad_(true);
  return v;
}
