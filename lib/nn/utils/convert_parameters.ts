/**
 * `parameters_to_vector` and `vector_to_parameters`, as `torch.nn.utils`.
 *
 * @module
 */

import { no_grad } from "../../tensor/autograd.ts";
import { describe } from "../../tensor/dtype.ts";
import { Tensor } from "../../tensor/tensor.ts";
import { cat } from "../../ops/gather.ts";

function list(parameters: Iterable<Tensor>, where: string): Tensor[] {
  if (parameters === null || typeof parameters?.[Symbol.iterator] !== "function") {
    throw new TypeError(`${where}: expected an iterable of Tensors, got ${describe(parameters)}`);
  }
  const out = [...parameters];
  for (const p of out) {
    if (!(p instanceof Tensor)) {
      throw new TypeError(`${where}: expected Tensors in parameters, got ${describe(p)}`);
    }
  }
  return out;
}

/**
 * All parameters flattened into one vector, like
 * `torch.nn.utils.parameters_to_vector(parameters)` (`cat` of the flattened views, so the
 * gradient flows back to each parameter).
 *
 * @param parameters An iterable of tensors.
 * @returns The 1-D concatenation.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const v = nn.utils.parameters_to_vector([tensor([[1, 2]]), tensor([3])]);
 * assert.deepEqual(v.tolist(), [1, 2, 3]);
 * ```
 */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  const params = list(parameters, "parameters_to_vector");
  return cat(params.map((p) => p.reshape([-1])));
}

/**
 * Writes consecutive slices of `vec` into the parameters, like
 * `torch.nn.utils.vector_to_parameters(vec, parameters)`. torch rebinds each parameter's
 * `.data` to a view of `vec`; here the values are copied in place, so the parameters keep
 * their own storage (and an optimiser holding them sees the new values).
 *
 * @param vec A 1-D tensor with as many elements as the parameters together.
 * @param parameters An iterable of tensors.
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { nn, tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = zeros(2);
 * const b = zeros(1);
 * nn.utils.vector_to_parameters(tensor([1, 2, 3]), [a, b]);
 * assert.deepEqual([a.tolist(), b.tolist()], [[1, 2], [3]]);
 * ```
 */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) {
    throw new TypeError(`expected torch.Tensor, but got: ${describe(vec)}`);
  }
  const params = list(parameters, "vector_to_parameters");
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (vec.dim() !== 1 || vec.numel() !== total) {
    throw new RangeError(
      `vector_to_parameters: expected a 1-D vector of ${total} elements, got shape [${
        vec.shape.join(", ")
      }]`,
    );
  }
  let pointer = 0;
  no_grad(() => {
    for (const p of params) {
      const n = p.numel();
      p.copy_(vec.narrow(0, pointer, n).view(p.shape));
      pointer += n;
    }
  });
}
