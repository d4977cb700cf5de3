/**
 * Products: `linalg.matrix_power` (composed from `matmul` and `inv` as torch composes it, so
 * its grad_fn is MmBackward0 / UnsafeViewBackward0 / LinalgInvExBackward0 as torch's),
 * `linalg.vecdot` ((x·y).sum(dim), SumBackward1) and `linalg.cross` (LinalgCrossBackward0:
 * gA = cross(B, g), gB = cross(g, A)).
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { allocate } from "../tensor/dtype.ts";
import { normalizeDim } from "../tensor/shape.ts";
import { contiguousData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { eye } from "../ops/create.ts";
import { requireFloat, scalarName } from "./core.ts";
import { inv } from "./solve.ts";

/**
 * `torch.linalg.matrix_power(A, n)` (also `torch.matrix_power`, `A.matrix_power(n)`): A
 * multiplied by itself n times by binary powering; n = 0 gives the identity, n < 0 powers of
 * A⁻¹.
 *
 * @param A Batches of square matrices (..., k, k).
 * @param n The exponent (an integer).
 * @returns Aⁿ.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, 1.0], [0.0, 1.0]]);
 * assert.deepEqual(linalg.matrix_power(A, 3).tolist(), [[1, 3], [0, 1]]);
 * assert.deepEqual(linalg.matrix_power(A, -1).tolist(), [[1, -1], [0, 1]]);
 * ```
 */
export function matrix_power(A: Tensor, n: number | { n: number }): Tensor {
  const { n: power } = bind("linalg.matrix_power", [{ name: "n", kind: "int" }], [n]) as {
    n: number;
  };
  requireTensor(A, "linalg.matrix_power");
  if (A.dim() < 2) {
    throw new RangeError(
      "linalg.matrix_power: The input tensor A must have at least 2 dimensions.",
    );
  }
  const k = A.shape[A.dim() - 1];
  if (A.shape[A.dim() - 2] !== k) {
    throw new RangeError(
      `linalg.matrix_power: A must be batches of square matrices, but they are ${
        A.shape[A.dim() - 2]
      } by ${k} matrices`,
    );
  }
  if (power === 0) {
    // torch: A.clone().copy_(eye): CopyBackwards (named so by torch), whose gradient to A is zero.
    const I = eye(k, { dtype: A.dtype }).expand(A.shape).contiguous();
    return result(
      contiguousData(I),
      A.shape,
      "torch::autograd::CopyBackwards",
      [A],
      (g) => [g.mul(0)],
      {
        dtype: A.dtype,
      },
    );
  }
  let a = A;
  let m = power;
  if (m < 0) {
    a = inv(A);
    m = -m;
    if (m === 1) return a;
  }
  if (m === 1) return a.clone();
  if (m === 2) return matmul(a, a);
  if (m === 3) return matmul(matmul(a, a), a);
  let z: Tensor | null = null;
  let out: Tensor | null = null;
  while (m > 0) {
    const bit = m % 2;
    m = Math.floor(m / 2);
    z = z === null ? a : matmul(z, z);
    if (bit === 1) out = out === null ? z : matmul(out, z);
  }
  return out as Tensor;
}

const DIM = [{ name: "dim", kind: "int", default: -1, keywordOnly: true }] as const;

/** Options of {@linkcode vecdot} and {@linkcode cross}. */
export interface DimOptions {
  /** The dim holding the vectors. Default -1. */
  dim?: number;
}

/**
 * `torch.linalg.vecdot(x, y, *, dim=-1)`: dot products of the vectors along `dim`, broadcast.
 *
 * @param x Float vectors.
 * @param y Float vectors of the same dtype.
 * @param options `{ dim }`.
 * @returns Σ x·y over `dim` (grad_fn SumBackward1).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linalg.vecdot(tensor([[1.0, 2.0], [3.0, 4.0]]), tensor([1.0, 1.0])).tolist(), [3, 7]);
 * ```
 */
export function vecdot(x: Tensor, y: Tensor, options?: DimOptions): Tensor {
  const { dim } = bind("linalg.vecdot", DIM, options === undefined ? [] : [options]) as {
    dim: number;
  };
  requireFloat(x, "linalg.vecdot");
  requireFloat(y, "linalg.vecdot");
  if (x.dtype !== y.dtype) {
    throw new TypeError(
      `linalg.vecdot: Expected x and y to have the same dtype, but found x of type ${
        scalarName(x.dtype)
      } and y of type ${scalarName(y.dtype)} instead`,
    );
  }
  return x.mul(y).sum(dim);
}

/**
 * `torch.linalg.cross(a, b, *, dim=-1)`: cross products of 3-vectors along `dim`, batch dims
 * broadcast.
 *
 * @param a Vectors with 3 entries along `dim`.
 * @param b Vectors of the same dtype and number of dims.
 * @param options `{ dim }`.
 * @returns a × b (grad_fn LinalgCrossBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linalg.cross(tensor([1.0, 0.0, 0.0]), tensor([0.0, 1.0, 0.0])).tolist(), [0, 0, 1]);
 * ```
 */
