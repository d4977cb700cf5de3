/**
 * The loss modules around `lib/nn/margin_losses.ts`: `HuberLoss`, `GaussianNLLLoss`,
 * `MarginRankingLoss`, `HingeEmbeddingLoss`, `SoftMarginLoss`, `MultiLabelSoftMarginLoss`,
 * `MultiLabelMarginLoss`, `MultiMarginLoss`, `CosineEmbeddingLoss`, `TripletMarginLoss` and
 * `TripletMarginWithDistanceLoss`. Each is a {@linkcode Module} (as torch's `_Loss`) holding
 * its options around one functional call; a class weight is a buffer, as torch's
 * `_WeightedLoss` registers it. They print as torch's do: `HuberLoss()`.
 *
 * @module
 */

import { Module } from "./module.ts";
import { bind, type Signature } from "../tensor/args.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { LEGACY_REDUCTION, REDUCTION, TENSOR } from "./nn_args.ts";
import { legacyReduction, type LossReduction } from "./reduction.ts";
import {
  cosine_embedding_loss,
  type DistanceFunction,
  gaussian_nll_loss,
  hinge_embedding_loss,
  huber_loss,
  margin_ranking_loss,
  multi_margin_loss,
  multilabel_margin_loss,
  multilabel_soft_margin_loss,
  soft_margin_loss,
  triplet_margin_loss,
  triplet_margin_with_distance_loss,
} from "./margin_losses.ts";
import { PairwiseDistance } from "./distance_layers.ts";

/** torch's `_Loss.__init__`: the legacy keys, when given, decide the reduction. */
function lossReduction(b: Record<string, unknown>): LossReduction {
  const sa = (b.size_average ?? null) as boolean | null;
  const re = (b.reduce ?? null) as boolean | null;
  if (sa !== null || re !== null) return legacyReduction(sa, re, "loss");
  return b.reduction as LossReduction;
}

const boundArgs = new WeakMap<object, Record<string, unknown>>();

/** The base of the loss modules, as torch's `_Loss`: the reduction in force. */
export class LossModule extends Module {
  /** "none", "mean" or "sum". */
  reduction: LossReduction;

  /**
   * Binds the constructor's arguments.
   *
   * @param where The class name.
   * @param signature Its parameters.
   * @param args The arguments received.
   */
  constructor(where: string, signature: Signature, args: readonly unknown[]) {
    super();
    const b = bind(where, signature, args);
    this.reduction = lossReduction(b);
    boundArgs.set(this, b);
  }

  /** The bound constructor arguments (for subclasses' fields). */
  protected get options(): Record<string, unknown> {
    return boundArgs.get(this)!;
  }
}

/**
 * `torch.nn.HuberLoss(reduction='mean', delta=1.0)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.HuberLoss({ delta: 2 });
 * assert.equal(String(loss), "HuberLoss()");
 * assert.equal(loss(tensor([0]), tensor([3])).item(), 4);
 * ```
 */
export class HuberLoss extends LossModule {
  /** Where the loss turns from quadratic to linear. */
  delta: number;

  /**
   * Builds the loss.
   *
   * @param args `reduction`, `delta`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super("HuberLoss", [REDUCTION, { name: "delta", kind: "number", default: 1 }], args);
    this.delta = this.options.delta as number;
  }

  /**
   * `F.huber_loss(input, target, reduction, delta)`.
   *
   * @param input Predictions.
   * @param target Targets.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return huber_loss(input, target, this.reduction, this.delta);
  }
}

/**
 * `torch.nn.GaussianNLLLoss(*, full=False, eps=1e-06, reduction='mean')`, called on
 * `(input, target, var)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.GaussianNLLLoss();
 * assert.equal(loss(tensor([0, 0]), tensor([2, 0]), tensor([1, 1])).item(), 1);
 * ```
 */
export class GaussianNLLLoss extends LossModule {
  /** Whether the constant term is added. */
  full: boolean;
  /** The smallest variance used. */
  eps: number;

  /**
   * Builds the loss.
   *
   * @param options `{ full, eps, reduction }` (keyword-only, as in torch).
   */
  constructor(...options: unknown[]) {
    super("GaussianNLLLoss", [
      { name: "full", kind: "bool", default: false, keywordOnly: true },
      { name: "eps", kind: "number", default: 1e-6, keywordOnly: true },
      { ...REDUCTION, keywordOnly: true },
    ], options);
    this.full = this.options.full as boolean;
    this.eps = this.options.eps as number;
  }

  /**
   * `F.gaussian_nll_loss(input, target, var, full, eps, reduction)`.
   *
   * @param input Expectations.
   * @param target Samples.
   * @param v Variances.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor, v: Tensor): Tensor {
    return gaussian_nll_loss(input, target, v, this.full, this.eps, this.reduction);
  }
}

/**
 * `torch.nn.MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean')`,
 * called on `(input1, input2, target)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.MarginRankingLoss(0.5);
 * assert.equal(loss(tensor([1, 2]), tensor([2, 1]), tensor([1, 1])).item(), 0.75);
 * ```
 */
export class MarginRankingLoss extends LossModule {
  /** The margin. */
  margin: number;

