/**
 * The losses of `torch.nn.functional` beside `kl_div`: cross_entropy, nll_loss, mse_loss,
 * l1_loss, smooth_l1_loss, binary_cross_entropy, binary_cross_entropy_with_logits and
 * poisson_nll_loss, written as torch 1.13 writes them so values, gradients and `grad_fn` names
 * match. Where torch has a fused kernel (NllLoss, MseLoss, SmoothL1Loss, BinaryCrossEntropy,
 * BinaryCrossEntropyWithLogits) the forward loop and its gradient sit together here; where
 * torch composes ops (cross_entropy's label smoothing and probability targets, l1_loss,
 * poisson_nll_loss) so does this file, so the graph prints the same nodes.
 *
 * @module
 */

import { freshGrad, needsGraph, notTwiceDifferentiable } from "../tensor/autograd.ts";
import { allocate, type Data, type DType, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, numelOf, sameShape } from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  requireTensor,
  result,
  type Tensor,
  typeAndShape,
} from "../tensor/tensor.ts";
import { resultType } from "../ops/elementwise.ts";
import { log_softmax } from "../ops/softmax.ts";
import { type LegacyReductionOptions, type LossReduction, warnOnce } from "./reduction.ts";

export type { LegacyReductionOptions, LossReduction } from "./reduction.ts";
import { checkLossOptions } from "./loss_options.ts";

/** Options every loss takes: `reduction`, or the deprecated `size_average` / `reduce`. */
export interface LossOptions extends LegacyReductionOptions {
  /** `"none"`, `"mean"` (default) or `"sum"`. Overridden by `size_average` / `reduce`. */
  reduction?: LossReduction;
}

/** Options of `F.nll_loss` and `nn.NLLLoss`, with torch's keys. */
export interface NLLLossOptions extends LossOptions {
  /** A float tensor of C per-class weights, of the input's dtype. */
  weight?: Tensor | null;
  /** A target value that contributes nothing (and is not counted by "mean"). Default -100. */
  ignore_index?: number;
}

/** Options of `F.cross_entropy` and `nn.CrossEntropyLoss`, with torch's keys. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** In [0, 1]: mixes the target with the uniform distribution over classes. Default 0. */
  label_smoothing?: number;
}

/** Options of `F.smooth_l1_loss` and `nn.SmoothL1Loss`, with torch's keys. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; non-negative. Default 1. */
  beta?: number;
}

/** Options of `F.binary_cross_entropy` and `nn.BCELoss`, with torch's keys. */
export interface BCELossOptions extends LossOptions {
  /** Weights that broadcast to the target's shape. */
  weight?: Tensor | null;
}

/** Options of `F.binary_cross_entropy_with_logits` and `nn.BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** Weights of the positive term, broadcast along the last (class) dim. */
  pos_weight?: Tensor | null;
}

/** Options of `F.poisson_nll_loss` and `nn.PoissonNLLLoss`, with torch's keys. */
export interface PoissonNLLLossOptions extends LossOptions {
  /** Whether the input is the log of the rate (default true). */
  log_input?: boolean;
  /** Whether to add the Stirling term of log(target!) (default false). */
  full?: boolean;
  /** Added to the rate before its log when `log_input` is false. Default 1e-8. */
  eps?: number;
}

/** torch's short scalar type name for messages: Float, Double, Long, Bool. */
function scalarTypeName(dtype: DType): string {
  return { float32: "Float", float64: "Double", int64: "Long", bool: "Bool" }[dtype];
}

function requireFloat(t: Tensor, where: string): void {
  if (!isFloating(t.dtype)) {
    throw new TypeError(
      `${where}: expected a floating point input (float32 or float64), got ${t.dtype}`,
    );
  }
}

/** torch refuses to build a graph through a loss weight it cannot differentiate. */
function requireNoGrad(t: Tensor | null, key: string, where: string): void {
  if (t !== null && t.requires_grad) {
    throw new Error(
      `${where}: the derivative for '${key}' is not implemented (pass ${key}.detach())`,
    );
  }
}

