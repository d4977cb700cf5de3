/**
 * Option checking shared by the `F.*` losses and their `nn.*Loss` modules. Kept out of
 * `losses.ts` because `F` re-exports that module whole (`export *`, which `deno doc` follows),
 * so anything exported there would become public API.
 *
 * @module
 */

import { describe } from "../tensor/dtype.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import type {
  BCEWithLogitsLossOptions,
  CrossEntropyOptions,
  PoissonNLLLossOptions,
  SmoothL1LossOptions,
} from "./losses.ts";
import { type LossReduction, resolveReduction } from "./reduction.ts";

const LOSS_REDUCTIONS: readonly LossReduction[] = ["none", "mean", "sum"];
const LEGACY_KEYS = ["size_average", "reduce", "reduction"] as const;

/** Options once checked: every key resolved to its value in force. */
export interface CheckedLossOptions {
  /** The reduction in force. */
  reduction: LossReduction;
  /** Class or element weights, or null. */
  weight: Tensor | null;
  /** The ignored class index. */
  ignore_index: number;
  /** The label smoothing factor. */
  label_smoothing: number;
  /** smooth_l1's beta. */
  beta: number;
  /** BCE-with-logits' positive weights, or null. */
  pos_weight: Tensor | null;
  /** poisson_nll_loss's log_input. */
  log_input: boolean;
  /** poisson_nll_loss's full. */
  full: boolean;
  /** poisson_nll_loss's eps. */
  eps: number;
}

type AnyLossOptions =
  & CrossEntropyOptions
  & SmoothL1LossOptions
  & BCEWithLogitsLossOptions
  & PoissonNLLLossOptions;

function optionalTensor(value: unknown, key: string, where: string): Tensor | null {
  if (value === undefined || value === null) return null;
  requireTensor(value, `${where}(${key})`);
  return value;
}

function numberOption(value: unknown, fallback: number, key: string, where: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${where}: ${key} must be a number, got ${describe(value)}`);
  }
  return value;
}

function booleanOption(value: unknown, fallback: boolean, key: string, where: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`${where}: ${key} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a loss's options against the keys it accepts and resolves each to its value in force
 * (the legacy keys print torch's deprecation warning and override `reduction`).
 *
 * @param options The received options.
 * @param keys The keys this loss accepts besides `reduction`, `size_average` and `reduce`.
 * @param where The function or module name that starts error messages.
 * @returns The resolved options.
 */
export function checkLossOptions(
  options: AnyLossOptions | undefined,
  keys: readonly (keyof AnyLossOptions)[],
  where: string,
): CheckedLossOptions {
  checkOptionKeys(options, [...keys, ...LEGACY_KEYS], where);
  const o = options ?? {};
  const ignore_index = numberOption(o.ignore_index, -100, "ignore_index", where);
  if (!Number.isInteger(ignore_index)) {
    throw new TypeError(`${where}: ignore_index must be an integer, got ${ignore_index}`);
  }
  const beta = numberOption(o.beta, 1, "beta", where);
  if (beta < 0) {
    throw new RangeError(
      `${where}: smooth_l1_loss does not support negative values for beta (got ${beta})`,
    );
  }
  const label_smoothing = numberOption(o.label_smoothing, 0, "label_smoothing", where);
  // torch ignores a negative factor silently; here it is an error like one above 1.
  if (label_smoothing > 1 || label_smoothing < 0) {
    throw new RangeError(
      `${where}: label_smoothing must be between 0.0 and 1.0. Got: ${label_smoothing}`,
    );
  }
  return {
    reduction: resolveReduction(o, LOSS_REDUCTIONS, where),
    weight: optionalTensor(o.weight, "weight", where),
    ignore_index,
    label_smoothing,
    beta,
    pos_weight: optionalTensor(o.pos_weight, "pos_weight", where),
    log_input: booleanOption(o.log_input, true, "log_input", where),
    full: booleanOption(o.full, false, "full", where),
    eps: numberOption(o.eps, 1e-8, "eps", where),
  };
}
