/**
 * `F.embedding` and `F.one_hot`: looking rows up by integer index, and the indicator encoding
 * of class indices.
 *
 * @module
 */

import { allocate, isFloating, tensorTypeName } from "../tensor/dtype.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { no_grad } from "../tensor/autograd.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import type { Args } from "./call_args.ts";

/** Options of {@linkcode embedding}, with torch's keys. */
export interface EmbeddingOptions {
  /** A row that gets no gradient (negative counts from the end); default none. */
  padding_idx?: number | null;
  /** Rows looked up whose norm exceeds it are renormalised in place first; default none. */
  max_norm?: number | null;
  /** The p of the norm for `max_norm` (default 2). */
  norm_type?: number;
  /** Divide each row's gradient by its index's count in the batch (default false). */
  scale_grad_by_freq?: boolean;
  /** Sparse gradients: not supported (kldiv has no sparse tensors); default false. */
  sparse?: boolean;
}

const EMBEDDING: Signature = [
  { name: "padding_idx", kind: "int", default: null },
  { name: "max_norm", kind: "number", default: null },
  { name: "norm_type", kind: "number", default: 2 },
  { name: "scale_grad_by_freq", kind: "bool", default: false },
  { name: "sparse", kind: "bool", default: false },
];

/** The indices as integers, checked against `rows`. */
function readIndices(input: Tensor, rows: number): Float64Array {
  if (input.dtype !== "int64") {
    throw new TypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${
        tensorTypeName(input.dtype)
      } instead (while checking arguments for embedding)`,
    );
  }
  const idx = Float64Array.from(contiguousData(input));
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= rows) {
      throw new RangeError(`index out of range in self (index ${idx[i]}, num_embeddings ${rows})`);
    }
  }
  return idx;
}

/** torch's embedding_renorm_: each looked-up row with norm > max_norm is scaled to max_norm. */
function renorm(weight: Tensor, idx: Float64Array, maxNorm: number, normType: number): void {
  const [rows, dim] = weight.shape;
  const w = contiguousData(weight).slice();
  const seen = new Set<number>();
  for (const r of idx) {
    if (seen.has(r)) continue;
    seen.add(r);
    let norm = 0;
    const base = r * dim;
    if (normType === Infinity) {
      for (let j = 0; j < dim; j++) norm = Math.max(norm, Math.abs(w[base + j]));
    } else {
      for (let j = 0; j < dim; j++) norm += Math.abs(w[base + j]) ** normType;
      norm = norm ** (1 / normType);
    }
    if (norm > maxNorm) {
      const scale = maxNorm / (norm + 1e-7);
      for (let j = 0; j < dim; j++) w[base + j] *= scale;
    }
  }
  no_grad(() => weight.copy_(fromData(w, [rows, dim], weight.dtype)));
}

/**
 * Looks up rows of `weight` by index, like `torch.nn.functional.embedding(input, weight,
 * padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False)`:
 * the result has shape `[...input.shape, embedding_dim]`. The gradient adds each output row's
 * gradient into its weight row (none into `padding_idx`); with `max_norm`, the rows looked up
 * are first renormalised in place, as torch does.
 *
 * @param input An int64 tensor of indices in [0, num_embeddings).
 * @param weight The [num_embeddings, embedding_dim] table.
 * @param args `padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse` by position or in
 *   an options object.
 * @returns The rows (EmbeddingBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const weight = tensor([[0, 0], [1, 2], [3, 4]]);
 * const out = F.embedding(tensor([[2n, 1n]]), weight);
 * assert.deepEqual(out.tolist(), [[[3, 4], [1, 2]]]);
 * ```
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  ...args: Args<
    [
      padding_idx?: number | null,
      max_norm?: number | null,
      norm_type?: number,
      scale_grad_by_freq?: boolean,
      sparse?: boolean,
    ],
    EmbeddingOptions
  >
): Tensor {
  const b = bind("embedding", EMBEDDING, args);
  requireTensor(input, "embedding");
  requireTensor(weight, "embedding");
  if (weight.dim() !== 2) {
    throw new RangeError(`'weight' must be 2-D, got ${weight.dim()}-D`);
  }
  if (!isFloating(weight.dtype)) {
    throw new TypeError(`embedding: expected a float weight, got ${weight.dtype}`);
  }
  if (b.sparse as boolean) {
    throw new TypeError(
      "embedding: sparse=True is not supported (kldiv has no sparse tensors); use sparse=False",
    );
  }
  const [rows, dim] = weight.shape;
  let padding = -1;
  if (b.padding_idx !== null) {
    const p = b.padding_idx as number;
    if (p >= rows || p < -rows) throw new RangeError("Padding_idx must be within num_embeddings");
    padding = p < 0 ? rows + p : p;
  }
  const idx = readIndices(input, rows);
  if (b.max_norm !== null) renorm(weight, idx, b.max_norm as number, b.norm_type as number);
  const w = contiguousData(weight);
  const out = allocate(weight.dtype, idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    const base = idx[i] * dim;
    for (let j = 0; j < dim; j++) out[i * dim + j] = w[base + j];
  }
  const scale = b.scale_grad_by_freq as boolean;
  return result(out, [...input.shape, dim], "EmbeddingBackward0", [weight], (g) => {
    const gd = contiguousData(g);
    const gw = allocate(g.dtype, rows * dim);
    let counts: Float64Array | null = null;
    if (scale) {
      counts = new Float64Array(rows);
      for (const r of idx) counts[r]++;
    }
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i];
      if (r === padding) continue;
      const f = counts === null ? 1 : 1 / counts[r];
      for (let j = 0; j < dim; j++) gw[r * dim + j] += gd[i * dim + j] * f;
    }
    return [fromData(gw, [rows, dim], g.dtype)];
  }, { dtype: weight.dtype, saved: [] });
}

