/**
 * `cuda`: as `torch.cuda` on a machine without a GPU. kldiv computes on the CPU, so
 * `is_available()` is false and `device_count()` is 0; the seeding functions are silently
 * ignored, as torch ignores them without CUDA. Code written as
 * `device = cuda.is_available() ? "cuda" : "cpu"` runs as it is.
 *
 * @module
 */

import { notCpu } from "./device.ts";

/**
 * Whether CUDA can be used, like `torch.cuda.is_available()`: always false here.
 *
 * @returns false.
 *
 * @example
 * ```ts
 * import { cuda, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const device = cuda.is_available() ? "cuda" : "cpu";
 * assert.equal(String(zeros(2, { device }).device), "cpu");
 * ```
 */
export function is_available(): boolean {
  return false;
}

/**
 * How many GPUs CUDA sees, like `torch.cuda.device_count()`: 0 here.
 *
 * @returns 0.
 *
 * @example
 * ```ts
 * import { cuda } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(cuda.device_count(), 0);
 * ```
 */
export function device_count(): number {
  return 0;
}

/**
 * Seeds the current GPU's generator, like `torch.cuda.manual_seed(seed)`: without CUDA torch
 * ignores the call silently, and so does this.
 *
 * @param _seed The seed (ignored).
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { cuda, manual_seed } from "@kldiv/kldiv";
 *
 * manual_seed(0);
 * cuda.manual_seed(0); // a no-op, as in torch without a GPU
 * ```
 */
export function manual_seed(_seed: number | bigint): void {}

/**
 * Seeds every GPU's generator, like `torch.cuda.manual_seed_all(seed)`: ignored without CUDA,
 * as in torch.
 *
 * @param _seed The seed (ignored).
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { cuda } from "@kldiv/kldiv";
 *
 * cuda.manual_seed_all(42); // a no-op, as in torch without a GPU
 * ```
 */
export function manual_seed_all(_seed: number | bigint): void {}

/**
 * The index of the current GPU, like `torch.cuda.current_device()`: an error here, as in torch
 * without CUDA.
 *
 * @returns Never returns.
 *
 * @example
 * ```ts
 * import { cuda } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => cuda.current_device(), /CPU only/);
 * ```
 */
export function current_device(): number {
  throw notCpu("cuda", "cuda.current_device()");
}
