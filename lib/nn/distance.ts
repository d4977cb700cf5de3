/**
 * Distances of `torch.nn.functional`: `cosine_similarity`, `pairwise_distance` and `pdist`.
 * The first two are composed from ops as torch 1.13 composes them (so the graph has the same
 * nodes); `pdist` is torch's fused kernel (PdistBackward0), its forward and backward loops here.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { needsGraph, no_grad, notTwiceDifferentiable } from "../tensor/autograd.ts";
import { broadcastShapes, normalizeDim } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { resultType } from "../ops/elementwise.ts";
import { norm } from "../ops/reduce_dims.ts";

const COSINE: Signature = [
  { name: "dim", kind: "int", default: 1 },
  { name: "eps", kind: "number", default: 1e-8 },
];

/** torch's dtype names in "common dtype is Long". */
function scalarName(dtype: string): string {
  return { float32: "Float", float64: "Double", int64: "Long", bool: "Bool" }[dtype] ?? dtype;
}

/**
 * The cosine similarity along a dim, like `torch.nn.functional.cosine_similarity(x1, x2,
 * dim=1, eps=1e-8)` (and `torch.cosine_similarity`): `x1·x2 / (max(‖x1‖, eps)·max(‖x2‖, eps))`
 * after broadcasting the two; the dim is removed. Composed as torch composes it:
 * `((x1 / ‖x1‖) * (x2 / ‖x2‖)).sum(dim)`, the norms clamped without recording the clamp.
 *
 * @param x1 The first input.
 * @param x2 The second input (broadcasts with `x1`).
 * @param args `dim`, `eps`, by position or in an options object.
 * @returns The similarities (SumBackward1).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const s = F.cosine_similarity(tensor([[1, 0], [0, 3]]), tensor([[0, 1], [0, 2]]));
 * assert.deepEqual(s.tolist(), [0, 1]);
 * ```
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  requireTensor(x1, "cosine_similarity(x1)");
  requireTensor(x2, "cosine_similarity(x2)");
  const b = bind("cosine_similarity", COSINE, args);
  const eps = b.eps as number;
  const dtype = resultType(x1, x2);
  if (!isFloating(dtype)) {
    throw new TypeError(
      `expected common dtype to be floating point, yet common dtype is ${scalarName(dtype)}`,
    );
  }
  const shape = broadcastShapes(x1.shape, x2.shape);
  const dim = normalizeDim(b.dim, shape.length, "cosine_similarity");
  const a = x1.to(dtype).expand(shape);
  const c = x2.to(dtype).expand(shape);
  const na = a.pow(2).sum(dim, true);
  const nc = c.pow(2).sum(dim, true);
  no_grad(() => {
    na.clamp_min_(eps * eps);
    nc.clamp_min_(eps * eps);
  });
  return a.div(na.sqrt()).mul(c.div(nc.sqrt())).sum(dim);
}

const PAIRWISE: Signature = [
  { name: "p", kind: "number", default: 2 },
  { name: "eps", kind: "number", default: 1e-6 },
  { name: "keepdim", kind: "bool", default: false },
];

/**
 * The p-norm distance between rows, like `torch.nn.functional.pairwise_distance(x1, x2, p=2.0,
 * eps=1e-06, keepdim=False)`: `‖x1 − x2 + eps‖_p` over the last dim (of the broadcast shape).
 *
 * @param x1 The first input, `[N, D]` or `[D]`.
 * @param x2 The second input (broadcasts with `x1`).
 * @param args `p`, `eps`, `keepdim`, by position or in an options object.
 * @returns The distances (NormBackward1).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = F.pairwise_distance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 });
 * assert.deepEqual(d.tolist(), [5]);
 * ```
 */
export function pairwise_distance(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  requireTensor(x1, "pairwise_distance(x1)");
  requireTensor(x2, "pairwise_distance(x2)");
  const b = bind("pairwise_distance", PAIRWISE, args);
  const innermost = Math.max(x1.dim(), x2.dim()) - 1;
  return norm(x1.sub(x2).add(b.eps as number), b.p as number, innermost, b.keepdim as boolean);
}

const PDIST: Signature = [{ name: "p", kind: "number", default: 2 }];

/** `|d|^p` summed, then the p-th root, as torch's Dist kernels (0, 1, 2, ∞ special-cased). */
function pnorm(a: ArrayLike<number>, i: number, j: number, m: number, p: number): number {
  let s = 0;
  for (let k = 0; k < m; k++) {
    const d = Math.abs(a[i * m + k] - a[j * m + k]);
    if (p === 0) s += d !== 0 ? 1 : 0;
    else if (p === 1) s += d;
    else if (p === 2) s += d * d;
    else if (p === Infinity) s = d > s ? d : s;
    else s += Math.pow(d, p);
  }
  return p === 0 || p === 1 || p === Infinity ? s : p === 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
}

/**
 * The p-norm distance between every pair of rows, like `torch.nn.functional.pdist(input,
 * p=2)`: for `[N, M]` input, the `N(N−1)/2` distances `‖input[i] − input[j]‖_p` for i < j,
 * row by row.
 *
 * @param input `[N, M]`, float.
 * @param args `p` (non-negative, default 2), by position or in an options object.
 * @returns The distances (PdistBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.pdist(tensor([[0, 0], [3, 4], [0, 4]])).tolist(), [5, 4, 3]);
 * ```
 */
export function pdist(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "pdist(input)");
  const p = bind("pdist", PDIST, args).p as number;
  if (input.dim() !== 2) {
    throw new RangeError(`pdist only supports 2D tensors, got: ${input.dim()}D`);
  }
  if (!isFloating(input.dtype)) throw new TypeError("pdist only supports floating-point dtypes");
  if (!(p >= 0)) throw new RangeError("pdist only supports non-negative p values");
  const [n, m] = input.shape;
  const a = contiguousData(input);
  const count = n < 2 ? 0 : n * (n - 1) / 2;
  const out = allocate(input.dtype, count);
  for (let i = 0, o = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, o++) out[o] = pnorm(a, i, j, m, p);
  }
  return result(out, [count], "PdistBackward0", [input], (g) => {
    if (needsGraph(g, input)) throw notTwiceDifferentiable("PdistBackward0");
    const gs = contiguousData(g);
    const grad = allocate(input.dtype, a.length);
    if (p === 0) return [fromData(grad, input.shape, input.dtype)];
    for (let i = 0, o = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, o++) {
        const dist = out[o];
        if (dist === 0) continue;
        for (let k = 0; k < m; k++) {
          const diff = a[i * m + k] - a[j * m + k];
          let d: number;
          if (p === 1) d = Math.sign(diff);
          else if (p === 2) d = diff / dist;
          else if (p === Infinity) d = Math.abs(diff) === dist ? Math.sign(diff) : 0;
          else if (p < 2) {
            d = diff === 0 ? 0 : Math.sign(diff) * Math.pow(Math.abs(diff), p - 1) /
              Math.pow(dist, p - 1);
          } else d = diff * Math.pow(Math.abs(diff), p - 2) / Math.pow(dist, p - 1);
          const v = gs[o] * d;
          grad[i * m + k] += v;
          grad[j * m + k] -= v;
        }
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype, saved: [input] });
}