function shapeString(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** `loss.mean()`, `loss.sum()` or `loss` itself, as torch's apply_loss_reduction. */
function applyReduction(loss: Tensor, reduction: LossReduction): Tensor {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

/** The value of a JS number once cast to `dtype`, as torch casts a Scalar operand. */
function asDType(s: number, dtype: DType): number {
  return dtype === "float32" ? Math.fround(s) : s;
}

/**
 * `x ⊙ s`, `x + s` or `x / s` with a C++ scalar operand: torch records these as MulBackward1,
 * AddBackward1 and DivBackward1 (a Python number gives the ...0 nodes instead).
 */
function scalarOp(op: "mul" | "add" | "div", x: Tensor, s: number): Tensor {
  const src = contiguousData(x);
  const out = allocate(x.dtype, src.length);
  const c = asDType(s, x.dtype);
  for (let i = 0; i < src.length; i++) {
    out[i] = op === "mul" ? src[i] * c : op === "add" ? src[i] + c : src[i] / c;
  }
  const name = op === "mul" ? "MulBackward1" : op === "add" ? "AddBackward1" : "DivBackward1";
  return result(out, x.shape, name, [x], (g) => {
    return [op === "add" ? g : op === "mul" ? g.mul(s) : g.div(s)];
  }, { dtype: x.dtype });
}

/** `|x|` (AbsBackward0): the gradient is sign(x)·g, 0 at 0. */
function abs(x: Tensor): Tensor {
  const src = contiguousData(x);
  const out = allocate(x.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = Math.abs(src[i]);
  return result(out, x.shape, "AbsBackward0", [x], (g) => {
    const sign = allocate(x.dtype, src.length);
    for (let i = 0; i < src.length; i++) sign[i] = Math.sign(src[i]);
    return [g.mul(fromData(sign, x.shape, x.dtype))];
  }, { dtype: x.dtype, saved: [x] });
}

// ---- nll_loss ----

/**
 * The NllLoss kernel on an input seen as [N, C, S] (S = spatial size, 1 for [N, C] or [C]):
 * `−weight[t]·input[n, t, s]` per element; "mean" divides by the sum of the weights of the
 * targets that are not ignored.
 */
function nllKernel(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: LossReduction,
  ignore_index: number,
  name: string,
  outShape: readonly number[],
  where: string,
): Tensor {
  const spatial = input.dim() > 2;
  const C = input.dim() === 1 ? input.shape[0] : input.shape[1];
  const N = input.dim() === 1 ? 1 : input.shape[0];
  const S = spatial ? numelOf(input.shape.slice(2)) : 1;
  const x = contiguousData(input);
  // Copies: the backward must see the targets and weights of the forward.
  const t = Float64Array.from(contiguousData(target));
  const w = weight === null ? null : Float64Array.from(contiguousData(weight));
  const pointwise = new Float64Array(N * S);
  let total = 0;
  let totalWeight = 0;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const k = n * S + s;
      const cls = t[k];
      if (cls === ignore_index) continue;
      if (cls < 0 || cls >= C) throw new RangeError(`${where}: Target ${cls} is out of bounds.`);
      const wk = w === null ? 1 : w[cls];
      pointwise[k] = -wk * x[(n * C + cls) * S + s];
      total += pointwise[k];
      totalWeight += wk;
    }
  }
  const dtype = input.dtype;
  let out: Data;
  if (reduction === "none") {
    out = allocate(dtype, pointwise.length);
    out.set(pointwise);
  } else {
    out = allocate(dtype, 1);
    out[0] = reduction === "sum" ? total : total / totalWeight;
  }
  return result(out, reduction === "none" ? outShape : [], name, [input], (g) => {
    if (needsGraph(g)) {
      // Linear in g with a constant pattern (−weight at each target class): recorded.
      const pattern = allocate(dtype, x.length);
      for (let n = 0; n < N; n++) {
        for (let s = 0; s < S; s++) {
          const k = n * S + s;
          const cls = t[k];
          if (cls === ignore_index) continue;
          const wk = w === null ? 1 : w[cls];
          pattern[(n * C + cls) * S + s] = reduction === "mean" ? -wk / totalWeight : -wk;
        }
      }
      const W = fromData(pattern, input.shape, dtype);
      const spread = reduction !== "none" || input.dim() < 2 ? g : g.unsqueeze(1);
      return [W.mul(spread)];
    }
    const gd = contiguousData(g);
    const dx = allocate(dtype, x.length);
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < S; s++) {
        const k = n * S + s;
        const cls = t[k];
        if (cls === ignore_index) continue;
        const wk = w === null ? 1 : w[cls];
        const gk = reduction === "none" ? gd[k] : reduction === "sum" ? gd[0] : gd[0] / totalWeight;
        dx[(n * C + cls) * S + s] = -wk * gk;
      }
    }
    return [freshGrad(fromData(dx, input.shape, dtype))];
  }, { dtype });
}

function checkClassWeight(input: Tensor, weight: Tensor | null, C: number, where: string): void {
  if (weight === null) return;
  if (weight.numel() !== C) {
    throw new RangeError(
      `${where}: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${
        shapeString(weight.shape)
      }`,
    );
  }
  if (weight.dtype !== input.dtype) {
    throw new TypeError(
      `${where}: expected scalar type ${scalarTypeName(input.dtype)} but found ${
        scalarTypeName(weight.dtype)
      } (weight)`,
    );
  }
  requireNoGrad(weight, "weight", where);
}