export function cross(a: Tensor, b: Tensor, options?: DimOptions): Tensor {
  const { dim } = bind("linalg.cross", DIM, options === undefined ? [] : [options]) as {
    dim: number;
  };
  requireTensor(a, "linalg.cross");
  requireTensor(b, "linalg.cross");
  if (a.dim() !== b.dim()) {
    throw new RangeError("linalg.cross: inputs must have the same number of dimensions.");
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `expected scalar type ${scalarName(a.dtype)} but found ${scalarName(b.dtype)}`,
    );
  }
  if (a.dtype === "bool") throw new TypeError(`linalg.cross: "cross" not implemented for 'Bool'`);
  const d = normalizeDim(dim, a.dim(), "linalg.cross");
  if (a.shape[d] !== 3 || b.shape[d] !== 3) {
    throw new RangeError(
      `linalg.cross: inputs dimension ${dim} must have length 3. Got ${a.shape[d]} and ${
        b.shape[d]
      }`,
    );
  }
  const shape = a.shape.map((s, i) => {
    const t = b.shape[i];
    if (s !== t && s !== 1 && t !== 1) {
      throw new RangeError(
        `The size of tensor a (${s}) must match the size of tensor b (${t}) at non-singleton dimension ${i}`,
      );
    }
    return s === 1 ? t : s;
  });
  const same = (x: Tensor) => x.shape.every((s, i) => s === shape[i]);
  const ea = same(a) ? a : a.expand(shape);
  const eb = same(b) ? b : b.expand(shape);
  // Entry j of a vector sits `inner` elements after entry j - 1 (row-major `shape`).
  const inner = shape.slice(d + 1).reduce((p, q) => p * q, 1);
  const av = contiguousData(ea.detach());
  const bv = contiguousData(eb.detach());
  const out = allocate(a.dtype, av.length);
  for (let block = 0; block < av.length; block += 3 * inner) {
    for (let i = 0; i < inner; i++) {
      const o0 = block + i, o1 = o0 + inner, o2 = o1 + inner;
      out[o0] = av[o1] * bv[o2] - av[o2] * bv[o1];
      out[o1] = av[o2] * bv[o0] - av[o0] * bv[o2];
      out[o2] = av[o0] * bv[o1] - av[o1] * bv[o0];
    }
  }
  return result(out, shape, "LinalgCrossBackward0", [ea, eb], (g) => [
    ea.requires_grad ? cross(eb, g, { dim: d }) : null,
    eb.requires_grad ? cross(g, ea, { dim: d }) : null,
  ], { dtype: a.dtype, saved: [ea, eb] });
}

/**
 * `torch.linalg.multi_dot(tensors)`: the chained matrix product in the cheapest order (as
 * torch, by the matrix-chain rule), the first tensor may be a row vector and the last a
 * column vector (1-D), and the result is viewed to drop them (grad_fn ViewBackward0, as torch).
 *
 * @param tensors Two or more tensors: 1-D or 2-D first and last, 2-D between.
 * @returns The product.
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const A = tensor([[1.0, 2.0], [3.0, 4.0]]);
 * assert.deepEqual(linalg.multi_dot([tensor([1.0, 1.0]), A, tensor([1.0, 0.0])]).tolist(), 4);
 * ```
 */
export function multi_dot(tensors: readonly Tensor[]): Tensor {
  if (!Array.isArray(tensors)) {
    throw new TypeError("linalg.multi_dot: expected an array of tensors");
  }
  const n = tensors.length;
  if (n < 2) throw new RangeError(`multi_dot(): expected at least 2 tensors but got ${n}`);
  tensors.forEach((t, i) => requireTensor(t, `multi_dot(tensors[${i}])`));
  const first = tensors[0];
  const lastT = tensors[n - 1];
  if (first.dim() !== 1 && first.dim() !== 2) {
    throw new RangeError(`multi_dot(): the first tensor must be 1D or 2D but got ${first.dim()}D`);
  }
  for (let i = 1; i < n - 1; i++) {
    if (tensors[i].dim() !== 2) {
      throw new RangeError(`multi_dot(): tensor ${i} must be 2D but got ${tensors[i].dim()}D`);
    }
  }
  if (lastT.dim() !== 1 && lastT.dim() !== 2) {
    throw new RangeError(`multi_dot(): the last tensor must be 1D or 2D but got ${lastT.dim()}D`);
  }
  const lower = (d: string) =>
    d === "float32" ? "float" : d === "float64" ? "double" : d === "int64" ? "long" : "bool";
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype) {
      throw new TypeError(
        `multi_dot(): all tensors must have be the same dtype but tensor 0 is ${
          lower(first.dtype)
        } and tensor ${i} ${lower(t.dtype)}`,
      );
    }
  });
  const mats = tensors.map((
    t,
    i,
  ) => (i === 0 && t.dim() === 1
    ? t.unsqueeze(0)
    : i === n - 1 && t.dim() === 1
    ? t.unsqueeze(1)
    : t)
  );
  for (let i = 0; i + 1 < n; i++) {
    if (mats[i].shape[1] !== mats[i + 1].shape[0]) {
      throw new RangeError(
        `multi_dot(): tensors ${i} and ${i + 1} with shapes [${tensors[i].shape.join(", ")}] and [${
          tensors[i + 1].shape.join(", ")
        }] cannot be multiplied`,
      );
    }
  }
  // The matrix-chain order: cost[i][j] of multiplying mats i..j, split[i][j] where to split.
  const dims = [mats[0].shape[0], ...mats.map((m) => m.shape[1])];
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  const chain = (i: number, j: number): Tensor =>
    i === j ? mats[i] : matmul(chain(i, split[i][j]), chain(split[i][j] + 1, j));
  const out = chain(0, n - 1);
  const shape = [
    ...(first.dim() === 2 ? [out.shape[0]] : []),
    ...(lastT.dim() === 2 ? [out.shape[1]] : []),
  ];
  return out.view(shape);
}
