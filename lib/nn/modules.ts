/**
 * `nn`: loss modules, as `torch.nn`.
 *
 * @module
 */

import { kl_div, type KLDivOptions, type Reduction } from "./kl_div.ts";
import { checkKLDivOptions } from "./kl_div_options.ts";
import type { Tensor } from "../tensor/tensor.ts";

/** A KL divergence loss module: call it like a function, as a torch module. */
export interface KLDivLoss {
  /** Computes `F.kl_div(input, target, { reduction, log_target })`. */
  (input: Tensor, target: Tensor): Tensor;
  /** Same as calling the module. */
  forward(input: Tensor, target: Tensor): Tensor;
  /** The reduction in force. */
  readonly reduction: Reduction;
  /** Whether targets are log-probabilities. */
  readonly log_target: boolean;
}

/** `nn.KLDivLoss(options)` or `new nn.KLDivLoss(options)`; both give a callable module. */
export interface KLDivLossConstructor {
  /** Builds the module. */
  (options?: KLDivOptions): KLDivLoss;
  /** Builds the module. */
  new (options?: KLDivOptions): KLDivLoss;
}

/**
 * The KL divergence loss as a module, like `torch.nn.KLDivLoss`. Options are checked when the
 * module is built.
 *
 * @example The document's method 1
 * ```ts
 * import { F, nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
 * const target = tensor([0.2, 0.5, 0.3]);
 * const kl_loss = nn.KLDivLoss({ reduction: "batchmean" });
 * const output = kl_loss(F.log_softmax(input, 0), F.softmax(target, 0));
 * assert.equal(`${output}`, "tensor(0.0239, grad_fn=<DivBackward0>)");
 * ```
 */
export const KLDivLoss: KLDivLossConstructor = function (options?: KLDivOptions): KLDivLoss {
  const { reduction, log_target } = checkKLDivOptions(options, "KLDivLoss");
  const forward = (input: Tensor, target: Tensor): Tensor =>
    kl_div(input, target, { reduction, log_target });
  // torch's KLDivLoss has no extra_repr: it prints `KLDivLoss()` whatever its options.
  const repr = () => "KLDivLoss()";
  return Object.assign((input: Tensor, target: Tensor) => forward(input, target), {
    forward,
    reduction,
    log_target,
    toString: repr,
    [Symbol.for("Deno.customInspect")]: repr,
  });
} as KLDivLossConstructor;