/** Checked after the shapes, in torch's order: a float target of the wrong rank is a rank error. */
function requireClassIndices(input: Tensor, target: Tensor, where: string): void {
  if (target.dtype === "int64") return;
  const alternative = where === "cross_entropy"
    ? `, or float class probabilities shaped like the input ${shapeString(input.shape)}`
    : "";
  throw new TypeError(
    `${where}: expected scalar type Long but found ${
      scalarTypeName(target.dtype)
    } (target of shape ${
      shapeString(target.shape)
    }: class indices must be int64, e.g. tensor([0, 2], { dtype: "int64" })${alternative})`,
  );
}

/** torch's nll_loss_nd: the checks, then NllLoss for 1-2 dims, NllLoss2d for more. */
function nllLossNd(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: LossReduction,
  ignore_index: number,
  where: string,
): Tensor {
  requireFloat(input, where);
  if (input.dim() < 1) {
    throw new RangeError(`${where}: Expected 1 or more dimensions (got ${input.dim()})`);
  }
  if (input.dim() !== 1 && target.dim() > 0 && input.shape[0] !== target.shape[0]) {
    throw new RangeError(
      `${where}: Expected input batch_size (${input.shape[0]}) to match target batch_size (${
        target.shape[0]
      }).`,
    );
  }
  const C = input.dim() === 1 ? input.shape[0] : input.shape[1];
  checkClassWeight(input, weight, C, where);
  if (input.dim() <= 2) {
    if (target.dim() > 1 || (input.dim() === 1 && target.dim() !== 0)) {
      throw new RangeError(
        `${where}: 0D or 1D target tensor expected, multi-target not supported (input ${
          typeAndShape(input)
        }, target ${typeAndShape(target)})`,
      );
    }
    if (input.dim() === 2 && target.dim() === 0) {
      throw new RangeError(
        `${where}: Expected input batch_size (${input.shape[0]}) to match target batch_size (0).`,
      );
    }
    requireClassIndices(input, target, where);
    const outShape = input.dim() === 1 ? [] : [input.shape[0]];
    return nllKernel(
      input,
      target,
      weight,
      reduction,
      ignore_index,
      "NllLossBackward0",
      outShape,
      where,
    );
  }
  const outSize = [input.shape[0], ...input.shape.slice(2)];
  if (!sameShape(target.shape, outSize)) {
    throw new RangeError(
      `${where}: Expected target size ${shapeString(outSize)}, got ${shapeString(target.shape)}`,
    );
  }
  requireClassIndices(input, target, where);
  if (input.dim() === 4) {
    return nllKernel(
      input,
      target,
      weight,
      reduction,
      ignore_index,
      "NllLoss2DBackward0",
      outSize,
      where,
    );
  }
  // torch views other ranks as [N, C, 1, S] for the 2-d kernel and views the result back.
  const [n, c] = input.shape;
  const input4 = input.numel() > 0 ? input.contiguous().view(n, c, 1, -1) : input.view(n, c, 0, 0);
  const target3 = target.contiguous().view(n, 1, -1);
  const out = nllKernel(
    input4,
    target3,
    weight,
    reduction,
    ignore_index,
    "NllLoss2DBackward0",
    target3.shape,
    where,
  );
  return reduction === "none" ? out.view(outSize) : out;
}

/**
 * The negative log likelihood loss, like `torch.nn.functional.nll_loss`: `−weight[t]·input[t]`
 * for each target class index `t`; `"mean"` divides by the total weight of the targets that
 * are not `ignore_index`.
 *
 * @param input Log-probabilities: [N, C], [C], or [N, C, d1, ...].
 * @param target int64 class indices: [N], [] or [N, d1, ...].
 * @param options `weight`, `ignore_index` (default -100), `reduction` (or the legacy keys).
 * @returns The loss (NllLossBackward0, or NllLoss2DBackward0 for spatial input).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logp = tensor([[-0.5, -1.0], [-2.0, -0.25]]);
 * const loss = F.nll_loss(logp, tensor([0, 1], { dtype: "int64" }));
 * assert.equal(loss.item(), 0.375);
 * ```
 */
export function nll_loss(input: Tensor, target: Tensor, options?: NLLLossOptions): Tensor {
  requireTensor(input, "nll_loss(input)");
  requireTensor(target, "nll_loss(target)");
  const o = checkLossOptions(options, ["weight", "ignore_index"], "nll_loss");
  return nllLossNd(input, target, o.weight, o.reduction, o.ignore_index, "nll_loss");
}

// ---- cross_entropy ----

/** `weight` shaped to broadcast along the class dim of an input with `dims` dims. */
function classWeightView(weight: Tensor, dims: number, classDim: number): Tensor {
  const shape = new Array<number>(dims).fill(1);
  shape[classDim] = weight.shape[0] ?? weight.numel();
  return weight.view(shape);
}

