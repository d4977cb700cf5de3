/**
 * More losses of `torch.nn.functional`: huber_loss, gaussian_nll_loss, margin_ranking_loss,
 * hinge_embedding_loss, soft_margin_loss, multilabel_soft_margin_loss, multilabel_margin_loss,
 * multi_margin_loss, cosine_embedding_loss, triplet_margin_loss and
 * triplet_margin_with_distance_loss.
 *
 * Written as torch 1.13 writes them, so values, gradients and `grad_fn` names match: torch's
 * fused kernels (HuberLoss, SoftMarginLoss, MultilabelMarginLoss, MultiMarginLoss) are a
 * forward loop with its gradient beside it; the losses torch composes from ops (in C++ or in
 * Python) are composed from the same ops here. Every function takes its options by position,
 * as torch allows, or in a trailing options object, with the legacy `size_average` / `reduce`
 * keys where torch still has them.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { allocate, type Data, isFloating } from "../tensor/dtype.ts";
import { needsGraph, no_grad, notTwiceDifferentiable } from "../tensor/autograd.ts";
import { broadcastShapes, sameShape } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { resultType } from "../ops/elementwise.ts";
import { minimum } from "../ops/math.ts";
import { zeros_like } from "../ops/create.ts";
import { warnOnce } from "./reduction.ts";
import type { LossReduction } from "./reduction.ts";
import {
  applyReduction,
  LEGACY_REDUCTION,
  REDUCTION,
  reductionOf,
  shapeList,
  TENSOR,
  torchSize,
} from "./nn_args.ts";
import { pairwise_distance } from "./distance.ts";
import { logsigmoid } from "./activation.ts";

/** A float tensor or a clear error naming the argument. */
function requireFloatTensor(t: Tensor, what: string, where: string): void {
  if (!isFloating(t.dtype)) {
    throw new TypeError(`${where}: expected a floating point ${what}, got ${t.dtype}`);
  }
}

/** torch's warning when a pointwise loss's target broadcasts to a different size. */
function warnSize(input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  warnOnce(
    `Using a target size (${torchSize(target.shape)}) that is different to the input size (${
      torchSize(input.shape)
    }). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
  );
}

/**
 * A fused pointwise loss over same-shaped `x` and `y`: `loss(x, y)` per element, reduced, in
 * one node. Its backward is `slope(x, y)` (the loss's derivative in x, written with tensor ops
 * so that it differentiates again) times the incoming gradient, divided by n for "mean";
 * with `targetGrad`, y gets `slope(y, x)`, as torch differentiates the target of its
 * symmetric kernels with the arguments swapped. The loss has `dtype` (torch's: the input's,
 * whatever the target's), computed in the arguments' common dtype.
 */
function fusedPointwise(
  x: Tensor,
  y: Tensor,
  reduction: LossReduction,
  name: string,
  loss: (x: number, y: number) => number,
  slope: (x: Tensor, y: Tensor) => Tensor,
  targetGrad: boolean,
  dtype: Tensor["dtype"],
): Tensor {
  const a = contiguousData(x);
  const b = contiguousData(y);
  const n = a.length;
  let out: Data;
  if (reduction === "none") {
    out = allocate(dtype, n);
    for (let k = 0; k < n; k++) out[k] = loss(a[k], b[k]);
  } else {
    let total = 0;
    for (let k = 0; k < n; k++) total += loss(a[k], b[k]);
    out = allocate(dtype, 1);
    out[0] = reduction === "sum" ? total : total / n;
  }
  const inputs = targetGrad ? [x, y] : [x];
  return result(out, reduction === "none" ? x.shape : [], name, inputs, (g) => {
    const scaled = (d: Tensor) => (reduction === "mean" ? d.mul(g).div(n) : d.mul(g));
    return [
      x.requires_grad ? scaled(slope(x, y)) : null,
      ...(targetGrad ? [y.requires_grad ? scaled(slope(y, x)) : null] : []),
    ];
  }, { dtype, saved: inputs });
}

/** Both arguments cast to their common float dtype and broadcast (torch.broadcast_tensors). */
function broadcastPair(input: Tensor, target: Tensor, where: string): [Tensor, Tensor] {
  const dtype = resultType(input, target);
  if (!isFloating(dtype)) {
    throw new TypeError(
      `${where}: expected floating point input and target, got ${input.dtype} and ${target.dtype}`,
    );
  }
  const shape = broadcastShapes(input.shape, target.shape);
  const cast = (t: Tensor) => (t.dtype === dtype ? t : t.to(dtype));
  const x = cast(input);
  const y = cast(target);
  return [
    sameShape(x.shape, shape) ? x : x.expand(shape),
    sameShape(y.shape, shape) ? y : y.expand(shape),
  ];
}

/** torch refuses a target that requires grad for kernels without a target derivative. */
function noTargetGrad(target: Tensor, where: string): void {
  if (target.requires_grad) {
    throw new Error(
      `The function '${where}' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.`,
    );
  }
}

// ---- huber_loss ----

const HUBER: Signature = [REDUCTION, { name: "delta", kind: "number", default: 1 }];

/**
 * The Huber loss, like `torch.nn.functional.huber_loss(input, target, reduction='mean',
 * delta=1.0)`: with d = input − target, `0.5·d²` where |d| < delta, else
 * `delta·(|d| − 0.5·delta)`.
 *
 * @param input Predictions.
 * @param target Targets; broadcasts with `input` (with torch's warning when shapes differ).
 * @param args `reduction`, `delta` (positive), by position or in an options object.
 * @returns The loss (HuberLossBackward0), differentiable in input and target.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.huber_loss(tensor([0, 0]), tensor([0.5, 3]), { reduction: "none" });
 * assert.deepEqual(l.tolist(), [0.125, 2.5]);
 * assert.equal(F.huber_loss(tensor([0]), tensor([3]), "sum", 2).item(), 4);
 * ```
 */
export function huber_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "huber_loss(input)");
  requireTensor(target, "huber_loss(target)");
  const b = bind("huber_loss", HUBER, args);
  const reduction = reductionOf(b);
  const delta = b.delta as number;
  warnSize(input, target);
  const [x, y] = broadcastPair(input, target, "huber_loss");
  if (!(delta > 0)) {
    throw new RangeError("huber_loss does not support non-positive values for delta.");
  }
  const dl = x.dtype === "float32" ? Math.fround(delta) : delta;
  return fusedPointwise(
    x,
    y,
    reduction,
    "HuberLossBackward0",
    (a, b) => {
      const z = Math.abs(a - b);
      return z < dl ? 0.5 * z * z : dl * (z - 0.5 * dl);
    },
    // d/dx: x − y, clipped to [−delta, delta].
    (x, y) => x.sub(y).clamp(-delta, delta),
    true,
    isFloating(input.dtype) ? input.dtype : x.dtype,
  );
}

