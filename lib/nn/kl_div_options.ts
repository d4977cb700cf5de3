/**
 * Option checking shared by `F.kl_div` and `nn.KLDivLoss`. Kept out of `kl_div.ts` because
 * `F` re-exports that module whole (`export *`, which `deno doc` follows), so anything
 * exported there would become public API.
 *
 * @module
 */

import { describe } from "../tensor/dtype.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import type { KLDivOptions, Reduction } from "./kl_div.ts";
import { hasLegacy, resolveReduction } from "./reduction.ts";

/** Every accepted reduction. */
export const REDUCTIONS: readonly Reduction[] = ["none", "sum", "mean", "batchmean"];

/** The options of `kl_div` once checked: the reduction in force and `log_target`. */
export interface CheckedKLDivOptions {
  /** The reduction in force (the legacy keys' mapping when they were given). */
  reduction: Reduction;
  /** Whether `target` holds log-probabilities. */
  log_target: boolean;
  /** Whether the legacy `size_average` / `reduce` keys chose the reduction. */
  legacy: boolean;
}

/**
 * Validates options, naming the bad key or value and listing the accepted ones. The legacy
 * `size_average` / `reduce` keys override `reduction` with torch's mapping and warning.
 */
export function checkKLDivOptions(
  options: KLDivOptions | undefined,
  where: string,
): CheckedKLDivOptions {
  checkOptionKeys(options, ["reduction", "log_target", "size_average", "reduce"], where);
  const reduction = resolveReduction(options, REDUCTIONS, where);
  const log_target = options?.log_target ?? false;
  if (typeof log_target !== "boolean") {
    throw new TypeError(`${where}: log_target must be a boolean, got ${describe(log_target)}`);
  }
  return { reduction, log_target, legacy: hasLegacy(options) };
}