/** torch's cross_entropy_loss_prob_target: −Σ target·log_softmax(input)·weight. */
function crossEntropyProbTarget(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: LossReduction,
  label_smoothing: number,
  where: string,
): Tensor {
  const classDim = self.dim() === 1 ? 0 : 1;
  const nClasses = self.shape[classDim];
  if (weight !== null && (weight.dim() !== 1 || weight.numel() !== nClasses)) {
    throw new RangeError(
      `${where}: weight tensor should be defined either for all ${nClasses} classes or no classes but got weight tensor of shape: ${
        shapeString(weight.shape)
      }`,
    );
  }
  const input = log_softmax(self, classDim);
  let t = target;
  if (label_smoothing > 0) {
    t = scalarOp("add", scalarOp("mul", target, 1 - label_smoothing), label_smoothing / nClasses);
  }
  let prod = input.mul(t);
  if (weight !== null) {
    prod = prod.mul(self.dim() > 1 ? classWeightView(weight, self.dim(), 1) : weight);
  }
  switch (reduction) {
    case "mean": {
      if (self.numel() === 0) return prod.sum().neg().mul(NaN);
      // C++ integer division: the number of class slices.
      return scalarOp("div", prod.sum().neg(), Math.trunc(self.numel() / nClasses));
    }
    case "sum":
      return prod.sum().neg();
    case "none":
      return prod.sum(classDim).neg();
  }
}

/**
 * torch's cross_entropy_loss_label_smoothing: (1 − ε)·nll + ε/C · smooth, where smooth is
 * −Σ_c weight_c·log_softmax_c per element (0 where the target is ignored), reduced like nll
 * ("mean" divides by the weight of the targets that are not ignored).
 */
function crossEntropyLabelSmoothing(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: LossReduction,
  ignore_index: number,
  label_smoothing: number,
  where: string,
): Tensor {
  const classDim = self.dim() === 1 ? 0 : 1;
  const nClasses = self.shape[classDim];
  const input = log_softmax(self, classDim);
  const nll = nllLossNd(input, target, weight, reduction, ignore_index, where);
  const ignoreMask = target.eq(ignore_index);
  const smooth = weight !== null
    ? input.mul(classWeightView(weight, input.dim(), classDim)).sum(classDim).neg()
    : input.sum(classDim).neg();
  smooth.masked_fill_(ignoreMask, 0);
  let ret: Tensor;
  switch (reduction) {
    case "mean": {
      const tv = contiguousData(target);
      if (weight !== null) {
        const w = contiguousData(weight);
        let weightSum = 0;
        for (let i = 0; i < tv.length; i++) if (tv[i] !== ignore_index) weightSum += w[tv[i]];
        ret = smooth.sum().div(
          fromData(allocate(weight.dtype, 1).fill(weightSum), [], weight.dtype),
        );
      } else {
        let kept = 0;
        for (let i = 0; i < tv.length; i++) if (tv[i] !== ignore_index) kept++;
        ret = smooth.sum().div(fromData(new Float64Array([kept]), [], "int64"));
      }
      break;
    }
    case "sum":
      ret = smooth.sum();
      break;
    case "none":
      ret = smooth;
      break;
  }
  return scalarOp("mul", nll, 1 - label_smoothing).add(
    scalarOp("mul", ret, label_smoothing / nClasses),
  );
}

/**
 * The cross entropy between logits and targets, like `torch.nn.functional.cross_entropy`:
 * `log_softmax` over the class dim, then `nll_loss` for int64 class indices, or
 * `−Σ target·log_softmax(input)` for class probabilities (a float target of the input's
 * shape).
 *
 * @param input Logits: [N, C], [C], or [N, C, d1, ...] (the class dim is 1, or 0 for [C]).
 * @param target int64 class indices ([N], [] or [N, d1, ...]) or float probabilities shaped
 *   like `input`.
 * @param options `weight`, `ignore_index` (default -100, class indices only),
 *   `label_smoothing` (default 0), `reduction` (or the legacy keys).
 * @returns The loss; its graph ends in NllLossBackward0 over LogSoftmaxBackward0.
 *
 * @example The hard-label half of a distillation loss
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logits = tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], { requires_grad: true });
 * const labels = tensor([0, 2], { dtype: "int64" });
 * const loss = F.cross_entropy(logits, labels);
 * assert.equal(String(loss), "tensor(0.1755, grad_fn=<NllLossBackward0>)");
 * assert.equal(loss.grad_fn?.next_functions[0][0]?.name(), "LogSoftmaxBackward0");
 * ```
 */
