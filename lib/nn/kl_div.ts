/**
 * The KL divergence loss, `F.kl_div`, written as torch writes it so values, gradients and
 * `grad_fn` names match.
 *
 * @module
 */

import { isFloating } from "../tensor/dtype.ts";
import { broadcastShapes } from "../tensor/shape.ts";
import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import { fusedKlDiv } from "../kernels/kl_div.ts";
import type { LegacyReductionOptions } from "./reduction.ts";
import { checkKLDivOptions } from "./kl_div_options.ts";

/** How the pointwise loss is reduced: `"mean"` is torch's default. */
export type Reduction = "none" | "sum" | "mean" | "batchmean";

/** Options of `F.kl_div` and `nn.KLDivLoss`, with torch's keys. */
export interface KLDivOptions extends LegacyReductionOptions {
  /** `"none"`, `"sum"`, `"mean"` (default) or `"batchmean"`, the true KL for batched input. */
  reduction?: Reduction;
  /** Whether `target` holds log-probabilities. Default false. */
  log_target?: boolean;
}

let warnedMean = false;

/**
 * The Kullback–Leibler divergence loss, like `torch.nn.functional.kl_div`.
 *
 * `input` holds log-probabilities (use `F.log_softmax`); `target` holds probabilities, or
 * log-probabilities with `log_target: true`. Pointwise, the loss is
 * `target·(log target − input)`, with 0 where target is 0, so `"sum"` over a distribution
 * is KL(target ‖ exp(input)): the argument order is the reverse of the math notation.
 *
 * @param input Log-probabilities.
 * @param target Probabilities (or log-probabilities); broadcasts with `input`.
 * @param options `reduction` and `log_target` (or the legacy `size_average` / `reduce`).
 * @returns The loss.
 *
 * @example The document's method 2
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
 * const target = tensor([0.2, 0.5, 0.3]);
 * const loss = F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), {
 *   reduction: "batchmean",
 * });
 * assert.equal(String(loss), "tensor(0.0239, grad_fn=<DivBackward0>)");
 * ```
 */
export function kl_div(input: Tensor, target: Tensor, options?: KLDivOptions): Tensor {
  requireTensor(input, "kl_div(input)");
  requireTensor(target, "kl_div(target)");
  const { reduction, log_target, legacy } = checkKLDivOptions(options, "kl_div");
  // Checked here so the error names input and target, not the operands of an inner op.
  broadcastShapes(input.shape, target.shape, "kl_div", ["input", "target"]);
  // torch warns about 'mean' only when it was asked for, not when the legacy keys chose it.
  if (reduction === "mean" && !legacy && !warnedMean) {
    warnedMean = true;
    console.warn(
      "UserWarning: reduction: 'mean' divides the total loss by both the batch size and the " +
        "support size.'batchmean' divides only by the batch size, and aligns with the KL div " +
        "math definition.'mean' will be changed to behave the same as 'batchmean' in the next " +
        "major release.",
    );
  }
  // torch refuses integer and bool inputs (after its Python-level warning).
  if (!isFloating(input.dtype) || !isFloating(target.dtype)) {
    throw new TypeError(
      `kl_div: Integral inputs not supported. (got input ${input.dtype} and target ${target.dtype}; convert with .float() first)`,
    );
  }
  const fused = fusedKlDiv(input, target, reduction, log_target);
  if (fused !== null) return fused;
  const pointwise = log_target
    ? target.exp().mul(target.sub(input))
    : target.xlogy(target).sub(target.mul(input));
  switch (reduction) {
    case "none":
      return pointwise;
    case "sum":
      return pointwise.sum();
    case "mean":
      return pointwise.mean();
    case "batchmean":
      // torch: the sum divided by the batch size; a 0-dim input has no batch and keeps the sum.
      return input.dim() === 0 ? pointwise.sum() : pointwise.sum().div(input.shape[0]);
  }
}
