/**
 * `torch.linalg`: norms, determinants, inverses and solves, Cholesky, the symmetric
 * eigendecomposition, the SVD, QR, least squares, the pseudo-inverse and the rank, on batches
 * (leading dims) of float32 or float64 matrices, with torch's gradients and errors.
 *
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[4.0, 2.0], [2.0, 3.0]], { dtype: "float64", requires_grad: true });
 * const { sign, logabsdet } = linalg.slogdet(A);
 * assert.equal(sign.item(), 1);
 * logabsdet.backward();
 * assert.deepEqual(A.grad!.tolist(), linalg.inv(A.detach()).tolist());
 * ```
 *
 * @module
 */

export * from "./det.ts";
export * from "./solve.ts";
export * from "./cholesky.ts";
export * from "./decompositions.ts";
export * from "./lstsq.ts";
export * from "./norms.ts";
export * from "./products.ts";
export * from "./matrix_exp.ts";
export * from "./cond.ts";
export * from "./diagonal.ts";
export * from "./tensor_ops.ts";
export * from "./lu.ts";