// ---- gaussian_nll_loss ----

const GAUSSIAN_NLL: Signature = [
  { name: "full", kind: "bool", default: false },
  { name: "eps", kind: "number", default: 1e-6 },
  { name: "reduction", kind: "string", default: "mean" },
];

/**
 * The Gaussian negative log likelihood, like `torch.nn.functional.gaussian_nll_loss(input,
 * target, var, full=False, eps=1e-06, reduction='mean')`:
 * `0.5·(log(max(var, eps)) + (input − target)² / max(var, eps))`, plus `0.5·log(2π)` with
 * `full`. `var` has the input's shape, or lacks (or has size 1 in) its last dim. Composed as
 * torch composes it (the clamp is not differentiated, as in torch).
 *
 * @param input Expectations.
 * @param target Samples.
 * @param v Variances (non-negative).
 * @param args `full`, `eps`, `reduction`, by position or in an options object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.gaussian_nll_loss(tensor([0, 0]), tensor([2, 0]), tensor([1, 1]));
 * assert.equal(l.item(), 1);
 * ```
 */
export function gaussian_nll_loss(
  input: Tensor,
  target: Tensor,
  v: Tensor,
  ...args: unknown[]
): Tensor {
  requireTensor(input, "gaussian_nll_loss(input)");
  requireTensor(target, "gaussian_nll_loss(target)");
  requireTensor(v, "gaussian_nll_loss(var)");
  const b = bind("gaussian_nll_loss", GAUSSIAN_NLL, args);
  let variance = v;
  if (!sameShape(v.shape, input.shape)) {
    const lead = input.shape.slice(0, -1);
    if (sameShape(lead, v.shape)) variance = v.unsqueeze(-1);
    else if (
      v.dim() > 0 && sameShape(lead, v.shape.slice(0, -1)) && v.shape[v.dim() - 1] === 1
    ) {
      // homoscedastic: broadcasts along the last dim.
    } else throw new RangeError("var is of incorrect size");
  }
  const reduction = b.reduction as string;
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") {
    throw new RangeError(`${reduction} is not valid`);
  }
  if (variance.lt(0).any().item()) throw new RangeError("var has negative entry/entries");
  variance = variance.clone();
  no_grad(() => variance.clamp_(b.eps as number, null));
  let loss = variance.log().add(input.sub(target).pow(2).div(variance)).mul(0.5);
  if (b.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return applyReduction(loss, reduction);
}