export function cross_entropy(
  input: Tensor,
  target: Tensor,
  options?: CrossEntropyOptions,
): Tensor {
  requireTensor(input, "cross_entropy(input)");
  requireTensor(target, "cross_entropy(target)");
  const o = checkLossOptions(
    options,
    ["weight", "ignore_index", "label_smoothing"],
    "cross_entropy",
  );
  const where = "cross_entropy";
  requireFloat(input, where);
  if (input.dim() < 1) {
    throw new RangeError(`${where}: Expected 1 or more dimensions (got 0)`);
  }
  if (sameShape(input.shape, target.shape)) {
    // Same shapes: torch takes the target as class probabilities.
    if (!isFloating(target.dtype)) {
      throw new TypeError(
        `${where}: Expected floating point type for target with class probabilities, got ${
          scalarTypeName(target.dtype)
        }`,
      );
    }
    if (o.ignore_index >= 0) {
      throw new RangeError(`${where}: ignore_index is not supported for floating point target`);
    }
    requireNoGrad(o.weight, "weight", where);
    return crossEntropyProbTarget(input, target, o.weight, o.reduction, o.label_smoothing, where);
  }
  if (o.label_smoothing > 0) {
    return crossEntropyLabelSmoothing(
      input,
      target,
      o.weight,
      o.reduction,
      o.ignore_index,
      o.label_smoothing,
      where,
    );
  }
  const classDim = input.dim() === 1 ? 0 : 1;
  return nllLossNd(
    log_softmax(input, classDim),
    target,
    o.weight,
    o.reduction,
    o.ignore_index,
    where,
  );
}

// ---- pointwise losses with fused kernels ----

/** Per-element loss and its partial derivatives in input (x) and target (y). */
interface Pointwise {
  loss(x: number, y: number, k: number): number;
  dx(x: number, y: number, k: number): number;
  dy(x: number, y: number, k: number): number;
  /** dx and dy as recorded ops of the tensors, for create_graph (absent: not supported). */
  recorded?(x: Tensor, y: Tensor): [Tensor, Tensor];
}

/**
 * A fused pointwise loss over same-shaped `input` and `target`: the loop, the reduction and
 * the gradient of both arguments in one node, as torch's kernels.
 */
function pointwiseLoss(
  input: Tensor,
  target: Tensor,
  reduction: LossReduction,
  name: string,
  f: Pointwise,
  dtype: DType,
): Tensor {
  const x = contiguousData(input);
  const y = contiguousData(target);
  const n = x.length;
  let out: Data;
  if (reduction === "none") {
    out = allocate(dtype, n);
    for (let k = 0; k < n; k++) out[k] = f.loss(x[k], y[k], k);
  } else {
    let total = 0;
    for (let k = 0; k < n; k++) total += f.loss(x[k], y[k], k);
    out = allocate(dtype, 1);
    out[0] = reduction === "sum" ? total : total / n;
  }
  return result(out, reduction === "none" ? input.shape : [], name, [input, target], (g) => {
    if (needsGraph(g, input, target)) {
      // Under create_graph: the derivatives as recorded ops, or an error where there are none.
      if (f.recorded === undefined) throw notTwiceDifferentiable(name);
      const [dx, dy] = f.recorded(input, target);
      const gs = reduction === "mean" ? g.div(n) : g;
      return [
        input.requires_grad ? dx.mul(gs) : null,
        target.requires_grad ? dy.mul(gs) : null,
      ];
    }
    const gd = contiguousData(g);
    const scale = reduction === "mean" ? 1 / n : 1;
    const grad = (d: (x: number, y: number, k: number) => number, like: Tensor) => {
      const r = allocate(like.dtype, n);
      for (let k = 0; k < n; k++) {
        r[k] = d(x[k], y[k], k) * (reduction === "none" ? gd[k] : gd[0] * scale);
      }
      return freshGrad(fromData(r, like.shape, like.dtype));
    };
    return [
      input.requires_grad ? grad(f.dx, input) : null,
      target.requires_grad ? grad(f.dy, target) : null,
    ];
  }, { dtype, saved: [input, target] });
}

