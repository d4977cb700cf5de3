/**
 * Distance modules: `CosineSimilarity` and `PairwiseDistance`, thin holders of their options
 * around `F.cosine_similarity` and `F.pairwise_distance` (`lib/nn/distance.ts`). torch prints
 * them without their options (`CosineSimilarity()`), and so do these.
 *
 * @module
 */

import { Module } from "./module.ts";
import { bind, type Signature } from "../tensor/args.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { cosine_similarity, pairwise_distance } from "./distance.ts";

const COSINE: Signature = [
  { name: "dim", kind: "int", default: 1 },
  { name: "eps", kind: "number", default: 1e-8 },
];

/**
 * The cosine similarity along a dim, like `torch.nn.CosineSimilarity(dim=1, eps=1e-08)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const cos = nn.CosineSimilarity({ dim: 0 });
 * assert.equal(String(cos), "CosineSimilarity()");
 * assert.equal(cos(tensor([1, 0]), tensor([2, 0])).item(), 1);
 * ```
 */
export class CosineSimilarity extends Module {
  /** The dim the similarity is computed along. */
  dim: number;
  /** The smallest norm used. */
  eps: number;

  /**
   * Builds the module.
   *
   * @param args `dim`, `eps`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind("CosineSimilarity", COSINE, args);
    this.dim = b.dim as number;
    this.eps = b.eps as number;
  }

  /**
   * `F.cosine_similarity(x1, x2, dim, eps)`.
   *
   * @param x1 The first input.
   * @param x2 The second input.
   * @returns The similarities.
   */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosine_similarity(x1, x2, this.dim, this.eps);
  }
}

const PAIRWISE: Signature = [
  { name: "p", kind: "number", default: 2 },
  { name: "eps", kind: "number", default: 1e-6 },
  { name: "keepdim", kind: "bool", default: false },
];

/**
 * The p-norm distance between rows, like `torch.nn.PairwiseDistance(p=2.0, eps=1e-06,
 * keepdim=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const dist = nn.PairwiseDistance(1, 0);
 * assert.equal(String(dist), "PairwiseDistance()");
 * assert.deepEqual(dist(tensor([[0, 0]]), tensor([[3, 4]])).tolist(), [7]);
 * ```
 */
export class PairwiseDistance extends Module {
  /** The norm's order. */
  norm: number;
  /** Added to the difference. */
  eps: number;
  /** Whether the last dim is kept (size 1). */
  keepdim: boolean;

  /**
   * Builds the module.
   *
   * @param args `p`, `eps`, `keepdim`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind("PairwiseDistance", PAIRWISE, args);
    this.norm = b.p as number;
    this.eps = b.eps as number;
    this.keepdim = b.keepdim as boolean;
  }

  /**
   * `F.pairwise_distance(x1, x2, p, eps, keepdim)`.
   *
   * @param x1 The first input.
   * @param x2 The second input.
   * @returns The distances.
   */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}