// ---- margin_ranking_loss ----

const MARGIN_RANKING: Signature = [
  { name: "margin", kind: "number", default: 0 },
  ...LEGACY_REDUCTION,
];

/**
 * The margin ranking loss, like `torch.nn.functional.margin_ranking_loss(input1, input2,
 * target, margin=0, size_average=None, reduce=None, reduction='mean')`:
 * `max(0, −target·(input1 − input2) + margin)`, target ±1.
 *
 * @param input1 Scores of the first items.
 * @param input2 Scores of the second items (same number of dims).
 * @param target 1 where input1 should rank higher, −1 where input2 should.
 * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
 *   object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.margin_ranking_loss(tensor([1, 2]), tensor([2, 1]), tensor([1, 1]), { margin: 0.5 });
 * assert.equal(l.item(), 0.75);
 * ```
 */
export function margin_ranking_loss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  ...args: unknown[]
): Tensor {
  requireTensor(input1, "margin_ranking_loss(input1)");
  requireTensor(input2, "margin_ranking_loss(input2)");
  requireTensor(target, "margin_ranking_loss(target)");
  const b = bind("margin_ranking_loss", MARGIN_RANKING, args);
  const reduction = reductionOf(b);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new RangeError(
      `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${
        torchSize(input1.shape)
      }, input2: ${torchSize(input2.shape)}, target: ${torchSize(target.shape)} `,
    );
  }
  const out = target.neg().mul(input1.sub(input2)).add(b.margin as number).clamp_min(0);
  return applyReduction(out, reduction);
}

// ---- hinge_embedding_loss ----

const HINGE: Signature = [{ name: "margin", kind: "number", default: 1 }, ...LEGACY_REDUCTION];

/**
 * The hinge embedding loss, like `torch.nn.functional.hinge_embedding_loss(input, target,
 * margin=1.0, size_average=None, reduce=None, reduction='mean')`: `input` where target is 1,
 * `max(0, margin − input)` where target is −1.
 *
 * @param input Distances.
 * @param target ±1 labels (broadcasts with `input`).
 * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
 *   object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.hinge_embedding_loss(tensor([0.3, 0.3]), tensor([1, -1]), { reduction: "none" });
 * assert.deepEqual(l.tolist(), [0.3, 0.7].map(Math.fround));
 * ```
 */
export function hinge_embedding_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "hinge_embedding_loss(input)");
  requireTensor(target, "hinge_embedding_loss(target)");
  const b = bind("hinge_embedding_loss", HINGE, args);
  const reduction = reductionOf(b);
  const zeros = zeros_like(input);
  const marginClamp = input.rsub(b.margin as number).clamp_min(0);
  const outMargin = marginClamp.where(target.ne(1), zeros);
  const outSelf = input.where(target.ne(-1), zeros);
  return applyReduction(outMargin.add(outSelf), reduction);
}

// ---- soft_margin_loss ----

/**
 * The soft margin loss, like `torch.nn.functional.soft_margin_loss(input, target,
 * size_average=None, reduce=None, reduction='mean')`: `log(1 + exp(−target·input))`.
 *
 * @param input Scores.
 * @param target ±1 labels of the same shape (broadcast).
 * @param args `size_average`, `reduce`, `reduction`, by position or in an options object.
 * @returns The loss (SoftMarginLossBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(F.soft_margin_loss(tensor([0]), tensor([1])).item(), Math.fround(Math.LN2));
 * ```
 */
export function soft_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "soft_margin_loss(input)");
  requireTensor(target, "soft_margin_loss(target)");
  const reduction = reductionOf(bind("soft_margin_loss", LEGACY_REDUCTION, args));
  noTargetGrad(target, "soft_margin_loss");
  const [x, y] = broadcastPair(input, target, "soft_margin_loss");
  return fusedPointwise(
    x,
    y,
    reduction,
    "SoftMarginLossBackward0",
    (a, t) => Math.log1p(Math.exp(-t * a)),
    // d/dx: −y·e^(−yx) / (1 + e^(−yx)) = −y·σ(−yx).
    (x, y) => y.neg().mul(x.mul(y).neg().sigmoid()),
    false,
    isFloating(input.dtype) ? input.dtype : x.dtype,
  );
}