  /**
   * Builds the loss.
   *
   * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
   *   object.
   */
  constructor(...args: unknown[]) {
    super("MarginRankingLoss", [
      { name: "margin", kind: "number", default: 0 },
      ...LEGACY_REDUCTION,
    ], args);
    this.margin = this.options.margin as number;
  }

  /**
   * `F.margin_ranking_loss(input1, input2, target, margin, reduction)`.
   *
   * @param input1 First scores.
   * @param input2 Second scores.
   * @param target ±1.
   * @returns The loss.
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return margin_ranking_loss(input1, input2, target, this.margin, {
      reduction: this.reduction,
    });
  }
}

/**
 * `torch.nn.HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean')`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.HingeEmbeddingLoss({ reduction: "sum" });
 * assert.equal(loss(tensor([0.5, 0.5]), tensor([1, -1])).item(), 1);
 * ```
 */
export class HingeEmbeddingLoss extends LossModule {
  /** The margin. */
  margin: number;

  /**
   * Builds the loss.
   *
   * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
   *   object.
   */
  constructor(...args: unknown[]) {
    super("HingeEmbeddingLoss", [
      { name: "margin", kind: "number", default: 1 },
      ...LEGACY_REDUCTION,
    ], args);
    this.margin = this.options.margin as number;
  }

  /**
   * `F.hinge_embedding_loss(input, target, margin, reduction)`.
   *
   * @param input Distances.
   * @param target ±1.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return hinge_embedding_loss(input, target, this.margin, { reduction: this.reduction });
  }
}

/**
 * `torch.nn.SoftMarginLoss(size_average=None, reduce=None, reduction='mean')`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.SoftMarginLoss()(tensor([0]), tensor([1])).item(), Math.fround(Math.LN2));
 * ```
 */
export class SoftMarginLoss extends LossModule {
  /**
   * Builds the loss.
   *
   * @param args `size_average`, `reduce`, `reduction`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super("SoftMarginLoss", LEGACY_REDUCTION, args);
  }

  /**
   * `F.soft_margin_loss(input, target, reduction)`.
   *
   * @param input Scores.
   * @param target ±1.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return soft_margin_loss(input, target, { reduction: this.reduction });
  }
}

/**
 * `torch.nn.MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None,
 * reduction='mean')`; the weight is a buffer.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.MultiLabelSoftMarginLoss();
 * assert.equal(loss(tensor([[0, 0]]), tensor([[1, 0]])).item(), Math.fround(Math.LN2));
 * ```
 */
export class MultiLabelSoftMarginLoss extends LossModule {
  /** Per-class weights (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * Builds the loss.
   *
   * @param args `weight`, `size_average`, `reduce`, `reduction`, by position or in an options
   *   object.
   */
  constructor(...args: unknown[]) {
    super("MultiLabelSoftMarginLoss", [
      { name: "weight", kind: TENSOR, default: null },
      ...LEGACY_REDUCTION,
    ], args);
    this.register_buffer("weight", this.options.weight as Tensor | null);
  }

  /**
   * `F.multilabel_soft_margin_loss(input, target, weight, reduction)`.
   *
   * @param input Scores `[N, C]`.
   * @param target 0/1 labels.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabel_soft_margin_loss(input, target, this.weight, { reduction: this.reduction });
  }
}

/**
 * `torch.nn.MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean')`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[0.1, 0.2, 0.4, 0.8]]);
 * const y = tensor([[3, 0, -1, 1]], { dtype: "int64" });
 * assert.equal(nn.MultiLabelMarginLoss()(x, y).item(), Math.fround(0.85));
 * ```
 */
export class MultiLabelMarginLoss extends LossModule {
  /**
   * Builds the loss.
   *
   * @param args `size_average`, `reduce`, `reduction`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super("MultiLabelMarginLoss", LEGACY_REDUCTION, args);
  }

  /**
   * `F.multilabel_margin_loss(input, target, reduction)`.
   *
   * @param input Scores.
   * @param target int64 class indices padded with −1.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}

/**
 * `torch.nn.MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None,
 * reduction='mean')`; the weight is a buffer.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[0.1, 0.2, 0.4, 0.8]]);
 * assert.equal(nn.MultiMarginLoss()(x, tensor([3], { dtype: "int64" })).item(), Math.fround(0.325));
 * ```
 */
export class MultiMarginLoss extends LossModule {
  /** 1 or 2. */
  p: number;
  /** The margin. */
  margin: number;
  /** Per-class weights (a buffer), or null. */
  declare weight: Tensor | null;

