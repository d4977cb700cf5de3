/**
 * `linalg.diagonal`: a view of the diagonals of A (DiagonalBackward0), as torch.diagonal with
 * the matrix dims last by default.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { makeView, requireTensor, type Tensor } from "../tensor/tensor.ts";
import { normalizeDim } from "../tensor/shape.ts";
import { intoZeros } from "../ops/view.ts";

const DIAGONAL = [
  { name: "offset", kind: "int", default: 0, keywordOnly: true },
  { name: "dim1", kind: "int", default: -2, keywordOnly: true },
  { name: "dim2", kind: "int", default: -1, keywordOnly: true },
] as const;

/** Options of {@linkcode diagonal}. */
export interface DiagonalOptions {
  /** Which diagonal: 0 the main one, > 0 above it, < 0 below. */
  offset?: number;
  /** The first matrix dim. Default -2. */
  dim1?: number;
  /** The second matrix dim. Default -1. */
  dim2?: number;
}

/**
 * `torch.linalg.diagonal(A, *, offset=0, dim1=-2, dim2=-1)`: a view of A's diagonals, the
 * diagonal dim last.
 *
 * @param A A tensor of at least 2 dims.
 * @param options `{ offset, dim1, dim2 }`.
 * @returns The view (grad_fn DiagonalBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
 * assert.deepEqual(linalg.diagonal(A).tolist(), [1, 5]);
 * assert.deepEqual(linalg.diagonal(A, { offset: 1 }).tolist(), [2, 6]);
 * ```
 */
export function diagonal(A: Tensor, options?: DiagonalOptions): Tensor {
  const { offset, dim1, dim2 } = bind(
    "linalg.diagonal",
    DIAGONAL,
    options === undefined ? [] : [options],
  ) as {
    offset: number;
    dim1: number;
    dim2: number;
  };
  requireTensor(A, "linalg.diagonal");
  const d1 = normalizeDim(dim1, A.dim(), "linalg.diagonal");
  const d2 = normalizeDim(dim2, A.dim(), "linalg.diagonal");
  if (d1 === d2) {
    throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  }
  const strides = A.stride();
  let start = A.storage_offset();
  let len: number;
  if (offset >= 0) {
    len = Math.max(0, Math.min(A.shape[d1], A.shape[d2] - offset));
    if (len > 0) start += offset * strides[d2];
  } else {
    len = Math.max(0, Math.min(A.shape[d1] + offset, A.shape[d2]));
    if (len > 0) start -= offset * strides[d1];
  }
  const keep = A.shape.map((_, d) => d).filter((d) => d !== d1 && d !== d2);
  const shape = [...keep.map((d) => A.shape[d]), len];
  const viewStrides = [...keep.map((d) => strides[d]), strides[d1] + strides[d2]];
  const again = (t: Tensor) => diagonal(t, { offset, dim1, dim2 });
  return makeView(
    A,
    shape,
    viewStrides,
    start,
    "DiagonalBackward0",
    (g) => [intoZeros(g, A, again)],
    again,
  );
}