// ---- multilabel_soft_margin_loss ----

const MULTILABEL_SOFT: Signature = [
  { name: "weight", kind: TENSOR, default: null },
  ...LEGACY_REDUCTION,
];

/**
 * The multi-label one-versus-all loss, like
 * `torch.nn.functional.multilabel_soft_margin_loss(input, target, weight=None,
 * size_average=None, reduce=None, reduction='mean')`:
 * `−mean_c(weight_c·(y_c·logσ(x_c) + (1 − y_c)·logσ(−x_c)))` per sample.
 *
 * @param input Scores `[N, C]`.
 * @param target 0/1 labels `[N, C]`.
 * @param args `weight` (C values), `size_average`, `reduce`, `reduction`, by position or in
 *   an options object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.multilabel_soft_margin_loss(tensor([[0, 0]]), tensor([[1, 0]]));
 * assert.equal(l.item(), Math.fround(Math.LN2));
 * ```
 */
export function multilabel_soft_margin_loss(
  input: Tensor,
  target: Tensor,
  ...args: unknown[]
): Tensor {
  requireTensor(input, "multilabel_soft_margin_loss(input)");
  requireTensor(target, "multilabel_soft_margin_loss(target)");
  const b = bind("multilabel_soft_margin_loss", MULTILABEL_SOFT, args);
  let reduction: string = b.reduction as string;
  if (b.size_average !== null || b.reduce !== null) reduction = reductionOf(b);
  requireFloatTensor(input, "input", "multilabel_soft_margin_loss");
  let loss = target.mul(logsigmoid(input)).add(target.rsub(1).mul(logsigmoid(input.neg())))
    .neg();
  if (b.weight !== null) loss = loss.mul(b.weight as Tensor);
  const classDim = input.dim() - 1;
  loss = loss.sum(classDim).div(input.shape[classDim]);
  if (reduction === "none") return loss;
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  throw new RangeError(`${reduction} is not valid`);
}

// ---- multilabel_margin_loss ----

/** `[N, C]` or `[C]` as (N, C, whether the input had a batch dim). */
function batchOf(input: Tensor): [number, number, boolean] {
  if (input.dim() <= 1) return [1, input.dim() === 0 ? 1 : input.shape[0], false];
  return [input.shape[0], input.shape[1], true];
}

/**
 * The multi-class multi-label hinge loss, like `torch.nn.functional.multilabel_margin_loss(
 * input, target, size_average=None, reduce=None, reduction='mean')`: per sample,
 * `Σ_j Σ_{i ∉ targets} max(0, 1 − (x[y_j] − x[i])) / C` over the target classes `y_j`, listed
 * first in `target` and ended by the first −1.
 *
 * @param input Scores `[C]` or `[N, C]`.
 * @param target int64 class indices of the same shape, padded with −1.
 * @param args `size_average`, `reduce`, `reduction`, by position or in an options object.
 * @returns The loss (MultilabelMarginLossBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[0.1, 0.2, 0.4, 0.8]]);
 * const y = tensor([[3, 0, -1, 1]], { dtype: "int64" });
 * assert.equal(F.multilabel_margin_loss(x, y).item(), Math.fround(0.85));
 * ```
 */
