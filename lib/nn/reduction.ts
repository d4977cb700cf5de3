/**
 * How a loss reduces its pointwise values, and torch's legacy `size_average` / `reduce` keys
 * (torch's `torch.nn._reduction`), shared by every loss and `F.kl_div`.
 *
 * @module
 */

import { describe } from "../tensor/dtype.ts";

/** The reductions every loss but `kl_div` accepts. */
export type LossReduction = "none" | "mean" | "sum";

/** The legacy keys torch still accepts on every loss, deprecated in favour of `reduction`. */
export interface LegacyReductionOptions {
  /** Deprecated: false sums instead of averaging. null/undefined counts as true. */
  size_average?: boolean | null;
  /** Deprecated: false keeps the pointwise loss. null/undefined counts as true. */
  reduce?: boolean | null;
}

const warned = new Set<string>();

/** Prints a warning once per process, as Python's default warning filter does. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

/**
 * torch's `_Reduction.legacy_get_string`: the reduction the legacy keys stand for (null or
 * undefined counts as true; false is false), printing torch's deprecation warning.
 */
export function legacyReduction(
  size_average: boolean | null | undefined,
  reduce: boolean | null | undefined,
  where: string,
): LossReduction {
  for (const [key, value] of [["size_average", size_average], ["reduce", reduce]] as const) {
    if (value !== undefined && value !== null && typeof value !== "boolean") {
      throw new TypeError(`${where}: ${key} must be a boolean or null, got ${describe(value)}`);
    }
  }
  const average = size_average ?? true;
  const reduced = reduce ?? true;
  const ret: LossReduction = average && reduced ? "mean" : reduced ? "sum" : "none";
  warnOnce(
    `size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`,
  );
  return ret;
}

/** Whether either legacy key was given (null counts as not given, as in torch). */
export function hasLegacy(options: LegacyReductionOptions | undefined): boolean {
  return options !== undefined && (
    (options.size_average !== undefined && options.size_average !== null) ||
    (options.reduce !== undefined && options.reduce !== null)
  );
}

/**
 * The reduction in force: the legacy keys' mapping when either is given (it overrides an
 * explicit `reduction`, as in torch), else `reduction` (default `"mean"`), checked against
 * `accepted`.
 */
export function resolveReduction<R extends string>(
  options: (LegacyReductionOptions & { reduction?: R }) | undefined,
  accepted: readonly R[],
  where: string,
): R | LossReduction {
  const reduction = options?.reduction ?? "mean";
  if (!accepted.includes(reduction as R)) {
    throw new RangeError(
      `${where}: unknown reduction ${describe(reduction)}; expected one of ${
        accepted.map((r) => JSON.stringify(r)).join(", ")
      }`,
    );
  }
  if (hasLegacy(options)) return legacyReduction(options!.size_average, options!.reduce, where);
  return reduction;
}
