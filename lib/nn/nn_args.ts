/**
 * Argument kinds and the reduction parameters shared by the normalization, distance, padding
 * and margin-loss functions and their modules. Internal: `F` does not re-export this module.
 *
 * @module
 */

import type { Kind, Param } from "../tensor/args.ts";
import { describe } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { legacyReduction, type LossReduction } from "./reduction.ts";

/** A Tensor argument. */
export const TENSOR: Kind = (v) => v instanceof Tensor ? null : "a Tensor";

/** A reduction name; checked by {@linkcode reductionOf} with torch's words. */
const REDUCTION_KIND: Kind = (v) => typeof v === "string" ? null : "a string";

/** torch's trailing `size_average=None, reduce=None, reduction='mean'` of the legacy losses. */
export const LEGACY_REDUCTION: readonly Param[] = [
  { name: "size_average", kind: "bool", default: null },
  { name: "reduce", kind: "bool", default: null },
  { name: "reduction", kind: REDUCTION_KIND, default: "mean" },
];

/** torch's `reduction='mean'` alone (the losses added after the legacy keys were deprecated). */
export const REDUCTION: Param = { name: "reduction", kind: REDUCTION_KIND, default: "mean" };

/**
 * The reduction in force: the legacy keys' mapping when either is given (with torch's
 * warning), else `reduction`, which must be "none", "mean" or "sum" (torch's ValueError text).
 */
export function reductionOf(bound: Record<string, unknown>): LossReduction {
  const size_average = bound.size_average as boolean | null | undefined;
  const reduce = bound.reduce as boolean | null | undefined;
  if ((size_average ?? null) !== null || (reduce ?? null) !== null) {
    return legacyReduction(size_average, reduce, "loss");
  }
  const r = bound.reduction;
  if (r !== "none" && r !== "mean" && r !== "sum") {
    throw new RangeError(`${String(r)} is not a valid value for reduction`);
  }
  return r;
}

/** `loss.mean()`, `loss.sum()` or `loss`, as torch's apply_loss_reduction. */
export function applyReduction(loss: Tensor, reduction: LossReduction): Tensor {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

/** A non-negative whole number (a feature or channel count). */
export function checkCount(n: unknown, what: string, where: string): number {
  if (!Number.isInteger(n) || (n as number) < 0) {
    throw new RangeError(`${where}: ${what} must be a non-negative integer, got ${describe(n)}`);
  }
  return n as number;
}

/** torch's `torch.Size([2, 3])` in messages. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** torch's `[2, 3]` in messages. */
export function shapeList(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