export function multilabel_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "multilabel_margin_loss(input)");
  requireTensor(target, "multilabel_margin_loss(target)");
  const reduction = reductionOf(bind("multilabel_margin_loss", LEGACY_REDUCTION, args));
  const [N, C, batched] = batchOf(input);
  if (input.dim() > 2 || !sameShape(target.shape, input.shape)) {
    throw new RangeError(
      `inconsistent size ${shapeList(target.shape)} for argument #2 'target'`,
    );
  }
  if (target.dtype !== "int64") {
    throw new TypeError(
      `expected scalar type Long but found ${
        target.dtype === "bool" ? "Bool" : target.dtype === "float64" ? "Double" : "Float"
      }`,
    );
  }
  requireFloatTensor(input, "input", "multilabel_margin_loss");
  noTargetGrad(target, "multilabel_margin_loss");
  const x = contiguousData(input);
  const t = contiguousData(target);
  const isTarget = new Uint8Array(N * C);
  const counts = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let k = 0;
    for (; k < C; k++) {
      const cls = t[n * C + k];
      if (cls === -1) break;
      if (cls < -1 || cls >= C) throw new RangeError("argument #2 'target' is out of range");
      isTarget[n * C + cls] = 1;
    }
    counts[n] = k;
  }
  const per = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = 0; k < counts[n]; k++) {
      const yj = t[n * C + k];
      for (let i = 0; i < C; i++) {
        if (isTarget[n * C + i]) continue;
        const z = 1 - x[n * C + yj] + x[n * C + i];
        if (z > 0) s += z;
      }
    }
    per[n] = s / C;
  }
  const out = reduceRows(per, reduction, input.dtype);
  const outShape = reduction === "none" ? (batched ? [N] : []) : [];
  return result(out, outShape, "MultilabelMarginLossBackward0", [input], (g) => {
    if (needsGraph(g, input)) throw notTwiceDifferentiable("MultilabelMarginLossBackward0");
    const gd = contiguousData(g);
    const grad = allocate(input.dtype, x.length);
    for (let n = 0; n < N; n++) {
      const gn = (reduction === "none" ? gd[n] : reduction === "sum" ? gd[0] : gd[0] / N) / C;
      for (let k = 0; k < counts[n]; k++) {
        const yj = t[n * C + k];
        for (let i = 0; i < C; i++) {
          if (isTarget[n * C + i]) continue;
          if (1 - x[n * C + yj] + x[n * C + i] > 0) {
            grad[n * C + yj] -= gn;
            grad[n * C + i] += gn;
          }
        }
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype, saved: [input, target] });
}

/** Per-sample losses reduced as torch's margin kernels do. */
function reduceRows(per: Float64Array, reduction: LossReduction, dtype: Tensor["dtype"]): Data {
  if (reduction === "none") {
    const out = allocate(dtype, per.length);
    out.set(per);
    return out;
  }
  let s = 0;
  for (let n = 0; n < per.length; n++) s += per[n];
  const out = allocate(dtype, 1);
  out[0] = reduction === "sum" ? s : s / per.length;
  return out;
}

// ---- multi_margin_loss ----

const MULTI_MARGIN: Signature = [
  { name: "p", kind: "int", default: 1 },
  { name: "margin", kind: "number", default: 1 },
  { name: "weight", kind: TENSOR, default: null },
  ...LEGACY_REDUCTION,
];

/**
 * The multi-class hinge loss, like `torch.nn.functional.multi_margin_loss(input, target, p=1,
 * margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean')`: per sample,
 * `Σ_{i ≠ y} weight[y]·max(0, margin − x[y] + x[i])^p / C`.
 *
 * @param input Scores `[C]` or `[N, C]`.
 * @param target int64 class indices `[]` or `[N]`.
 * @param args `p` (1 or 2), `margin`, `weight` (C values), `size_average`, `reduce`,
 *   `reduction`, by position or in an options object.
 * @returns The loss (MultiMarginLossBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[0.1, 0.2, 0.4, 0.8]]);
 * const l = F.multi_margin_loss(x, tensor([3], { dtype: "int64" }));
 * assert.equal(l.item(), Math.fround(0.325));
 * ```
 */
export function multi_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "multi_margin_loss(input)");
  requireTensor(target, "multi_margin_loss(target)");
  const b = bind("multi_margin_loss", MULTI_MARGIN, args);
  const reduction = reductionOf(b);
  const p = b.p as number;
  const margin = b.margin as number;
  const weight = b.weight as Tensor | null;
  if (p !== 1 && p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
  if (weight !== null && weight.dim() !== 1) {
    throw new RangeError("weight must be one-dimensional");
  }
  const [N, C, batched] = batchOf(input);
  if (input.dim() > 2 || target.numel() !== N || target.dim() > 1) {
    throw new RangeError(`inconsistent target size, got: ${shapeList(target.shape)}`);
  }
  if (target.dtype !== "int64") {
    throw new TypeError(
      `expected scalar type Long but found ${
        target.dtype === "bool" ? "Bool" : target.dtype === "float64" ? "Double" : "Float"
      }`,
    );
  }
  requireFloatTensor(input, "input", "multi_margin_loss");
  if (weight !== null && weight.numel() !== C) {
    throw new RangeError(
      `inconsistent weight size, expected ${C} but got ${shapeList(weight.shape)}`,
    );
  }
  const x = contiguousData(input);
  const t = contiguousData(target);
  const w = weight === null ? null : contiguousData(weight);
  const m = input.dtype === "float32" ? Math.fround(margin) : margin;
  for (let n = 0; n < N; n++) {
    if (t[n] < 0 || t[n] >= C) throw new RangeError("target out of range");
  }
  const per = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const y = t[n];
    let s = 0;
    for (let i = 0; i < C; i++) {
      if (i === y) continue;
      const z = m - x[n * C + y] + x[n * C + i];
      if (z > 0) s += (p === 1 ? z : z * z) * (w === null ? 1 : w[y]);
    }
    per[n] = s / C;
  }
  const out = reduceRows(per, reduction, input.dtype);
  const outShape = reduction === "none" ? (batched ? [N] : []) : [];
  return result(out, outShape, "MultiMarginLossBackward0", [input], (g) => {
    if (needsGraph(g, input)) throw notTwiceDifferentiable("MultiMarginLossBackward0");
    const gd = contiguousData(g);
    const grad = allocate(input.dtype, x.length);
    for (let n = 0; n < N; n++) {
      const y = t[n];
      const gn = (reduction === "none" ? gd[n] : reduction === "sum" ? gd[0] : gd[0] / N) / C;
      for (let i = 0; i < C; i++) {
        if (i === y) continue;
        const z = m - x[n * C + y] + x[n * C + i];
        if (z <= 0) continue;
        const d = (p === 1 ? 1 : 2 * z) * (w === null ? 1 : w[y]) * gn;
        grad[n * C + i] += d;
        grad[n * C + y] -= d;
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype, saved: [input, target] });
}

// ---- cosine_embedding_loss ----

const COSINE_EMBEDDING: Signature = [
  { name: "margin", kind: "number", default: 0 },
  ...LEGACY_REDUCTION,
];

/**
 * The cosine embedding loss, like `torch.nn.functional.cosine_embedding_loss(input1, input2,
 * target, margin=0, size_average=None, reduce=None, reduction='mean')`: `1 − cos(x1, x2)`
 * where target is 1, `max(0, cos(x1, x2) − margin)` where it is −1.
 *
 * @param input1 `[N, D]` or `[D]`.
 * @param input2 The same shape.
 * @param target ±1 labels, `[N]` or `[]`.
 * @param args `margin`, `size_average`, `reduce`, `reduction`, by position or in an options
 *   object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.cosine_embedding_loss(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1]));
 * assert.equal(l.item(), 1);
 * ```
 */
export function cosine_embedding_loss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  ...args: unknown[]
): Tensor {
  requireTensor(input1, "cosine_embedding_loss(input1)");
  requireTensor(input2, "cosine_embedding_loss(input2)");
  requireTensor(target, "cosine_embedding_loss(target)");
  const b = bind("cosine_embedding_loss", COSINE_EMBEDDING, args);
  const reduction = reductionOf(b);
  const td = target.dim();
  if (td !== 0 && td !== 1) {
    throw new RangeError("0D or 1D target tensor expected, multi-target not supported");
  }
  const want = td === 1 ? 2 : 1;
  if (input1.dim() !== want || input2.dim() !== want) {
    throw new RangeError(
      `${td}D target tensor expects ${want}D input tensors, but found inputs with sizes ${
        shapeList(input1.shape)
      } and ${shapeList(input2.shape)}.`,
    );
  }
  const EPSILON = 1e-12;
  const prodSum = input1.mul(input2).sum(td);
  const mag1 = input1.mul(input1).sum(td).add(EPSILON);
  const mag2 = input2.mul(input2).sum(td).add(EPSILON);
  const cos = prodSum.div(mag1.mul(mag2).sqrt());
  const zeros = zeros_like(cos);
  const pos = cos.rsub(1);
  const neg = cos.sub(b.margin as number).clamp_min(0);
  const out = pos.where(target.eq(1), zeros).add(neg.where(target.eq(-1), zeros));
  return applyReduction(out, reduction);
}

