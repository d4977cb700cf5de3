/**
 * `linalg.tensorinv` and `linalg.tensorsolve`: `inv` and `solve` of a tensor reshaped to a
 * square matrix, reshaped back, as torch composes them (grad_fn ReshapeAliasBackward0 over
 * LinalgInvExBackward0 / LinalgSolveExBackward0).
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import { normalizeDim } from "../tensor/shape.ts";
import { inv, solve } from "./solve.ts";

const product = (shape: readonly number[]) => shape.reduce((p, q) => p * q, 1);

/**
 * `torch.linalg.tensorinv(A, ind=2)`: the tensor X with tensordot(X, A, ind) the identity:
 * A reshaped to a prod(shape[:ind]) square matrix, inverted, reshaped to shape[ind:] + shape[:ind].
 *
 * @param A A tensor with prod(A.shape[:ind]) == prod(A.shape[ind:]).
 * @param args `ind` by position or as `{ ind }`.
 * @returns The inverse tensor.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[[2.0, 0.0]], [[0.0, 4.0]]]); // shape [2, 1, 2]
 * assert.deepEqual(linalg.tensorinv(A, 1).shape, [1, 2, 2]);
 * ```
 */
export function tensorinv(A: Tensor, ...args: (number | { ind?: number } | undefined)[]): Tensor {
  const { ind } = bind("linalg.tensorinv", [{ name: "ind", kind: "int", default: 2 }], args) as {
    ind: number;
  };
  requireTensor(A, "linalg.tensorinv");
  if (ind <= 0) {
    throw new RangeError(`Expected a strictly positive integer for 'ind', but got ${ind}`);
  }
  const end = A.shape.slice(ind);
  const start = A.shape.slice(0, ind);
  const pe = product(end);
  const ps = product(start);
  if (pe !== ps) {
    throw new RangeError(
      `Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got ${pe} != ${ps}`,
    );
  }
  let out: Tensor;
  try {
    out = inv(A.reshape([pe, pe]));
  } catch (e) {
    // torch reports the singular case under the name "inv" here.
    const message = (e as Error).message;
    throw message.startsWith("linalg.inv: ")
      ? new Error(message.replace("linalg.inv: ", "inv: "))
      : e;
  }
  return out.reshape([...end, ...start]);
}

const TENSORSOLVE = [{ name: "dims", kind: "any", default: null }] as const;

/**
 * `torch.linalg.tensorsolve(A, B, dims=None)`: the X with tensordot(A, X, X.ndim) = B: A
 * (its `dims` moved last) reshaped to a square matrix, solved against B flattened, reshaped to
 * A.shape[B.ndim:].
 *
 * @param A A tensor whose leading B.ndim dims have B's shape and whose remaining dims have as
 *   many elements as B.
 * @param B The right-hand side.
 * @param args `dims` by position or as `{ dims }`.
 * @returns X.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[[2.0, 0.0], [0.0, 4.0]]]); // shape [1, 2, 2]
 * const X = linalg.tensorsolve(A.reshape([2, 2]), tensor([2.0, 8.0]));
 * assert.deepEqual(X.tolist(), [1, 2]);
 * ```
 */
export function tensorsolve(
  A: Tensor,
  B: Tensor,
  ...args: (readonly number[] | number | null | { dims?: readonly number[] | null } | undefined)[]
): Tensor {
  const { dims } = bind("linalg.tensorsolve", TENSORSOLVE, args) as {
    dims: number | number[] | null;
  };
  requireTensor(A, "linalg.tensorsolve");
  requireTensor(B, "linalg.tensorsolve");
  let a = A;
  if (dims !== null) {
    const moved = (typeof dims === "number" ? [dims] : dims).map((d) =>
      normalizeDim(d, A.dim(), "linalg.tensorsolve")
    );
    const rest = A.shape.map((_, d) => d).filter((d) => !moved.includes(d));
    a = A.permute([...rest, ...moved]);
  }
  const resultShape = a.shape.slice(B.dim());
  const pr = product(resultShape);
  const pb = B.numel();
  if (pr !== pb) {
    throw new RangeError(
      `Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got ${pr} != ${pb}`,
    );
  }
  return solve(a.reshape([pr, pr]), B.flatten()).reshape(resultShape);
}