/** Both arguments broadcast to one shape (torch's broadcast_tensors), with torch's warning. */
function broadcastPair(
  input: Tensor,
  target: Tensor,
  where: string,
): [Tensor, Tensor, DType] {
  const dtype = resultType(input, target);
  if (!isFloating(dtype)) {
    throw new TypeError(
      `${where}: expected floating point input and target, got ${input.dtype} and ${target.dtype}`,
    );
  }
  const cast = (t: Tensor) => t.dtype === dtype ? t : t.to(dtype);
  if (sameShape(input.shape, target.shape)) return [cast(input), cast(target), dtype];
  warnOnce(
    `Using a target size (${torchSize(target.shape)}) that is different to the input size (${
      torchSize(input.shape)
    }). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
  );
  const shape = broadcastShapes(input.shape, target.shape, where, ["input", "target"]);
  return [cast(input).expand(shape), cast(target).expand(shape), dtype];
}

const MSE: Pointwise = {
  loss: (x, y) => (x - y) * (x - y),
  dx: (x, y) => 2 * (x - y),
  dy: (x, y) => -2 * (x - y),
  recorded: (x, y) => {
    const d = x.sub(y).mul(2);
    return [d, d.neg()];
  },
};

/**
 * The mean squared error, like `torch.nn.functional.mse_loss`: `(input − target)²`
 * elementwise, reduced. Differentiable in both arguments.
 *
 * @param input Predictions.
 * @param target Targets; broadcasts with `input` (with torch's warning when shapes differ).
 * @param options `reduction` (or the legacy keys).
 * @returns The loss (MseLossBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(F.mse_loss(tensor([1, 2, 3]), tensor([1, 2, 5])).item(), Math.fround(4 / 3));
 * assert.deepEqual(
 *   F.mse_loss(tensor([1, 2]), tensor([0, 0]), { reduction: "none" }).tolist(),
 *   [1, 4],
 * );
 * ```
 */
export function mse_loss(input: Tensor, target: Tensor, options?: LossOptions): Tensor {
  requireTensor(input, "mse_loss(input)");
  requireTensor(target, "mse_loss(target)");
  const { reduction } = checkLossOptions(options, [], "mse_loss");
  const [x, y, dtype] = broadcastPair(input, target, "mse_loss");
  return pointwiseLoss(x, y, reduction, "MseLossBackward0", MSE, dtype);
}

/**
 * The mean absolute error, like `torch.nn.functional.l1_loss`: `|input − target|` elementwise,
 * reduced. Built from ops as torch builds it (Mean/Sum over Abs over Sub).
 *
 * @param input Predictions.
 * @param target Targets; broadcasts with `input` (with torch's warning when shapes differ).
 * @param options `reduction` (or the legacy keys).
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(F.l1_loss(tensor([1, 2, 3]), tensor([1, 0, 5]), { reduction: "sum" }).item(), 4);
 * ```
 */
export function l1_loss(input: Tensor, target: Tensor, options?: LossOptions): Tensor {
  requireTensor(input, "l1_loss(input)");
  requireTensor(target, "l1_loss(target)");
  const { reduction } = checkLossOptions(options, [], "l1_loss");
  const [x, y] = broadcastPair(input, target, "l1_loss");
  return applyReduction(abs(x.sub(y)), reduction);
}

/**
 * The smooth L1 (Huber-like) loss, like `torch.nn.functional.smooth_l1_loss`: with
 * z = |input − target|, `0.5·z²/beta` where z < beta, else `z − 0.5·beta`.
 *
 * @param input Predictions.
 * @param target Targets; broadcasts with `input` (with torch's warning when shapes differ).
 * @param options `beta` (default 1, non-negative), `reduction` (or the legacy keys).
 * @returns The loss (SmoothL1LossBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = F.smooth_l1_loss(tensor([0, 0]), tensor([0.5, 3]), { reduction: "none" });
 * assert.deepEqual(l.tolist(), [0.125, 2.5]);
 * ```
 */
export function smooth_l1_loss(
  input: Tensor,
  target: Tensor,
  options?: SmoothL1LossOptions,
): Tensor {
  requireTensor(input, "smooth_l1_loss(input)");
  requireTensor(target, "smooth_l1_loss(target)");
  const { reduction, beta } = checkLossOptions(options, ["beta"], "smooth_l1_loss");
  const [x, y, dtype] = broadcastPair(input, target, "smooth_l1_loss");
  const b = asDType(beta, dtype);
  // torch's backward: the linear branch at |d| ≥ beta (so −1 at d = 0 when beta is 0).
  const slope = (d: number) => d <= -b ? -1 : d >= b ? 1 : d / b;
  return pointwiseLoss(x, y, reduction, "SmoothL1LossBackward0", {
    loss: (x, y) => {
      const z = Math.abs(x - y);
      return z < b ? 0.5 * z * z / b : z - 0.5 * b;
    },
    dx: (x, y) => slope(x - y),
    // torch differentiates target with the arguments swapped, so both sides take −1 at z = 0.
    dy: (x, y) => slope(y - x),
    // slope(d) = clamp(d / beta, −1, 1) (sign(d) when beta is 0), recorded.
    recorded: (x, y) => {
      const slopeOf = (d: Tensor) => (b === 0 ? d.sign() : d.div(b).clamp(-1, 1));
      return [slopeOf(x.sub(y)), slopeOf(y.sub(x))];
    },
  }, dtype);
}

/** torch's weight argument expanded to the target's shape (`_infer_size` + expand). */
function expandedWeight(
  weight: Tensor | null,
  shape: readonly number[],
  where: string,
): Data | null {
  if (weight === null) return null;
  const to = broadcastShapes(shape, weight.shape, where, ["target", "weight"]);
  if (!sameShape(to, shape)) {
    throw new RangeError(
      `${where}: weight of shape ${
        shapeString(weight.shape)
      } does not broadcast to the target's shape ${shapeString(shape)}`,
    );
  }
  return contiguousData(weight.expand(shape));
}

/**
 * The binary cross entropy between probabilities and targets, like
 * `torch.nn.functional.binary_cross_entropy`:
 * `−weight·(target·log(input) + (1 − target)·log(1 − input))`, each log clamped to ≥ −100 as
 * torch does, so an input of exactly 0 or 1 gives a finite loss.
 *
 * @param input Probabilities in [0, 1].
 * @param target Targets of the same shape (usually 0/1, any value in [0, 1] works).
 * @param options `weight` (broadcasts to the target's shape), `reduction` (or the legacy keys).
 * @returns The loss (BinaryCrossEntropyBackward0), differentiable in input and target.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = F.binary_cross_entropy(tensor([1, 0]), tensor([0, 0]), { reduction: "none" });
 * assert.deepEqual(loss.tolist(), [100, 0]);
 * ```
 */
export function binary_cross_entropy(
  input: Tensor,
  target: Tensor,
  options?: BCELossOptions,
): Tensor {
  requireTensor(input, "binary_cross_entropy(input)");
  requireTensor(target, "binary_cross_entropy(target)");
  const where = "binary_cross_entropy";
  const { reduction, weight } = checkLossOptions(options, ["weight"], where);
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `${where}: Using a target size (${
        torchSize(target.shape)
      }) that is different to the input size (${
        torchSize(input.shape)
      }) is deprecated. Please ensure they have the same size.`,
    );
  }
  requireFloat(input, where);
  if (target.dtype !== input.dtype) {
    throw new TypeError(
      `${where}: Found dtype ${scalarTypeName(target.dtype)} but expected ${
        scalarTypeName(input.dtype)
      } (the target must have the input's dtype, ${input.dtype}; got ${target.dtype})`,
    );
  }
  requireNoGrad(weight, "weight", where);
  const w = expandedWeight(weight, target.shape, where);
  const x = contiguousData(input);
  for (let k = 0; k < x.length; k++) {
    if (!(x[k] >= 0 && x[k] <= 1)) {
      throw new RangeError(
        `${where}: all elements of input should be between 0 and 1 (element ${k} is ${x[k]})`,
      );
    }
  }
  const wk = (k: number) => w === null ? 1 : w[k];
  return pointwiseLoss(input, target, reduction, "BinaryCrossEntropyBackward0", {
    loss: (x, y, k) =>
      wk(k) * ((y - 1) * Math.max(Math.log1p(-x), -100) - y * Math.max(Math.log(x), -100)),
    // torch divides by max((1 − x)·x, 1e-12) so x = 0 or 1 gives a finite gradient.
    dx: (x, y, k) => wk(k) * (x - y) / Math.max((1 - x) * x, 1e-12),
    // d/dy = −logit(x), unclamped as in torch.
    dy: (x, _y, k) => wk(k) * (Math.log1p(-x) - Math.log(x)),
    recorded: (x, y) => {
      const wt = w === null ? null : fromData(w, target.shape, input.dtype);
      const scale = (t: Tensor) => (wt === null ? t : t.mul(wt));
      const dx = x.sub(y).div(x.rsub(1).mul(x).clamp_min(1e-12));
      return [scale(dx), scale(x.neg().log1p().sub(x.log()))];
    },
  }, input.dtype);
}