// ---- triplet_margin_loss ----

const TRIPLET: Signature = [
  { name: "margin", kind: "number", default: 1 },
  { name: "p", kind: "number", default: 2 },
  { name: "eps", kind: "number", default: 1e-6 },
  { name: "swap", kind: "bool", default: false },
  ...LEGACY_REDUCTION,
];

/**
 * The triplet margin loss, like `torch.nn.functional.triplet_margin_loss(anchor, positive,
 * negative, margin=1.0, p=2, eps=1e-06, swap=False, size_average=None, reduce=None,
 * reduction='mean')`: `max(0, margin + d(a, p) − d(a, n))` with d the pairwise p-norm distance
 * (with `swap`, d(a, n) is replaced by min(d(a, n), d(p, n))).
 *
 * @param anchor `[N, D]` or `[D]`.
 * @param positive Same number of dims.
 * @param negative Same number of dims.
 * @param args `margin`, `p`, `eps`, `swap`, `size_average`, `reduce`, `reduction`, by
 *   position or in an options object.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = tensor([[0, 0]]);
 * const l = F.triplet_margin_loss(a, tensor([[3, 4]]), tensor([[0, 1]]), { eps: 0 });
 * assert.equal(l.item(), 5);
 * ```
 */
export function triplet_margin_loss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  ...args: unknown[]
): Tensor {
  requireTensor(anchor, "triplet_margin_loss(anchor)");
  requireTensor(positive, "triplet_margin_loss(positive)");
  requireTensor(negative, "triplet_margin_loss(negative)");
  const b = bind("triplet_margin_loss", TRIPLET, args);
  const reduction = reductionOf(b);
  const [ad, pd, nd] = [anchor.dim(), positive.dim(), negative.dim()];
  if (ad !== pd || pd !== nd) {
    throw new RangeError(
      `All inputs should have same dimension but got ${ad}D, ${pd}D and ${nd}D inputs.`,
    );
  }
  const p = b.p as number;
  const eps = b.eps as number;
  const distPos = pairwise_distance(anchor, positive, p, eps);
  let distNeg = pairwise_distance(anchor, negative, p, eps);
  if (b.swap) distNeg = minimum(distNeg, pairwise_distance(positive, negative, p, eps));
  const out = distPos.add(b.margin as number).sub(distNeg).clamp_min(0);
  return applyReduction(out, reduction);
}

