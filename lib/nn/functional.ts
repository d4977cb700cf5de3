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
export { linear } from "../ops/linalg.ts";
