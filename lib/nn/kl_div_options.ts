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

/** Every accepted reduction. */
export const REDUCTIONS: readonly Reduction[] = ["none", "sum", "mean", "batchmean"];

/** Validates options, naming the bad key or value and listing the accepted ones. */
export function checkKLDivOptions(
  options: KLDivOptions | undefined,
  where: string,
): Required<KLDivOptions> {
  if (options === undefined) return { reduction: "mean", log_target: false };
  checkOptionKeys(options, ["reduction", "log_target"], where);
  const reduction = options.reduction ?? "mean";
  if (!REDUCTIONS.includes(reduction)) {
    throw new RangeError(
      `${where}: unknown reduction ${describe(reduction)}; expected one of ${
        REDUCTIONS.map((r) => JSON.stringify(r)).join(", ")
      }`,
    );
  }
  const log_target = options.log_target ?? false;
  if (typeof log_target !== "boolean") {
    throw new TypeError(`${where}: log_target must be a boolean, got ${describe(log_target)}`);
  }
  return { reduction, log_target };
}