// ---- triplet_margin_with_distance_loss ----

/** A distance: a function (or module) of two tensors returning a tensor. */
export type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;

const TRIPLET_DISTANCE: Signature = [
  {
    name: "distance_function",
    kind: (v) => typeof v === "function" ? null : "a function of two tensors",
    default: null,
    keywordOnly: true,
  },
  { name: "margin", kind: "number", default: 1, keywordOnly: true },
  { name: "swap", kind: "bool", default: false, keywordOnly: true },
  { name: "reduction", kind: "string", default: "mean", keywordOnly: true },
];

/**
 * The triplet loss with a custom distance, like
 * `torch.nn.functional.triplet_margin_with_distance_loss(anchor, positive, negative, *,
 * distance_function=None, margin=1.0, swap=False, reduction='mean')`:
 * `max(0, d(a, p) − d(a, n) + margin)`, d defaulting to `pairwise_distance`. The options are
 * keyword-only, as in torch.
 *
 * @param anchor Anchors.
 * @param positive Positive examples.
 * @param negative Negative examples.
 * @param options `{ distance_function, margin, swap, reduction }`.
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l1 = (a: typeof x, b: typeof x) => a.sub(b).abs().sum(-1);
 * const x = tensor([[0, 0]]);
 * const l = F.triplet_margin_with_distance_loss(x, tensor([[1, 1]]), tensor([[0, 1]]), {
 *   distance_function: l1,
 * });
 * assert.equal(l.item(), 2);
 * ```
 */
export function triplet_margin_with_distance_loss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  ...options: unknown[]
): Tensor {
  requireTensor(anchor, "triplet_margin_with_distance_loss(anchor)");
  requireTensor(positive, "triplet_margin_with_distance_loss(positive)");
  requireTensor(negative, "triplet_margin_with_distance_loss(negative)");
  const b = bind("triplet_margin_with_distance_loss", TRIPLET_DISTANCE, options);
  const d = (b.distance_function ?? pairwise_distance) as DistanceFunction;
  const distPos = d(anchor, positive);
  let distNeg = d(anchor, negative);
  if (b.swap) distNeg = minimum(distNeg, d(positive, negative));
  const out = distPos.sub(distNeg).add(b.margin as number).clamp(0);
  const reduction = b.reduction as string;
  if (reduction === "mean") return out.mean();
  if (reduction === "sum") return out.sum();
  if (reduction === "none") return out;
  throw new RangeError(`${reduction} is not a valid value for reduction`);
}