  /**
   * Builds the loss.
   *
   * @param args `p`, `margin`, `weight`, `size_average`, `reduce`, `reduction`, by position
   *   or in an options object.
   */
  constructor(...args: unknown[]) {
    super("MultiMarginLoss", [
      { name: "p", kind: "int", default: 1 },
      { name: "margin", kind: "number", default: 1 },
      { name: "weight", kind: TENSOR, default: null },
      ...LEGACY_REDUCTION,
    ], args);
    const p = this.options.p as number;
    if (p !== 1 && p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
    this.p = p;
    this.margin = this.options.margin as number;
    const weight = this.options.weight as Tensor | null;
    if (weight !== null && weight.dim() !== 1) {
      throw new RangeError("weight must be one-dimensional");
    }
    this.register_buffer("weight", weight);
  }

  /**
   * `F.multi_margin_loss(input, target, p, margin, weight, reduction)`.
   *
   * @param input Scores.
   * @param target int64 class indices.
   * @returns The loss.
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return multi_margin_loss(input, target, this.p, this.margin, this.weight, {
      reduction: this.reduction,
    });
  }
}

/**
 * `torch.nn.CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None,
 * reduction='mean')`, called on `(input1, input2, target)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.CosineEmbeddingLoss();
 * assert.equal(loss(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1])).item(), 1);
 * ```
 */
export class CosineEmbeddingLoss extends LossModule {
  /** The margin. */
  margin: number;

  /**
   * Builds the loss.
   *
   * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
   *   object.
   */
  constructor(...args: unknown[]) {
    super("CosineEmbeddingLoss", [
      { name: "margin", kind: "number", default: 0 },
      ...LEGACY_REDUCTION,
    ], args);
    this.margin = this.options.margin as number;
  }

  /**
   * `F.cosine_embedding_loss(input1, input2, target, margin, reduction)`.
   *
   * @param input1 First inputs.
   * @param input2 Second inputs.
   * @param target ±1.
   * @returns The loss.
   */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return cosine_embedding_loss(input1, input2, target, this.margin, {
      reduction: this.reduction,
    });
  }
}

/**
 * `torch.nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None,
 * reduce=None, reduction='mean')`, called on `(anchor, positive, negative)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.TripletMarginLoss({ eps: 0 });
 * assert.equal(loss(tensor([[0, 0]]), tensor([[3, 4]]), tensor([[0, 1]])).item(), 5);
 * ```
 */
export class TripletMarginLoss extends LossModule {
  /** The margin. */
  margin: number;
  /** The distance's norm order. */
  p: number;
  /** Added to the differences. */
  eps: number;
  /** Whether the distance swap is used. */
  swap: boolean;

  /**
   * Builds the loss.
   *
   * @param args `margin`, `p`, `eps`, `swap`, `size_average`, `reduce`, `reduction`, by
   *   position or in an options object.
   */
  constructor(...args: unknown[]) {
    super("TripletMarginLoss", [
      { name: "margin", kind: "number", default: 1 },
      { name: "p", kind: "number", default: 2 },
      { name: "eps", kind: "number", default: 1e-6 },
      { name: "swap", kind: "bool", default: false },
      ...LEGACY_REDUCTION,
    ], args);
    this.margin = this.options.margin as number;
    this.p = this.options.p as number;
    this.eps = this.options.eps as number;
    this.swap = this.options.swap as boolean;
  }

  /**
   * `F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction)`.
   *
   * @param anchor Anchors.
   * @param positive Positive examples.
   * @param negative Negative examples.
   * @returns The loss.
   */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return triplet_margin_loss(anchor, positive, negative, this.margin, this.p, this.eps, {
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}

/**
 * `torch.nn.TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False,
 * reduction='mean')`; without a distance function it holds an `nn.PairwiseDistance()` child,
 * and prints it, as torch does.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.TripletMarginWithDistanceLoss({ margin: 2 });
 * assert.equal(String(loss), "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)");
 * ```
 */
export class TripletMarginWithDistanceLoss extends LossModule {
  /** The distance (a function or module). */
  distance_function: DistanceFunction;
  /** The margin. */
  margin: number;
  /** Whether the distance swap is used. */
  swap: boolean;

  /**
   * Builds the loss.
   *
   * @param options `{ distance_function, margin, swap, reduction }` (keyword-only, as in torch).
   */
  constructor(...options: unknown[]) {
    super("TripletMarginWithDistanceLoss", [
      {
        name: "distance_function",
        kind: (v) => typeof v === "function" ? null : "a function of two tensors",
        default: null,
        keywordOnly: true,
      },
      { name: "margin", kind: "number", default: 1, keywordOnly: true },
      { name: "swap", kind: "bool", default: false, keywordOnly: true },
      { ...REDUCTION, keywordOnly: true },
    ], options);
    this.distance_function =
      (this.options.distance_function ?? new PairwiseDistance()) as DistanceFunction;
    this.margin = this.options.margin as number;
    this.swap = this.options.swap as boolean;
  }

  /**
   * `F.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function,
   * margin, swap, reduction })`.
   *
   * @param anchor Anchors.
   * @param positive Positive examples.
   * @param negative Negative examples.
   * @returns The loss.
   */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return triplet_margin_with_distance_loss(anchor, positive, negative, {
      distance_function: this.distance_function,
      margin: this.margin,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}