/** log(1 + e^v) without overflow. */
function softplus(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/**
 * Binary cross entropy on logits, like `torch.nn.functional.binary_cross_entropy_with_logits`:
 * `weight·((1 − target)·x + (1 + (pos_weight − 1)·target)·log(1 + e^(−x)))`, computed without
 * overflow for any logit (no sigmoid followed by log).
 *
 * @param input Logits.
 * @param target Targets of the same shape.
 * @param options `weight`, `pos_weight` (broadcast along the last dim), `reduction` (or the
 *   legacy keys).
 * @returns The loss (BinaryCrossEntropyWithLogitsBackward0), differentiable in input and target.
 *
 * @example Finite where sigmoid then log would not be
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = F.binary_cross_entropy_with_logits(tensor([-200, 0]), tensor([1, 0]), {
 *   reduction: "none",
 * });
 * assert.deepEqual(loss.tolist(), [200, Math.fround(Math.LN2)]);
 * ```
 */
export function binary_cross_entropy_with_logits(
  input: Tensor,
  target: Tensor,
  options?: BCEWithLogitsLossOptions,
): Tensor {
  const where = "binary_cross_entropy_with_logits";
  requireTensor(input, `${where}(input)`);
  requireTensor(target, `${where}(target)`);
  const { reduction, weight, pos_weight } = checkLossOptions(
    options,
    ["weight", "pos_weight"],
    where,
  );
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `${where}: Target size (${torchSize(target.shape)}) must be the same as input size (${
        torchSize(input.shape)
      })`,
    );
  }
  requireFloat(input, where);
  if (!isFloating(target.dtype)) {
    throw new TypeError(
      `${where}: result type ${
        scalarTypeName(input.dtype)
      } can't be cast to the desired output type ${
        scalarTypeName(target.dtype)
      } (the target must be float32 or float64, got ${target.dtype})`,
    );
  }
  // torch promotes: a float64 target makes the loss float64.
  const dtype = resultType(input, target);
  const x = input.dtype === dtype ? input : input.to(dtype);
  const y = target.dtype === dtype ? target : target.to(dtype);
  requireNoGrad(weight, "weight", where);
  requireNoGrad(pos_weight, "pos_weight", where);
  const w = expandedWeight(weight, target.shape, where);
  const pw = pos_weight === null ? null : contiguousData(
    pos_weight.expand(broadcastShapes(target.shape, pos_weight.shape, where, [
      "target",
      "pos_weight",
    ])),
  );
  if (pw !== null && pw.length !== target.numel()) {
    throw new RangeError(
      `${where}: pos_weight of shape ${
        shapeString(pos_weight!.shape)
      } does not broadcast to the target's shape ${shapeString(target.shape)}`,
    );
  }
  const wk = (k: number) => w === null ? 1 : w[k];
  const pk = (k: number) => pw === null ? 1 : pw[k];
  return pointwiseLoss(x, y, reduction, "BinaryCrossEntropyWithLogitsBackward0", {
    loss: (x, y, k) => wk(k) * ((1 - y) * x + (1 + (pk(k) - 1) * y) * softplus(-x)),
    dx: (x, y, k) => wk(k) * ((pk(k) * y + 1 - y) * sigmoid(x) - pk(k) * y),
    dy: (x, _y, k) => wk(k) * (-x + (pk(k) - 1) * softplus(-x)),
    recorded: (x, y) => {
      const wt = w === null ? null : fromData(w, target.shape, dtype);
      const pt = pw === null ? null : fromData(pw, target.shape, dtype);
      const scale = (t: Tensor) => (wt === null ? t : t.mul(wt));
      const py = pt === null ? y : y.mul(pt);
      const dx = py.sub(y).add(1).mul(x.sigmoid()).sub(py);
      // softplus(−x) = max(−x, 0) + log1p(exp(−|x|)), recorded.
      const sp = x.neg().clamp_min(0).add(x.abs().neg().exp().log1p());
      const dy = pt === null ? x.neg() : x.neg().add(pt.sub(1).mul(sp));
      return [scale(dx), scale(dy)];
    },
  }, dtype);
}

