/**
 * `F`: the functional API, as `torch.nn.functional`.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = F.softmax(tensor([1000, 0, -1000]), 0);
 * assert.deepEqual(p.tolist(), [1, 0, 0]);
 * ```
 *
 * @module
 */

export { kl_div } from "./kl_div.ts";
export type { KLDivOptions, Reduction } from "./kl_div.ts";
export { log_softmax, softmax } from "../ops/softmax.ts";
export {
  binary_cross_entropy,
  binary_cross_entropy_with_logits,
  cross_entropy,
  l1_loss,
  mse_loss,
  nll_loss,
  poisson_nll_loss,
  smooth_l1_loss,
} from "./losses.ts";
export type {
  BCELossOptions,
  BCEWithLogitsLossOptions,
  CrossEntropyOptions,
  LegacyReductionOptions,
  LossOptions,
  LossReduction,
  NLLLossOptions,
  PoissonNLLLossOptions,
  SmoothL1LossOptions,
} from "./losses.ts";