const ONE_HOT: Signature = [{ name: "num_classes", kind: "int", default: -1 }];

/**
 * The indicator encoding of class indices, like `torch.nn.functional.one_hot(tensor,
 * num_classes=-1)`: int64, with a new last dim of size `num_classes` (by default one more than
 * the largest index).
 *
 * @param tensor An int64 tensor of non-negative class indices.
 * @param args `num_classes` by position or in `{ num_classes }`.
 * @returns The int64 one-hot tensor.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.one_hot(tensor([0n, 2n])).tolist(), [[1, 0, 0], [0, 0, 1]]);
 * assert.deepEqual(F.one_hot(tensor([1n]), 4).tolist(), [[0, 1, 0, 0]]);
 * ```
 */
export function one_hot(
  tensor: Tensor,
  ...args: Args<[num_classes?: number], { num_classes?: number }>
): Tensor {
  let n = bind("one_hot", ONE_HOT, args).num_classes as number;
  requireTensor(tensor, "one_hot");
  if (tensor.dtype !== "int64") {
    throw new TypeError("one_hot is only applicable to index tensor.");
  }
  const idx = contiguousData(tensor);
  if (idx.length === 0) {
    if (n === -1) {
      throw new RangeError("Can not infer total number of classes from empty tensor.");
    }
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < idx.length; i++) {
      lo = Math.min(lo, idx[i]);
      hi = Math.max(hi, idx[i]);
    }
    if (lo < 0) throw new RangeError("Class values must be non-negative.");
    if (n === -1) n = hi + 1;
    else if (hi >= n) throw new RangeError("Class values must be smaller than num_classes.");
  }
  if (n < -1) throw new RangeError("num_classes should be positive or -1");
  const out = allocate("int64", idx.length * n);
  for (let i = 0; i < idx.length; i++) out[i * n + idx[i]] = 1;
  return fromData(out, [...tensor.shape, n], "int64");
}