/**
 * The Poisson negative log likelihood, like `torch.nn.functional.poisson_nll_loss`:
 * `exp(input) − target·input` (log_input, the default) or `input − target·log(input + eps)`,
 * plus with `full` the Stirling term `target·log(target) − target + ½·log(2π·target)` where
 * target > 1. Built from ops as torch builds it.
 *
 * @param input The log-rate (or the rate with `log_input: false`).
 * @param target Counts.
 * @param options `log_input` (default true), `full` (default false), `eps` (default 1e-8),
 *   `reduction` (or the legacy keys).
 * @returns The loss.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = F.poisson_nll_loss(tensor([0, 0], { dtype: "float64" }), tensor([1, 3], {
 *   dtype: "float64",
 * }), { reduction: "none" });
 * assert.deepEqual(loss.tolist(), [1, 1]);
 * ```
 */
export function poisson_nll_loss(
  input: Tensor,
  target: Tensor,
  options?: PoissonNLLLossOptions,
): Tensor {
  const where = "poisson_nll_loss";
  requireTensor(input, `${where}(input)`);
  requireTensor(target, `${where}(target)`);
  const o = checkLossOptions(options, ["log_input", "full", "eps"], where);
  requireFloat(input, where);
  broadcastShapes(input.shape, target.shape, where, ["input", "target"]);
  let loss = o.log_input
    ? input.exp().sub(target.mul(input))
    : input.sub(target.mul(scalarOp("add", input, o.eps).log()));
  if (o.full) {
    const stirling = target.mul(target.log()).sub(target).add(
      scalarOp("mul", scalarOp("mul", target, 2 * Math.PI).log(), 0.5),
    );
    loss = loss.add_(stirling.masked_fill(target.le(1), 0));
  }
  return applyReduction(loss, o.reduction);
}
